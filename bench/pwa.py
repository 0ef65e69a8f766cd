"""PWA budget (issue 5): the initial JavaScript, gzipped, against its 100 KB limit, and Lighthouse's
mobile performance and accessibility scores (npm `lighthouse`, run on Debian's chromium, against
the real API serving the production build).

    .venv/bin/python bench/pwa.py [--runs 3]
    .venv/bin/python bench/pwa.py --size-only     the budget alone (what `npm run size` in pwa/ runs)

Builds pwa/dist when stale, creates the `village_bench_pwa` database (Alembic) with the demo
school (`village seed`), starts uvicorn on a free port and audits, cold (no service worker, empty
caches), the screens a visitor opens first: log in and sign up signed out, then home,
notifications and share signed in as a demo caregiver (Lighthouse cannot sign in: Playwright puts
her token in a Chromium profile's localStorage and Lighthouse keeps that storage). Prints the
median of `--runs` runs per screen. Results go to stdout and to bench/results/pwa.txt.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from village import cli  # noqa: E402

PWA = ROOT / "pwa"
DIST = PWA / "dist"
ADMIN_URL = os.environ.get("VILLAGE_BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("VILLAGE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
DB_NAME = "village_bench_pwa"
JS_LIMIT = 100 * 1024
SCORE_TARGET = 95
PAGES = ["/login", "/signup"]
SIGNED_IN_PAGES = ["/", "/notifications", "/share"]
DEMO_EMAIL = "claudia.martinez@lincoln.example.org"  # a verified, bilingual demo caregiver
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def initial_js() -> tuple[list[tuple[str, int]], int, int]:
    """What index.html loads before anything runs: its module script and the modules it preloads."""
    html = (DIST / "index.html").read_text()
    srcs = re.findall(r'<script[^>]+type="module"[^>]+src="([^"]+)"', html) + re.findall(
        r'<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"', html
    )
    files = [(src, gz(DIST / src.lstrip("/"))) for src in dict.fromkeys(srcs)]
    all_js = sum(gz(p) for p in (DIST / "assets").glob("*.js"))
    css = sum(gz(p) for p in (DIST / "assets").glob("*.css"))
    return files, all_js, css


async def fresh_database() -> str:
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    finally:
        await conn.close()
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}"
    cli.migrate(url)
    return url


def log_in(base: str) -> dict:
    from village.seed import PASSWORD

    login = "mutation($i: LogInInput!) { logIn(input: $i) { token viewer { id } errors { message } } }"
    data = httpx.post(
        f"{base}/graphql", json={"query": login, "variables": {"i": {"email": DEMO_EMAIL, "password": PASSWORD}}}
    ).json()["data"]["logIn"]
    assert data["token"], data["errors"]
    return data


def signed_in_profile(base: str, profile: Path, data: dict) -> None:
    """A Chromium profile holding a demo caregiver's session, and nothing else (cold otherwise)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(profile), executable_path=chromium(), headless=True, args=CHROME_FLAGS.split()[1:]
        )
        page = ctx.new_page()
        page.goto(f"{base}/login")
        page.evaluate(
            """async ([token, id]) => {
                localStorage.setItem('village.token', token); localStorage.setItem('village.user', id);
                for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
                for (const k of await caches.keys()) await caches.delete(k);
            }""",
            [data["token"], data["viewer"]["id"]],
        )
        ctx.close()


def chromium() -> str:
    return cli.find_chromium() or "/usr/bin/chromium"


LIGHTHOUSE_VERSION = "12.8.2"
TOOLS = ROOT / ".data" / "tools"


def lighthouse_bin() -> Path:
    """Lighthouse, installed on first use next to the embedded servers' data (it is a benchmark
    tool, not a PWA dependency: its tree would make the PWA's `npm ci` depend on much more)."""
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", f"lighthouse@{LIGHTHOUSE_VERSION}"],
            check=True,
        )
    return binary


