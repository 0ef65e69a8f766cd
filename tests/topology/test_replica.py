"""Queries read the streaming replica; a person who just wrote reads the primary (read-your-writes);
mutations, and queries that write, run on the primary. The replica's replay is paused to make lag
visible: what the replica answers is then visibly older than the primary."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import event, func, select

from api.config import to_asyncpg_url
from api.db import make_engine, make_session_factory
from api.ids import parse_global_id
from api.insights.jobs import roll_up_insights
from api.insights.models import InsightPeriod
from tests.factories import PASSWORD, Factory
from tests.topology.conftest import with_settings
from village.app import create_app

pytestmark = pytest.mark.topology

VIEWER = "{ viewer { displayName } }"
RENAME = "mutation($n: String!) { updateProfile(input: {displayName: $n}) { errors { message } } }"
LOG_IN = "mutation($i: LogInInput!) { logIn(input: $i) { token errors { message } } }"


@contextlib.asynccontextmanager
async def replay_paused(settings) -> AsyncIterator[None]:
    replica = await asyncpg.connect(settings.database_replica_url)
    try:
        await replica.execute("select pg_wal_replay_pause()")
        yield
    finally:
        await replica.execute("select pg_wal_replay_resume()")
        await replica.close()


@pytest.fixture
async def sticky(settings, clean, lag) -> AsyncIterator[tuple[Factory, AsyncTestClient]]:
    """The app with a 30-second stick window, and a client that does not wait for the replica."""
    app = create_app(with_settings(settings, replica_stick_seconds=30))
    async with AsyncTestClient(app) as client:
        yield Factory(client, None), client


async def name_seen(f: Factory, token: str) -> str:
    return (await f.gql(VIEWER, token=token))["data"]["viewer"]["displayName"]


async def test_the_writer_reads_the_primary_and_others_read_the_replica(settings, sticky, lag):
    f, _ = sticky
    ana = await f.user("Ana")
    other_device = (await f.ok(LOG_IN, {"i": {"email": ana.email, "password": PASSWORD}}))["logIn"]["token"]
    await lag.caught_up()

    async with replay_paused(settings):
        await f.ok(RENAME, {"n": "Ana María"}, ana)
        # The session that wrote sees its write at once, however far behind the replica is.
        assert await name_seen(f, ana.token) == "Ana María"
        # Another session's query reads the replica, which has not replayed the rename yet.
        assert await name_seen(f, other_device) == "Ana"
    await lag.caught_up()
    assert await name_seen(f, other_device) == "Ana María"


async def test_a_sign_in_the_replica_has_not_seen_is_answered_from_the_primary(settings, sticky, lag):
    f, _ = sticky
    await lag.caught_up()
    async with replay_paused(settings):
        newcomer = await f.user("Bea")  # the account and its session exist on the primary only
        assert await name_seen(f, newcomer.token) == "Bea"
        # A query that writes (an older account's household is made on first read) moves to the
        # primary instead of failing on the read-only replica.
        family = await f.gql("{ myFamily { id caregivers { displayName } } }", token=newcomer.token)
        assert "errors" not in family, family
        assert [c["displayName"] for c in family["data"]["myFamily"]["caregivers"]] == ["Bea"]


async def test_queries_run_on_the_replica_and_mutations_on_the_primary(settings, sticky, lag):
    f, client = sticky
    ana = await f.user("Ana")
    await lag.caught_up()
    replica = await asyncpg.connect(settings.database_replica_url)
    # Statements the app ran on the replica since `since`.
    seen = """select count(*) from pg_stat_activity where datname = current_database()
              and pid <> pg_backend_pid() and query ilike '%from accounts%' and query_start > $1"""
    try:
        assert await replica.fetchval("select pg_is_in_recovery()")
        since = await replica.fetchval("select clock_timestamp()")
        await f.gql(VIEWER, token=ana.token)
        assert await replica.fetchval(seen, since) >= 1  # the query ran there
        # A mutation cannot run on the read-only replica: it runs on the primary, and succeeds.
        await f.ok(RENAME, {"n": "Ana B."}, ana)
    finally:
        await replica.close()
    assert (await client.get("/healthz")).json()["postgres_replica"].startswith("ok")


async def test_the_app_these_tests_share_runs_on_the_topology(app, settings, topo, engine):
    """The suite's own app (on the machine's servers) is never reused here, even in one process."""
    assert app.state.settings is settings
    assert f":{topo.primary_port}/" in settings.database_url
    assert f":{topo.replica_port}/" in settings.database_replica_url
    assert engine.url.port == topo.primary_port


async def _roll_up_with(settings, sessions, community_id: str, replica_url: str) -> tuple[dict, list[str]]:
    """The roll-up job with a replica session factory; what it returned and the statements it ran there."""
    engine = make_engine(to_asyncpg_url(replica_url))
    on_replica: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda _c, _cur, sql, *_: on_replica.append(sql))
    try:
        ctx = {"sessions": sessions, "replica_sessions": make_session_factory(engine), "settings": settings}
        return await roll_up_insights(ctx, community=str(parse_global_id(community_id)[1])), on_replica
    finally:
        await engine.dispose()


async def test_the_nightly_roll_up_reads_the_activity_on_the_replica(settings, f, sessions, lag):
    c = await f.community()
    for name in ("Ana", "Ben"):
        await f.member(c, name)
    await lag.caught_up()
    out, on_replica = await _roll_up_with(settings, sessions, c.id, settings.database_replica_url)
    assert out["periods"] > 0
    assert any("memberships" in sql for sql in on_replica)  # the activity was read there
    assert not any(sql.lstrip().lower().startswith(("insert", "delete", "update")) for sql in on_replica)
    async with sessions() as db:  # and the figures written on the primary
        assert await db.scalar(select(func.count()).select_from(InsightPeriod)) == out["periods"]


async def test_the_roll_up_reads_the_primary_when_the_replica_is_down(settings, f, sessions):
    c = await f.community()
    out, _ = await _roll_up_with(settings, sessions, c.id, "postgresql://postgres@127.0.0.1:1/nowhere")
    assert out["periods"] > 0
