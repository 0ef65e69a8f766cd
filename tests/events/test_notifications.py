"""Who is told about events (through the outbox and each person's preferences), and the reminders
a day and two hours before: once per date and person, whatever the worker does."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from api.events.models import ReminderSent
from api.notifications.kinds import registry
from api.notifications.models import Notification
from api.outbox.models import OutboxEvent
from tests.events.support import CANCEL, CHICAGO, MOVE, UPDATE, create, iso, local, rsvp, world


async def told(sessions, user) -> list[tuple[str, bool]]:
    async with sessions() as s:
        rows = await s.execute(
            select(Notification.kind, Notification.urgent)
            .where(Notification.recipient_id == user.pk)
            .order_by(Notification.created_at, Notification.kind)
        )
        return [tuple(r) for r in rows.all()]


async def test_a_new_community_event_tells_its_members_but_not_its_organiser(f, sessions, runner):
    w = await world(f)
    other = await f.community("Other School")
    stranger = await f.member(other, "Sam")
    pending = await f.member(w.community, "Pat", verify=False)
    await create(f, w)
    await runner.run()
    assert await told(sessions, w.ana) == [("event_created", False)]
    assert await told(sessions, w.ben) == [("event_created", False)]
    for nobody in (w.leader, stranger, pending):
        assert await told(sessions, nobody) == []


async def test_changes_and_cancellations_tell_the_families_who_answered(f, sessions, runner):
    w = await world(f)
    e = await create(f, w, start=local(days=5), recurrence={"frequency": "WEEKLY", "until": iso(local(20))[:10]})
    await runner.run()
    first = iso(local(5))[:10]
    await rsvp(f, w.ana, e["id"])  # the series
    await f.ok(UPDATE, {"i": {"eventId": e["id"], "title": "Spring picnic"}}, w.leader)
    await f.ok(MOVE, {"i": {"eventId": e["id"], "occurrence": first, "startsAt": iso(local(6, 10))}}, w.leader)
    await f.ok(CANCEL, {"i": {"eventId": e["id"], "occurrence": iso(local(12))[:10]}}, w.leader)
    await runner.run()
    assert await told(sessions, w.ana) == [
        ("event_created", False),
        ("event_changed", False),
        ("event_changed", False),
        ("event_cancelled", False),
    ]
    assert await told(sessions, w.ben) == [("event_created", False)]  # never answered


async def test_a_cancellation_within_a_day_is_urgent(f, sessions, runner):
    w = await world(f)
    soon = datetime.now(CHICAGO).replace(tzinfo=None, second=0, microsecond=0) + timedelta(hours=5)
    e = await create(f, w, start=soon)
    await rsvp(f, w.ana, e["id"])
    await f.ok(CANCEL, {"i": {"eventId": e["id"]}}, w.leader)
    await runner.run()
    assert ("event_cancelled", True) in await told(sessions, w.ana)


async def test_reminders_go_once_a_day_before_and_once_two_hours_before(f, sessions, runner):
    w = await world(f)
    e = await create(f, w, start=local(days=3, hour=18))
    await rsvp(f, w.ana, e["id"])
    await rsvp(f, w.ben, e["id"], going=False)
    await runner.run()
    start = datetime.combine(local(days=3).date(), datetime.min.time()).replace(hour=18, tzinfo=CHICAGO)

    async def at(t: datetime) -> dict:
        result = await runner.job("send_event_reminders", now=t.astimezone(UTC).isoformat())
        await runner.run()
        return result

    assert await at(start - timedelta(hours=30)) == {"reminders": 0}
    assert await at(start - timedelta(hours=23)) == {"reminders": 1}
    # The worker restarts, or runs again five minutes later: nothing more.
    assert await at(start - timedelta(hours=23)) == {"reminders": 0}
    assert await at(start - timedelta(hours=22, minutes=55)) == {"reminders": 0}
    assert await at(start - timedelta(hours=1, minutes=50)) == {"reminders": 1}
    assert await at(start - timedelta(hours=1, minutes=45)) == {"reminders": 0}
    assert await at(start + timedelta(minutes=10)) == {"reminders": 0}
    reminders = [k for k in await told(sessions, w.ana) if k[0].startswith("event_reminder")]
    assert reminders == [("event_reminder_day", False), ("event_reminder_soon", False)]
    assert [k for k in await told(sessions, w.ben) if k[0].startswith("event_reminder")] == []
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(ReminderSent)) == 2
        assert await s.scalar(select(func.count()).where(OutboxEvent.kind == "event.reminder")) == 2


async def test_no_reminder_for_a_cancelled_date(f, sessions, runner):
    w = await world(f)
    e = await create(f, w, start=local(days=3), recurrence={"frequency": "WEEKLY", "until": iso(local(20))[:10]})
    await rsvp(f, w.ana, e["id"])
    await f.ok(CANCEL, {"i": {"eventId": e["id"], "occurrence": iso(local(3))[:10]}}, w.leader)
    start = datetime.combine(local(days=3).date(), datetime.min.time()).replace(hour=18, tzinfo=CHICAGO)
    assert await runner.job("send_event_reminders", now=(start - timedelta(hours=20)).isoformat()) == {"reminders": 0}


def test_event_notification_texts_exist_in_both_languages_and_name_no_place():
    kinds = {k: v for k, v in registry().items() if k.startswith("event_")}
    assert set(kinds) == {
        "event_created",
        "event_changed",
        "event_cancelled",
        "event_waitlist_promoted",
        "event_reminder_day",
        "event_reminder_soon",
    }
    assert kinds["event_waitlist_promoted"].urgent is True
    for k in kinds.values():
        assert set(k.title) == set(k.body) == {"en", "es"}
        assert all("{" not in t.replace("{actor}", "") for t in k.body.values())


async def test_a_family_that_left_the_group_hears_no_more_of_its_events(f, sessions, runner):
    w = await world(f)
    group = await f.ok(
        "mutation($i: CreateGroupInput!) { createGroup(input: $i) { group { id } errors { code } } }",
        {"i": {"communityId": w.community.id, "name": "Grade 3 families"}},
        w.leader,
    )
    gid = group["createGroup"]["group"]["id"]
    join = "mutation($i: JoinGroupInput!) { joinGroup(input: $i) { errors { code } } }"
    for who in (w.ana, w.ben):
        await f.ok(join, {"i": {"groupId": gid}}, who)
    e = await create(f, w, groupId=gid, communityId=None)
    await runner.run()
    assert await told(sessions, w.ana) == [("event_created", False)]
    await rsvp(f, w.ana, e["id"])
    await rsvp(f, w.ben, e["id"])
    await f.ok(
        "mutation($i: LeaveGroupInput!) { leaveGroup(input: $i) { errors { code } } }", {"i": {"groupId": gid}}, w.ben
    )
    await f.ok(CANCEL, {"i": {"eventId": e["id"]}}, w.leader)
    await runner.run()
    assert await told(sessions, w.ana) == [("event_created", False), ("event_cancelled", False)]
    assert await told(sessions, w.ben) == [("event_created", False)]


async def test_more_capacity_tells_only_the_family_it_lets_in(f, sessions, runner):
    w = await world(f)
    e = await create(f, w, capacity=1)
    await rsvp(f, w.ana, e["id"])
    await rsvp(f, w.ben, e["id"])  # waitlisted
    await runner.run()
    await f.ok(UPDATE, {"i": {"eventId": e["id"], "capacity": 2}}, w.leader)
    await runner.run()
    assert await told(sessions, w.ana) == [("event_created", False)]
    assert await told(sessions, w.ben) == [("event_created", False), ("event_waitlist_promoted", True)]
