"""Chaos harness: a throwaway redis-server (AOF fsynced on every write, so a SIGKILL loses nothing,
as a crashed production Redis with persistence would come back), and `village worker` as a real
process that can be SIGKILLed. Never the machine's shared Redis: these tests kill their server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from api.config import Settings
from tests.conftest import ROOT
from tests.support.processes import stop as stop_process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RedisServer:
    """One redis-server on a fixed port and data directory, which a test stops and starts again."""

    dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir)]
        args += ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no"]
        log = (self.dir / "redis.log").open("ab")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while True:
            assert self.process.poll() is None, (self.dir / "redis.log").read_text()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def crash(self) -> None:
        """SIGKILL: no goodbye to clients; what was written is in the AOF."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.process = None


@pytest.fixture
def chaos_redis(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.dir.mkdir()
    server.start()
    try:
        yield server
    finally:
        if server.process is not None:
            server.process.terminate()
            server.process.wait(10)


# To replay a chaos test against another checkout's worker (say, the commit before a fix), point
# this at its tree: the worker process then runs that code on this test's database and Redis.
WORKER_ROOT = Path(os.environ.get("VILLAGE_CHAOS_WORKER_ROOT") or ROOT)


@dataclass
class WorkerProcess:
    """`village worker` in its own process, its JSON log lines in `log`."""

    log: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None

    def start(self) -> None:
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "village.cli", "worker"],
            cwd=WORKER_ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def alive(self) -> bool:
        assert self.process is not None and self.process.poll() is None, self.log.read_text()
        return True

    def logged(self, text: str) -> bool:
        self.alive()
        return text in self.log.read_text()

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, signal.SIGTERM, timeout=20)


@pytest.fixture
def worker_process(tmp_path):
    """`start(settings, **env)`: a `village worker` on the settings' database and Redis; stopped after."""
    started: list[WorkerProcess] = []

    def start(settings: Settings, **env: str) -> WorkerProcess:
        w = WorkerProcess(
            tmp_path / f"worker{len(started)}.log",
            {
                **os.environ,
                "DATABASE_URL": settings.database_url,
                "REDIS_URL": settings.redis_url,
                "VILLAGE_REDIS_PREFIX": settings.redis_prefix,
                "VILLAGE_ENV": "test",
                **env,
            },
        )
        started.append(w)
        w.start()
        return w

    yield start
    for w in started:
        w.stop()


# --- The API as a process of its own ------------------------------------------------------------------
import urllib.request  # noqa: E402


@dataclass
class ApiProcess:
    """The API as `village run` starts it (uvicorn, the app factory) in its own process, so a test can
    SIGKILL it in the middle of requests and start another on the same port."""

    log: Path
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        args = [sys.executable, "-m", "uvicorn", "--factory", "village.app:create_app"]
        args += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"]
        out = self.log.open("ab")
        self.process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            assert self.process.poll() is None, self.log.read_text()
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            assert time.monotonic() < deadline, f"the API did not become healthy:\n{self.log.read_text()}"
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, requests in flight are cut off mid-way."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)


@pytest.fixture
def api_process(tmp_path):
    """`start(settings)`: the API on the settings' database and Redis, healthy; stopped after."""
    started: list[ApiProcess] = []

    def start(settings: Settings, port: int | None = None) -> ApiProcess:
        env = {
            **os.environ,
            "DATABASE_URL": settings.database_url,
            "REDIS_URL": settings.redis_url,
            "VILLAGE_REDIS_PREFIX": settings.redis_prefix,
            "VILLAGE_ENV": "test",
        }
        api = ApiProcess(tmp_path / f"api{len(started)}.log", env)
        if port is not None:
            api.port = port
        started.append(api)
        api.start()
        return api

    yield start
    for api in started:
        api.stop()
