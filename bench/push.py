"""Web Push benchmark (DESIGN.md §6): the sending core in workers/webpush.py against the local push
service of the tests (tests/support/push_service.py), which verifies every VAPID header and
decrypts every message as a browser would.

    .venv/bin/python bench/push.py [--subs 10000] [--rounds 3] [--per-origin 100]

Measures, for one sender process:
  (a) encryption only (RFC 8291 aes128gcm), messages/s on one core, with where the time goes;
  (b) delivered pushes/s through `PushSender.send_many` to the push service;
  (c) the time to deliver one notification to --subs subscribers with a cold sender (new
      connections, new VAPID token) and with a warm one;
and prints beside them the machine's limit, `openssl speed -seconds 3 ecdhp256` (one ECDH per
message is the floor RFC 8291 sets). The push service runs in a separate process so that its
decryption (one ECDH per message too) does not share the sender's core; its CPU use is reported
so it is visible which side was the bottleneck. Results go to stdout and bench/results/push.txt.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

from api.notifications.sender import PushSender  # noqa: E402
from api.notifications.webpush import (  # noqa: E402
    PushSubscription,
    VapidKeys,
    _hmac,
    b64url_encode,
    encrypt,
)
from tests.support.push_service import PushService  # noqa: E402

# What the notification domain sends: ids only, the PWA fetches the rest (DESIGN.md §6).
PAYLOAD = (
    b'{"v":1,"type":"trip_changed","id":"6f1c2a9e-3b7d-4c1e-9a51-0d2f8e7b4c33",'
    b'"n":"c0ffee00-1234-4abc-9def-0123456789ab"}'
)
CONTACT = "mailto:push-ops@village.test"


def openssl_ecdh() -> tuple[float | None, str]:
    try:
        out = subprocess.run(
            ["openssl", "speed", "-seconds", "3", "ecdhp256"], capture_output=True, text=True, timeout=60
        ).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"openssl speed failed: {exc}"
    m = re.search(r"256 bits ecdh \(nistp256\)\s+\S+s\s+([\d.]+)", out)
    version = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()
    return (float(m.group(1)) if m else None), version


def _per_call_us(fn, number: int = 3000) -> float:
    return min(timeit.repeat(fn, number=number, repeat=3)) / number * 1e6


def encryption_profile(n: int) -> tuple[float, list[tuple[str, float]], float]:
    """(messages/s of encrypt(), [(step, µs)], messages/s of the webpush package's encryption)."""
    uas = [ec.generate_private_key(ec.SECP256R1()) for _ in range(min(n, 2000))]
    subs = [
        (
            k.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint),
            os.urandom(16),
        )
        for k in uas
    ]
    rates = []
    for _ in range(4):  # best of four runs: the machine is shared, interference only ever slows it down
        t0 = time.process_time()
        for i in range(n // 4):
            p256dh, auth = subs[i % len(subs)]
            encrypt(PAYLOAD, p256dh, auth)
        rates.append((n // 4) / (time.process_time() - t0))
    rate = max(rates)

    p256dh, auth = subs[0]
    eph = ec.generate_private_key(ec.SECP256R1())
    ua_pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)
    key = os.urandom(16)
    steps = [
        (
            "ephemeral key pair (RFC 8291: fresh per message)",
            _per_call_us(lambda: ec.generate_private_key(ec.SECP256R1())),
        ),
        (
            "its public point, X9.62 bytes",
            _per_call_us(
                lambda: eph.public_key().public_bytes(
                    serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
                )
            ),
        ),
        (
            "load the subscriber's p256dh point",
            _per_call_us(lambda: ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)),
        ),
        ("ECDH exchange", _per_call_us(lambda: eph.exchange(ec.ECDH(), ua_pub))),
        ("HKDF (5 HMAC-SHA256)", 5 * _per_call_us(lambda: _hmac(key, p256dh))),
        ("AES-128-GCM seal", _per_call_us(lambda: AESGCM(key).encrypt(b"n" * 12, PAYLOAD + b"\x02", None))),
        ("os.urandom(16) salt", _per_call_us(lambda: os.urandom(16))),
    ]

    from webpush import WebPush
    from webpush.types import WebPushKeys, WebPushSubscription

    vapid = VapidKeys.generate()
    wp = WebPush(
        private_key=vapid.private_pem(),
        public_key=vapid.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        subscriber="ops@village.test",
    )
    wsub = WebPushSubscription(
        endpoint="https://push.example/x", keys=WebPushKeys(p256dh=b64url_encode(p256dh), auth=b64url_encode(auth))
    )
    m = min(n, 3000)
    t0 = time.process_time()
    for _ in range(m):
        wp._encrypt(PAYLOAD, wsub)
    webpush_rate = m / (time.process_time() - t0)
    return rate, steps, webpush_rate


# --- the push service, in its own process ---------------------------------------------------------


def _service_main(conn, n: int) -> None:
    _uvloop_run()(_serve(conn, n))  # the service's own cost matters less on uvloop


async def _serve(conn, n: int) -> None:
    async with PushService(keep_messages=False) as service:
        conn.send([service.new_subscription() for _ in range(n)])
        loop = asyncio.get_running_loop()
        while True:
            cmd = await loop.run_in_executor(None, conn.recv)
            if cmd == "stats":
                conn.send(
                    {
                        "delivered": service.delivered,
                        "requests": service.requests,
                        "problems": service.problems[:5],
                        "cpu": time.process_time(),
                    }
                )
            elif cmd == "stop":
                return


def _cpu_times() -> float:
    return time.process_time()


def _busy_seconds() -> float:
    """CPU seconds all processes have used on the machine (from /proc/stat), to tell how much of
    the 2 cores other work took during a measurement."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


async def deliver(subs: list[PushSubscription], sender: PushSender) -> tuple[float, float, int]:
    """(wall seconds, sender CPU seconds, delivered) for one send_many over all `subs`."""
    c0, t0 = _cpu_times(), time.perf_counter()
    results = await sender.send_many([(s, PAYLOAD) for s in subs], ttl=3600, urgency="normal", topic="bench")
    wall, cpu = time.perf_counter() - t0, _cpu_times() - c0
    bad = [r for r in results if not r.delivered]
    if bad:
        print(f"  {len(bad)} not delivered, e.g. {bad[0]}", file=sys.stderr)
    return wall, cpu, len(results) - len(bad)


async def http_bench(conn, subs: list[PushSubscription], rounds: int, per_origin: int) -> dict:
    keys = VapidKeys.generate()
    out: dict = {"rounds": []}
    conn.send("stats")
    svc0 = conn.recv()
    # (c) cold: a new sender, so new connections and a new VAPID token are part of the time.
    async with PushSender(keys, CONTACT, allow_insecure_localhost=True, per_origin=per_origin) as sender:
        wall, cpu, ok = await deliver(subs, sender)
        out["cold"] = (wall, cpu, ok)
        # (b) warm rounds on the same sender
        for _ in range(rounds):
            conn.send("stats")
            before = conn.recv()
            busy0 = _busy_seconds()
            wall, cpu, ok = await deliver(subs, sender)
            busy = _busy_seconds() - busy0
            conn.send("stats")
            after = conn.recv()
            svc_cpu = after["cpu"] - before["cpu"]
            others = max(0.0, busy - cpu - svc_cpu) if busy is not None else None
            out["rounds"].append((wall, cpu, ok, svc_cpu, others))
    conn.send("stats")
    svc1 = conn.recv()
    out["service_delivered"] = svc1["delivered"] - svc0["delivered"]
    out["service_problems"] = svc1["problems"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-origin", type=int, default=100)
    parser.add_argument("--encrypt", type=int, default=20_000, help="messages for the encryption-only figure")
    parser.add_argument(
        "--loops",
        nargs="+",
        default=["asyncio", "uvloop"],
        choices=["asyncio", "uvloop"],
        help="event loops to run the sender on",
    )
    args = parser.parse_args()

    lines: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        lines.append(line)

    import aiohttp
    import cryptography
    from cryptography.hazmat.backends.openssl.backend import backend

    say(f"push benchmark, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    say(
        f"machine: {platform.machine()} {os.cpu_count()} cores, {_cpu_model()}; Python {platform.python_version()}, "
        f"cryptography {cryptography.__version__} ({backend.openssl_version_text()}), aiohttp {aiohttp.__version__}"
    )
    say(
        f"payload {len(PAYLOAD)} bytes -> {len(PAYLOAD) + 103} bytes encrypted; {args.subs} subscriptions, "
        f"one origin, per_origin={args.per_origin}"
    )
    say()

    ecdh, openssl_version = openssl_ecdh()
    say(
        f"machine limit: openssl speed -seconds 3 ecdhp256 ({openssl_version}): "
        + (f"{ecdh:,.0f} ECDH ops/s per core" if ecdh else "unavailable")
    )
    say(
        "  every message needs one ECDH with a fresh ephemeral key (RFC 8291 §3.1), so one core cannot "
        "encrypt more than this"
    )
    say()

    rate, steps, webpush_rate = encryption_profile(args.encrypt)
    say(
        f"(a) encryption only, one process, one core: {rate:,.0f} messages/s "
        f"({1e6 / rate:.0f} µs each; best of 4 runs of {args.encrypt // 4} messages to 2,000 subscribers)"
    )
    total = sum(us for _, us in steps)
    for name, us in steps:
        say(f"      {us:6.1f} µs  {us / total:4.0%}  {name}")
    say(f"      {total:6.1f} µs        sum of the steps (the rest of the per-message time is Python glue)")
    ecdh_us = dict(steps)["ECDH exchange"]
    if ecdh:
        say(
            f"    cryptography's ECDH costs {ecdh_us:.0f} µs here against openssl speed's {1e6 / ecdh:.0f} µs: "
            f"one message costs {1e6 / rate / (1e6 / ecdh):.1f} ECDH-equivalents "
            "(the ECDH, then key generation, HKDF and glue)"
        )
    say(
        f"    the webpush package's WebPush._encrypt: {webpush_rate:,.0f} messages/s (same construction, "
        "HKDF objects per call)"
    )
    say()

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_service_main, args=(child, args.subs), daemon=True)
    proc.start()
    runs: dict[str, dict] = {}
    try:
        subs = [PushSubscription(*s) for s in parent.recv()]
        for loop in args.loops:
            runner = asyncio.run if loop == "asyncio" else _uvloop_run()
            runs[loop] = runner(http_bench(parent, subs, args.rounds, args.per_origin))
        parent.send("stop")
    finally:
        proc.join(timeout=10)
        if proc.is_alive():
            proc.terminate()

    say(
        f"(b) delivered pushes/s, one sender process -> push service in another process "
        f"(VAPID verified, every message decrypted), {args.rounds} warm rounds of {args.subs}:"
    )

    for loop, res in runs.items():
        say(f"    event loop: {loop}")
        for wall, cpu, ok, svc_cpu, others in res["rounds"]:
            say(
                f"      {ok / wall:7,.0f}/s  ({ok} in {wall:.2f} s; sender {cpu / wall:.0%} of a core, "
                f"{cpu / ok * 1e6:.0f} µs CPU per push; service {svc_cpu / wall:.0%}; "
                f"other processes {others / wall:.0%})"
            )
        median = statistics.median(r[2] / r[0] for r in res["rounds"])
        best = max(r[2] / r[0] for r in res["rounds"])
        cpu_per_push = statistics.median(r[1] / r[2] for r in res["rounds"])
        say(
            f"      best {best:,.0f}, median {median:,.0f} delivered/s  (target ≥ 3,000); the sender's CPU cost, "
            f"{cpu_per_push * 1e6:.0f} µs per push, caps one process at {1 / cpu_per_push:,.0f}/s on a core of its own"
        )
        say(
            f"      of those µs, ~{1e6 / rate:.0f} are the encryption of (a) and "
            f"~{cpu_per_push * 1e6 - 1e6 / rate:.0f} aiohttp, asyncio and the sender's own code"
        )
    say(f"(c) one notification to {args.subs} subscribers (target ≤ 5 s):")
    for loop, res in runs.items():
        cold_wall, _, cold_ok = res["cold"]
        warm = min(wall for wall, *_ in res["rounds"])
        say(
            f"      {loop}: {cold_wall:.2f} s cold (new sender: new connections, new VAPID token; "
            f"{cold_ok} delivered), {warm:.2f} s warm"
        )
    problems = [p for res in runs.values() for p in res["service_problems"]]
    say(
        f"    push service: {sum(r['service_delivered'] for r in runs.values())} accepted and decrypted, "
        f"problems: {problems or 'none'}"
    )
    say()
    say(
        "'other processes' is CPU the rest of the machine used meanwhile (of one core; 200% = both): "
        "when it is high, the wall-clock rates above are low."
    )
    say(
        "notes: the sender's µs per push is the encryption of (a) plus aiohttp's client cost and ours; "
        "cryptography holds the GIL, so encryption is one core per process. Against real push services "
        "the rate per origin is also bound by per_origin / round-trip time (HTTP/1.1, one request per "
        "connection at a time)."
    )

    out = ROOT / "bench" / "results" / "push.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}")


def _uvloop_run():
    import uvloop  # installed with uvicorn[standard]

    return uvloop.run


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
