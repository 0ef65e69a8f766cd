"""Notifications: who is told about what (outbox event → recipients, honouring blocks and
preferences), the in-app feed, preferences and quiet hours, Web Push subscriptions, the VAPID key,
and the push delivery table's rules (claim what is due, record each result).

Sending itself is the worker's (workers/notifications.py); this module never talks HTTP."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, and_, delete, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from api import secrets
from api.accounts.models import Account, AuthSession
from api.actor import Viewer, require_viewer
from api.config import Settings
from api.errors import Invalid, NotFound
from api.notifications import kinds
from api.notifications.models import (
    Notification,
    NotificationPreference,
    NotificationSettings,
    PushDelivery,
    PushSubscription,
)
from api.outbox.models import OutboxEvent
from api.safety.service import hidden_account_ids, is_blocked_between
from api.validation import Checker
from workers.webpush import Outcome, PushResult, VapidKeyError, VapidKeys, backoff, origin_of, validate_subscription

log = logging.getLogger(__name__)

VAPID_SECRET = "vapid_private_key"
MAX_DISPATCH_ATTEMPTS = 10
MAX_DEVICES = 50
_HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")


def _now() -> datetime:
    return datetime.now(UTC)


def channel(settings: Settings, account_id: uuid.UUID) -> str:
    """The Redis pub/sub channel on which a person's new notifications are announced (ids only)."""
    return f"{settings.redis_prefix}notifications:{account_id}"


# --- the VAPID key ------------------------------------------------------------------------------


async def vapid_keys(db: AsyncSession, settings: Settings) -> VapidKeys:
    """The application server's key pair (see load_vapid_keys); logs when it had to be made."""
    keys, created = await load_vapid_keys(db, settings)
    if created:
        log.warning("created the VAPID key", extra={"event": "vapid_key_created", "application_server_key": keys.application_server_key})
    return keys


async def load_vapid_keys(db: AsyncSession, settings: Settings) -> tuple[VapidKeys, bool]:
    """(keys, created now). VAPID_PRIVATE_KEY wins when set; otherwise the key made once and kept
    in the database (backed up with it). A stored key that cannot be read is an error, never a
    reason to make a new one: every browser subscription is bound to the old key."""
    if settings.vapid_private_key:
        try:
            return VapidKeys.from_env_value(settings.vapid_private_key), False
        except VapidKeyError as e:
            raise VapidKeyError(f"VAPID_PRIVATE_KEY: {e}") from e
    pem, created = await secrets.get_or_create(db, VAPID_SECRET, lambda: VapidKeys.generate().private_pem().decode())
    try:
        keys = VapidKeys.from_pem(pem.encode())
    except VapidKeyError as e:
        raise VapidKeyError(
            f"the VAPID key stored in the database (secrets.{VAPID_SECRET}) is unreadable: {e}. Restore it from a backup "
            "or set VAPID_PRIVATE_KEY; a new key would silently break every push subscription."
        ) from e
    return keys, created


# --- preferences and quiet hours -----------------------------------------------------------------


@dataclass
class KindPreference:
    kind: str
    in_app: bool
    push: bool


@dataclass
class Preferences:
    kinds: list[KindPreference]
    quiet_start: int | None
    quiet_end: int | None
    timezone: str


async def preferences(db: AsyncSession, viewer: Viewer | None) -> Preferences:
    viewer = require_viewer(viewer)
    rows = {p.kind: p for p in (await db.scalars(select(NotificationPreference).where(NotificationPreference.account_id == viewer.account_id))).all()}
    s = await db.get(NotificationSettings, viewer.account_id)
    tz = await db.scalar(select(Account.timezone).where(Account.id == viewer.account_id)) or "UTC"
    return Preferences(
        kinds=[KindPreference(k, rows[k].in_app if k in rows else True, rows[k].push if k in rows else True) for k in kinds.KINDS],
        quiet_start=s.quiet_start if s else None,
        quiet_end=s.quiet_end if s else None,
        timezone=tz,
    )


