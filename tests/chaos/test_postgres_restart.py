"""PostgreSQL stops under a running API and comes back: meanwhile every GraphQL request is answered at
once with 503, Retry-After and a GraphQL-shaped UNAVAILABLE error (never a bare 500 or a non-JSON
page), /healthz says so, and the same API process serves again within 5 s of PostgreSQL's return."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis

from api.config import Settings
from tests.conftest import REDIS_URL, ROOT, WORKER, serve
from village import embedded

VIEWER = "{ viewer { id displayName } }"
LOG_IN = "mutation($i: LogInInput!) { logIn(input: $i) { token } }"
PASSWORD = "correct horse battery"
UPDATE_PROFILE = "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { errors { message } } }"
RECOVERY = 5.0  # seconds from PostgreSQL accepting connections to the API answering from it again


class ThrowawayPostgres:
    """The embedded PostgreSQL (pgserver) in a temporary folder, stopped and started by the test.
    Not tmp_path: as root, pgserver runs the server as its own OS user, which must reach the folder
    (and its Unix socket path must stay short)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="village-chaos-pg-"))
        self.pgdata = self.root / "postgres"
        self.socket_dir: Path | None = None

    def start(self) -> None:
        # Returns once the server accepts connections (pg_ctl -w).
        self.socket_dir = embedded._start_postgres(self.pgdata)

    def stop(self) -> None:
        embedded._stop_postgres(self.pgdata)  # pg_ctl stop -m fast: every client is disconnected

    def database_url(self, database: str = "village") -> str:
        e = embedded.Embedded(self.root, postgres_socket_dir=self.socket_dir)
        return e.database_url(database)


@pytest.fixture
def chaos_postgres() -> Iterator[ThrowawayPostgres]:
    pg = ThrowawayPostgres()
    pg.start()
    try:
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(pg.root, ignore_errors=True)


@pytest.fixture
def own_redis_prefix() -> Iterator[str]:
    """The shared Redis, under a prefix of this test's own, emptied afterwards."""
    prefix = f"test:{WORKER}:pgrestart:"
    yield prefix
    r = redis.Redis.from_url(REDIS_URL)
    try:
        keys = [*r.scan_iter(match=f"{prefix}*"), *r.scan_iter(match=f"saq*{prefix}*")]
        if keys:
            r.delete(*keys)
    finally:
        r.close()


def _post(client: httpx.Client, query: str, variables: dict | None = None, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)


def _summary(r: httpx.Response) -> str:
    return f"{r.status_code} retry-after={r.headers.get('retry-after')} {r.text[:200]}"


def _not_unavailable(r: httpx.Response, took: float) -> str | None:
    """What is wrong with an answer given while PostgreSQL is down (None: the GraphQL-shaped 503)."""
    if took >= 5:
        return f"answered after {took:.1f} s"
    try:
        body = r.json()  # JSON, never an HTML or plain-text error page
    except ValueError:
        body = None
    if (
        r.status_code != 503
        or not r.headers.get("retry-after", "").isdigit()
        or not isinstance(body, dict)
        or "data" in body
        or len(body.get("errors") or []) != 1
        or not body["errors"][0].get("message")
        or body["errors"][0].get("extensions") != {"code": "UNAVAILABLE"}
    ):
        return _summary(r)
    return None


def _reports_postgres_down(r: httpx.Response) -> bool:
    body = r.json()
    return r.status_code == 503 and body["status"] == "unavailable" and body["postgres"].startswith("down")


@dataclass
class Api:
    """The API (uvicorn, in its own process) on the throwaway PostgreSQL, and a signed-in person."""

    postgres: ThrowawayPostgres
    client: httpx.Client
    token: str


