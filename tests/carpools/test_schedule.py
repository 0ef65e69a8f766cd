"""A carpool's schedule and its trips (api/carpools/schedule.py): school-day runs at local times
that stay put across daylight-saving changes, A/B weeks, holidays, a trip moved or called off, and
schedules refused with every reason at once."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

import pytest

from api.carpools.schedule import Direction, Leg, Moved, Schedule, Weeks, check, trips
from api.errors import ValidationErrors

TO, FROM = Direction.TO, Direction.FROM
SCHOOL_DAYS = tuple(leg for d in range(5) for leg in (Leg(d, TO, time(7, 45)), Leg(d, FROM, time(15, 15))))


def year(**kw) -> Schedule:
    return Schedule(legs=SCHOOL_DAYS, starts_on=date(2026, 8, 17), ends_on=date(2027, 5, 28), **kw)


def test_a_school_year_of_weekday_runs_without_the_holidays():
    thanksgiving = frozenset(date(2026, 11, 23) + timedelta(days=i) for i in range(5))
    week = trips(year(skipped=thanksgiving), "America/Chicago", date(2026, 11, 16), date(2026, 11, 29))
    # One school week of ten runs; the Thanksgiving week has none; weekends never.
    assert len(week) == 10
    assert {t.key for t in week} == {date(2026, 11, 16) + timedelta(days=i) for i in range(5)}
    assert [(t.direction, t.local.time()) for t in week[:2]] == [(TO, time(7, 45)), (FROM, time(15, 15))]
    assert trips(year(), "America/Chicago", date(2026, 8, 1), date(2026, 8, 16)) == []  # before it starts


@pytest.mark.parametrize("zone", ["America/New_York", "America/Chicago"])
def test_a_run_keeps_its_local_time_across_both_daylight_saving_changes(zone):
    fall = trips(year(), zone, date(2026, 10, 30), date(2026, 11, 2))  # clocks back on Sunday 1 November
    spring = trips(year(), zone, date(2027, 3, 12), date(2027, 3, 15))  # forward on Sunday 14 March
    for before, after in ((fall[0], fall[-2]), (spring[0], spring[-2])):
        assert before.local.time() == after.local.time() == time(7, 45)
        assert before.starts_at.utcoffset() != after.starts_at.utcoffset()
    elapsed = [
        b.starts_at.astimezone(UTC) - a.starts_at.astimezone(UTC)
        for a, b in ((fall[0], fall[-2]), (spring[0], spring[-2]))
    ]
    assert elapsed == [timedelta(days=3, hours=1), timedelta(days=3, hours=-1)]  # a 25-hour and a 23-hour Sunday


def test_a_weekend_run_at_a_time_the_clocks_skip_or_repeat_is_placed_plainly():
    weekend = Schedule(
        legs=(Leg(6, TO, time(2, 30)), Leg(6, FROM, time(1, 30))),
        starts_on=date(2026, 10, 1),
        ends_on=date(2027, 4, 1),
    )
    spring = trips(weekend, "America/New_York", date(2027, 3, 14), date(2027, 3, 14))
    # 02:30 does not exist that morning: the run is at 03:30, after the change.
    assert [t.local.time() for t in spring] == [time(1, 30), time(3, 30)]
    fall = trips(weekend, "America/New_York", date(2026, 11, 1), date(2026, 11, 1))
    # 01:30 happens twice: the first one (still daylight time).
    assert fall[0].local.time() == time(1, 30) and fall[0].starts_at.utcoffset() == timedelta(hours=-4)


def test_a_and_b_weeks_alternate_from_the_first_week():
    custody = Schedule(
        legs=(Leg(0, TO, time(7, 30), Weeks.A), Leg(0, TO, time(8, 0), Weeks.B), Leg(2, FROM, time(15, 0), Weeks.B)),
        starts_on=date(2026, 8, 19),  # a Wednesday: its week (from Monday 17 August) is an A week
        ends_on=date(2026, 9, 30),
    )
    found = [(t.key, t.local.time()) for t in trips(custody, "America/Chicago", date(2026, 8, 17), date(2026, 9, 6))]
    assert found == [
        (date(2026, 8, 24), time(8, 0)),  # Monday of the B week
        (date(2026, 8, 26), time(15, 0)),  # Wednesday of the B week
        (date(2026, 8, 31), time(7, 30)),  # A again
    ]


def test_a_trip_moved_to_another_day_or_called_off():
    moved = Moved(on=date(2026, 11, 16), direction=FROM, to=date(2026, 11, 23), at=time(13, 0))
    s = year(moved=(moved,), cancelled=frozenset({(date(2026, 11, 17), TO)}))
    first_week = trips(s, "America/Chicago", date(2026, 11, 16), date(2026, 11, 20))
    assert (date(2026, 11, 16), FROM) not in {(t.key, t.direction) for t in first_week}  # moved out
    assert [t.cancelled for t in first_week if t.key == date(2026, 11, 17)] == [True, False]
    next_week = trips(s, "America/Chicago", date(2026, 11, 23), date(2026, 11, 23))
    early = [t for t in next_week if t.moved]
    assert len(early) == 1 and early[0].key == date(2026, 11, 16) and early[0].local.time() == time(13, 0)
    assert len(next_week) == 3  # that Monday's own two runs, and the moved one


def test_a_schedule_is_refused_with_every_reason_at_once():
    bad = Schedule(
        legs=(Leg(0, TO, time(8, 0)), Leg(0, TO, time(8, 30), Weeks.A), Leg(9, FROM, time(15, 0))),
        starts_on=date(2027, 6, 1),
        ends_on=date(2026, 9, 1),
    )
    with pytest.raises(ValidationErrors) as refused:
        check(bad, "Mars/Olympus_Mons")
    codes = {(e.field, e.code) for e in refused.value.errors}
    assert codes == {
        ("timezone", "INVALID_TIMEZONE"),
        ("schedule.legs.1", "DUPLICATE"),
        ("schedule.legs.2.weekday", "INVALID"),
        ("schedule.endsOn", "END_BEFORE_START"),
    }
    with pytest.raises(ValidationErrors) as empty:
        check(Schedule(legs=(), starts_on=date(2026, 9, 1), ends_on=date(2028, 9, 1)), "America/Chicago")
    assert {e.code for e in empty.value.errors} == {"REQUIRED", "TOO_LONG"}
    check(year(), "America/Chicago")  # a school year is fine
