"""The worker's carpool jobs: trips kept four weeks ahead (their local time kept across daylight-
saving changes in New York and Chicago), reminders the evening before and 30 minutes before, once
per trip and person whatever the worker does (two runs, a real SAQ worker), and trips that started
settled on the ledger once."""

import dataclasses
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from saq.job import Status
from sqlalchemy import func, select, update

from api.carpools import service
from api.carpools.jobs import carpool_trip_tick, extend_carpool_trips
from api.carpools.models import Carpool, LedgerEntry, Trip
from api.db import session_scope
from api.notifications.models import Notification
from tests.carpools.support import CHICAGO, create, full_pool, trips, weekdays_run, world
from tests.support.jobs import finished
from tests.support.polling import wait_for
from workers.settings import make_queue, make_worker


async def reminders(sessions, user, kind: str, trip: Trip | None = None) -> int:
    async with sessions() as s:
        q = (
            select(func.count())
            .select_from(Notification)
            .where(Notification.recipient_id == user.pk, Notification.kind == kind)
        )
        if trip is not None:
            q = q.where(Notification.subject_id == trip.id)
        return await s.scalar(q)


async def first_trip(sessions, carpool_gid: str) -> Trip:
    from api.ids import parse_global_id

    async with sessions() as s:
        return (
            await s.scalars(
                select(Trip)
                .where(Trip.carpool_id == parse_global_id(carpool_gid)[1], Trip.starts_at > datetime.now(UTC))
                .order_by(Trip.starts_at)
                .limit(1)
            )
        ).one()


async def test_reminders_go_the_evening_before_and_30_minutes_before_once_each(f, sessions, runner):
    w = await world(f)
    c = await full_pool(f, w)
    t = await first_trip(sessions, c["id"])
    evening = t.evening_at.astimezone(CHICAGO)
    assert evening.time() == time(19, 0) and evening.date() == t.starts_at.astimezone(CHICAGO).date() - timedelta(
        days=1
    )
    for at in (
        t.evening_at - timedelta(minutes=1),
        t.evening_at + timedelta(minutes=2),
        t.evening_at + timedelta(hours=1),
    ):
        await carpool_trip_tick(runner.ctx, now=at.isoformat())
        await runner.run()
    for who in (w.olga, w.ben, w.cara):
        assert await reminders(sessions, who, "carpool_reminder_evening", t) == 1
        assert await reminders(sessions, who, "carpool_reminder_soon", t) == 0
    for minutes in (31, 29, 20, 1):
        await carpool_trip_tick(runner.ctx, now=(t.starts_at - timedelta(minutes=minutes)).isoformat())
        await runner.run()
    for who in (w.olga, w.ben, w.cara):
        assert await reminders(sessions, who, "carpool_reminder_soon", t) == 1
        assert await reminders(sessions, who, "carpool_reminder_evening", t) == 1


async def test_a_trip_called_off_gets_no_reminder(f, sessions, runner):
    w = await world(f)
    c = await full_pool(f, w)
    t = await first_trip(sessions, c["id"])
    async with sessions() as s:
        await s.execute(update(Trip).where(Trip.id == t.id).values(cancelled_at=datetime.now(UTC)))
        await s.commit()
    await carpool_trip_tick(runner.ctx, now=(t.starts_at - timedelta(minutes=10)).isoformat())
    await runner.run()
    assert await reminders(sessions, w.cara, "carpool_reminder_soon") == 0


async def test_a_real_worker_sends_a_reminder_once_across_two_runs(f, settings, sessions, running_worker):
    own = dataclasses.replace(settings, redis_prefix=f"test:{uuid.uuid4().hex[:12]}:")
    assert {"carpool_trip_tick", "extend_carpool_trips"} <= {c.function.__name__ for c in make_worker(own).cron_jobs}
    w = await world(f)
    # Mornings only: with an afternoon leg too, a tick 20 minutes before a morning trip also owes that
    # afternoon trip its (late) evening-before reminder, and the count would depend on the hour the
    # test runs.
    c = await full_pool(f, w, legs=weekdays_run())
    t = await first_trip(sessions, c["id"])
    at = (t.starts_at - timedelta(minutes=20)).isoformat()
    queue = make_queue(own)
    await queue.connect()
    try:
        async with running_worker(own, cron_jobs=[]):
            for attempt in range(2):  # the second run (a restart, a late cron) adds nothing
                job = await queue.enqueue("carpool_trip_tick", now=at, key=f"tick-{attempt}", timeout=30)
                await finished(job)
                assert job.status == Status.COMPLETE, job.error
                assert job.result["reminders"] == 1 - attempt

                async def one() -> bool:
                    return await reminders(sessions, w.cara, "carpool_reminder_soon") == 1

                await wait_for(one, what="the reminder to be dispatched")
    finally:
        await queue.disconnect()
    assert await reminders(sessions, w.cara, "carpool_reminder_soon") == 1


