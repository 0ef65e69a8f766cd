"""The outbox, worker side: `dispatch_outbox` turns one event into its consequences (notifications
and their pushes); `follow_up_outbox` runs the job that follows it (a matching run after
need.posted), once dispatched; `sweep_outbox` (on a timer in every worker, every few seconds)
enqueues whatever the after-commit fast path missed: events still pending, follow-ups not run,
pushes due and not sent. A Redis outage or a killed worker therefore delays notifications and
matching but never loses them (DESIGN.md §3).
`purge_dispatched_events` (nightly) deletes dispatched events once nobody needs them.

Every enqueue here is best effort and idempotent: dispatching twice finds the event dispatched,
notifications are unique per (event, recipient), and pushes are claimed row by row."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from saq import CronJob
from saq.job import Status
from sqlalchemy import select, update

from api.config import Settings
from api.db import delete_in_slices, session_scope
from api.jobs import Periodic, enqueue, job_function, job_queue
from api.notifications import delivery, dispatch
from api.notifications.jobs import enqueue_push_batches, enqueue_pushes, publish
from api.outbox import service
from api.outbox.models import OutboxEvent

log = logging.getLogger("workers.outbox")

DISPATCH_TIMEOUT = 30
# A follow-up may recompute many needs (a changed strength): minutes, not seconds.
FOLLOW_UP_TIMEOUT = 600
# Dispatched events are kept this long (for looking into a delivery), then deleted in slices, each
# its own short transaction, so a large backlog never holds long locks.
PURGE_BATCH = 5000


class QueueUnavailable(RuntimeError):
    """The job queue (Redis) refused an enqueue: the sweep stops and the next one tries again."""


def _now() -> datetime:
    return datetime.now(UTC)


async def enqueue_dispatch(ctx: dict[str, Any], event_ids: list[int]) -> None:
    for event_id in event_ids:
        await enqueue(ctx, "dispatch_outbox", event_id=event_id, key=f"outbox:{event_id}", timeout=DISPATCH_TIMEOUT)


async def dispatch_outbox(ctx: dict[str, Any], *, event_id: int) -> dict[str, Any]:
    """Dispatch one outbox event, once: its notifications and push deliveries are written in the
    same transaction that marks it dispatched; jobs and announcements follow the commit."""
    follow_up = None
    try:
        async with session_scope(ctx["sessions"]) as db:
            event = await service.lock_event(db, event_id)
            if event is None:
                return {"dispatched": False}  # done already, or another job is on it
            kind = event.kind
            plans = await dispatch.plans_for(db, event)
            created = await dispatch.create_notifications(
                db, event_id=event.id, community_id=event.community_id, plans=plans
            )
            follow_up = dispatch.follow_up_for(event)
            event.dispatched_at = _now()
            event.attempts += 1
            if follow_up is None:
                event.followed_up_at = event.dispatched_at
    except Exception:
        await _count_failed_attempt(ctx, event_id, OutboxEvent.attempts)
        raise
    if follow_up:
        await enqueue(ctx, "follow_up_outbox", event_id=event_id, key=f"follow:{event_id}", timeout=FOLLOW_UP_TIMEOUT)
    await publish(ctx, created)
    await enqueue_push_batches(ctx, created)
    return {"dispatched": True, "kind": kind, "notifications": len(created)}


async def follow_up_outbox(ctx: dict[str, Any], *, event_id: int) -> dict[str, Any]:
    """Run the job that follows a dispatched event (api/<domain>/events.py FOLLOW_UPS), in this job,
    then mark the event followed up. Follow-up jobs are idempotent (a matching run that finds the
    need computed since the change does nothing), so a second run after a lost worker is harmless."""
    async with session_scope(ctx["sessions"]) as db:
        event = await db.get(OutboxEvent, event_id)
        if event is None or event.dispatched_at is None or event.followed_up_at is not None:
            return {"followed_up": False}
        follow_up = dispatch.follow_up_for(event)
    result = None
    if follow_up is not None:
        try:
            result = await job_function(follow_up[0])(ctx, **follow_up[1])
        except Exception:
            await _count_failed_attempt(ctx, event_id, OutboxEvent.follow_up_attempts)
            raise
    async with session_scope(ctx["sessions"]) as db:
        await db.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == event_id, OutboxEvent.followed_up_at.is_(None))
            .values(followed_up_at=_now())
        )
    return {"followed_up": True, "job": follow_up and follow_up[0], "result": result}


async def _count_failed_attempt(ctx: dict[str, Any], event_id: int, counter: Any) -> None:
    # In its own transaction, so an event that always fails stops being swept (MAX_DISPATCH_ATTEMPTS).
    try:
        async with session_scope(ctx["sessions"]) as db:
            await db.execute(update(OutboxEvent).where(OutboxEvent.id == event_id).values({counter: counter + 1}))
    except Exception:
        log.warning(
            "could not count a failed dispatch",
            exc_info=True,
            extra={"event": "dispatch_count_failed", "event_id": event_id},
        )


async def sweep_outbox(ctx: dict[str, Any]) -> dict[str, int]:
    """Enqueue what has waited longer than the fast path should take: pending outbox events, and
    pushes that are due (after a Retry-After, quiet hours, or a worker that died mid-send). Raises
    QueueUnavailable at the first enqueue Redis refuses (rather than trying, and logging, every
    other one in the same outage); what was not enqueued is still pending for the next sweep."""
    settings = ctx["settings"]
    now = _now()
    before = now - timedelta(seconds=settings.outbox_sweep_after)
    # A push is swept once it has been due for as long as a claim's lease: sooner, it may be waiting
    # in a queued batch (a post in a large group queues thousands, for longer than a sweep's
    # interval), and a job that died holding it would not have let go of it yet anyway.
    pushes_before = now - timedelta(seconds=max(settings.outbox_sweep_after, settings.push_lease))
    async with session_scope(ctx["sessions"]) as db:
        events = await service.pending_events(db, older_than=before)
        follow_ups = await service.pending_follow_ups(db, older_than=before)
        pushes = await delivery.due_pushes(db, due_before=pushes_before)
    for event_id in events:
        await _sweep_job(
            ctx, "dispatch_outbox", event_id=event_id, key=f"outbox:{event_id}", job_timeout=DISPATCH_TIMEOUT
        )
    for event_id in follow_ups:
        await _sweep_job(
            ctx, "follow_up_outbox", event_id=event_id, key=f"follow:{event_id}", job_timeout=FOLLOW_UP_TIMEOUT
        )
    for notification_id, due in pushes:
        if not await enqueue_pushes(ctx, notification_id, due):
            raise QueueUnavailable(f"could not enqueue the pushes of notification {notification_id}")
    if events or follow_ups or pushes:
        log.info(
            "outbox swept",
            extra={
                "event": "outbox_swept",
                "events": len(events),
                "follow_ups": len(follow_ups),
                "pushes": len(pushes),
            },
        )
    return {"events": len(events), "follow_ups": len(follow_ups), "pushes": len(pushes)}


async def _sweep_job(ctx: dict[str, Any], function: str, *, event_id: int, key: str, job_timeout: int) -> None:
    """Enqueue an event's job under its usual key; if a job already holds that key but the worker
    running it is gone (SIGKILLed, its machine lost), enqueue it again under a fresh key. SAQ would
    free the key only once the job is past its timeout and SAQ's own sweep (every minute) noticed,
    deduplicating every re-enqueue meanwhile. Two jobs for one event are harmless: a second
    dispatch finds the event dispatched (or locked), a second follow-up recomputes the same thing."""
    kwargs = {"event_id": event_id, "timeout": job_timeout}
    queue = job_queue(ctx)
    if queue is None or not hasattr(queue, "job"):  # no queue, or the tests' in-process stand-in
        if not await enqueue(ctx, function, key=key, **kwargs):
            raise QueueUnavailable(f"could not enqueue {function} for outbox event {event_id}")
        return
    try:
        # A job enqueued under a fresh key can itself lose its worker: follow the chain a few steps.
        dead_worker = None
        for _ in range(5):
            if await queue.enqueue(function, key=key, **kwargs) is not None:
                if dead_worker is not None:
                    log.warning(
                        "outbox event held by a dead worker's job, enqueued again",
                        extra={
                            "event": "outbox_orphan",
                            "job": function,
                            "event_id": event_id,
                            "dead_worker": dead_worker,
                        },
                    )
                return
            dead_worker = await _dead_worker_of(queue, key)
            if dead_worker is None:
                return  # queued, or running on a live worker: it will do
            # The fresh key is named after the dead job, so that repeated sweeps add no more.
            key = f"{key}~{dead_worker}"
    except Exception as e:
        raise QueueUnavailable(f"could not enqueue {function} for outbox event {event_id}") from e


async def _dead_worker_of(queue: Any, key: str) -> str | None:
    """The id of the worker that started the job holding `key`, if that worker no longer reports
    itself (SAQ workers rewrite `saq:<queue>:worker_info:<id>` every 10 s with an 11 s expiry)."""
    job = await queue.job(key)
    if job is None or job.status not in (Status.ACTIVE, Status.ABORTING) or not job.worker_id:
        return None
    if await queue.redis.exists(queue.namespace(f"worker_info:{job.worker_id}")):
        return None
    return job.worker_id


async def purge_dispatched_events(ctx: dict[str, Any], *, retention_days: int | None = None) -> dict[str, int]:
    """Delete outbox events dispatched (and followed up) more than `outbox_retention_days` ago.
    Events never dispatched or followed up (given up after MAX_DISPATCH_ATTEMPTS) stay for a person
    to look at."""
    days = ctx["settings"].outbox_retention_days if retention_days is None else retention_days
    cutoff = _now() - timedelta(days=days)
    old = (
        select(OutboxEvent.id)
        .where(OutboxEvent.dispatched_at < cutoff, OutboxEvent.followed_up_at.is_not(None))
        .limit(PURGE_BATCH)
    )
    return {"deleted": await delete_in_slices(ctx["sessions"], OutboxEvent, OutboxEvent.id.in_(old), PURGE_BATCH)}


FUNCTIONS = [dispatch_outbox, follow_up_outbox, sweep_outbox, purge_dispatched_events]


def periodic(settings: Settings) -> list[Periodic]:
    """The sweeper, every `outbox_sweep_every` seconds, on a timer in each worker process (not SAQ
    cron: see api.jobs.Periodic for why). Several workers sweeping at once is harmless: the enqueues
    are keyed (SAQ keeps one job per key) and a dispatch locks its event."""
    return [Periodic(sweep_outbox, every=max(0.2, settings.outbox_sweep_every), timeout=60)]


def cron_jobs(settings: Settings) -> list[CronJob]:
    # Times are UTC. A nightly job held up by an outage simply runs the next night.
    return [CronJob(purge_dispatched_events, cron="37 3 * * *", timeout=600)]
