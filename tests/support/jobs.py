"""Running jobs in tests: `Runner` plays the worker in-process and deterministically (no Redis);
`worker_running` starts a real SAQ worker in this process (tests/conftest.py's `running_worker`);
`started` waits for a worker's first sweep, in this process or another; `finished` waits for a job."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from saq.job import TERMINAL_STATUSES, Job
from sqlalchemy import select

from api.config import Settings
from api.outbox.models import OutboxEvent
from tests.support.polling import wait_for
from workers.settings import VillageWorker, functions, make_worker

# --- running jobs in-process, deterministically ---------------------------------------------------------


@dataclass
class Enqueued:
    function: str
    kwargs: dict[str, Any]
    key: str | None
    scheduled: int


@dataclass
class FakeQueue:
    """Records what jobs enqueue, deduplicating on `key` as SAQ does while a job is incomplete."""

    jobs: list[Enqueued] = field(default_factory=list)

    async def enqueue(self, function: str, **kwargs: Any) -> Enqueued | None:
        job_fields = {k: kwargs.pop(k) for k in list(kwargs) if k in Job.__dataclass_fields__}
        key = job_fields.get("key")
        if key is not None and any(j.key == key for j in self.jobs):
            return None
        job = Enqueued(function, kwargs, key, int(job_fields.get("scheduled") or 0))
        self.jobs.append(job)
        return job

    def scheduled(self, function: str) -> list[Enqueued]:
        return [j for j in self.jobs if j.function == function and j.scheduled]


FUNCTIONS = {fn.__name__: fn for fn in functions()}


class Runner:
    """Plays the worker without Redis: dispatches pending outbox events and runs the jobs they
    enqueue, in order, until nothing due is left. Jobs scheduled for later stay in `queue`."""

    def __init__(self, settings, sessions, sender, redis=None) -> None:
        self.queue = FakeQueue()
        self.ctx: dict[str, Any] = {
            "settings": settings,
            "sessions": sessions,
            "push_sender": sender,
            "redis": redis,
            "queue": self.queue,
        }
        self.ran: list[tuple[str, dict[str, Any], Any]] = []

    async def run(self, *, include_scheduled: bool = False, hold: tuple[str, ...] = ()) -> None:
        """Run what is due; with include_scheduled, also (once) the jobs scheduled for later. Jobs
        of the functions in `hold` stay in the queue (to act before they run)."""
        for _ in range(100):
            async with self.ctx["sessions"]() as db:
                pending = (
                    await db.scalars(
                        select(OutboxEvent.id).where(OutboxEvent.dispatched_at.is_(None)).order_by(OutboxEvent.id)
                    )
                ).all()
            for event_id in pending:
                await self.job("dispatch_outbox", event_id=event_id)
            now = datetime.now(UTC).timestamp()
            due = [j for j in self.queue.jobs if (include_scheduled or j.scheduled <= now) and j.function not in hold]
            for j in due:
                self.queue.jobs.remove(j)
            include_scheduled = False
            for j in due:
                await self.job(j.function, **j.kwargs)
            if not pending and not due:
                return
        raise AssertionError("jobs kept enqueueing jobs")

    async def job(self, function: str, **kwargs: Any) -> Any:
        result = await FUNCTIONS[function](self.ctx, **kwargs)
        self.ran.append((function, kwargs, result))
        return result


# --- a real SAQ worker ------------------------------------------------------------------------------------


async def started(queue) -> None:
    """Wait for a worker's first sweep on `queue` (it runs at start-up). A job dequeued at the very
    moment of a sweep can be swept by mistake (a SAQ race, tobymao/saq#124 and #277); the next sweep
    is a minute away."""
    swept = queue.namespace("sweep")
    await wait_for(lambda: queue.redis.exists(swept), timeout=5, interval=0.01, what="the worker to start")


async def finished(job: Job, timeout: float = 20.0) -> None:  # noqa: ASYNC109 - a deadline for the polling
    """Wait until `job` has reached a terminal status, polling its record. SAQ's
    `job.refresh(until_complete=)` reads the job and then subscribes to its updates, so a job that
    finishes in between is never heard of and the wait runs out (seen on a loaded CI machine)."""

    async def done() -> bool:
        await job.refresh()
        return job.status in TERMINAL_STATUSES

    await wait_for(done, timeout=timeout, interval=0.02, what=f"job {job.function} to finish")


@asynccontextmanager
async def worker_running(settings: Settings, **overrides: Any) -> AsyncIterator[VillageWorker]:
    """A real SAQ worker in this process (make_worker with `overrides`; a 5 s grace unless told),
    started and past its first sweep inside the block, stopped and awaited when it ends."""
    worker = make_worker(settings, **{"grace": 5, **overrides})
    worker.SIGNALS = []  # leave pytest's signal handling alone
    await worker.queue.connect()
    task = asyncio.create_task(worker.start())

    def polling() -> bool:
        if task.done():
            task.result()  # a worker that could not start says why
        return bool(worker.tasks)  # its pollers (dequeue, upkeep) are running

    try:
        await wait_for(polling, timeout=15, interval=0.01, what="the worker's pollers")
        await started(worker.queue)
        yield worker
    finally:
        await asyncio.wait_for(worker.stop(), 15)
        await asyncio.wait_for(task, 15)
        await worker.queue.disconnect()
