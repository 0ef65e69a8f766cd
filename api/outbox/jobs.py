"""The outbox, worker side: `dispatch_outbox` turns one event into its consequences (notifications
and their pushes, matching runs) and `sweep_outbox` (cron, every few seconds) enqueues whatever the
after-commit fast path missed: events still pending, pushes due and not sent. A Redis outage
therefore delays notifications but never loses one (DESIGN.md §3).

Every enqueue here is best effort and idempotent: dispatching twice finds the event dispatched,
notifications are unique per (event, recipient), and pushes are claimed row by row."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from saq import CronJob
from sqlalchemy import update

from api.config import Settings
from api.db import session_scope
from api.jobs import enqueue
from api.notifications import delivery, dispatch
from api.notifications.jobs import enqueue_pushes, publish
from api.outbox import service
from api.outbox.models import OutboxEvent

log = logging.getLogger("workers.outbox")

DISPATCH_TIMEOUT = 30


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
            await db.execute(
                update(OutboxEvent).where(OutboxEvent.id == event_id).values(attempts=OutboxEvent.attempts + 1)
            )
    except Exception:
        log.warning(
            "could not count a failed dispatch",
            exc_info=True,
            extra={"event": "dispatch_count_failed", "event_id": event_id},
        )


async def sweep_outbox(ctx: dict[str, Any]) -> dict[str, int]:
    """Enqueue what has waited longer than the fast path should take: pending outbox events, and
    pushes that are due (after a Retry-After, quiet hours, or a worker that died mid-send)."""
    settings = ctx["settings"]
    before = _now() - timedelta(seconds=settings.outbox_sweep_after)
    async with session_scope(ctx["sessions"]) as db:
        events = await service.pending_events(db, older_than=before)
        pushes = await delivery.due_pushes(db, due_before=before)
    await enqueue_dispatch(ctx, events)
    for notification_id, due in pushes:
        await enqueue_pushes(ctx, notification_id, due)
    if events or pushes:
        log.info("outbox swept", extra={"event": "outbox_swept", "events": len(events), "pushes": len(pushes)})
    return {"events": len(events), "pushes": len(pushes)}


FUNCTIONS = [dispatch_outbox, sweep_outbox]


def cron_jobs(settings: Settings) -> list[CronJob]:
    """The sweeper every `outbox_sweep_every` seconds (croniter reads a sixth field as seconds, so
    "* * * * * */5" is every five seconds). Cron jobs are unique per queue, so several workers
    never run one twice."""
    every = max(1, min(59, settings.outbox_sweep_every))
    return [CronJob(sweep_outbox, cron=f"* * * * * */{every}", timeout=60)]
