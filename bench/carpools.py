"""Carpools at scale (issue 15, item 9): search p95 at 100,000 carpools across 200 communities,
measured in the one community of 2,000 families, and trip generation for all of them.

    .venv/bin/python bench/carpools.py [--carpools 100000] [--communities 200] [--families 2000]
        [--searches 300] [--rounds 3] [--trip-carpools N] [--next-day] [--skip-trips]
        [--keep-db]

Creates `village_bench_carpools` (dropped first), migrates it, and writes with COPY a synthetic
city: --communities school communities (most in America/Chicago, a few in other zones), one of them
(the measured one, around Austin, TX) with --families families of verified caregivers with a home
area (an H3 cell of about 1 km and its centre), the others with --other-families each; --carpools
carpools, --big-carpools of them in the measured community and the rest spread evenly. A carpool
has realistic legs (Monday to Friday to school between 07:30 and 08:15, many also back between
15:00 and 15:30, some on fewer days or alternate weeks, teams two evenings and Saturday), a pickup
area within about 15 km of the school, 3 to 7 seats, a destination from a short list, and its
approved families with their children: the organiser's (organiser_id is one of its caregivers) and
up to three more, seats_free being what their children leave on the fullest leg. A few carpools
ended or were cancelled; a few caregivers blocked an organiser.

1. Search: the `carpools` query as the PWA sends it (CarpoolsNear in pwa/src/features/carpools,
   with its fragments; SEARCH below if the PWA has none) through the API as deployed (one uvicorn
   process, production settings), signed in as a random verified caregiver of the measured
   community, one request at a time (--concurrency to change it), filters in turn: none; day
   MONDAY; destination "Lincoln"; near a ZIP code of the area; first 20. The reference, alternated
   with it round by round (raw first on even rounds): the same search as ONE bare asyncpg
   statement from this process (membership, blocks, the same filters, free seats first then
   haversine distance, the same limit; the origin is the ZIP's centre where the API uses the
   centre of its H3 cell, so "near" answers may differ in order). Before measuring, both answers
   are compared for every filter. Prints p50/p95/p99 and req/s for both and the ratio, the API's
   SQL statements per request (in process, as bench/api.py counts them), and EXPLAIN ANALYZE of
   the service's search statement (is `ix_carpools_community_open` used?).
2. Trip generation: the worker's real job, `extend_carpool_trips` (BATCH carpools per transaction,
   each carpool's trips WINDOW_DAYS ahead and its drivers proposed), over every carpool from an
   empty trips table, in this process with the worker's pool: seconds, trips made, carpools/s; then
   again (nothing to do); then carpool_trips' rows and size (pg_total_relation_size). The job
   extends about 10 to 30 carpools a second on this machine, so all 100,000 take one to three
   hours: --trip-carpools N runs the same job over N carpools drawn at random (the others are marked
   as extended already, so the job still reads all of them and skips those) and projects the total
   from its rate. A line every minute shows its progress.

Prints the load average before and after; writes bench/results/carpools.txt, which ends with a
summary block of the figures the README's table needs.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib.util
import json
import logging
import math
import os
import platform
import random
import secrets
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_spec = importlib.util.spec_from_file_location("bench_api", Path(__file__).with_name("api.py"))
b = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(b)  # bench/api.py, under a name that does not hide the `api` package

DB_NAME = "village_bench_carpools"
ANALYZE_EVERY = 10  # seconds between the checks standing in for autovacuum's analyze
BIG_CENTRE = ("Austin, TX", 30.2672, -97.7431, "America/Chicago")  # the measured community
CITIES = [  # the others: most in Central time, a few elsewhere
    ("Houston, TX", 29.7604, -95.3698, "America/Chicago"),
    ("San Antonio, TX", 29.4241, -98.4936, "America/Chicago"),
    ("Dallas, TX", 32.7767, -96.7970, "America/Chicago"),
    ("Chicago, IL", 41.8781, -87.6298, "America/Chicago"),
    ("Minneapolis, MN", 44.9778, -93.2650, "America/Chicago"),
    ("Omaha, NE", 41.2565, -95.9345, "America/Chicago"),
    ("Oklahoma City, OK", 35.4676, -97.5164, "America/Chicago"),
    ("Nashville, TN", 36.1627, -86.7816, "America/Chicago"),
    ("New Orleans, LA", 29.9511, -90.0715, "America/Chicago"),
    ("Milwaukee, WI", 43.0389, -87.9065, "America/Chicago"),
    ("Denver, CO", 39.7392, -104.9903, "America/Denver"),
    ("Phoenix, AZ", 33.4484, -112.0740, "America/Phoenix"),
    ("Atlanta, GA", 33.7490, -84.3880, "America/New_York"),
    ("Los Angeles, CA", 34.0522, -118.2437, "America/Los_Angeles"),
]
CITY_WEIGHTS = [10, 8, 8, 10, 6, 4, 4, 5, 4, 4, 3, 3, 3, 3]
SCHOOLS = ["Lincoln Elementary", "Jefferson Middle", "Lincoln High", "Oak Grove Academy", "Riverside Elementary"]
TEAMS = ["Riverside fields", "Westside pool", "Memorial stadium", "Eastside gym", "Lincoln park courts"]
TITLES = ["Morning run", "School carpool", "Street carpool", "Neighbours' run", "Early birds"]
TEAM_TITLES = ["Soccer carpool", "Swim team rides", "Practice run", "Team carpool"]
FIRST = ["Ana", "Luis", "Maya", "Noah", "Emma", "Leo", "Sofía", "Mateo", "Ava", "Liam", "Zoe", "Omar"]
SURNAMES = ["García", "Smith", "Nguyen", "Martínez", "Johnson", "López", "Brown", "Kim", "Rivera", "Davis"]
TO_TIMES = ["07:30", "07:40", "07:45", "07:50", "08:00", "08:15"]
FROM_TIMES = ["15:00", "15:10", "15:15", "15:30"]
FILTERS = [  # (label, GraphQL variables beyond communityId and first); "$zip" is a ZIP of the area
    ("no filter", {}),
    ("day MONDAY", {"day": "MONDAY"}),
    ('destination "Lincoln"', {"destination": "Lincoln"}),
    ("near a ZIP code", {"near": "$zip"}),
]
SEARCH = """query CarpoolSearch($communityId: ID!, $destination: String, $day: Weekday, $near: String, $first: Int) {
  carpools(communityId: $communityId, destination: $destination, day: $day, near: $near, first: $first) {
    id title destination purpose seats seatsFree pickupArea distanceKm viewerState viewerIsOrganiser
    schedule { startsOn endsOn legs { key weekday direction at weeks label } }
    organiser { id displayName }
  }
}"""


def search_document() -> tuple[str, str]:
    """The PWA's search (CarpoolsNear in pwa/src/features/carpools, with its fragments, as its codegen
    sends it), or the document above when the PWA has none."""
    try:
        return b.document("CarpoolsNear"), "CarpoolsNear"
    except SystemExit:
        return SEARCH, "CarpoolSearch"


HIDDEN = (
    "(select blocked_id from blocks where blocker_id = $1 union select blocker_id from blocks where blocked_id = $1)"
)


def raw_search_sql(destination: bool, day: bool, near: bool, exact: bool = False) -> str:
    """The reference: one statement with what the search screen shows, under the same rules
    (verified member, not across a block with the organiser), filters and order. $1 viewer,
    $2 community, $3 today, $4 limit, $5 destination / day / ZIP (whichever is given). `exact`
    (only to check answers): the origin is given as $5, $6, the centre of the ZIP's H3 cell as the
    API uses it, instead of the ZIP's own centre."""
    if exact:
        origin = "(select $5::float8 as lat, $6::float8 as lng)"
    elif near:
        origin = "(select p.lat, p.lng from postal_codes p where p.code = $5)"
    else:
        origin = "(select a.home_lat as lat, a.home_lng as lng from accounts a where a.id = $1)"
    where = ""
    if destination:
        where += " and c.destination ilike '%' || $5 || '%'"
    if day:
        where += " and c.weekdays & (1 << $5::int) <> 0"
    return f"""
with me as (
  select a.family_id from accounts a
  join memberships m on m.account_id = a.id and m.community_id = $2 and m.state = 'verified'
  where a.id = $1
), o as {origin},
page as (
  select c.*, 12742 * asin(sqrt(power(sin(radians(c.pickup_lat - o.lat) / 2), 2)
    + cos(radians(o.lat)) * cos(radians(c.pickup_lat)) * power(sin(radians(c.pickup_lng - o.lng) / 2), 2))) as km
  from carpools c
  cross join me
  left join o on true
  where c.community_id = $2 and c.cancelled_at is null and c.ends_on >= $3
    and (c.organiser_id is null or c.organiser_id not in {HIDDEN}){where}
  order by (c.seats_free > 0) desc, km, c.id
  limit $4
)
select p.id, p.title, p.destination, p.purpose, p.seats, p.seats_free, p.pickup_label, p.legs, p.starts_on,
  p.ends_on, p.organiser_id, org.display_name, cf.state, cf.organiser, p.km
from page p
left join accounts org on org.id = p.organiser_id
left join carpool_families cf on cf.carpool_id = p.id and cf.family_id = (select family_id from me)
order by (p.seats_free > 0) desc, p.km, p.id"""


