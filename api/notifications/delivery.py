"""The push delivery table's rules: what is due, claiming a notification's pushes for a lease
before sending, and recording what each push service answered. Sending itself (HTTP) is
api.notifications.webpush, driven by the send_pushes job."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, SmallInteger, and_, delete, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from api import metrics
from api.accounts.models import Account, AuthSession
from api.db import in_uuids, uuids
from api.notifications import kinds
from api.notifications.models import (
    Notification,
    PushDelivery,
    PushSubscription,
)
from api.notifications.preferences import kind_preferences, quiet_until_many
from api.notifications.webpush import Outcome, PushResult, backoff, origin_of
from api.safety.service import blocked_pairs

log = logging.getLogger(__name__)


async def due_pushes(db: AsyncSession, *, due_before: datetime, limit: int = 500) -> list[tuple[uuid.UUID, datetime]]:
    """Notifications with pushes waiting since before `due_before`: (id, earliest due time)."""
    q = (
        select(PushDelivery.notification_id, func.min(PushDelivery.next_attempt_at))
        .where(PushDelivery.status == "pending", PushDelivery.next_attempt_at <= due_before)
        .group_by(PushDelivery.notification_id)
        .limit(limit)
    )
    return [(r[0], r[1]) for r in (await db.execute(q)).all()]


async def next_due(db: AsyncSession, notification_ids: list[uuid.UUID]) -> dict[uuid.UUID, datetime]:
    """When each notification's next pending push comes due (those with none are absent)."""
    rows = await db.execute(
        select(PushDelivery.notification_id, func.min(PushDelivery.next_attempt_at))
        .where(in_uuids(PushDelivery.notification_id, notification_ids), PushDelivery.status == "pending")
        .group_by(PushDelivery.notification_id)
    )
    return dict(rows.all())


# --- claiming and recording pushes ---------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    notification_id: uuid.UUID
    subscription_id: uuid.UUID
    endpoint: str
    p256dh: str
    auth: str
    attempt: int  # 1 = the first try


@dataclass
class Claim:
    notification: Notification | None
    language: str = "en"
    items: list[Claimed] = field(default_factory=list)
    skipped: str | None = None  # why nothing is pushed at all: read, blocked, push_off, gone
    deferred_until: datetime | None = None  # quiet hours


Watched = Callable[[list[tuple[uuid.UUID, uuid.UUID]]], Awaitable[set[tuple[uuid.UUID, uuid.UUID]]]]


async def claim_pushes(
    db: AsyncSession,
    notification_ids: list[uuid.UUID],
    *,
    lease: int,
    now: datetime | None = None,
    watched: Watched | None = None,
) -> dict[uuid.UUID, Claim]:
    """Take the notifications' due pushes for `lease` seconds (commit before sending). While a job
    holds them nobody else sends them; if its worker dies they come due again when the lease ends.

    Set-wise: a batch of a dispatch's notifications (thousands, for a post in a large group) costs
    the same handful of statements as one notification."""
    now = now or _now()
    claims: dict[uuid.UUID, Claim] = {nid: Claim(None, skipped="gone") for nid in notification_ids}
    rows = (
        await db.execute(
            select(Notification, Account.ui_language)
            .join(Account, Account.id == Notification.recipient_id)
            .where(in_uuids(Notification.id, notification_ids))
        )
    ).all()
    if not rows:
        return claims
    recipients = {n.recipient_id for n, _ in rows}
    blocked = await blocked_pairs(db, recipients, {n.actor_id for n, _ in rows if n.actor_id is not None})
    prefs = await kind_preferences(db, recipients, {n.kind for n, _ in rows})
    quiet = await quiet_until_many(db, {n.recipient_id for n, _ in rows if not n.urgent}, now)
    # (recipient, subject) pairs of kinds not pushed to someone looking at the subject right now.
    looking: set[tuple[uuid.UUID, uuid.UUID]] = set()
    if watched is not None:
        candidates = [
            (n.recipient_id, n.subject_id)
            for n, _ in rows
            if n.read_at is None and (k := kinds.get(n.kind)) is not None and k.quiet_when_watching
        ]
        looking = await watched(candidates) if candidates else set()
    skipped: list[uuid.UUID] = []
    deferred: list[tuple[uuid.UUID, datetime]] = []
    sending: list[uuid.UUID] = []
    for n, language in rows:
        claim = claims[n.id] = Claim(n, language=language or "en")
        if n.read_at is not None:
            claim.skipped = "read"
        elif n.actor_id is not None and (n.recipient_id, n.actor_id) in blocked:
            claim.skipped = "blocked"
        elif not prefs.get((n.recipient_id, n.kind), (True, True))[1]:
            claim.skipped = "push_off"
        elif (n.recipient_id, n.subject_id) in looking:
            claim.skipped = "watching"  # it is on their screen already
        elif not n.urgent and n.recipient_id in quiet:
            claim.deferred_until = quiet[n.recipient_id]
            deferred.append((n.id, claim.deferred_until))
        else:
            sending.append(n.id)
        if claim.skipped:
            skipped.append(n.id)
    pending = PushDelivery.status == "pending"
    if skipped:
        await db.execute(
            update(PushDelivery)
            .where(pending, in_uuids(PushDelivery.notification_id, skipped))
            .values(status="skipped")
        )
    if deferred:
        until = select(
            func.unnest(uuids([d[0] for d in deferred])).label("nid"),
            func.unnest(literal([d[1] for d in deferred], ARRAY(DateTime(timezone=True)))).label("until"),
        ).subquery()
        await db.execute(
            update(PushDelivery)
            .where(pending, PushDelivery.notification_id == until.c.nid, PushDelivery.next_attempt_at < until.c.until)
            .values(next_attempt_at=until.c.until)
        )
    if not sending:
        return claims
    # Devices signed out since (a session that ended) get nothing more.
    ended = (
        select(PushSubscription.id)
        .join(AuthSession, AuthSession.id == PushSubscription.session_id)
        .where(
            in_uuids(PushSubscription.account_id, {claims[nid].notification.recipient_id for nid in sending}),  # type: ignore[union-attr]
            or_(AuthSession.revoked_at.is_not(None), AuthSession.expires_at <= now),
        )
    )
    mine = and_(pending, in_uuids(PushDelivery.notification_id, sending))
    await db.execute(update(PushDelivery).where(mine, PushDelivery.subscription_id.in_(ended)).values(status="skipped"))
    taken = (
        await db.execute(
            update(PushDelivery)
            .where(mine, PushDelivery.next_attempt_at <= now, PushDelivery.subscription_id == PushSubscription.id)
            .values(attempts=PushDelivery.attempts + 1, next_attempt_at=now + timedelta(seconds=lease))
            .returning(
                PushDelivery.notification_id,
                PushSubscription.id,
                PushSubscription.endpoint,
                PushSubscription.p256dh,
                PushSubscription.auth,
                PushDelivery.attempts,
            )
        )
    ).all()
    for r in taken:
        claims[r[0]].items.append(Claimed(*r))
    return claims


