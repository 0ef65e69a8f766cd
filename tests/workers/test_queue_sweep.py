"""SAQ's sweep, as our queue runs it: a job a worker has just taken (on the active list, its record
not yet marked active) is left alone, so it never runs twice; one still in that state a sweep
later and at least `taking_grace_ms` after a sweep first saw it (its worker died between the two
steps) is swept and runs again; a stuck active job is swept at once, as SAQ does."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator

import pytest
from saq.job import Status
from saq.utils import now

from api.jobs import Queue, make_queue


@pytest.fixture
async def queue(settings, redis) -> AsyncIterator[Queue]:
    q = make_queue(dataclasses.replace(settings, redis_prefix=f"test:{uuid.uuid4().hex[:12]}:"))
    await q.connect()
    yield q
    keys = [k async for k in redis.scan_iter(match=f"saq*{q.name}*", count=1000)]
    await q.disconnect()
    if keys:
        await redis.delete(*keys)


async def taken(queue: Queue, function: str = "dispatch_outbox"):
    """A job moved to the active list the way a worker's dequeue moves it, and no further."""
    job = await queue.enqueue(function, event_id=1)
    assert job is not None
    await queue.redis.lmove(queue._queued, queue._active, "RIGHT", "LEFT")
    return job


async def next_sweep(queue: Queue) -> list[str]:
    await queue.redis.delete(queue._sweep)  # the sweep interval has passed
    return await queue.sweep()


async def test_a_job_being_taken_is_not_swept(queue):
    job = await taken(queue)
    assert await next_sweep(queue) == []
    await job.refresh()
    assert job.status == Status.QUEUED and job.attempts == 0
    assert await queue.redis.lrange(queue._active, 0, -1) == [job.id.encode()]


async def test_a_job_whose_worker_died_while_taking_it_is_swept_a_sweep_later(queue, monkeypatch):
    monkeypatch.setattr(queue, "taking_grace_ms", 0)
    job = await taken(queue)
    assert await next_sweep(queue) == []
    assert await next_sweep(queue) == [job.id]
    assert await queue.redis.lrange(queue._active, 0, -1) == []
    assert await queue.redis.lrange(queue._queued, 0, -1) == [job.id.encode()]  # to run again


async def test_a_job_taken_and_then_started_is_never_swept(queue):
    job = await taken(queue)
    assert await next_sweep(queue) == []
    job.started = now()
    await job.update(status=Status.ACTIVE)  # the worker got to it
    assert await next_sweep(queue) == []
    assert await next_sweep(queue) == []


async def test_a_stuck_active_job_is_swept_at_once(queue):
    job = await taken(queue)
    job.heartbeat = 1
    job.touched = 1  # its worker stopped beating long ago
    await job.update(status=Status.ACTIVE, touched=1)
    assert await next_sweep(queue) == [job.id]


async def test_a_worker_slow_to_start_its_job_is_not_taken_for_a_dead_one(queue):
    # Sweeps a second apart (as tests/topology runs them) both see the job being taken: a stalled
    # worker, not a dead one, until the grace has passed since it was first seen so.
    job = await taken(queue)
    assert await next_sweep(queue) == []
    assert await next_sweep(queue) == []
    assert await next_sweep(queue) == []
    await job.refresh()
    assert job.status == Status.QUEUED and job.attempts == 0
    suspects = queue.namespace("sweep_suspects")
    first_seen = int(await queue.redis.hget(suspects, job.id))
    await queue.redis.hset(suspects, job.id, first_seen - queue.taking_grace_ms)  # the grace has passed
    assert await next_sweep(queue) == [job.id]
