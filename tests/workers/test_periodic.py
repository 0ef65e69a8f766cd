"""The worker's periodic jobs (the outbox sweeper) run on the worker's own timer, not through SAQ's
cron, so that they keep running through a Redis outage; and the sweeper re-enqueues an event whose
job died with its worker instead of waiting for SAQ to notice."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from saq.job import Status
from sqlalchemy import update

from api.config import Settings
from api.jobs import Periodic
from api.outbox import jobs as outbox
from api.outbox.models import OutboxEvent
from tests.support.polling import wait_for
from workers.settings import cron_jobs, make_queue, make_worker


@pytest.fixture
def own(settings) -> Settings:
    return dataclasses.replace(settings, redis_prefix=f"test:{uuid.uuid4().hex[:12]}:")


@pytest.fixture
async def queue(own: Settings, redis) -> AsyncIterator:
    q = make_queue(own)
    await q.connect()
    yield q
    await q.disconnect()
    keys = [k async for k in redis.scan_iter(match=f"saq*{own.redis_prefix}*", count=1000)]
    if keys:
        await redis.delete(*keys)


def test_the_sweeper_is_every_workers_periodic_job_not_a_saq_cron_job(own):
    worker = make_worker(dataclasses.replace(own, outbox_sweep_every=5))
    [sweep] = [p for p in worker.periodic if p.function is outbox.sweep_outbox]
    assert sweep.every == 5
    assert all(c.function is not outbox.sweep_outbox for c in cron_jobs(Settings()))


async def test_a_periodic_job_survives_failures_and_says_so_once_each_way(own, running_worker, caplog):
    caplog.set_level(logging.INFO, logger="workers")
    runs: list[str] = []

    async def flaky(ctx) -> None:
        runs.append("run")
        if 2 <= len(runs) <= 5:  # Redis is away for four runs
            raise ConnectionError("Redis is away")

    async with running_worker(own, cron_jobs=[], periodic=[Periodic(flaky, every=0.02)]):
        await wait_for(lambda: len(runs) >= 8, timeout=10, what="the job to run on after its failures")
    events = [r.event for r in caplog.records if getattr(r, "job", None) == "flaky"]
    assert events == ["periodic_failed", "periodic_recovered"]
    recovered = next(r for r in caplog.records if getattr(r, "event", None) == "periodic_recovered")
    assert recovered.failures == 4


async def test_an_event_held_by_a_dead_workers_job_is_enqueued_again_under_a_fresh_key(f, sessions, own, queue):
    async with sessions() as db:
        db.add(OutboxEvent(kind="need.closed", community_id=None, payload={}))
        await db.commit()
        event = (
            await db.execute(
                update(OutboxEvent)
                .values(created_at=datetime.now(UTC) - timedelta(seconds=60))
                .returning(OutboxEvent.id)
            )
        ).scalar_one()
        await db.commit()
    # A worker took the job and was killed: the job stays "active" under its key, and nobody
    # reports for that worker any more.
    held = await queue.enqueue("dispatch_outbox", event_id=event, key=f"outbox:{event}")
    await held.update(status=Status.ACTIVE, worker_id="killed-worker", started=held.queued)
    ctx = {"settings": own, "sessions": sessions, "queue": queue}

    assert await outbox.sweep_outbox(ctx) == {"events": 1, "follow_ups": 0, "pushes": 0}
    fresh = await queue.job(f"outbox:{event}~killed-worker")
    assert fresh is not None and fresh.status == Status.QUEUED and fresh.kwargs == {"event_id": event}
    await outbox.sweep_outbox(ctx)  # sweeping again adds nothing more
    assert len([k async for k in queue.redis.scan_iter(match=f"saq:job:{queue.name}:outbox:*")]) == 2

    # A job held by a live worker (one that reports itself) is left alone.
    await queue.redis.setex(queue.namespace("worker_info:killed-worker"), 10, "{}")
    await (await queue.job(f"outbox:{event}~killed-worker")).finish(Status.COMPLETE)
    await outbox.sweep_outbox(ctx)
    assert (await queue.job(f"outbox:{event}~killed-worker")).status == Status.COMPLETE
