"""Messages end to end (issue "Messages", done-when): how many messages per second go from
`sendMessage` on one API process to the recipient's open socket on another (stored, committed,
published through Redis, re-read as the recipient, sent over graphql-transport-ws), and the
latency of each (p50, p95, p99).

    .venv/bin/python bench/messages.py [--pairs 40] [--senders 20] [--seconds 15] [--rounds 2]

Creates `village_bench_messages`, migrates it, and writes with SQL one community and --pairs
pairs of verified families, each pair with its conversation and both signed in. Then two API
processes (production settings) and one worker run as deployed: every recipient has
`messageAdded` open on process B, and --senders senders send through process A, each waiting for
its answer before sending again. A message's latency runs from just before its request to its
arrival on the recipient's socket (bodies carry a sequence number).

The reference, run alternately with it in the same rounds: the floor of the same trip without the
application, a bare asyncpg INSERT of the message row plus a Redis PUBLISH, read back by one
Redis subscriber (no authorization, no GraphQL, no re-read, no WebSocket). The ratio says how much
of the floor the whole path keeps. The client runs on the same 2 cores as the servers.
Writes bench/results/messages.txt."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import importlib.util
import json
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


b = _load("bench_api", "api.py")

DB_NAME = "village_bench_messages"
SEND = "mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } errors { code message } } }"
ADDED = "subscription($c: ID!) { messageAdded(conversationId: $c) { id body } }"


async def populate(url: str, pairs: int) -> list[dict]:
    """Pairs of families with their conversation, both signed in: [{conversation, sender, recipient}]."""
    import asyncpg

    from api.ids import to_global_id

    conn = await asyncpg.connect(url)
    out = []
    try:
        async with conn.transaction():
            community = await conn.fetchval(
                "insert into communities (id, name, timezone, languages) values "
                "(gen_random_uuid(), 'Messages Elementary', 'America/Chicago', '{en,es}') returning id"
            )
            for i in range(pairs):
                people = []
                for side in ("a", "b"):
                    token = secrets.token_urlsafe(32)
                    account = await conn.fetchval(
                        "insert into accounts (id, email, password_hash, display_name) values "
                        "(gen_random_uuid(), $1, 'x', $2) returning id",
                        f"{side}{i}@messages.test",
                        f"Family {side.upper()}{i}",
                    )
                    await conn.execute(
                        "insert into memberships (id, community_id, account_id, state, verified_at) "
                        "values (gen_random_uuid(), $1, $2, 'verified', now())",
                        community,
                        account,
                    )
                    await conn.execute(
                        "insert into auth_sessions (id, account_id, token_hash, expires_at) "
                        "values (gen_random_uuid(), $1, $2, now() + interval '1 day')",
                        account,
                        hashlib.sha256(token.encode()).digest(),
                    )
                    people.append((account, token))
                (a, a_token), (c, c_token) = people
                key = ":".join(sorted((str(a), str(c))))
                conversation = await conn.fetchval(
                    "insert into conversations (id, community_id, pair_key, created_by_id) "
                    "values (gen_random_uuid(), $1, $2, $3) returning id",
                    community,
                    key,
                    a,
                )
                await conn.execute(
                    "insert into conversation_participants (conversation_id, community_id, account_id) "
                    "values ($1, $2, $3), ($1, $2, $4)",
                    conversation,
                    community,
                    a,
                    c,
                )
                out.append(
                    {
                        "conversation": to_global_id("Conversation", conversation),
                        "conversation_pk": conversation,
                        "community_pk": community,
                        "sender": a,
                        "sender_token": a_token,
                        "recipient_token": c_token,
                    }
                )
    finally:
        await conn.close()
    return out


class Round:
    def __init__(self) -> None:
        self.sent_at: dict[str, float] = {}
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.drained = asyncio.Event()  # set whenever nothing sent is still on its way

    def arrived(self, body: str, at: float) -> None:
        sent = self.sent_at.pop(body, None)
        if sent is not None:
            self.latencies.append(at - sent)
        if not self.sent_at:
            self.drained.set()

    async def drain(self) -> None:
        """Wait for the last messages still on their way (those lost stay in sent_at)."""
        if self.sent_at:
            self.drained.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.drained.wait(), 10)


async def _socket(url: str, token: str, conversation: str, on_message) -> object:
    from websockets.asyncio.client import connect

    ws = await connect(url, subprotocols=["graphql-transport-ws"], max_queue=None)
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(
        json.dumps({"type": "subscribe", "id": "1", "payload": {"query": ADDED, "variables": {"c": conversation}}})
    )

    async def read() -> None:
        async for raw in ws:
            m = json.loads(raw)
            if m.get("type") == "next":
                on_message(m["payload"]["data"]["messageAdded"]["body"], time.perf_counter())
            elif m.get("type") == "error":
                raise SystemExit(f"subscription refused: {m}")

    return ws, asyncio.create_task(read())


async def app_round(base_a: str, ws_b: str, pairs: list[dict], senders: int, seconds: float) -> Round:
    import httpx

    r = Round()
    sockets = [await _socket(ws_b, p["recipient_token"], p["conversation"], r.arrived) for p in pairs]
    await asyncio.sleep(1.0)  # every socket subscribed on B
    stop_at = time.perf_counter() + seconds
    counter = iter(range(10**9))

    async def sender(p: dict, client: httpx.AsyncClient) -> None:
        while time.perf_counter() < stop_at:
            body = f"m{next(counter)} see you at pick-up"
            r.sent_at[body] = time.perf_counter()
            resp = await client.post(
                "/graphql",
                json={"query": SEND, "variables": {"i": {"conversationId": p["conversation"], "body": body}}},
                headers={"Authorization": f"Bearer {p['sender_token']}"},
            )
            payload = resp.json()
            errors = (payload.get("data") or {}).get("sendMessage", {}).get("errors") or payload.get("errors")
            if errors:
                r.errors.append(str(errors)[:200])
                r.sent_at.pop(body, None)

    async with httpx.AsyncClient(base_url=base_a, timeout=30) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(sender(pairs[i % len(pairs)], client) for i in range(senders)))
        await r.drain()
        r.elapsed = time.perf_counter() - t0  # type: ignore[attr-defined]
    for ws, task in sockets:
        task.cancel()
        await ws.close()
    return r


async def raw_round(url: str, redis_url: str, prefix: str, pairs: list[dict], senders: int, seconds: float) -> Round:
    """The floor: INSERT the row (asyncpg, a pool like the app's) and PUBLISH its body; one subscriber."""
    import asyncpg
    from redis.asyncio import Redis

    r = Round()
    pool = await asyncpg.create_pool(url, min_size=senders, max_size=senders)
    redis, listener = Redis.from_url(redis_url), Redis.from_url(redis_url)
    pubsub = listener.pubsub()
    channel = f"{prefix}raw"
    await pubsub.subscribe(channel)

    async def read() -> None:
        async for m in pubsub.listen():
            if m["type"] == "message":
                r.arrived(m["data"].decode(), time.perf_counter())

    reader = asyncio.create_task(read())
    stop_at = time.perf_counter() + seconds
    counter = iter(range(10**9))

    async def sender(p: dict) -> None:
        while time.perf_counter() < stop_at:
            body = f"r{next(counter)} see you at pick-up"
            r.sent_at[body] = time.perf_counter()
            async with pool.acquire() as conn:
                await conn.execute(
                    "insert into messages (id, conversation_id, community_id, sender_id, body, language) "
                    "values (gen_random_uuid(), $1, $2, $3, $4, 'en')",
                    p["conversation_pk"],
                    p["community_pk"],
                    p["sender"],
                    body,
                )
            await redis.publish(channel, body)

    t0 = time.perf_counter()
    await asyncio.gather(*(sender(pairs[i % len(pairs)]) for i in range(senders)))
    await r.drain()
    r.elapsed = time.perf_counter() - t0  # type: ignore[attr-defined]
    reader.cancel()
    await pubsub.aclose()
    await listener.aclose()
    await redis.aclose()
    await pool.close()
    return r


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=40)
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    lines: list[str] = []

    def log(msg: str) -> None:
        print(msg, flush=True)
        lines.append(msg)

    prefix = f"bench-messages-{os.getpid()}:"
    url = asyncio.run(b.fresh_database(DB_NAME))
    env = b.server_env(url, prefix, VILLAGE_MESSAGES_PER_MINUTE="1000000", VILLAGE_CONVERSATIONS_PER_HOUR="1000000")
    b.clear_redis(prefix)
    procs = []
    try:
        pairs = asyncio.run(populate(url, args.pairs))
        port_a, port_b = b.free_port(), b.free_port()
        api_a, api_b = b.start_api(env, port_a), b.start_api(env, port_b)
        worker = b.start_worker(env)
        procs = [api_a, api_b, worker]
        base_a, base_b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        b.wait_ready(base_a, api_a)
        b.wait_ready(base_b, api_b)
        time.sleep(2)
        ws_b = base_b.replace("http://", "ws://") + "/graphql"
        log(
            f"messages sent through API process A to {args.pairs} open conversations on API process B, "
            f"{args.senders} senders, {args.seconds:g} s a round; one worker (notifications)"
        )
        log(f"machine: {platform.machine()}, {os.cpu_count()} cores; code measured: {b.code_version()}")
        app_rounds, raw_rounds = [], []
        for i in range(1, args.rounds + 1):
            for name, runner in (
                ("village", lambda: app_round(base_a, ws_b, pairs, args.senders, args.seconds)),
                ("raw", lambda: raw_round(url, b.REDIS_URL, prefix, pairs, args.senders, args.seconds)),
            ):
                load = os.getloadavg()[0]
                r = asyncio.run(runner())
                rate = len(r.latencies) / r.elapsed  # type: ignore[attr-defined]
                (app_rounds if name == "village" else raw_rounds).append((rate, r.latencies))
                log(
                    f"  round {i} {name:7s}: {len(r.latencies)} delivered, {rate:.0f} messages/s, "
                    f"p50 {pct(r.latencies, 50) * 1000:.0f} ms, p95 {pct(r.latencies, 95) * 1000:.0f} ms, "
                    f"p99 {pct(r.latencies, 99) * 1000:.0f} ms; lost {len(r.sent_at)}, errors {len(r.errors)}"
                    f"{' (' + r.errors[0] + ')' if r.errors else ''}; load average {load:.2f}"
                )
                time.sleep(2)

        def summary(rounds):
            rate = statistics.median(x for x, _ in rounds)
            every = [v for _, lat in rounds for v in lat]
            return rate, pct(every, 50) * 1000, pct(every, 95) * 1000

        rate, p50, p95 = summary(app_rounds)
        raw_rate, _, raw_p95 = summary(raw_rounds)
        log(
            f"messages end to end (send -> stored -> live on another process's socket): {rate:.0f} messages/s, "
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms; the bare INSERT + PUBLISH floor {raw_rate:.0f} messages/s, "
            f"p95 {raw_p95:.0f} ms ({rate / raw_rate:.0%} of it); load average {os.getloadavg()[0]:.2f}"
        )
    finally:
        b.stop(procs)
        b.clear_redis(prefix)
        if not args.keep_db:
            asyncio.run(b.drop_database(DB_NAME))
    out = ROOT / "bench" / "results" / "messages.txt"
    out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