# --- the synthetic city --------------------------------------------------------------------------


def rid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def offset(rng: random.Random, lat: float, lng: float, km: float) -> tuple[float, float]:
    """A point uniformly within `km` of (lat, lng)."""
    r, a = km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    return lat + r * math.cos(a) / 111.0, lng + r * math.sin(a) / (111.0 * math.cos(math.radians(lat)))


def legs_for(rng: random.Random, team: bool) -> list[dict]:
    def leg(d: int, direction: str, at: str, weeks: str = "every") -> dict:
        return {"weekday": d, "direction": direction, "at": at, "weeks": weeks}

    if team:  # two evenings a week there and back, sometimes Saturday morning
        days = sorted(rng.sample(range(5), 2))
        out = [leg(d, "to", "16:30") for d in days] + [leg(d, "from", "18:00") for d in days]
        return out + ([leg(5, "to", "09:00")] if rng.random() < 0.3 else [])
    r = rng.random()
    days = list(range(5)) if r < 0.8 else sorted(rng.sample(range(5), rng.randint(2, 4)))
    weeks = "every" if rng.random() < 0.95 else rng.choice(["a", "b"])
    to = rng.choice(TO_TIMES)
    out = [leg(d, "to", to, weeks) for d in days]
    if rng.random() < 0.6:
        back = rng.choice(FROM_TIMES)
        out += [leg(d, "from", back, weeks) for d in days]
    return out


def leg_key(leg: dict) -> str:
    return f"{leg['weekday']}:{leg['direction']}:{leg['weeks']}"


