"""Engine, session factory and session_scope() for jobs and scripts."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar

import asyncpg
from sqlalchemy import DateTime, Executable, MetaData, any_, delete, func, literal
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def uuid_pk() -> Mapped[uuid.UUID]:
    return mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)


def created_at() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


def uuids(values) -> Any:
    """A list of UUIDs as ONE array parameter. For sets of any size (a group's thousands of
    members): `IN (…)` expands to a parameter per value, compiled anew for every length."""
    return literal(list(values), ARRAY(UUID(as_uuid=True)))


def in_uuids(column: Any, values) -> Any:
    """`column = ANY($1)`: like column.in_(values), with one parameter whatever the number."""
    return column == any_(uuids(values))


# The API and the worker never leave a transaction idle between statements for long: when a
# request or a job is cut off mid-way (a socket closed while a subscription read), the server
# ends its transaction after this, rather than holding its locks until the process stops (a
# TRUNCATE or a migration would wait behind it for ever).
IDLE_TRANSACTION_TIMEOUT_S = 60


def make_engine(url: str, *, idle_transaction_timeout_s: float | None = None, **kw) -> AsyncEngine:
    server_settings = kw.setdefault("connect_args", {}).setdefault("server_settings", {})
    # JIT compilation costs 30-60 ms once a query's estimated cost passes the threshold: a loss for
    # short OLTP queries like matching (measured in bench/matching.py).
    server_settings.setdefault("jit", "off")
    if idle_transaction_timeout_s is not None:
        server_settings["idle_in_transaction_session_timeout"] = str(int(idle_transaction_timeout_s * 1000))
    # No pre-ping: it costs a round trip at every checkout. A connection that died (a server
    # restart) fails its statement once; SQLAlchemy then invalidates the whole pool, so the next
    # checkouts connect afresh. Recycling bounds how long a connection lives.
    kw.setdefault("pool_recycle", 1800)
    # A database error's message would otherwise carry the statement's parameters (names, emails,
    # what people wrote), and errors are logged: logs hold no personal data
    # (tests/operations/test_log_privacy.py).
    kw.setdefault("hide_parameters", True)
    return create_async_engine(url, **kw)


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: payloads read attributes after the mutation commits.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


@asynccontextmanager
async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One transaction for a job or a script: commit on success, roll back on any exception."""
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


@asynccontextmanager
async def replica_session(ctx: dict[str, Any]) -> AsyncIterator[AsyncSession | None]:
    """A job's session on the read replica (DATABASE_REPLICA_URL), for reads that tolerate a
    moment's lag; None when there is no replica (the job then reads its own session)."""
    factory = ctx.get("replica_sessions")
    if factory is None:
        yield None
        return
    async with factory() as session:
        yield session


async def delete_in_slices(factory: async_sessionmaker[AsyncSession], table: Any, where: Any, size: int) -> int:
    """Delete what `where` selects (a condition that takes at most `size` rows, such as
    `id IN (SELECT id … LIMIT size)`), slice after slice, one short transaction each, until a slice
    comes back short: the retention jobs, which never hold a long transaction or a big lock."""
    deleted = 0
    while True:
        async with session_scope(factory) as db:
            result = await db.execute(delete(table).where(where).execution_options(synchronize_session=False))
        deleted += result.rowcount
        if result.rowcount < size:
            return deleted


def sql_in(column: str, values, sep: str = ",") -> str:
    """`column in ('a','b')` for check constraints, partial indexes and raw SQL, from an enum's values."""
    quoted = sep.join(f"'{v}'" for v in values)
    return f"{column} in ({quoted})"


_ASYNCPG = asyncpg_dialect()


