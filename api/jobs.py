"""The job queue shared by the API (which enqueues after commit) and the worker (which consumes),
and the one way a job enqueues another (best effort: the outbox sweeper catches up)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from redis.asyncio import Redis
from saq.job import Status
from saq.queue.redis import RedisQueue
from saq.utils import now

from api.config import Settings
from api.observability import job_meta
from api.redis_client import is_cluster_url

log = logging.getLogger("workers.jobs")


def queue_name(settings: Settings) -> str:
    # SAQ puts its keys under "saq:<queue name>:"; the name carries our prefix so that several
    # deployments (or test runs) can share one Redis.
    return f"{settings.redis_prefix}jobs"


class Queue(RedisQueue):
    """SAQ's Redis queue, with one change to its sweep so that a job runs once, not twice.

    SAQ's sweep takes a job on the active list whose record still says "queued" for one whose
    worker died between taking it and marking it active, and runs it again. But every job is in
    that state for a moment: a worker moves it to the active list (BLMOVE), then marks it active. A
    sweep in that moment runs the job a second time, while the first worker runs it too
    (tobymao/saq#124, #277; tests/topology/test_processes.py caught it with two workers). Here such
    a job is swept only when an earlier sweep saw it the same way at least `taking_grace_ms` ago
    (10 s), so that a worker stalled between the two steps (a busy machine, a long garbage
    collection) is not taken for a dead one even when sweeps come a second apart, as in
    tests/topology. With SAQ's default sweep every 60 s this changes nothing; a worker that did die
    leaves its job to be reclaimed a sweep later, as before."""

    taking_grace_ms = 10_000

    async def sweep(self, lock: int = 60, abort: float = 5.0) -> list[str]:
        if not self._cleanup_script:
            self._cleanup_script = self.redis.register_script(
                """
                local id_jobs = {}
                if redis.call('EXISTS', KEYS[1]) == 0 then
                    redis.call('SETEX', KEYS[1], ARGV[1], 1)
                    for i, v in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
                        id_jobs[i] = {v, redis.call('GET', v)}
                    end
                end
                return id_jobs
                """
            )
        id_jobs = await self._cleanup_script(keys=[self._sweep, self._active], args=[lock], client=self.redis)
        if not id_jobs:
            return []  # another worker swept within the interval
        suspects_key = self.namespace("sweep_suspects")  # job id → when a sweep first saw it being taken
        seen_before = {k.decode(): int(v) for k, v in (await self.redis.hgetall(suspects_key)).items()}
        suspects: dict[str, int] = {}
        swept = []
        at = now()
        for job_id, job_bytes in id_jobs:
            job = self.deserialize(job_bytes)
            if job is None:
                swept.append(job_id)
                async with self.redis.pipeline(transaction=True) as pipe:
                    await pipe.lrem(self._active, 0, job_id).zrem(self._incomplete, job_id).execute()
                log.info("Sweeping missing job %s", job_id)
                continue
            if job.status == Status.QUEUED:
                first_seen = seen_before.get(job.id, at)
                if at - first_seen < self.taking_grace_ms or job.id not in seen_before:
                    suspects[job.id] = first_seen  # most likely being picked up right now: later
                    continue
            if job.status != Status.ACTIVE or job.stuck:
                log.info("Sweeping job %s", job.info(False), extra={"event": "job_swept", "job": job.function})
                swept.append(job_id)
                await self.abort(job, error=self.swept_error_message)
                try:
                    await job.refresh(abort)
                except TimeoutError:
                    log.info("Could not abort job %s", job_id)
                if job.retryable:
                    await self.retry(job, error=self.swept_error_message)
                else:
                    await self.finish(job, Status.ABORTED, error=self.swept_error_message)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(suspects_key)
            if suspects:
                pipe.hset(suspects_key, mapping=suspects).expire(suspects_key, max(lock * 3, 60))
            await pipe.execute()
        return [job_id.decode("utf-8") for job_id in swept]


def make_queue(settings: Settings) -> RedisQueue:
    url = settings.queue_redis_url or settings.redis_url
    if is_cluster_url(url):
        # SAQ's scripts touch keys outside the queue's name (saq:abort:<job key>), which a cluster
        # refuses as CROSSSLOT (tests/topology/test_redis_cluster.py shows it; docs/scale.md).
        raise RuntimeError(
            "The job queue needs a single Redis: set VILLAGE_QUEUE_REDIS_URL when REDIS_URL is a cluster."
        )
    return Queue(Redis.from_url(url), name=queue_name(settings))


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
