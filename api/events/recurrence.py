"""Occurrences of an event from its rule, in the community's wall time: every N weeks on the start's
weekday, or monthly on the start's weekday of the month (the 2nd Tuesday; after the 28th, the last).
Local times are turned into instants per occurrence, so 18:00 stays 18:00 across DST changes.

Small enough to write here (python-dateutil is not one of our dependencies); the ICS export says
the same rule as an RRULE."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from api.events.models import Frequency

# No series is open-ended: a rule ends within this many days of its first occurrence.
MAX_SERIES_DAYS = 731


def nth_weekday(d: date) -> int:
    """Which weekday of its month a date is: 1..4, or -1 for the last (a 5th one is always last)."""
    return -1 if d.day > 28 else (d.day - 1) // 7 + 1


def _nth_in_month(year: int, month: int, weekday: int, n: int) -> date:
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = date(year + month // 12, month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def dates(start: date, frequency: str, interval: int, until: date | None) -> Iterator[date]:
    """The local dates of a rule's occurrences, in order (the key of each occurrence)."""
    if frequency == Frequency.NONE or until is None:
        yield start
        return
    if frequency == Frequency.WEEKLY:
        d = start
        while d <= until:
            yield d
            d += timedelta(weeks=interval)
        return
    n, weekday = nth_weekday(start), start.weekday()
    year, month = start.year, start.month
    while True:
        d = _nth_in_month(year, month, weekday, n)
        if d > until:
            return
        if d >= start:
            yield d
        month += interval
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def instant(local: datetime, zone: str) -> datetime:
    """A wall time in a zone as an aware time. A time skipped by a DST change (02:30 on the spring
    morning) comes out an hour later; a repeated one (01:30 in autumn) is the first of the two."""
    aware = local.replace(tzinfo=ZoneInfo(zone), fold=0)
    return aware.astimezone(UTC).astimezone(ZoneInfo(zone))


@dataclass(frozen=True)
class Occurrence:
    key: date  # the original local date (stays the key when moved)
    starts_at: datetime  # aware, in the event's zone
    ends_at: datetime
    cancelled: bool
    moved: bool


def occurrences(event, changes: dict[date, object] | None = None) -> list[Occurrence]:
    """Every occurrence of an event with its changes applied ({date: OccurrenceChange}), in order of start."""
    changes = changes or {}
    span = timedelta(minutes=event.duration_minutes)
    out = []
    for d in dates(event.starts_local.date(), event.frequency, event.interval, event.until):
        change = changes.get(d)
        moved_to = getattr(change, "moved_to_local", None)
        local = moved_to or datetime.combine(d, event.starts_local.time())
        start = instant(local, event.timezone)
        out.append(
            Occurrence(
                key=d,
                starts_at=start,
                ends_at=(start.astimezone(UTC) + span).astimezone(start.tzinfo),
                cancelled=bool(event.cancelled_at or getattr(change, "cancelled_at", None)),
                moved=moved_to is not None,
            )
        )
    out.sort(key=lambda o: o.starts_at)
    return out


def span(event, changes: dict[date, object] | None = None) -> tuple[datetime, datetime]:
    """(first start, last end) over every occurrence, for Event.first_starts_at / last_ends_at."""
    occ = occurrences(event, changes)
    return min(o.starts_at for o in occ).astimezone(UTC), max(o.ends_at for o in occ).astimezone(UTC)
