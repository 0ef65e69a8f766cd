"""The job queue shared by the API (which enqueues after commit) and the worker (which consumes)."""

from __future__ import annotations

from saq.queue.redis import RedisQueue

from api.config import Settings


def queue_name(settings: Settings) -> str:
    # SAQ puts its keys under "saq:<queue name>:"; the name carries our prefix so that several
    # deployments (or test runs) can share one Redis.
    return f"{settings.redis_prefix}jobs"


def make_queue(settings: Settings) -> RedisQueue:
    return RedisQueue.from_url(settings.redis_url, name=queue_name(settings))