async def test_trips_that_started_go_on_the_ledger_once(f, sessions, runner):
    w = await world(f)
    c = await full_pool(f, w)
    later = datetime.now(UTC) + timedelta(days=3)
    first = await carpool_trip_tick(runner.ctx, now=later.isoformat())
    again = await carpool_trip_tick(runner.ctx, now=later.isoformat())
    assert first["settled"] > 0 and again["settled"] == 0
    async with sessions() as s:
        entries = await s.scalar(select(func.count()).select_from(LedgerEntry))
    assert entries == first["settled"]
    # Each drive was shared by the three families riding it.
    async with sessions() as s:
        riding = (await s.scalars(select(LedgerEntry.riding))).all()
    assert all(len(r) == 3 for r in riding)
    assert len(await trips(f, w.olga, c["id"])) > 0


@pytest.mark.parametrize(
    ("zone", "spring", "fall"),
    [
        ("America/New_York", date(2027, 3, 14), date(2027, 11, 7)),
        ("America/Chicago", date(2027, 3, 14), date(2027, 11, 7)),
    ],
)
async def test_stored_trips_keep_their_local_time_across_daylight_saving_changes(f, sessions, zone, spring, fall):
    admin = await f.admin()
    data = await f.ok(
        "mutation($i: CreateCommunityInput!) { createCommunity(input: $i) { community { id } errors { message } } }",
        {"i": {"name": f"School in {zone}", "timezone": zone, "languages": ["en"]}},
        admin,
    )
    from tests.factories import Community

    community = Community(data["createCommunity"]["community"]["id"], admin)
    olga = await f.member(community, "Olga", postalCode="10001")
    w = type("W", (), {"community": community, "olga": olga, "ollie": await f.child(olga, "Ollie")})()
    c = await create(
        f,
        w,
        legs=weekdays_run(at_to="07:45", days=range(7)),
        starts_on=spring - timedelta(days=10),
        ends_on=fall + timedelta(days=10),
    )
    from api.ids import parse_global_id

    pk = parse_global_id(c["id"])[1]
    tz = ZoneInfo(zone)
    for around in (spring, fall):
        async with session_scope(sessions) as db:
            carpool = await db.get(Carpool, pk)
            await service.generate_trips(db, carpool, today=around - timedelta(days=3))
        async with sessions() as s:
            rows = (
                await s.scalars(
                    select(Trip.starts_at).where(
                        Trip.carpool_id == pk,
                        Trip.on >= around - timedelta(days=2),
                        Trip.on <= around + timedelta(days=2),
                    )
                )
            ).all()
        local = sorted(r.astimezone(tz) for r in rows)
        assert len(local) == 5
        assert {t.time() for t in local} == {time(7, 45)}
        offsets = {t.utcoffset() for t in local}
        assert len(offsets) == 2  # the same wall time on both sides of the change


async def test_the_nightly_job_keeps_every_carpool_four_weeks_ahead_and_is_idempotent(f, sessions, runner):
    w = await world(f)
    c = await create(f, w)
    from api.ids import parse_global_id

    pk = parse_global_id(c["id"])[1]
    tomorrow = (datetime.now(CHICAGO).date() + timedelta(days=1)).isoformat()
    first = await extend_carpool_trips(runner.ctx, today=tomorrow)
    again = await extend_carpool_trips(runner.ctx, today=tomorrow)
    assert first["carpools"] == 1 and again == {"carpools": 0, "trips": 0}
    async with sessions() as s:
        until = await s.scalar(select(Carpool.trips_until).where(Carpool.id == pk))
        last = await s.scalar(select(func.max(Trip.on)).where(Trip.carpool_id == pk))
    assert until == date.fromisoformat(tomorrow) + timedelta(days=service.WINDOW_DAYS)
    assert (until - last).days <= 3  # the last weekday run before the window's end