class City:
    """Everything to load, as lists of tuples in COPY column order."""

    def __init__(self, args: argparse.Namespace, postal: list[tuple[str, float, float, str]]) -> None:
        from api import geo

        rng = self.rng = random.Random(args.seed)
        now = datetime.now(UTC)
        self.today = now.date()
        self.communities: list[tuple] = []
        self.families: list[tuple] = []
        self.accounts: list[tuple] = []
        self.memberships: list[tuple] = []
        self.children: list[tuple] = []
        self.carpools: list[tuple] = []
        self.carpool_families: list[tuple] = []
        self.riders: list[tuple] = []
        self.blocks: set[tuple] = set()
        # Per community: its families as (family id, [verified caregiver ids], [child ids]).
        self.members: list[list[tuple[uuid.UUID, list[uuid.UUID], list[uuid.UUID]]]] = []
        centres = []
        for i in range(args.communities):
            label, lat, lng, tz = BIG_CENTRE if i == 0 else rng.choices(CITIES, CITY_WEIGHTS)[0]
            if i:
                lat, lng = offset(rng, lat, lng, 20)
            cid = rid(rng)
            name = "Riverside Elementary (measured)" if i == 0 else f"{rng.choice(SCHOOLS)} #{i}"
            self.communities.append((cid, name, tz, ["en", "es"]))
            centres.append((label, lat, lng, tz))
        self.big = self.communities[0][0]
        password = "x"  # nobody signs in with a password: sessions are written below
        n_acc = 0
        for ci, (label, lat, lng, tz) in enumerate(centres):
            fams = []
            for _ in range(args.families if ci == 0 else args.other_families):
                fid = rid(rng)
                self.families.append((fid,))
                hlat, hlng = offset(rng, lat, lng, 10)
                cell = geo.coarse_cell(hlat, hlng)
                clat, clng = geo.cell_center(cell)
                verified = []
                for _k in range(1 if rng.random() < 0.6 else 2):
                    aid = rid(rng)
                    n_acc += 1
                    self.accounts.append(
                        (
                            aid,
                            f"c{n_acc}@carpools.bench",
                            password,
                            f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}",
                            ["en"],
                            tz,
                            cell,
                            label,
                            clat,
                            clng,
                            fid,
                        )
                    )
                    ok = rng.random() > 0.03
                    self.memberships.append(
                        (
                            rid(rng),
                            self.communities[ci][0],
                            aid,
                            "caregiver",
                            "verified" if ok else "pending",
                            now if ok else None,
                        )
                    )
                    if ok:
                        verified.append(aid)
                kids = [rid(rng) for _ in range(1 if rng.random() < 0.7 else 2)]
                self.children += [(k, fid, rng.choice(FIRST)) for k in kids]
                if verified:
                    fams.append((fid, verified, kids))
            self.members.append(fams)
        # Carpools: --big-carpools in the measured community, the rest spread evenly.
        rest = args.communities - 1
        per = [args.big_carpools] + [
            (args.carpools - args.big_carpools) // rest + (1 if k < (args.carpools - args.big_carpools) % rest else 0)
            for k in range(rest)
        ]
        for ci, n in enumerate(per):
            label, lat, lng, tz = centres[ci]
            fams = self.members[ci]
            for _ in range(n):
                team = rng.random() < 0.15
                legs = legs_for(rng, team)
                keys = [leg_key(x) for x in legs]
                seats = rng.randint(3, 7)
                plat, plng = offset(rng, lat, lng, 15)
                cell = geo.coarse_cell(plat, plng)
                clat, clng = geo.cell_center(cell)
                starts = self.today - timedelta(days=rng.randint(0, 100))
                ends = self.today + timedelta(days=rng.randint(20, 200))
                r = rng.random()
                cancelled = now - timedelta(days=rng.randint(1, 30)) if r < 0.02 else None
                if 0.02 <= r < 0.05:  # ended
                    ends = self.today - timedelta(days=rng.randint(1, 60))
                    starts = ends - timedelta(days=rng.randint(30, 200))
                # Its families: the organiser's, then up to three more while their children fit.
                chosen, used = [], 0
                for fid, carers, kids in rng.sample(fams, min(len(fams), 1 + rng.randint(0, 3))):
                    if chosen and used + len(kids) > seats:
                        continue
                    chosen.append((fid, carers, kids))
                    used += len(kids)
                used = min(used, seats)
                organiser = chosen[0][1][0]
                pid = rid(rng)
                created = now - timedelta(days=rng.randint(0, 120), seconds=rng.randint(0, 86400))
                self.carpools.append(
                    (
                        pid,
                        ci,
                        organiser,
                        rng.choice(TEAM_TITLES if team else TITLES),
                        rng.choice(TEAMS if team else SCHOOLS),
                        "team" if team else "school",
                        tz,
                        json.dumps(legs),
                        starts,
                        ends,
                        sum(1 << d for d in {x["weekday"] for x in legs}),
                        seats,
                        seats - used,
                        cell,
                        clat,
                        clng,
                        label,
                        cancelled,
                        created,
                    )
                )
                for k, (fid, carers, kids) in enumerate(chosen):
                    row = rid(rng)
                    self.carpool_families.append(
                        (
                            row,
                            pid,
                            ci,
                            fid,
                            carers[0],
                            "approved",
                            k == 0,
                            k == 0 or rng.random() < 0.7,
                            keys,
                            organiser,
                            created,
                        )
                    )
                    self.riders += [(row, kid, ci) for kid in kids]
        # A few caregivers of the measured community blocked an organiser there.
        organisers = [c[2] for c in self.carpools if c[1] == 0]
        for _fid, carers, _kids in rng.sample(self.members[0], len(self.members[0]) // 100):
            other = rng.choice(organisers)
            if other != carers[0]:
                self.blocks.add((carers[0], other))
        self.zips = [z for z in postal if _km(z[1], z[2], BIG_CENTRE[1], BIG_CENTRE[2]) <= 15]

    def resolve(self) -> None:
        """Community indexes to ids (kept as indexes while generating, for grouping)."""
        cids = [c[0] for c in self.communities]
        self.carpools = [(c[0], cids[c[1]], *c[2:]) for c in self.carpools]
        self.carpool_families = [(f[0], f[1], cids[f[2]], *f[3:]) for f in self.carpool_families]
        self.riders = [(r[0], r[1], cids[r[2]]) for r in self.riders]  # the carpool's community


def _km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lng2 - lng1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


async def load(city: City, url: str, log) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        # The generator writes consistent rows: no foreign-key triggers, no waiting on the WAL.
        await conn.execute("set session_replication_role = replica; set synchronous_commit = off")
        copies = [
            ("communities", ["id", "name", "timezone", "languages"], city.communities),
            ("families", ["id"], city.families),
            (
                "accounts",
                [
                    "id",
                    "email",
                    "password_hash",
                    "display_name",
                    "languages",
                    "timezone",
                    "home_cell",
                    "home_area_label",
                    "home_lat",
                    "home_lng",
                    "family_id",
                ],
                city.accounts,
            ),
            ("memberships", ["id", "community_id", "account_id", "role", "state", "verified_at"], city.memberships),
            ("children", ["id", "family_id", "name"], city.children),
            (
                "carpools",
                [
                    "id",
                    "community_id",
                    "organiser_id",
                    "title",
                    "destination",
                    "purpose",
                    "timezone",
                    "legs",
                    "starts_on",
                    "ends_on",
                    "weekdays",
                    "seats",
                    "seats_free",
                    "pickup_cell",
                    "pickup_lat",
                    "pickup_lng",
                    "pickup_label",
                    "cancelled_at",
                    "created_at",
                ],
                city.carpools,
            ),
            (
                "carpool_families",
                [
                    "id",
                    "carpool_id",
                    "community_id",
                    "family_id",
                    "account_id",
                    "state",
                    "organiser",
                    "can_drive",
                    "legs",
                    "decided_by_id",
                    "decided_at",
                ],
                city.carpool_families,
            ),
            ("carpool_riders", ["carpool_family_id", "child_id", "community_id"], city.riders),
            ("blocks", ["blocker_id", "blocked_id"], sorted(city.blocks)),
        ]
        for table, columns, rows in copies:
            t0 = time.perf_counter()
            await conn.copy_records_to_table(table, records=rows, columns=columns)
            log(f"  {table}: {len(rows):,} rows in {time.perf_counter() - t0:.1f} s")
        await conn.execute("vacuum (analyze)")  # as autovacuum would have: visibility map, statistics
    finally:
        await conn.close()


async def sign_in(url: str, city: City, n: int) -> list[tuple[uuid.UUID, str]]:
    """Sessions for n random verified caregivers of the measured community: [(account, token)]."""
    import asyncpg

    rng = random.Random(7)
    people = [a for _fid, carers, _kids in city.members[0] for a in carers]
    chosen = rng.sample(people, min(n, len(people)))
    out = [(a, secrets.token_urlsafe(32)) for a in chosen]
    conn = await asyncpg.connect(url)
    try:
        await conn.executemany(
            "insert into auth_sessions (id, account_id, token_hash, user_agent, expires_at) "
            "values (gen_random_uuid(), $1, $2, 'carpools-bench', now() + interval '1 day')",
            [(a, hashlib.sha256(t.encode()).digest()) for a, t in out],
        )
    finally:
        await conn.close()
    return out


async def postal_codes(url: str) -> list[tuple[str, float, float, str]]:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("select code, lat, lng, label from postal_codes")
    finally:
        await conn.close()
    return [tuple(r) for r in rows]


# --- search ---------------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))]


class Plan:
    """The searches of a run, the same for the API and the reference: (viewer index, filter index, zip)."""

    def __init__(self, n: int, viewers: int, zips: list[str], seed: int) -> None:
        rng = random.Random(seed)
        self.items = [(rng.randrange(viewers), i % len(FILTERS), rng.choice(zips)) for i in range(n)]


def variables(community_gid: str, f: int, zip_code: str) -> dict:
    v = {"communityId": community_gid, "first": 20}
    for k, val in FILTERS[f][1].items():
        v[k] = zip_code if val == "$zip" else val
    return v


def raw_args(f: int, zip_code: str) -> tuple[str, object | None]:
    """(statement key, $5) for a filter."""
    spec = FILTERS[f][1]
    if "destination" in spec:
        return "destination", spec["destination"]
    if "day" in spec:
        return "day", 0  # MONDAY
    if "near" in spec:
        return "near", zip_code
    return "none", None


RAW = {
    "none": raw_search_sql(False, False, False),
    "destination": raw_search_sql(True, False, False),
    "day": raw_search_sql(False, True, False),
    "near": raw_search_sql(False, False, True),
    "near_exact": raw_search_sql(False, False, True, exact=True),
}


async def api_round(base: str, body_of, tokens: list[str], items, concurrency: int):
    """One round through the API: ([(filter, ms)], seconds, errors)."""
    import httpx

    latencies: list[tuple[int, float]] = []
    errors = 0
    queue = list(reversed(items))

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while queue:
            viewer, f, z = queue.pop()
            t0 = time.perf_counter()
            r = await client.post("/graphql", json=body_of(f, z), headers={"Authorization": f"Bearer {tokens[viewer]}"})
            latencies.append((f, (time.perf_counter() - t0) * 1000))
            if r.status_code != 200 or r.json().get("errors"):
                errors += 1

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
    return latencies, elapsed, errors


async def raw_round(pool, accounts: list[uuid.UUID], community: uuid.UUID, today: date, items, concurrency: int):
    """One round of the reference: ([(filter, ms)], seconds, 0)."""
    latencies: list[tuple[int, float]] = []
    queue = list(reversed(items))

    async def worker() -> None:
        while queue:
            viewer, f, z = queue.pop()
            key, arg = raw_args(f, z)
            params = [accounts[viewer], community, today, 20] + ([arg] if arg is not None else [])
            t0 = time.perf_counter()
            async with pool.acquire() as conn:
                await conn.fetch(RAW[key], *params)
            latencies.append((f, (time.perf_counter() - t0) * 1000))

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, time.perf_counter() - t0, 0


async def compare(
    base: str, url: str, body_of, people, community: uuid.UUID, today: date, zips, zip_centre
) -> list[str]:
    """Both answers, for each filter and a few viewers: the same carpools in the same order?"""
    import asyncpg
    import httpx

    from api import geo
    from api.ids import from_global_id

    out = []
    conn = await asyncpg.connect(url, server_settings={"jit": "off"})
    try:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            for f, (label, _) in enumerate(FILTERS):
                same = sets = exact = 0
                n = 0
                counts = []
                for k in range(5):
                    account, token = people[k]
                    z = zips[k % len(zips)]
                    r = await client.post("/graphql", json=body_of(f, z), headers={"Authorization": f"Bearer {token}"})
                    body = r.json()
                    if r.status_code != 200 or body.get("errors"):
                        raise SystemExit(f"carpools ({label}) failed on the API: {r.status_code} {str(body)[:500]}")
                    api_ids = [from_global_id(c["id"], "Carpool", field="id") for c in body["data"]["carpools"]]
                    key, arg = raw_args(f, z)
                    params = [account, community, today, 20] + ([arg] if arg is not None else [])
                    raw_ids = [r["id"] for r in await conn.fetch(RAW[key], *params)]
                    same += api_ids == raw_ids
                    sets += set(api_ids) == set(raw_ids)
                    counts.append(len(api_ids))
                    n += 1
                    if key == "near":
                        lat, lng = geo.cell_center(geo.coarse_cell(*zip_centre[z]))
                        params = [account, community, today, 20, lat, lng]
                        exact += api_ids == [r["id"] for r in await conn.fetch(RAW["near_exact"], *params)]
                out.append(
                    f"  {label:<24} API and raw: same carpools in the same order {same}/{n}, same set {sets}/{n}"
                    + (
                        f" (from the ZIP's H3 cell centre, as the API: same order {exact}/{n})"
                        if "near" in FILTERS[f][1]
                        else ""
                    )
                    + f"; {min(counts)}-{max(counts)} carpools per answer"
                )
    finally:
        await conn.close()
    return out


async def explain_service(url: str, viewer_account: uuid.UUID, community: uuid.UUID, zip_code: str) -> list[str]:
    """Run service.search in process, capture its statements, and EXPLAIN ANALYZE the search itself
    (with and without `near`)."""
    import asyncpg
    from sqlalchemy import event, select

    from api.accounts.models import Account
    from api.actor import Viewer
    from api.carpools import service
    from api.config import to_asyncpg_url
    from api.db import make_engine, make_session_factory

    engine = make_engine(to_asyncpg_url(url), pool_size=2)
    sessions = make_session_factory(engine)
    seen: list[tuple[str, tuple]] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda _c, _cur, s, p, *_: seen.append((s, p)))
    lines = []
    conn = await asyncpg.connect(url, server_settings={"jit": "off"})
    try:
        for label, kw in (("no filter", {}), ("near a ZIP code", {"near": zip_code})):
            async with sessions() as db:
                fid = await db.scalar(select(Account.family_id).where(Account.id == viewer_account))
                viewer = Viewer(
                    account_id=viewer_account,
                    session_id=uuid.uuid4(),
                    family_id=fid,
                    is_platform_admin=False,
                    ui_language="en",
                )
                seen.clear()
                await service.search(
                    db,
                    viewer,
                    community_id=community,
                    destination=None,
                    weekday=None,
                    near=kw.get("near"),
                    limit=20,
                )
                await db.rollback()
            stmt, params = next((s, p) for s, p in seen if "FROM carpools" in s and "ORDER BY" in s)
            plan = await conn.fetch("explain (analyze, buffers) " + stmt, *params)
            lines.append(
                f"EXPLAIN ANALYZE of the service's search statement ({label}; {len(seen)} statements in search()):"
            )
            lines += ["  " + r[0] for r in plan]
    finally:
        await conn.close()
        await engine.dispose()
    return lines


