"""The events part of exportMyData, and deleting an account: its answers go, and a seat it held
passes to the first family waiting."""

from sqlalchemy import func, select

from api.events.models import Event, Rsvp
from tests.events.support import create, iso, local, occurrences, rsvp, world
from tests.factories import PASSWORD

EXPORT = "mutation { exportMyData { data errors { code } } }"
DELETE = "mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { errors { code } } }"


async def test_export_holds_the_events_i_organised_and_my_answers(f):
    w = await world(f)
    e = await create(f, w, capacity=5)
    await rsvp(f, w.leader, e["id"], occurrence=iso(local())[:10], guestName="The Ortiz family", adults=2)
    await rsvp(f, w.ana, e["id"], occurrence=iso(local())[:10], adults=1, children=2)
    leader = (await f.ok(EXPORT, user=w.leader))["exportMyData"]["data"]
    assert [x["title"] for x in leader["eventsOrganised"]] == ["Family picnic"]
    assert [(r["forFamily"], r["status"]) for r in leader["eventRsvps"]] == [("The Ortiz family", "going")]
    ana = (await f.ok(EXPORT, user=w.ana))["exportMyData"]["data"]
    assert ana["eventsOrganised"] == []
    assert [(r["event"], r["adults"], r["children"], r["forFamily"]) for r in ana["eventRsvps"]] == [
        ("Family picnic", 1, 2, None)
    ]


async def test_deleting_an_account_frees_its_seat_for_the_family_waiting(f, sessions):
    w = await world(f)
    e = await create(f, w, capacity=2)
    day = iso(local())[:10]
    await rsvp(f, w.ana, e["id"], occurrence=day, adults=2)
    assert (await rsvp(f, w.ben, e["id"], occurrence=day, adults=1))["rsvp"]["status"] == "WAITLISTED"
    await f.ok(DELETE, {"i": {"password": PASSWORD}}, w.ana)
    occ = (await occurrences(f, w.ben, e["id"]))[0]
    assert occ["viewerRsvp"]["status"] == "GOING" and occ["goingCount"] == 1
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Rsvp).where(Rsvp.account_id == w.ana.pk)) == 0
        assert await s.scalar(select(func.count()).select_from(Event)) == 1


async def test_the_organisers_account_going_leaves_the_event_to_the_community(f, sessions):
    w = await world(f)
    e = await create(f, w)
    await f.ok(DELETE, {"i": {"password": PASSWORD}}, w.leader)
    seen = await f.ok("query($id: ID!) { event(id: $id) { title organiser { id } } }", {"id": e["id"]}, w.ana)
    assert seen["event"] == {"title": "Family picnic", "organiser": None}
