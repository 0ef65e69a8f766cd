"""Test harness: a fresh PostgreSQL database migrated with Alembic, real Redis, one app per session;
every test starts from empty tables and its own Redis keys."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis
from sqlalchemy import text

from api.app import create_app
from api.config import Settings, to_asyncpg_url
from api.db import make_engine, make_session_factory
from tests.factories import Factory

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("VILLAGE_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("VILLAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def _db_url(name: str) -> str:
    base, _, _ = to_asyncpg_url(ADMIN_URL).rpartition("/")
    query = ""
    if "?" in ADMIN_URL:  # keep ?host=/socket/dir for the embedded server
        query = "?" + ADMIN_URL.split("?", 1)[1]
        base = base.split("?")[0]
    return f"{base}/{name}{query}"


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def create_database(name: str) -> str:
    conn = await asyncpg.connect(_plain(ADMIN_URL))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return _db_url(name)


def alembic(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(ROOT / "migrations" / "alembic.ini"), "-x", f"url={url}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
    )


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    url = await create_database(f"village_test_{WORKER}")
    done = alembic(url, "upgrade", "head")
    assert done.returncode == 0, done.stderr
    yield url


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(environment="test", database_url=database_url, redis_url=REDIS_URL, redis_prefix=f"test:{WORKER}:")


@pytest.fixture(scope="session")
async def app(settings: Settings):
    return create_app(settings)


@pytest.fixture(scope="session")
async def _client(app) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
async def engine(database_url: str):
    eng = make_engine(to_asyncpg_url(database_url))
    yield eng
    await eng.dispose()


@pytest.fixture(scope="session")
async def redis() -> AsyncIterator[Redis]:
    r = Redis.from_url(REDIS_URL)
    yield r
    await r.aclose()


@pytest.fixture
async def clean(engine, redis, settings) -> AsyncIterator[None]:
    """Each test that touches the app or the database leaves empty tables and no Redis keys of ours."""
    yield
    async with engine.begin() as conn:
        tables = (await conn.execute(text("select tablename from pg_tables where schemaname='public' and tablename <> 'alembic_version'"))).scalars().all()
        if tables:
            await conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    keys = [k async for k in redis.scan_iter(match=f"{settings.redis_prefix}*", count=1000)]
    if keys:
        await redis.delete(*keys)


@pytest.fixture
async def client(_client, clean) -> AsyncTestClient:
    return _client


@pytest.fixture
def sessions(engine, clean):
    return make_session_factory(engine)


@pytest.fixture
def f(client, sessions) -> Factory:
    return Factory(client, sessions)
