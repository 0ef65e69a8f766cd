"""Web Push delivery: `send_pushes(notification_id)` sends one notification to every device of its
recipient, concurrently inside the one job (DESIGN.md §6, STYLE.md "Mastodon and Zulip").

Sending is at least once, not exactly once: jobs are retried and swept, and a dead worker's claim
runs out. The delivery table (a row per (notification, subscription), claimed for a lease before
sending and marked as soon as its answer is known) means that nothing recorded as delivered is sent
again. A push in flight when its worker died is sent again once the lease ends. The copy carries the
same `Topic` header (the notification id), so a push service replaces a copy it still holds (RFC 8030
§5.4), but one already delivered to an online device arrives twice. The payload carries the id for
the PWA's service worker to use as the notification `tag`, so the second copy replaces the first
notification on screen instead of adding one.

Every night, `purge_old_notifications` deletes read notifications and old push delivery records."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from saq import CronJob
from sqlalchemy import select, tuple_

from api import presence
from api.config import Settings
from api.db import delete_in_slices, session_scope
from api.ids import to_global_id
from api.jobs import enqueue
from api.notifications import delivery, feed, kinds
from api.notifications.dispatch import Created
from api.notifications.models import Notification, PushDelivery
from api.notifications.webpush import Outcome, PushResult, PushSubscription, check_payload
from api.redis_client import publish_many

log = logging.getLogger("workers.notifications")


def _now() -> datetime:
    return datetime.now(UTC)


def collapses(n: Notification) -> bool:
    k = kinds.get(n.kind)
    return bool(k and k.collapse_by_subject)


def topic(n: Notification) -> str:
    """The push `Topic`: a push service keeps only the latest of one topic for an offline device.
    Per notification (copies of one push), or per subject for kinds that collapse (a conversation)."""
    return n.subject_id.hex if collapses(n) else n.id.hex


def payload(n: Notification, language: str) -> bytes:
    """What the service worker gets: ids, and a generic title and body line in the recipient's
    language (`lang`). No names, no places, no message text: the app fetches the details (signed
    in) when it is opened. `tag` is what the notification on screen is replaced by."""
    body = json.dumps(
        {
            "id": to_global_id("Notification", n.id),
            "tag": to_global_id(n.subject_type, n.subject_id) if collapses(n) else to_global_id("Notification", n.id),
            "kind": n.kind,
            "subject": to_global_id(n.subject_type, n.subject_id),
            "title": kinds.title(n.kind, language),
            "body": kinds.push_body(n.kind, language),
            "lang": kinds.text_language(language),
            "urgent": n.urgent,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    check_payload(body)
    return body


async def send_pushes(
    ctx: dict[str, Any], *, notification_id: str | None = None, notification_ids: list[str] | None = None
) -> dict[str, Any]:
    """Send the pushes of one notification, or of a batch of them (a dispatch hands its
    notifications over PUSH_BATCH at a time): claimed together, sent concurrently through the
    shared sender, and recorded as the answers come."""
    settings, sessions, sender = ctx["settings"], ctx["sessions"], ctx["push_sender"]
    ids = [uuid.UUID(i) for i in (notification_ids or [])] + ([uuid.UUID(notification_id)] if notification_id else [])
    async with session_scope(sessions) as db:
        claims = await delivery.claim_pushes(
            db,
            ids,
            lease=settings.push_lease,
            watched=partial(presence.watched, ctx.get("redis"), settings.redis_prefix),
        )
    counts: Counter[str] = Counter()
    items = [(claim, item) for claim in claims.values() for item in claim.items]
    if items:
        results: asyncio.Queue[tuple[delivery.Claimed, PushResult] | None] = asyncio.Queue()

        async def record() -> None:
            # Writes the answers as soon as they are known, batching whatever arrived meanwhile, so
            # a worker killed mid-fan-out has recorded everything answered before it died.
            finished = False
            while not finished:
                batch = [await results.get()]
                while not results.empty():
                    batch.append(results.get_nowait())
                if batch[-1] is None:
                    finished = True
                    batch.pop()
                if batch:
                    async with session_scope(sessions) as db:
                        counts.update(await delivery.record_results(db, batch, max_attempts=settings.push_max_attempts))  # type: ignore[arg-type]

        bodies = {nid: payload(c.notification, c.language) for nid, c in claims.items() if c.items and c.notification}

        async def one(claim: delivery.Claim, item: delivery.Claimed) -> None:
            n = claim.notification
            assert n is not None
            try:
                result = await sender.send(
                    PushSubscription(item.endpoint, item.p256dh, item.auth),
                    bodies[n.id],
                    ttl=settings.push_ttl,
                    urgency="high" if n.urgent else "normal",
                    topic=topic(n),
                    attempt=item.attempt,
                )
            except Exception as e:
                log.exception("push could not be built", extra={"event": "push_error", "notification_id": str(n.id)})
                result = PushResult(Outcome.REJECTED, None, detail=type(e).__name__)
            results.put_nowait((item, result))

        recorder = asyncio.create_task(record())
        try:
            # Each device's push is its own request through the shared sender (pooled and limited
            # per push service), so one slow push service never holds up the answers of the others.
            await asyncio.gather(*(one(claim, item) for claim, item in items))
        finally:
            results.put_nowait(None)
            await recorder
    # Whatever is still pending (retries, quiet hours) gets a job at its due time; the sweeper is
    # the safety net if this enqueue is lost.
    async with session_scope(sessions) as db:
        due = await delivery.next_due(db, ids)
    for nid, at in due.items():
        await enqueue_pushes(ctx, nid, at)
    outcome: dict[str, Any] = {"notifications": len(ids), "sent": len(items), **counts}
    skipped = Counter(c.skipped for c in claims.values() if c.skipped)
    if skipped:
        outcome["skipped"] = dict(skipped)
    if deferred := sum(1 for c in claims.values() if c.deferred_until):
        outcome["deferred"] = deferred
    log.info("pushes sent", extra={"event": "pushes", **outcome})
    return outcome


def push_job(notification_id: uuid.UUID, due: datetime) -> tuple[str, int]:
    """(job key, scheduled epoch second) for sending a notification's pushes that come due at `due`.
    The key names the due time, so the dispatch, a retry the job schedules itself and the sweeper
    agree on one job per (notification, due time); a new due time (after a retry, or when a dead
    worker's claim runs out) gets a new job even while a dead worker's job still holds the old key."""
    at = math.ceil(due.timestamp())
    return f"push:{notification_id}@{at}", at


async def enqueue_pushes(ctx: dict[str, Any], notification_id: uuid.UUID, due: datetime) -> bool:
    key, at = push_job(notification_id, due)
    settings = ctx["settings"]
    return await enqueue(
        ctx,
        "send_pushes",
        notification_id=str(notification_id),
        key=key,
        scheduled=at if due > _now() else 0,
        timeout=max(settings.push_lease, 30),
    )


# Notifications per send_pushes job when a dispatch hands over many at once (a post in a large
# group): one claim, one send and a few recording transactions for the lot, instead of a job each.
# Few large batches rather than many small ones: the jobs of one worker share its event loop, and
# a job sending already starves the claims of the jobs started after it (bench/fanout.py: 10,000
# members handed over in 3.5 s with 5,000 per job, 5.5 s with 1,000). A batch must be sent within
# VILLAGE_PUSH_LEASE (60 s): 5,000 at the ~650 pushes/s measured is under 8 s.
PUSH_BATCH = 5000


async def enqueue_push_batches(ctx: dict[str, Any], created: list[Created]) -> None:
    """The pushes of a dispatch's notifications, PUSH_BATCH per job among those due in the same
    second. A lone notification keeps its own job key (push_job); a batch is keyed by its first
    notification. If an enqueue is lost the sweeper finds the pushes due, one job per notification;
    a push is claimed before it is sent, so a batch and a swept job never both send it."""
    settings = ctx["settings"]
    by_second: dict[int, list[Created]] = {}
    for c in created:
        if c.push_due is not None:
            by_second.setdefault(math.ceil(c.push_due.timestamp()), []).append(c)
    for at, batch in by_second.items():
        for i in range(0, len(batch), PUSH_BATCH):
            chunk = batch[i : i + PUSH_BATCH]
            first = chunk[0]
            assert first.push_due is not None
            if len(chunk) == 1:
                await enqueue_pushes(ctx, first.notification_id, first.push_due)
                continue
            await enqueue(
                ctx,
                "send_pushes",
                notification_ids=[str(c.notification_id) for c in chunk],
                key=f"pushes:{first.notification_id}+{len(chunk)}@{at}",
                scheduled=at if first.push_due > _now() else 0,
                timeout=max(settings.push_lease, 60),
            )


async def publish(ctx: dict[str, Any], created: list[Created]) -> None:
    """Announce new feed rows to the API processes holding the recipients' subscriptions (ids only):
    one round trip to Redis however many there are (one per message on a cluster)."""
    redis, settings = ctx.get("redis"), ctx["settings"]
    shown = [c for c in created if c.in_feed]
    if redis is None or not shown:
        return
    try:
        await publish_many(redis, ((feed.channel(settings, c.recipient_id), str(c.notification_id)) for c in shown))
    except Exception:
        log.warning("could not publish notifications", exc_info=True, extra={"event": "publish_failed"})


# Retention deletes in slices, each its own short transaction, so a backlog never holds long locks.
PURGE_BATCH = 5000


async def purge_old_notifications(ctx: dict[str, Any]) -> dict[str, int]:
    """Delete notifications read more than `notification_retention_days` ago (unread ones stay,
    however old), and push delivery records older than `push_delivery_retention_days` (a push
    service keeps a message `push_ttl` at most, so an older pending one could never arrive)."""
    settings, now = ctx["settings"], _now()
    read_before = now - timedelta(days=settings.notification_retention_days)
    sent_before = now - timedelta(days=settings.push_delivery_retention_days)
    deliveries = await delete_in_slices(
        ctx["sessions"],
        PushDelivery,
        tuple_(PushDelivery.notification_id, PushDelivery.subscription_id).in_(  # its primary key
            select(PushDelivery.notification_id, PushDelivery.subscription_id)
            .where(PushDelivery.created_at < sent_before)
            .limit(PURGE_BATCH)
        ),
        PURGE_BATCH,
    )
    notifications = await delete_in_slices(
        ctx["sessions"],
        Notification,
        Notification.id.in_(select(Notification.id).where(Notification.read_at < read_before).limit(PURGE_BATCH)),
        PURGE_BATCH,
    )
    return {"notifications": notifications, "push_deliveries": deliveries}


FUNCTIONS = [send_pushes, purge_old_notifications]


def cron_jobs(settings: Settings) -> list[CronJob]:
    # Times are UTC. Deleting a notification deletes its push deliveries too (ON DELETE CASCADE).
    return [CronJob(purge_old_notifications, cron="47 3 * * *", timeout=600)]
