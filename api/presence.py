"""Who has something open on screen right now (a conversation): a short-lived Redis counter per
(subject, person), held up by each socket showing it. Pushes about a subject are not sent to someone
who is looking at it (api/notifications/delivery.py, for kinds marked `quiet_when_watching`).

A counter, not a flag: the same person may have the conversation open on a phone and a laptop, and
closing one must not make the other look away. Every holder refreshes its expiry, so a process that
dies without saying goodbye stops counting after TTL seconds."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Iterable

from redis.asyncio import Redis

from api.redis_client import get_many

log = logging.getLogger(__name__)

TTL = 30  # seconds a holder's presence outlives it when it cannot say goodbye
REFRESH = 10


def _key(prefix: str, subject_id: uuid.UUID, account_id: uuid.UUID) -> str:
    return f"{prefix}watching:{subject_id.hex}:{account_id.hex}"


@contextlib.asynccontextmanager
async def watching(
    redis: Redis | None, prefix: str, subject_id: uuid.UUID, account_id: uuid.UUID
) -> AsyncIterator[None]:
    """While the block runs, `account_id` counts as looking at `subject_id`. Best effort: without
    Redis nothing is recorded, and the person simply gets their pushes."""
    if redis is None:
        yield
        return
    key = _key(prefix, subject_id, account_id)

    async def hold() -> None:
        while True:
            await asyncio.sleep(REFRESH)
            with contextlib.suppress(Exception):
                await redis.expire(key, TTL)

    entered = False
    try:
        async with redis.pipeline(transaction=True) as pipe:
            pipe.incr(key).expire(key, TTL)
            await pipe.execute()
        entered = True
    except Exception:
        log.warning("presence not recorded", exc_info=True, extra={"event": "presence_failed"})
    holder = asyncio.create_task(hold()) if entered else None
    try:
        yield
    finally:
        if holder is not None:
            holder.cancel()
            with contextlib.suppress(BaseException):
                await holder
            with contextlib.suppress(Exception):
                await asyncio.shield(redis.decr(key))


async def watched(
    redis: Redis | None, prefix: str, pairs: Iterable[tuple[uuid.UUID, uuid.UUID]]
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """Of these (account, subject) pairs, those whose person has the subject open: one round trip."""
    pairs = list(dict.fromkeys(pairs))
    if redis is None or not pairs:
        return set()
    try:
        counts = await get_many(redis, [_key(prefix, s, a) for a, s in pairs])
    except Exception:
        log.warning("presence not read", exc_info=True, extra={"event": "presence_failed"})
        return set()
    return {pair for pair, n in zip(pairs, counts, strict=True) if n is not None and int(n) > 0}
