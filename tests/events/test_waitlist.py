"""Seats: capacity counts people, a full date puts families on a first-come waitlist, a drop-out
promotes the head of the queue at once (and the family is told, urgently), a series answer holds a
seat or a place on every date, and two families racing for the last seat get one seat and one place."""

import asyncio

import httpx
from sqlalchemy import select, text

from api.notifications.models import Notification
from tests.events.support import RSVP, UPDATE, create, iso, local, occurrences, rsvp, world
from tests.support.polling import wait_for

MY_EVENTS = "{ myEvents { date event { title } viewerRsvp { status } } }"


async def notifications(sessions, user) -> list[tuple[str, bool]]:
    async with sessions() as s:
        rows = await s.execute(
            select(Notification.kind, Notification.urgent)
            .where(Notification.recipient_id == user.pk, Notification.kind != "event_created")
            .order_by(Notification.created_at)
        )
        return [tuple(r) for r in rows.all()]


async def test_a_drop_out_promotes_the_first_family_waiting_and_tells_them_at_once(f, sessions, runner):
    w = await world(f)
    cara = await f.member(w.community, "Cara")
    e = await create(f, w, capacity=4)
    day = iso(local())[:10]
    a = await rsvp(f, w.ana, e["id"], occurrence=day, adults=2, children=1)
    b = await rsvp(f, w.ben, e["id"], occurrence=day, adults=1, children=1)
    c = await rsvp(f, cara, e["id"], occurrence=day, adults=1)
    assert [x["rsvp"]["status"] for x in (a, b, c)] == ["GOING", "WAITLISTED", "WAITLISTED"]
    assert [x["rsvp"]["waitlistPosition"] for x in (b, c)] == [1, 2]
    occ = (await occurrences(f, cara, e["id"]))[0]
    assert (occ["goingCount"], occ["spotsLeft"], occ["waitlistCount"]) == (3, 1, 2)
    # Cara (1 person) fits the free seat but waits behind Ben (2): first come, first served.
    assert occ["viewerRsvp"] == {"status": "WAITLISTED", "waitlistPosition": 2}
    dropped = await rsvp(f, w.ana, e["id"], occurrence=day, going=False)
    assert dropped["rsvp"]["status"] == "NOT_GOING"
    occ = (await occurrences(f, w.ben, e["id"]))[0]
    assert occ["viewerRsvp"]["status"] == "GOING" and (occ["goingCount"], occ["waitlistCount"]) == (3, 0)
    await runner.run()
    assert await notifications(sessions, w.ben) == [("event_waitlist_promoted", True)]
    assert await notifications(sessions, cara) == [("event_waitlist_promoted", True)]
    assert await notifications(sessions, w.ana) == []


async def test_a_family_that_does_not_fit_keeps_its_place_until_seats_free_up(f):
    w = await world(f)
    cara = await f.member(w.community, "Cara")
    e = await create(f, w, capacity=5)
    day = iso(local())[:10]
    await rsvp(f, w.ana, e["id"], occurrence=day, adults=2)
    await rsvp(f, cara, e["id"], occurrence=day, adults=1, children=1)
    b = await rsvp(f, w.ben, e["id"], occurrence=day, adults=2, children=1)
    assert b["rsvp"]["status"] == "WAITLISTED"
    # Growing a family that is going is refused when there is no room; its seats stay.
    grow = await rsvp(f, w.ana, e["id"], occurrence=day, adults=2, children=2)
    assert [x["code"] for x in grow["errors"]] == ["NOT_ENOUGH_SEATS"]
    occ = (await occurrences(f, w.ana, e["id"]))[0]
    assert (occ["goingCount"], occ["viewerRsvp"]["status"]) == (4, "GOING")
    # More capacity lets the waiting family in.
    await f.ok(UPDATE, {"i": {"eventId": e["id"], "capacity": 8}}, w.leader)
    assert (await occurrences(f, w.ben, e["id"]))[0]["viewerRsvp"]["status"] == "GOING"


async def test_a_series_answer_takes_a_seat_or_a_place_on_each_date(f):
    w = await world(f)
    until = iso(local(17))[:10]
    e = await create(f, w, capacity=2, recurrence={"frequency": "WEEKLY", "until": until})
    dates = [o["date"] for o in await occurrences(f, w.ana, e["id"])]
    assert len(dates) == 3
    await rsvp(f, w.ben, e["id"], occurrence=dates[1], adults=2)  # the second date is full
    series = await rsvp(f, w.ana, e["id"], adults=1, children=1)
    assert series["rsvp"]["occurrence"] is None and series["rsvp"]["status"] == "GOING"
    mine = [o["viewerRsvp"]["status"] for o in await occurrences(f, w.ana, e["id"])]
    assert mine == ["GOING", "WAITLISTED", "GOING"]
    calendar = (await f.ok(MY_EVENTS, user=w.ana))["myEvents"]
    assert [o["date"] for o in calendar] == [dates[0], dates[2]]
    # One date off, the rest stay.
    await rsvp(f, w.ana, e["id"], occurrence=dates[2], going=False)
    assert [o["date"] for o in (await f.ok(MY_EVENTS, user=w.ana))["myEvents"]] == [dates[0]]
    # No to the series: every date frees its seat.
    await rsvp(f, w.ana, e["id"], going=False)
    assert (await f.ok(MY_EVENTS, user=w.ana))["myEvents"] == []
    assert [o["goingCount"] for o in await occurrences(f, w.ana, e["id"])] == [0, 2, 0]


