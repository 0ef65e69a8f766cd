"""exportMyData holds a family's carpools (with the runs and children it asked for), its trips, its
swaps and its ledger lines; deleteAccount takes the family out of its carpools as leaving does
(the organiser role passes on, its trips look for a driver), and the others' history stays."""

from datetime import UTC, datetime, timedelta

from api.carpools.jobs import carpool_trip_tick
from tests.carpools.support import CARPOOL, LEDGER, full_pool, trips, world

EXPORT = "mutation { exportMyData { data errors { code } } }"
DELETE = "mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { errors { message } } }"


async def test_the_export_holds_the_familys_carpools_trips_and_ledger(f, runner):
    w = await world(f)
    await full_pool(f, w)
    await carpool_trip_tick(runner.ctx, now=(datetime.now(UTC) + timedelta(days=3)).isoformat())
    data = (await f.ok(EXPORT, user=w.cara))["exportMyData"]["data"]
    [mine] = data["carpools"]
    assert mine["title"] == "Lincoln morning run" and mine["state"] == "approved" and mine["children"] == ["Cal"]
    assert mine["pickupDetails"] is None  # the organiser's words, not Cara's
    assert data["carpoolTrips"] and all(t["weRode"] and not t["weDrove"] for t in data["carpoolTrips"])
    assert data["carpoolLedger"] and all(e["shareOfTrip"] == "1/3" for e in data["carpoolLedger"])
    olga = (await f.ok(EXPORT, user=w.olga))["exportMyData"]["data"]
    assert olga["carpools"][0]["organiser"] and olga["carpools"][0]["pickupDetails"].startswith("Corner of Oak")
    assert any(t["weDrove"] for t in olga["carpoolTrips"])


async def test_deleting_the_organiser_hands_the_carpool_over_and_keeps_the_ledger(f, runner):
    w = await world(f)
    c = await full_pool(f, w)
    await carpool_trip_tick(runner.ctx, now=(datetime.now(UTC) + timedelta(days=3)).isoformat())
    before = (await f.ok(LEDGER, {"id": c["id"]}, w.ben))["carpool"]["ledger"]
    await f.ok(DELETE, {"i": {"password": "correct horse battery"}}, w.olga)
    seen = (await f.ok(CARPOOL, {"id": c["id"]}, w.ben))["carpool"]
    assert seen["viewerIsOrganiser"] and seen["familyCount"] == 2 and not seen["cancelled"]
    now = datetime.now(UTC)
    future = [t for t in await trips(f, w.ben, c["id"]) if datetime.fromisoformat(t["startsAt"]) > now]
    assert future and all(t["driver"] is None or t["driver"]["caregivers"][0]["displayName"] == "Ben" for t in future)
    after = (await f.ok(LEDGER, {"id": c["id"]}, w.ben))["carpool"]["ledger"]
    mine = lambda lines: next(x for x in lines if x["isMine"])  # noqa: E731
    assert mine(after)["balance"] == mine(before)["balance"]  # the shares of the trips already made stay
