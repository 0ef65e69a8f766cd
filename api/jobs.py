"""The job queue shared by the API (which enqueues after commit) and the worker (which consumes),
and the one way a job enqueues another (best effort: the outbox sweeper catches up)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from saq.queue.redis import RedisQueue

from api.config import Settings
from api.observability import job_meta

log = logging.getLogger("workers.jobs")


def queue_name(settings: Settings) -> str:
    # SAQ puts its keys under "saq:<queue name>:"; the name carries our prefix so that several
    # deployments (or test runs) can share one Redis.
    return f"{settings.redis_prefix}jobs"


def make_queue(settings: Settings) -> RedisQueue:
    return RedisQueue.from_url(settings.redis_url, name=queue_name(settings))


def job_queue(ctx: dict[str, Any]):
    """The queue this job came from (SAQ puts the worker in ctx); tests may pass `queue` directly."""
    if (queue := ctx.get("queue")) is not None:
        return queue
    worker = ctx.get("worker")
    return worker.queue if worker is not None else None


def functions() -> list[Callable[..., Awaitable[Any]]]:
    """Every domain's jobs (api/<domain>/jobs.py FUNCTIONS)."""
    from api.domains import parts

    found = [f for module in parts("jobs") for f in getattr(module, "FUNCTIONS", ())]
    names = [f.__name__ for f in found]
    if len(set(names)) != len(names):
        raise RuntimeError(f"two jobs share a name: {sorted(n for n in names if names.count(n) > 1)}")
    return found


@cache
def job_function(name: str) -> Callable[..., Awaitable[Any]]:
    """A job by name, to run it inside another job (the outbox's follow-ups)."""
    return {f.__name__: f for f in functions()}[name]


async def enqueue(ctx: dict[str, Any], function: str, **kwargs: Any) -> bool:
    """Enqueue a follow-up job; never fails the job that asks (the sweeper catches up)."""
    queue = job_queue(ctx)
    if queue is None:
        return False
    try:
        # The request id of the job that asks goes on to the follow-up (its logs share it).
        await queue.enqueue(function, **kwargs, **job_meta())
        return True
    except Exception:
        log.warning("could not enqueue %s", function, exc_info=True, extra={"event": "enqueue_failed", "job": function})
        return False


@dataclass(frozen=True)
class Periodic:
    """A job the worker runs itself, on a timer in its own process, every `every` seconds, rather
    than through SAQ's cron. For work that must resume the moment Redis does (the outbox sweeper):
    SAQ enqueues a cron job under one fixed key per function, and a run that was active when Redis
    went away keeps that key "active" until SAQ's own sweep reclaims it (minutes), deduplicating
    every new schedule meanwhile. A timer in the worker depends on nothing in Redis to fire.
    Every worker process runs its own, so the function must be safe to run concurrently."""

    function: Callable[[dict[str, Any]], Awaitable[Any]]
    every: float
    timeout: float = 60.0
