"""The suite's fixtures on the local "past one machine" topology (tests/support/topology.py): the
database on a primary with a streaming replica that the app's queries read, Redis a three-node
cluster, the job queue on its own single Redis. Started once per test process that runs these
tests, and stopped at its end.

The read paths run through the replica for real: `replica_stick_seconds` is 0 here, so a query
reads the replica even right after its own person wrote. To keep those tests about what they
check rather than about replication lag, the client waits before each request until the replica
has replayed everything the primary had written (a few milliseconds on one machine).
test_replica.py shows the stick window and lag themselves."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import pwd
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from api.config import Settings
from tests import conftest as suite
from tests.conftest import WORKER, alembic, wipe
from tests.support.topology import Topology, topology


@pytest.fixture(scope="session")
def topo() -> Iterator[Topology]:
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root with no `postgres` user to run PostgreSQL's binaries as")
    with topology() as t:
        yield t


def _on(url: str, database: str) -> str:
    return url.rsplit("/", 1)[0] + f"/{database}"


@pytest.fixture(scope="session")
async def database_url(topo: Topology) -> AsyncIterator[str]:
    name = f"village_test_{WORKER}"
    conn = await asyncpg.connect(topo.primary_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = _on(topo.primary_url, name).replace("postgresql://", "postgresql+asyncpg://")
    done = alembic(url, "upgrade", "head")
    assert done.returncode == 0, done.stderr
    yield url


@pytest.fixture(scope="session")
def settings(database_url: str, topo: Topology) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        database_replica_url=_on(topo.replica_url, database_url.rsplit("/", 1)[1]),
        replica_stick_seconds=0,
        redis_url=topo.redis_cluster_url,
        queue_redis_url=topo.queue_redis_url,
        redis_prefix=f"test:{WORKER}:",
        push_allow_private_hosts=True,
        push_allowed_ports=None,
    )


# Every session-wide fixture built from the settings is registered again here: pytest keeps one
# value per registration, so the suite's own (on the machine's servers) is never reused for these.
app, _client, engine, live_server = suite.app, suite._client, suite.engine, suite.live_server


class WholeCluster(RedisCluster):
    """The tests' cluster client: PUBSUB NUMSUB counts the subscribers of every node (a process's
    one pub/sub connection is on one node; PUBLISH reaches them all)."""

    async def pubsub_numsub(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("target_nodes", RedisCluster.ALL_NODES)
        return await super().pubsub_numsub(*args, **kwargs)


@pytest.fixture(scope="session")
async def redis(topo: Topology) -> AsyncIterator[Redis]:
    r = WholeCluster.from_url(f"redis://127.0.0.1:{topo.redis_ports[0]}")
    yield r
    await r.aclose()


@pytest.fixture(scope="session")
async def queue_redis(topo: Topology) -> AsyncIterator[Redis]:
    r = Redis.from_url(topo.queue_redis_url)
    yield r
    await r.aclose()


@pytest.fixture
async def clean(engine, redis, queue_redis, settings) -> AsyncIterator[None]:
    yield
    await wipe(engine, settings, [redis, queue_redis])


class ReplicaLag:
    """Waits until the replica has replayed what the primary has written so far."""

    def __init__(self, primary: asyncpg.Connection, replica: asyncpg.Connection) -> None:
        self.primary, self.replica = primary, replica
        self._lock = asyncio.Lock()  # requests sent concurrently share the two connections

    async def caught_up(self, within: float = 30) -> None:
        async with self._lock:
            lsn = await self.primary.fetchval("select pg_current_wal_insert_lsn()")
            deadline = time.monotonic() + within
            while not await self.replica.fetchval("select pg_last_wal_replay_lsn() >= $1::pg_lsn", lsn):
                if time.monotonic() > deadline:
                    state = await self.replica.fetch("select * from pg_stat_wal_receiver")
                    raise AssertionError(f"the replica did not reach {lsn} in {within} s: {state}")
                await asyncio.sleep(0.003)


@pytest.fixture(scope="session")
async def lag(settings: Settings) -> AsyncIterator[ReplicaLag]:
    primary = await asyncpg.connect(settings.database_url.replace("postgresql+asyncpg://", "postgresql://"))
    replica = await asyncpg.connect(settings.database_replica_url)
    yield ReplicaLag(primary, replica)
    await primary.close()
    await replica.close()


class CaughtUpClient:
    """The test client, each request sent once the replica has caught up with the primary."""

    def __init__(self, client: AsyncTestClient, lag: ReplicaLag) -> None:
        self._client, self._lag = client, lag

    async def post(self, *args: Any, **kwargs: Any) -> Any:
        await self._lag.caught_up()
        return await self._client.post(*args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        await self._lag.caught_up()
        return await self._client.get(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


@pytest.fixture
async def client(_client, clean, lag) -> CaughtUpClient:
    return CaughtUpClient(_client, lag)


def with_settings(settings: Settings, **changes: Any) -> Settings:
    return dataclasses.replace(settings, **changes)