def _minutes(c: Checker, field: str, value: str) -> int | None:
    if not isinstance(value, str) or not _HHMM.match(value):
        c.add(field, "Times look like 22:00 or 07:30.", "INVALID_TIME")
        return None
    return int(value[:2]) * 60 + int(value[3:])


async def update_preferences(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    kinds_: list[KindPreference] | None = None,
    quiet_hours: tuple[str, str] | None = None,
    clear_quiet_hours: bool = False,
) -> Preferences:
    viewer = require_viewer(viewer)
    c = Checker()
    seen: set[str] = set()
    for i, p in enumerate(kinds_ or []):
        if p.kind not in kinds.KINDS:
            c.add(f"preferences.{i}.kind", f"'{p.kind[:48]}' is not a kind of notification.", "UNKNOWN_KIND")
        elif p.kind in seen:
            c.add(f"preferences.{i}.kind", "Each kind may appear once.", "DUPLICATE")
        seen.add(p.kind)
    start = end = None
    if quiet_hours is not None and clear_quiet_hours:
        c.add("clearQuietHours", "Set quiet hours or clear them, not both.")
    elif quiet_hours is not None:
        start = _minutes(c, "quietHours.start", quiet_hours[0])
        end = _minutes(c, "quietHours.end", quiet_hours[1])
        if start is not None and start == end:
            c.add("quietHours.end", "Quiet hours must end at a different time than they start.", "INVALID_TIME")
    c.done()
    for p in kinds_ or []:
        stmt = insert(NotificationPreference).values(account_id=viewer.account_id, kind=p.kind, in_app=p.in_app, push=p.push)
        await db.execute(stmt.on_conflict_do_update(index_elements=["account_id", "kind"], set_={"in_app": p.in_app, "push": p.push}))
    if quiet_hours is not None or clear_quiet_hours:
        stmt = insert(NotificationSettings).values(account_id=viewer.account_id, quiet_start=start, quiet_end=end)
        await db.execute(stmt.on_conflict_do_update(index_elements=["account_id"], set_={"quiet_start": start, "quiet_end": end}))
    if any(not p.push for p in kinds_ or []):
        # Pushes already waiting (quiet hours, retries) for a kind just turned off are not sent.
        off = [p.kind for p in kinds_ or [] if not p.push]
        await db.execute(
            update(PushDelivery)
            .where(PushDelivery.status == "pending", PushDelivery.notification_id.in_(
                select(Notification.id).where(Notification.recipient_id == viewer.account_id, Notification.kind.in_(off))))
            .values(status="skipped")
        )
    await db.flush()
    db.expire_all()
    return await preferences(db, viewer)


