"""The one way to obtain services outside a request: a database engine with its session factory
and a Redis client, built from Settings. The worker's startup hook, the CLI and scripts use it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.config import Settings, get_settings
from api.db import IDLE_TRANSACTION_TIMEOUT_S, make_engine, make_session_factory, session_scope
from api.notifications.endpoints import EndpointPolicy
from api.notifications.sender import PushSender
from api.redis_client import connect


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    redis: Redis
    # The worker's one Web Push sender (pooled connections per push service); see start_push().
    push_sender: PushSender | None = None
    # Sessions on the read replica, when DATABASE_REPLICA_URL is set (api.db.replica_session).
    replica_engine: AsyncEngine | None = None
    replica_sessions: async_sessionmaker[AsyncSession] | None = None

    @classmethod
    def create(cls, settings: Settings, *, pool_size: int = 5) -> Services:
        if not settings.database_url or not settings.redis_url:
            raise RuntimeError("DATABASE_URL and REDIS_URL must be set.")
        engine = make_engine(
            settings.async_database_url,
            pool_size=pool_size,
            max_overflow=pool_size,
            idle_transaction_timeout_s=IDLE_TRANSACTION_TIMEOUT_S,
        )
        redis = connect(settings.redis_url, socket_timeout=5, socket_connect_timeout=5, health_check_interval=30)
        replica = (
            make_engine(settings.async_replica_url, pool_size=2, max_overflow=pool_size)
            if settings.database_replica_url
            else None
        )
        return cls(
            settings=settings,
            engine=engine,
            sessions=make_session_factory(engine),
            redis=redis,
            replica_engine=replica,
            replica_sessions=make_session_factory(replica) if replica is not None else None,
        )

    async def start_push(self) -> bool:
        """Load the VAPID key (VAPID_PRIVATE_KEY, or the one kept in the database, made on first
        use) and create the sender. Returns whether the key was made just now."""
        from api.notifications.devices import load_vapid_keys

        async with session_scope(self.sessions) as db:
            keys, created = await load_vapid_keys(db, self.settings)
        self.push_sender = PushSender(
            keys, self.settings.vapid_contact, policy=EndpointPolicy.from_settings(self.settings)
        )
        return created

    async def close(self) -> None:
        try:
            if self.push_sender is not None:
                await self.push_sender.aclose()
            await self.redis.aclose()
        finally:
            await self.engine.dispose()
            if self.replica_engine is not None:
                await self.replica_engine.dispose()


@asynccontextmanager
async def services(settings: Settings | None = None, *, pool_size: int = 5) -> AsyncIterator[Services]:
    """`async with services() as s: async with session_scope(s.sessions) as db: ...`"""
    s = Services.create(settings or get_settings(), pool_size=pool_size)
    try:
        yield s
    finally:
        await s.close()