async def test_a_family_answers_once_for_the_household(f):
    w = await world(f)
    e = await create(f, w, capacity=10)
    day = iso(local())[:10]
    code = (
        await f.ok("mutation { inviteCaregiverToFamily(input: {}) { invite { code } errors { code } } }", user=w.ana)
    )["inviteCaregiverToFamily"]["invite"]["code"]
    partner = await f.member(w.community, "Andrés")
    await f.ok(
        "mutation($i: JoinFamilyInput!) { joinFamily(input: $i) { errors { code } } }", {"i": {"code": code}}, partner
    )
    await rsvp(f, w.ana, e["id"], occurrence=day, adults=2, children=2)
    seen = (await occurrences(f, partner, e["id"]))[0]
    assert seen["viewerRsvp"]["status"] == "GOING" and seen["goingCount"] == 4
    await rsvp(f, partner, e["id"], occurrence=day, adults=2, children=1)  # the same family's answer, changed
    assert (await occurrences(f, w.ana, e["id"]))[0]["goingCount"] == 3


async def test_two_families_racing_for_the_last_seat_get_one_seat_and_one_waitlist_place(f, engine, live_server):
    w = await world(f)
    e = await create(f, w, capacity=1)
    day = iso(local())[:10]
    async with engine.connect() as holder:
        # Hold the event row, so both RSVPs are in flight and waiting at the same point.
        await holder.execute(
            text("select id from events where title = 'Family picnic' for update"),
        )

        async def answer(user) -> dict:
            async with httpx.AsyncClient(base_url=live_server, headers=user.headers, timeout=30) as http:
                r = await http.post(
                    "/graphql",
                    json={"query": RSVP, "variables": {"i": {"eventId": e["id"], "occurrence": day, "going": True}}},
                )
                assert r.status_code == 200, r.text
                return r.json()["data"]["rsvp"]

        racing = asyncio.gather(answer(w.ana), answer(w.ben))

        async def both_waiting() -> bool:
            async with engine.connect() as probe:
                n = await probe.scalar(
                    text(
                        "select count(*) from pg_stat_activity where datname = current_database()"
                        " and wait_event_type = 'Lock' and query ilike '%from events%'"
                    )
                )
                return n == 2

        await wait_for(both_waiting, what="both RSVPs waiting for the event")
        await holder.rollback()
        results = await racing
    assert sorted(r["rsvp"]["status"] for r in results) == ["GOING", "WAITLISTED"]
    occ = (await occurrences(f, w.leader, e["id"]))[0]
    assert (occ["goingCount"], occ["spotsLeft"], occ["waitlistCount"]) == (1, 0, 1)


async def test_leaving_the_waitlist_moves_everyone_behind_up(f):
    w = await world(f)
    cara = await f.member(w.community, "Cara")
    e = await create(f, w, capacity=1)
    day = iso(local())[:10]
    await rsvp(f, w.leader, e["id"], occurrence=day)
    ben = await rsvp(f, w.ben, e["id"], occurrence=day)
    cara_rsvp = await rsvp(f, cara, e["id"], occurrence=day)
    assert (ben["rsvp"]["waitlistPosition"], cara_rsvp["rsvp"]["waitlistPosition"]) == (1, 2)
    await rsvp(f, w.ben, e["id"], occurrence=day, going=False)
    occ = (await occurrences(f, cara, e["id"]))[0]
    assert occ["viewerRsvp"] == {"status": "WAITLISTED", "waitlistPosition": 1} and occ["waitlistCount"] == 1


async def test_my_series_answer_is_shown_with_the_event(f):
    w = await world(f)
    e = await create(f, w, recurrence={"frequency": "WEEKLY", "until": iso(local(17))[:10]})
    doc = "query($id: ID!) { event(id: $id) { viewerSeriesRsvp { occurrence status adults children } } }"
    assert (await f.ok(doc, {"id": e["id"]}, w.ana))["event"]["viewerSeriesRsvp"] is None
    await rsvp(f, w.ana, e["id"], adults=2, children=3)
    assert (await f.ok(doc, {"id": e["id"]}, w.ana))["event"]["viewerSeriesRsvp"] == {
        "occurrence": None,
        "status": "GOING",
        "adults": 2,
        "children": 3,
    }
