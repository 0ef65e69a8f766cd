"""Request path (issue "A request path five times faster", item 7): the API against a raw
reference, in one run, in alternating rounds, for three of the PWA's own operations.

    .venv/bin/python bench/api.py [--seconds 10] [--rounds 3] [--connections 32]

Creates `village_bench_api` (or uses DATABASE_URL's database, emptied first), migrates it, fills it
with the demo school (`village seed`), then, through the API with a worker running, gives every
verified caregiver two strengths and has 30 of them post a need, and waits until the worker has
computed the matches and written the notifications they cause. It then starts:

- the API: one uvicorn process, production settings (VILLAGE_ENV=production, --no-access-log,
  log level warning);
- the raw reference: a tiny ASGI app in this file (asyncpg pool, msgspec JSON, no framework, no
  GraphQL) as its own uvicorn process with the same flags. Per request it authenticates the bearer
  token as the API does (SHA-256 of the token looked up in auth_sessions joined to accounts), then
  runs hand-written SQL that reads the same rows under the same rules (blocks, membership,
  visibility), and answers the same JSON; the script checks that both answers are equal before it
  measures. Its SQL is a fixed floor, written from api/notifications/feed.py and
  api/skills/service.py, not a copy of the API's statements, which change as the API is optimised.

It measures, signed in as a demo caregiver, the PWA's documents from pwa/src/features: `UnreadCount`
(small query), `HomeOverview` (home screen) and `SkillsNeeds` with first: 20 in the demo community
(needs list), with wrk (32 connections, 2 threads), each round API then raw (raw first on odd
rounds). The API's SQL statements per request are counted in process (Litestar test client, a
SQLAlchemy `before_cursor_execute` counter on the app's engine, plus api.db.HotRead's observers for
the hot reads sent to asyncpg directly; BEGIN/ROLLBACK not counted).

Prints req/s, p50/p95/p99, server CPU ms per request (psutil, the uvicorn process) and SQL statements
per request, with the load average before and after; results go to stdout and bench/results/api.txt,
whose last line is `small query: N% of raw`.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # before bench/: `import api` must find the package, not this file

ADMIN_URL = os.environ.get("VILLAGE_BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("VILLAGE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DB_NAME = "village_bench_api"
# A database given by the user is emptied and reused, never dropped. Read once: the in-process
# statement count sets DATABASE_URL for the app it builds.
USER_DATABASE_URL = os.environ.get("DATABASE_URL")
DEMO_EMAIL = "claudia.martinez@lincoln.example.org"  # a verified, bilingual demo caregiver
FEATURES = ROOT / "pwa" / "src" / "features"
OPERATIONS = [  # (label, operation name, variables; "$community" is the demo community's global ID)
    ("small query", "UnreadCount", {}),
    ("home screen", "HomeOverview", {}),
    ("needs list", "SkillsNeeds", {"communityId": "$community", "first": 20}),
]
TARGETS = {
    "small query": "target ≥ 25% of raw req/s",
    "home screen": "target ≥ 300 req/s on one process",
    "needs list": "target ≤ 3 ms API CPU per request and ≤ 3 SQL statements",
}
NEED_CATEGORIES = [
    ("tutoring.math", "Help with fractions homework", "Mi hija necesita ayuda con fracciones."),
    ("tutoring.reading", "Reading practice after school", "Leer en voz alta dos tardes por semana."),
    ("languages.interpreting", "Interpreter for a school meeting", "Reunión con la maestra el jueves."),
    ("tech.school_apps", "Set up the school portal on my phone", "No encuentro las calificaciones."),
    ("cooking.meals", "Meals for a week after surgery", "Comidas sencillas para cuatro."),
    ("trades.home_repair", "Fix a leaking kitchen faucet", "Gotea desde hace una semana."),
    ("arts.music", "Guitar basics for a 10-year-old", "Tiene guitarra pero no maestro."),
    ("sports.coaching", "Soccer practice on Saturdays", "Buscamos a alguien que entrene."),
    ("childcare", "Pick-up help on Wednesdays", "Salgo tarde del trabajo los miércoles."),
    ("tech.devices", "Laptop is very slow", "La computadora de la escuela no funciona bien."),
]


# --- GraphQL documents from the PWA ------------------------------------------------------------


def pwa_documents() -> tuple[dict[str, str], dict[str, str]]:
    """Every operation and fragment in the PWA's .graphql files, by name, as written there."""
    ops, frags = {}, {}
    for path in sorted(FEATURES.rglob("*.graphql")):
        text = path.read_text()
        starts = list(re.finditer(r"^(query|mutation|subscription|fragment)\s+(\w+)", text, re.M))
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
            body = re.sub(r"^#.*$", "", text[m.start() : end], flags=re.M).strip()
            (frags if m.group(1) == "fragment" else ops)[m.group(2)] = body
    return ops, frags


