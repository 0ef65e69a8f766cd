"""The group feed (issue "Peer groups and events", item 7): the API against a raw reference, in one
run, in alternating rounds.

    .venv/bin/python bench/feed.py [--seconds 10] [--rounds 3] [--connections 32]

Creates `village_bench_feed`, migrates it, fills it with the demo school (`village seed`), then,
through the API, has the leader of the demo's bilingual grade group post until the group holds 30
posts, each with six comments by three members. It then starts the API (one uvicorn process,
production settings) and the raw reference: a tiny ASGI app (asyncpg, msgspec, no framework, no
GraphQL) that authenticates the bearer token as the API does and runs ONE hand-written SQL statement
reading the same rows under the same rules (verified member of the community and of the group,
blocks both ways, hidden content only for its author and the leaders, pinned first), answering the
same JSON; the script checks both answers are equal before it measures.

The document is the feed of the PWA's group page: 20 posts, each with author, comment count and its
five latest comments with their authors. Prints req/s, p50/p95/p99, CPU per request and SQL
statements per request for both, with the load average; writes bench/results/feed.txt, whose last
line is `group feed: N req/s, M% of raw, K SQL statements per request`.

Shares its machinery (database, servers, wrk, statement counting) with bench/api.py.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_spec = importlib.util.spec_from_file_location("bench_api", Path(__file__).with_name("api.py"))
b = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(b)  # bench/api.py, under a name that does not hide the `api` package

DB_NAME = "village_bench_feed"
GROUP = "Familias de 3er grado / Grade 3 families"
POSTS, COMMENTS_PER_POST = 30, 6
FEED = (
    "query GroupFeed($id: ID!) { group(id: $id) { posts(first: 20) { edges { node { id body createdAt pinned "
    "commentCount author { id displayName } latestComments { id body createdAt author { id displayName } } } } } } }"
)

HIDDEN = (
    "(select blocked_id from blocks where blocker_id = $1 union select blocker_id from blocks where blocked_id = $1)"
)
# One statement: the viewer's standing, then the page with counts and latest comments as JSON.
RAW_FEED = f"""
with me as (
  select gm.role from group_members gm
  join groups g on g.id = gm.group_id
  join memberships m on m.community_id = g.community_id and m.account_id = $1 and m.state = 'verified'
  where gm.group_id = $2 and gm.account_id = $1 and gm.state = 'member'
),
page as (
  select p.* from group_posts p
  where p.group_id = $2 and exists (select from me)
    and (p.author_id is null or p.author_id not in {HIDDEN})
    and (p.hidden_at is null or p.author_id = $1 or (select role from me) = 'leader')
  order by p.pinned_at desc nulls last, p.created_at desc, p.id desc limit $3
)
select p.id, p.body, p.created_at, p.pinned_at is not null as pinned, p.author_id, a.display_name,
  (select count(*) from group_comments c where c.post_id = p.id
     and (c.author_id is null or c.author_id not in {HIDDEN})
     and (c.hidden_at is null or c.author_id = $1 or (select role from me) = 'leader')) as comment_count,
  (select coalesce(json_agg(x order by x.created_at, x.id), '[]') from (
     select c.id, c.body, c.created_at, c.author_id, ca.display_name from group_comments c
     left join accounts ca on ca.id = c.author_id
     where c.post_id = p.id and (c.author_id is null or c.author_id not in {HIDDEN})
       and (c.hidden_at is null or c.author_id = $1 or (select role from me) = 'leader')
     order by c.created_at desc, c.id desc limit 5) x) as latest,
  exists (select from me) as member
