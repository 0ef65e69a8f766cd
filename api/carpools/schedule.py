"""A carpool's schedule and the trips it makes (issue 15, items 1 and 3): school runs on chosen
weekdays, each leg (to school, from school) at its own local time, every week or on A / B weeks,
between a first and a last date, without the skipped days (school holidays) and with single trips
moved to another day or time. Trips are generated for a rolling window; each keeps its local time
across daylight-saving changes (the instant is worked out per trip, in the community's zone).

Pure: no database. The carpool service stores a schedule as its fields and calls `trips()`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from api.events.recurrence import instant
from api.validation import Checker

MAX_SPAN_DAYS = 400  # a school year and its summer programme; a carpool is set up again after
MAX_LEGS = 14  # two a day, seven days a week


class Direction(StrEnum):
    TO = "to"  # to the destination (the morning run)
    FROM = "from"  # back from it


class Weeks(StrEnum):
    """Which weeks a leg runs: every week, or alternate weeks counted from the schedule's first
    week (A is the first week, B the second, A the third...), for split custody and A/B timetables."""

    EVERY = "every"
    A = "a"
    B = "b"


@dataclass(frozen=True)
class Leg:
    weekday: int  # 0 = Monday ... 6 = Sunday
    direction: Direction
    at: time  # local time of the pickup (to) or of the departure (from)
    weeks: Weeks = Weeks.EVERY

    @property
    def key(self) -> str:
        """The leg's name, unique within a schedule: what a family asks seats on ("0:to:every")."""
        return f"{self.weekday}:{self.direction.value}:{self.weeks.value}"


@dataclass(frozen=True)
class Moved:
    """One trip moved: the trip of (`on`, `direction`) happens on `to` at `at` instead."""

    on: date
    direction: Direction
    to: date
    at: time


@dataclass(frozen=True)
class Schedule:
    legs: tuple[Leg, ...]
    starts_on: date
    ends_on: date
    skipped: frozenset[date] = frozenset()  # days with no trips at all (holidays, teacher days)
    moved: tuple[Moved, ...] = ()
    cancelled: frozenset[tuple[date, Direction]] = frozenset()  # single trips called off


@dataclass(frozen=True)
class Trip:
    key: date  # the scheduled local date: a trip's key, kept when it is moved
    direction: Direction
    starts_at: datetime  # aware, in the community's zone
    moved: bool = False
    cancelled: bool = False
    leg: str = ""  # the key of the leg it comes from

    @property
    def local(self) -> datetime:
        return self.starts_at.replace(tzinfo=None)


def check(schedule: Schedule, zone: str, c: Checker | None = None) -> None:
    """Every problem with a schedule at once (field names as the GraphQL input's); raises through
    the Checker when there are any and no Checker was given."""
    own = c is None
    c = c or Checker()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        c.add("timezone", f"'{zone[:40]}' is not a time zone (use a name like America/Chicago).", "INVALID_TIMEZONE")
    if not schedule.legs:
        c.add("schedule.legs", "Choose at least one day and time for the carpool.", "REQUIRED")
    elif len(schedule.legs) > MAX_LEGS:
        c.add("schedule.legs", f"A carpool has at most {MAX_LEGS} runs a week.", "TOO_MANY")
    else:
        for i, leg in enumerate(schedule.legs):
            if not 0 <= leg.weekday <= 6:
                c.add(f"schedule.legs.{i}.weekday", "Choose a day of the week.", "INVALID")
            if any(
                other.weekday == leg.weekday and other.direction == leg.direction and _overlap(other.weeks, leg.weeks)
                for other in schedule.legs[:i]
            ):
                c.add(f"schedule.legs.{i}", "That day already has a run in that direction.", "DUPLICATE")
    if schedule.ends_on < schedule.starts_on:
        c.add("schedule.endsOn", "The last day comes before the first.", "END_BEFORE_START")
    elif (schedule.ends_on - schedule.starts_on).days > MAX_SPAN_DAYS:
        c.add("schedule.endsOn", f"A carpool runs at most {MAX_SPAN_DAYS} days; set it up again after.", "TOO_LONG")
    for m in schedule.moved:
        if not schedule.starts_on <= m.to <= schedule.ends_on:
            c.add("schedule.moved", "A trip can only move to a day while the carpool runs.", "OUT_OF_RANGE")
    if own:
        c.done()


def _overlap(a: Weeks, b: Weeks) -> bool:
    return Weeks.EVERY in (a, b) or a == b


def _week_letter(d: date, starts_on: date) -> Weeks:
    monday = starts_on - timedelta(days=starts_on.weekday())
    return Weeks.A if ((d - monday).days // 7) % 2 == 0 else Weeks.B


def _scheduled(schedule: Schedule, start: date, end: date) -> Iterable[tuple[date, Leg]]:
    by_day: dict[int, list[Leg]] = {}
    for leg in schedule.legs:
        by_day.setdefault(leg.weekday, []).append(leg)
    for legs in by_day.values():
        legs.sort(key=lambda leg: (leg.at, leg.direction))
    d = max(start, schedule.starts_on)
    last = min(end, schedule.ends_on)
    while d <= last:
        if d not in schedule.skipped:
            for leg in by_day.get(d.weekday(), ()):
                if leg.weeks in (Weeks.EVERY, _week_letter(d, schedule.starts_on)):
                    yield d, leg
        d += timedelta(days=1)


def trips(schedule: Schedule, zone: str, start: date, end: date) -> list[Trip]:
    """The trips whose (possibly moved) day falls within [start, end], in time order. A moved trip
    is found by where it went, so a trip moved into the window is in it and one moved out is not."""
    moved = {(m.on, m.direction): m for m in schedule.moved}
    out: list[Trip] = []
    # A trip may move in from up to a week either side of the window.
    for on, leg in _scheduled(schedule, start - timedelta(days=7), end + timedelta(days=7)):
        m = moved.get((on, leg.direction))
        day, at = (m.to, m.at) if m else (on, leg.at)
        if not start <= day <= end:
            continue
        out.append(
            Trip(
                key=on,
                direction=leg.direction,
                starts_at=instant(datetime.combine(day, at), zone),
                moved=m is not None,
                cancelled=(on, leg.direction) in schedule.cancelled,
                leg=leg.key,
            )
        )
    out.sort(key=lambda t: (t.starts_at, t.direction))
    return out
