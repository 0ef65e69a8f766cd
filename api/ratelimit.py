"""Fixed-window rate limits on Redis, shared by every API process."""

from __future__ import annotations

import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

from api.config import RateLimit
from api.errors import RateLimited

log = logging.getLogger(__name__)


async def hit(redis: Redis | None, prefix: str, key: str, rule: RateLimit, message: str) -> None:
    """Count one attempt; raise RateLimited (with seconds to wait) past the limit.

    When Redis is unreachable the request is let through (and logged): a Redis outage must not lock
    every family out, and Argon2 still makes guessing slow. Without Redis at all (the demo seed,
    acting as each person) nothing is counted.
    """
    if redis is None:
        return
    full = f"{prefix}rl:{key}"
    try:
        # SET NX starts the window; INCR counts. (EXPIRE NX would need Redis 7; embedded Redis is 6.2.)
        async with redis.pipeline(transaction=True) as pipe:
            pipe.set(full, 0, ex=rule.window, nx=True)
            pipe.incr(full)
            pipe.ttl(full)
            _, count, ttl = await pipe.execute()
    except RedisError:
        log.warning("rate limit skipped: redis unavailable", extra={"key": key.split(":")[0]})
        return
    if count > rule.limit:
        retry_after = max(int(ttl), 1)
        raise RateLimited(f"{message} Try again in {retry_after} seconds.", retry_after=retry_after)
