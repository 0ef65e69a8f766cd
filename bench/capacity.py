"""Capacity plan (issue 18, item 5): the figures docs/scale.md turns into servers, measured on this
machine by the other benchmarks' own set-up code, each printed with the load average around it.

    .venv/bin/python bench/capacity.py [--quick] [--only push,mix,matching,rollup] [--plan-only]

Four parts, each in its own scratch database (dropped afterwards unless --keep):

- mix: the Locust mix of bench/load.py (the PWA's own documents, about 90 % reads) against two API
  processes and one worker, as bench/load.py runs them, but 100 users with shorter waits (0.5–1 s)
  so that the machine is busy. Per round: requests/s, latency, and the CPU seconds each process
  spent — the two API processes, the worker, and the PostgreSQL backends serving this database
  (their pids from pg_stat_activity, read from /proc). From those, CPU milliseconds per request for
  the API, the worker and PostgreSQL: a figure that depends much less than requests/s on how busy
  the shared machine was (contention still raises it somewhat). Also
  `pg_stat_database.xact_commit + xact_rollback` and `pg_stat_user_tables.n_tup_ins` before and
  after (read after PostgreSQL's 10 s idle flush of backend statistics), so transactions and rows
  inserted per request, and the idle transaction rate (the worker's sweeper) beforehand.
- push: bench/push.py's sender (`send_many`, one origin, the tests' push service decrypting every
  message in its own process) alternating with the whole job path of bench/fanout.py (a post in a
  group: the dispatch job writes every notification, send jobs deliver every push), one worker
  process; CPU per push for each.
- matching: bench/matching.py's synthetic city, at 20,000 caregivers in 40 communities (its target
  community, the one measured, has 2,000 families and about 8,000 strengths as at any size), then
  `compute_matches` for each measured need, committed, alternating with its reference, `rank()`
  alone rolled back; wall time, this process's CPU and the PostgreSQL backend's CPU per computation.
- rollup: bench/insights.py's community with a year of history (village/seed_history.py) at 300
  families (the US average school) and, without --quick, 2,000; `roll_up` alternating with its
  reference, reading the activity alone. The same part measures storage: the rows and bytes
  (`pg_total_relation_size`, less the same table's size empty) per table of that year of history,
  per family (rows written once per family) or per family-year of membership (activity); the
  tables the history does not write (notifications, push deliveries, outbox, sessions) come from
  the mix's rows inserted per request and bytes per row.

Prints each figure with the load average and writes bench/results/capacity.txt: one section per part
(a part measured again replaces its own section and figures, the others' are kept), the `figures:`
block docs/scale.md quotes, and `plan:`, the servers for 100, 10,000 and 100,000 schools from those
figures and ASSUMPTIONS (`--plan-only` recomputes it without measuring). All parts take about 9
minutes on a quiet machine, more on a busy one: `--only push,matching,rollup` then `--only mix`
keeps each run under 6.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import importlib
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# The other benchmarks, as the `bench` namespace package (the checkout's root is first on the
# path, so `api` stays the application's package and bench/api.py is `bench.api`).
b = importlib.import_module("bench.api")
ld = importlib.import_module("bench.load")
pb = importlib.import_module("bench.push")
fo = importlib.import_module("bench.fanout")
bm = importlib.import_module("bench.matching")
ib = importlib.import_module("bench.insights")

PREFIX = "bench-capacity:"
DB = {
    "mix": "village_bench_capacity_mix",
    "push": "village_bench_capacity_push",
    "matching": "village_bench_capacity_matching",
    "rollup": "village_bench_capacity_rollup",
}
PARTS = ["push", "mix", "matching", "rollup"]
# Tables whose rows a family writes once (joining, its people, what it can do), against activity.
ONCE_PER_FAMILY = {
    "families",
    "accounts",
    "memberships",
    "children",
    "strengths",
    "strength_postings",
    "group_members",
    "notification_settings",
    "notification_preferences",
    "push_subscriptions",
}
# Tables that grow with communities or the installation, not with families: left out of storage.
NOT_PER_FAMILY = {
    "communities",
    "postal_codes",
    "skill_categories",
    "matching_terms",
    "secrets",
    "insight_periods",
    "insight_runs",
    "insight_releases",
    "alembic_version",
    "auth_sessions",  # the history signs nobody in: sessions come from the mix
}


def load_avg() -> float:
    return os.getloadavg()[0]


def cpu_seconds(pid: int) -> float | None:
    try:
        return fo._cpu_seconds(pid)
    except (OSError, IndexError, ValueError):
        return None


class Backends:
    """CPU seconds of the PostgreSQL backends serving one database, sampled now and then: a backend
    first seen after the start counts from zero, one that has gone keeps its last sample."""

    def __init__(self, db_name: str) -> None:
        self.db_name = db_name
        self.start: dict[int, float] = {}
        self.last: dict[int, float] = {}

    async def sample(self, conn, first: bool = False) -> None:
        pids = await conn.fetch(
            "select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", self.db_name
        )
        for r in pids:
            cpu = cpu_seconds(r["pid"])
            if cpu is None:
                continue
            if first:
                self.start[r["pid"]] = cpu
            self.start.setdefault(r["pid"], 0.0)
            self.last[r["pid"]] = cpu

    def used(self) -> float:
        return sum(self.last[p] - self.start[p] for p in self.last)


async def db_counters(url: str, db_name: str) -> dict:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        row = await conn.fetchrow(
            "select xact_commit + xact_rollback as xacts, tup_inserted, pg_database_size($1) as bytes"
            " from pg_stat_database where datname = $1",
            db_name,
        )
        rows = await conn.fetch("select relname, n_tup_ins as n from pg_stat_user_tables")
        ins = {r["relname"]: r["n"] for r in rows}
    finally:
        await conn.close()
    return {"xacts": row["xacts"], "tup_inserted": row["tup_inserted"], "bytes": row["bytes"], "ins": ins}


# PostgreSQL 15 backends flush their statistics when they go idle, at most once a second, and an
# idle backend's last pending figures after PGSTAT_IDLE_INTERVAL (10 s): wait that long to read them.
STATS_FLUSH_S = 11


# --- mix -------------------------------------------------------------------------------------------


def run_locust(data_file: Path, csv_prefix: Path, users: int, seconds: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "locust", "-f", str(Path(ld.__file__)), "--headless", "--users", str(users)]
    cmd += ["--spawn-rate", str(users), "--run-time", f"{seconds}s", "--only-summary", "--stop-timeout", "5"]
    cmd += ["--csv", str(csv_prefix), "--loglevel", "WARNING"]
    env = {**os.environ, "VILLAGE_BENCH_LOAD_DATA": str(data_file)}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


BACKLOG = (
    "select (select count(*) from outbox_events where dispatched_at is null)"
    " + (select count(*) from needs where matches_computed_at is null)"
)


async def watch(proc: subprocess.Popen, url: str, db_name: str, pids: dict[str, int]) -> dict:
    """Until `proc` exits and then until the worker has done what the round asked of it (every outbox
    event dispatched, every need matched; at most 60 s more, so a saturated round's backlog is not
    counted in the next): every second, the CPU seconds of each process and of the database's backends."""
    import asyncpg

    start = {name: cpu_seconds(pid) or 0.0 for name, pid in pids.items()}
    last = dict(start)
    backends = Backends(db_name)
    conn = await asyncpg.connect(url)

    async def sample() -> None:
        await backends.sample(conn)
        for name, pid in pids.items():
            cpu = cpu_seconds(pid)
            if cpu is not None:
                last[name] = cpu

    try:
        await backends.sample(conn, first=True)
        t0 = time.perf_counter()
        while proc.poll() is None:
            await asyncio.sleep(1)
            await sample()
        wall = time.perf_counter() - t0
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline and await conn.fetchval(BACKLOG):
            await asyncio.sleep(0.5)
            await sample()
        await sample()
    finally:
        await conn.close()
    return {"wall": wall, "cpu": {n: last[n] - start[n] for n in pids}, "postgres": backends.used()}


