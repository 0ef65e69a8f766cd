"""The `village` command and the deployment files: compose services run real commands, `village
test` passes arguments through and falls back to embedded servers, `village run` serves and stops
cleanly, `village worker` stops on SIGTERM, `village create-admin` creates or promotes."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import psutil
import pytest
import yaml
from saq.job import Status

from api.config import ROOT
from tests.support.jobs import finished, started
from tests.support.processes import village
from village import cli, embedded
from workers.settings import make_queue


def _subcommands() -> set[str]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)


def _dockerfile_cmd() -> list[str]:
    text = (ROOT / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if line.startswith("CMD ")]
    assert len(lines) == 1, "the Dockerfile has one CMD, in exec (JSON) form"
    return json.loads(lines[0][4:])


@pytest.fixture
def data_dir():
    """A data folder for embedded servers. Not under pytest's tmp_path: as root, PostgreSQL runs as
    the `pgserver` user, which must traverse the folder's parents, and pytest makes its own temp
    root private again whenever another pytest process starts."""
    path = Path(tempfile.mkdtemp(prefix="village-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- deployment files ---------------------------------------------------------------------------


def test_compose_runs_real_village_commands_in_the_right_order():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = {name: s for name, s in compose["services"].items() if "profiles" not in s}
    assert set(services) == {"postgres", "redis", "migrate", "api", "worker"}
    commands = _subcommands()
    for name in ("migrate", "worker"):
        command = services[name]["command"]
        assert command[0] == "village" and command[1] in commands, command
    assert services["migrate"]["command"] == ["village", "migrate"]
    assert services["worker"]["command"] == ["village", "worker"]

    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in ("api", "worker"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"},
            "redis": {"condition": "service_healthy"},
        }
        env = services[name]["environment"]
        assert env["VILLAGE_ENV"] == "production"
        assert "@postgres:5432/village" in env["DATABASE_URL"] and env["REDIS_URL"].startswith("redis://redis:6379")
    assert services["migrate"]["restart"] == "no"
    pg = services["postgres"]["environment"]
    assert services["api"]["environment"]["DATABASE_URL"].startswith(f"postgresql+asyncpg://{pg['POSTGRES_USER']}:")
    # The API runs the image's CMD; its health check asks /healthz on the port the CMD listens on.
    assert "command" not in services["api"]
    assert services["api"]["ports"] == ["127.0.0.1:8000:8000"]  # not published beyond this host
    assert "http://127.0.0.1:8000/healthz" in " ".join(services["api"]["healthcheck"]["test"])


def test_the_scale_profile_adds_a_replica_a_second_api_reading_it_and_a_second_worker():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    scale = {name: s for name, s in compose["services"].items() if s.get("profiles") == ["scale"]}
    assert set(scale) == {"postgres-replica", "api-2", "worker-2"}
    replica = scale["postgres-replica"]
    assert "pg_basebackup" in " ".join(replica["command"]) and " -R " in " ".join(replica["command"])
    api, worker = compose["services"]["api"], compose["services"]["worker"]
    assert scale["api-2"]["environment"]["DATABASE_URL"] == api["environment"]["DATABASE_URL"]
    assert "@postgres-replica:5432/village" in scale["api-2"]["environment"]["DATABASE_REPLICA_URL"]
    assert scale["api-2"]["depends_on"]["postgres-replica"] == {"condition": "service_healthy"}
    assert scale["worker-2"]["command"] == ["village", "worker"]
    assert scale["worker-2"]["environment"] == worker["environment"]  # workers write: the primary only


def test_dockerfile_runs_the_app_factory_as_a_non_root_user():
    cmd = _dockerfile_cmd()
    assert cmd[:3] == ["uvicorn", "village.app:create_app", "--factory"]
    assert cmd[cmd.index("--port") + 1] == "8000" and cmd[cmd.index("--host") + 1] == "0.0.0.0"
    # Several API processes (uvicorn reads WEB_CONCURRENCY), in the image and in compose.
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^\s+WEB_CONCURRENCY=2\b", dockerfile, re.M)
    # uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1 (VILLAGE_TRUSTED_PROXIES).
    assert re.search(r'^\s+FORWARDED_ALLOW_IPS=""$', dockerfile, re.M)
    api_env = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]["api"]["environment"]
    assert api_env["WEB_CONCURRENCY"] == "${WEB_CONCURRENCY:-2}"
    from village.app import create_app

    assert callable(create_app)
    text = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in text
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")
    assert (ROOT / "migrations" / "alembic.ini").exists()  # copied into the image for `village migrate`


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(["--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "worker", "migrate", "seed", "create-admin", "export-schema", "test"):
        assert command in out
    assert _subcommands() >= {"run", "worker", "migrate", "seed", "create-admin", "export-schema", "test"}


# --- village test -------------------------------------------------------------------------------


def test_village_test_passes_arguments_to_pytest_and_counts_no_tests_as_failure(monkeypatch):
    calls: list[tuple[list[str], dict[str, str]]] = []
    exit_codes = [0, 5, 0]

    def run(args, env):
        calls.append((list(args), env))
        return exit_codes.pop(0)

    monkeypatch.setattr(cli, "run_pytest", run)
    monkeypatch.setattr(cli, "_pwa_tests", lambda: 0)
    prepared: list[str] = []
    monkeypatch.setattr(cli, "ensure_chromium", lambda: prepared.append("chromium"))
    monkeypatch.setattr(cli, "npm_install", lambda folder: prepared.append(folder.name) or True)
    lint_codes = [0, 1]
    monkeypatch.setattr(cli, "_lint", lambda: prepared.append("ruff") or lint_codes.pop(0))
    monkeypatch.setenv("VILLAGE_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    monkeypatch.setenv("VILLAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

    assert cli.main(["test", "-k", "login", "-x", "tests/graphql"]) == 0
    assert calls[-1][0] == ["-k", "login", "-x", "tests/graphql"]
    assert cli.main(["test", "tests/nothing_here"]) == 1  # pytest's 5, "no tests ran"
    assert prepared == []  # chosen tests: nothing installed
    assert cli.main(["test"]) == 0
    assert calls[-1][0] == ["-n", "2", "-q", "tests"]
    assert prepared == ["chromium", "pwa", "ruff"]  # the whole suite: the browser tests' needs, then ruff
    assert calls[-1][1]["VILLAGE_TEST_DATABASE_URL"] == "postgresql://postgres@127.0.0.1:5432/postgres"
    exit_codes.append(0)
    assert cli.main(["test"]) == 1  # ruff found a problem: the suite fails even though pytest passed


def test_village_test_starts_embedded_servers_when_nothing_answers(monkeypatch, data_dir):
    """With nothing on the PostgreSQL and Redis ports, `village test` runs the tests against embedded
    servers (conftest included: one real test runs on them) and stops the servers afterwards."""
    monkeypatch.delenv("VILLAGE_TEST_DATABASE_URL", raising=False)
    monkeypatch.delenv("VILLAGE_TEST_REDIS_URL", raising=False)
    monkeypatch.setenv("VILLAGE_TEST_PG_PORT", str(_closed_port()))
    monkeypatch.setenv("VILLAGE_TEST_REDIS_PORT", str(_closed_port()))
    monkeypatch.setenv("VILLAGE_DATA_DIR", str(data_dir))
    seen: dict[str, str] = {}
    real_run = cli.run_pytest

    def run(args, env):
        seen.update({k: env[k] for k in ("VILLAGE_TEST_DATABASE_URL", "VILLAGE_TEST_REDIS_URL")})
        assert embedded.running_processes(data_dir / "test")
        return real_run(args, env)

    monkeypatch.setattr(cli, "run_pytest", run)
    one_test = "tests/accounts/test_jobs.py::test_purge_deletes_sessions_ended_long_ago_and_keeps_the_rest"
    code = cli.main(["test", "-q", "-p", "no:cacheprovider", one_test])

    assert code == 0
    assert (
        "host=" in seen["VILLAGE_TEST_DATABASE_URL"]
        and str(data_dir).replace("/", "%2F") in seen["VILLAGE_TEST_DATABASE_URL"]
    )
    assert seen["VILLAGE_TEST_REDIS_URL"] == f"unix://{data_dir / 'test' / 'redis' / 'redis.sock'}"
    assert embedded.running_processes(data_dir / "test") == []


# --- village run, village worker ------------------------------------------------------------------


def _env_without_services(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "VILLAGE_ENV")}
    return {**env, **extra}


@pytest.mark.e2e
def test_village_run_serves_the_api_and_stops_everything_on_ctrl_c(data_dir):
    port = _closed_port()
    data = data_dir
    with village(
        "run", "--port", str(port), "--skip-pwa-build", env=_env_without_services(VILLAGE_DATA_DIR=str(data))
    ) as run:
        run.wait_for(lambda line: "Village is running at" in line)
        output = run.output
        assert f"http://127.0.0.1:{port}/" in "".join(output)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
            assert json.load(r) == {"status": "ok", "postgres": "ok", "redis": "ok"}
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/graphql",
            data=json.dumps({"query": "{ viewer { id } }"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=5) as r:
            assert json.load(r) == {"data": {"viewer": None}}
        children = psutil.Process(run.process.pid).children(recursive=True)
        assert len(children) >= 2  # the API and the worker
        assert embedded.running_processes(data)

        run.process.send_signal(signal.SIGINT)
        assert run.process.wait(timeout=60) == 0, "".join(output)
    assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    assert embedded.running_processes(data) == []
    assert "village: stopped embedded Redis and PostgreSQL\n" in output


async def test_village_worker_runs_jobs_and_stops_on_sigterm(settings):
    prefix = f"test:{uuid.uuid4().hex[:12]}:"
    env = _env_without_services(
        DATABASE_URL=settings.database_url, REDIS_URL=settings.redis_url, VILLAGE_REDIS_PREFIX=prefix
    )
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "village.cli", "worker", cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE
    )
    queue = make_queue(dataclasses.replace(settings, redis_prefix=prefix))
    await queue.connect()
    try:
        line = await asyncio.wait_for(worker.stderr.readline(), 30)
        assert json.loads(line)["event"] == "worker_started"
        await started(queue)
        job = await queue.enqueue("purge_expired_sessions")
        await finished(job)
        assert job.status == Status.COMPLETE and job.result == {"deleted": 0}
        logged = json.loads(await asyncio.wait_for(worker.stderr.readline(), 10))
        assert (logged["event"], logged["job"], logged["outcome"]) == ("job", "purge_expired_sessions", "complete")

        t0 = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(worker.wait(), 15) == 0
        assert time.monotonic() - t0 < 5
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()
        keys = [k async for k in queue.redis.scan_iter(match=f"saq*{prefix}*", count=1000)]
        if keys:
            await queue.redis.delete(*keys)
        await queue.disconnect()


# --- village create-admin -------------------------------------------------------------------------


async def test_create_admin_creates_a_platform_admin_then_promotes_an_existing_account(f, settings, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    viewer = "{ viewer { displayName isPlatformAdmin } }"
    login = "mutation($i: LogInInput!) { logIn(input: $i) { token errors { message } } }"

    monkeypatch.setattr(sys, "stdin", io.StringIO("too short\n"))
    with pytest.raises(cli.Fail, match="at least 10 characters"):
        await cli.create_admin("root@example.org", "Root", password_stdin=True)

    monkeypatch.setattr(sys, "stdin", io.StringIO("a long admin password\n"))
    said = await cli.create_admin("Root@Example.org", "Rosa Admin", password_stdin=True)
    assert said == "created platform admin root@example.org"
    token = (await f.ok(login, {"i": {"email": "root@example.org", "password": "a long admin password"}}))["logIn"][
        "token"
    ]
    assert (await f.gql(viewer, token=token))["data"]["viewer"] == {
        "displayName": "Rosa Admin",
        "isPlatformAdmin": True,
    }

    sam = await f.user("Sam")
    assert (await f.ok(viewer, user=sam))["viewer"]["isPlatformAdmin"] is False
    said = await cli.create_admin(sam.email, "ignored", password_stdin=True)  # no password asked
    assert said.startswith(f"promoted {sam.email}")
    assert (await f.ok(viewer, user=sam))["viewer"] == {"displayName": "Sam", "isPlatformAdmin": True}
    assert "already" in await cli.create_admin(sam.email, "Sam", password_stdin=True)
