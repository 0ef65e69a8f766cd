"""The typed request context every resolver receives."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from api.actor import Viewer
from api.config import Settings
from api.observability import job_meta

log = logging.getLogger(__name__)


@dataclass
class Context:
    session: AsyncSession
    redis: Redis
    settings: Settings
    viewer: Viewer | None
    client_ip: str
    user_agent: str | None
    request: Any = None
    # graphql-transport-ws: the connection_init payload (Strawberry sets it when the attribute exists).
    connection_params: Any = None
    # Work to do once the mutation's transaction has committed (enqueue jobs, publish events).
    after_commit: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # The job queue (SAQ); None where no worker is wired (then matching runs on demand only).
    queue: Any = None
    # DataLoaders, made on first use in this request (see the domain modules, e.g. schema/skills.py).
    loaders: dict[str, DataLoader] = field(default_factory=dict)
    # Where the request's one connection comes from (HTTP; WebSockets use `session` as given).
    engine: AsyncEngine | None = None
    # The request's connection (HTTP). Reads run on it in autocommit mode, so no transaction stays
    # open while Python builds the answer; begin_writes() gives a mutation real transactions.
    connection: AsyncConnection | None = None
    # The process's one Redis pub/sub connection, shared by subscription sockets (api/pubsub.py).
    hub: Any = None
    # Set when the database went away during execution: the answer is then 503 UNAVAILABLE.
    unavailable: bool = False
    # The streaming replica's engine (DATABASE_REPLICA_URL), and whether `connection` is on it.
    replica_engine: AsyncEngine | None = None
    on_replica: bool = False
    # Whether this request wrote (it began transactions): then its person reads the primary for a while.
    wrote: bool = False
    _autocommit: bool = False
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def enqueue_after_commit(self, job: str, **kwargs: Any) -> None:
        """Enqueue a worker job once the transaction commits. Best effort: if Redis is down the
        change still stands, and the work happens on demand or through the outbox sweeper."""
        if self.queue is None:
            return
        queue = self.queue
        # The request id rides in SAQ's job meta, so the worker's log lines for the job carry it.
        meta = job_meta()

        async def enqueue() -> None:
            try:
                await asyncio.wait_for(queue.enqueue(job, **kwargs, **meta), timeout=2)
            except Exception:
                log.warning("could not enqueue %s after commit", job, exc_info=True)

        self.after_commit.append(enqueue)

    async def read_only(self) -> None:
        """Run this request's statements outside transactions until begin_writes() (HTTP only)."""
        if self.connection is not None:
            await self.connection.execution_options(isolation_level="AUTOCOMMIT")
            self._autocommit = True

    async def use_primary(self) -> None:
        """Move this request from the replica to the primary, the same session on a primary
        connection (what it read so far stays read). For a query that writes, and for a sign-in
        the replica has not seen yet."""
        if not self.on_replica or self.connection is None or self.engine is None:
            return
        replica = self.connection
        conn = await self.engine.connect()
        await self.session.close()  # reads only so far: nothing pending, no transaction to keep
        self.session.bind = conn
        self.connection, self.on_replica = conn, False
        await replica.close()
        if self._autocommit:
            await conn.execution_options(isolation_level="AUTOCOMMIT")

    async def begin_writes(self) -> None:
        """Before a mutation (or a query that writes): statements from here on run in transactions
        that commit or roll back as a whole, on the primary. Call it holding db()."""
        self.wrote = True
        await self.use_primary()
        if self.connection is not None and self._autocommit:
            await self.session.commit()  # ends the logical autocommit transaction; nothing is sent
            await self.connection.execution_options(isolation_level="READ COMMITTED")
            self._autocommit = False

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncSession]:
        """The request's session, one user at a time: GraphQL resolves sibling fields concurrently,
        and an AsyncSession must never be used by two coroutines at once."""
        async with self._lock:
            yield self.session


Info = StrawberryInfo[Context, None]