class HotRead:
    """A read that runs on (nearly) every request, compiled once from its Core statement and sent
    straight to the asyncpg connection under the session: SQLAlchemy's per-execution work (cache
    key, greenlet hop, result processing) costs several times the query itself for these
    (bench/api.py). The statement's parameters are its bindparams, passed by name.

    Rows come back as asyncpg Records with asyncpg's own types (uuid.UUID, datetime, str, lists),
    so this is only for columns that need no SQLAlchemy result processing: enums come back as
    their text. Inside a mutation's transaction it runs in that transaction, as any statement.

    SQLAlchemy's events do not see these statements: whoever watches statements (the tests,
    bench/) adds a callable to `observers` as well; it receives each statement's SQL and the
    asyncpg connection it is about to run on."""

    observers: ClassVar[list[Callable[[str, Any], None]]] = []

    def __init__(self, statement: Executable) -> None:
        from sqlalchemy.sql import visitors
        from sqlalchemy.sql.elements import BindParameter

        # bindparam("name") without a value is given at each call; everything else in the statement
        # (`status != 'expired'`, an IN over constant states) is a constant, sent as a parameter too.
        given = {b.key for b in visitors.iterate(statement) if isinstance(b, BindParameter) and b.required}
        # The expanded state turns an IN over constants into plain parameters; it needs a value for
        # every parameter, so the given ones get a stand-in here.
        compiled = statement.params(dict.fromkeys(given)).compile(dialect=_ASYNCPG)  # type: ignore[attr-defined]
        expanded = compiled.construct_expanded_state()
        self.sql: str = expanded.statement
        self.params: tuple[str, ...] = tuple(expanded.positiontup or ())
        self.given = frozenset(given)
        self.constants: dict[str, Any] = {
            k: v.value if isinstance(v, Enum) else v for k, v in expanded.parameters.items() if k not in given
        }

    def _args(self, values: dict[str, Any]) -> list[Any]:
        constants, given = self.constants, self.given
        return [values[name] if name in given else constants[name] for name in self.params]

    async def _run(self, db: AsyncSession, method: str, values: dict[str, Any]) -> Any:
        bind = db.bind
        conn = bind if isinstance(bind, AsyncConnection) and not bind.closed else await db.connection()
        driver = conn.sync_connection.connection.driver_connection  # type: ignore[union-attr]
        for observe in self.observers:
            observe(self.sql, driver)
        try:
            return await getattr(driver, method)(self.sql, *self._args(values))
        except _CONNECTION_LOST:
            # The connection died under us (a database restart). SQLAlchemy did not see it, so it
            # would keep handing out the pool's dead connections: let it find out on this same
            # connection. Its disconnect handling discards every connection older than this failure
            # and raises DBAPIError, which the request path answers 503 UNAVAILABLE.
            await conn.exec_driver_sql("select 1")
            raise  # the connection is fine after all: the error stands as it was

    async def fetch(self, db: AsyncSession, **values: Any) -> list[Any]:
        return await self._run(db, "fetch", values)

    async def fetchrow(self, db: AsyncSession, **values: Any) -> Any:
        return await self._run(db, "fetchrow", values)

    async def fetchval(self, db: AsyncSession, **values: Any) -> Any:
        return await self._run(db, "fetchval", values)


# What asyncpg raises when the server went away (closed connection, shutdown, a lost socket).
_CONNECTION_LOST = (
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    OSError,
)


class Columns:
    """One entity's columns of a HotRead record as attributes: with prefix "m_", `.status` reads the
    record's `m_status`. Read-only, for building views (never an ORM object to change)."""

    __slots__ = ("_prefix", "_record")

    def __init__(self, record: Any, prefix: str = "") -> None:
        self._record = record
        self._prefix = prefix

    def __getattr__(self, name: str) -> Any:
        try:
            return self._record[self._prefix + name]
        except KeyError:
            raise AttributeError(name) from None


def labelled_columns(entity: Any, prefix: str) -> list[Any]:
    """Every mapped column of an ORM entity, labelled `<prefix><attribute>`, for a HotRead whose
    rows are read back with Columns(record, prefix)."""
    from sqlalchemy import inspect

    return [getattr(entity, attr.key).label(prefix + attr.key) for attr in inspect(entity).column_attrs]


def is_unavailable(error: BaseException | None) -> bool:
    """The database is down, restarting or out of connections: neither a bug nor the client's
    mistake, and worth a retry (the request path answers 503 UNAVAILABLE)."""
    return isinstance(error, (PoolTimeout, OSError, OperationalError, InterfaceError)) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    )
