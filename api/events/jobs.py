"""Event reminders: every few minutes the worker finds the occurrences due a reminder (a day before,
two hours before) and writes one outbox event for each (occurrence, kind), recorded in
event_reminders_sent in the same transaction. The table's key makes it once ever: a restarted
worker, a late run or two runs at once add nothing; each person is then told once per outbox event
(notifications are unique per event and recipient)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from saq import CronJob
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.config import Settings
from api.db import session_scope
from api.events import recurrence
from api.events.models import Event, OccurrenceChange, ReminderKind, ReminderSent, Rsvp, RsvpStatus
from api.outbox.jobs import enqueue_dispatch
from api.outbox.service import emit, take_emitted

# (kind, how long before the start it becomes due, until when before the start it is still worth
# sending). A day-before reminder missed until two hours before gives way to the two-hour one.
REMINDERS = (
    (ReminderKind.DAY_BEFORE, timedelta(hours=24), timedelta(hours=2)),
    (ReminderKind.TWO_HOURS, timedelta(hours=2), timedelta(0)),
)


def _now() -> datetime:
    return datetime.now(UTC)


async def send_event_reminders(ctx: dict[str, Any], *, now: str | None = None) -> dict[str, int]:
    at = datetime.fromisoformat(now) if now else _now()
    sent = 0
    async with session_scope(ctx["sessions"]) as db:
        events = (
            await db.scalars(
                select(Event).where(
                    Event.cancelled_at.is_(None),
                    Event.first_starts_at <= at + REMINDERS[0][1],
                    Event.last_ends_at > at,
                    # Only events someone is going to (a reminder for nobody is not worth a row).
                    Event.id.in_(select(Rsvp.event_id).where(Rsvp.status == RsvpStatus.GOING)),
                )
            )
        ).all()
        for e in events:
            changes = {
                c.occurrence: c
                for c in await db.scalars(select(OccurrenceChange).where(OccurrenceChange.event_id == e.id))
            }
            for o in recurrence.occurrences(e, changes):
                if o.cancelled:
                    continue
                for kind, before, until in REMINDERS:
                    if not (o.starts_at - before <= at < o.starts_at - until):
                        continue
                    # An event made less than a day ahead gets no "tomorrow" reminder.
                    if kind == ReminderKind.DAY_BEFORE and e.created_at > o.starts_at - before:
                        continue
                    inserted = await db.scalar(
                        insert(ReminderSent)
                        .values(event_id=e.id, community_id=e.community_id, occurrence=o.key, kind=kind)
                        .on_conflict_do_nothing()
                        .returning(ReminderSent.event_id)
                    )
                    if inserted is None:
                        continue
                    await emit(
                        db,
                        "event.reminder",
                        community_id=e.community_id,
                        event_id=e.id,
                        occurrence=o.key.isoformat(),
                        reminder=kind.value,
                    )
                    sent += 1
        emitted = take_emitted(db)
    await enqueue_dispatch(ctx, emitted)
    return {"reminders": sent}


FUNCTIONS = [send_event_reminders]


def cron_jobs(settings: Settings) -> list[CronJob]:
    # Every five minutes: a reminder is due for hours (its window), so a late run still sends it.
    return [CronJob(send_event_reminders, cron="*/5 * * * *", timeout=120)]