def document(name: str) -> str:
    """An operation with the fragments it spreads (and theirs), as the PWA's codegen sends it."""
    ops, frags = pwa_documents()
    if name not in ops:
        raise SystemExit(f"no operation {name} in {FEATURES}/**/*.graphql")
    parts, todo, seen = [ops[name]], [ops[name]], set()
    while todo:
        for spread in re.findall(r"\.\.\.\s*(\w+)", todo.pop()):
            if spread in frags and spread not in seen:
                seen.add(spread)
                parts.append(frags[spread])
                todo.append(frags[spread])
    return "\n\n".join(parts)


# --- database, servers -------------------------------------------------------------------------


def code_version() -> str:
    """Which code was measured: the commit, and whether api/, schema/, village/ or workers/ had
    uncommitted changes (others edit them while benchmarks run)."""
    if os.environ.get("VILLAGE_BENCH_CODE"):
        return os.environ["VILLAGE_BENCH_CODE"]
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "api", "schema", "village", "workers"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"commit {head}" + (" with uncommitted changes in api/, schema/, village/ or workers/" if dirty else "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_db_url(name: str) -> str:
    return USER_DATABASE_URL or ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


async def fresh_database(name: str) -> str:
    """Drop and create the bench database (or empty DATABASE_URL's), then migrate it."""
    import asyncpg

    from village import cli

    url = bench_db_url(name)
    if USER_DATABASE_URL:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        finally:
            await conn.close()
    else:
        conn = await asyncpg.connect(ADMIN_URL)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
    cli.migrate(url)
    return url


async def drop_database(name: str) -> None:
    import asyncpg

    if USER_DATABASE_URL:
        return  # not ours to drop
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def server_env(url: str, prefix: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "VILLAGE_ENV": "production",
        "VILLAGE_REDIS_PREFIX": prefix,
        # Setup signs in many times from 127.0.0.1; the rate limits are not what is measured.
        "VILLAGE_LOGIN_PER_IP": "1000000",
        "VILLAGE_LOGIN_PER_ACCOUNT": "1000000",
        "VILLAGE_SIGNUP_PER_IP": "1000000",
        **extra,
    }


def clear_redis(prefix: str) -> None:
    import redis

    r = redis.Redis.from_url(REDIS_URL)
    for pattern in (f"{prefix}*", f"saq:{prefix}*"):
        for key in r.scan_iter(pattern, count=1000):
            r.delete(key)
    r.close()


def seed(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "village.cli", "seed"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"village seed failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


SERVER_LOG = Path(tempfile.gettempdir()) / f"village-bench-{os.getpid()}.log"


def _log_file():
    # The servers' own output (SAQ logs every enqueue at INFO) goes to a file, shown when one fails.
    return SERVER_LOG.open("ab")


def start_uvicorn(env: dict[str, str], port: int, target: list[str]) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "uvicorn", *target, "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--no-access-log", "--log-level", "warning"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=_log_file(), stderr=subprocess.STDOUT)


def start_api(env: dict[str, str], port: int) -> subprocess.Popen:
    return start_uvicorn(env, port, ["--factory", "village.app:create_app"])


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "village.cli", "worker"],
        cwd=ROOT,
        env=env,
        stdout=_log_file(),
        stderr=subprocess.STDOUT,
    )