def mix(args, say) -> dict:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    name = DB["mix"]
    url = asyncio.run(b.fresh_database(name))
    env = b.server_env(url, PREFIX)
    b.clear_redis(PREFIX)
    procs: list = []
    tmp = tempfile.TemporaryDirectory()
    out: dict = {}
    try:
        b.seed(env)
        ports = [b.free_port(), b.free_port()]
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        apis = [b.start_api(env, p) for p in ports]
        worker = b.start_worker(env)
        procs += [*apis, worker]
        for base, api in zip(bases, apis, strict=True):
            b.wait_ready(base, api)
        asyncio.run(b.populate(bases[0], url, lambda m: print(f"[capacity] {m}", file=sys.stderr)))
        people = asyncio.run(b.verified_caregivers(url))
        emails = [people[i % len(people)][0] for i in range(args.users)]
        tokens = asyncio.run(b.log_in_many(bases[0], emails[: args.users // 2]))
        tokens += asyncio.run(b.log_in_many(bases[1], emails[args.users // 2 :]))
        data = {
            "tokens": tokens,
            "community": asyncio.run(b.community_gid(url)),
            "hosts": bases,
            "documents": {op: b.document(op) for op in ld.OPERATIONS},
        }
        # Two loads, alternated: busy (the machine saturated: Locust, two API processes, the worker and
        # PostgreSQL on 2 cores) and light (a fifth of the users, longer waits: no process short of CPU).
        loads = {"busy": (args.users, [0.5, 1.0]), "light": (args.users // 5, [1.0, 2.0])}
        data_files = {}
        for kind, (_, wait) in loads.items():
            data_files[kind] = Path(tmp.name) / f"data-{kind}.json"
            data_files[kind].write_text(json.dumps({**data, "wait": wait}))

        # Idle: what the processes and the database do with nobody using them (the sweeper, cron).
        time.sleep(STATS_FLUSH_S)
        before = asyncio.run(db_counters(url, name))
        idle_s = STATS_FLUSH_S + 4
        time.sleep(idle_s)
        after = asyncio.run(db_counters(url, name))
        out["idle_xacts_per_s"] = (after["xacts"] - before["xacts"]) / idle_s
        say(
            f"  idle (nobody using it, {idle_s} s): {out['idle_xacts_per_s']:.1f} transactions/s; "
            f"load average {load_avg():.2f}"
        )

        pids = {"api 1": apis[0].pid, "api 2": apis[1].pid, "worker": worker.pid}
        rounds = []
        order = [
            (i, kind)
            for i in range(1, args.mix_rounds + 1)
            for kind in (("busy", "light") if i % 2 else ("light", "busy"))
        ]
        for i, kind in order:
            before, t_before = asyncio.run(db_counters(url, name)), time.monotonic()
            load0 = load_avg()
            csv_prefix = Path(tmp.name) / f"locust-{kind}-{i}"
            locust = run_locust(data_files[kind], csv_prefix, loads[kind][0], args.mix_seconds)
            procs.append(locust)
            pids_round = {**pids, "locust": locust.pid}
            seen = asyncio.run(watch(locust, url, name, pids_round))
            err = locust.stderr.read()
            load1 = load_avg()
            time.sleep(STATS_FLUSH_S)
            after, t_after = asyncio.run(db_counters(url, name)), time.monotonic()
            stats = Path(f"{csv_prefix}_stats.csv")
            if not stats.exists():
                raise SystemExit(f"Locust wrote no statistics:\n{err[-3000:]}")
            agg = {r["Name"]: r for r in csv.DictReader(stats.open())}["Aggregated"]
            failures_file = Path(f"{csv_prefix}_failures.csv")
            failures = list(csv.DictReader(failures_file.open())) if failures_file.exists() else []
            n = int(agg["Request Count"])
            xacts = after["xacts"] - before["xacts"] - out["idle_xacts_per_s"] * (t_after - t_before)
            ins = {t: after["ins"].get(t, 0) - before["ins"].get(t, 0) for t in after["ins"]}
            r = {
                "kind": kind,
                "requests": n,
                "failures": int(agg["Failure Count"]),
                "rps": n / seen["wall"],
                "p50": float(agg["50%"]),
                "p95": float(agg["95%"]),
                "p99": float(agg["99%"]),
                "api_ms": 1000 * (seen["cpu"]["api 1"] + seen["cpu"]["api 2"]) / n,
                "worker_ms": 1000 * seen["cpu"]["worker"] / n,
                "pg_ms": 1000 * seen["postgres"] / n,
                "locust_ms": 1000 * seen["cpu"]["locust"] / n,
                "xacts_per_req": xacts / n,
                "xacts_per_s": xacts / seen["wall"],
                "bytes_per_req": (after["bytes"] - before["bytes"]) / n,
                "ins": {t: v / n for t, v in ins.items() if v},
                "load": (load0, load1),
            }
            rounds.append(r)
            say(
                f"  round {i}, {kind} ({loads[kind][0]} users): {n} requests in {seen['wall']:.0f} s = "
                f"{r['rps']:.0f} req/s, {r['failures']} failed, "
                f"p50/p95/p99 {r['p50']:.0f}/{r['p95']:.0f}/{r['p99']:.0f} ms; "
                f"CPU per request: API {r['api_ms']:.2f} ms, "
                f"worker {r['worker_ms']:.2f} ms, PostgreSQL {r['pg_ms']:.2f} ms (Locust {r['locust_ms']:.2f} ms); "
                f"{r['xacts_per_req']:.2f} transactions per request ({r['xacts_per_s']:.0f}/s); "
                f"load average {load0:.2f} → {load1:.2f}"
            )
            for f in failures[:3]:
                say(f"    failed: {f.get('Name')} ×{f.get('Occurrences')}: {f.get('Error', '')[:150]}")
            procs.remove(locust)
        ins_tables = sorted({t for r in rounds for t in r["ins"]})
        ins_mean = {t: statistics.mean(r["ins"].get(t, 0) for r in rounds) for t in ins_tables}
        say(
            "  rows inserted per 1,000 requests of the mix (mean of rounds): "
            + ", ".join(f"{t} {1000 * v:.0f}" for t, v in sorted(ins_mean.items(), key=lambda kv: -kv[1]))
        )
        # Average row size (with indexes) of the tables the year of history does not write.
        import asyncpg

        async def row_bytes() -> dict[str, float]:
            conn = await asyncpg.connect(url)
            try:
                rows = await conn.fetch(
                    "select relname, pg_total_relation_size(relid) as b, n_live_tup as n from pg_stat_user_tables"
                    " where relname = any($1::text[])",
                    ["notifications", "push_deliveries", "outbox_events", "auth_sessions"],
                )
            finally:
                await conn.close()
            return {r["relname"]: r["b"] / r["n"] for r in rows if r["n"]}

        out["row_bytes"] = asyncio.run(row_bytes())
        say(
            "  bytes per row (with indexes) in the mix's database: "
            + ", ".join(f"{t} {v:.0f}" for t, v in sorted(out["row_bytes"].items()))
        )
        out["rounds"] = rounds
        out["ins"] = ins_mean
        b.SERVER_LOG.unlink(missing_ok=True)
    except BaseException:
        print(f"[capacity] failed; the servers' log ends with:\n{b.server_log_tail()}", file=sys.stderr)
        raise
    finally:
        b.stop(procs)
        b.clear_redis(PREFIX)
        tmp.cleanup()
        if not args.keep:
            asyncio.run(b.drop_database(name))
    return out


# --- push ------------------------------------------------------------------------------------------


def push(args, say) -> dict:
    """bench/push.py's sender alternating with bench/fanout.py's job path, one push service."""
    ctx = multiprocessing.get_context("fork")  # as bench/fanout.py: forked before any event loop runs here
    parent, child = ctx.Pipe()
    service = ctx.Process(target=pb._service_main, args=(child, args.members), daemon=True)
    service.start()
    name = DB["push"]
    prefix = f"bench-capacity-push-{os.getpid()}:"
    procs: list = []
    out: dict = {"sender": [], "job": []}
    try:
        subs_raw = parent.recv()
        subs = [pb.PushSubscription(*s) for s in subs_raw]
        url = asyncio.run(b.fresh_database(name))
        env = b.server_env(url, prefix)
        b.clear_redis(prefix)
        token, group = asyncio.run(fo.populate(url, args.members, subs_raw))
        port = b.free_port()
        api = b.start_api(env, port)
        worker = b.start_worker({**env, "VILLAGE_ENV": "test"})  # test: it may push over http to 127.0.0.1
        procs = [api, worker]
        base = f"http://127.0.0.1:{port}"
        b.wait_ready(base, api)
        time.sleep(3)  # the worker connects and starts polling
        for i in range(1, args.push_rounds + 1):
            load0 = load_avg()
            res = asyncio.run(pb.http_bench(parent, subs, 1, 100))
            wall, cpu, ok, _svc, _others = res["rounds"][0]
            out["sender"].append({"rate": ok / wall, "cpu_us": 1e6 * cpu / ok, "load": load0})
            say(
                f"  round {i}, sender alone (bench/push.py send_many, warm): {ok} pushes in {wall:.2f} s = "
                f"{ok / wall:,.0f}/s, {1e6 * cpu / ok:.0f} µs CPU per push; load average {load0:.2f}"
            )
            load0 = load_avg()
            r = asyncio.run(fo.one_round(base, url, token, group, args.members, worker.pid, i))
            if "delivered" not in r:
                raise SystemExit(f"the job path did not deliver every push within 120 s: {r}")
            job = {
                "rate": args.members / r["delivered"],
                "cpu_us": 1e6 * r["worker_cpu"] / args.members,
                "written": r.get("written"),
                "load": load0,
            }
            out["job"].append(job)
            say(
                f"  round {i}, whole job path (bench/fanout.py, one worker): a post to {args.members} members, "
                f"notifications written in {r['written']:.2f} s, every push delivered in {r['delivered']:.2f} s = "
                f"{job['rate']:,.0f}/s, worker {job['cpu_us']:.0f} µs CPU per push; load average {load0:.2f}"
            )
    finally:
        fo.tear_down(procs, parent, service, prefix, None if args.keep else name)
    return out


# --- matching --------------------------------------------------------------------------------------


async def matching(args, say) -> dict:
    import asyncpg
    from sqlalchemy import text

    from api.config import to_asyncpg_url
    from api.db import make_engine, make_session_factory, session_scope
    from api.skills import matching as m
    from api.skills.models import Need

    name = DB["matching"]
    url = await b.fresh_database(name)
    # A city of 40 communities: what one computation costs depends on the measured community (2,000
    # families, about 8,000 strengths), not on the others, and a larger city takes minutes to build
    # (bench/matching.py measures 300,000 and 1,000,000 strengths).
    size = {"caregivers": 20_000, "strengths": 60_000, "communities": 40, "matches": 10_000, "needs": 5_000}
    size["bench_needs"] = 100
    out: dict = {"size": size, "compute": [], "rank": []}
    engine = None
    try:
        t0 = time.perf_counter()
        await bm.generate(SimpleNamespace(seed=20240819, **size), url)
        say(f"  city generated in {time.perf_counter() - t0:.0f} s: {size}")
        need_ids = [uuid.uuid5(bm.NS, f"bench-need-{k}") for k in range(size["bench_needs"])]
        engine = make_engine(to_asyncpg_url(url), pool_size=1)  # one connection: its backend is the one measured
        sessions = make_session_factory(engine)
        watcher = await asyncpg.connect(url)

        async def timed(label: str, work) -> dict:
            backends = Backends(name)
            async with sessions() as db:  # open the pool's connection so its backend is seen at the start
                await db.execute(text("select 1"))
            await backends.sample(watcher, first=True)
            load0 = load_avg()
            c0, t0 = time.process_time(), time.perf_counter()
            for nid in need_ids:
                await work(nid)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            await backends.sample(watcher)
            n = len(need_ids)
            r = {
                "rate": n / wall,
                "wall_ms": 1000 * wall / n,
                "py_ms": 1000 * cpu / n,
                "pg_ms": 1000 * backends.used() / n,
                "load": (load0, load_avg()),
            }
            say(
                f"    {label}: {n} in {wall:.1f} s = {r['rate']:.1f}/s one at a time; per computation "
                f"{r['wall_ms']:.1f} ms wall, {r['py_ms']:.1f} ms CPU in Python, {r['pg_ms']:.1f} ms CPU in "
                f"PostgreSQL; load average {r['load'][0]:.2f} → {r['load'][1]:.2f}"
            )
            return r

        async def compute(nid):
            async with session_scope(sessions) as db:
                await m.compute_matches(db, nid)

        async def rank(nid):
            async with sessions() as db:
                await m.rank(db, await db.get(Need, nid))
                await db.rollback()

        for nid in need_ids[:20]:  # warm the caches; not measured
            await rank(nid)
        for i in range(1, args.match_rounds + 1):
            async with engine.begin() as conn:  # each round is a first computation, as for a new need
                await conn.execute(text("delete from matches where need_id = any(:ids)"), {"ids": need_ids})
                await conn.execute(
                    text("update needs set matches_computed_at = null where id = any(:ids)"), {"ids": need_ids}
                )
                await conn.execute(text("delete from outbox_events"))
            say(f"  round {i}:")
            out["compute"].append(await timed("compute_matches, committed (the worker's job)", compute))
            out["rank"].append(await timed("reference: rank() alone, rolled back", rank))
        await watcher.close()
    finally:
        if engine is not None:
            await engine.dispose()
        if not args.keep:
            await b.drop_database(name)
    return out


# --- roll-up and storage ---------------------------------------------------------------------------


async def table_sizes(url: str) -> dict[str, tuple[int, int]]:
    """(rows, bytes with indexes and TOAST) per table."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        names = [r["relname"] for r in await conn.fetch("select relname from pg_stat_user_tables")]
        out = {}
        for t in names:
            rows = await conn.fetchval(f'select count(*) from "{t}"')
            size = await conn.fetchval("select pg_total_relation_size($1::regclass)", f'"{t}"')
            out[t] = (rows, size)
        return out
    finally:
        await conn.close()


async def rollup_and_storage(args, say) -> dict:
    import asyncpg
    from sqlalchemy import text

    from api.config import to_asyncpg_url
    from api.db import make_engine, make_session_factory, session_scope
    from api.insights import activity, service

    out: dict = {"rollup": {}, "storage": {}}
    sizes = [300] if args.quick else [300, 2000]
    for families in sizes:
        name = f"{DB['rollup']}_{families}"
        url = await b.fresh_database(name)
        try:
            empty = await table_sizes(url)
            t0 = time.perf_counter()
            cid, _token = await ib.build(url, families)
            say(f"  {families} families with a year of history built in {time.perf_counter() - t0:.0f} s")
            out["storage"][families] = await storage(url, cid, families, empty, say)
            engine = make_engine(to_asyncpg_url(url), pool_size=2)
            sessions = make_session_factory(engine)
            roll, read, cpu = [], [], []
            load0 = load_avg()
            watcher = await asyncpg.connect(url)
            for _ in range(args.rollup_runs):
                t0 = time.perf_counter()
                async with session_scope(sessions) as db:
                    await activity.collect(db, cid)
                read.append(time.perf_counter() - t0)
                # CPU as well as wall time: on a shared machine the wall time is mostly waiting for a core.
                backends = Backends(name)
                async with session_scope(sessions) as db:
                    await db.execute(text("select 1"))
                    await backends.sample(watcher, first=True)
                    c0, t0 = time.process_time(), time.perf_counter()
                    await service.roll_up(db, cid)
                    wall, py = time.perf_counter() - t0, time.process_time() - c0
                await backends.sample(watcher)
                roll.append(wall)
                cpu.append(py + backends.used())
            await watcher.close()
            await engine.dispose()
            r = {
                "median_s": statistics.median(roll),
                "max_s": max(roll),
                "cpu_s": statistics.median(cpu),
                "read_s": statistics.median(read),
                "load": (load0, load_avg()),
            }
            out["rollup"][families] = r
            say(
                f"  roll-up of a {families}-family community: median {r['median_s']:.2f} s, max {r['max_s']:.2f} s, "
                f"CPU (Python and PostgreSQL) median {r['cpu_s']:.2f} s "
                f"over {args.rollup_runs} runs; reference, reading the activity alone: {r['read_s']:.2f} s; "
                f"load average {r['load'][0]:.2f} → {r['load'][1]:.2f}"
            )
        finally:
            if not args.keep:
                await b.drop_database(name)
    return out


async def storage(url: str, cid: uuid.UUID, families: int, empty: dict, say) -> dict:
    import asyncpg

    full = await table_sizes(url)
    conn = await asyncpg.connect(url)
    try:
        # Family-years of membership: each history family from its first member's joining to now.
        family_years = await conn.fetchval(
            """select sum(extract(epoch from now() - joined)) / (365.25 * 86400) from (
                 select a.family_id, min(m.created_at) as joined from memberships m
                 join accounts a on a.id = m.account_id
                 where m.community_id = $1 and a.family_id is not null group by a.family_id) f""",
            cid,
        )
        counted = await conn.fetchval(
            "select count(distinct a.family_id) from memberships m join accounts a on a.id = m.account_id"
            " where m.community_id = $1 and a.family_id is not null",
            cid,
        )
    finally:
        await conn.close()
    family_years = float(family_years)
    once, activity = {}, {}
    for t, (rows, size) in sorted(full.items()):
        if rows == 0 or t in NOT_PER_FAMILY:
            continue
        grown = size - empty.get(t, (0, 0))[1]
        if t in ONCE_PER_FAMILY:
            once[t] = (rows / counted, grown / counted)
        else:
            activity[t] = (rows / family_years, grown / family_years)
    say(
        f"  storage, from {counted} families and {family_years:.0f} family-years of membership "
        f"(tables' sizes with indexes and TOAST, less the empty tables'):"
    )
    say(
        "    once per family: "
        + ", ".join(f"{t} {r:.1f} rows {s / 1024:.1f} kB" for t, (r, s) in sorted(once.items(), key=lambda x: -x[1][1]))
    )
    say(
        "    per family-year: "
        + ", ".join(
            f"{t} {r:.1f} rows {s / 1024:.1f} kB" for t, (r, s) in sorted(activity.items(), key=lambda x: -x[1][1])
        )
    )
    once_b = sum(s for _, s in once.values())
    year_b = sum(s for _, s in activity.values())
    say(
        f"    in all: {sum(r for r, _ in once.values()):.0f} rows / {once_b / 1024:.0f} kB once per family, "
        f"{sum(r for r, _ in activity.values()):.0f} rows / {year_b / 1024:.0f} kB per family-year"
    )
    return {"families": counted, "family_years": family_years, "once": once, "activity": activity}


# --- the report ------------------------------------------------------------------------------------


def figures(res: dict, args) -> list[str]:
    """The block docs/scale.md quotes: one `name: value` per line."""
    out = []
    if "mix" in res:
        rs = res["mix"]["rounds"]

        def med(k, kind="light"):
            return statistics.median(r[k] for r in rs if r["kind"] == kind)

        loads = [x for r in rs for x in r["load"]]
        for kind in ("busy", "light"):
            out += [
                f"mix.{kind}.rps_observed: {med('rps', kind):.0f}  (two API processes, one worker, PostgreSQL and "
                "Locust on 2 cores)",
                f"mix.{kind}.p95_ms: {med('p95', kind):.0f}",
                f"mix.{kind}.failures: {sum(r['failures'] for r in rs if r['kind'] == kind)}",
                f"mix.{kind}.api_cpu_ms_per_request: {med('api_ms', kind):.2f}",
                f"mix.{kind}.worker_cpu_ms_per_request: {med('worker_ms', kind):.2f}",
                f"mix.{kind}.postgres_cpu_ms_per_request: {med('pg_ms', kind):.2f}",
                f"mix.{kind}.transactions_per_request: {med('xacts_per_req', kind):.2f}",
                f"mix.{kind}.transactions_per_s_observed: {med('xacts_per_s', kind):.0f}",
            ]

        def pooled(k):  # over every round, weighted by its requests
            return sum(r[k] * r["requests"] for r in rs) / sum(r["requests"] for r in rs)

        # The plan's figures. The API's: the light rounds', where no process waited for a core (at the
        # plan's headroom none does either); the busy rounds' show what saturation adds. The worker's,
        # PostgreSQL's and the transactions: pooled over all rounds, as the work a round leaves the
        # worker (a need's matches, their notifications) is a few large jobs, noisy in a light round.
        out += [
            f"mix.requests_per_s_per_api_process: {1000 / med('api_ms'):.0f}  (1000 / light api_cpu_ms: one core each)",
            f"mix.worker_cpu_ms_per_request: {pooled('worker_ms'):.2f}  (all rounds)",
            f"mix.postgres_cpu_ms_per_request: {pooled('pg_ms'):.2f}  (all rounds)",
            f"mix.requests_per_s_per_postgres_core: {1000 / pooled('pg_ms'):.0f}",
            f"mix.transactions_per_request: {pooled('xacts_per_req'):.2f}  (all rounds)",
            f"mix.transactions_per_s_per_postgres_core: {1000 / pooled('pg_ms') * pooled('xacts_per_req'):.0f}",
            f"mix.idle_transactions_per_s: {res['mix']['idle_xacts_per_s']:.1f}  (the worker's sweeper, one worker)",
            f"mix.load_average: {min(loads):.2f}-{max(loads):.2f}",
        ]
        for t in ("notifications", "push_deliveries", "outbox_events", "auth_sessions"):
            if t in res["mix"]["ins"]:
                out.append(f"mix.rows_inserted_per_1000_requests.{t}: {1000 * res['mix']['ins'][t]:.1f}")
            if t in res["mix"]["row_bytes"]:
                out.append(f"mix.row_bytes.{t}: {res['mix']['row_bytes'][t]:.0f}  (with its indexes)")
    if "push" in res:
        s, j = res["push"]["sender"], res["push"]["job"]
        loads = [r["load"] for r in s + j]
        out += [
            f"push.sender_pushes_per_s: {statistics.median(r['rate'] for r in s):.0f}",
            f"push.sender_cpu_us_per_push: {statistics.median(r['cpu_us'] for r in s):.0f}",
            f"push.job_path_pushes_per_s: {statistics.median(r['rate'] for r in j):.0f}  (one worker process)",
            f"push.job_path_worker_cpu_us_per_push: {statistics.median(r['cpu_us'] for r in j):.0f}",
            f"push.pushes_per_s_per_worker_process: {1e6 / statistics.median(r['cpu_us'] for r in j):.0f}"
            "  (1e6 / the line above: one core each)",
            f"push.load_average: {min(loads):.2f}-{max(loads):.2f}",
        ]
    if "matching" in res:
        c, r = res["matching"]["compute"], res["matching"]["rank"]
        loads = [x for k in c + r for x in k["load"]]
        py, pg = statistics.median(k["py_ms"] for k in c), statistics.median(k["pg_ms"] for k in c)
        out += [
            f"matching.city: {res['matching']['size']['strengths']:,} strengths, target community 2,000 families",
            f"matching.computations_per_s_one_at_a_time: {statistics.median(k['rate'] for k in c):.1f}",
            f"matching.python_cpu_ms_per_computation: {py:.1f}",
            f"matching.postgres_cpu_ms_per_computation: {pg:.1f}",
            f"matching.computations_per_s_per_worker_core: {1000 / py:.0f}",
            f"matching.computations_per_s_per_postgres_core: {1000 / pg:.0f}",
            f"matching.reference_rank_ms: {statistics.median(k['wall_ms'] for k in r):.1f}",
            f"matching.load_average: {min(loads):.2f}-{max(loads):.2f}",
        ]
    if res.get("rollup"):
        for fam, r in sorted(res["rollup"].items()):
            out += [
                f"rollup.{fam}_families_cpu_s: {r['cpu_s']:.2f}  (Python and PostgreSQL CPU; load average "
                f"{r['load'][0]:.2f}-{r['load'][1]:.2f})",
                f"rollup.{fam}_families_s: {r['median_s']:.2f}  (wall; max {r['max_s']:.2f}; reading alone "
                f"{r['read_s']:.2f})",
            ]
    for fam, st in sorted((res.get("storage") or {}).items()):
        once_rows = sum(r for r, _ in st["once"].values())
        once_b = sum(s for _, s in st["once"].values())
        act_rows = sum(r for r, _ in st["activity"].values())
        act_b = sum(s for _, s in st["activity"].values())
        key = f"storage.{fam}_families"
        out += [
            f"{key}.once_per_family_kb: {once_b / 1024:.1f}  ({once_rows:.0f} rows)",
            f"{key}.per_family_year_kb: {act_b / 1024:.1f}  ({act_rows:.0f} rows; {st['families']} families, "
            f"{st['family_years']:.0f} family-years of membership)",
            f"{key}.needs_per_family_year: {st['activity'].get('needs', (0, 0))[0]:.1f}",
        ]
    return out


# --- the plan: measured figures × stated assumptions → servers (docs/scale.md explains each) -------

ASSUMPTIONS = {
    "families_per_school": 300,  # about 30 million US K-12 households in about 100,000 schools
    "adoption": 1.0,  # share of a school's families signed up: all of them, an upper bound
    "daily_active": 0.4,  # share of signed-up families who open the app on a school day
    "requests_per_active_family_day": 40,  # about 4 visits of 10 requests (screens send 2-4 each, plus polls)
    "peak_hour_share": 0.15,  # of a day's requests in its busiest hour (after school), one time zone
    "peak_minute_factor": 2,  # the busiest minute of that hour against its mean (the bell, an announcement)
    "active_days": 200,  # days a year families use it (school days and some more)
    "notifications_per_family_day": 4,  # that push; the feed-only ones do not
    "devices_per_family": 1.5,  # push subscriptions per family
    "push_peak_hour_share": 0.2,
    "match_edits_per_need": 1,  # each need is matched when posted and once more when edited
    "strength_changes_per_family_year": 2,  # each recomputes like a need (not measured on its own)
    "rollup_window_hours": 4,  # the nightly roll-up of every community fits in this
    "headroom": 2,  # CPU at most half used at the computed peak
    "spare": 1,  # one spare process per role, and a standby per database node
    "cores_per_server": 16,  # application servers: one API or worker process per core
    "max_primary_cores": 32,  # past this a single primary is not the plan: distribute by community
    "read_share_of_db_cpu": 0.8,  # of PostgreSQL's CPU, the part reads take, which replicas can serve
    "redis_commands_per_request": 10,  # NOT MEASURED (the shared Redis counts everyone's commands)
    "redis_commands_per_s_per_node": 50_000,  # at half of one core's usual 100,000
    "storage_overhead": 2,  # WAL, free space in pages, bloat between vacuums, indexes rebuilt
    "notification_days_kept": 180,  # purge_old_notifications: read more than 180 days ago
    "push_delivery_days_kept": 30,
    "outbox_days_kept": 14,
}
SCALES = [100, 10_000, 100_000]


def read_figures(text: str) -> dict[str, float]:
    """`name: number ...` lines of a figures block, as numbers."""
    out = {}
    in_block = False
    for line in text.splitlines():
        if line.startswith("figures:"):
            in_block = True
            continue
        if in_block and line.startswith("  ") and ": " in line:
            name, rest = line.strip().split(": ", 1)
            try:
                out[name] = float(rest.split()[0].rstrip(",").replace(",", ""))
            except ValueError:
                continue
    return out


def plan(f: dict[str, float], a: dict = ASSUMPTIONS) -> list[str]:
    import math

    need = [
        "mix.requests_per_s_per_api_process",
        "mix.worker_cpu_ms_per_request",
        "mix.postgres_cpu_ms_per_request",
        "mix.transactions_per_request",
        "push.pushes_per_s_per_worker_process",
        "matching.computations_per_s_per_worker_core",
        "rollup.300_families_cpu_s",
        "storage.300_families.once_per_family_kb",
        "storage.300_families.per_family_year_kb",
        "storage.300_families.needs_per_family_year",
        "mix.row_bytes.notifications",
        "mix.row_bytes.outbox_events",
        "mix.rows_inserted_per_1000_requests.outbox_events",
    ]
    missing = [n for n in need if n not in f]
    if missing:
        return [f"plan: not computed, figures missing: {', '.join(missing)}"]
    lines = ["plan: (assumptions in ASSUMPTIONS, bench/capacity.py; docs/scale.md shows the arithmetic)"]
    # Bytes kept per family once a year has passed: what it wrote once, a year of its activity (the
    # history), the notifications kept (read ones for notification_days_kept), push delivery records
    # (no device in the mix: an outbox event's row size stands in) and outbox events.
    notifications_year = a["notifications_per_family_day"] * a["active_days"]
    requests_year = a["daily_active"] * a["requests_per_active_family_day"] * a["active_days"]
    kept = {
        "once": 1024 * f["storage.300_families.once_per_family_kb"],
        "history": 1024 * f["storage.300_families.per_family_year_kb"],
        "notifications": notifications_year * a["notification_days_kept"] / 365 * f["mix.row_bytes.notifications"],
        "push_deliveries": notifications_year
        * a["devices_per_family"]
        * a["push_delivery_days_kept"]
        / 365
        * f["mix.row_bytes.outbox_events"],
        "outbox_events": requests_year
        * f["mix.rows_inserted_per_1000_requests.outbox_events"]
        / 1000
        * a["outbox_days_kept"]
        / 365
        * f["mix.row_bytes.outbox_events"],
    }
    per_family = sum(kept.values()) * a["storage_overhead"]
    growth = kept["history"] * a["storage_overhead"]
    lines.append(
        "  bytes kept per family after a year: "
        + ", ".join(f"{k} {v / 1024:.1f} kB" for k, v in kept.items())
        + f"; × {a['storage_overhead']} overhead = {per_family / 1024:.0f} kB, then {growth / 1024:.0f} kB more a year"
    )
    for scale in SCALES:
        families = scale * a["families_per_school"] * a["adoption"]
        day = families * a["daily_active"] * a["requests_per_active_family_day"]
        peak = day * a["peak_hour_share"] / 3600 * a["peak_minute_factor"]
        api = math.ceil(peak * a["headroom"] / f["mix.requests_per_s_per_api_process"]) + a["spare"]
        w_req = peak * f["mix.worker_cpu_ms_per_request"] / 1000 * a["headroom"]
        pushes = (
            families
            * a["notifications_per_family_day"]
            * a["devices_per_family"]
            * a["push_peak_hour_share"]
            / 3600
            * a["peak_minute_factor"]
        )
        w_push = pushes * a["headroom"] / f["push.pushes_per_s_per_worker_process"]
        needs_year = f["storage.300_families.needs_per_family_year"]
        comps_year = families * (needs_year * (1 + a["match_edits_per_need"]) + a["strength_changes_per_family_year"])
        comps = comps_year / a["active_days"] * a["peak_hour_share"] / 3600 * a["peak_minute_factor"]
        w_match = comps * a["headroom"] / f["matching.computations_per_s_per_worker_core"]
        day_workers = math.ceil(w_req + w_push + w_match) + a["spare"]
        rollup_s = scale * f["rollup.300_families_cpu_s"]  # CPU seconds, one core each
        night_workers = math.ceil(rollup_s / (a["rollup_window_hours"] * 3600)) + a["spare"]
        workers = max(day_workers, night_workers)
        pg = peak * f["mix.postgres_cpu_ms_per_request"] / 1000 * a["headroom"]
        xacts = peak * f["mix.transactions_per_request"]
        writes = pg * (1 - a["read_share_of_db_cpu"])
        if pg <= a["max_primary_cores"]:
            cores = max(2, 2 ** math.ceil(math.log2(max(pg, 1))))
            db = f"one primary of {cores} cores and {a['spare']} standby replica (it serves reads too)"
        elif writes <= a["max_primary_cores"]:
            replicas = math.ceil(pg * a["read_share_of_db_cpu"] / a["max_primary_cores"])
            db = f"one primary of {a['max_primary_cores']} cores and {replicas + a['spare']} read replicas"
        else:
            nodes = math.ceil(pg / a["max_primary_cores"])
            db = (
                f"Citus: {nodes} workers of {a['max_primary_cores']} cores, by community, and a coordinator, "
                f"each with a standby ({2 * (nodes + 1)} PostgreSQL servers)"
            )
        redis_ops = peak * a["redis_commands_per_request"]
        redis = math.ceil(redis_ops / a["redis_commands_per_s_per_node"])
        lines.append(
            f"  {scale:,} schools ({families:,.0f} families): peak {peak:,.0f} req/s; API processes {api:,} "
            f"({math.ceil(api / a['cores_per_server'])} server(s) of {a['cores_per_server']} cores); worker processes "
            f"{workers:,} (day {day_workers:,}: requests {w_req:.1f} + pushes {w_push:.1f} at {pushes:,.0f}/s + "
            f"matching {w_match:.1f} at {comps:,.1f}/s cores; night roll-ups {night_workers:,}); PostgreSQL "
            f"{pg:,.1f} cores at the peak, {xacts:,.0f} transactions/s: {db}; Redis {redis_ops:,.0f} commands/s "
            f"(unmeasured per request): {redis} node(s), each with a replica; storage "
            f"{families * per_family / 1e9:,.0f} GB per copy after a year, +{families * growth / 1e9:,.0f} GB a year"
        )
    return lines


TITLES = {
    "push": "pushes per worker process",
    "mix": "the load mix (bench/load.py's operations)",
    "matching": "matching computations (bench/matching.py's city)",
    "rollup": "roll-up per community and storage per family (bench/insights.py's community, village/seed_history.py)",
}
# Which figures each part writes (rollup writes storage's too).
PREFIXES = {"push": ("push.",), "mix": ("mix.",), "matching": ("matching.",), "rollup": ("rollup.", "storage.")}


def read_results(text: str) -> tuple[dict[str, list[str]], list[str]]:
    """An earlier capacity.txt: each part's section (from its `== part` line) and the figure lines."""
    sections: dict[str, list[str]] = {}
    block: list[str] = []
    current = None
    for line in text.splitlines():
        if line.startswith("== "):
            current = line[3:].split(":", 1)[0]
            sections[current] = [line]
        elif line.startswith(("figures:", "plan:")):
            current = "figures" if line.startswith("figures:") else None
        elif current == "figures":
            if line.strip():
                block.append(line.strip())
        elif current in sections:
            sections[current].append(line)
    return sections, block


def write_results(path: Path, sections: dict[str, list[str]], block: list[str]) -> list[str]:
    plan_lines = plan(read_figures("figures:\n" + "\n".join(f"  {x}" for x in block)))
    lines = ["capacity benchmark (bench/capacity.py): each part with the date, code and load average of its run"]
    for part in PARTS:
        if part in sections:
            lines += ["", *[x for x in sections[part] if x.strip()]]
    lines += ["", "figures:", *[f"  {x}" for x in block], "", *plan_lines]
    path.write_text("\n".join(lines) + "\n")
    return plan_lines


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="fewer rounds, smaller: about 5 minutes")
    p.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma-separated parts (default all: {','.join(PARTS)}); the others' results in capacity.txt are kept",
    )
    p.add_argument("--keep", action="store_true", help="keep the scratch databases")
    p.add_argument(
        "--plan-only",
        action="store_true",
        help="measure nothing: recompute the plan from bench/results/capacity.txt's figures (ASSUMPTIONS edited)",
    )
    args = p.parse_args()
    results = ROOT / "bench" / "results"
    out_file = results / "capacity.txt"
    sections, block = read_results(out_file.read_text()) if out_file.exists() else ({}, [])
    if args.plan_only:
        print("\n".join(write_results(out_file, sections, block)))
        return 0
    parts = [x for x in args.only.split(",") if x]
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown parts: {', '.join(sorted(unknown))}")
    args.users = 100
    args.mix_seconds = 20
    args.mix_rounds = 1 if args.quick else 2
    args.members = 1000 if args.quick else 2000
    args.push_rounds = 1 if args.quick else 2
    args.match_rounds = 1 if args.quick else 2
    args.rollup_runs = 2 if args.quick else 3

    header = (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC{', --quick' if args.quick else ''}; {platform.machine()}, "
        f"{os.cpu_count()} cores, CPython {platform.python_version()}, PostgreSQL and Redis on the same host; "
        f"{b.code_version()}"
    )
    print(header, flush=True)
    res: dict = {}
    runners = {
        "push": lambda say: push(args, say),
        "mix": lambda say: mix(args, say),
        "matching": lambda say: asyncio.run(matching(args, say)),
        "rollup": lambda say: asyncio.run(rollup_and_storage(args, say)),
    }
    for part in PARTS:  # push first: its push service is forked before this process runs an event loop
        if part not in parts:
            continue
        section = [f"== {part}: {TITLES[part]} — {header}; load average at the start {load_avg():.2f}"]

        def say(line: str = "", section=section) -> None:
            print(line, flush=True)
            section.append(line)

        print(section[0], flush=True)
        started = time.monotonic()
        got = runners[part](say)
        if part == "rollup":
            res["rollup"], res["storage"] = got["rollup"], got["storage"]
        else:
            res[part] = got
        say(f"  ({time.monotonic() - started:.0f} s; load average at the end {load_avg():.2f})")
        sections[part] = section
        fresh = figures({k: v for k, v in res.items() if k in (part, "storage" if part == "rollup" else part)}, args)
        block = [x for x in block if not x.startswith(PREFIXES[part])] + fresh
        results.mkdir(exist_ok=True)
        plan_lines = write_results(out_file, sections, block)  # after each part: a later failure loses nothing
    print("\nfigures:\n" + "\n".join(f"  {x}" for x in block) + "\n\n" + "\n".join(plan_lines))
    print(f"\nwritten to {out_file.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
