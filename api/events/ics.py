"""iCalendar (RFC 5545) text for an event or one of its occurrences: local times with their zone
(a VTIMEZONE built from the zone database for the years the event spans), the series as an RRULE,
cancelled dates as EXDATE, moved dates as their own VEVENT with a RECURRENCE-ID. Served as a
GraphQL field and downloaded with the member's session: no token ever goes into a URL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from api.events import recurrence
from api.events.models import Event, Frequency, OccurrenceChange

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space (RFC 5545 §3.1)."""
    out, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += b
    out.append(current.decode())
    return "\r\n ".join(out)


def _local(d: datetime) -> str:
    return d.strftime("%Y%m%dT%H%M%S")


def _utc(d: datetime) -> str:
    return d.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _vtimezone(zone: str, first: int, last: int) -> list[str]:
    """The zone's UTC offset changes in [first, last] (years), found hour by hour, as observances."""
    tz = ZoneInfo(zone)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone}"]
    t = datetime(first, 1, 1, tzinfo=UTC)
    end = datetime(last + 1, 1, 1, tzinfo=UTC)
    prev = t.astimezone(tz)
    observances = []
    while t < end:
        t += timedelta(hours=1)
        cur = t.astimezone(tz)
        if cur.utcoffset() != prev.utcoffset():
            # Find the exact minute of the change within the hour.
            lo = t - timedelta(hours=1)
            while (t - lo) > timedelta(minutes=1):
                mid = lo + (t - lo) / 2
                if mid.astimezone(tz).utcoffset() == prev.utcoffset():
                    lo = mid
                else:
                    t = mid
            cur = t.astimezone(tz)
            observances.append((t, prev, cur))
        prev = cur
    if not observances:
        here = datetime(first, 1, 1, tzinfo=UTC).astimezone(tz)
        off = _offset(here.utcoffset() or timedelta(0))
        lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", f"TZOFFSETFROM:{off}", f"TZOFFSETTO:{off}"]
        lines += [f"TZNAME:{here.tzname()}", "END:STANDARD"]
    for at, before, after in observances:
        kind = "DAYLIGHT" if after.dst() else "STANDARD"
        wall = (at + (before.utcoffset() or timedelta(0))).replace(tzinfo=None)
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{_local(wall)}",
            f"TZOFFSETFROM:{_offset(before.utcoffset() or timedelta(0))}",
            f"TZOFFSETTO:{_offset(after.utcoffset() or timedelta(0))}",
            f"TZNAME:{after.tzname()}",
            f"END:{kind}",
        ]
    return [*lines, "END:VTIMEZONE"]


def _rrule(e: Event) -> str:
    assert e.until is not None
    # UNTIL in UTC (DTSTART has a TZID): the end of the last day, in the event's zone.
    until = recurrence.instant(datetime.combine(e.until, datetime.max.time()).replace(microsecond=0), e.timezone)
    parts = [f"FREQ={'WEEKLY' if e.frequency == Frequency.WEEKLY else 'MONTHLY'}", f"INTERVAL={e.interval}"]
    start = e.starts_local.date()
    if e.frequency == Frequency.MONTHLY:
        parts.append(f"BYDAY={recurrence.nth_weekday(start)}{_DAYS[start.weekday()]}")
    else:
        parts.append(f"BYDAY={_DAYS[start.weekday()]}")
    parts.append(f"UNTIL={_utc(until)}")
    return "RRULE:" + ";".join(parts)


def _join(lines: list[str]) -> str:
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _vevent(e: Event, o: recurrence.Occurrence, uid: str, link: str | None, now: datetime) -> list[str]:
    where = ", ".join(p for p in (e.place_name, e.area_label) if p)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART;TZID={e.timezone}:{_local(o.starts_at)}",
        f"DTEND;TZID={e.timezone}:{_local(o.ends_at)}",
        f"SUMMARY:{_escape(e.title)}",
    ]
    if e.description:
        lines.append(f"DESCRIPTION:{_escape(e.description)}")
    if where:
        lines.append(f"LOCATION:{_escape(where)}")
    if link:
        lines.append(f"URL:{link}")
    if o.cancelled:
        lines.append("STATUS:CANCELLED")
    return [*lines, "END:VEVENT"]


_HEADER = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Village//Events//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]


def personal(items: list[tuple[Event, recurrence.Occurrence, str | None]], now: datetime | None = None) -> str:
    """A family's calendar: only the dates they are going to, each an event of its own (so a series
    they joined for two dates shows two dates, not the whole series). `items`: (event, date, link)."""
    now = now or datetime.now(UTC)
    out = list(_HEADER)
    zones: dict[str, list[int]] = {}
    for e, o, _ in items:
        zones.setdefault(e.timezone, []).append(o.starts_at.year)
    for zone, years in sorted(zones.items()):
        out += _vtimezone(zone, min(years), max(years))
    for e, o, link in items:
        out += _vevent(e, o, f"{e.id}-{o.key.isoformat()}@village", link, now)
    return _join([*out, "END:VCALENDAR"])


def calendar(
    e: Event,
    changes: dict[date, OccurrenceChange],
    *,
    link: str | None,
    occurrence: date | None = None,
    now: datetime | None = None,
) -> str:
    """The event (or one date of it) as an iCalendar object. `link`: the virtual link, for those who
    may attend only."""
    now = now or datetime.now(UTC)
    occ = recurrence.occurrences(e, changes)
    if occurrence is not None:
        # One date on its own is an event of its own (not an override of a series the calendar lacks).
        occ = [o for o in occ if o.key == occurrence]
        return personal([(e, o, link) for o in occ], now)
    uid = f"{e.id}@village"
    years = [o.starts_at.year for o in occ]
    out = [*_HEADER, *_vtimezone(e.timezone, min(years), max(years))]
    if e.frequency == Frequency.NONE:
        return _join([*out, *_vevent(e, occ[0], uid, link, now), "END:VCALENDAR"])

    def original(o: recurrence.Occurrence) -> str:
        return _local(recurrence.instant(datetime.combine(o.key, e.starts_local.time()), e.timezone))

    # The rule from its first date as planned (cancelled only with the whole event), minus the
    # cancelled dates; each moved date is an override of its original start.
    first = next(o for o in recurrence.occurrences(e) if o.key == e.starts_local.date())
    master = _vevent(e, first, uid, link, now)[:-1]
    master.append(_rrule(e))
    master += [f"EXDATE;TZID={e.timezone}:{original(o)}" for o in occ if o.cancelled and not e.cancelled_at]
    out += [*master, "END:VEVENT"]
    for o in occ:
        if o.moved and not o.cancelled:
            override = _vevent(e, o, uid, link, now)
            out += [*override[:-1], f"RECURRENCE-ID;TZID={e.timezone}:{original(o)}", "END:VEVENT"]
    return _join([*out, "END:VCALENDAR"])
