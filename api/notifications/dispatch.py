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
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, String, and_, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY, UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import AuthSession
from api.db import in_uuids, uuids
from api.notifications import kinds
from api.notifications.models import (
    Notification,
    PushDelivery,
    PushSubscription,
)
from api.notifications.preferences import kind_preferences, quiet_until_many
from api.outbox.models import OutboxEvent
from api.safety.service import blocked_pairs

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


# Rows per INSERT (each column is one array parameter, so this bounds a statement's size, not its
# number of parameters).
CHUNK = 5000


async def create_notifications(
    db: AsyncSession, *, event_id: int, community_id: uuid.UUID | None, plans: list[Plan], now: datetime | None = None
) -> list[Created]:
    """Notification rows and their push deliveries (one per device of the recipient), in the
    caller's transaction. Nobody is told about someone they blocked or who blocked them; each
    person's preferences decide between the feed and pushes; quiet hours delay non-urgent pushes.

    Set-based, whatever the number of recipients (a post in a group of thousands): the blocks, the
    preferences and the quiet hours of all recipients are read in one query each, and the rows are
    written in chunks of CHUNK, so the statements grow with recipients / CHUNK, not with recipients."""
    now = now or _now()
    # One notification per event and recipient (the first plan for them), never about oneself.
    seen: set[uuid.UUID] = set()
    plans = [
        p
        for p in plans
        if (p.actor_id is None or p.actor_id != p.recipient_id)
        and not (p.recipient_id in seen or seen.add(p.recipient_id))
    ]
    if not plans:
        return []
    recipients = {p.recipient_id for p in plans}
    blocked = await blocked_pairs(db, recipients, {p.actor_id for p in plans if p.actor_id is not None})
    plans = [p for p in plans if p.actor_id is None or (p.recipient_id, p.actor_id) not in blocked]
    prefs = await kind_preferences(db, recipients, {p.kind for p in plans})
    # A push-only kind (a new message: it shows in its conversation, not the feed) is not written
    # for someone with no device to push to.
    push_only = {p.recipient_id for p in plans if (k := kinds.get(p.kind)) is not None and not k.feed}
    reachable = await _with_devices(db, push_only, now) if push_only else set()
    wanted: list[tuple[Plan, bool, bool, bool]] = []  # plan, in_app, push, urgent
    for p in plans:
        in_app, push = prefs.get((p.recipient_id, p.kind), (True, True))
        if (k := kinds.get(p.kind)) is not None and not k.feed:
            in_app, push = False, push and p.recipient_id in reachable
        if in_app or push:
            wanted.append((p, in_app, push, kinds.is_urgent(p.kind) if p.urgent is None else p.urgent))
    quiet = await quiet_until_many(db, {p.recipient_id for p, _, push, urgent in wanted if push and not urgent}, now)
    out: list[Created] = []
    for i in range(0, len(wanted), CHUNK):
        out += await _write(db, event_id, community_id, wanted[i : i + CHUNK], quiet, now)
    return out


async def _write(
    db: AsyncSession,
    event_id: int,
    community_id: uuid.UUID | None,
    chunk: list[tuple[Plan, bool, bool, bool]],
    quiet: dict[uuid.UUID, datetime],
    now: datetime,
) -> list[Created]:
    # INSERT … SELECT FROM unnest(arrays): one statement, compiled once and cached, whatever the
    # number of rows (a multi-row VALUES list is compiled anew for every size, which cost more than
    # the insert itself for a group of thousands).
    def column(values: list, type_) -> Any:
        return func.unnest(literal(values, ARRAY(type_)))

    rows = select(
        column([uuid.uuid4() for _ in chunk], UUID(as_uuid=True)).label("id"),
        column([p.recipient_id for p, *_ in chunk], UUID(as_uuid=True)).label("recipient_id"),
        literal(community_id, UUID(as_uuid=True)).label("community_id"),
        column([p.kind for p, *_ in chunk], String()).label("kind"),
        column([p.actor_id for p, *_ in chunk], UUID(as_uuid=True)).label("actor_id"),
        column([p.subject_type for p, *_ in chunk], String()).label("subject_type"),
        column([p.subject_id for p, *_ in chunk], UUID(as_uuid=True)).label("subject_id"),
        literal(event_id, BigInteger()).label("event_id"),
        column([urgent for *_, urgent in chunk], Boolean()).label("urgent"),
        column([in_app for _, in_app, _, _ in chunk], Boolean()).label("in_feed"),
    )
    made = (
        await db.execute(
            insert(Notification)
            .from_select(
                [
                    "id",
                    "recipient_id",
                    "community_id",
                    "kind",
                    "actor_id",
                    "subject_type",
                    "subject_id",
                    "event_id",
                    "urgent",
                    "in_feed",
                ],
                rows,
            )
            .on_conflict_do_nothing(index_elements=["event_id", "recipient_id"])
            .returning(Notification.id, Notification.recipient_id)
        )
    ).all()
    ids = {r: n for n, r in made}  # recipient -> new notification (told already: absent)
    pushing = [
        (ids[p.recipient_id], p.recipient_id, now if urgent else quiet.get(p.recipient_id, now))
        for p, _in_app, push, urgent in chunk
        if push and p.recipient_id in ids
    ]
    due: dict[uuid.UUID, datetime] = {}
    if pushing:
        v = select(
            func.unnest(uuids([n for n, _, _ in pushing])).label("nid"),
            func.unnest(uuids([r for _, r, _ in pushing])).label("rid"),
            func.unnest(literal([f for _, _, f in pushing], ARRAY(DateTime(timezone=True)))).label("first"),
        ).subquery()
        devices = (
            select(v.c.nid, PushSubscription.id, v.c.first)
            .join(PushSubscription, PushSubscription.account_id == v.c.rid)
            .join(AuthSession, AuthSession.id == PushSubscription.session_id)
            .where(_signed_in(now))
        )
        added = await db.execute(
            insert(PushDelivery)
            .from_select(["notification_id", "subscription_id", "next_attempt_at"], devices)
            .on_conflict_do_nothing()
            .returning(PushDelivery.notification_id, PushDelivery.next_attempt_at)
        )
        due = dict(added.all())
    return [
        Created(ids[p.recipient_id], p.recipient_id, in_app, due.get(ids[p.recipient_id]))
        for p, in_app, _push, _urgent in chunk
        if p.recipient_id in ids
    ]


def _signed_in(now: datetime):
    """A push subscription's session is still signed in (devices signed out get nothing)."""
    return and_(AuthSession.revoked_at.is_(None), AuthSession.expires_at > now)


async def _with_devices(db: AsyncSession, account_ids: set[uuid.UUID], now: datetime) -> set[uuid.UUID]:
    """Of these people, those signed in on at least one device subscribed to Web Push."""
    rows = await db.scalars(
        select(PushSubscription.account_id)
        .join(AuthSession, AuthSession.id == PushSubscription.session_id)
        .where(in_uuids(PushSubscription.account_id, account_ids), _signed_in(now))
        .distinct()
    )
    return set(rows.all())


def _now() -> datetime:
    return datetime.now(UTC)
