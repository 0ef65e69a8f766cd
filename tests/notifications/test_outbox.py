"""The outbox's two paths to the worker: the enqueue right after a mutation commits, and the
sweeper for whatever that missed; and quiet hours arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from api.jobs import queue_name
from api.notifications.jobs import push_job
from api.notifications.models import PushDelivery
from api.notifications.preferences import quiet_until
from api.outbox.models import OutboxEvent
from api.outbox.service import MAX_DISPATCH_ATTEMPTS
from api.skills.models import Match
from tests.notifications.support import notifications_of, post_need, register, scene


async def test_a_committed_mutation_enqueues_the_dispatch_of_its_events(f, sessions, settings, redis):
    s = await scene(f)
    await post_need(f, s)
    async with sessions() as db:
        events = (await db.execute(select(OutboxEvent.id, OutboxEvent.kind).order_by(OutboxEvent.id))).all()
    assert [k for _, k in events] == ["strength.changed", "need.posted"]
    for event_id, _ in events:
        assert await redis.exists(f"saq:job:{queue_name(settings)}:outbox:{event_id}")


async def test_a_failed_mutation_leaves_no_event_and_enqueues_nothing(f, sessions, settings, redis):
    s = await scene(f)
    body = await f.gql(
        "mutation($i: PostNeedInput!) { postNeed(input: $i) { errors { code } } }",
        {"i": {"communityId": s.community.id, "category": "tutoring.math", "title": "x", "mode": "VIRTUAL"}},
        s.ana,
    )
    assert body["data"]["postNeed"]["errors"]
    async with sessions() as db:
        assert (await db.scalars(select(OutboxEvent.kind))).all() == ["strength.changed"]


async def test_the_sweeper_enqueues_what_waited_too_long_and_leaves_the_rest_to_the_fast_path(
    f, sessions, push, runner
):
    s = await scene(f)
    await register(f, s.maria, push)
    await post_need(f, s)
    await runner.run(hold=("send_pushes",))
    now = datetime.now(UTC)
    async with sessions() as db:
        # One event waiting for a minute, one that just happened, one that failed too often.
        for age, attempts in ((60, 0), (0, 0), (60, MAX_DISPATCH_ATTEMPTS)):
            db.add(
                OutboxEvent(
                    kind="need.closed",
                    community_id=None,
                    payload={},
                    created_at=now - timedelta(seconds=age),
                    attempts=attempts,
                )
            )
        await db.execute(update(PushDelivery).values(next_attempt_at=now - timedelta(seconds=60)))  # its job was lost
        await db.commit()
        old = await db.scalar(
            select(OutboxEvent.id).where(
                OutboxEvent.created_at < now - timedelta(seconds=30), OutboxEvent.attempts == 0
            )
        )
        [delivery] = (await db.scalars(select(PushDelivery))).all()
    runner.queue.jobs.clear()

    assert await runner.job("sweep_outbox") == {"events": 1, "follow_ups": 0, "pushes": 1}
    keys = sorted(j.key for j in runner.queue.jobs)
    assert keys == sorted([f"outbox:{old}", push_job(delivery.notification_id, delivery.next_attempt_at)[0]])
    # Sweeping again before those ran adds nothing (the keys deduplicate).
    await runner.job("sweep_outbox")
    assert len(runner.queue.jobs) == 2
    await runner.run()
    assert len(push.received(next(iter(push.messages)))) == 1


async def test_a_matching_run_lost_after_its_event_was_dispatched_is_run_by_the_sweeper(f, sessions, runner):
    """The worker died between dispatching need.posted and running the matching that follows it
    (or while running it): the sweeper finds the event not followed up, the matching runs, and the
    suggested helper is told, once."""
    s = await scene(f)
    await post_need(f, s)
    await runner.run(hold=("follow_up_outbox",))
    runner.queue.jobs.clear()  # the follow-ups died with the worker
    async with sessions() as db:
        assert (await db.scalars(select(Match.id))).all() == []
        waiting = (await db.scalars(select(OutboxEvent.kind).where(OutboxEvent.followed_up_at.is_(None)))).all()
        assert sorted(waiting) == ["need.posted", "strength.changed"]
        # Not yet: the fast path may still be on it.
        assert await runner.job("sweep_outbox") == {"events": 0, "follow_ups": 0, "pushes": 0}
        await db.execute(update(OutboxEvent).values(dispatched_at=datetime.now(UTC) - timedelta(seconds=60)))
        await db.commit()

    assert await runner.job("sweep_outbox") == {"events": 0, "follow_ups": 2, "pushes": 0}
    await runner.run()
    await runner.job("sweep_outbox")
    await runner.run()
    async with sessions() as db:
        assert len((await db.scalars(select(Match.id))).all()) == 1
        assert (await db.scalars(select(OutboxEvent.kind).where(OutboxEvent.followed_up_at.is_(None)))).all() == []
    assert [n.kind for n in await notifications_of(sessions, s.maria)] == ["match_suggested"]


async def test_a_dispatch_that_fails_counts_its_attempt(f, sessions, runner, monkeypatch):
    async with sessions() as db:
        db.add(OutboxEvent(kind="match.offered", community_id=None, payload={"match_id": "not-a-uuid"}))
        await db.commit()
        event_id = await db.scalar(select(OutboxEvent.id))
    with pytest.raises(ValueError):
        await runner.job("dispatch_outbox", event_id=event_id)
    async with sessions() as db:
        event = await db.get(OutboxEvent, event_id)
    assert (event.attempts, event.dispatched_at) == (1, None)


# --- quiet hours ----------------------------------------------------------------------------------------


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tz", "start", "end", "now", "until"),
    [
        # 22:00-07:00 in Chicago (UTC-6 in January): 23:30 local is 05:30 UTC; ends 07:00 local = 13:00 UTC.
        ("America/Chicago", 22 * 60, 7 * 60, _utc(2026, 1, 15, 5, 30), _utc(2026, 1, 15, 13, 0)),
        # 06:59 local, the same night.
        ("America/Chicago", 22 * 60, 7 * 60, _utc(2026, 1, 15, 12, 59), _utc(2026, 1, 15, 13, 0)),
        # 07:00 local: over.
        ("America/Chicago", 22 * 60, 7 * 60, _utc(2026, 1, 15, 13, 0), None),
        # 21:59 local: not yet.
        ("America/Chicago", 22 * 60, 7 * 60, _utc(2026, 1, 16, 3, 59), None),
        # 22:00 local on the 15th: until 07:00 on the 16th.
        ("America/Chicago", 22 * 60, 7 * 60, _utc(2026, 1, 16, 4, 0), _utc(2026, 1, 16, 13, 0)),
        # Within a day (13:00-15:00 in Madrid, UTC+2 in July).
        ("Europe/Madrid", 13 * 60, 15 * 60, _utc(2026, 7, 1, 11, 30), _utc(2026, 7, 1, 13, 0)),
        ("Europe/Madrid", 13 * 60, 15 * 60, _utc(2026, 7, 1, 10, 59), None),
        # No quiet hours.
        ("UTC", None, None, _utc(2026, 7, 1, 3, 0), None),
    ],
)
def test_quiet_hours_end_in_the_persons_timezone(tz, start, end, now, until):
    assert quiet_until(tz, start, end, now) == until
