"""The worker: the session purge against the test database, and a real SAQ worker on the test Redis."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from datetime import UTC, datetime, timedelta

from saq.job import Status
from sqlalchemy import select

from api.accounts.models import AuthSession
from api.security import hash_token, new_token
from workers import jobs
from workers.settings import make_queue, make_worker


def _ago(**kw) -> datetime:
    return datetime.now(UTC) - timedelta(**kw)


async def _add_session(sessions, account_id, *, expires_at: datetime, revoked_at: datetime | None = None) -> bytes:
    token_hash = hash_token(new_token())
    async with sessions() as db:
        db.add(AuthSession(account_id=account_id, token_hash=token_hash, expires_at=expires_at, revoked_at=revoked_at))
        await db.commit()
    return token_hash


async def started(queue) -> None:
    """Wait for the worker's first sweep (it runs at start-up). A job dequeued at the very moment of
    a sweep can be swept by mistake (a SAQ race, tobymao/saq#124 and #277); the next sweep is a
    minute away."""
    for _ in range(500):
        if await queue.redis.exists(queue.namespace("sweep")):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the worker did not start")


async def _remaining(sessions) -> set[bytes]:
    async with sessions() as db:
        return set((await db.scalars(select(AuthSession.token_hash))).all())


async def test_purge_deletes_sessions_ended_long_ago_and_keeps_the_rest(f, sessions, monkeypatch):
    u = await f.user("Ana")
    old_expired = await _add_session(sessions, u.pk, expires_at=_ago(days=31))
    old_revoked = await _add_session(sessions, u.pk, expires_at=_ago(days=-30), revoked_at=_ago(days=45))
    old_both = await _add_session(sessions, u.pk, expires_at=_ago(days=90), revoked_at=_ago(days=100))
    recently_expired = await _add_session(sessions, u.pk, expires_at=_ago(days=5))
    recently_revoked = await _add_session(sessions, u.pk, expires_at=_ago(days=-50), revoked_at=_ago(days=2))
    before = await _remaining(sessions)
    # Slices of two rows: the job must keep going until the backlog is gone.
    monkeypatch.setattr(jobs, "PURGE_BATCH", 2)

    result = await jobs.purge_expired_sessions({"sessions": sessions})

    assert result == {"deleted": 3}
    left = await _remaining(sessions)
    assert left == before - {old_expired, old_revoked, old_both}
    assert {recently_expired, recently_revoked} <= left
    # The session from signing up is untouched and still signs Ana in.
    data = await f.ok("{ viewer { displayName } }", user=u)
    assert data["viewer"] == {"displayName": "Ana"}
    assert await jobs.purge_expired_sessions({"sessions": sessions}) == {"deleted": 0}


async def boom(ctx) -> None:
    raise ValueError("broken on purpose")


async def test_a_real_worker_runs_enqueued_jobs_and_logs_each_outcome(f, sessions, settings, caplog):
    caplog.set_level(logging.INFO, logger="workers")
    u = await f.user("Luis")
    await _add_session(sessions, u.pk, expires_at=_ago(days=60))
    own = dataclasses.replace(settings, redis_prefix=f"test:{uuid.uuid4().hex[:12]}:")
    worker = make_worker(own, functions=[*jobs.FUNCTIONS, boom], grace=5)
    worker.SIGNALS = []  # leave pytest's signal handling alone
    await worker.queue.connect()
    running = asyncio.create_task(worker.start())
    queue = make_queue(own)  # a separate client, as the API would enqueue
    await queue.connect()
    try:
        await started(worker.queue)
        job = await queue.enqueue("purge_expired_sessions", timeout=30)
        failing = await queue.enqueue("boom", retries=1)
        await asyncio.wait_for(job.refresh(until_complete=15), 20)
        await asyncio.wait_for(failing.refresh(until_complete=15), 20)

        assert job.status == Status.COMPLETE, job.error
        assert job.result == {"deleted": 1}
        assert failing.status == Status.FAILED
        assert "broken on purpose" in (failing.error or "")
    finally:
        await asyncio.wait_for(worker.stop(), 10)
        await asyncio.wait_for(running, 10)
        keys = [k async for k in queue.redis.scan_iter(match=f"saq*{own.redis_prefix}*", count=1000)]
        if keys:
            await queue.redis.delete(*keys)
        await queue.disconnect()
        await worker.queue.disconnect()

    logged = {r.job: r for r in caplog.records if getattr(r, "event", None) == "job"}
    ok, bad = logged["purge_expired_sessions"], logged["boom"]
    assert (ok.outcome, ok.attempt, ok.queue) == ("complete", 1, f"{own.redis_prefix}jobs")
    assert ok.queue_ms >= 0 and ok.run_ms > 0
    assert (bad.outcome, bad.error) == ("failed", "ValueError")
    assert bad.levelno == logging.ERROR


async def slow(ctx) -> str:
    await asyncio.sleep(0.5)
    return "done"


async def test_stopping_lets_a_running_job_finish_and_an_idle_worker_stops_at_once(settings):
    own = dataclasses.replace(settings, redis_prefix=f"test:{uuid.uuid4().hex[:12]}:")
    worker = make_worker(own, functions=[slow], cron_jobs=[], grace=5)
    worker.SIGNALS = []
    await worker.queue.connect()
    running = asyncio.create_task(worker.start())
    queue = make_queue(own)
    await queue.connect()
    try:
        await started(worker.queue)
        job = await queue.enqueue("slow")
        for _ in range(200):  # until the worker has picked it up
            await job.refresh()
            if job.status == Status.ACTIVE:
                break
            await asyncio.sleep(0.01)
        assert job.status == Status.ACTIVE
        await asyncio.wait_for(worker.stop(), 10)
        await job.refresh()
        assert (job.status, job.result) == (Status.COMPLETE, "done")

        idle = make_worker(own, functions=[slow], cron_jobs=[], grace=5)
        idle.SIGNALS = []
        await idle.queue.connect()
        idle_run = asyncio.create_task(idle.start())
        await asyncio.sleep(0.3)
        t0 = asyncio.get_running_loop().time()
        await asyncio.wait_for(idle.stop(), 10)
        await asyncio.wait_for(idle_run, 10)
        assert asyncio.get_running_loop().time() - t0 < 2
        await idle.queue.disconnect()
    finally:
        await asyncio.wait_for(worker.stop(), 10)
        await asyncio.wait_for(running, 10)
        keys = [k async for k in queue.redis.scan_iter(match=f"saq*{own.redis_prefix}*", count=1000)]
        if keys:
            await queue.redis.delete(*keys)
        await queue.disconnect()
        await worker.queue.disconnect()
