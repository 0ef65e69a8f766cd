"""The worker machinery itself: a real SAQ worker on the test Redis runs enqueued jobs and logs each
outcome, and stops gracefully (a running job finishes, an idle worker stops at once)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from collections.abc import AsyncIterator

import pytest
from saq.job import Status

from api.config import Settings
from tests.accounts.test_jobs import add_session, ago
from tests.support.jobs import finished
from tests.support.polling import wait_for
from workers.settings import functions, make_queue


@pytest.fixture
def own(settings) -> Settings:
    """The test settings with a queue of this test's own."""
    return dataclasses.replace(settings, redis_prefix=f"test:{uuid.uuid4().hex[:12]}:")


@pytest.fixture
async def queue(own: Settings) -> AsyncIterator:
    """A separate client on that queue, as the API would enqueue."""
    q = make_queue(own)
    await q.connect()
    yield q
    await q.disconnect()


async def boom(ctx) -> None:
    raise ValueError("broken on purpose")


async def test_a_real_worker_runs_enqueued_jobs_and_logs_each_outcome(f, sessions, own, queue, running_worker, caplog):
    caplog.set_level(logging.INFO, logger="workers")
    u = await f.user("Luis")
    await add_session(sessions, u.pk, expires_at=ago(days=60))
    async with running_worker(own, functions=[*functions(), boom]):
        job = await queue.enqueue("purge_expired_sessions", timeout=30)
        failing = await queue.enqueue("boom", retries=1)
        await finished(job)
        await finished(failing)

        assert job.status == Status.COMPLETE, job.error
        assert job.result == {"deleted": 1}
        assert failing.status == Status.FAILED
        assert "broken on purpose" in (failing.error or "")

    logged = {r.job: r for r in caplog.records if getattr(r, "event", None) == "job"}
    ok, bad = logged["purge_expired_sessions"], logged["boom"]
    assert (ok.outcome, ok.attempt, ok.queue) == ("complete", 1, f"{own.redis_prefix}jobs")
    assert ok.queue_ms >= 0 and ok.run_ms > 0
    assert (bad.outcome, bad.error) == ("failed", "ValueError")
    assert bad.levelno == logging.ERROR


async def test_stopping_lets_a_running_job_finish_and_an_idle_worker_stops_at_once(own, queue, running_worker):
    release = asyncio.Event()

    async def slow(ctx) -> str:
        await release.wait()  # still running when the worker is told to stop
        return "done"

    async with running_worker(own, functions=[("slow", slow)], cron_jobs=[]) as worker:
        job = await queue.enqueue("slow")

        async def picked_up() -> bool:
            await job.refresh()
            return job.status == Status.ACTIVE

        await wait_for(picked_up, timeout=5, interval=0.01, what="the worker to pick the job up")
        stopping = asyncio.create_task(worker.stop())
        await wait_for(worker.event.is_set, timeout=5, interval=0.01, what="the worker to be stopping")
        release.set()
        await asyncio.wait_for(stopping, 10)
        await job.refresh()
        assert (job.status, job.result) == (Status.COMPLETE, "done")

    loop = asyncio.get_running_loop()
    async with running_worker(own, functions=[("slow", slow)], cron_jobs=[]):  # idle: polling an empty queue
        t0 = loop.time()
    assert loop.time() - t0 < 2
