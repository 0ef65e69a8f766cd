"""The events part of exportMyData: the events the person made and their family's answers. Before
the account goes, its answers go and the seats they held pass to waiting families; events it made
stay for their community, their organiser set to null (SET NULL)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.events.models import Event, Rsvp
from api.events.service import release_account
from api.export import iso

EXPORTED = (Event, Rsvp)
NOT_EXPORTED: dict = {}


async def export(db: AsyncSession, a: Account) -> dict:
    events = (await db.scalars(select(Event).where(Event.created_by_id == a.id).order_by(Event.created_at))).all()
    rsvps = (
        await db.execute(
            select(Rsvp, Event.title)
            .join(Event, Event.id == Rsvp.event_id)
            .where(or_(Rsvp.account_id == a.id, Rsvp.recorded_by_id == a.id))
            .order_by(Rsvp.created_at)
        )
    ).all()
    return {
        "eventsOrganised": [
            {
                "title": e.title,
                "description": e.description,
                "place": e.place_name,
                "area": e.area_label,
                "virtualLink": e.virtual_link,
                "startsLocal": e.starts_local.isoformat(),
                "timezone": e.timezone,
                "durationMinutes": e.duration_minutes,
                "repeats": e.frequency,
                "interval": e.interval,
                "until": e.until.isoformat() if e.until else None,
                "capacity": e.capacity,
                "cancelledAt": iso(e.cancelled_at),
                "createdAt": iso(e.created_at),
            }
            for e in events
        ],
        "eventRsvps": [
            {
                "event": title,
                "occurrence": r.occurrence.isoformat() if r.occurrence else "series",
                "status": r.status,
                "adults": r.adults,
                "children": r.children,
                # Answers the person recorded for a family without the app name that family.
                "forFamily": r.guest_name if r.account_id != a.id else None,
                "recordedByAnOrganiser": r.recorded_by_id is not None and r.recorded_by_id != a.id,
                "answeredAt": iso(r.updated_at),
            }
            for r, title in rsvps
        ],
    }


async def delete(db: AsyncSession, a: Account) -> None:
    await release_account(db, a.id)
