"""The outbox, worker side: `dispatch_outbox` turns one event into its consequences (notifications
and their pushes, matching runs) and `sweep_outbox` (cron, every few seconds) enqueues whatever the
after-commit fast path missed: events still pending, pushes due and not sent. A Redis outage
therefore delays notifications but never loses one (DESIGN.md §3).

Every enqueue here is best effort and idempotent: dispatching twice finds the event dispatched,
notifications are unique per (event, recipient), and pushes are claimed row by row."""

from __future__ import annotations

import logging
import math
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from api.db import session_scope
from api.notifications import service
from api.outbox.models import OutboxEvent

log = logging.getLogger("workers.outbox")

# Events whose dispatch also starts other work: the API enqueues these jobs itself after commit
# (the fast path); doing it again from the outbox makes that work survive a Redis outage. `since`
# lets the job skip a need whose matches were computed after the event already.
FOLLOW_UPS = {
    "need.posted": ("compute_matches_for_need", "need_id"),
    "need.updated": ("compute_matches_for_need", "need_id"),
    "strength.changed": ("compute_matches_for_strength", "strength_id"),
}
DISPATCH_TIMEOUT = 30


def _now() -> datetime:
    return datetime.now(UTC)


def job_queue(ctx: dict[str, Any]):
    """The queue this job came from (SAQ puts the worker in ctx); tests may pass `queue` directly."""
    if (queue := ctx.get("queue")) is not None:
        return queue
    worker = ctx.get("worker")
    return worker.queue if worker is not None else None


async def enqueue(ctx: dict[str, Any], function: str, **kwargs: Any) -> bool:
    """Enqueue a follow-up job; never fails the job that asks (the sweeper catches up)."""
    queue = job_queue(ctx)
    if queue is None:
        return False
    try:
        await queue.enqueue(function, **kwargs)
        return True
    except Exception:  # noqa: BLE001 - logged; the outbox and delivery tables still hold the work
        log.warning("could not enqueue %s", function, exc_info=True, extra={"event": "enqueue_failed", "job": function})
        return False


async def enqueue_dispatch(ctx: dict[str, Any], event_ids: list[int]) -> None:
    for event_id in event_ids:
        await enqueue(ctx, "dispatch_outbox", event_id=event_id, key=f"outbox:{event_id}", timeout=DISPATCH_TIMEOUT)


def push_job(notification_id: uuid.UUID, due: datetime) -> tuple[str, int]:
    """(job key, scheduled epoch second) for sending a notification's pushes that come due at `due`.
    The key names the due time, so the dispatch, a retry the job schedules itself and the sweeper
    agree on one job per (notification, due time); a new due time (after a retry, or when a dead
    worker's claim runs out) gets a new job even while a dead worker's job still holds the old key."""
    at = math.ceil(due.timestamp())
    return f"push:{notification_id}@{at}", at


async def enqueue_pushes(ctx: dict[str, Any], notification_id: uuid.UUID, due: datetime) -> bool:
    key, at = push_job(notification_id, due)
    settings = ctx["settings"]
    return await enqueue(
        ctx, "send_pushes", notification_id=str(notification_id), key=key,
        scheduled=at if due > _now() else 0, timeout=max(settings.push_lease, 30),
    )


async def publish(ctx: dict[str, Any], created: list[service.Created]) -> None:
    """Announce new feed rows to the API processes holding the recipients' subscriptions (ids only)."""
    redis, settings = ctx.get("redis"), ctx["settings"]
    if redis is None:
        return
    for c in created:
        if not c.in_feed:
            continue
        try:
            await redis.publish(service.channel(settings, c.recipient_id), str(c.notification_id))
        except Exception:  # noqa: BLE001 - live updates are a convenience; the feed has the row
            log.warning("could not publish a notification", exc_info=True, extra={"event": "publish_failed"})
            return


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
            plans = await service.plans_for(db, event)
            created = await service.create_notifications(db, event_id=event.id, community_id=event.community_id, plans=plans)
            if (spec := FOLLOW_UPS.get(kind)) and event.payload.get(spec[1]):
                follow_up = (spec[0], {spec[1]: event.payload[spec[1]], "since": event.created_at.isoformat()})
            event.dispatched_at = _now()
            event.attempts += 1
    except Exception:
        await _count_failed_attempt(ctx, event_id)
        raise
    if follow_up:
        await enqueue(ctx, follow_up[0], **follow_up[1])
    await publish(ctx, created)
    for c in created:
        if c.push_due is not None:
            await enqueue_pushes(ctx, c.notification_id, c.push_due)
    return {"dispatched": True, "kind": kind, "notifications": len(created)}


async def _count_failed_attempt(ctx: dict[str, Any], event_id: int) -> None:
    # In its own transaction, so an event that always fails stops being swept (MAX_DISPATCH_ATTEMPTS).
    try:
        async with session_scope(ctx["sessions"]) as db:
            await db.execute(update(OutboxEvent).where(OutboxEvent.id == event_id).values(attempts=OutboxEvent.attempts + 1))
    except Exception:  # noqa: BLE001 - the database may be what failed
        log.warning("could not count a failed dispatch", exc_info=True, extra={"event": "dispatch_count_failed", "event_id": event_id})


async def sweep_outbox(ctx: dict[str, Any]) -> dict[str, int]:
    """Enqueue what has waited longer than the fast path should take: pending outbox events, and
    pushes that are due (after a Retry-After, quiet hours, or a worker that died mid-send)."""
    settings = ctx["settings"]
    before = _now() - timedelta(seconds=settings.outbox_sweep_after)
    async with session_scope(ctx["sessions"]) as db:
        events = await service.pending_events(db, older_than=before)
        pushes = await service.due_pushes(db, due_before=before)
    await enqueue_dispatch(ctx, events)
    for notification_id, due in pushes:
        await enqueue_pushes(ctx, notification_id, due)
    if events or pushes:
        log.info("outbox swept", extra={"event": "outbox_swept", "events": len(events), "pushes": len(pushes)})
    return {"events": len(events), "pushes": len(pushes)}


FUNCTIONS = [dispatch_outbox, sweep_outbox]
