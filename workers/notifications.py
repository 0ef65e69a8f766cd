"""Web Push delivery: `send_pushes(notification_id)` sends one notification to every device of its
recipient, concurrently inside the one job (DESIGN.md §6, STYLE.md "Mastodon and Zulip").

Exactly one message per device comes from three parts: at-least-once sending (jobs are retried,
swept, and a dead worker's claim runs out); the delivery table (a row per (notification,
subscription), claimed before sending and marked as soon as its answer is known, so what was
delivered is not sent again); and the `Topic` header (the notification id), with which a push
service replaces a copy it still holds instead of delivering both (RFC 8030 §5.4). The payload
carries the id for the PWA's service worker to use as the notification `tag`, so that even a copy
that reached the device would replace the first."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections import Counter
from typing import Any

from api.db import session_scope
from api.notifications import kinds, service
from api.notifications.models import Notification
from schema.ids import to_global_id
from workers.outbox import enqueue_pushes
from workers.webpush import Outcome, PushResult, PushSubscription, check_payload

log = logging.getLogger("workers.notifications")


def payload(n: Notification, language: str) -> bytes:
    """What the service worker gets: ids, and a generic title and body line in the recipient's
    language (`lang`). No names, no places, no message text: the app fetches the details (signed
    in) when it is opened."""
    body = json.dumps(
        {
            "id": to_global_id("Notification", n.id),
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


async def send_pushes(ctx: dict[str, Any], *, notification_id: str) -> dict[str, Any]:
    settings, sessions, sender = ctx["settings"], ctx["sessions"], ctx["push_sender"]
    nid = uuid.UUID(notification_id)
    async with session_scope(sessions) as db:
        claim = await service.claim_pushes(db, nid, lease=settings.push_lease)
    counts: Counter[str] = Counter()
    if claim.items:
        n = claim.notification
        assert n is not None
        body = payload(n, claim.language)
        results: asyncio.Queue[tuple[service.Claimed, PushResult] | None] = asyncio.Queue()

        async def record() -> None:
            # Writes each answer as soon as it is known, batching whatever arrived meanwhile, so a
            # worker killed mid-fan-out has recorded everything answered before it died.
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
                        counts.update(await service.record_results(db, nid, batch, max_attempts=settings.push_max_attempts))  # type: ignore[arg-type]

        async def one(item: service.Claimed) -> None:
            try:
                result = await sender.send(
                    PushSubscription(item.endpoint, item.p256dh, item.auth), body, ttl=settings.push_ttl,
                    urgency="high" if n.urgent else "normal", topic=n.id.hex, attempt=item.attempt,
                )
            except Exception as e:  # noqa: BLE001 - a bug of ours (bad options): not retried, subscription kept
                log.exception("push could not be built", extra={"event": "push_error", "notification_id": notification_id})
                result = PushResult(Outcome.REJECTED, None, detail=type(e).__name__)
            results.put_nowait((item, result))

        recorder = asyncio.create_task(record())
        try:
            # Each device's push is its own request through the shared sender (pooled and limited
            # per push service), so one slow push service never holds up the answers of the others.
            await asyncio.gather(*(one(item) for item in claim.items))
        finally:
            results.put_nowait(None)
            await recorder
    # Whatever is still pending (retries, quiet hours) gets a job at its due time; the sweeper is
    # the safety net if this enqueue is lost.
    async with session_scope(sessions) as db:
        due = await service.next_due(db, nid)
    if due is not None:
        await enqueue_pushes(ctx, nid, due)
    outcome = {"sent": len(claim.items or []), **counts}
    if claim.skipped:
        outcome["skipped"] = claim.skipped
    if claim.deferred_until:
        outcome["deferred_until"] = claim.deferred_until.isoformat()
    log.info("pushes sent", extra={"event": "pushes", "notification_id": notification_id, **outcome})
    return outcome


FUNCTIONS = [send_pushes]
