"""Scenario helpers for the carpools tests: a community (America/Chicago) with an organising family
and two more families with children, a carpool set up through the API, and the documents used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.factories import Community, Factory, User

CHICAGO = ZoneInfo("America/Chicago")

CARPOOL_FIELDS = (
    "id title destination purpose seats seatsFree pickupArea pickupDetails distanceKm cancelled viewerState"
    " viewerIsOrganiser viewerCanDecide familyCount directions"
    " schedule { startsOn endsOn skipped legs { key weekday direction at weeks label } }"
)
CREATE = (
    "mutation($i: CreateCarpoolInput!) { createCarpool(input: $i) { carpool { " + CARPOOL_FIELDS + " }"
    " errors { field code message } } }"
)
REQUEST = (
    "mutation($i: RequestSeatInput!) { requestSeat(input: $i) { request { id state legs children { id firstName } }"
    " errors { field code message } } }"
)
DECIDE = (
    "mutation($i: DecideSeatRequestInput!) { decideSeatRequest(input: $i) { request { id state }"
    " carpool { seatsFree } errors { field code message } } }"
)
LEAVE = (
    "mutation($i: LeaveCarpoolInput!) { leaveCarpool(input: $i) { carpool { id viewerState } errors { field code } } }"
)
TRIP_FIELDS = (
    "id date direction startsAt moved cancelled driverConfirmed viewerIsDriver viewerCanChange seatsUsed"
    " riders { child { id firstName } riding } driver { familyId isMine caregivers { displayName } }"
    " pickedUpAt droppedOffAt"
)
TRIPS = "query($id: ID!) { carpool(id: $id) { trips(first: 100) { " + TRIP_FIELDS + " } } }"
MY_TRIPS = "query { myTrips(first: 100) { " + TRIP_FIELDS + " carpoolTitle } }"
CARPOOL = "query($id: ID!) { carpool(id: $id) { " + CARPOOL_FIELDS + " } }"
FAMILIES = (
    "query($id: ID!) { carpool(id: $id) { families { id state organiser canDrive familyId isMine contact note"
    " children { id firstName } caregivers { displayName } } } }"
)
LEDGER = (
    "query($id: ID!) { carpool(id: $id) { ledger { familyId isMine balance balanceText drives credited"
    " proposedNext caregivers { displayName } } } }"
)
CANCEL_TRIP = (
    "mutation($i: CancelTripInput!) { cancelTrip(input: $i) { trip { id cancelled } errors { field code message } } }"
)
CHANGE_TRIP = (
    "mutation($i: ChangeTripInput!) { changeTrip(input: $i) { trip { " + TRIP_FIELDS + " }"
    " errors { field code message } } }"
)
TAKE_TRIP = (
    "mutation($i: TakeTripInput!) { takeTrip(input: $i) { trip { "
    + TRIP_FIELDS
    + " } errors { field code message } } }"
)
SET_RIDING = (
    "mutation($i: SetTripRidingInput!) { setTripRiding(input: $i) { trip { " + TRIP_FIELDS + " }"
    " errors { field code message } } }"
)
CHECK_IN = (
    "mutation($i: CheckInTripInput!) { checkInTrip(input: $i) { trip { pickedUpAt droppedOffAt }"
    " errors { field code message } } }"
)
REQUEST_SWAP = (
    "mutation($i: RequestSwapInput!) { requestSwap(input: $i) { swap { id state viewerAsked tripId returnTripId }"
    " errors { field code message } } }"
)
ANSWER_SWAP = (
    "mutation($i: AnswerSwapInput!) { answerSwap(input: $i) { swap { id state } errors { field code message } } }"
)
CREDIT = (
    "mutation($i: CreditCarpoolHelpInput!) { creditCarpoolHelp(input: $i) { carpool { id }"
    " errors { field code message } } }"
)
SEARCH = (
    "query($c: ID!, $d: String, $day: Weekday, $near: String) { carpools(communityId: $c, destination: $d,"
    " day: $day, near: $near) { id title seatsFree distanceKm pickupArea pickupDetails viewerState } }"
)


def today() -> date:
    return datetime.now(CHICAGO).date()


def weekdays_run(at_to: str = "07:45", at_from: str | None = None, days=range(5)) -> list[dict[str, Any]]:
    names = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
    legs = [{"weekday": names[d], "direction": "TO", "at": at_to} for d in days]
    if at_from:
        legs += [{"weekday": names[d], "direction": "FROM", "at": at_from} for d in days]
    return legs


@dataclass
class World:
    community: Community
    olga: User  # organises, drives; child Ollie
    ben: User  # drives; children Bea, Bo
    cara: User  # does not drive; child Cal
    ollie: str
    bea: str
    bo: str
    cal: str


async def world(f: Factory) -> World:
    c = await f.community()
    olga = await f.member(c, "Olga", postalCode="78701")
    ben = await f.member(c, "Ben", postalCode="78702")
    cara = await f.member(c, "Cara", postalCode="78745")
    return World(
        c,
        olga,
        ben,
        cara,
        await f.child(olga, "Ollie"),
        await f.child(ben, "Bea"),
        await f.child(ben, "Bo"),
        await f.child(cara, "Cal"),
    )


def carpool_input(w: World, **kw: Any) -> dict[str, Any]:
    start = kw.pop("starts_on", today())
    return {
        "communityId": w.community.id,
        "title": "Lincoln morning run",
        "destination": "Lincoln Elementary",
        "purpose": "SCHOOL",
        "schedule": {
            "legs": kw.pop("legs", weekdays_run(at_from="15:15")),
            "startsOn": start.isoformat(),
            "endsOn": kw.pop("ends_on", start + timedelta(days=120)).isoformat(),
            **({"skipped": kw.pop("skipped")} if "skipped" in kw else {}),
        },
        "seats": 4,
        "postalCode": "78701",
        "pickupDetails": "Corner of Oak and 5th, by the blue mailbox",
        "childIds": [w.ollie],
        "contact": "512-555-0101",
        **kw,
    }


async def create(f: Factory, w: World, user: User | None = None, **kw: Any) -> dict[str, Any]:
    data = await f.ok(CREATE, {"i": carpool_input(w, **kw)}, user or w.olga)
    return data["createCarpool"]["carpool"]


async def ask(f: Factory, user: User, carpool_id: str, child_ids: list[str], **kw: Any) -> dict[str, Any]:
    data = await f.ok(REQUEST, {"i": {"carpoolId": carpool_id, "childIds": child_ids, **kw}}, user)
    return data["requestSeat"]["request"]


async def approve(f: Factory, by: User, request_id: str, yes: bool = True) -> dict[str, Any]:
    data = await f.ok(DECIDE, {"i": {"requestId": request_id, "approve": yes}}, by)
    return data["decideSeatRequest"]


async def full_pool(f: Factory, w: World, **kw: Any) -> dict[str, Any]:
    """Olga's carpool with Ben's family (drives) and Cara's (does not) approved."""
    c = await create(f, w, **kw)
    await approve(f, w.olga, (await ask(f, w.ben, c["id"], [w.bea, w.bo], canDrive=True))["id"])
    await approve(f, w.olga, (await ask(f, w.cara, c["id"], [w.cal], canDrive=False))["id"])
    return c


async def trips(f: Factory, user: User, carpool_id: str) -> list[dict[str, Any]]:
    data = await f.ok(TRIPS, {"id": carpool_id}, user)
    return data["carpool"]["trips"]
