"""Events' part of the school insights: each occurrence held (not called off) and the families who
said they were going to it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.events import recurrence
from api.events.models import Event, OccurrenceChange, Rsvp, RsvpStatus


async def collect(db: AsyncSession, community_id: uuid.UUID, family, a) -> None:
    now = datetime.now(UTC)
    events = (
        await db.scalars(
            select(Event).where(
                Event.community_id == community_id, Event.cancelled_at.is_(None), Event.first_starts_at < now
            )
        )
    ).all()
    changes: dict[uuid.UUID, dict] = {}
    for ch in (
        await db.scalars(select(OccurrenceChange).where(OccurrenceChange.event_id.in_([e.id for e in events])))
    ).all():
        changes.setdefault(ch.event_id, {})[ch.occurrence] = ch
    held: dict[tuple, datetime] = {}
    first: dict[uuid.UUID, tuple] = {}
    for e in events:
        for o in recurrence.occurrences(e, changes.get(e.id)):
            if not o.cancelled and o.starts_at < now:
                held[(e.id, o.key)] = o.starts_at
                first.setdefault(e.id, (e.id, o.key))
    a.events.extend((at, key) for key, at in held.items())
    for event_id, occurrence, account_id in (
        await db.execute(
            select(Rsvp.event_id, Rsvp.occurrence, Rsvp.account_id).where(
                Rsvp.community_id == community_id, Rsvp.status == RsvpStatus.GOING
            )
        )
    ).all():
        key = (event_id, occurrence) if occurrence is not None else first.get(event_id)
        f = family(account_id)
        if f is not None and key in held:
            a.going.append((held[key], key, f))