async def record_results(
    db: AsyncSession,
    results: list[tuple[Claimed, PushResult]],
    *,
    max_attempts: int,
    now: datetime | None = None,
) -> dict[str, int]:
    """Write what the push services answered: delivered; gone or refused (the subscription is
    deleted); retry later (Retry-After or backoff; given up as failed after `max_attempts`);
    rejected (our bug: the subscription is kept, nothing retried). Deliveries, nearly all of a
    batch, are written in two statements however many there are."""
    now = now or _now()
    counts: dict[str, int] = {}
    delivered: list[tuple[Claimed, PushResult]] = []
    for item, result in results:
        outcome = result.outcome.value
        metrics.push_outcome(result.status, outcome)
        if result.outcome is Outcome.DELIVERED:
            delivered.append((item, result))
            counts[outcome] = counts.get(outcome, 0) + 1
            continue
        row = and_(
            PushDelivery.notification_id == item.notification_id,
            PushDelivery.subscription_id == item.subscription_id,
            PushDelivery.status == "pending",
        )
        if result.outcome is Outcome.GONE:
            await db.execute(delete(PushSubscription).where(PushSubscription.id == item.subscription_id))
            log.info(
                "push subscription gone, deleted",
                extra={"event": "push_gone", "origin": origin_of(item.endpoint), "status": result.status},
            )
        elif result.outcome is Outcome.REFUSED:
            # Its host now resolves to an address push is never sent to (or its port is not
            # allowed): it would be refused on every retry, so it goes like a gone one.
            await db.execute(delete(PushSubscription).where(PushSubscription.id == item.subscription_id))
            log.warning(
                "push endpoint refused, subscription deleted",
                extra={"event": "push_refused", "origin": origin_of(item.endpoint), "detail": result.detail},
            )
        elif result.outcome is Outcome.RETRY and item.attempt < max_attempts:
            delay = result.retry_after if result.retry_after is not None else backoff(item.attempt)
            await db.execute(
                update(PushDelivery)
                .where(row)
                .values(next_attempt_at=now + timedelta(seconds=delay), last_status=result.status)
            )
        elif result.outcome is Outcome.RETRY:
            outcome = "failed"
            await db.execute(update(PushDelivery).where(row).values(status="failed", last_status=result.status))
            log.error(
                "push given up",
                extra={
                    "event": "push_failed",
                    "origin": origin_of(item.endpoint),
                    "attempts": item.attempt,
                    "status": result.status,
                },
            )
        else:
            await db.execute(update(PushDelivery).where(row).values(status="rejected", last_status=result.status))
        counts[outcome] = counts.get(outcome, 0) + 1
    if delivered:
        done = select(
            func.unnest(uuids([i.notification_id for i, _ in delivered])).label("nid"),
            func.unnest(uuids([i.subscription_id for i, _ in delivered])).label("sid"),
            func.unnest(literal([r.status for _, r in delivered], ARRAY(SmallInteger))).label("status"),
        ).subquery()
        await db.execute(
            update(PushDelivery)
            .where(
                PushDelivery.notification_id == done.c.nid,
                PushDelivery.subscription_id == done.c.sid,
                PushDelivery.status == "pending",
            )
            .values(status="delivered", delivered_at=now, last_status=done.c.status)
        )
        await db.execute(
            update(PushSubscription)
            .where(in_uuids(PushSubscription.id, {i.subscription_id for i, _ in delivered}))
            .values(last_success_at=now)
        )
    return counts


def _now() -> datetime:
    return datetime.now(UTC)
