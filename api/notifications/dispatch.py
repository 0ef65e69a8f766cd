"""From outbox events to notifications: each domain's events.py says who is told about its events
(PLANS); this writes the notification rows and their push deliveries in the dispatching job's
transaction, honouring blocks, preferences and quiet hours."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import DateTime, literal, select
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import AuthSession
from api.notifications import kinds
from api.notifications.models import (
    Notification,
    PushDelivery,
    PushSubscription,
)
from api.notifications.preferences import kind_preference, quiet_until_for
from api.outbox.models import OutboxEvent
from api.safety.service import is_blocked_between

log = logging.getLogger(__name__)


# --- from outbox events to notifications -------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Someone to tell about an event. `urgent` None means the kind's default."""

    recipient_id: uuid.UUID
    kind: str
    actor_id: uuid.UUID | None
    subject_type: str
    subject_id: uuid.UUID
    urgent: bool | None = None


@dataclass(frozen=True)
class Created:
    notification_id: uuid.UUID
    recipient_id: uuid.UUID
    in_feed: bool
    push_due: datetime | None  # when its pushes may first go, None when nothing is to be pushed


PlanFn = Callable[[AsyncSession, OutboxEvent], Awaitable[list[Plan]]]


@cache
def _registry() -> tuple[dict[str, PlanFn], dict[str, tuple[str, str]]]:
    """Every domain's PLANS and FOLLOW_UPS (api/<domain>/events.py), by outbox event kind."""
    from api.domains import parts

    plans: dict[str, PlanFn] = {}
    follow_ups: dict[str, tuple[str, str]] = {}
    for module in parts("events"):
        for table, into in ((getattr(module, "PLANS", {}), plans), (getattr(module, "FOLLOW_UPS", {}), follow_ups)):
            for kind, value in table.items():
                if kind in into:
                    raise RuntimeError(f"outbox event {kind!r} is claimed by two domains")
                into[kind] = value
    return plans, follow_ups


async def plans_for(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    """Who is told about an event (empty for events that tell nobody, e.g. need.closed)."""
    plan = _registry()[0].get(event.kind)
    return await plan(db, event) if plan else []


def follow_up_for(event: OutboxEvent) -> tuple[str, dict[str, str]] | None:
    """The job (name, kwargs) that follows an event, e.g. a matching run after need.posted."""
    spec = _registry()[1].get(event.kind)
    if spec is None or not event.payload.get(spec[1]):
        return None
    return spec[0], {spec[1]: event.payload[spec[1]], "since": event.created_at.isoformat()}


async def create_notifications(
    db: AsyncSession, *, event_id: int, community_id: uuid.UUID | None, plans: list[Plan], now: datetime | None = None
) -> list[Created]:
    """Notification rows and their push deliveries (one per device of the recipient), in the
    caller's transaction. Nobody is told about someone they blocked or who blocked them; each
    person's preferences decide between the feed and pushes; quiet hours delay non-urgent pushes."""
    now = now or _now()
    out: list[Created] = []
    for p in plans:
        if p.actor_id is not None and (
            p.actor_id == p.recipient_id or await is_blocked_between(db, p.recipient_id, p.actor_id)
        ):
            continue
        in_app, push = await kind_preference(db, p.recipient_id, p.kind)
        if not (in_app or push):
            continue
        urgent = kinds.is_urgent(p.kind) if p.urgent is None else p.urgent
        stmt = insert(Notification).values(
            id=uuid.uuid4(),
            recipient_id=p.recipient_id,
            community_id=community_id,
            kind=p.kind,
            actor_id=p.actor_id,
            subject_type=p.subject_type,
            subject_id=p.subject_id,
            event_id=event_id,
            urgent=urgent,
            in_feed=in_app,
        )
        nid = await db.scalar(
            stmt.on_conflict_do_nothing(index_elements=["event_id", "recipient_id"]).returning(Notification.id)
        )
        if nid is None:
            continue  # told already (this event was dispatched before)
        due = None
        if push:
            first = now if urgent else (await quiet_until_for(db, p.recipient_id, now) or now)
            devices = (
                select(literal(nid, UUID(as_uuid=True)), PushSubscription.id, literal(first, DateTime(timezone=True)))
                .join(AuthSession, AuthSession.id == PushSubscription.session_id)
                .where(
                    PushSubscription.account_id == p.recipient_id,
                    AuthSession.revoked_at.is_(None),
                    AuthSession.expires_at > now,
                )
            )
            added = await db.execute(
                insert(PushDelivery)
                .from_select(["notification_id", "subscription_id", "next_attempt_at"], devices)
                .on_conflict_do_nothing()
            )
            due = first if added.rowcount else None
        out.append(Created(nid, p.recipient_id, in_app, due))
    return out


def _now() -> datetime:
    return datetime.now(UTC)
