"""Test harness: a fresh PostgreSQL database migrated with Alembic, real Redis, one app per session;
every test starts from empty tables and its own Redis keys. Fixtures shared by several domains' tests
live here too: the local push service (`push`), the worker's push `sender`, the in-process job
`runner`, real SAQ workers (`running_worker`) and a live server."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis
from sqlalchemy import make_url, text
from sqlalchemy.exc import DBAPIError

from api.config import Settings, to_asyncpg_url
from api.db import make_engine, make_session_factory, session_scope
from api.notifications.devices import vapid_keys
from api.notifications.endpoints import EndpointPolicy
from api.notifications.sender import PushSender
from api.redis_client import is_cluster
from tests.factories import Factory
from tests.support.jobs import Runner, worker_running
from tests.support.processes import http_server
from tests.support.push_service import TopicPushService
from village.app import create_app
from workers.settings import VillageWorker

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("VILLAGE_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("VILLAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Tables filled by migrations (reference data), kept between tests.
REFERENCE_TABLES = {"alembic_version", "skill_categories", "postal_codes"}
# One database and one Redis key prefix per test process, so parallel runs never collide.
WORKER = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"


def _db_url(name: str) -> str:
    """The admin URL pointed at another database (keeps ?host=/socket/dir for embedded servers)."""
    return make_url(to_asyncpg_url(ADMIN_URL)).set(database=name).render_as_string(hide_password=False)


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def create_database(name: str) -> str:
    conn = await asyncpg.connect(_plain(ADMIN_URL))
    try:
        await _drop_leftovers(conn)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return _db_url(name)


async def drop_database(name: str) -> None:
    """Drop a test database, even while a server or a crashed check still holds connections to it."""
    conn = await asyncpg.connect(_plain(ADMIN_URL))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@asynccontextmanager
async def scratch_database(name: str) -> AsyncIterator[str]:
    """A fresh database for one test, dropped when the block ends, however it ends."""
    url = await create_database(name)
    try:
        yield url
    finally:
        await drop_database(name)


async def village_test_databases(conn: asyncpg.Connection) -> list[str]:
    """The databases test processes create: village_test_<worker>_<pid>, village_migrations_<worker>_<pid>."""
    rows = await conn.fetch(
        "select datname from pg_database"
        " where datname like 'village\\_test\\_%' or datname like 'village\\_migrations\\_%'"
    )
    return sorted(r["datname"] for r in rows)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def _drop_leftovers(conn: asyncpg.Connection) -> None:
    """Databases of test processes that died before their clean-up (killed, out of memory). The name
    ends in the creator's pid; a plain DROP (no FORCE) leaves alone any database still in use, such
    as one belonging to a process on another machine that happens to share the number."""
    for name in await village_test_databases(conn):
        pid = name.rsplit("_", 1)[-1]
        if not pid.isdigit() or _pid_alive(int(pid)):
            continue
        with contextlib.suppress(asyncpg.PostgresError):
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


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
    async with scratch_database(f"village_test_{WORKER}") as url:
        done = alembic(url, "upgrade", "head")
        assert done.returncode == 0, done.stderr
        yield url


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        redis_url=REDIS_URL,
        redis_prefix=f"test:{WORKER}:",
        # The local push services listen on 127.0.0.1 at random ports (tests/support/push_service.py).
        push_allow_private_hosts=True,
        push_allowed_ports=None,
    )


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
    await wipe(engine, settings, [redis])


async def wipe(engine, settings: Settings, redis_clients: list[Redis]) -> None:
    """Empty every table but the reference ones, and delete this test process's Redis keys."""
    # A live server may still be answering a browser's last request: TRUNCATE can then deadlock
    # with it (PostgreSQL picks one side to fail), so it is retried.
    for attempt in range(5):
        try:
            async with engine.begin() as conn:
                tables = (
                    (await conn.execute(text("select tablename from pg_tables where schemaname='public'")))
                    .scalars()
                    .all()
                )
                tables = [t for t in tables if t not in REFERENCE_TABLES]
                if tables:
                    await conn.execute(
                        text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
                    )
            break
        except DBAPIError as e:
            if "deadlock" not in str(e) or attempt == 4:
                raise
            await asyncio.sleep(0.2)
    for redis in redis_clients:
        keys = [k async for k in redis.scan_iter(match=f"{settings.redis_prefix}*", count=1000)]
        # SAQ's own keys: saq:<queue>:..., and saq:job:<queue>:<key> / saq:abort:<queue>:<key> per job.
        keys += [k async for k in redis.scan_iter(match=f"saq*{settings.redis_prefix}*", count=1000)]
        if keys and is_cluster(redis):  # one by one: on a Redis Cluster they live on different nodes
            for key in keys:
                await redis.delete(key)
        elif keys:
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