def quiet_until(tz: str, start: int | None, end: int | None, now: datetime) -> datetime | None:
    """When the quiet hours around `now` end (UTC), or None when `now` is not in quiet hours."""
    if start is None or end is None or start == end:
        return None
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = now.astimezone(zone)
    minute = local.hour * 60 + local.minute
    inside = start <= minute < end if start < end else (minute >= start or minute < end)
    if not inside:
        return None
    day = local.date() if minute < end else local.date() + timedelta(days=1)
    return datetime.combine(day, time(end // 60, end % 60), tzinfo=zone).astimezone(UTC)


async def _quiet_until_for(db: AsyncSession, account_id: uuid.UUID, now: datetime) -> datetime | None:
    row = (
        await db.execute(
            select(Account.timezone, NotificationSettings.quiet_start, NotificationSettings.quiet_end)
            .join(NotificationSettings, NotificationSettings.account_id == Account.id)
            .where(Account.id == account_id)
        )
    ).first()
    return quiet_until(row[0], row[1], row[2], now) if row else None


async def _preference(db: AsyncSession, account_id: uuid.UUID, kind: str) -> tuple[bool, bool]:
    p = await db.get(NotificationPreference, (account_id, kind))
    return (p.in_app, p.push) if p else (True, True)


# --- push subscriptions ---------------------------------------------------------------------------


_SUBSCRIPTION_CODES = {"endpoint": "INVALID_ENDPOINT", "p256dh": "INVALID_KEY", "auth": "INVALID_AUTH"}
_SUBSCRIPTION_LABELS = {"endpoint": "The endpoint", "p256dh": "The p256dh key", "auth": "The auth secret"}


async def register_subscription(
    db: AsyncSession, viewer: Viewer | None, settings: Settings, *, endpoint: str, p256dh: str, auth: str, user_agent: str | None
) -> PushSubscription:
    """Store the browser's subscription for this device. The same endpoint registered again (a new
    key after the browser rotated it, or another person signing in on the same device) moves to the
    current account and session; pushes still waiting for its previous owner are dropped."""
    viewer = require_viewer(viewer)
    problems = validate_subscription(endpoint, p256dh, auth, allow_insecure_localhost=settings.environment == "test")
    if problems:
        c = Checker()
        for field, message in problems:
            c.add(field, f"{_SUBSCRIPTION_LABELS[field]} {message}.", _SUBSCRIPTION_CODES[field])
        c.done()
    previous = await db.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint).with_for_update())
    if previous is not None and previous.account_id != viewer.account_id:
        await db.execute(delete(PushDelivery).where(PushDelivery.subscription_id == previous.id, PushDelivery.status == "pending"))
    values = {"account_id": viewer.account_id, "session_id": viewer.session_id, "p256dh": p256dh, "auth": auth,
              "user_agent": (user_agent or "")[:200] or None}
    stmt = insert(PushSubscription).values(id=uuid.uuid4(), endpoint=endpoint, **values)
    sub_id = await db.scalar(stmt.on_conflict_do_update(index_elements=["endpoint"], set_=values).returning(PushSubscription.id))
    # A person has a few devices; past MAX_DEVICES the oldest registrations go (browsers rotate
    # endpoints, and every notification is sent to each subscription).
    keep = select(PushSubscription.id).where(PushSubscription.account_id == viewer.account_id).order_by(
        PushSubscription.created_at.desc(), PushSubscription.id.desc()).limit(MAX_DEVICES)
    await db.execute(delete(PushSubscription).where(
        PushSubscription.account_id == viewer.account_id, PushSubscription.id != sub_id, PushSubscription.id.not_in(keep)))
    await db.flush()
    sub = await db.get(PushSubscription, sub_id, populate_existing=True)
    assert sub is not None
    return sub


async def remove_subscription(db: AsyncSession, viewer: Viewer | None, *, endpoint: str) -> None:
    viewer = require_viewer(viewer)
    result = await db.execute(
        delete(PushSubscription).where(PushSubscription.endpoint == endpoint, PushSubscription.account_id == viewer.account_id)
    )
    if result.rowcount == 0:
        raise NotFound("That push subscription is not registered for you.", field="endpoint")


async def remove_subscriptions_for_sessions(db: AsyncSession, session_ids: list[uuid.UUID]) -> int:
    """Devices signed out (a password change, a log-out) stop receiving pushes at once."""
    if not session_ids:
        return 0
    result = await db.execute(delete(PushSubscription).where(PushSubscription.session_id.in_(session_ids)))
    return result.rowcount


async def my_subscriptions(db: AsyncSession, viewer: Viewer | None) -> list[PushSubscription]:
    viewer = require_viewer(viewer)
    q = select(PushSubscription).where(PushSubscription.account_id == viewer.account_id).order_by(PushSubscription.created_at)
    return list((await db.scalars(q)).all())


# --- the feed -------------------------------------------------------------------------------------


def _visible(viewer: Viewer):
    """A person's own feed rows, without anything caused by someone they blocked or who blocked them."""
    return and_(
        Notification.recipient_id == viewer.account_id,
        Notification.in_feed.is_(True),
        or_(Notification.actor_id.is_(None), Notification.actor_id.not_in(select(hidden_account_ids(viewer.account_id).c.id))),
    )


