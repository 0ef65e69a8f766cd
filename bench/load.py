"""Load (issue "A request path five times faster", item 8): 200 simulated caregivers of the demo
school using the PWA at once, against two API processes and one worker on this machine.

    .venv/bin/python bench/load.py [--users 200] [--seconds 60] [--wait 1,2]

Needs Locust (`pip install -e '.[bench]'`). Creates `village_bench_load` (or empties DATABASE_URL's
database), migrates it, seeds the demo school (`village seed`) and gives it strengths, 30 open
needs and their matches and notifications exactly as bench/api.py does. Then it runs two uvicorn
processes of the API on two ports (production settings, --no-access-log, log level warning; two
processes rather than `--workers 2` so that each one's memory and CPU can be read apart), and one
`village worker`, and signs in one session per simulated user (the demo school has about 45
verified caregivers, so several users share an account, each with its own token; the sign-in rate
limits are raised for the bench servers).

Locust then runs headless (FastHttpUser, half the users on each API process), ramping up at 20
users/s, for --seconds in all; the statistics are reset once every user has started, so they cover
the steady state. Each user waits --wait seconds (uniform) between requests and sends the PWA's own
documents: about 90% reads (UnreadCount, HomeOverview, SkillsNeeds with first: 20, NotificationsList,
SkillsMyStrengths) and 10% writes (SkillsMarkRead, the settings' language switch through
SettingsUpdateProfile, and now and then a QueuedPostNeed, which makes the worker compute matches and
notify helpers). A request fails on an HTTP error, a GraphQL error or a payload error.

Prints per operation requests, failures and p50/p95/p99, the peak memory (RSS) of each server
process, and the peak number of database connections by state (pg_stat_activity, sampled every
second), with the load average before and after. Results go to stdout and bench/results/load.txt,
whose last line is `200 users: p95 N ms, p99 N ms, errors N`.
"""

from __future__ import annotations

import contextlib
import os

# --- the simulated caregivers (this file is also Locust's locustfile) ----------------------------

if __name__ != "__main__" and os.environ.get("VILLAGE_BENCH_LOAD_DATA"):
    import itertools
    import json
    import random
    from pathlib import Path

    from locust import FastHttpUser, between, task

    DATA = json.loads(Path(os.environ["VILLAGE_BENCH_LOAD_DATA"]).read_text())
    _tokens = itertools.cycle(DATA["tokens"])
    _low, _high = DATA["wait"]

    class _Caregiver(FastHttpUser):
        abstract = True
        wait_time = between(_low, _high)

        def on_start(self) -> None:
            self.token = next(_tokens)
            self.language = random.choice(["en", "es"])

        def ask(self, op: str, variables: dict | None = None, payload: str | None = None) -> None:
            body = {"query": DATA["documents"][op], "variables": variables or {}, "operationName": op}
            with self.client.post(
                "/graphql",
                json=body,
                headers={"Authorization": f"Bearer {self.token}"},
                name=op,
                catch_response=True,
            ) as r:
                if r.status_code != 200:
                    r.failure(f"HTTP {r.status_code}: {(r.text or '')[:120]}")
                    return
                answer = r.json()
                if answer.get("errors"):
                    r.failure(answer["errors"][0].get("message", "GraphQL error"))
                elif payload and (answer.get("data") or {}).get(payload, {}).get("errors"):
                    r.failure(answer["data"][payload]["errors"][0]["message"])

        @task(30)
        def unread_count(self) -> None:
            self.ask("UnreadCount")

        @task(20)
        def home(self) -> None:
            self.ask("HomeOverview")

        @task(20)
        def needs(self) -> None:
            self.ask("SkillsNeeds", {"communityId": DATA["community"], "first": 20})

        @task(10)
        def notifications(self) -> None:
            self.ask("NotificationsList", {"first": 20})

        @task(10)
        def my_strengths(self) -> None:
            self.ask("SkillsMyStrengths")

        @task(5)
        def mark_read(self) -> None:
            self.ask("SkillsMarkRead", {"input": {"all": True}}, payload="markNotificationsRead")

        @task(4)
        def switch_language(self) -> None:
            self.language = "es" if self.language == "en" else "en"
            self.ask("SettingsUpdateProfile", {"input": {"uiLanguage": self.language}}, payload="updateProfile")

        @task(1)
        def post_need(self) -> None:
            need = {
                "communityId": DATA["community"],
                "category": "tutoring.homework",
                "title": "Homework help this week",
                "description": "Dos tardes, después de la escuela.",
                "mode": "EITHER",
            }
            self.ask("QueuedPostNeed", {"input": need}, payload="postNeed")

    class CaregiverOnFirstProcess(_Caregiver):
        host = DATA["hosts"][0]

    class CaregiverOnSecondProcess(_Caregiver):
        host = DATA["hosts"][1]


# --- the bench -----------------------------------------------------------------------------------