# --- Push delivery and jobs -----------------------------------------------------------------------------


@pytest.fixture
async def push() -> AsyncIterator[TopicPushService]:
    """The local push service (topic-aware), on 127.0.0.1 at a random port."""
    async with TopicPushService() as service:
        yield service


@pytest.fixture
async def sender(settings, sessions) -> AsyncIterator[PushSender]:
    """The worker's push sender, with the VAPID key from the test database."""
    async with session_scope(sessions) as db:
        keys = await vapid_keys(db, settings)
    async with PushSender(keys, settings.vapid_contact, policy=EndpointPolicy.from_settings(settings)) as s:
        yield s


@pytest.fixture
def runner(settings, sessions, sender, redis) -> Runner:
    """Runs the outbox and the jobs it enqueues in-process, deterministically (no worker)."""
    return Runner(settings, sessions, sender, redis)


@pytest.fixture
async def running_worker(redis) -> AsyncIterator[Callable[..., AbstractAsyncContextManager[VillageWorker]]]:
    """Real SAQ workers in this process: `async with running_worker(settings, cron_jobs=[]) as worker:`
    (keyword arguments override make_worker's). Inside the block the worker is polling its queue and
    past its first sweep; it is stopped when the block ends. After the test, the SAQ keys of every
    queue a worker used are deleted (a worker may run on a prefix of its own)."""
    prefixes: set[str] = set()

    def start(settings: Settings, **overrides: Any) -> AbstractAsyncContextManager[VillageWorker]:
        prefixes.add(settings.redis_prefix)
        return worker_running(settings, **overrides)

    yield start
    for prefix in prefixes:
        keys = [k async for k in redis.scan_iter(match=f"saq*{prefix}*", count=1000)]
        if keys:
            await redis.delete(*keys)


# --- A live server, for clients that need a real socket --------------------------------------------
import socket  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(database_url: str, settings: Settings, log: Path, **env_extra: str) -> Iterator[str]:
    """Run the real server (uvicorn, the app factory, test settings) in a subprocess; yields its URL."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.redis_url,
        "DATABASE_REPLICA_URL": settings.database_replica_url,
        "VILLAGE_QUEUE_REDIS_URL": settings.queue_redis_url,
        "VILLAGE_ENV": "test",
        "VILLAGE_REDIS_PREFIX": settings.redis_prefix,
        **env_extra,
    }
    args = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "village.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    with http_server(args, env, log, f"http://127.0.0.1:{port}") as base:
        yield base


@pytest.fixture(scope="session")
def live_server(database_url: str, settings: Settings, tmp_path_factory) -> Iterator[str]:
    """The real server for clients that must speak HTTP over a socket: the GraphQL-over-HTTP audit,
    WebSockets. Yields its base URL."""
    # A request waits up to 30 s for a connection (not 5): forty requests lined up behind one account's
    # lock on a busy two-core CI machine are what a test measures, not the pool's patience.
    log = tmp_path_factory.mktemp("live_server") / "uvicorn.log"
    with serve(database_url, settings, log, VILLAGE_DB_POOL_TIMEOUT="30") as base:
        yield base
