"""Races made to happen every time: concurrent requests held at the database until all are queued."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy import text


@asynccontextmanager
async def inserts_held(engine, table: str, waiting: int) -> AsyncIterator[Callable[[], Awaitable[bool]]]:
    """Hold every INSERT into `table` until `waiting` requests are queued behind it, then let them
    all go: each has passed its own checks before any inserts, so the race happens every time."""
    async with engine.connect() as conn:
        await conn.execute(text(f"LOCK TABLE {table} IN SHARE MODE"))

        async def queued() -> bool:
            async with engine.connect() as probe:
                return (
                    await probe.scalar(
                        text("select count(*) from pg_locks where not granted and relation = cast(:t as regclass)"),
                        {"t": table},
                    )
                ) == waiting

        yield queued
        await conn.rollback()
