"""The carpools screens run a fixed number of SQL statements however many carpools or trips they list."""

from tests.carpools.support import approve, ask, create, world
from tests.events.test_statements import counting

NEAR_ME = (
    "query($c: ID!) { carpools(communityId: $c) { id title destination seatsFree pickupArea distanceKm viewerState"
    " familyCount organiser { displayName } schedule { legs { key weekday direction at label } } } }"
)
MINE = "{ myCarpools { id title destination seatsFree viewerState viewerIsOrganiser familyCount } }"
MY_TRIPS = (
    "{ myTrips(first: 50) { id startsAt direction carpoolTitle destination cancelled seatsUsed"
    " riders { child { firstName } riding } driver { isMine caregivers { displayName } } } }"
)


async def test_the_carpool_lists_do_not_grow_with_the_number_of_carpools(f, app):
    w = await world(f)
    counts = []
    for i in range(3):
        c = await create(f, w, title=f"Run {i}")
        await approve(f, w.olga, (await ask(f, w.ben, c["id"], [w.bea]))["id"])
        with counting(app) as near:
            found = await f.ok(NEAR_ME, {"c": w.community.id}, w.cara)
        with counting(app) as mine:
            listed = await f.ok(MINE, user=w.ben)
        counts.append((len(near), len(mine)))
    assert len(found["carpools"]) == 3 and len(listed["myCarpools"]) == 3
    assert counts == [counts[0]] * 3, counts
    # Session and membership, the community, the home area, the family, the carpools, my rows, the
    # organisers, the family counts.
    assert counts[0][0] <= 9 and counts[0][1] <= 6, counts


async def test_my_trips_do_not_grow_with_the_number_of_trips(f, app):
    w = await world(f)
    c = await create(f, w)
    await approve(f, w.olga, (await ask(f, w.ben, c["id"], [w.bea]))["id"])
    counts = []
    for first in (5, 15, 30):
        with counting(app) as seen:
            data = await f.ok(MY_TRIPS.replace("first: 50", f"first: {first}"), user=w.ben)
        assert len(data["myTrips"]) == first
        counts.append(len(seen))
    assert counts == [counts[0]] * 3 and counts[0] <= 10, counts