async def list_notifications(
    db: AsyncSession, viewer: Viewer | None, *, after: tuple[datetime, uuid.UUID] | None, limit: int, unread_only: bool = False
) -> list[Notification]:
    viewer = require_viewer(viewer)
    q = select(Notification).where(_visible(viewer))
    if unread_only:
        q = q.where(Notification.read_at.is_(None))
    if after is not None:
        q = q.where(func.row(Notification.created_at, Notification.id) < func.row(after[0], after[1]))
    return list((await db.scalars(q.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit))).all())


async def unread_count(db: AsyncSession, viewer: Viewer | None) -> int:
    viewer = require_viewer(viewer)
    return await db.scalar(select(func.count()).select_from(Notification).where(_visible(viewer), Notification.read_at.is_(None))) or 0


async def get_notification(db: AsyncSession, viewer: Viewer | None, notification_id: uuid.UUID) -> Notification:
    """Only its recipient sees a notification (in the feed or not), and not one caused by someone blocked."""
    viewer = require_viewer(viewer)
    n = await db.get(Notification, notification_id)
    if n is None or n.recipient_id != viewer.account_id or (n.actor_id and await is_blocked_between(db, n.recipient_id, n.actor_id)):
        raise NotFound("That notification does not exist.", field="id")
    return n


async def mark_read(db: AsyncSession, viewer: Viewer | None, *, ids: list[uuid.UUID] | None, all_: bool) -> int:
    """Mark some (or all) of my notifications read; others' ids are ignored. Pushes not yet sent for
    them are dropped: nothing is pushed about something already seen."""
    viewer = require_viewer(viewer)
    if all_ == bool(ids):
        raise Invalid("Give the ids to mark read, or all: true.", field="ids")
    if ids is not None and len(ids) > 500:
        raise Invalid("Mark at most 500 notifications at once, or use all: true.", field="ids", code="TOO_MANY")
    now = _now()
    q = update(Notification).where(Notification.recipient_id == viewer.account_id, Notification.read_at.is_(None))
    if not all_:
        q = q.where(Notification.id.in_(ids or []))
    marked = (await db.scalars(q.values(read_at=now).returning(Notification.id))).all()
    if marked:
        await db.execute(
            update(PushDelivery).where(PushDelivery.notification_id.in_(marked), PushDelivery.status == "pending").values(status="skipped")
        )
    return len(marked)


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


async def _match_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    from api.skills.models import Match

    match_id = event.payload.get("match_id")
    m = await db.get(Match, uuid.UUID(match_id)) if match_id else None
    if m is None:
        return []  # a suggestion replaced by a later matching run, or deleted with an account

    def plan(kind: str, recipient: uuid.UUID, actor: uuid.UUID) -> list[Plan]:
        return [Plan(recipient, kind, actor, "Match", m.id)]

    match event.kind:
        case "match.suggested":
            # A suggestion that expired (the need closed) or was acted on before we got here is old news.
            return plan("match_suggested", m.helper_id, m.requester_id) if m.status == "suggested" else []
        case "match.offered":
            return plan("match_offered", m.requester_id, m.helper_id)
        case "match.requested":
            return plan("match_requested", m.helper_id, m.requester_id)
        case "match.accepted" | "match.declined":
            by = uuid.UUID(event.payload["by"]) if event.payload.get("by") else m.requester_id
            other = m.helper_id if by == m.requester_id else m.requester_id
            return plan("match_" + event.kind.split(".")[1], other, by)
        case "match.completed":
            return plan("thanks_received" if event.payload.get("thanked") else "match_completed", m.helper_id, m.requester_id)
    return []


