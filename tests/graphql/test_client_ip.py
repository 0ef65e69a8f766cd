"""The IP address rate limits are counted under is the connection's, unless VILLAGE_TRUSTED_PROXIES
names the proxy in front: a client on the same host cannot choose its own with X-Forwarded-For."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import yaml

from api.config import ROOT, Settings, settings_from_env
from tests.support.processes import http_server
from village import cli

LOG_IN = "mutation($i: LogInInput!) { logIn(input: $i) { token errors { code } } }"
PER_IP = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def api(database_url: str, settings: Settings, log: Path, trusted_proxies: str) -> Iterator[str]:
    """The API as `village run` starts it (same command), on test settings; yields its URL."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.redis_url,
        "VILLAGE_ENV": "test",
        "VILLAGE_REDIS_PREFIX": f"{settings.redis_prefix}{uuid.uuid4().hex[:8]}:",
        "VILLAGE_LOGIN_PER_IP": str(PER_IP),
        # uvicorn's own variable must not reopen what the setting closed.
        "FORWARDED_ALLOW_IPS": "*",
    }
    command = cli.api_command("127.0.0.1", port, trusted_proxies)
    with http_server(command, env, log, f"http://127.0.0.1:{port}") as base:
        yield base


def setting_from_env(monkeypatch: pytest.MonkeyPatch, value: str | None) -> str:
    """The setting as `village run` reads it from the environment."""
    if value is None:
        monkeypatch.delenv("VILLAGE_TRUSTED_PROXIES", raising=False)
    else:
        monkeypatch.setenv("VILLAGE_TRUSTED_PROXIES", value)
    return settings_from_env().trusted_proxies


def log_in(base: str, forwarded_for: str) -> str:
    """The outcome of a failed login (a new email each time, so only the per-IP limit can bite)."""
    variables = {"i": {"email": f"{uuid.uuid4().hex[:10]}@example.org", "password": "not the password"}}
    r = httpx.post(
        f"{base}/graphql",
        json={"query": LOG_IN, "variables": variables},
        headers={"X-Forwarded-For": forwarded_for},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    return r.json()["data"]["logIn"]["errors"][0]["code"]


@pytest.mark.parametrize("trusted", [None, ""], ids=["unset", "empty"])
def test_by_default_x_forwarded_for_cannot_escape_the_per_ip_limit(
    database_url, settings, clean, tmp_path, monkeypatch, trusted
):
    with api(database_url, settings, tmp_path / "uvicorn.log", setting_from_env(monkeypatch, trusted)) as base:
        assert [log_in(base, "203.0.113.9") for _ in range(PER_IP)] == ["BAD_CREDENTIALS"] * PER_IP
        # Another claimed address is still this connection: still limited.
        assert log_in(base, "198.51.100.7") == "RATE_LIMITED"
        assert log_in(base, "203.0.113.10") == "RATE_LIMITED"


def test_a_trusted_proxy_passes_on_its_clients_addresses(database_url, settings, clean, tmp_path, monkeypatch):
    with api(database_url, settings, tmp_path / "uvicorn.log", setting_from_env(monkeypatch, "127.0.0.1")) as base:
        assert [log_in(base, "203.0.113.9") for _ in range(PER_IP)] == ["BAD_CREDENTIALS"] * PER_IP
        assert log_in(base, "203.0.113.9") == "RATE_LIMITED"
        # The proxy's other client has its own count.
        assert log_in(base, "198.51.100.7") == "BAD_CREDENTIALS"


def test_run_passes_the_setting_to_uvicorn():
    assert "--no-proxy-headers" in cli.api_command("127.0.0.1", 8000, "")
    command = cli.api_command("127.0.0.1", 8000, "10.0.0.0/8,192.0.2.1")
    assert command[command.index("--forwarded-allow-ips") + 1] == "10.0.0.0/8,192.0.2.1"
    assert "--proxy-headers" in command


def test_compose_gives_the_image_the_setting():
    # The image's CMD is exec form (no variables), so uvicorn reads its own FORWARDED_ALLOW_IPS;
    # compose fills it from VILLAGE_TRUSTED_PROXIES, empty (trust no one) unless that is set.
    env = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]["api"]["environment"]
    assert env["FORWARDED_ALLOW_IPS"] == "${VILLAGE_TRUSTED_PROXIES:-}"
    assert env["VILLAGE_TRUSTED_PROXIES"] == "${VILLAGE_TRUSTED_PROXIES:-}"
