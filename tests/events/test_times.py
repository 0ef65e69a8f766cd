"""Times through the API: local wall time in the community's zone, a weekly event at the same local
time across a DST change, a series' time of day changed without touching its dates, one date moved,
and the .ics fetched with the member's session."""

from datetime import date, datetime, timedelta

from tests.events.support import CHICAGO, MOVE, UPDATE, create, iso, local, occurrences, world


def _next_spring_change() -> date:
    """The Sunday in March when Chicago's clocks next go forward (second Sunday of March)."""
    today = datetime.now(CHICAGO).date()
    for year in (today.year, today.year + 1):
        d = date(year, 3, 8)
        d += timedelta(days=(6 - d.weekday()) % 7)
        if d > today + timedelta(days=14):
            return d
    raise AssertionError("unreachable")


async def test_a_weekly_event_stays_at_six_pm_local_across_the_dst_change(f):
    w = await world(f)
    change = _next_spring_change()
    first = change - timedelta(days=12)  # a Tuesday, two weeks before the change
    start = datetime(first.year, first.month, first.day, 18, 0)
    until = first + timedelta(weeks=4)
    e = await create(f, w, start=start, recurrence={"frequency": "WEEKLY", "until": until.isoformat()})
    occ = await occurrences(
        f,
        w.ana,
        e["id"],
        **{
            "from": start.replace(tzinfo=CHICAGO).isoformat(),
            "to": iso((start + timedelta(weeks=6)).replace(tzinfo=CHICAGO)),
        },
    )
    starts = [datetime.fromisoformat(o["startsAt"]) for o in occ]
    assert len(starts) == 5
    assert {s.astimezone(CHICAGO).strftime("%H:%M") for s in starts} == {"18:00"}
    assert [s.utcoffset().total_seconds() / 3600 for s in starts] == [-6, -6, -5, -5, -5]


async def test_an_offset_is_converted_to_the_communitys_time(f):
    w = await world(f)
    start = local(days=4, hour=18).replace(tzinfo=CHICAGO).astimezone(tz=None)
    e = await create(f, w, start=start)  # sent with the machine's offset
    assert datetime.fromisoformat(e["startsAt"]).astimezone(CHICAGO).strftime("%H:%M") == "18:00"


async def test_a_series_changes_its_time_of_day_but_keeps_its_dates_and_one_date_moves(f):
    w = await world(f)
    e = await create(f, w, recurrence={"frequency": "WEEKLY", "until": iso(local(17))[:10]})
    dates = [o["date"] for o in await occurrences(f, w.ana, e["id"])]
    body = await f.gql(UPDATE, {"i": {"eventId": e["id"], "startsAt": iso(local(4, 19))}}, w.leader)
    assert [x["code"] for x in body["data"]["updateEvent"]["errors"]] == ["SERIES_DATES_FIXED"]
    await f.ok(UPDATE, {"i": {"eventId": e["id"], "startsAt": iso(local(3, 19, 30))}}, w.leader)
    await f.ok(MOVE, {"i": {"eventId": e["id"], "occurrence": dates[1], "startsAt": iso(local(11, 10))}}, w.leader)
    occ = await occurrences(f, w.ana, e["id"])
    assert [o["date"] for o in occ] == dates
    assert [datetime.fromisoformat(o["startsAt"]).strftime("%d %H:%M") for o in occ] == [
        local(3).strftime("%d 19:30"),
        local(11).strftime("%d 10:00"),
        local(17).strftime("%d 19:30"),
    ]
    assert [o["moved"] for o in occ] == [False, True, False]
    assert all(
        datetime.fromisoformat(o["endsAt"]) - datetime.fromisoformat(o["startsAt"]) == timedelta(hours=2) for o in occ
    )


async def test_the_ics_comes_with_the_session_and_holds_the_series(f):
    w = await world(f)
    e = await create(
        f,
        w,
        virtualLink="https://meet.example.org/abc",
        recurrence={"frequency": "WEEKLY", "until": iso(local(17))[:10]},
    )
    doc = "query($id: ID!, $d: Date) { event(id: $id) { ics(occurrence: $d) } }"
    series = (await f.ok(doc, {"id": e["id"]}, w.ana))["event"]["ics"]
    assert "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=" in series and "URL:https://meet.example.org/abc" in series
    one = (await f.ok(doc, {"id": e["id"], "d": iso(local(10))[:10]}, w.ana))["event"]["ics"]
    assert "RRULE" not in one and f"DTSTART;TZID=America/Chicago:{local(10).strftime('%Y%m%dT180000')}" in one
    body = await f.gql(doc, {"id": e["id"]})
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_my_calendar_ics_holds_only_the_dates_my_family_is_going_to(f):
    w = await world(f)
    e = await create(f, w, capacity=2, recurrence={"frequency": "WEEKLY", "until": iso(local(17))[:10]})
    other = await create(f, w, title="Book swap", start=local(5, 10))
    dates = [o["date"] for o in await occurrences(f, w.ana, e["id"])]
    rsvp_doc = "mutation($i: RsvpInput!) { rsvp(input: $i) { errors { code } } }"
    await f.ok(rsvp_doc, {"i": {"eventId": e["id"], "going": True, "adults": 2, "occurrence": dates[1]}}, w.ben)
    await f.ok(rsvp_doc, {"i": {"eventId": e["id"], "going": True}}, w.ana)  # the series: waitlisted on dates[1]
    await f.ok(rsvp_doc, {"i": {"eventId": other["id"], "going": False, "occurrence": iso(local(5, 10))[:10]}}, w.ana)
    text = (await f.ok("{ myEventsIcs }", user=w.ana))["myEventsIcs"]
    starts = sorted(line for line in text.split("\r\n") if line.startswith("DTSTART;"))
    assert starts == [f"DTSTART;TZID=America/Chicago:{d.replace('-', '')}T180000" for d in (dates[0], dates[2])]
    assert "RRULE" not in text and "Book swap" not in text
    body = await f.gql("{ myEventsIcs }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
