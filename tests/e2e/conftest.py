"""End-to-end tests: the built PWA, served by the real API (uvicorn, a real database), driven in
Debian's headless Chromium by Playwright (no browser download: an explicit executable path).

Fixtures: `app_url` (the live server with a fresh build of pwa/dist), `browser` (one Chromium per
test process), `page` (a new 360×740 phone-sized context per test), `f` (the test-data factory,
same database), `axe` (WCAG 2.2 AA check of what the page shows now)."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from api.db import session_scope
from api.notifications.devices import vapid_keys
from api.notifications.sender import PushSender
from tests.conftest import serve
from tests.factories import User
from tests.support.jobs import Runner
from village import cli

ROOT = Path(__file__).resolve().parents[2]
PWA = ROOT / "pwa"
AXE = PWA / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
# Chromium's background services try to reach Google, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]

pytestmark = pytest.mark.e2e


def chromium_path() -> str:
    path = cli.find_chromium()
    if not path:
        pytest.fail("Chromium is not installed: `apt-get install chromium` (`village test` does this when it can)")
    return path


@pytest.fixture(scope="session")
def pwa_dist() -> Path:
    """pwa/dist (or VILLAGE_E2E_DIST), rebuilt when a source or the schema is newer. Several test processes
    may get here at once: a lock file makes one build and the others wait."""
    import fcntl

    private = os.environ.get("VILLAGE_E2E_DIST")  # a build of one's own, for several people in one checkout
    with open(Path(tempfile.gettempdir()) / f"village-pwa-build-{os.getuid()}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        dist = Path(private) if private else PWA / "dist"
        if cli.pwa_stale(dist):
            assert cli.npm_install(PWA), "npm ci failed in pwa/ (see the output above)"
            # `npm run build` is codegen, tsc, then vite build, which takes the extra arguments.
            extra = ["--", "--outDir", str(dist), "--emptyOutDir"] if private else []
            done = subprocess.run(["npm", "run", "build", *extra], cwd=PWA, capture_output=True, text=True)
            assert done.returncode == 0, done.stdout + done.stderr
    return dist


@pytest.fixture(scope="session")
def app_url(pwa_dist: Path, database_url: str, settings, tmp_path_factory) -> Iterator[str]:
    """The API serving the fresh build at / (its own server: the static route is fixed at start)."""
    with serve(
        database_url, settings, tmp_path_factory.mktemp("e2e_server") / "uvicorn.log", VILLAGE_PWA_DIST=str(pwa_dist)
    ) as base:
        yield base


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        b = await pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield b
        await b.close()


@pytest.fixture
async def context(browser: Browser, app_url: str, clean) -> AsyncIterator[BrowserContext]:
    ctx = await browser.new_context(
        base_url=app_url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-US",
        bypass_csp=True,
    )  # bypass: axe-core is injected inline
    ctx.set_default_timeout(10_000)
    yield ctx
    await ctx.close()


@pytest.fixture
async def page(context: BrowserContext) -> AsyncIterator[Page]:
    p = await context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
async def runner(settings, sessions, redis) -> AsyncIterator[Runner]:
    """The worker's jobs (outbox → notifications → pushes, match computation), run in this process
    when the test says so: `await runner.run()`."""
    async with session_scope(sessions) as db:
        keys = await vapid_keys(db, settings)
    async with PushSender(keys, settings.vapid_contact, allow_insecure_localhost=True) as sender:
        yield Runner(settings, sessions, sender, redis)


async def sign_in(page: Page, user: User, path: str = "/") -> None:
    """Start signed in as `user` (their token on this device, as the log-in screen leaves it)."""
    await page.goto("/login")
    await page.evaluate(
        "([token, id]) => { localStorage.setItem('village.token', token); localStorage.setItem('village.user', id); }",
        [user.token, user.id],
    )
    await page.goto(path)


async def run_axe(page: Page) -> list[dict[str, Any]]:
    if not await page.evaluate("() => typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(
        "async () => (await axe.run(document, "
        "{ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })).violations"
    )
    return result


@pytest.fixture
def axe():
    """`await axe(page)` fails the test with a readable list when axe-core finds any WCAG 2.2 AA violation."""

    async def check(page: Page, what: str = "") -> None:
        await page.wait_for_load_state("networkidle")
        violations = await run_axe(page)
        report = [
            {
                "rule": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [n["target"] for n in v["nodes"]][:5],
            }
            for v in violations
        ]
        assert not violations, f"axe on {what or page.url}:\n{json.dumps(report, indent=2)}"

    return check