# --- trips ----------------------------------------------------------------------------------------


async def generate_all(url: str, log, limit: int | None, analyze: bool, next_day: bool) -> dict:
    """The real job over every carpool from an empty trips table (or over `limit` of them at random,
    the others marked as extended already so the job reads and skips them), then again."""
    import asyncpg

    from api.carpools.jobs import extend_carpool_trips
    from api.config import to_asyncpg_url
    from api.db import make_engine, make_session_factory

    out: dict = {}
    conn = await asyncpg.connect(url)
    try:
        out["autovacuum"] = await conn.fetchval("show autovacuum")
        # What the job selects: not cancelled, ending at most a day before UTC's today.
        out["eligible"] = await conn.fetchval(
            "select count(*) from carpools where cancelled_at is null and ends_on >= current_date - 1"
        )
        out["limit"] = limit if limit is not None and limit < out["eligible"] else None
        if out["limit"] is not None:
            await conn.execute("select setseed(0.42)")
            await conn.execute(
                "update carpools set trips_until = ends_on where cancelled_at is null and id not in "
                "(select id from carpools where cancelled_at is null and ends_on >= current_date - 1 "
                "order by random() limit $1)",
                out["limit"],
            )
            await conn.execute("vacuum (analyze) carpools")
        preset = await conn.fetchval("select count(*) from carpools where trips_until is not null")
    finally:
        await conn.close()

    async def progress() -> None:
        watcher = await asyncpg.connect(url)
        t0 = time.perf_counter()
        try:
            while True:
                await asyncio.sleep(60)
                done = await watcher.fetchval("select count(*) from carpools where trips_until is not null") - preset
                made = await watcher.fetchval(
                    "select n_tup_ins from pg_stat_user_tables where relname = 'carpool_trips'"
                )
                el = time.perf_counter() - t0
                log(
                    f"  {el:.0f} s: {done:,} carpools extended ({done / el:.0f}/s), about {made:,} trips; "
                    f"load average {os.getloadavg()[0]:.2f}"
                )
        finally:
            await watcher.close()

    out["analyzes"] = 0

    async def autoanalyze() -> None:
        """What autovacuum would do (this server may run with autovacuum=off): ANALYZE carpool_trips
        once 50 + 10 % of its rows changed since the last one. Without it the planner believes the
        table is as empty as when it was last analyzed."""
        watcher = await asyncpg.connect(url)
        try:
            while True:
                await asyncio.sleep(ANALYZE_EVERY)
                changed, tuples = await watcher.fetchrow(
                    "select s.n_mod_since_analyze, c.reltuples from pg_stat_user_tables s "
                    "join pg_class c on c.oid = s.relid where s.relname = 'carpool_trips'"
                )
                if changed > 50 + 0.1 * max(tuples, 0):
                    await watcher.execute("analyze carpool_trips")
                    out["analyzes"] += 1
        finally:
            await watcher.close()

    engine = make_engine(to_asyncpg_url(url), pool_size=5, max_overflow=5)  # as the worker's Services
    ctx = {"sessions": make_session_factory(engine)}
    try:
        load0 = os.getloadavg()[0]
        watch = [asyncio.create_task(progress())] + ([asyncio.create_task(autoanalyze())] if analyze else [])
        t0 = time.perf_counter()
        try:
            first = await extend_carpool_trips(ctx)
        finally:
            for task in watch:
                task.cancel()
        out["first_s"] = time.perf_counter() - t0
        out["first"] = first
        out["load_first"] = (load0, os.getloadavg()[0])
        log(f"  first run: {first} in {out['first_s']:.1f} s")
        t0 = time.perf_counter()
        out["second"] = await extend_carpool_trips(ctx)
        out["second_s"] = time.perf_counter() - t0
        log(f"  second run: {out['second']} in {out['second_s']:.1f} s")
        if next_day:  # the nightly run: the next day, every carpool's window moves on by a day
            tomorrow = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
            t0 = time.perf_counter()
            out["next_day"] = await extend_carpool_trips(ctx, today=tomorrow)
            out["next_day_s"] = time.perf_counter() - t0
            log(f"  the next day ({tomorrow}): {out['next_day']} in {out['next_day_s']:.1f} s")
    finally:
        await engine.dispose()
    conn = await asyncpg.connect(url)
    try:
        out["rows"] = await conn.fetchval("select count(*) from carpool_trips")
        out["bytes"] = await conn.fetchval("select pg_total_relation_size('carpool_trips')")
        out["heap"] = await conn.fetchval("select pg_relation_size('carpool_trips')")
        out["driven"] = await conn.fetchval("select count(*) from carpool_trips where driver_family_id is not null")
        out["per_carpool"] = await conn.fetchval(
            "select round(avg(n), 1) from (select count(*) n from carpool_trips group by carpool_id) x"
        )
    finally:
        await conn.close()
    return out


