"""Migrations: they build an empty database, match the models exactly, and step back cleanly; the
scratch databases they use are gone afterwards, whatever happened."""

import asyncio
import sys
from collections.abc import AsyncIterator

import asyncpg
import pytest

from tests.conftest import ADMIN_URL, WORKER, _plain, alembic, scratch_database, village_test_databases


async def _databases() -> list[str]:
    conn = await asyncpg.connect(_plain(ADMIN_URL))
    try:
        return await village_test_databases(conn)
    finally:
        await conn.close()


@pytest.fixture
async def empty_database() -> AsyncIterator[str]:
    name = f"village_migrations_{WORKER}"
    async with scratch_database(name) as url:
        yield url
    # Teardown runs after a failed test too: this process leaves no migrations database behind.
    assert name not in await _databases()


async def test_upgrade_check_downgrade_on_an_empty_database(empty_database):
    url = empty_database
    up = alembic(url, "upgrade", "head")
    assert up.returncode == 0, up.stderr
    check = alembic(url, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr
    down = alembic(url, "downgrade", "-1")
    assert down.returncode == 0, down.stderr
    again = alembic(url, "upgrade", "head")
    assert again.returncode == 0, again.stderr
    assert alembic(url, "check").returncode == 0


async def test_a_scratch_database_is_dropped_when_its_test_fails_while_connected():
    name = f"village_migrations_{WORKER}_failing"
    with pytest.raises(RuntimeError, match="the migration broke"):
        async with scratch_database(name) as url:
            held = await asyncpg.connect(_plain(url))  # a connection left open, as a crashed check would
            assert name in await _databases()
            raise RuntimeError("the migration broke")
    assert name not in await _databases()
    assert not await _still_answers(held)  # WITH (FORCE) ended it


async def _still_answers(conn: asyncpg.Connection) -> bool:
    try:
        await conn.fetchval("select 1")
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
        return False
    return True


async def test_databases_of_dead_test_processes_are_swept():
    # A test process killed before its clean-up: its pid is no longer alive.
    dead = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await dead.wait()
    name = f"village_migrations_gw9_{dead.pid}"
    conn = await asyncpg.connect(_plain(ADMIN_URL))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    async with scratch_database(f"village_migrations_{WORKER}_sweeper"):
        assert name not in await _databases()


async def _strengths_before(
    url: str, revision: str, rows: list[tuple[str, str, str, str, str]], *, then: str = "head"
) -> None:
    """Migrate to `revision`, store strengths (id suffix, category, title, language, terms) as that
    release analysed them, and migrate on to `then`."""
    assert alembic(url, "upgrade", revision).returncode == 0
    conn = await asyncpg.connect(_plain(url))
    try:
        await conn.execute(
            """
            insert into communities (id, name, timezone) values ('00000000-0000-0000-0000-00000000000c', 'C', 'UTC');
            insert into families (id) values ('00000000-0000-0000-0000-00000000000f');
            insert into accounts (id, email, display_name, password_hash, family_id)
              values ('00000000-0000-0000-0000-00000000000a', 'a@example.org', 'A', 'x',
                      '00000000-0000-0000-0000-00000000000f');
            insert into memberships (id, community_id, account_id, state)
              values (gen_random_uuid(), '00000000-0000-0000-0000-00000000000c',
                      '00000000-0000-0000-0000-00000000000a', 'verified');
            """
        )
        for suffix, category, title, language, terms in rows:
            await conn.execute(
                "insert into strengths (id, account_id, category_slug, title, description, modes, languages, terms)"
                " values ($1, '00000000-0000-0000-0000-00000000000a', $2, $3, $4, '{virtual}', $5, $6)",
                f"00000000-0000-0000-0000-{suffix:0>12}",
                category,
                title.split(" | ")[0],
                title.split(" | ")[1] if " | " in title else "",
                [language],
                terms,
            )
    finally:
        await conn.close()
    up = alembic(url, "upgrade", then)
    assert up.returncode == 0, up.stderr


async def _terms(url: str, suffix: str) -> str:
    conn = await asyncpg.connect(_plain(url))
    try:
        return await conn.fetchval(
            f"select terms::text from strengths where id = '00000000-0000-0000-0000-{suffix:0>12}'"
        )
    finally:
        await conn.close()


async def _postings(url: str, term: str) -> int:
    conn = await asyncpg.connect(_plain(url))
    try:
        return await conn.fetchval("select count(*) from strength_postings where term = $1", term)
    finally:
        await conn.close()


async def test_0019_reads_again_only_the_texts_with_a_word_whose_reading_changed(empty_database):
    """Before 0019, "Medicaid" in a Spanish text was read by its stem as a doctor; 0019 analyses
    such texts again (their postings follow) and leaves every other strength as it was."""
    url = empty_database
    await _strengths_before(
        url,
        "0018",
        [
            (
                "1",
                "health.insurance",
                "Medicaid y CHIP | Ayudo con las solicitudes",
                "es",
                '{"@doctor": 2, "@medicaid": 2}',
            ),
            ("2", "tutoring.math", "Tutoría de matemáticas", "es", '{"stale": 2}'),
        ],
        then="0019",
    )
    terms = await _terms(url, "1")
    assert "@medicaid" in terms and "@doctor" not in terms
    assert await _postings(url, "@doctor") == 0
    assert await _terms(url, "2") == '{"stale": 2}'


async def test_0020_finds_sleep_in_the_texts_that_name_it_in_either_language(empty_database):
    """0020: "sleep", "naps", "dormir"... became the sleep concept; texts naming them in any form
    ("SLEEPING", "Dórmir") are analysed again, the others are left as they were."""
    url = empty_database
    await _strengths_before(
        url,
        "0019",
        [
            (
                "1",
                "emotional_support.new_parents",
                "New moms | Breastfeeding, SLEEPING, the hard first year",
                "en",
                '{"sleep": 1}',
            ),
            (
                "2",
                "emotional_support.new_parents",
                "Mamás nuevas | Noches sin Dórmir y lactancia",
                "es",
                '{"stale": 1}',
            ),
            ("3", "tutoring.math", "Math help | Fractions after school", "en", '{"stale": 2}'),
        ],
        then="0020",
    )
    assert "@sleep_training" in await _terms(url, "1")
    assert "@sleep_training" in await _terms(url, "2")
    assert await _postings(url, "@sleep_training") == 2
    assert await _terms(url, "3") == '{"stale": 2}'


async def test_0021_reads_a_word_by_the_category_its_text_is_filed_under(empty_database):
    url = empty_database
    await _strengths_before(
        url,
        "0020",
        [
            ("1", "trades.car_repair", "Suspensión y frenos | Arreglo tu camioneta", "es", '{"@behavior": 2}'),
            ("2", "school_system.meetings", "Suspension meetings", "en", '{"stale": 2}'),
            ("3", "tutoring.math", "Math help", "en", '{"stale": 2}'),
        ],
        then="0021",
    )
    repaired = await _terms(url, "1")
    assert "@car_suspension" in repaired and "@behavior" not in repaired and "@truck_lending" not in repaired
    assert "@behavior" in await _terms(url, "2")  # still a pupil's suspension at a school meeting
    assert await _terms(url, "3") == '{"stale": 2}'
    assert await _postings(url, "@car_suspension") == 1


async def test_0022_reads_every_text_again(empty_database):
    """0022 changed how most texts are read (a phrase's own words, terms found only as written,
    phrases with stop words): every strength is analysed again, and the postings follow."""
    url = empty_database
    await _strengths_before(
        url,
        "0021",
        [
            ("1", "household", "Poda de árboles | Corto ramas con motosierra", "es", '{"@tree_trimming": 4}'),
            ("2", "tutoring.math", "Engineering and probability", "en", '{"@check_engine": 2, "@statistics": 2}'),
            ("3", "emotional_support.new_parents", "Mi bebé no duerme | Te acompaño", "es", '{"stale": 2}'),
        ],
        then="0022",
    )
    assert '"ram"' in await _terms(url, "1")
    engineering = await _terms(url, "2")
    assert "@check_engine" not in engineering and "@statistics" in engineering
    assert "@sleep_training" in await _terms(url, "3")
    assert await _postings(url, "@check_engine") == 0
    assert await _postings(url, "@sleep_training") == 1


async def test_0023_reads_every_text_again_with_the_words_the_table_gained(empty_database):
    """0023: words families write ("help moving", "nos cambiamos de casa") became concepts, a few
    became words found only as written ("unas semanas" is not "uñas"), and the child may stand inside
    a phrase ("walk my kids to school"); every text is analysed again."""
    url = empty_database
    await _strengths_before(
        url,
        "0022",
        [
            ("1", "household.moving", "Help moving | I have a truck and strong arms", "en", '{"mov": 1}'),
            ("2", "household.moving", "Mudanzas | Si se cambian de casa les ayudo unas horas", "es", '{"@beauty": 1}'),
            ("3", "childcare.babysitting", "Mornings | I can walk your kids to school", "en", '{"stale": 2}'),
        ],
        then="0023",
    )
    assert "@moving" in await _terms(url, "1")
    moving = await _terms(url, "2")
    assert "@moving" in moving and "@beauty" not in moving
    assert "@walking_bus" in await _terms(url, "3")
    assert await _postings(url, "@moving") == 2
    assert await _postings(url, "@beauty") == 0
    assert await _postings(url, "stale") == 0
