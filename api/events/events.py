"""Events' outbox events: who is told about a new event, a change, a cancellation, a seat that came
free for a waiting family (urgent: they should know at once), and the reminders a day and two hours
before. Texts name no place and no child: pushes cross third-party services."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.communities.models import Membership, MembershipState
from api.events import recurrence
from api.events.models import Event, OccurrenceChange, ReminderKind, Rsvp, RsvpStatus
from api.groups.models import GroupMember
from api.groups.service import member_ids_of
from api.notifications.dispatch import Plan
from api.notifications.kinds import Kind
from api.outbox.models import OutboxEvent

KINDS = (
    Kind(
        "event_created",
        "Event",
        {"en": "New event", "es": "Nuevo evento"},
        {"en": "{actor} planned an event.", "es": "{actor} organizó un evento."},
    ),
    Kind(
        "event_changed",
        "Event",
        {"en": "Event changed", "es": "Evento modificado"},
        {
            "en": "{actor} changed an event you answered.",
            "es": "{actor} cambió un evento al que respondiste.",
        },
    ),
    Kind(
        "event_cancelled",
        "Event",
        {"en": "Event cancelled", "es": "Evento cancelado"},
        {
            "en": "{actor} cancelled an event you answered.",
            "es": "{actor} canceló un evento al que respondiste.",
        },
    ),
    Kind(
        "event_waitlist_promoted",
        "Event",
        {"en": "You're in", "es": "Tienen lugar"},
        {
            "en": "A place came free: your family is going to the event.",
            "es": "Se liberó un lugar: tu familia va al evento.",
        },
        urgent=True,
    ),
    Kind(
        "event_reminder_day",
        "Event",
        {"en": "Event tomorrow", "es": "Evento mañana"},
        {"en": "An event you're going to is coming up.", "es": "Se acerca un evento al que vas."},
    ),
    Kind(
        "event_reminder_soon",
        "Event",
        {"en": "Event soon", "es": "Evento pronto"},
        {"en": "An event you're going to starts in two hours.", "es": "Un evento al que vas empieza en dos horas."},
    ),
)


async def _may_still_see(db: AsyncSession, e: Event, account_ids) -> list[uuid.UUID]:
    """Those among `account_ids` who may still see the event (a family that left the group, or
    whose membership was suspended, hears no more about it)."""
    ids = list(dict.fromkeys(account_ids))
    if not ids:
        return []
    if e.group_id is not None:
        q = member_ids_of(e.group_id).where(GroupMember.account_id.in_(ids))
    else:
        q = select(Membership.account_id).where(
            Membership.community_id == e.community_id,
            Membership.state == MembershipState.VERIFIED,
            Membership.account_id.in_(ids),
        )
    allowed = set((await db.scalars(q)).all())
    return [i for i in ids if i in allowed]


def _by(event: OutboxEvent) -> uuid.UUID | None:
    return uuid.UUID(event.payload["by"]) if event.payload.get("by") else None


def _occurrence(event: OutboxEvent) -> date | None:
    raw = event.payload.get("occurrence")
    return date.fromisoformat(raw) if raw else None


async def _answered(db: AsyncSession, e: Event, occurrence: date | None) -> list[uuid.UUID]:
    """Caregivers whose family is going or waiting: for one occurrence, or any still to come."""
    q = select(Rsvp.account_id, Rsvp.recorded_by_id, Rsvp.occurrence).where(
        Rsvp.event_id == e.id,
        Rsvp.status.in_((RsvpStatus.GOING, RsvpStatus.WAITLISTED)),
        Rsvp.occurrence.is_not(None),
    )
    if occurrence is not None:
        q = q.where(Rsvp.occurrence == occurrence)
    else:
        changes = {
            c.occurrence: c for c in await db.scalars(select(OccurrenceChange).where(OccurrenceChange.event_id == e.id))
        }
        now = datetime.now(UTC)
        q = q.where(Rsvp.occurrence.in_([o.key for o in recurrence.occurrences(e, changes) if o.ends_at > now]))
    return await _may_still_see(db, e, [a for a, _, _ in (await db.execute(q)).all() if a is not None])


async def event_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    e = await db.get(Event, uuid.UUID(event.payload["event_id"]))
    if e is None:
        return []
    by = _by(event)

    def plans(kind: str, recipients, urgent: bool | None = None) -> list[Plan]:
        return [Plan(r, kind, by, "Event", e.id, urgent) for r in recipients]

    match event.kind:
        case "event.created":
            if e.cancelled_at is not None:
                return []
            if e.group_id is not None:
                members = (await db.scalars(member_ids_of(e.group_id))).all()
            else:
                members = (
                    await db.scalars(
                        select(Membership.account_id).where(
                            Membership.community_id == e.community_id, Membership.state == MembershipState.VERIFIED
                        )
                    )
                ).all()
            return plans("event_created", members)
        case "event.changed":
            return plans("event_changed", await _answered(db, e, _occurrence(event)))
        case "event.cancelled":
            # Close to the start it cannot wait for quiet hours to end.
            return plans("event_cancelled", await _answered(db, e, _occurrence(event)), bool(event.payload.get("soon")))
    return []


async def promoted_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    r = await db.get(Rsvp, uuid.UUID(event.payload["rsvp_id"]))
    if r is None or r.status != RsvpStatus.GOING:
        return []  # gone, or dropped out again before we got here
    # A family without the app: the leader who answered for them is the one to tell them.
    who = r.account_id or r.recorded_by_id
    e = await db.get(Event, r.event_id)
    if who is None or e is None or not await _may_still_see(db, e, [who]):
        return []
    return [Plan(who, "event_waitlist_promoted", None, "Event", r.event_id)]


async def reminder_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    e = await db.get(Event, uuid.UUID(event.payload["event_id"]))
    key = _occurrence(event)
    if e is None or key is None or e.cancelled_at is not None:
        return []
    change = await db.get(OccurrenceChange, (e.id, key))
    if change is not None and change.cancelled_at is not None:
        return []
    kind = "event_reminder_day" if event.payload.get("reminder") == ReminderKind.DAY_BEFORE else "event_reminder_soon"
    going = (
        await db.scalars(
            select(Rsvp.account_id).where(
                Rsvp.event_id == e.id,
                Rsvp.occurrence == key,
                Rsvp.status == RsvpStatus.GOING,
                Rsvp.account_id.is_not(None),
            )
        )
    ).all()
    return [Plan(a, kind, None, "Event", e.id) for a in await _may_still_see(db, e, going)]


PLANS = {
    **dict.fromkeys(("event.created", "event.changed", "event.cancelled"), event_plans),
    "event.waitlist_promoted": promoted_plans,
    "event.reminder": reminder_plans,
}
