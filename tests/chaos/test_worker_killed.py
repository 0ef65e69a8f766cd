"""The worker is SIGKILLed in the middle of a burst of outbox events and started again: nothing is
left pending, no event is dispatched twice (one notification per event and recipient), and every
push arrives (at least once at the push service; once per notification after topic replacement)."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from api.ids import to_global_id
from api.notifications.models import Notification, PushDelivery
from api.outbox.models import OutboxEvent
from tests.notifications.support import post_need, register, scene
from tests.support.polling import wait_for

BURST = 20  # a family may have 20 open needs
FAST = {
    "VILLAGE_OUTBOX_SWEEP_EVERY": "1",
    "VILLAGE_OUTBOX_SWEEP_AFTER": "0.5",
    "VILLAGE_PUSH_LEASE": "2",  # a dead worker's claim on a push runs out after 2 s (production: 60 s)
}


async def _count(sessions, query) -> int:
    async with sessions() as db:
        return await db.scalar(query)


NOTIFIED = select(func.count()).select_from(Notification)
PENDING = select(func.count()).select_from(OutboxEvent).where(OutboxEvent.dispatched_at.is_(None))
DELIVERED = select(func.count()).select_from(PushDelivery).where(PushDelivery.status == "delivered")
FOLLOW_UPS = (
    select(func.count())
    .select_from(OutboxEvent)
    .where(OutboxEvent.dispatched_at.is_not(None), OutboxEvent.followed_up_at.is_(None))
)


async def test_a_worker_killed_mid_burst_leaves_nothing_pending_and_dispatches_nothing_twice(
    f, sessions, settings, push, worker_process
):
    s = await scene(f)
    endpoint = await register(f, s.maria, push)
    push.respond(201, delay=0.05)  # a push service that takes a moment, so pushes are in flight
    for i in range(BURST):  # each need: need.posted, then a matching run, then match.suggested for María
        await post_need(f, s, f"Fractions, part {i}")

    worker = worker_process(settings, **FAST)

    async def some_notified() -> bool:
        worker.alive()
        return await _count(sessions, NOTIFIED) >= 5

    await wait_for(some_notified, timeout=60, interval=0.01, what="the burst to be under way")
    worker.kill()
    notified = await _count(sessions, NOTIFIED)
    assert notified < BURST, "the worker finished the burst before it was killed: nothing was tested"

    worker = worker_process(settings, **FAST)
    restarted = time.monotonic()

    async def all_done() -> bool:
        worker.alive()
        return (
            await _count(sessions, PENDING) == 0
            and await _count(sessions, FOLLOW_UPS) == 0
            and await _count(sessions, NOTIFIED) == BURST
            and await _count(sessions, DELIVERED) == BURST
        )

    # Up to three minutes: a job SAQ had dequeued at the very instant of the kill (in its active list,
    # never marked active) is only given back by SAQ's own sweep, which runs at most once a minute
    # across all workers (a 60 s lock the dead worker may just have taken). Usually it takes seconds.
    try:
        await wait_for(all_done, timeout=180, interval=0.1, what="the burst to be finished by the new worker")
    except AssertionError:
        left = [await _count(sessions, q) for q in (PENDING, FOLLOW_UPS, NOTIFIED, DELIVERED)]
        raise AssertionError(f"pending events, follow-ups left, notifications, pushes delivered: {left}") from None
    print(f"\nkilled after {notified}/{BURST} notifications; done {time.monotonic() - restarted:.1f} s after restart")

    async with sessions() as db:
        events = (await db.execute(select(OutboxEvent.kind, OutboxEvent.attempts))).all()
        per_event = (
            await db.execute(select(Notification.event_id, func.count()).group_by(Notification.event_id))
        ).all()
        ids = set((await db.scalars(select(Notification.id))).all())
    assert sum(1 for kind, _ in events if kind == "match.suggested") == BURST
    # Each event was dispatched by exactly one job run: a run the kill cut short rolled back.
    assert all(attempts == 1 for _, attempts in events), events
    assert len(per_event) == BURST and all(n == 1 for _, n in per_event)
    # The device holds one message per notification. The push service may have been sent a copy
    # twice (in flight when the worker died): at least once, collapsed by the Topic header.
    inbox = [m["id"] for m in push.inbox(endpoint)]
    assert sorted(inbox) == sorted(to_global_id("Notification", i) for i in ids)
    print(f"push service accepted {sum(push.accepted.values())} requests for {BURST} notifications")
    assert push.problems == []
