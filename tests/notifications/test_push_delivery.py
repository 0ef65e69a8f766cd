"""Notifications through a real SAQ worker on the test Redis: the whole path from a mutation to a
decrypted push, a Redis outage at commit time, Retry-After in real time, and a worker killed in
the middle of a fan-out."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import subprocess
import sys

from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from api.ids import to_global_id
from api.jobs import make_queue, queue_name
from api.notifications.models import PushDelivery
from api.outbox.models import OutboxEvent
from tests.conftest import ROOT
from tests.notifications.support import POST_NEED, notifications_of, post_need, register, scene
from tests.support.polling import wait_for
from village.app import create_app


def fast(settings):
    """The sweeper every second, for anything pending half a second (production: 5 s and 3 s)."""
    return dataclasses.replace(settings, outbox_sweep_every=1, outbox_sweep_after=0.5)


async def test_a_posted_need_reaches_the_suggested_helpers_phone(f, sessions, settings, push, running_worker):
    s = await scene(f)
    endpoint = await register(f, s.maria, push)
    await f.child(s.ana, "Mia")
    await post_need(f, s, "Reading with Mia")
    async with running_worker(settings, cron_jobs=[]):  # the after-commit enqueue alone
        await wait_for(lambda: _has(push, endpoint))
    [n] = await notifications_of(sessions, s.maria)
    assert push.inbox(endpoint) == [
        {
            "id": to_global_id("Notification", n.id),
            "tag": to_global_id("Notification", n.id),  # one notification on screen per notification
            "kind": "match_suggested",
            "subject": to_global_id("Match", n.subject_id),
            "title": "New match suggestion",
            "body": "Someone posted a need you could help with.",
            "lang": "en",
            "urgent": False,
        }
    ]
    assert b"Mia" not in push.received(endpoint)[0].plaintext
    assert push.problems == []
    async with sessions() as db:
        assert (await db.scalar(select(PushDelivery.status))) == "delivered"
        assert (
            await db.scalar(select(func.count()).select_from(OutboxEvent).where(OutboxEvent.dispatched_at.is_(None)))
        ) == 0


async def _has(push, endpoint, n: int = 1) -> bool:
    return len(push.received(endpoint)) >= n


async def test_a_mutation_during_a_redis_outage_succeeds_and_its_notification_arrives_later(
    f, sessions, settings, push, redis, running_worker
):
    s = await scene(f)
    endpoint = await register(f, s.maria, push)
    app = create_app(settings)
    async with AsyncTestClient(app) as down:
        app.state.queue = make_queue(
            dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0")
        )  # nothing listens there
        r = await down.post(
            "/graphql",
            headers=s.ana.headers,
            json={
                "query": POST_NEED,
                "variables": {
                    "i": {
                        "communityId": s.community.id,
                        "category": "tutoring.math",
                        "title": "Fractions help",
                        "mode": "VIRTUAL",
                    }
                },
            },
        )
        assert r.json()["data"]["postNeed"]["errors"] == []
    # Nothing reached the queue; the work waits in the outbox. (Jobs the earlier mutations
    # enqueued are dropped too, as if Redis had lost them: only the outbox remembers.)
    async with sessions() as db:
        posted = await db.scalar(
            select(OutboxEvent.id).where(OutboxEvent.kind == "need.posted", OutboxEvent.dispatched_at.is_(None))
        )
    assert posted is not None
    assert not await redis.exists(f"saq:job:{queue_name(settings)}:outbox:{posted}")
    keys = [k async for k in redis.scan_iter(match=f"saq*{settings.redis_prefix}*", count=1000)]
    await redis.delete(*keys)

    # Redis is back: the worker's sweeper finds the event, matching runs, and the push goes out.
    async def pending() -> int:
        async with sessions() as db:
            return await db.scalar(
                select(func.count()).select_from(OutboxEvent).where(OutboxEvent.dispatched_at.is_(None))
            )

    async def none_pending() -> bool:
        return await pending() == 0

    async with running_worker(fast(settings)):
        await wait_for(lambda: _has(push, endpoint))
        # The earlier mutations' events lost their jobs with Redis too: the sweeper finds them all.
        await wait_for(none_pending, what="every pending outbox event dispatched")
    [n] = await notifications_of(sessions, s.maria)
    assert push.inbox(endpoint)[0]["id"] == to_global_id("Notification", n.id)
    assert await pending() == 0


async def test_retry_after_is_honoured_in_real_time(f, sessions, settings, push, running_worker):
    s = await scene(f)
    endpoint = await register(f, s.maria, push)
    push.respond(429, endpoint=endpoint, retry_after="2")
    await post_need(f, s)
    async with running_worker(fast(settings)):
        await wait_for(lambda: _attempted(push, endpoint))
        push.respond(201, endpoint=endpoint)
        await wait_for(lambda: _has(push, endpoint), timeout=15)
    (first, s1), (second, s2) = push.attempts[endpoint]
    assert (s1, s2) == (429, 201)
    assert 2.0 <= second - first < 5.0


async def _attempted(push, endpoint) -> bool:
    return bool(push.attempts[endpoint])


# --- a worker killed in the middle of a fan-out ---------------------------------------------------------


def _spawn_worker(settings, log_path) -> subprocess.Popen:
    """`village worker` as a separate process, on the test database and queue."""
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "VILLAGE_REDIS_PREFIX": settings.redis_prefix,
        "VILLAGE_ENV": "test",
        "VILLAGE_PUSH_LEASE": "2",  # a dead worker's claim runs out after 2 s (production: 60 s)
        "VILLAGE_OUTBOX_SWEEP_EVERY": "1",
        "VILLAGE_OUTBOX_SWEEP_AFTER": "0.5",
    }
    out = open(log_path, "ab")  # noqa: SIM115 - the child keeps it
    return subprocess.Popen(
        [sys.executable, "-m", "village.cli", "worker"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
    )


async def test_a_worker_killed_mid_fan_out_still_gets_exactly_one_message_to_every_device(
    f, sessions, settings, push, tmp_path
):
    s = await scene(f)
    endpoints = [await register(f, s.maria, push) for _ in range(30)]
    # Each device's push service answers a little later than the previous one: 0.2 s to 1.65 s.
    for i, endpoint in enumerate(endpoints):
        push.respond(201, endpoint=endpoint, delay=0.2 + 0.05 * i)
    await post_need(f, s)
    log = tmp_path / "worker.log"
    worker = _spawn_worker(settings, log)
    try:

        async def some_answered() -> bool:
            assert worker.poll() is None, log.read_text()
            return push.delivered >= 5

        await wait_for(some_answered, timeout=30, interval=0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        async with sessions() as db:
            recorded = await db.scalar(
                select(func.count()).select_from(PushDelivery).where(PushDelivery.status == "delivered")
            )
        assert 0 < recorded < 30  # killed after writing some answers and before the others

        # The dead worker's requests still in flight finish at the push service; then a new worker.
        for endpoint in endpoints:
            push.respond(201, endpoint=endpoint)
        await wait_for(lambda: push.in_flight == 0, timeout=10, what="the dead worker's requests to be answered")
        worker = _spawn_worker(settings, log)

        async def all_delivered() -> bool:
            assert worker.poll() is None, log.read_text()
            async with sessions() as db:
                return (
                    await db.scalar(
                        select(func.count()).select_from(PushDelivery).where(PushDelivery.status == "delivered")
                    )
                    == 30
                )

        await wait_for(all_delivered, timeout=30)
        # A deliberate half-second window: anything else it would send by mistake, it sends now
        # (proving that nothing more is sent cannot be polled for).
        await asyncio.sleep(0.5)
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()

    [n] = await notifications_of(sessions, s.maria)
    for endpoint in endpoints:
        inbox = push.inbox(endpoint)
        assert [m["id"] for m in inbox] == [to_global_id("Notification", n.id)], endpoint
        assert push.received(endpoint)[0].headers["Topic"] == n.id.hex
    # The devices whose push was in flight when the worker died were sent the message twice (the
    # push service took it, the worker never heard back); the service kept one of each, as RFC
    # 8030 topics say. Those already written down were not sent again.
    assert sum(push.accepted.values()) > 30
    assert push.problems == []