async def plans_for(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    """Who is told about an event (empty for events that tell nobody, e.g. need.closed)."""
    if event.kind.startswith("match."):
        return await _match_plans(db, event)
    return []


async def create_notifications(
    db: AsyncSession, *, event_id: int, community_id: uuid.UUID | None, plans: list[Plan], now: datetime | None = None
) -> list[Created]:
    """Notification rows and their push deliveries (one per device of the recipient), in the
    caller's transaction. Nobody is told about someone they blocked or who blocked them; each
    person's preferences decide between the feed and pushes; quiet hours delay non-urgent pushes."""
    now = now or _now()
    out: list[Created] = []
    for p in plans:
        if p.actor_id is not None and (p.actor_id == p.recipient_id or await is_blocked_between(db, p.recipient_id, p.actor_id)):
            continue
        in_app, push = await _preference(db, p.recipient_id, p.kind)
        if not (in_app or push):
            continue
        urgent = kinds.is_urgent(p.kind) if p.urgent is None else p.urgent
        stmt = insert(Notification).values(
            id=uuid.uuid4(), recipient_id=p.recipient_id, community_id=community_id, kind=p.kind, actor_id=p.actor_id,
            subject_type=p.subject_type, subject_id=p.subject_id, event_id=event_id, urgent=urgent, in_feed=in_app,
        )
        nid = await db.scalar(stmt.on_conflict_do_nothing(index_elements=["event_id", "recipient_id"]).returning(Notification.id))
        if nid is None:
            continue  # told already (this event was dispatched before)
        due = None
        if push:
            first = now if urgent else (await _quiet_until_for(db, p.recipient_id, now) or now)
            devices = (
                select(literal(nid, UUID(as_uuid=True)), PushSubscription.id, literal(first, DateTime(timezone=True)))
                .join(AuthSession, AuthSession.id == PushSubscription.session_id)
                .where(PushSubscription.account_id == p.recipient_id, AuthSession.revoked_at.is_(None), AuthSession.expires_at > now)
            )
            added = await db.execute(
                insert(PushDelivery).from_select(["notification_id", "subscription_id", "next_attempt_at"], devices).on_conflict_do_nothing()
            )
            due = first if added.rowcount else None
        out.append(Created(nid, p.recipient_id, in_app, due))
    return out


async def lock_event(db: AsyncSession, event_id: int) -> OutboxEvent | None:
    """The event, locked for dispatch; None when it was dispatched already or another job holds it."""
    return await db.scalar(
        select(OutboxEvent).where(OutboxEvent.id == event_id, OutboxEvent.dispatched_at.is_(None)).with_for_update(skip_locked=True)
    )


async def pending_events(db: AsyncSession, *, older_than: datetime, limit: int = 500) -> list[int]:
    q = (
        select(OutboxEvent.id)
        .where(OutboxEvent.dispatched_at.is_(None), OutboxEvent.created_at <= older_than, OutboxEvent.attempts < MAX_DISPATCH_ATTEMPTS)
        .order_by(OutboxEvent.id)
        .limit(limit)
    )
    return list((await db.scalars(q)).all())


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
        select(func.min(PushDelivery.next_attempt_at)).where(PushDelivery.notification_id == notification_id, PushDelivery.status == "pending")
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


async def claim_pushes(db: AsyncSession, notification_id: uuid.UUID, *, lease: int, now: datetime | None = None) -> Claim:
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
    elif not (await _preference(db, n.recipient_id, n.kind))[1]:
        skipped = "push_off"
    if skipped:
        await db.execute(update(PushDelivery).where(pending).values(status="skipped"))
        return Claim(n, skipped=skipped, items=[])
    if not n.urgent and (until := await _quiet_until_for(db, n.recipient_id, now)) is not None:
        await db.execute(update(PushDelivery).where(pending, PushDelivery.next_attempt_at < until).values(next_attempt_at=until))
        return Claim(n, deferred_until=until, items=[])
    # Devices signed out since (a session that ended) get nothing more.
    ended = select(PushSubscription.id).join(AuthSession, AuthSession.id == PushSubscription.session_id).where(
        PushSubscription.account_id == n.recipient_id, or_(AuthSession.revoked_at.is_not(None), AuthSession.expires_at <= now)
    )
    await db.execute(update(PushDelivery).where(pending, PushDelivery.subscription_id.in_(ended)).values(status="skipped"))
    rows = (
        await db.execute(
            update(PushDelivery)
            .where(pending, PushDelivery.next_attempt_at <= now, PushDelivery.subscription_id == PushSubscription.id)
            .values(attempts=PushDelivery.attempts + 1, next_attempt_at=now + timedelta(seconds=lease))
            .returning(PushSubscription.id, PushSubscription.endpoint, PushSubscription.p256dh, PushSubscription.auth, PushDelivery.attempts)
        )
    ).all()
    language = await db.scalar(select(Account.ui_language).where(Account.id == n.recipient_id)) or "en"
    return Claim(n, language=language, items=[Claimed(r[0], r[1], r[2], r[3], r[4]) for r in rows])


async def record_results(
    db: AsyncSession, notification_id: uuid.UUID, results: list[tuple[Claimed, PushResult]], *, max_attempts: int, now: datetime | None = None
) -> dict[str, int]:
    """Write what the push services answered: delivered; gone (the subscription is deleted); retry
    later (Retry-After or backoff; given up as failed after `max_attempts`); rejected (our bug: the
    subscription is kept, nothing retried)."""
    now = now or _now()
    counts: dict[str, int] = {}
    for item, result in results:
        row = and_(PushDelivery.notification_id == notification_id, PushDelivery.subscription_id == item.subscription_id,
                   PushDelivery.status == "pending")
        outcome = result.outcome.value
        if result.outcome is Outcome.DELIVERED:
            await db.execute(update(PushDelivery).where(row).values(status="delivered", delivered_at=now, last_status=result.status))
            await db.execute(update(PushSubscription).where(PushSubscription.id == item.subscription_id).values(last_success_at=now))
        elif result.outcome is Outcome.GONE:
            await db.execute(delete(PushSubscription).where(PushSubscription.id == item.subscription_id))
            log.info("push subscription gone, deleted",
                     extra={"event": "push_gone", "origin": origin_of(item.endpoint), "status": result.status})
        elif result.outcome is Outcome.RETRY and item.attempt < max_attempts:
            delay = result.retry_after if result.retry_after is not None else backoff(item.attempt)
            await db.execute(update(PushDelivery).where(row).values(next_attempt_at=now + timedelta(seconds=delay), last_status=result.status))
        elif result.outcome is Outcome.RETRY:
            outcome = "failed"
            await db.execute(update(PushDelivery).where(row).values(status="failed", last_status=result.status))
            log.error("push given up", extra={"event": "push_failed", "origin": origin_of(item.endpoint), "attempts": item.attempt,
                                               "status": result.status})
        else:
            await db.execute(update(PushDelivery).where(row).values(status="rejected", last_status=result.status))
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


# --- data export ----------------------------------------------------------------------------------


async def export_for(db: AsyncSession, account_id: uuid.UUID) -> dict:
    """The person's devices (push service origin only: the endpoint is a secret capability URL),
    preferences, quiet hours and notifications, for exportMyData."""

    def iso(d: datetime | None) -> str | None:
        return d.isoformat() if d else None

    subs = (await db.scalars(select(PushSubscription).where(PushSubscription.account_id == account_id).order_by(PushSubscription.created_at))).all()
    prefs = (await db.scalars(select(NotificationPreference).where(NotificationPreference.account_id == account_id))).all()
    s = await db.get(NotificationSettings, account_id)
    notes = (await db.scalars(select(Notification).where(Notification.recipient_id == account_id).order_by(Notification.created_at))).all()

    def hhmm(m: int | None) -> str | None:
        return None if m is None else f"{m // 60:02d}:{m % 60:02d}"

    return {
        "pushSubscriptions": [
            {"endpointOrigin": origin_of(x.endpoint), "userAgent": x.user_agent, "createdAt": iso(x.created_at), "lastSuccessAt": iso(x.last_success_at)}
            for x in subs
        ],
        "notificationPreferences": {
            "kinds": [{"kind": p.kind, "inApp": p.in_app, "push": p.push} for p in prefs],
            "quietHours": {"start": hhmm(s.quiet_start), "end": hhmm(s.quiet_end)} if s and s.quiet_start is not None else None,
        },
        "notifications": [
            {"kind": n.kind, "subjectType": n.subject_type, "createdAt": iso(n.created_at), "readAt": iso(n.read_at)} for n in notes
        ],
    }