OPERATIONS = [
    "UnreadCount",
    "HomeOverview",
    "SkillsNeeds",
    "NotificationsList",
    "SkillsMyStrengths",
    "SkillsMarkRead",
    "SettingsUpdateProfile",
    "QueuedPostNeed",
]
DB_NAME = "village_bench_load"
TARGETS = {"p95": 200, "p99": 500, "rss": 150}


def _bench_api():
    """bench/api.py's setup helpers (database, seed, data, servers), loaded by path: its module
    name would otherwise be `api`, the application's own package."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("bench_api", Path(__file__).with_name("api.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def monitor(proc, db_url: str, db_name: str, servers: dict[str, int]) -> dict:
    """Until Locust exits: every second, each server's RSS and the database's connections by state."""
    import asyncio

    import asyncpg
    import psutil

    handles = {name: psutil.Process(pid) for name, pid in servers.items()}
    rss = dict.fromkeys(servers, 0.0)
    pss = dict.fromkeys(servers, 0.0)
    uss = dict.fromkeys(servers, 0.0)
    conns: dict[str, int] = {}
    total = 0
    conn = await asyncpg.connect(db_url)
    try:
        while proc.poll() is None:
            for name, h in handles.items():
                with contextlib.suppress(psutil.Error):
                    full = h.memory_full_info()  # rss, and pss and uss from /proc/<pid>/smaps_rollup
                    rss[name] = max(rss[name], full.rss / 2**20)
                    pss[name] = max(pss[name], full.pss / 2**20)
                    uss[name] = max(uss[name], full.uss / 2**20)
            rows = await conn.fetch(
                "select coalesce(state, 'other') as state, count(*) as n from pg_stat_activity"
                " where datname = $1 and pid <> pg_backend_pid() group by 1",
                db_name,
            )
            for r in rows:
                conns[r["state"]] = max(conns.get(r["state"], 0), r["n"])
            total = max(total, sum(r["n"] for r in rows))
            await asyncio.sleep(1)
    finally:
        await conn.close()
    return {"rss": rss, "pss": pss, "uss": uss, "conns": conns, "conns_total": total}


def main() -> int:
    import argparse
    import asyncio
    import csv
    import importlib.util
    import json
    import platform
    import subprocess
    import sys
    import tempfile
    import time
    from pathlib import Path

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--seconds", type=int, default=60, help="Locust's run time, ramp-up included (default 60)")
    p.add_argument("--spawn-rate", type=float, default=20, help="users started per second (default 20)")
    p.add_argument("--wait", default="1,2", help="seconds each user waits between requests, min,max (default 1,2)")
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = p.parse_args()
    wait = [float(x) for x in args.wait.split(",")]

    if importlib.util.find_spec("locust") is None:
        raise SystemExit("Locust is missing: pip install -e '.[bench]' (from the repository root)")

    bench = _bench_api()
    root = bench.ROOT

    def log(msg: str) -> None:
        print(f"[load bench] {msg}", file=sys.stderr, flush=True)

    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    prefix = "bench-load:"
    load_start = os.getloadavg()
    url = asyncio.run(bench.fresh_database(DB_NAME))
    env = bench.server_env(url, prefix)
    bench.clear_redis(prefix)
    procs: list = []
    tmp = tempfile.TemporaryDirectory()
    try:
        log("seeding the demo school")
        bench.seed(env)
        ports = [bench.free_port(), bench.free_port()]
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        apis = [bench.start_api(env, port) for port in ports]
        worker = bench.start_worker(env)
        procs += [*apis, worker]
        for base, api in zip(bases, apis, strict=True):
            bench.wait_ready(base, api)
        asyncio.run(bench.populate(bases[0], url, log))

        people = asyncio.run(bench.verified_caregivers(url))
        emails = [people[i % len(people)][0] for i in range(args.users)]
        log(f"signing in {args.users} sessions for {len(people)} caregivers")
        t0 = time.monotonic()
        tokens = asyncio.run(bench.log_in_many(bases[0], emails[: args.users // 2]))
        tokens += asyncio.run(bench.log_in_many(bases[1], emails[args.users // 2 :]))
        log(f"signed in in {time.monotonic() - t0:.0f} s")
        data = {
            "tokens": tokens,
            "community": asyncio.run(bench.community_gid(url)),
            "hosts": bases,
            "wait": wait,
            "documents": {op: bench.document(op) for op in OPERATIONS},
        }
        data_file = Path(tmp.name) / "data.json"
        data_file.write_text(json.dumps(data))
        csv_prefix = Path(tmp.name) / "locust"

        log(f"Locust: {args.users} users, {args.spawn_rate:g}/s, {args.seconds} s")
        load_before = os.getloadavg()
        locust = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                __file__,
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.seconds}s",
                "--reset-stats",
                "--only-summary",
                "--stop-timeout",
                "5",
                "--csv",
                str(csv_prefix),
                "--loglevel",
                "WARNING",
            ],
            cwd=root,
            env={**os.environ, "VILLAGE_BENCH_LOAD_DATA": str(data_file)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        procs.append(locust)
        servers = {"API process 1": apis[0].pid, "API process 2": apis[1].pid, "worker": worker.pid}
        seen = asyncio.run(monitor(locust, url, DB_NAME, servers))
        locust_err = locust.stderr.read()
        load_after = os.getloadavg()
        stats_file = Path(f"{csv_prefix}_stats.csv")
        if not stats_file.exists():
            raise SystemExit(f"Locust wrote no statistics:\n{locust_err[-3000:]}")
        rows = {r["Name"]: r for r in csv.DictReader(stats_file.open())}
        failures_file = Path(f"{csv_prefix}_failures.csv")
        failures = list(csv.DictReader(failures_file.open())) if failures_file.exists() else []
        # A server that died mid-run would explain errors.
        alive = {name: proc.poll() is None for name, proc in zip(servers, [*apis, worker], strict=True)}
        bench.SERVER_LOG.unlink(missing_ok=True)
    except BaseException:
        log(f"failed; the servers' log ({bench.SERVER_LOG}) ends with:\n{bench.server_log_tail()}")
        raise
    finally:
        bench.stop(procs)
        bench.clear_redis(prefix)
        tmp.cleanup()
        if not args.keep:
            asyncio.run(bench.drop_database(DB_NAME))

    def ms(row: dict, col: str) -> str:
        v = row.get(col)
        return f"{float(v):6.0f}" if v not in (None, "", "N/A") else "     -"

    agg = rows["Aggregated"]
    p95, p99 = float(agg["95%"]), float(agg["99%"])
    errors = int(agg["Failure Count"])
    lines = [
        f"Load: {args.users} simulated caregivers of the demo school — {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{platform.machine()}, {os.cpu_count()} cores, CPython {platform.python_version()}",
        f"load average (1 min) at start / before the run / after: {load_start[0]:.2f} / {load_before[0]:.2f} / "
        f"{load_after[0]:.2f} (the machine is shared; Locust itself runs on the same 2 cores)",
        f"code measured: {bench.code_version()}",
        "servers: 2 uvicorn processes of the API on two ports (half the users each), 1 `village worker`, "
        "PostgreSQL and Redis on the same host; VILLAGE_ENV=production, --no-access-log, log level warning",
        f"Locust {args.seconds} s, {args.spawn_rate:g} users/s ramp, statistics from the moment all users had "
        f"started; each user waits {wait[0]:g}–{wait[1]:g} s between requests; "
        f"{float(agg['Requests/s']):.0f} req/s in all",
        "",
        f"{'operation':<24}{'requests':>9}{'failures':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}",
    ]
    for op in [*OPERATIONS, "Aggregated"]:
        r = rows.get(op)
        if r is None:
            lines.append(f"{op:<24}{0:>9}{0:>9}")
            continue
        lines.append(
            f"{op:<24}{int(r['Request Count']):>9}{int(r['Failure Count']):>9}  {ms(r, '50%')}  {ms(r, '95%')}  "
            f"{ms(r, '99%')}"
        )
    lines.append(
        f"targets: p95 ≤ {TARGETS['p95']} ms ({'ok' if p95 <= TARGETS['p95'] else 'OVER'}), "
        f"p99 ≤ {TARGETS['p99']} ms ({'ok' if p99 <= TARGETS['p99'] else 'OVER'}), "
        f"0 errors ({'ok' if errors == 0 else 'NOT MET'})"
    )
    for f in failures[:5]:
        lines.append(f"  failure: {f.get('Name')} ×{f.get('Occurrences')}: {f.get('Error', '')[:150]}")
    lines.append("")
    lines.append(
        f"peak memory (RSS), target ≤ {TARGETS['rss']} MB per process; beside it the peak PSS (shared pages "
        "divided among the processes that map them: the language model's file, libraries) and USS (pages "
        "no other process maps):"
    )
    for name, mb in seen["rss"].items():
        state = "" if alive[name] else " (EXITED during the run)"
        lines.append(
            f"  {name:<14} {mb:6.0f} MB  {'ok' if mb <= TARGETS['rss'] else 'OVER'}  "
            f"(PSS {seen['pss'][name]:.0f} MB, USS {seen['uss'][name]:.0f} MB){state}"
        )
    by_state = ", ".join(f"{k} {v}" for k, v in sorted(seen["conns"].items()))
    lines.append(
        f"database connections (pg_stat_activity on {DB_NAME}, sampled every second): peak {seen['conns_total']} "
        f"in all; peak by state: {by_state}"
    )
    lines.append("")
    lines.append(f"{args.users} users: p95 {p95:.0f} ms, p99 {p99:.0f} ms, errors {errors}")
    text = "\n".join(lines)
    print(text)
    (root / "bench" / "results").mkdir(exist_ok=True)
    (root / "bench" / "results" / "load.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
