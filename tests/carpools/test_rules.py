"""Carpools through the API: setting one up (and every refused input, which changes nothing), who
sees what (pickup details, children, trips, ledger only for approved families; nothing for pending
members, other communities or across a block), seat requests and their approval, the last-seat
race, leaving."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from api.carpools.models import Carpool, CarpoolFamily, Trip
from tests.carpools.support import (
    CARPOOL,
    CREATE,
    DECIDE,
    FAMILIES,
    LEAVE,
    LEDGER,
    REQUEST,
    SEARCH,
    TRIPS,
    approve,
    ask,
    carpool_input,
    create,
    full_pool,
    today,
    trips,
    weekdays_run,
    world,
)


async def count(sessions, model) -> int:
    async with sessions() as s:
        return await s.scalar(select(func.count()).select_from(model))


async def test_a_school_year_weekday_run_is_set_up_with_four_weeks_of_trips(f, sessions):
    w = await world(f)
    c = await create(f, w)
    assert c["viewerIsOrganiser"] and c["viewerState"] == "APPROVED" and c["viewerCanDecide"]
    assert c["seats"] == 4 and c["seatsFree"] == 3  # Ollie holds one
    assert c["directions"] == ["TO", "FROM"]
    assert [leg["label"] for leg in c["schedule"]["legs"]][:2] == ["Monday there", "Tuesday there"]
    assert c["pickupDetails"] == "Corner of Oak and 5th, by the blue mailbox"
    ts = await trips(f, w.olga, c["id"])
    # Ten runs a week for four weeks (today's past runs included in the window, not before it).
    assert 36 <= len(ts) <= 42
    assert all(t["driver"]["isMine"] for t in ts if t["driver"])  # the only family that drives
    assert {t["direction"] for t in ts} == {"TO", "FROM"}


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"legs": []}, "schedule.legs", "REQUIRED"),
        ({"ends_on": today() - timedelta(days=3), "starts_on": today()}, "schedule.endsOn", "END_BEFORE_START"),
        ({"seats": 0}, "seats", "OUT_OF_RANGE"),
        ({"seats": 50}, "seats", "OUT_OF_RANGE"),
        ({"title": ""}, "title", "REQUIRED"),
        ({"destination": "Lincoln\x00"}, "destination", "INVALID_CHARACTERS"),
        ({"postalCode": "00000"}, "postalCode", "UNKNOWN_POSTAL_CODE"),
        ({"legs": weekdays_run() + weekdays_run(days=[0])}, "schedule.legs.5", "DUPLICATE"),
        ({"skipped": [(today() + timedelta(days=900)).isoformat()]}, "schedule.skipped", "OUT_OF_RANGE"),
    ],
)
async def test_bad_input_is_refused_clearly_and_changes_nothing(f, sessions, change, field, code):
    w = await world(f)
    body = await f.gql(CREATE, {"i": carpool_input(w, **change)}, w.olga)
    payload = body["data"]["createCarpool"]
    assert payload["carpool"] is None
    assert (field, code) in {(".".join(e["field"][1:]), e["code"]) for e in payload["errors"]}, payload["errors"]
    assert await count(sessions, Carpool) == 0 and await count(sessions, Trip) == 0


async def test_a_child_of_another_family_is_refused(f, sessions):
    w = await world(f)
    body = await f.gql(CREATE, {"i": carpool_input(w, childIds=[w.bea])}, w.olga)
    assert body["data"]["createCarpool"]["errors"][0]["code"] == "NOT_YOUR_CHILD"
    c = await create(f, w)
    body = await f.gql(REQUEST, {"i": {"carpoolId": c["id"], "childIds": [w.ollie]}}, w.ben)
    assert body["data"]["requestSeat"]["errors"][0]["code"] == "NOT_YOUR_CHILD"
    assert await count(sessions, CarpoolFamily) == 1


async def test_the_community_time_zone_is_used_and_an_invalid_one_is_refused(f):
    w = await world(f)
    c = await create(f, w)
    data = await f.ok("query($id: ID!) { carpool(id: $id) { timezone } }", {"id": c["id"]}, w.olga)
    assert data["carpool"]["timezone"] == "America/Chicago"
    body = await f.gql(
        "mutation($i: CreateCommunityInput!) { createCommunity(input: $i) { errors { field code } } }",
        {"i": {"name": "Nowhere School", "timezone": "Mars/Olympus"}},
        w.community.admin,
    )
    assert body["data"]["createCommunity"]["errors"] == [{"field": ["input", "timezone"], "code": "INVALID_TIMEZONE"}]


async def test_before_approval_only_the_area_shows_then_everything_and_hidden_again_on_leaving(f):
    w = await world(f)
    c = await create(f, w)
    seen = (await f.ok(CARPOOL, {"id": c["id"]}, w.ben))["carpool"]
    assert seen["pickupDetails"] is None and seen["pickupArea"] and seen["viewerState"] is None
    assert await trips(f, w.ben, c["id"]) == []
    assert (await f.ok(LEDGER, {"id": c["id"]}, w.ben))["carpool"]["ledger"] == []
    families = (await f.ok(FAMILIES, {"id": c["id"]}, w.ben))["carpool"]["families"]
    assert families == []  # not even the organiser's children or contact

    req = await ask(f, w.ben, c["id"], [w.bea, w.bo], canDrive=True, contact="512-555-0199")
    assert req["state"] == "PENDING"
    families = (await f.ok(FAMILIES, {"id": c["id"]}, w.ben))["carpool"]["families"]
    assert [x["isMine"] for x in families] == [True]  # only our own request
    # The organiser sees the request with the children's first names, to decide.
    pending = [
        x for x in (await f.ok(FAMILIES, {"id": c["id"]}, w.olga))["carpool"]["families"] if x["state"] == "PENDING"
    ]
    assert [ch["firstName"] for ch in pending[0]["children"]] == ["Bea", "Bo"]
    assert all(ch["id"] is None for ch in pending[0]["children"])  # not our children: no ids

    await approve(f, w.olga, req["id"])
    seen = (await f.ok(CARPOOL, {"id": c["id"]}, w.ben))["carpool"]
    assert seen["pickupDetails"] == "Corner of Oak and 5th, by the blue mailbox" and seen["seatsFree"] == 1
    families = (await f.ok(FAMILIES, {"id": c["id"]}, w.ben))["carpool"]["families"]
    olga = next(x for x in families if x["organiser"])
    assert olga["contact"] == "512-555-0101" and [ch["firstName"] for ch in olga["children"]] == ["Ollie"]
    assert len(await trips(f, w.ben, c["id"])) > 30

    await f.ok(LEAVE, {"i": {"carpoolId": c["id"]}}, w.ben)
    seen = (await f.ok(CARPOOL, {"id": c["id"]}, w.ben))["carpool"]
    assert seen["pickupDetails"] is None and seen["viewerState"] == "LEFT" and seen["seatsFree"] == 3
    assert await trips(f, w.ben, c["id"]) == []
    assert [x["isMine"] for x in (await f.ok(FAMILIES, {"id": c["id"]}, w.ben))["carpool"]["families"]] == [True]


async def test_pending_members_other_communities_and_blocked_families_see_nothing(f):
    w = await world(f)
    c = await create(f, w)
    pending = await f.member(w.community, "Pat", verify=False)
    other = await f.community("Other School")
    stranger = await f.member(other, "Sam")
    blocked = await f.member(w.community, "Blake")
    await f.ok(
        "mutation($i: BlockInput!) { block(input: $i) { errors { code } } }", {"i": {"caregiverId": w.olga.id}}, blocked
    )
    for who in (pending, stranger, blocked):
        body = await f.gql(CARPOOL, {"id": c["id"]}, who)
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        node = await f.gql("query($id: ID!) { node(id: $id) { id } }", {"id": c["id"]}, who)
        assert node["data"]["node"] is None
        body = await f.gql(REQUEST, {"i": {"carpoolId": c["id"], "childIds": []}}, who)
        assert body["data"]["requestSeat"]["request"] is None
    body = await f.gql(SEARCH, {"c": w.community.id}, blocked)
    assert body["data"]["carpools"] == []
    body = await f.gql(SEARCH, {"c": w.community.id}, stranger)
    assert body["data"] is None


async def test_a_family_blocked_by_one_already_in_the_carpool_cannot_join(f):
    w = await world(f)
    c = await full_pool(f, w)
    dan = await f.member(w.community, "Dan")
    danny = await f.child(dan, "Danny")
    await f.ok(
        "mutation($i: BlockInput!) { block(input: $i) { errors { code } } }", {"i": {"caregiverId": dan.id}}, w.ben
    )
    body = await f.gql(REQUEST, {"i": {"carpoolId": c["id"], "childIds": [danny]}}, dan)
    assert body["data"]["requestSeat"]["errors"][0]["code"] == "NOT_AVAILABLE"


async def test_only_the_organiser_and_co_drivers_decide(f):
    w = await world(f)
    c = await create(f, w)
    ben = await ask(f, w.ben, c["id"], [w.bea], canDrive=True)
    cara = await ask(f, w.cara, c["id"], [w.cal])
    body = await f.gql(DECIDE, {"i": {"requestId": cara["id"], "approve": True}}, w.ben)  # still pending himself
    assert body["data"]["decideSeatRequest"]["errors"][0]["code"] == "NOT_FOUND"
    await approve(f, w.olga, ben["id"])
    assert (await approve(f, w.ben, cara["id"]))["request"]["state"] == "APPROVED"  # now a co-driver
    dan = await f.member(w.community, "Dan")
    req = await ask(f, dan, c["id"], [await f.child(dan, "Danny")])
    # Cara rides and does not drive: she does not even see the request.
    body = await f.gql(DECIDE, {"i": {"requestId": req["id"], "approve": True}}, w.cara)
    assert body["data"]["decideSeatRequest"]["errors"][0]["code"] == "NOT_FOUND"
    body = await f.gql(DECIDE, {"i": {"requestId": ben["id"], "approve": False}}, w.olga)
    assert body["data"]["decideSeatRequest"]["errors"][0]["code"] == "ALREADY_DECIDED"


async def test_never_more_children_than_seats(f):
    w = await world(f)
    c = await create(f, w, seats=3)  # Ollie + Bea and Bo fill it
    await approve(f, w.olga, (await ask(f, w.ben, c["id"], [w.bea, w.bo]))["id"])
    body = await f.gql(REQUEST, {"i": {"carpoolId": c["id"], "childIds": [w.cal]}}, w.cara)
    err = body["data"]["requestSeat"]["errors"][0]
    assert err["code"] == "NO_SEATS" and "Monday there" in err["message"]
    # Seats only on the runs a family rides: Cara asks for the way back only, where nobody rides yet.
    c2 = await create(f, w, seats=1, childIds=[])
    back = [leg["key"] for leg in c2["schedule"]["legs"] if leg["direction"] == "FROM"]
    await approve(
        f,
        w.olga,
        (
            await ask(
                f,
                w.ben,
                c2["id"],
                [w.bea],
                legs=[k for k in [leg["key"] for leg in c2["schedule"]["legs"]] if k not in back],
            )
        )["id"],
    )
    req = await ask(f, w.cara, c2["id"], [w.cal], legs=back)
    assert (await approve(f, w.olga, req["id"]))["request"]["state"] == "APPROVED"


async def test_two_approvals_racing_for_the_last_seat_one_wins(f, client):
    w = await world(f)
    c = await create(f, w, seats=2)
    ben = await ask(f, w.ben, c["id"], [w.bea])
    cara = await ask(f, w.cara, c["id"], [w.cal])
    bodies = await asyncio.gather(
        f.gql(DECIDE, {"i": {"requestId": ben["id"], "approve": True}}, w.olga),
        f.gql(DECIDE, {"i": {"requestId": cara["id"], "approve": True}}, w.olga),
    )
    outcomes = sorted(
        (b["data"]["decideSeatRequest"]["errors"][0]["code"] if b["data"]["decideSeatRequest"]["errors"] else "OK")
        for b in bodies
    )
    assert outcomes == ["NO_SEATS", "OK"]
    assert (await f.ok(CARPOOL, {"id": c["id"]}, w.olga))["carpool"]["seatsFree"] == 0


async def test_the_organiser_leaving_hands_over_and_the_last_family_leaving_ends_it(f):
    w = await world(f)
    c = await full_pool(f, w)
    await f.ok(LEAVE, {"i": {"carpoolId": c["id"]}}, w.olga)
    seen = (await f.ok(CARPOOL, {"id": c["id"]}, w.ben))["carpool"]
    assert seen["viewerIsOrganiser"]  # Ben drives; Cara does not
    assert all(
        t["driver"] is None or t["driver"]["caregivers"][0]["displayName"] == "Ben"
        for t in await trips(f, w.ben, c["id"])
    )
    await f.ok(LEAVE, {"i": {"carpoolId": c["id"]}}, w.ben)
    await f.ok(LEAVE, {"i": {"carpoolId": c["id"]}}, w.cara)
    assert (await f.ok(CARPOOL, {"id": c["id"]}, w.cara))["carpool"]["cancelled"]
    assert (await f.ok("{ myCarpools { id } }", {}, w.cara))["myCarpools"] == []


async def test_a_request_sent_twice_with_one_client_id_is_made_once(f, sessions):
    w = await world(f)
    c = await create(f, w)
    for _ in range(2):
        req = await ask(f, w.ben, c["id"], [w.bea], clientMutationId="seat-1")
        assert req["state"] == "PENDING"
    assert await count(sessions, CarpoolFamily) == 2


async def test_search_puts_free_seats_first_then_the_closest_pickup_and_filters(f):
    w = await world(f)
    near = await create(f, w, title="Near and full", postalCode="78701", seats=1)
    far = await create(f, w, title="Far with seats", postalCode="78745", seats=4)
    close = await create(
        f,
        w,
        title="Close with seats",
        postalCode="78702",
        seats=4,
        destination="Riverside fields",
        legs=weekdays_run(days=[5]),
    )
    got = (await f.ok(SEARCH, {"c": w.community.id, "near": "78701"}, w.cara))["carpools"]
    assert [x["title"] for x in got] == ["Close with seats", "Far with seats", "Near and full"]
    assert got[2]["seatsFree"] == 0 and all(x["pickupDetails"] is None for x in got)
    assert got[0]["distanceKm"] < got[1]["distanceKm"]
    assert [x["id"] for x in (await f.ok(SEARCH, {"c": w.community.id, "d": "river"}, w.cara))["carpools"]] == [
        close["id"]
    ]
    assert {x["id"] for x in (await f.ok(SEARCH, {"c": w.community.id, "day": "MONDAY"}, w.cara))["carpools"]} == {
        near["id"],
        far["id"],
    }
    body = await f.gql(SEARCH, {"c": w.community.id, "near": "nope"}, w.cara)
    assert body["errors"][0]["extensions"]["code"] == "UNKNOWN_POSTAL_CODE"


async def test_trips_and_node_ids_are_for_approved_families_only(f):
    w = await world(f)
    c = await create(f, w)
    trip = (await trips(f, w.olga, c["id"]))[0]
    body = await f.gql("query($id: ID!) { node(id: $id) { id } }", {"id": trip["id"]}, w.ben)
    assert body["data"]["node"] is None
    data = await f.ok(
        "query($id: ID!) { node(id: $id) { ... on CarpoolTrip { id carpoolTitle } } }", {"id": trip["id"]}, w.olga
    )
    assert data["node"]["carpoolTitle"] == "Lincoln morning run"
    assert (await f.ok(TRIPS, {"id": c["id"]}, w.cara))["carpool"]["trips"] == []


async def test_a_family_has_at_most_ten_requests_waiting(f, monkeypatch):
    from api.carpools import service

    monkeypatch.setattr(service, "MAX_PENDING", 2)
    w = await world(f)
    pools = [await create(f, w, title=f"Run {i}") for i in range(3)]
    for c in pools[:2]:
        await ask(f, w.cara, c["id"], [w.cal])
    body = await f.gql(REQUEST, {"i": {"carpoolId": pools[2]["id"], "childIds": [w.cal]}}, w.cara)
    assert body["data"]["requestSeat"]["errors"][0]["code"] == "TOO_MANY_REQUESTS"
    await f.ok(LEAVE, {"i": {"carpoolId": pools[0]["id"]}}, w.cara)  # withdrawn: room for another
    assert (await ask(f, w.cara, pools[2]["id"], [w.cal]))["state"] == "PENDING"


async def test_times_far_out_are_refused_plainly(f):
    w = await world(f)
    c = await create(f, w)
    body = await f.gql(
        'query($id: ID!) { carpool(id: $id) { trips(from: "9999-12-31T00:00:00Z") { id } } }', {"id": c["id"]}, w.olga
    )
    assert body["errors"][0]["extensions"]["code"] == "OUT_OF_RANGE"
    body = await f.gql(CREATE, {"i": carpool_input(w, starts_on=today() + timedelta(days=400))}, w.olga)
    assert ("schedule.startsOn", "OUT_OF_RANGE") in {
        (".".join(e["field"][1:]), e["code"]) for e in body["data"]["createCarpool"]["errors"]
    }


async def test_families_in_a_carpool_write_to_each_other_without_a_message_request(f):
    from tests.messages.test_messages import START

    w = await world(f)
    c = await create(f, w)
    await approve(f, w.olga, (await ask(f, w.ben, c["id"], [w.bea]))["id"])
    await ask(f, w.cara, c["id"], [w.cal])  # asking for a seat is not a tie yet

    async def first_message(by, to) -> str:
        body = await f.ok(START, {"i": {"communityId": w.community.id, "caregiverIds": [to.id], "body": "Hi!"}}, by)
        people = body["startConversation"]["conversation"]["people"]
        return next(p["state"] for p in people if p["caregiver"]["displayName"] == to.name)

    assert await first_message(w.olga, w.cara) == "REQUESTED"
    assert await first_message(w.olga, w.ben) == "ACTIVE"


async def test_a_family_not_in_a_carpool_cannot_leave_it_and_nothing_changes(f):
    w = await world(f)
    c = await create(f, w)
    body = await f.gql(LEAVE, {"i": {"carpoolId": c["id"]}}, w.cara)
    assert body["data"]["leaveCarpool"]["errors"][0]["code"] == "NOT_IN_CARPOOL"
    assert (await f.ok(CARPOOL, {"id": c["id"]}, w.olga))["carpool"]["familyCount"] == 1
