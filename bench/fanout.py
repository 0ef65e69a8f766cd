"""A post in a 10,000-member group (issue "Peer groups and events", item 7): how long from the
leader's `createPost` until every member's notification is written, until every push is handed to
the sender, and until every push is delivered.

    .venv/bin/python bench/fanout.py [--members 10000] [--rounds 3]

Creates `village_bench_fanout`, migrates it, and writes with SQL one community, its leader, one
open group and --members verified families in it, each signed in on one phone with a Web Push
subscription (hearing of posts at once, the default). The push service of the tests runs in a
process of its own (tests/support/push_service.py: it checks every VAPID header and decrypts every
message, as a browser's push service would). Then one API process (production settings) and one
worker process run as deployed; the worker runs with VILLAGE_ENV=test only so that it may push over
http to 127.0.0.1, which production refuses (SSRF rules). Each round the leader posts through the
API, and the script watches the database every 20 ms:

  written   every member's notification row is committed (the dispatch job's one transaction);
  handed    every push delivery has been claimed by a send job, i.e. handed to the sender;
  delivered every push service answer has been recorded as delivered.

Target (the issue): written and handed within 5 s. Prints each round with the load average and the
worker's CPU seconds, and writes bench/results/fanout.txt, whose last line reads
`group post to N members: notifications written in A s, pushes handed to the sender in B s, ...`.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib.util
import multiprocessing
import os
import platform
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _load(name: str, file: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


b = _load("bench_api", "api.py")  # bench/api.py, under a name that does not hide the `api` package
pb = _load("bench_push", "push.py")

DB_NAME = "village_bench_fanout"
TARGET_S = 5.0
POST = "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } errors { code message } } }"

WATCH = """
select count(*) as written,
       count(d.notification_id) filter (where d.attempts > 0 or d.status <> 'pending') as handed,
       count(d.notification_id) filter (where d.status = 'delivered') as delivered