def wait_ready(base: str, proc: subprocess.Popen, path: str = "/healthz", timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server on {base} exited with {proc.returncode}; its log:\n{server_log_tail()}")
        try:
            if httpx.get(base + path, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server on {base} did not answer {path} within {timeout:.0f} s")


def server_log_tail(lines: int = 40) -> str:
    try:
        return "\n".join(SERVER_LOG.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop(procs: list[subprocess.Popen | None]) -> None:
    for p in procs:
        if p is not None and p.poll() is None:
            p.terminate()
    for p in procs:
        if p is not None:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


# --- the demo data: strengths, needs, matches, notifications -----------------------------------


async def gql(client, op: str, variables: dict | None = None, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = await client.post("/graphql", json={"query": document(op), "variables": variables or {}}, headers=headers)
    body = r.json()
    if r.status_code != 200 or body.get("errors"):
        raise SystemExit(f"{op} failed: {r.status_code} {body}")
    return body["data"]


async def verified_caregivers(url: str) -> list[tuple[str, list[str]]]:
    """(email, languages) of the demo school's verified caregivers and leader."""
    import asyncpg

    from village.seed import COMMUNITY

    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            """select a.email, a.languages from accounts a
               join memberships m on m.account_id = a.id
               join communities c on c.id = m.community_id
               where c.name = $1 and m.state = 'verified' and m.role in ('caregiver', 'leader')
               order by a.email""",
            COMMUNITY,
        )
    finally:
        await conn.close()
    return [(r["email"], list(r["languages"])) for r in rows]


async def community_gid(url: str) -> str:
    import asyncpg

    from api.ids import to_global_id
    from village.seed import COMMUNITY

    conn = await asyncpg.connect(url)
    try:
        return to_global_id("Community", await conn.fetchval("select id from communities where name = $1", COMMUNITY))
    finally:
        await conn.close()


async def log_in_many(base: str, emails: list[str], concurrency: int = 4) -> list[str]:
    import httpx

    from village.seed import PASSWORD

    sem = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def one(email: str) -> str:
            async with sem:
                data = await gql(client, "LogIn", {"input": {"email": email, "password": PASSWORD}})
            if not data["logIn"]["token"]:
                raise SystemExit(f"logIn {email}: {data['logIn']['errors']}")
            return data["logIn"]["token"]

        return list(await asyncio.gather(*(one(e) for e in emails)))


async def populate(base: str, url: str, log=print) -> None:
    """Strengths for every verified caregiver and 30 open needs, through the API; then wait for the
    worker to compute their matches and write the notifications (the suggestions) they cause."""
    import asyncpg
    import httpx

    people = await verified_caregivers(url)
    tokens = await log_in_many(base, [e for e, _ in people])
    community = await community_gid(url)
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        for i, ((_email, langs), token) in enumerate(zip(people, tokens, strict=True)):
            for k in (i, i + 3):
                slug, title, _ = NEED_CATEGORIES[k % len(NEED_CATEGORIES)]
                strength = {
                    "category": slug,
                    "title": f"I can help: {title.lower()}",
                    "languages": langs,
                    "modes": ["IN_PERSON", "VIRTUAL"],
                }
                await gql(client, "SkillsAddStrength", {"input": strength}, token)
        for i in range(30):
            slug, title, description = NEED_CATEGORIES[i % len(NEED_CATEGORIES)]
            need = {
                "communityId": community,
                "category": slug,
                "title": title,
                "description": description,
                "mode": "EITHER",
                "language": "es" if i % 3 == 0 else None,
            }
            data = await gql(client, "QueuedPostNeed", {"input": need}, tokens[(i * 7) % len(tokens)])
            if data["postNeed"]["errors"]:
                raise SystemExit(f"postNeed: {data['postNeed']['errors']}")
    log(f"posted 30 needs and {2 * len(people)} strengths for {len(people)} caregivers; waiting for the worker")
    conn = await asyncpg.connect(url)
    try:
        deadline = time.monotonic() + 180
        while True:
            left = await conn.fetchval(
                "select (select count(*) from needs where matches_computed_at is null)"
                " + (select count(*) from outbox_events where dispatched_at is null)"
            )
            if left == 0:
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"the worker did not finish within 180 s ({left} needs/events left)")
            await asyncio.sleep(0.5)
        matches, notes = await conn.fetchrow(
            "select (select count(*) from matches), (select count(*) from notifications)"
        )
    finally:
        await conn.close()
    log(f"worker done: {matches} matches, {notes} notifications")


# --- the raw reference -------------------------------------------------------------------------

RAW_AUTH = """
select a.id, a.ui_language from auth_sessions s join accounts a on a.id = s.account_id
where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()"""
HIDDEN = (
    "(select blocked_id from blocks where blocker_id = $1 union select blocker_id from blocks where blocked_id = $1)"
)
RAW_UNREAD = f"""
select count(*) from notifications n
where n.recipient_id = $1 and n.in_feed and n.read_at is null
  and (n.actor_id is null or n.actor_id not in {HIDDEN})"""
RAW_MEMBER = "select state from memberships where account_id = $1 and community_id = $2"
RAW_NEEDS = f"""
select n.id, n.title, n.category_slug, n.mode, n.urgency, n.status, n.created_at,
       case when not n.area_from_home or a.show_area or n.requester_id = $1 then n.area_label end as area_label,
       n.requester_id, a.display_name
from needs n join accounts a on a.id = n.requester_id
where n.community_id = $2 and n.status = 'open' and n.requester_id not in {HIDDEN}
order by n.created_at desc, n.id desc limit $3"""
RAW_SUGGESTED = f"""
select m.id, m.status, m.reasons, s.title as strength_title,
       n.id as need_id, n.title, n.category_slug, n.mode, n.created_at,
       not n.area_from_home or r.show_area or n.requester_id = $1 as area_shown,
       case when not n.area_from_home or r.show_area or n.requester_id = $1 then n.area_label end as area_label,
       n.requester_id, r.display_name
from matches m
join needs n on n.id = m.need_id
join accounts r on r.id = m.requester_id
left join strengths s on s.id = m.strength_id
where m.helper_id = $1 and m.status in ('suggested', 'offered', 'requested', 'accepted')
  and m.helper_id not in {HIDDEN} and m.requester_id not in {HIDDEN}
  and (n.status in ('open', 'matched', 'met') or m.status in ('accepted', 'completed'))
  and exists (select 1 from memberships ms where ms.account_id = m.helper_id
              and ms.community_id = m.community_id and ms.state = 'verified')
order by m.status = 'suggested', m.score desc, m.id
limit $2"""
# The newest notifications with their actor's name and, for a Match subject, whether the viewer may
# see it (a party to it, and no block between its two sides): the `subject { ... on Match }`.
RAW_FEED = f"""
select n.id, n.kind, n.read_at, n.created_at, act.display_name as actor_name,
       case when m.id is not null and not exists (
              select 1 from blocks b where (b.blocker_id = m.helper_id and b.blocked_id = m.requester_id)
                                        or (b.blocker_id = m.requester_id and b.blocked_id = m.helper_id))
            then m.id end as match_id,
       (select count(*) from notifications u
         where u.recipient_id = $1 and u.in_feed and u.read_at is null
           and (u.actor_id is null or u.actor_id not in {HIDDEN})) as unread
from notifications n
left join accounts act on act.id = n.actor_id
left join matches m on n.subject_type = 'Match' and m.id = n.subject_id and $1 in (m.helper_id, m.requester_id)
where n.recipient_id = $1 and n.in_feed and (n.actor_id is null or n.actor_id not in {HIDDEN})
order by n.created_at desc, n.id desc limit $2"""
RAW_STATEMENTS = {"UnreadCount": 2, "HomeOverview": 3, "SkillsNeeds": 3}  # auth included; feed may add 1


def raw_app(dsn: str):
    """The reference: an ASGI callable, no framework. Same auth, same rows, same JSON."""
    import asyncpg
    import msgspec

    from api.ids import to_global_id
    from api.notifications import kinds
    from api.skills.reasons import render_all

    pool: asyncpg.Pool | None = None
    encode = msgspec.json.encode

    def cursor(at, pk) -> str:
        import base64

        return base64.urlsafe_b64encode(json.dumps([at.isoformat(), str(pk)]).encode()).decode().rstrip("=")

    async def unread_count(db, me) -> dict:
        return {"notifications": {"unreadCount": await db.fetchval(RAW_UNREAD, me)}}

    async def needs(db, me, lang, variables) -> dict:
        from api.ids import parse_global_id

        community = parse_global_id(variables["communityId"])[1]
        first = min(int(variables.get("first") or 20), 100)
        if await db.fetchval(RAW_MEMBER, me, community) != "verified":
            return None
        rows = await db.fetch(RAW_NEEDS, me, community, first + 1)
        edges = [
            {
                "node": {
                    "id": to_global_id("Need", r["id"]),
                    "title": r["title"],
                    "category": r["category_slug"],
                    "mode": r["mode"].upper(),
                    "urgency": r["urgency"].upper(),
                    "status": r["status"].upper(),
                    "areaLabel": r["area_label"],
                    "createdAt": r["created_at"].isoformat(),
                    "isMine": r["requester_id"] == me,
                    "requester": {"id": to_global_id("Caregiver", r["requester_id"]), "displayName": r["display_name"]},
                }
            }
            for r in rows[:first]
        ]
        last = rows[len(edges) - 1] if edges else None
        end = cursor(last["created_at"], last["id"]) if last else None
        return {"needs": {"edges": edges, "pageInfo": {"hasNextPage": len(rows) > first, "endCursor": end}}}

    async def home(db, me, lang) -> dict:
        matches = [
            {
                "id": to_global_id("Match", r["id"]),
                "status": r["status"].upper(),
                # The helper sees her own languages and area; a distance to a need whose area she
                # may not see (the poster's hidden home area) is left out.
                "reasons": render_all(
                    [x for x in json.loads(r["reasons"]) if r["area_shown"] or x["code"] != "distance"], lang
                ),
                "strengthTitle": r["strength_title"],
                "need": {
                    "id": to_global_id("Need", r["need_id"]),
                    "title": r["title"],
                    "category": r["category_slug"],
                    "mode": r["mode"].upper(),
                    "areaLabel": r["area_label"],
                    "createdAt": r["created_at"].isoformat(),
                    "requester": {"id": to_global_id("Caregiver", r["requester_id"]), "displayName": r["display_name"]},
                },
            }
            for r in await db.fetch(RAW_SUGGESTED, me, 5)
        ]
        rows = await db.fetch(RAW_FEED, me, 3)
        unread = rows[0]["unread"] if rows else await db.fetchval(RAW_UNREAD, me)
        edges = [
            {
                "node": {
                    "id": to_global_id("Notification", r["id"]),
                    "kind": r["kind"].upper(),
                    "title": kinds.title(r["kind"], lang),
                    "body": kinds.body(r["kind"], lang, r["actor_name"]),
                    "read": r["read_at"] is not None,
                    "createdAt": r["created_at"].isoformat(),
                    "subject": {"id": to_global_id("Match", r["match_id"])} if r["match_id"] else None,
                }
            }
            for r in rows
        ]
        return {"suggestedMatches": matches, "notifications": {"unreadCount": unread, "edges": edges}}

    async def handle(body: bytes, auth: bytes) -> dict:
        req = json.loads(body)
        token = auth.decode().partition(" ")[2].strip()
        async with pool.acquire() as db:
            row = await db.fetchrow(RAW_AUTH, hashlib.sha256(token.encode()).digest())
            if row is None:
                return {"data": None, "errors": [{"message": "Please log in first."}]}
            me, lang = row["id"], row["ui_language"]
            op = req.get("operationName") or re.search(r"(?:query|mutation)\s+(\w+)", req["query"]).group(1)
            if op == "UnreadCount":
                data = await unread_count(db, me)
            elif op == "HomeOverview":
                data = await home(db, me, lang)
            elif op == "SkillsNeeds":
                data = await needs(db, me, lang, req.get("variables") or {})
            else:
                return {"data": None, "errors": [{"message": f"unknown operation {op}"}]}
        return {"data": data}

    async def app(scope, receive, send) -> None:
        nonlocal pool
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    pool = await asyncpg.create_pool(
                        dsn, min_size=10, max_size=20, server_settings={"jit": "off"}
                    )  # the API's pool: 10 + 10 overflow, JIT off
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await pool.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if scope["path"] == "/healthz":
            payload, status = b'{"status":"ok"}', 200
        else:
            auth = dict(scope["headers"]).get(b"authorization", b"")
            payload, status = encode(await handle(body, auth)), 200
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    return app


def serve_raw(port: int) -> None:
    """`bench/api.py --serve-raw PORT`: the reference as its own uvicorn process."""
    import uvicorn

    from api.config import to_asyncpg_url

    dsn = to_asyncpg_url(os.environ["DATABASE_URL"]).replace("postgresql+asyncpg://", "postgresql://")
    uvicorn.run(raw_app(dsn), host="127.0.0.1", port=port, access_log=False, log_level="warning")


# --- SQL statements per request, in process ------------------------------------------------------


async def count_statements(url: str, token: str, bodies: dict[str, dict]) -> dict[str, tuple[int, list[str]]]:
    """The API's SQL statements for one request of each operation (after a warm-up request)."""
    from litestar.testing import AsyncTestClient
    from sqlalchemy import event

    from api.config import settings_from_env
    from api.db import HotRead
    from village.app import create_app

    saved = dict(os.environ)
    os.environ.update(server_env(url, "bench-api-count:"))
    try:
        settings = settings_from_env()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    app = create_app(settings)
    seen: list[str] = []
    out = {}
    async with AsyncTestClient(app) as client:
        event.listen(
            app.state.engine.sync_engine, "before_cursor_execute", lambda _c, _cur, stmt, *_: seen.append(stmt)
        )
        HotRead.observers.append(lambda stmt, _conn: seen.append(stmt))  # hot reads sent to asyncpg directly
        headers = {"Authorization": f"Bearer {token}"}
        for op, body in bodies.items():
            await client.post("/graphql", json=body, headers=headers)
            seen.clear()
            r = await client.post("/graphql", json=body, headers=headers)
            if r.status_code != 200 or r.json().get("errors"):
                raise SystemExit(f"{op} failed in process: {r.text[:500]}")
            out[op] = (len(seen), [" ".join(s.split()) for s in seen])
    return out


# --- wrk ---------------------------------------------------------------------------------------

WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50=%d p95=%d p99=%d errors=%d non2xx=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk (Debian package) with apt-get", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, capture_output=True)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-q"], check=False, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)
        if found := shutil.which("wrk"):
            return found
    raise SystemExit("wrk is missing: install it with `sudo apt-get install wrk` (Debian/Ubuntu)")