from page p left join accounts a on a.id = p.author_id
order by p.pinned_at desc nulls last, p.created_at desc, p.id desc"""
RAW_AUTH = """
select s.account_id from auth_sessions s
where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()"""


def raw_app(dsn: str):
    """The reference: an ASGI callable, no framework. Same auth, same rows, same JSON."""
    import hashlib
    from datetime import datetime

    import asyncpg
    import msgspec

    from api.ids import parse_global_id, to_global_id

    pool: asyncpg.Pool | None = None

    def person(pk, name):
        return {"id": to_global_id("Caregiver", pk), "displayName": name} if pk else None

    async def app(scope, receive, send):
        nonlocal pool
        if scope["type"] == "lifespan":
            while True:
                msg = await receive()
                if msg["type"] == "lifespan.startup":
                    pool = await asyncpg.create_pool(dsn, min_size=4, max_size=10)
                    await send({"type": "lifespan.startup.complete"})
                elif msg["type"] == "lifespan.shutdown":
                    await pool.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["path"] == "/healthz":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})
            return
        body = b""
        while True:
            msg = await receive()
            body += msg.get("body", b"")
            if not msg.get("more_body"):
                break
        request = msgspec.json.decode(body)
        auth = dict(scope["headers"]).get(b"authorization", b"").decode()
        token = auth.removeprefix("Bearer ").strip()
        async with pool.acquire() as db:
            me = await db.fetchval(RAW_AUTH, hashlib.sha256(token.encode()).digest())
            group = parse_global_id(request["variables"]["id"])[1]
            rows = await db.fetch(RAW_FEED, me, group, 20)
        edges = []
        for r in rows:
            latest = [
                {
                    "id": to_global_id("Comment", c["id"]),
                    "body": c["body"],
                    "createdAt": datetime.fromisoformat(c["created_at"]).isoformat(),
                    "author": person(c["author_id"], c["display_name"]),
                }
                for c in json.loads(r["latest"])
            ]
            edges.append(
                {
                    "node": {
                        "id": to_global_id("Post", r["id"]),
                        "body": r["body"],
                        "createdAt": r["created_at"].isoformat(),
                        "pinned": r["pinned"],
                        "commentCount": r["comment_count"],
                        "author": person(r["author_id"], r["display_name"]),
                        "latestComments": latest,
                    }
                }
            )
        out = msgspec.json.encode({"data": {"group": {"posts": {"edges": edges}}}})
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": out})

    return app


def serve_raw(port: int) -> None:
    import uvicorn

    from api.config import to_asyncpg_url

    dsn = to_asyncpg_url(os.environ["DATABASE_URL"]).replace("postgresql+asyncpg://", "postgresql://")
    uvicorn.run(raw_app(dsn), host="127.0.0.1", port=port, access_log=False, log_level="warning")


async def populate(base: str, url: str, log) -> tuple[str, str]:
    """The leader posts until the group holds POSTS posts, three members comment; returns (token, group id)."""
    import asyncpg
    import httpx

    from api.ids import to_global_id

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        group = await conn.fetchval("select id from groups where name = $1", GROUP)
        emails = await conn.fetch(
            "select a.email, gm.role from group_members gm join accounts a on a.id = gm.account_id "
            "where gm.group_id = $1 and gm.state = 'member' order by gm.role, gm.created_at limit 4",
            group,
        )
        have = await conn.fetchval("select count(*) from group_posts where group_id = $1", group)
    finally:
        await conn.close()
    tokens = await b.log_in_many(base, [r["email"] for r in emails])
    leader = tokens[0]  # 'leader' sorts before 'member'
    gid = to_global_id("Group", group)
    post = "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } errors { message } } }"
    comment = "mutation($i: CommentInput!) { comment(input: $i) { errors { message } } }"

    async def gql(client, doc: str, variables: dict, token: str) -> dict:
        r = await client.post(
            "/graphql", json={"query": doc, "variables": variables}, headers={"Authorization": f"Bearer {token}"}
        )
        body = r.json()
        if r.status_code != 200 or body.get("errors") or any(v.get("errors") for v in body["data"].values()):
            raise SystemExit(f"populating failed: {r.status_code} {body}")
        return body["data"]

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for n in range(have, POSTS):
            data = await gql(
                client, post, {"i": {"groupId": gid, "body": f"Update {n}: reading log due Friday."}}, leader
            )
            pid = data["createPost"]["post"]["id"]
            for k in range(COMMENTS_PER_POST):
                await gql(client, comment, {"i": {"postId": pid, "body": f"Thanks! ({k})"}}, tokens[1 + k % 3])
        log(f"the group holds {POSTS} posts with {COMMENTS_PER_POST} comments each")
    return leader, gid


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--keep", action="store_true")
    p.add_argument("--serve-raw", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.serve_raw:
        serve_raw(args.serve_raw)
        return 0
    import logging

    import httpx

    logging.getLogger("httpx").setLevel(logging.WARNING)

    def log(msg: str) -> None:
        print(f"[feed bench] {msg}", file=sys.stderr, flush=True)

    b.wrk_binary()
    prefix = "bench-feed:"
    load_start = os.getloadavg()
    url = asyncio.run(b.fresh_database(DB_NAME))
    env = b.server_env(url, prefix)
    b.clear_redis(prefix)
    procs: list[subprocess.Popen | None] = []
    try:
        log("seeding the demo school")
        b.seed(env)
        api_port, raw_port = b.free_port(), b.free_port()
        api = b.start_api(env, api_port)
        procs.append(api)
        api_base, raw_base = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{raw_port}"
        b.wait_ready(api_base, api)
        token, gid = asyncio.run(populate(api_base, url, log))
        raw = subprocess.Popen(
            [sys.executable, __file__, "--serve-raw", str(raw_port)],
            cwd=ROOT,
            env=env,
            stdout=b._log_file(),
            stderr=subprocess.STDOUT,
        )
        procs.append(raw)
        b.wait_ready(raw_base, raw)
        body = {"query": FEED, "variables": {"id": gid}, "operationName": "GroupFeed"}
        headers = {"Authorization": f"Bearer {token}"}
        api_answer = httpx.post(api_base + "/graphql", json=body, headers=headers).json()
        raw_answer = httpx.post(raw_base + "/graphql", json=body, headers=headers).json()
        if api_answer.get("errors"):
            raise SystemExit(f"the API failed: {api_answer['errors']}")
        mismatches = b.same_json(api_answer, raw_answer)
        if mismatches:
            log(f"the raw answer differs from the API's: {mismatches[:5]}")
        posts = len(api_answer["data"]["group"]["posts"]["edges"])
        statements = asyncio.run(b.count_statements(url, token, {"GroupFeed": body}))["GroupFeed"][0]
        with tempfile.TemporaryDirectory() as tmp:
            script = b.wrk_script(Path(tmp), "feed", body, token)
            servers = {"API": (api_base + "/graphql", api.pid), "raw": (raw_base + "/graphql", raw.pid)}
            for target, pid in servers.values():
                b.run_wrk(target, script, 2, args.connections, args.threads, pid)
            results: dict[str, list[dict]] = {"API": [], "raw": []}
            load_before = os.getloadavg()
            for r in range(args.rounds):
                for name in ["API", "raw"] if r % 2 == 0 else ["raw", "API"]:
                    target, pid = servers[name]
                    res = b.run_wrk(target, script, args.seconds, args.connections, args.threads, pid)
                    results[name].append(res)
                    log(f"round {r + 1} {name}: {res['rps']:.0f} req/s, p99 {res['p99']:.1f} ms")
            load_after = os.getloadavg()
    finally:
        b.stop(procs)
        b.clear_redis(prefix)
        if not args.keep:
            asyncio.run(b.drop_database(DB_NAME))

    row = {}
    for name, rs in results.items():
        row[name] = {
            "rps": statistics.median(x["rps"] for x in rs),
            "p50": statistics.median(x["p50"] for x in rs),
            "p95": statistics.median(x["p95"] for x in rs),
            "p99": statistics.median(x["p99"] for x in rs),
            "cpu": 1000 * sum(x["cpu_s"] for x in rs) / max(sum(x["requests"] for x in rs), 1),
            "errors": sum(x["errors"] for x in rs),
            "runs": ", ".join(f"{x['rps']:.0f}" for x in rs),
        }
    ratio = row["API"]["rps"] / row["raw"]["rps"]
    sql = {"API": statements, "raw": 2}  # raw: the session lookup and the one feed statement
    lines = [
        f"group feed against a raw asyncpg + uvicorn handler — {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{platform.machine()}, {os.cpu_count()} cores, CPython {platform.python_version()}",
        f"load average (1 min) at start / before measuring / after: {load_start[0]:.2f} / {load_before[0]:.2f} / "
        f"{load_after[0]:.2f} (the machine is shared)",
        f"wrk {args.connections} connections, {args.threads} threads, {args.rounds} alternating rounds of "
        f"{args.seconds} s; medians of the rounds; CPU is the server process's over all rounds ÷ requests",
        f"code measured: {b.code_version()}",
        f"data: the demo's grade group with {POSTS} posts of {COMMENTS_PER_POST} comments; the page holds {posts} "
        f"posts; {'same JSON' if not mismatches else f'JSON DIFFERS ({len(mismatches)} places)'}",
        "",
    ]
    for name in ("API", "raw"):
        x = row[name]
        lines.append(
            f"  {name:<4} {x['rps']:7.0f} req/s (rounds {x['runs']})  p50 {x['p50']:6.1f} ms  p95 {x['p95']:6.1f} ms  "
            f"p99 {x['p99']:6.1f} ms  CPU {x['cpu']:5.2f} ms/req  SQL {sql[name]}/req  errors {x['errors']}"
        )
    lines += [
        "",
        f"group feed: {row['API']['rps']:.0f} req/s, {100 * ratio:.0f}% of raw, "
        f"{statements} SQL statements per request",
    ]
    text = "\n".join(lines)
    print(text)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "feed.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
