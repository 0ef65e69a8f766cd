"""School insights benchmark (issue 17): the roll-up of a 2,000-family community with a year of
activity, and the staff's `communityInsights` query.

    .venv/bin/python bench/insights.py [--families 2000] [--runs 5] [--queries 200]

Builds `village_bench_insights` with Alembic, then one community whose families joined over the last
13 months and helped, drove, wrote in groups, talked and went to events (village/seed_history.py,
scaled to --families; inserted with COPY). Then, alternately in one run:

- the roll-up (api/insights/service.py roll_up: read the activity, compute every figure, suppress,
  publish), each in its own committed transaction, against its reference, reading the activity alone
  (activity.collect): the ratio says how much is computing and suppressing;
- `communityInsights` for the last 12 months through the Litestar app in process (bearer token,
  Strawberry, JSON; the reading is logged as it is for staff), against `community(id:)` on the same
  client, the cheapest staff read.

Prints the figures with the load average, and writes them to bench/results/insights.txt.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import statistics
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

DB_NAME = "village_bench_insights"
AGENT = "bench-insights"
QUERY = (
    "query($c: ID!, $from: Date!, $to: Date!) { communityInsights(communityId: $c, from: $from, to: $to) {"
    " computedAt metrics { key title definition } periods { start end figures { metric breakdown value shown"
    " display breakdownLabel } } } }"
)
REFERENCE = "query($c: ID!) { community(id: $c) { id name } }"


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


async def build(url: str, families: int) -> tuple[uuid.UUID, str]:
    from sqlalchemy import text

    from api.communities.models import Community, MemberRole, Membership, MembershipState
    from api.config import to_asyncpg_url
    from api.db import make_engine, make_session_factory, session_scope
    from api.security import hash_password, hash_token, new_token
    from village import seed_history

    engine = make_engine(to_asyncpg_url(url), pool_size=2)
    sessions = make_session_factory(engine)
    now = datetime.now(UTC)
    async with session_scope(sessions) as db:
        community = Community(name="Bench Elementary", timezone="America/Chicago", languages=["en", "es"])
        db.add(community)
        await db.flush()
        added = await seed_history.add_history(db, community, now, families=families)
        # A staff member to read the dashboard.
        staff = uuid.uuid4()
        await db.execute(
            text("insert into accounts (id, email, password_hash, display_name) values (:id, :e, :p, 'Bench staff')"),
            {"id": staff, "e": "staff@bench.example.org", "p": await hash_password("bench-password")},
        )
        db.add(
            Membership(
                community_id=community.id, account_id=staff, role=MemberRole.STAFF, state=MembershipState.VERIFIED
            )
        )
        token = new_token()
        await db.execute(
            text(
                "insert into auth_sessions (id, account_id, token_hash, user_agent, expires_at) "
                "values (:id, :a, :h, :ua, now() + interval '1 day')"
            ),
            {"id": uuid.uuid4(), "a": staff, "h": hash_token(token), "ua": AGENT},
        )
        cid = community.id
    print(f"[insights bench] {added} families with a year of activity", file=sys.stderr, flush=True)
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("vacuum analyze"))
    await engine.dispose()
    return cid, token


async def measure(url: str, cid: uuid.UUID, token: str, runs: int, queries: int) -> list[str]:
    from litestar.testing import AsyncTestClient
    from sqlalchemy import func, select, text

    from api.config import Settings, to_asyncpg_url
    from api.db import make_engine, make_session_factory, session_scope
    from api.ids import to_global_id
    from api.insights import activity, service
    from village.app import create_app

    engine = make_engine(to_asyncpg_url(url), pool_size=2)
    sessions = make_session_factory(engine)
    lines: list[str] = []
    load0 = os.getloadavg()
    roll, read = [], []
    a = None
    for _ in range(runs):
        t0 = time.perf_counter()
        async with session_scope(sessions) as db:
            a = await activity.collect(db, cid)
        read.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        async with session_scope(sessions) as db:
            out = await service.roll_up(db, cid)
        roll.append((time.perf_counter() - t0) * 1000)
    async with sessions() as db:
        from api.insights.models import InsightPeriod

        periods = await db.scalar(
            select(func.count()).select_from(InsightPeriod).where(InsightPeriod.community_id == cid)
        )
        figures = await db.scalar(
            select(func.sum(func.jsonb_array_length(InsightPeriod.figures))).where(InsightPeriod.community_id == cid)
        )
        hidden = await db.scalar(
            text(
                "select count(*) from insight_periods, jsonb_array_elements(figures) f "
                "where community_id = :c and f->>'s' = 'suppressed'"
            ),
            {"c": cid},
        )
    events = len(a.help) + len(a.drives) + len(a.group_writes) + len(a.conversation_writes) + len(a.going)
    lines.append(
        f"community: {len(a.joined)} families, {events} interactions over a year "
        f"({len(a.help)} help, {len(a.drives)} drives, {len(a.group_writes)} group posts, "
        f"{len(a.conversation_writes)} messages, {len(a.going)} RSVPs), {len(a.needs)} needs"
    )
    lines.append(f"published: {periods} periods, {figures} figures, {hidden} hidden ({100 * hidden / figures:.0f} %)")
    lines.append(
        f"roll-up (read + compute + suppress + publish): median {statistics.median(roll):.0f} ms, "
        f"max {max(roll):.0f} ms over {runs} runs; reference, reading the activity alone: median "
        f"{statistics.median(read):.0f} ms; ratio {statistics.median(roll) / statistics.median(read):.1f}x; "
        f"last run {out}"
    )
    settings = Settings(environment="test", database_url=url, redis_url=b.REDIS_URL, redis_prefix="bench-insights:")
    app = create_app(settings)
    today = date.today()
    variables = {
        "c": to_global_id("Community", cid),
        "from": (today - timedelta(days=335)).isoformat(),
        "to": today.isoformat(),
    }
    q_ms, ref_ms = [], []
    async with AsyncTestClient(app) as client:
        headers = {"Authorization": f"Bearer {token}"}

        async def ask(doc: str, v: dict) -> float:
            t0 = time.perf_counter()
            r = await client.post("/graphql", json={"query": doc, "variables": v}, headers=headers)
            elapsed = (time.perf_counter() - t0) * 1000
            body = r.json()
            if r.status_code != 200 or body.get("errors"):
                raise SystemExit(f"query failed: {r.status_code} {str(body)[:300]}")
            return elapsed

        for _ in range(10):  # warm up
            await ask(QUERY, variables)
            await ask(REFERENCE, {"c": variables["c"]})
        for _ in range(queries):
            q_ms.append(await ask(QUERY, variables))
            ref_ms.append(await ask(REFERENCE, {"c": variables["c"]}))
    lines.append(
        f"communityInsights, last 12 months (GraphQL end to end, {queries} requests): p50 {pct(q_ms, 50):.1f} ms, "
        f"p95 {pct(q_ms, 95):.1f} ms; reference community(id:): p50 {pct(ref_ms, 50):.1f} ms, "
        f"p95 {pct(ref_ms, 95):.1f} ms; p95 ratio {pct(q_ms, 95) / pct(ref_ms, 95):.1f}x"
    )
    load1 = os.getloadavg()
    lines.append(
        f"load average {load0[0]:.2f} at the start, {load1[0]:.2f} at the end ({os.cpu_count()} cores); "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    await engine.dispose()
    return lines


async def main() -> None:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--families", type=int, default=2000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    args = p.parse_args()
    url = await b.fresh_database(DB_NAME)
    try:
        cid, token = await build(url, args.families)
        lines = await measure(url, cid, token, args.runs, args.queries)
    finally:
        if not args.keep:
            await b.drop_database(DB_NAME)
    text = "\n".join(["School insights benchmark (bench/insights.py)", *lines])
    print(text)
    out = ROOT / "bench" / "results" / "insights.txt"
    out.write_text(text + "\n")


if __name__ == "__main__":
    asyncio.run(main())