def lighthouse(url: str, out: Path, profile: Path | None = None) -> dict:
    flags = CHROME_FLAGS + (f" --user-data-dir={profile}" if profile else "")
    cmd = [
        str(lighthouse_bin()),
        url,
        "--quiet",
        "--only-categories=performance,accessibility",
        f"--chrome-flags={flags}",
        "--output=json",
        f"--output-path={out}",
    ]
    if profile:
        cmd.append("--disable-storage-reset")  # keep the session in localStorage
    env = {**os.environ, "CHROME_PATH": chromium()}
    subprocess.run(cmd, cwd=PWA, env=env, check=True, capture_output=True)
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "url": report.get("finalDisplayedUrl") or report.get("finalUrl"),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--size-only", action="store_true", help="the JavaScript sizes only, no Lighthouse (npm run size)")
    args = p.parse_args()

    cli.build_pwa()
    if not (DIST / "index.html").exists():
        raise SystemExit("pwa/dist was not built (see above)")
    lines = [
        f"PWA budget — {time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores, Lighthouse mobile "
        "(simulated throttling, Moto G Power profile)"
    ]
    files, all_js, css = initial_js()
    total = sum(size for _, size in files)
    lines.append(
        f"initial JavaScript (gzip -9): {total / 1024:.1f} KB   limit {JS_LIMIT / 1024:.0f} KB   "
        f"{'ok' if total <= JS_LIMIT else 'OVER'}"
    )
    lines += [f"  {name}: {size / 1024:.1f} KB" for name, size in files]
    lines.append(f"all JavaScript, every screen (gzip): {all_js / 1024:.1f} KB; CSS (gzip): {css / 1024:.1f} KB")
    if args.size_only:
        print("\n".join(lines[1:]))
        return 0 if total <= JS_LIMIT else 1

    url = asyncio.run(fresh_database())
    port = cli_free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "VILLAGE_ENV": "production",
        "VILLAGE_PWA_DIST": str(DIST),
        "VILLAGE_REDIS_PREFIX": "bench-pwa:",
    }
    subprocess.run([sys.executable, "-m", "village.cli", "seed"], cwd=ROOT, env=env, check=True, capture_output=True)
    redis = __import__("redis").Redis.from_url(REDIS_URL)  # rate-limit counters of earlier runs
    for key in redis.scan_iter("bench-pwa:*"):
        redis.delete(key)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "village.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    ok = True
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        session = log_in(base)
        with tempfile.TemporaryDirectory() as tmp:
            for page, signed_in in [(p, False) for p in PAGES] + [(p, True) for p in SIGNED_IN_PAGES]:
                runs = []
                for i in range(args.runs):
                    profile = None
                    if signed_in:
                        profile = Path(tmp) / f"profile-{page.strip('/') or 'home'}-{i}"
                        signed_in_profile(base, profile, session)
                    runs.append(lighthouse(base + page, Path(tmp) / f"run{i}.json", profile))
                    if runs[-1]["url"] != base + page:  # e.g. sent to /login: not the screen meant
                        raise SystemExit(f"{page}: Lighthouse ended on {runs[-1]['url']}")
                perf = statistics.median(r["performance"] for r in runs)
                a11y = min(r["accessibility"] for r in runs)
                med = {k: statistics.median(r[k] for r in runs) for k in ("fcp", "lcp", "tbt", "cls")}
                ok &= perf >= SCORE_TARGET and a11y >= SCORE_TARGET
                lines.append(
                    f"{page}{' (signed in)' if signed_in else ''}: performance {perf:.0f} (runs "
                    f"{', '.join(str(r['performance']) for r in runs)}), accessibility {a11y}   "
                    f"target ≥ {SCORE_TARGET}; "
                    f"FCP {med['fcp'] / 1000:.2f} s, LCP {med['lcp'] / 1000:.2f} s, "
                    f"TBT {med['tbt']:.0f} ms, CLS {med['cls']:.3f}"
                )
    finally:
        server.terminate()
        server.wait(timeout=10)
    ok &= total <= JS_LIMIT
    text = "\n".join(lines)
    print(text)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "pwa.txt").write_text(text + "\n")
    return 0 if ok else 1


def cli_free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    raise SystemExit(main())
