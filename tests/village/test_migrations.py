"""Migrations: they build an empty database, match the models exactly, and step back cleanly."""

from tests.conftest import WORKER, alembic, create_database


async def test_upgrade_check_downgrade_on_an_empty_database():
    url = await create_database(f"village_migrations_{WORKER}")
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
