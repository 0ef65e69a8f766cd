"""Secrets the application makes for itself (the VAPID private key; later, signing material): made
once, kept in the database so they are backed up with it, and never silently replaced."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.platform.models import Secret


async def get_or_create(db: AsyncSession, name: str, make: Callable[[], str]) -> tuple[str, bool]:
    """The stored value of `name`, creating it with `make()` the first time. Concurrent first
    callers agree: every one offers its value, the first INSERT wins and all read the winner's.
    Returns (value, created)."""
    existing = await db.scalar(select(Secret.value).where(Secret.name == name))
    if existing is not None:
        return existing, False
    created = await db.scalar(
        insert(Secret)
        .values(name=name, value=make())
        .on_conflict_do_nothing(index_elements=["name"])
        .returning(Secret.name)
    )
    value = await db.scalar(select(Secret.value).where(Secret.name == name))
    assert value is not None
    return value, created is not None
