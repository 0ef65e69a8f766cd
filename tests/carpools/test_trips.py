"""Trips and fair driving through the API and the worker's tick: drivers proposed by the ledger,
who may change or call off a trip (and who may not), giving a trip up and the pool asked to cover,
"not riding today", swaps, check-in at pickup and drop-off, credited help, and who is told."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from api.carpools.jobs import carpool_trip_tick
from api.carpools.models import Trip
from api.ids import parse_global_id
from api.notifications.models import Notification
from tests.carpools.support import (
    ANSWER_SWAP,
    CANCEL_TRIP,
    CHANGE_TRIP,
    CHECK_IN,
    CREDIT,
    LEDGER,
    MY_TRIPS,
    REQUEST_SWAP,
    SET_RIDING,
    TAKE_TRIP,
    full_pool,
    trips,
    world,
)


async def told(sessions, user) -> list[tuple[str, bool]]:
    async with sessions() as s:
        rows = await s.execute(
            select(Notification.kind, Notification.urgent)
            .where(Notification.recipient_id == user.pk, Notification.kind.like("carpool%"))
            .order_by(Notification.created_at, Notification.kind)
        )
        return [tuple(r) for r in rows.all()]


async def tick(runner, at: datetime) -> dict:
    result = await carpool_trip_tick(runner.ctx, now=at.isoformat())
    await runner.run()
    return result


def driver_name(t) -> str | None:
    return t["driver"]["caregivers"][0]["displayName"] if t["driver"] else None


async def upcoming(f, user, carpool_id):
    now = datetime.now(UTC)
    return [t for t in await trips(f, user, carpool_id) if datetime.fromisoformat(t["startsAt"]) > now]


async def test_drivers_take_turns_by_the_ledger_and_a_family_that_does_not_drive_is_never_proposed(f, runner):
    w = await world(f)
    c = await full_pool(f, w)
    ts = await upcoming(f, w.cara, c["id"])
    names = [driver_name(t) for t in ts]
    assert set(names) == {"Olga", "Ben"} and "Cara" not in names
    # Over the window the two driving families are within one drive of each other.
    assert abs(names.count("Olga") - names.count("Ben")) <= 1
    # Two weeks later: the trips that started are on the ledger, every family sees it.
    await tick(runner, datetime.now(UTC) + timedelta(days=14))
    lines = (await f.ok(LEDGER, {"id": c["id"]}, w.cara))["carpool"]["ledger"]
    by = {line["caregivers"][0]["displayName"]: line for line in lines}
    assert by["Cara"]["drives"] == 0 and by["Cara"]["balance"] < 0 and by["Cara"]["isMine"]
    assert abs(by["Olga"]["drives"] - by["Ben"]["drives"]) <= 1 and by["Olga"]["drives"] + by["Ben"]["drives"] > 10
    assert abs(sum(line["balance"] for line in lines)) < 1e-9  # every drive given is shared out exactly
    assert lines[0]["balance"] <= lines[-1]["balance"]  # owing most first
    assert sum(1 for line in lines if line["proposedNext"]) == 1


async def test_who_may_change_or_call_off_a_trip(f, sessions, runner):
    w = await world(f)
    c = await full_pool(f, w)
    await runner.run()
    ts = await upcoming(f, w.olga, c["id"])
    bens = next(t for t in ts if driver_name(t) == "Ben")
    body = await f.gql(CHANGE_TRIP, {"i": {"tripId": bens["id"], "giveUp": True}}, w.cara)  # rides, does not drive it
    assert body["data"]["changeTrip"]["errors"][0]["code"] == "NOT_DRIVER"
    olgas = next(t for t in ts if driver_name(t) == "Olga")
    await f.ok(TAKE_TRIP, {"i": {"tripId": bens["id"]}}, w.ben)  # confirmed: it stays his whatever else changes
    body = await f.gql(CANCEL_TRIP, {"i": {"tripId": olgas["id"]}}, w.cara)
    assert body["data"]["cancelTrip"]["errors"][0]["code"] == "NOT_DRIVER"
    body = await f.gql(CANCEL_TRIP, {"i": {"tripId": olgas["id"]}}, w.ben)
    assert body["data"]["cancelTrip"]["errors"][0]["code"] == "NOT_DRIVER"
    data = await f.ok(CANCEL_TRIP, {"i": {"tripId": olgas["id"], "clientMutationId": "off-1"}}, w.olga)
    assert data["cancelTrip"]["trip"]["cancelled"]
    # Sent again from the offline queue: the same answer, nothing twice.
    assert (await f.ok(CANCEL_TRIP, {"i": {"tripId": olgas["id"], "clientMutationId": "off-1"}}, w.olga))["cancelTrip"]
    await runner.run()
    # Everyone on the trip is told at once (urgent: through quiet hours), the one who did it is not.
    assert ("carpool_trip_cancelled", True) in await told(sessions, w.cara)
    assert ("carpool_trip_cancelled", True) in await told(sessions, w.ben)
    assert ("carpool_trip_cancelled", True) not in await told(sessions, w.olga)
    # A trip that started cannot be called off.
    async with sessions() as s:
        await s.execute(
            update(Trip)
            .where(Trip.id == parse_global_id(bens["id"])[1])
            .values(starts_at=datetime.now(UTC) - timedelta(minutes=5))
        )
        await s.commit()
    body = await f.gql(CANCEL_TRIP, {"i": {"tripId": bens["id"]}}, w.ben)
    assert body["data"]["cancelTrip"]["errors"][0]["code"] == "TRIP_STARTED"


async def test_the_organiser_moves_a_trip_and_gives_it_to_another_driver(f, sessions, runner):
    w = await world(f)
    c = await full_pool(f, w)
    t = next(t for t in await upcoming(f, w.olga, c["id"]) if driver_name(t) == "Olga")
    local = datetime.fromisoformat(t["startsAt"]).astimezone(UTC)
    moved = (local + timedelta(minutes=15)).isoformat()
    data = await f.ok(CHANGE_TRIP, {"i": {"tripId": t["id"], "startsAt": moved}}, w.olga)
    trip = data["changeTrip"]["trip"]
    assert trip["moved"] and datetime.fromisoformat(trip["startsAt"]) == datetime.fromisoformat(moved)
    lines = (await f.ok(LEDGER, {"id": c["id"]}, w.olga))["carpool"]["ledger"]
    ben_family = next(x["familyId"] for x in lines if x["caregivers"][0]["displayName"] == "Ben")
    data = await f.ok(CHANGE_TRIP, {"i": {"tripId": t["id"], "driverFamilyId": ben_family}}, w.olga)
    assert driver_name(data["changeTrip"]["trip"]) == "Ben" and data["changeTrip"]["trip"]["driverConfirmed"]
    body = await f.gql(CHANGE_TRIP, {"i": {"tripId": t["id"], "driverFamilyId": ben_family}}, w.ben)
    assert body["data"]["changeTrip"]["errors"][0]["code"] == "NOT_ORGANISER"
    await runner.run()
    assert ("carpool_trip_changed", True) in await told(sessions, w.cara)


async def test_a_trip_given_up_asks_the_drivers_once_and_one_takes_it(f, sessions, runner):
    w = await world(f)
    c = await full_pool(f, w)
    t = next(t for t in await upcoming(f, w.ben, c["id"]) if driver_name(t) == "Ben")
    data = await f.ok(CHANGE_TRIP, {"i": {"tripId": t["id"], "giveUp": True}}, w.ben)
    assert data["changeTrip"]["trip"]["driver"] is None
    start = datetime.fromisoformat(t["startsAt"])
    for _ in range(2):  # a second tick (a restart, a late run) asks nobody again
        await tick(runner, start - timedelta(hours=20))
    assert (await told(sessions, w.olga)).count(("carpool_needs_driver", False)) == 1
    assert ("carpool_needs_driver", False) not in await told(sessions, w.cara)  # does not drive
    body = await f.gql(TAKE_TRIP, {"i": {"tripId": t["id"]}}, w.cara)
    assert body["data"]["takeTrip"]["errors"][0]["code"] == "NOT_A_DRIVER"
    data = await f.ok(TAKE_TRIP, {"i": {"tripId": t["id"]}}, w.olga)
    assert driver_name(data["takeTrip"]["trip"]) == "Olga" and data["takeTrip"]["trip"]["driverConfirmed"]
    body = await f.gql(TAKE_TRIP, {"i": {"tripId": t["id"]}}, w.ben)
    assert body["data"]["takeTrip"]["errors"][0]["code"] == "HAS_DRIVER"


async def test_not_riding_today_frees_the_seat_and_tells_the_driver(f, sessions, runner):
    w = await world(f)
    c = await full_pool(f, w)
    t = next(t for t in await upcoming(f, w.cara, c["id"]) if driver_name(t) == "Ben")
    cal = next(r["child"]["id"] for r in t["riders"] if r["child"]["firstName"] == "Cal")
    assert cal is not None  # my own child: with its id
    assert all(r["child"]["id"] is None for r in t["riders"] if r["child"]["firstName"] != "Cal")
    data = await f.ok(SET_RIDING, {"i": {"tripId": t["id"], "childIds": [cal], "riding": False}}, w.cara)
    trip = data["setTripRiding"]["trip"]
    assert trip["seatsUsed"] == t["seatsUsed"] - 1
    assert [r["riding"] for r in trip["riders"] if r["child"]["firstName"] == "Cal"] == [False]
    body = await f.gql(SET_RIDING, {"i": {"tripId": t["id"], "childIds": [w.bea], "riding": False}}, w.cara)
    assert body["data"]["setTripRiding"]["errors"][0]["code"] == "NOT_YOUR_CHILD"
    await runner.run()
    assert ("carpool_not_riding", False) in await told(sessions, w.ben)
    # The trip stays on Cara's list (to say Cal rides after all), marked as not riding.
    mine = {x["id"]: x for x in (await f.ok(MY_TRIPS, {}, w.cara))["myTrips"]}
    assert [r["riding"] for r in mine[t["id"]]["riders"] if r["child"]["firstName"] == "Cal"] == [False]


async def test_swaps_accepted_declined_and_stale(f, sessions, runner):
    w = await world(f)
    c = await full_pool(f, w)
    ts = await upcoming(f, w.ben, c["id"])
    bens = [t for t in ts if driver_name(t) == "Ben"]
    olgas = [t for t in ts if driver_name(t) == "Olga"]
    olga_family = olgas[0]["driver"]["familyId"]
    # Confirmed, so the trips stay theirs while the other proposals move with each change.
    for t in bens[:3]:
        await f.ok(TAKE_TRIP, {"i": {"tripId": t["id"]}}, w.ben)
    await f.ok(TAKE_TRIP, {"i": {"tripId": olgas[-1]["id"]}}, w.olga)
    body = await f.gql(REQUEST_SWAP, {"i": {"tripId": olgas[0]["id"], "toFamilyId": olga_family}}, w.ben)
    assert body["data"]["requestSwap"]["errors"][0]["code"] == "NOT_DRIVER"
    swap = (
        await f.ok(
            REQUEST_SWAP,
            {
                "i": {
                    "tripId": bens[0]["id"],
                    "toFamilyId": olga_family,
                    "returnTripId": olgas[-1]["id"],
                    "note": "Dentist",
                }
            },
            w.ben,
        )
    )["requestSwap"]["swap"]
    body = await f.gql(REQUEST_SWAP, {"i": {"tripId": bens[0]["id"], "toFamilyId": olga_family}}, w.ben)
    assert body["data"]["requestSwap"]["errors"][0]["code"] == "SWAP_PENDING"
    await runner.run()
    assert ("carpool_swap_requested", False) in await told(sessions, w.olga)
    body = await f.gql(ANSWER_SWAP, {"i": {"swapId": swap["id"], "accept": True}}, w.cara)
    assert body["data"]["answerSwap"]["errors"][0]["code"] == "NOT_ASKED"
    assert (await f.ok(ANSWER_SWAP, {"i": {"swapId": swap["id"], "accept": True}}, w.olga))["answerSwap"]["swap"][
        "state"
    ] == "ACCEPTED"
    after = {t["id"]: t for t in await trips(f, w.ben, c["id"])}
    assert driver_name(after[bens[0]["id"]]) == "Olga" and after[bens[0]["id"]]["driverConfirmed"]
    assert driver_name(after[olgas[-1]["id"]]) == "Ben" and after[olgas[-1]["id"]]["driverConfirmed"]
    await runner.run()
    assert ("carpool_swap_accepted", False) in await told(sessions, w.ben)

    declined = (await f.ok(REQUEST_SWAP, {"i": {"tripId": bens[1]["id"], "toFamilyId": olga_family}}, w.ben))[
        "requestSwap"
    ]["swap"]
    await f.ok(ANSWER_SWAP, {"i": {"swapId": declined["id"], "accept": False}}, w.olga)
    assert driver_name({t["id"]: t for t in await trips(f, w.ben, c["id"])}[bens[1]["id"]]) == "Ben"

    stale = (await f.ok(REQUEST_SWAP, {"i": {"tripId": bens[2]["id"], "toFamilyId": olga_family}}, w.ben))[
        "requestSwap"
    ]["swap"]
    await f.ok(CHANGE_TRIP, {"i": {"tripId": bens[2]["id"], "giveUp": True}}, w.ben)
    body = await f.gql(ANSWER_SWAP, {"i": {"swapId": stale["id"], "accept": True}}, w.olga)
    assert body["data"]["answerSwap"]["errors"][0]["code"] == "ALREADY_DECIDED"  # withdrawn with the trip


async def test_picked_up_and_dropped_off_tell_the_families_at_once_and_only_once(f, sessions, runner):
    w = await world(f)
    c = await full_pool(f, w)
    t = next(t for t in await upcoming(f, w.ben, c["id"]) if driver_name(t) == "Ben")
    body = await f.gql(CHECK_IN, {"i": {"tripId": t["id"]}}, w.ben)
    assert body["data"]["checkInTrip"]["errors"][0]["code"] == "NOT_NOW"  # days ahead
    async with sessions() as s:
        await s.execute(
            update(Trip)
            .where(Trip.id == parse_global_id(t["id"])[1])
            .values(starts_at=datetime.now(UTC) + timedelta(minutes=10))
        )
        await s.commit()
    body = await f.gql(CHECK_IN, {"i": {"tripId": t["id"], "droppedOff": True}}, w.ben)
    assert body["data"]["checkInTrip"]["errors"][0]["code"] == "NOT_PICKED_UP"
    body = await f.gql(CHECK_IN, {"i": {"tripId": t["id"]}}, w.cara)
    assert body["data"]["checkInTrip"]["errors"][0]["code"] == "NOT_DRIVER"
    for _ in range(2):
        picked = (await f.ok(CHECK_IN, {"i": {"tripId": t["id"]}}, w.ben))["checkInTrip"]["trip"]
    assert picked["pickedUpAt"] and picked["droppedOffAt"] is None
    await f.ok(CHECK_IN, {"i": {"tripId": t["id"], "droppedOff": True}}, w.ben)
    await runner.run()
    check_ins = [k for k in await told(sessions, w.cara) if k[0] in ("carpool_picked_up", "carpool_dropped_off")]
    assert check_ins == [("carpool_picked_up", True), ("carpool_dropped_off", True)]
    assert ("carpool_picked_up", True) not in await told(sessions, w.ben)


async def test_the_organiser_credits_help_other_than_driving_on_the_ledger(f):
    w = await world(f)
    c = await full_pool(f, w)
    lines = (await f.ok(LEDGER, {"id": c["id"]}, w.olga))["carpool"]["ledger"]
    cara_family = next(line["familyId"] for line in lines if line["caregivers"][0]["displayName"] == "Cara")
    for drives, code in ((0, "OUT_OF_RANGE"), (6, "OUT_OF_RANGE")):
        body = await f.gql(
            CREDIT, {"i": {"carpoolId": c["id"], "familyId": cara_family, "drives": drives, "note": "Snacks"}}, w.olga
        )
        assert body["data"]["creditCarpoolHelp"]["errors"][0]["code"] == code
    body = await f.gql(
        CREDIT, {"i": {"carpoolId": c["id"], "familyId": cara_family, "drives": 1, "note": "Snacks"}}, w.cara
    )
    assert body["data"]["creditCarpoolHelp"]["errors"][0]["code"] == "NOT_ORGANISER"
    await f.ok(
        CREDIT, {"i": {"carpoolId": c["id"], "familyId": cara_family, "drives": 1.5, "note": "Walks them in"}}, w.olga
    )
    line = next(x for x in (await f.ok(LEDGER, {"id": c["id"]}, w.cara))["carpool"]["ledger"] if x["isMine"])
    assert line["credited"] == 1.5 and line["balanceText"] == "+3/2"


async def test_over_a_term_of_ticks_no_driving_family_drifts_more_than_one_drive_from_its_fair_share(f, runner):
    """Three families that all drive, one of them riding only in the mornings, with a child off now
    and then: ten weeks of nights (trips made four weeks ahead) and trips settled as they start."""
    from datetime import date as date_type

    from api.carpools.jobs import extend_carpool_trips
    from tests.carpools.support import CHICAGO, approve, ask, create

    w = await world(f)
    c = await create(f, w)
    keys = [leg["key"] for leg in c["schedule"]["legs"]]
    mornings = [k for k in keys if ":to:" in k]
    await approve(f, w.olga, (await ask(f, w.ben, c["id"], [w.bea, w.bo], canDrive=True))["id"])
    await approve(f, w.olga, (await ask(f, w.cara, c["id"], [w.cal], canDrive=True, legs=mornings))["id"])
    day = datetime.now(CHICAGO).date()
    for n in range(70):
        today = day + timedelta(days=n)
        await extend_carpool_trips(runner.ctx, today=today.isoformat())
        # Cal stays home every seventh school day: that trip is not charged to Cara's family.
        if n % 7 == 3:
            ts = [
                t
                for t in await upcoming(f, w.cara, c["id"])
                if date_type.fromisoformat(t["date"]) == today + timedelta(days=1)
            ]
            cal = next((r["child"]["id"] for t in ts for r in t["riders"] if r["child"]["firstName"] == "Cal"), None)
            for t in ts:
                if cal and any(r["child"]["id"] == cal for r in t["riders"]):
                    await f.ok(SET_RIDING, {"i": {"tripId": t["id"], "childIds": [cal], "riding": False}}, w.cara)
        await carpool_trip_tick(runner.ctx, now=datetime.combine(today, datetime.max.time(), CHICAGO).isoformat())
    lines = (await f.ok(LEDGER, {"id": c["id"]}, w.olga))["carpool"]["ledger"]
    assert sum(line["drives"] for line in lines) > 80
    assert all(abs(line["balance"]) <= 1 for line in lines), [(line["balanceText"], line["drives"]) for line in lines]


UPDATE = (
    "mutation($i: UpdateCarpoolInput!) { updateCarpool(input: $i) { carpool { title seats seatsFree pickupDetails"
    " schedule { skipped endsOn } } errors { field code message } } }"
)


async def test_the_organiser_adds_a_holiday_takes_it_back_and_changes_seats_and_pickup(f, sessions, runner):
    w = await world(f)
    c = await full_pool(f, w)
    await runner.run()
    ts = await upcoming(f, w.cara, c["id"])
    holiday = ts[4]["date"]
    on_holiday = {t["id"] for t in ts if t["date"] == holiday}
    called_off = next(t for t in ts if t["date"] != holiday and driver_name(t) == "Olga")
    await f.ok(CANCEL_TRIP, {"i": {"tripId": called_off["id"]}}, w.olga)  # a single trip, not a day off

    body = await f.gql(UPDATE, {"i": {"carpoolId": c["id"], "skipped": [holiday]}}, w.ben)
    assert body["data"]["updateCarpool"]["errors"][0]["code"] == "NOT_ORGANISER"
    body = await f.gql(UPDATE, {"i": {"carpoolId": c["id"], "seats": 3}}, w.olga)  # four children ride
    assert body["data"]["updateCarpool"]["errors"][0]["code"] == "SEATS_TAKEN"

    data = await f.ok(
        UPDATE, {"i": {"carpoolId": c["id"], "skipped": [holiday], "seats": 6, "pickupDetails": "The library"}}, w.olga
    )
    changed = data["updateCarpool"]["carpool"]
    assert changed["schedule"]["skipped"] == [holiday] and changed["seatsFree"] == 2
    after = {t["id"]: t for t in await trips(f, w.cara, c["id"])}
    assert all(after[i]["cancelled"] for i in on_holiday)
    await runner.run()
    assert ("carpool_changed", False) in await told(sessions, w.cara)
    assert ("carpool_changed", False) not in await told(sessions, w.olga)

    # Not a holiday after all: that day's trips come back; the single trip called off stays off.
    await f.ok(UPDATE, {"i": {"carpoolId": c["id"], "skipped": []}}, w.olga)
    after = await trips(f, w.cara, c["id"])
    assert [t["cancelled"] for t in after if t["date"] == holiday] == [False] * len(on_holiday)
    assert {t["id"]: t for t in after}[called_off["id"]]["cancelled"]

    # Ending it sooner calls off the trips after its new last day.
    last = ts[8]["date"]
    await f.ok(UPDATE, {"i": {"carpoolId": c["id"], "endsOn": last}}, w.olga)
    assert all(t["cancelled"] for t in await trips(f, w.cara, c["id"]) if t["date"] > last)
