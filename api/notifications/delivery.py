"""The push delivery table's rules: what is due, claiming a notification's pushes for a lease
before sending, and recording what each push service answered. Sending itself (HTTP) is
api.notifications.webpush, driven by the send_pushes job."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api import metrics
from api.accounts.models import Account, AuthSession
from api.notifications.models import (
    Notification,
    PushDelivery,
    PushSubscription,
)
from api.notifications.preferences import kind_preference, quiet_until_for
from api.notifications.webpush import Outcome, PushResult, backoff, origin_of
from api.safety.service import is_blocked_between

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


async def next_due(db: AsyncSession, notification_id: uuid.UUID) -> datetime | None:
    return await db.scalar(
        select(func.min(PushDelivery.next_attempt_at)).where(
            PushDelivery.notification_id == notification_id, PushDelivery.status == "pending"
        )
    )


# --- claiming and recording pushes ---------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    subscription_id: uuid.UUID
    endpoint: str
    p256dh: str
    auth: str
    attempt: int  # 1 = the first try


@dataclass
class Claim:
    notification: Notification | None
    language: str = "en"
    items: list[Claimed] | None = None
    skipped: str | None = None  # why nothing is pushed at all: read, blocked, push_off, gone
    deferred_until: datetime | None = None  # quiet hours


async def claim_pushes(
    db: AsyncSession, notification_id: uuid.UUID, *, lease: int, now: datetime | None = None
) -> Claim:
    """Take the notification's due pushes for `lease` seconds (commit before sending). While a job
    holds them nobody else sends them; if its worker dies they come due again when the lease ends."""
    now = now or _now()
    n = await db.get(Notification, notification_id)
    if n is None:
        return Claim(None, skipped="gone")
    pending = and_(PushDelivery.notification_id == n.id, PushDelivery.status == "pending")
    skipped = None
    if n.read_at is not None:
        skipped = "read"
    elif n.actor_id is not None and await is_blocked_between(db, n.recipient_id, n.actor_id):
        skipped = "blocked"
    elif not (await kind_preference(db, n.recipient_id, n.kind))[1]:
        skipped = "push_off"
    if skipped:
        await db.execute(update(PushDelivery).where(pending).values(status="skipped"))
        return Claim(n, skipped=skipped, items=[])
    if not n.urgent and (until := await quiet_until_for(db, n.recipient_id, now)) is not None:
        await db.execute(
            update(PushDelivery).where(pending, PushDelivery.next_attempt_at < until).values(next_attempt_at=until)
        )
        return Claim(n, deferred_until=until, items=[])
    # Devices signed out since (a session that ended) get nothing more.
    ended = (
        select(PushSubscription.id)
        .join(AuthSession, AuthSession.id == PushSubscription.session_id)
        .where(
            PushSubscription.account_id == n.recipient_id,
            or_(AuthSession.revoked_at.is_not(None), AuthSession.expires_at <= now),
        )
    )
    await db.execute(
        update(PushDelivery).where(pending, PushDelivery.subscription_id.in_(ended)).values(status="skipped")
    )
    rows = (
        await db.execute(
            update(PushDelivery)
            .where(pending, PushDelivery.next_attempt_at <= now, PushDelivery.subscription_id == PushSubscription.id)
            .values(attempts=PushDelivery.attempts + 1, next_attempt_at=now + timedelta(seconds=lease))
            .returning(
                PushSubscription.id,
                PushSubscription.endpoint,
                PushSubscription.p256dh,
                PushSubscription.auth,
                PushDelivery.attempts,
            )
        )
    ).all()
    language = await db.scalar(select(Account.ui_language).where(Account.id == n.recipient_id)) or "en"
    return Claim(n, language=language, items=[Claimed(r[0], r[1], r[2], r[3], r[4]) for r in rows])


async def record_results(
    db: AsyncSession,
    notification_id: uuid.UUID,
    results: list[tuple[Claimed, PushResult]],
    *,
    max_attempts: int,
    now: datetime | None = None,
) -> dict[str, int]:
    """Write what the push services answered: delivered; gone or refused (the subscription is
    deleted); retry
    later (Retry-After or backoff; given up as failed after `max_attempts`); rejected (our bug: the
    subscription is kept, nothing retried)."""
    now = now or _now()
    counts: dict[str, int] = {}
    for item, result in results:
        row = and_(
            PushDelivery.notification_id == notification_id,
            PushDelivery.subscription_id == item.subscription_id,
            PushDelivery.status == "pending",
        )
        outcome = result.outcome.value
        metrics.push_outcome(result.status, outcome)
        if result.outcome is Outcome.DELIVERED:
            await db.execute(
                update(PushDelivery).where(row).values(status="delivered", delivered_at=now, last_status=result.status)
            )
            await db.execute(
                update(PushSubscription).where(PushSubscription.id == item.subscription_id).values(last_success_at=now)
            )
        elif result.outcome is Outcome.GONE:
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
    return counts


def _now() -> datetime:
    return datetime.now(UTC)
