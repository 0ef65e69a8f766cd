"""The typed request context every resolver receives."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info as StrawberryInfo

from api.actor import Viewer
from api.config import Settings


@dataclass
class Context:
    session: AsyncSession
    redis: Redis
    settings: Settings
    viewer: Viewer | None
    client_ip: str
    user_agent: str | None
    request: Any = None
    # Work to do once the mutation's transaction has committed (enqueue jobs, publish events).
    after_commit: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncSession]:
        """The request's session, one user at a time: GraphQL resolves sibling fields concurrently,
        and an AsyncSession must never be used by two coroutines at once."""
        async with self._lock:
            yield self.session


Info = StrawberryInfo[Context, None]