@pytest.fixture
def api(chaos_postgres, own_redis_prefix, tmp_path) -> Iterator[Api]:
    url = chaos_postgres.database_url()
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": REDIS_URL, "VILLAGE_ENV": "test"}
    migrated = subprocess.run(
        [sys.executable, "-m", "village.cli", "migrate"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    settings = Settings(environment="test", database_url=url, redis_url=REDIS_URL, redis_prefix=own_redis_prefix)
    with (
        serve(url, settings, tmp_path / "uvicorn.log") as base,
        httpx.Client(base_url=base, timeout=15) as client,
    ):
        signed_up = _post(
            client,
            "mutation($i: SignUpInput!) { signUp(input: $i) { token errors { message } } }",
            {"i": {"email": "ana@example.org", "password": PASSWORD, "displayName": "Ana"}},
        ).json()
        assert signed_up["data"]["signUp"]["errors"] == [], signed_up
        logged_in = _post(client, LOG_IN, {"i": {"email": "ana@example.org", "password": PASSWORD}}).json()
        token = logged_in["data"]["logIn"]["token"]
        assert token, logged_in
        assert _post(client, VIEWER, token=token).json()["data"]["viewer"]["displayName"] == "Ana"
        yield Api(chaos_postgres, client, token)


def _wait_for_recovery(client: httpx.Client, token: str) -> tuple[httpx.Response, float, list[str]]:
    """Poll with the signed-in person's query from the moment PostgreSQL is back: the last answer,
    when it came, and every answer seen (to show what happened instead of a recovery)."""
    back = time.monotonic()
    seen: list[str] = []  # one line per run of identical answers
    last = None
    while True:
        r = _post(client, VIEWER, token=token)
        elapsed = time.monotonic() - back
        if _summary(r) != last:
            last = _summary(r)
            seen.append(f"from {elapsed:.2f}s: {last}")
        if (r.status_code == 200 and "errors" not in r.json()) or elapsed > RECOVERY + 1:
            return r, elapsed, seen
        time.sleep(0.05)


def test_every_request_is_answered_unavailable_while_postgres_is_down(api):
    client, token = api.client, api.token
    api.postgres.stop()
    # Every kind of request, twice: the first ones meet the pool's dead connections, later ones
    # have to open a connection to a server that is not there. Everything is collected first and
    # judged at the end, so a failure lists every wrong answer (and the recovery) at once.
    down: list[tuple[str, httpx.Response, float]] = []
    health: list[httpx.Response] = []
    for _ in range(2):
        for name, query, variables, bearer in (
            ("viewer query", VIEWER, None, token),
            ("updateProfile mutation", UPDATE_PROFILE, {"i": {"displayName": "Ana B."}}, token),
            ("logIn mutation, no token", LOG_IN, {"i": {"email": "ana@example.org", "password": PASSWORD}}, None),
        ):
            started = time.monotonic()
            r = _post(client, query, variables, bearer)
            down.append((name, r, time.monotonic() - started))
        health.append(client.get("/healthz"))

    api.postgres.start()
    r, recovered, seen = _wait_for_recovery(client, token)
    print(f"\nAPI answered again {recovered:.2f} s after PostgreSQL accepted connections")

    wrong = [f"{name}: {problem}" for name, r, took in down if (problem := _not_unavailable(r, took))]
    wrong += [f"/healthz: {_summary(h)}" for h in health if not _reports_postgres_down(h)]
    assert not wrong, "while PostgreSQL was down:\n" + "\n".join(wrong)
    assert r.status_code == 200 and "errors" not in r.json(), (
        f"no recovery within {RECOVERY} s of PostgreSQL's return:\n" + "\n".join(seen)
    )
    assert recovered <= RECOVERY
    # Until it recovered, every answer was the GraphQL-shaped 503.
    assert all(" 503 " in line for line in seen[:-1]), seen
    assert r.json()["data"]["viewer"]["displayName"] == "Ana"
    # Writes work again too, and /healthz says so.
    done = _post(client, UPDATE_PROFILE, {"i": {"displayName": "Ana B."}}, token)
    assert done.status_code == 200 and done.json() == {"data": {"updateProfile": {"errors": []}}}, done.text
    assert _post(client, VIEWER, token=token).json()["data"]["viewer"]["displayName"] == "Ana B."
    assert client.get("/healthz").status_code == 200


def test_signed_in_traffic_alone_brings_the_api_back_after_postgres_returns(api):
    """The people using the app send their bearer token with every request; nobody signs in while
    PostgreSQL is down. Their requests alone must get the API back on its feet."""
    api.postgres.stop()
    # What these answer is the other test's subject; here they only meet the pool's dead connections.
    down = [_summary(_post(api.client, VIEWER, token=api.token)) for _ in range(3)]

    api.postgres.start()
    r, recovered, seen = _wait_for_recovery(api.client, api.token)
    print(f"\nAPI answered again {recovered:.2f} s after PostgreSQL accepted connections")
    assert r.status_code == 200 and "errors" not in r.json(), (
        f"no recovery within {RECOVERY} s of PostgreSQL's return:\n"
        + "\n".join(seen)
        + "\nwhile down:\n"
        + "\n".join(down)
    )
    assert recovered <= RECOVERY
    assert r.json()["data"]["viewer"]["displayName"] == "Ana"
