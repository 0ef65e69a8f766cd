"""From an outbox event to a push on each device: who is told, in which language, what the push
carries, and what happens with each answer a push service can give."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from api.ids import to_global_id
from api.notifications.models import PushDelivery, PushSubscription
from api.outbox.models import OutboxEvent
from tests.notifications.support import deliveries, notifications_of, post_need, register, scene, subscriptions

FEED = """{ notifications { unreadCount edges { node { id kind title body read urgent actor { displayName }
  subject { __typename ... on Match { status need { title } } } } } } }"""


async def test_a_suggested_helper_is_told_in_the_app_and_by_one_push_in_their_language(f, sessions, push, runner):
    s = await scene(f, maria_profile={"uiLanguage": "es"})
    await f.child(s.ana, "Mia")
    endpoint = await register(f, s.maria, push)
    await post_need(f, s, "Fractions help for Mia")

    await runner.run()

    [n] = await notifications_of(sessions, s.maria)
    assert (n.kind, n.actor_id, n.subject_type, n.in_feed, n.urgent) == (
        "match_suggested",
        s.ana.pk,
        "Match",
        True,
        False,
    )
    assert await notifications_of(sessions, s.ana) == []
    # The push: ids and a generic title and body in María's language, nothing else.
    [message] = push.received(endpoint)
    assert push.inbox(endpoint) == [
        {
            "id": to_global_id("Notification", n.id),
            "tag": to_global_id("Notification", n.id),  # one notification on screen per notification
            "kind": "match_suggested",
            "subject": to_global_id("Match", n.subject_id),
            "title": "Nueva sugerencia de ayuda",
            "body": "Alguien publicó una necesidad en la que podrías ayudar.",
            "lang": "es",
            "urgent": False,
        }
    ]
    for private in (b"Mia", b"Ana", b"Fractions", b"Lincoln"):
        assert private not in message.plaintext
    assert (message.headers["TTL"], message.headers["Urgency"], message.headers["Topic"]) == (
        "86400",
        "normal",
        n.id.hex,
    )
    assert push.problems == []
    [d] = await deliveries(sessions)
    assert (d.status, d.attempts, d.last_status) == ("delivered", 1, 201)
    [sub] = await subscriptions(sessions)
    assert sub.last_success_at is not None
    # The feed renders the texts in María's language when she reads it.
    feed = (await f.ok(FEED, user=s.maria))["notifications"]
    assert feed["unreadCount"] == 1
    node = feed["edges"][0]["node"]
    assert node["id"] == to_global_id("Notification", n.id)
    assert (node["kind"], node["title"], node["read"], node["urgent"]) == (
        "MATCH_SUGGESTED",
        "Nueva sugerencia de ayuda",
        False,
        False,
    )
    assert node["body"] == "Ana publicó una necesidad en la que podrías ayudar."
    assert node["actor"] == {"displayName": "Ana"}
    assert node["subject"] == {
        "__typename": "Match",
        "status": "SUGGESTED",
        "need": {"title": "Fractions help for Mia"},
    }
    # Dispatching again (a retried or swept job) tells nobody twice and pushes nothing more.
    async with sessions() as db:
        await db.execute(update(OutboxEvent).values(dispatched_at=None))
        await db.commit()
    await runner.run()
    assert len(await notifications_of(sessions, s.maria)) == 1
    assert len(push.received(endpoint)) == 1 and push.requests == 1


# --- what each answer of a push service does ---------------------------------------------------------


async def _suggest(f, push, runner, devices: int = 1, **push_behaviour) -> tuple[object, list[str]]:
    """María, with `devices` subscriptions, is suggested for Ana's need; the push service answers
    as told; the worker runs what is due now."""
    s = await scene(f)
    endpoints = [await register(f, s.maria, push) for _ in range(devices)]
    if push_behaviour:
        push.respond(**push_behaviour, endpoint=endpoints[0])
    await post_need(f, s)
    await runner.run()
    return s, endpoints


async def _later(sessions, runner) -> None:
    """Time passes: whatever waits for a retry is due now; the worker runs it."""
    async with sessions() as db:
        await db.execute(
            update(PushDelivery).where(PushDelivery.status == "pending").values(next_attempt_at=datetime.now(UTC))
        )
        await db.commit()
    await runner.run(include_scheduled=True)


async def _delivery(sessions, endpoint: str) -> PushDelivery | None:
    async with sessions() as db:
        return await db.scalar(select(PushDelivery).join(PushSubscription).where(PushSubscription.endpoint == endpoint))


async def test_201_is_delivered_once_to_every_device(f, sessions, push, runner):
    _s, endpoints = await _suggest(f, push, runner, devices=3)
    assert [len(push.received(e)) for e in endpoints] == [1, 1, 1]
    assert {d.status for d in await deliveries(sessions)} == {"delivered"}
    await _later(sessions, runner)
    assert push.requests == 3


@pytest.mark.parametrize("status", [404, 410])
async def test_404_and_410_delete_the_subscription_and_are_not_retried(f, sessions, push, runner, status):
    s, (gone, fine) = await _suggest(f, push, runner, devices=2, status=status)
    assert [x.endpoint for x in await subscriptions(sessions)] == [fine]
    assert len(push.received(fine)) == 1
    await _later(sessions, runner)
    assert push.attempts[gone] == [(push.attempts[gone][0][0], status)]
    data = await f.ok("{ myPushSubscriptions { endpointOrigin } }", user=s.maria)
    assert data["myPushSubscriptions"] == [{"endpointOrigin": push.origin}]


async def test_429_waits_as_long_as_retry_after_says_then_delivers(f, sessions, push, runner):
    before = datetime.now(UTC)
    _s, [endpoint] = await _suggest(f, push, runner, status=429, retry_after="7")
    d = await _delivery(sessions, endpoint)
    assert (d.status, d.attempts, d.last_status) == ("pending", 1, 429)
    assert before + timedelta(seconds=7) <= d.next_attempt_at <= datetime.now(UTC) + timedelta(seconds=7)
    # A job is scheduled for then (the sweeper would find it too); running now sends nothing.
    [retry] = runner.queue.scheduled("send_pushes")
    assert retry.scheduled == int(-(-d.next_attempt_at.timestamp() // 1))
    await runner.run()
    assert len(push.attempts[endpoint]) == 1
    push.respond(201, endpoint=endpoint)
    await _later(sessions, runner)
    assert [status for _, status in push.attempts[endpoint]] == [429, 201]
    assert (await _delivery(sessions, endpoint)).status == "delivered"
    assert len(push.received(endpoint)) == 1


async def test_500_is_retried_with_backoff_then_delivered(f, sessions, push, runner):
    _s, [endpoint] = await _suggest(f, push, runner, status=500)
    d = await _delivery(sessions, endpoint)
    wait = (d.next_attempt_at - datetime.now(UTC)).total_seconds()
    assert (d.status, d.attempts, d.last_status) == ("pending", 1, 500)
    assert 1.5 < wait <= 5  # the first backoff: 2.5-5 s
    await _later(sessions, runner)  # still failing
    d = await _delivery(sessions, endpoint)
    assert (d.status, d.attempts) == ("pending", 2)
    push.respond(201, endpoint=endpoint)
    await _later(sessions, runner)
    d = await _delivery(sessions, endpoint)
    assert (d.status, d.attempts, d.last_status) == ("delivered", 3, 201)
    assert [status for _, status in push.attempts[endpoint]] == [500, 500, 201]


async def test_a_push_that_keeps_failing_is_given_up_after_the_last_attempt(f, sessions, push, runner):
    runner.ctx["settings"] = dataclasses.replace(runner.ctx["settings"], push_max_attempts=3)
    _s, [endpoint] = await _suggest(f, push, runner, status=503)
    for _ in range(4):
        await _later(sessions, runner)
    d = await _delivery(sessions, endpoint)
    assert (d.status, d.attempts, d.last_status) == ("failed", 3, 503)
    assert len(push.attempts[endpoint]) == 3


async def test_400_is_rejected_logged_and_kept_without_retrying(f, sessions, push, runner, caplog):
    _s, [endpoint] = await _suggest(f, push, runner, status=400)
    d = await _delivery(sessions, endpoint)
    assert (d.status, d.attempts, d.last_status) == ("rejected", 1, 400)
    assert [x.endpoint for x in await subscriptions(sessions)] == [endpoint]
    assert any(getattr(r, "event", None) == "push_rejected" for r in caplog.records)
    await _later(sessions, runner)
    assert len(push.attempts[endpoint]) == 1


async def test_one_slow_device_does_not_hold_up_recording_the_others(f, sessions, push, runner):
    """Results are written as they come: the fast device's delivery is recorded while the slow
    one is still waiting for its push service."""
    import asyncio

    s = await scene(f)
    slow, fast = await register(f, s.maria, push), await register(f, s.maria, push)
    push.respond(201, endpoint=slow, delay=1.5)
    await post_need(f, s)
    run = asyncio.create_task(runner.run())

    async def fast_recorded() -> bool:
        d = await _delivery(sessions, fast)
        return d is not None and d.status == "delivered"

    from tests.support.polling import wait_for

    await wait_for(fast_recorded, timeout=5)
    assert (await _delivery(sessions, slow)).status == "pending"
    await run
    assert (await _delivery(sessions, slow)).status == "delivered"