def wrk_script(tmp: Path, name: str, body: dict, token: str) -> Path:
    path = tmp / f"{name}.lua"
    path.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(json.dumps(body))}\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {token}"\n' + WRK_DONE
    )
    return path


def run_wrk(url: str, script: Path, seconds: float, connections: int, threads: int, pid: int) -> dict:
    import psutil

    proc = psutil.Process(pid)
    cpu0 = sum(proc.cpu_times()[:2])
    out = subprocess.run(
        [
            wrk_binary(),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = sum(proc.cpu_times()[:2]) - cpu0
    m = re.search(r"BENCH (.*)", out)
    if not m:
        raise SystemExit(f"wrk said:\n{out}")
    f = {k: int(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
    return {
        "rps": f["requests"] / (f["duration_us"] / 1e6),
        "requests": f["requests"],
        "p50": f["p50"] / 1000,
        "p95": f["p95"] / 1000,
        "p99": f["p99"] / 1000,
        "errors": f["errors"] + f["non2xx"],
        "cpu_s": cpu,
    }


# --- main --------------------------------------------------------------------------------------


def same_json(a, b, path="") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = [f"{path}.{k}: only in {'API' if k in a else 'raw'}" for k in a.keys() ^ b.keys()]
        for k in a.keys() & b.keys():
            out += same_json(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items (API) vs {len(b)} (raw)"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in same_json(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: API {a!r} vs raw {b!r}"]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=int, default=10, help="length of one wrk round (default 10)")
    p.add_argument("--rounds", type=int, default=3, help="rounds per operation and server (default 3)")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--show-sql", action="store_true", help="print the SQL the API runs for each operation")
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    p.add_argument("--serve-raw", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.serve_raw:
        serve_raw(args.serve_raw)
        return 0

    import logging

    import httpx

    logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request otherwise

    def log(msg: str) -> None:
        print(f"[api bench] {msg}", file=sys.stderr, flush=True)

    wrk_binary()
    prefix = "bench-api:"
    load_start = os.getloadavg()
    url = asyncio.run(fresh_database(DB_NAME))
    env = server_env(url, prefix)
    clear_redis(prefix)
    procs: list[subprocess.Popen | None] = []
    try:
        log("seeding the demo school")
        seed(env)
        api_port, raw_port = free_port(), free_port()
        api = start_api(env, api_port)
        worker = start_worker(env)
        procs += [api, worker]
        api_base, raw_base = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{raw_port}"
        wait_ready(api_base, api)
        asyncio.run(populate(api_base, url, log))
        stop([worker])
        raw = subprocess.Popen(
            [sys.executable, __file__, "--serve-raw", str(raw_port)],
            cwd=ROOT,
            env=env,
            stdout=_log_file(),
            stderr=subprocess.STDOUT,
        )
        procs.append(raw)
        wait_ready(raw_base, raw)

        token = asyncio.run(log_in_many(api_base, [DEMO_EMAIL]))[0]
        community = asyncio.run(community_gid(url))
        bodies = {}
        for _label, op, variables in OPERATIONS:
            v = {k: community if val == "$community" else val for k, val in variables.items()}
            bodies[op] = {"query": document(op), "variables": v, "operationName": op}

        # Both must answer the same thing before their speed means anything.
        mismatches = {}
        for op, body in bodies.items():
            headers = {"Authorization": f"Bearer {token}"}
            a = httpx.post(api_base + "/graphql", json=body, headers=headers).json()
            b = httpx.post(raw_base + "/graphql", json=body, headers=headers).json()
            if a.get("errors"):
                raise SystemExit(f"{op} failed on the API: {a['errors']}")
            mismatches[op] = same_json(a, b)
            if mismatches[op]:
                log(f"{op}: the raw answer differs from the API's: {mismatches[op][:5]}")
        home = httpx.post(
            api_base + "/graphql", json=bodies["HomeOverview"], headers={"Authorization": f"Bearer {token}"}
        ).json()["data"]
        needs = httpx.post(
            api_base + "/graphql", json=bodies["SkillsNeeds"], headers={"Authorization": f"Bearer {token}"}
        ).json()["data"]["needs"]

        statements = asyncio.run(count_statements(url, token, bodies))

        with tempfile.TemporaryDirectory() as tmp:
            scripts = {op: wrk_script(Path(tmp), op, body, token) for op, body in bodies.items()}
            servers = {"API": (api_base + "/graphql", api.pid), "raw": (raw_base + "/graphql", raw.pid)}
            log("warming up both servers")
            for op in bodies:
                for target, pid in servers.values():
                    run_wrk(target, scripts[op], 2, args.connections, args.threads, pid)
            results: dict[tuple[str, str], list[dict]] = {}
            load_before = os.getloadavg()
            for r in range(args.rounds):
                for _label, op, _ in OPERATIONS:
                    order = ["API", "raw"] if r % 2 == 0 else ["raw", "API"]
                    for name in order:
                        target, pid = servers[name]
                        res = run_wrk(target, scripts[op], args.seconds, args.connections, args.threads, pid)
                        results.setdefault((op, name), []).append(res)
                        log(f"round {r + 1} {op} {name}: {res['rps']:.0f} req/s, p99 {res['p99']:.1f} ms")
            load_after = os.getloadavg()
        SERVER_LOG.unlink(missing_ok=True)
    except BaseException:
        log(f"failed; the servers' log ({SERVER_LOG}) ends with:\n{server_log_tail()}")
        raise
    finally:
        stop(procs)
        clear_redis(prefix)
        if not args.keep:
            asyncio.run(drop_database(DB_NAME))

    lines = [
        f"API request path against a raw asyncpg + uvicorn handler — {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{platform.machine()}, {os.cpu_count()} cores, CPython {platform.python_version()}",
        f"load average (1 min) at start / before measuring / after: {load_start[0]:.2f} / {load_before[0]:.2f} / "
        f"{load_after[0]:.2f} (the machine is shared: other work runs on the same cores)",
        f"wrk {args.connections} connections, {args.threads} threads, {args.rounds} alternating rounds of "
        f"{args.seconds:.0f} s per operation and server; figures are medians of the rounds, CPU is the "
        "server process's (user + system) over all rounds ÷ requests",
        f"both servers: one uvicorn process, --no-access-log, log level warning; the API with VILLAGE_ENV=production; "
        f"signed in as {DEMO_EMAIL}",
        f"code measured: {code_version()}",
        f"data: the demo school, 30 open needs, {len(home['suggestedMatches'])} suggestions on her home screen, "
        f"{home['notifications']['unreadCount']} unread notifications; SkillsNeeds returns "
        f"{len(needs['edges'])} needs (hasNextPage {str(needs['pageInfo']['hasNextPage']).lower()})",
        "",
    ]
    small_pct = 0
    for label, op, _ in OPERATIONS:
        row = {}
        for name in ("API", "raw"):
            rs = results[(op, name)]
            row[name] = {
                "rps": statistics.median(x["rps"] for x in rs),
                "p50": statistics.median(x["p50"] for x in rs),
                "p95": statistics.median(x["p95"] for x in rs),
                "p99": statistics.median(x["p99"] for x in rs),
                "cpu": 1000 * sum(x["cpu_s"] for x in rs) / max(sum(x["requests"] for x in rs), 1),
                "errors": sum(x["errors"] for x in rs),
                "runs": ", ".join(f"{x['rps']:.0f}" for x in rs),
            }
        sql = {"API": statements[op][0], "raw": RAW_STATEMENTS[op]}
        ratio = row["API"]["rps"] / row["raw"]["rps"]
        if op == "UnreadCount":
            small_pct = round(100 * ratio)
        same = "same JSON" if not mismatches[op] else f"JSON DIFFERS ({len(mismatches[op])} places)"
        lines.append(f"{label} ({op}) — API/raw req/s {100 * ratio:.0f}%; {TARGETS[label]}; {same}")
        for name in ("API", "raw"):
            x = row[name]
            lines.append(
                f"  {name:<4} {x['rps']:7.0f} req/s (rounds {x['runs']})  p50 {x['p50']:6.1f} ms  "
                f"p95 {x['p95']:6.1f} ms  p99 {x['p99']:6.1f} ms  CPU {x['cpu']:5.2f} ms/req  "
                f"SQL {sql[name]}/req  errors {x['errors']}"
            )
        lines.append(
            f"  API/raw: req/s {ratio:.2f}x, CPU per request {row['API']['cpu'] / row['raw']['cpu']:.1f}x, "
            f"p99 {row['API']['p99'] / row['raw']['p99']:.1f}x"
        )
        lines.append("")
    if args.show_sql:
        for op, (n, stmts) in statements.items():
            lines.append(f"SQL the API runs for {op} ({n} statements):")
            lines += [f"  {i + 1}. {s}" for i, s in enumerate(stmts)]
            lines.append("")
    lines.append(f"small query: {small_pct}% of raw")
    text = "\n".join(lines)
    print(text)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "api.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