# --- main -----------------------------------------------------------------------------------------


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--carpools", type=int, default=100_000)
    p.add_argument("--communities", type=int, default=200)
    p.add_argument("--families", type=int, default=2000, help="families in the measured community")
    p.add_argument("--big-carpools", type=int, default=2000, help="carpools in the measured community")
    p.add_argument("--other-families", type=int, default=40, help="families in each other community")
    p.add_argument("--searches", type=int, default=300, help="searches measured, for the API and for the raw")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--concurrency", type=int, default=1, help="requests in flight (default: one at a time)")
    p.add_argument("--viewers", type=int, default=100, help="signed-in caregivers the searches pick from")
    p.add_argument("--seed", type=int, default=20261203)
    p.add_argument("--skip-trips", action="store_true", help="measure search only")
    p.add_argument(
        "--trip-carpools",
        type=int,
        help="generate trips for this many carpools (at random) instead of all, and project the total",
    )
    p.add_argument(
        "--no-autoanalyze",
        action="store_true",
        help="do not ANALYZE carpool_trips as autovacuum would while trips are generated",
    )
    p.add_argument(
        "--next-day",
        action="store_true",
        help="then run the job once more as the next day (the nightly run: every window moves on a day)",
    )
    p.add_argument("--keep-db", action="store_true")
    args = p.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)

    def log(msg: str) -> None:
        print(f"[carpools bench] {msg}", file=sys.stderr, flush=True)

    from api.ids import to_global_id

    prefix = f"bench-carpools-{os.getpid()}:"
    load_start = os.getloadavg()
    code_start = b.code_version()  # others commit while benchmarks run: say which code was loaded
    t_setup = time.perf_counter()
    url = asyncio.run(b.fresh_database(DB_NAME))
    env = b.server_env(url, prefix)
    b.clear_redis(prefix)
    procs = []
    lines: list[str] = []
    try:
        postal = asyncio.run(postal_codes(url))
        if not postal:
            raise SystemExit("postal_codes is empty after migrating: the search's `near` needs it")
        t0 = time.perf_counter()
        city = City(args, postal)
        city.resolve()
        if not city.zips:
            raise SystemExit("no ZIP code within 15 km of the measured community in postal_codes")
        log(f"generated the city in {time.perf_counter() - t0:.1f} s; loading")
        t0 = time.perf_counter()
        asyncio.run(load(city, url, log))
        load_s = time.perf_counter() - t0
        people = asyncio.run(sign_in(url, city, args.viewers))
        setup_s = time.perf_counter() - t_setup
        log(f"loaded in {load_s:.1f} s (setup {setup_s:.0f} s)")
        community = city.big
        gid = to_global_id("Community", community)
        zips = [z[0] for z in sorted(city.zips)]
        accounts = [a for a, _ in people]
        tokens = [t for _, t in people]

        query, operation = search_document()

        def body_of(f: int, z: str) -> dict:
            v = variables(gid, f, z)
            if operation != "CarpoolSearch":
                v.pop("first")  # the PWA's document asks for 20 itself
            return {"query": query, "variables": v, "operationName": operation}

        port = b.free_port()
        api = b.start_api(env, port)
        procs.append(api)
        base = f"http://127.0.0.1:{port}"
        b.wait_ready(base, api)
        # The service filters on the community's today (America/Chicago): use the same for the raw.
        from zoneinfo import ZoneInfo

        today = datetime.now(ZoneInfo(BIG_CENTRE[3])).date()
        checks = asyncio.run(
            compare(base, url, body_of, people, community, today, zips, {z[0]: (z[1], z[2]) for z in city.zips})
        )
        statements = asyncio.run(
            b.count_statements(url, tokens[0], {label: body_of(f, zips[0]) for f, (label, _) in enumerate(FILTERS)})
        )
        plan = Plan(args.searches, len(people), zips, args.seed)
        per_round = [plan.items[r :: args.rounds] for r in range(args.rounds)]

        async def run_all():
            import asyncpg

            pool = await asyncpg.create_pool(
                url, min_size=args.concurrency, max_size=args.concurrency, server_settings={"jit": "off"}
            )  # the API's engine turns JIT off too
            try:
                # Warm both: connections, prepared statements, caches.
                warm = Plan(40, len(people), zips, args.seed + 1).items
                await api_round(base, body_of, tokens, warm, args.concurrency)
                await raw_round(pool, accounts, community, today, warm, args.concurrency)
                results = {"API": [], "raw": []}
                for r, items in enumerate(per_round):
                    order = ["API", "raw"] if r % 2 == 0 else ["raw", "API"]
                    for name in order:
                        load = os.getloadavg()[0]
                        if name == "API":
                            lat, elapsed, errors = await api_round(base, body_of, tokens, items, args.concurrency)
                        else:
                            lat, elapsed, errors = await raw_round(
                                pool, accounts, community, today, items, args.concurrency
                            )
                        results[name].append((lat, elapsed, errors, load))
                        ms = [x for _, x in lat]
                        log(
                            f"round {r + 1} {name}: {len(ms)} searches, {len(ms) / elapsed:.0f} req/s, "
                            f"p50 {pct(ms, 50):.1f} ms, p95 {pct(ms, 95):.1f} ms, errors {errors}; load {load:.2f}"
                        )
                return results
            finally:
                await pool.close()

        load_before = os.getloadavg()
        results = asyncio.run(run_all())
        load_after_search = os.getloadavg()
        b.stop(procs)
        procs = []
        explain = asyncio.run(explain_service(url, accounts[0], community, zips[0]))

        trips, trips_failed = None, None
        if not args.skip_trips:
            log("generating trips for every carpool (extend_carpool_trips)")
            try:
                trips = asyncio.run(generate_all(url, log, args.trip_carpools, not args.no_autoanalyze, args.next_day))
            except Exception as e:  # the job failing is a result too: report it with the search figures
                trips_failed = f"{type(e).__name__}: {str(e).splitlines()[0][:300]}"
                log(f"  the job failed: {trips_failed}")
        load_end = os.getloadavg()
    finally:
        b.stop(procs)
        b.clear_redis(prefix)
        if not args.keep_db:
            asyncio.run(b.drop_database(DB_NAME))

    # --- the report ---
    big_carpools = sum(1 for c in city.carpools if c[1] == community)
    big_accounts = sum(len(c) for _f, c, _k in city.members[0])
    lines += [
        f"carpools benchmark — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} cores, "
        f"CPython {platform.python_version()}",
        f"code measured: {code_start}"
        + (
            f" (HEAD was {b.code_version()} by the end; the processes kept the code they loaded)"
            if b.code_version() != code_start
            else ""
        ),
        f"load average (1 min) at start / before searching / after searching / at the end: {load_start[0]:.2f} / "
        f"{load_before[0]:.2f} / {load_after_search[0]:.2f} / {load_end[0]:.2f} (the machine is shared)",
        f"data: {len(city.communities)} communities, {len(city.carpools):,} carpools "
        f"({sum(1 for c in city.carpools if c[17] is None and c[9] >= today):,} running), "
        f"{len(city.carpool_families):,} approved families in them, {len(city.riders):,} riders; "
        f"{len(city.accounts):,} caregivers, {len(city.families):,} families",
        f"measured community: {args.families:,} families ({big_accounts:,} verified caregivers), "
        f"{big_carpools:,} carpools, {len(city.blocks)} blocks; {len(city.zips)} ZIP codes within 15 km",
        f"setup (create, migrate, generate, COPY, vacuum analyze): {setup_s:.0f} s, of which COPY + vacuum "
        f"{load_s:.1f} s",
        "",
        f"1. search: the PWA's `{operation}` (`carpools(communityId, destination, day, near, first: 20)`), "
        f"{args.searches} searches per side "
        f"in {args.rounds} alternating rounds, {args.concurrency} in flight, filters in turn "
        f"({', '.join(x[0] for x in FILTERS)}), {len(people)} signed-in caregivers picked at random",
        "   API: one uvicorn process, VILLAGE_ENV=production, httpx client in this process (HTTP, auth, GraphQL)",
        "   raw: one asyncpg statement per search from this process (no HTTP, no auth, no GraphQL)",
    ]
    lines += checks
    summary = {}
    for name in ("API", "raw"):
        rs = results[name]
        every = [x for lat, *_ in rs for _, x in lat]
        rate = len(every) / sum(el for _, el, *_ in rs)
        errors = sum(e for _, _, e, _ in rs)
        summary[name] = (pct(every, 50), pct(every, 95), pct(every, 99), rate, errors)
        lines.append(
            f"  {name:<4} p50 {pct(every, 50):6.1f} ms  p95 {pct(every, 95):6.1f} ms  p99 {pct(every, 99):6.1f} ms  "
            f"max {max(every):6.1f} ms  {rate:6.0f} req/s (rounds {', '.join(f'{len(x) / e:.0f}' for x, e, *_ in rs)})"
            f"  errors {errors}; load average {', '.join(f'{x[3]:.2f}' for x in rs)}"
        )
    api_s, raw_s = summary["API"], summary["raw"]
    lines.append(
        f"  API/raw: p50 {api_s[0] / raw_s[0]:.1f}x, p95 {api_s[1] / raw_s[1]:.1f}x; "
        f"API req/s {api_s[3] / raw_s[3]:.0%} of raw"
    )
    for f, (label, _) in enumerate(FILTERS):
        by = {name: [x for lat, *_ in results[name] for g, x in lat if g == f] for name in ("API", "raw")}
        lines.append(
            f"    {label:<24} API p50 {pct(by['API'], 50):6.1f} / p95 {pct(by['API'], 95):6.1f} ms;  "
            f"raw p50 {pct(by['raw'], 50):5.1f} / p95 {pct(by['raw'], 95):5.1f} ms  (n={len(by['API'])})"
        )
    lines.append(
        "  SQL statements per API request (in process, after a warm-up request): "
        + ", ".join(f"{k} {n}" for k, (n, _) in statements.items())
    )
    label, (_n, stmts) = next(iter(statements.items()))
    lines.append(f"  the API's statements for one search ({label}), abridged:")
    lines += [f"    {i + 1}. {st[:150]}{' ...' if len(st) > 150 else ''}" for i, st in enumerate(stmts)]
    lines.append("")
    lines += explain
    lines.append("")
    if trips_failed:
        lines += [f"2. trip generation: extend_carpool_trips FAILED: {trips_failed}", ""]
    if trips:
        first = trips["first"]
        rate = first["carpools"] / trips["first_s"]
        scope = (
            f"{trips['limit']:,} of the {trips['eligible']:,} carpools the job selects, at random (the others marked "
            "as extended already: the job reads and skips them)"
            if trips["limit"]
            else f"all {trips['eligible']:,} carpools the job selects"
        )
        stats = (
            f"carpool_trips analyzed {trips['analyzes']} times during the first run, by this script, as "
            f"autovacuum would (50 + 10 % of its rows changed; checked every {ANALYZE_EVERY} s)"
            if not args.no_autoanalyze
            else "carpool_trips NOT analyzed during the run (--no-autoanalyze)"
        )
        lines += [
            f"2. trip generation: extend_carpool_trips, the worker's job (batches of {_batch()} carpools, trips "
            f"{_window()} days ahead, drivers proposed), from an empty trips table, in this process with the "
            f"worker's pool; {scope}",
            f"  first run: {first['carpools']:,} carpools extended, {first['trips']:,} trips in "
            f"{trips['first_s']:.1f} s = {rate:.1f} carpools/s, {first['trips'] / trips['first_s']:.0f} trips/s "
            f"(load average {trips['load_first'][0]:.2f} at its start, {trips['load_first'][1]:.2f} at its end)",
            f"  statistics: autovacuum is {trips['autovacuum']} on this server; {stats}",
        ]
        if trips["limit"]:
            lines.append(
                f"  projected for all {trips['eligible']:,} at that rate: {trips['eligible'] / rate:,.0f} s "
                f"({trips['eligible'] / rate / 60:.0f} min), about "
                f"{first['trips'] / max(first['carpools'], 1) * trips['eligible']:,.0f} trips"
            )
        lines += [
            f"  second run (nothing to do): {trips['second']['carpools']:,} carpools extended, "
            f"{trips['second']['trips']:,} trips, {trips['second_s']:.1f} s",
            *(
                [
                    f"  the next day (today={_next_day()}, the nightly run): {trips['next_day']['carpools']:,} "
                    f"carpools extended, {trips['next_day']['trips']:,} trips in {trips['next_day_s']:.1f} s = "
                    f"{trips['next_day']['carpools'] / max(trips['next_day_s'], 1e-9):.1f} carpools/s"
                ]
                if "next_day" in trips
                else []
            ),
            f"  carpool_trips: {trips['rows']:,} rows ({trips['per_carpool']} per carpool, {trips['driven']:,} with a "
            f"proposed driver), {trips['bytes'] / 2**20:.0f} MB with indexes ({trips['heap'] / 2**20:.0f} MB heap)",
            "",
        ]
    one = "one at a time" if args.concurrency == 1 else f"{args.concurrency} in flight"
    lines += [
        "summary:",
        f"  search p50 / p95 / p99 at {len(city.carpools):,} carpools, {len(city.communities)} communities "
        f"({args.families:,}-family community, {big_carpools:,} carpools there): {api_s[0]:.1f} / {api_s[1]:.1f} / "
        f"{api_s[2]:.1f} ms, {api_s[3]:.0f} req/s {one}; the raw statement {raw_s[0]:.1f} / {raw_s[1]:.1f} / "
        f"{raw_s[2]:.1f} ms, {raw_s[3]:.0f} req/s (the API {api_s[3] / raw_s[3]:.0%} of it)",
    ]
    if trips:
        first = trips["first"]
        rate = first["carpools"] / trips["first_s"]
        night = ""
        if "next_day" in trips:
            nightly = trips["next_day_s"] / max(trips["next_day"]["carpools"], 1) * trips["eligible"]
            night = (
                f"; the next day {trips['next_day']['carpools'] / max(trips['next_day_s'], 1e-9):.1f} carpools/s, "
                f"so about {nightly:.0f} s a night for all" + (" (projected)" if trips["limit"] else "")
            )
        if trips["limit"]:
            lines.append(
                f"  trip generation: {rate:.1f} carpools/s ({first['trips']:,} trips for {first['carpools']:,} "
                f"carpools in {trips['first_s']:.0f} s), so about {trips['eligible'] / rate / 60:.0f} min for all "
                f"{trips['eligible']:,} (projected); again with nothing to do: {trips['second_s']:.1f} s{night}"
            )
        else:
            lines.append(
                f"  trip generation for all: {first['trips']:,} trips for {first['carpools']:,} carpools in "
                f"{trips['first_s']:.0f} s ({trips['first_s'] / 60:.1f} min, {rate:.1f} carpools/s); again with "
                f"nothing to do: {trips['second_s']:.1f} s{night}; carpool_trips {trips['rows']:,} rows, "
                f"{trips['bytes'] / 2**20:.0f} MB"
            )
    lines.append(
        f"  load average (1 min): {load_start[0]:.2f} at start, {load_before[0]:.2f}-{load_after_search[0]:.2f} "
        f"while searching, {load_end[0]:.2f} at the end"
    )
    text = "\n".join(lines)
    print(text)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "carpools.txt").write_text(text + "\n")
    return 0


def _window() -> int:
    from api.carpools.service import WINDOW_DAYS

    return WINDOW_DAYS


def _next_day() -> str:
    return (datetime.now(UTC).date() + timedelta(days=1)).isoformat()


def _batch() -> int:
    from api.carpools.jobs import BATCH

    return BATCH


if __name__ == "__main__":
    raise SystemExit(main())