from notifications n left join push_deliveries d on d.notification_id = n.id
where n.subject_type = 'Post' and n.subject_id = $1"""


async def populate(url: str, members: int, subs: list) -> tuple[str, str]:
    """The school, its leader (signed in: returns the bearer token) and the group, all by SQL."""
    import asyncpg

    token = secrets.token_urlsafe(32)
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            community = await conn.fetchval(
                "insert into communities (id, name, timezone, languages) values "
                "(gen_random_uuid(), 'Fan-out Elementary', 'America/Chicago', '{en,es}') returning id"
            )
            leader = await conn.fetchval(
                "insert into accounts (id, email, password_hash, display_name) values "
                "(gen_random_uuid(), 'leader@fanout.test', 'x', 'Carmen R.') returning id"
            )
            await conn.execute(
                "insert into memberships (id, community_id, account_id, role, state, verified_at) "
                "values (gen_random_uuid(), $1, $2, 'leader', 'verified', now())",
                community,
                leader,
            )
            await conn.execute(
                "insert into auth_sessions (id, account_id, token_hash, expires_at) "
                "values (gen_random_uuid(), $1, $2, now() + interval '1 day')",
                leader,
                hashlib.sha256(token.encode()).digest(),
            )
            group = await conn.fetchval(
                "insert into groups (id, community_id, name, created_by_id) values "
                "(gen_random_uuid(), $1, 'Grade 3 families', $2) returning id",
                community,
                leader,
            )
            await conn.execute(
                "insert into group_members (id, group_id, community_id, account_id, role) "
                "values (gen_random_uuid(), $1, $2, $3, 'leader')",
                group,
                community,
                leader,
            )
            await conn.execute(
                """
                with people as (
                  insert into accounts (id, email, password_hash, display_name)
                  select gen_random_uuid(), 'family' || i || '@fanout.test', 'x', 'Family ' || i
                  from generate_series(1, $2) i returning id, display_name
                ), numbered as (
                  select id, row_number() over (order by id) as n from people
                ), joined as (
                  insert into memberships (id, community_id, account_id, state, verified_at)
                  select gen_random_uuid(), $1, id, 'verified', now() from numbered returning account_id
                ), grouped as (
                  insert into group_members (id, group_id, community_id, account_id)
                  select gen_random_uuid(), $3, $1, id from numbered returning account_id
                ), sessions as (
                  insert into auth_sessions (id, account_id, token_hash, expires_at)
                  select gen_random_uuid(), id, sha256(convert_to('fanout-' || n, 'UTF8')), now() + interval '1 day'
                  from numbered returning id, account_id
                )
                insert into push_subscriptions (id, account_id, session_id, endpoint, p256dh, auth)
                select gen_random_uuid(), s.account_id, s.id, e.endpoint, e.p256dh, e.auth
                from sessions s join numbered nb on nb.id = s.account_id
                join unnest($4::text[], $5::text[], $6::text[]) with ordinality as e(endpoint, p256dh, auth, n)
                  on e.n = nb.n
                """,
                community,
                members,
                group,
                [s[0] for s in subs],
                [s[1] for s in subs],
                [s[2] for s in subs],
            )
    finally:
        await conn.close()
    from api.ids import to_global_id

    return token, to_global_id("Group", group)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def one_round(base: str, url: str, token: str, group: str, members: int, worker_pid: int, i: int) -> dict:
    import asyncpg
    import httpx

    from api.ids import parse_global_id

    conn = await asyncpg.connect(url)
    try:
        cpu0 = _cpu_seconds(worker_pid)
        async with httpx.AsyncClient(timeout=30) as client:
            t0 = time.perf_counter()
            r = await client.post(
                f"{base}/graphql",
                json={"query": POST, "variables": {"i": {"groupId": group, "body": f"Picnic on Sunday? ({i})"}}},
                headers={"Authorization": f"Bearer {token}"},
            )
            answered = time.perf_counter() - t0
        body = r.json()["data"]["createPost"]
        if body["errors"]:
            raise SystemExit(f"createPost refused: {body['errors']}")
        post_id = parse_global_id(body["post"]["id"])[1]
        seen: dict[str, float] = {}
        while len(seen) < 3 and time.perf_counter() - t0 < 120:
            row = await conn.fetchrow(WATCH, post_id)
            now = time.perf_counter() - t0
            for name in ("written", "handed", "delivered"):
                if name not in seen and row[name] >= members:
                    seen[name] = now
            await asyncio.sleep(0.02)
        return {"answered": answered, **seen, "worker_cpu": _cpu_seconds(worker_pid) - cpu0}
    finally:
        await conn.close()


def tear_down(procs: list, parent, service, prefix: str, database: str | None) -> None:
    """Stop the API and worker, the push service process, delete the run's Redis keys and (unless
    kept: None) drop its database. bench/capacity.py's push part ends the same way."""
    b.stop(procs)
    parent.send("stop")
    service.join(timeout=5)
    if service.is_alive():
        service.kill()
    b.clear_redis(prefix)
    if database is not None:
        asyncio.run(b.drop_database(database))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    lines: list[str] = []

    def log(msg: str) -> None:
        print(msg, flush=True)
        lines.append(msg)

    # The push service first, forked before this process runs any event loop.
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    service = ctx.Process(target=pb._service_main, args=(child, args.members), daemon=True)
    service.start()
    prefix = f"bench-fanout-{os.getpid()}:"
    url = asyncio.run(b.fresh_database(DB_NAME))
    env = b.server_env(url, prefix)
    b.clear_redis(prefix)
    procs = []
    try:
        subs = parent.recv()
        token, group = asyncio.run(populate(url, args.members, subs))
        api_port = b.free_port()
        api = b.start_api(env, api_port)
        worker = b.start_worker({**env, "VILLAGE_ENV": "test"})
        procs = [api, worker]
        base = f"http://127.0.0.1:{api_port}"
        b.wait_ready(base, api)
        time.sleep(3)  # the worker connects and starts polling
        log(f"a post in a group of {args.members} members, each with one phone subscribed to Web Push")
        log(f"machine: {platform.machine()}, {os.cpu_count()} cores; code measured: {b.code_version()}")
        rounds = []
        for i in range(1, args.rounds + 1):
            load = os.getloadavg()[0]
            res = asyncio.run(one_round(base, url, token, group, args.members, worker.pid, i))
            rounds.append(res)
            figures = ", ".join(
                f"{name} {res[name]:.2f} s" if name in res else f"{name} not within 120 s"
                for name in ("written", "handed", "delivered")
            )
            log(
                f"  round {i}: createPost answered in {res['answered'] * 1000:.0f} ms; {figures}; "
                f"worker CPU {res['worker_cpu']:.1f} s; load average {load:.2f}"
            )
            time.sleep(2)
        parent.send("stats")
        stats = parent.recv()
        log(f"push service: {stats['delivered']} delivered and decrypted, problems: {stats['problems'] or 'none'}")

        def median(name: str) -> str:
            got = [r[name] for r in rounds if name in r]
            return f"{statistics.median(got):.2f} s" if len(got) == len(rounds) else "not within 120 s"

        log(f"target (the issue): notifications written and pushes handed to the sender within {TARGET_S:.0f} s")
        log(
            f"group post to {args.members} members: notifications written in {median('written')}, "
            f"pushes handed to the sender in {median('handed')}, delivered in {median('delivered')} (medians of "
            f"{args.rounds}; load average {os.getloadavg()[0]:.2f})"
        )
    finally:
        tear_down(procs, parent, service, prefix, None if args.keep_db else DB_NAME)
    out = ROOT / "bench" / "results" / "fanout.txt"
    out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
