"""Real processes for the tests: a `village` command with its output collected line by line as it
comes, and an HTTP server started and waited for until it is healthy."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from api.config import ROOT


@dataclass
class Village:
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)

    def wait_for(self, found: Callable[[str], bool], timeout: float = 120) -> str:
        """The first output line for which `found` is true; fails if the process exits first."""
        deadline = time.monotonic() + timeout
        while True:
            for line in list(self.output):
                if found(line):
                    return line
            assert self.process.poll() is None and time.monotonic() < deadline, "".join(self.output)
            time.sleep(0.2)


@contextmanager
def village(*args: str, env: dict[str, str]) -> Iterator[Village]:
    """`village <args>` (stdout and stderr together); killed on the way out if still running."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "village.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    run = Village(proc)
    reader = threading.Thread(target=lambda: run.output.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        yield run
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=10)


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    """Ask a process to stop (`sig`), and kill it if it has not within `timeout` seconds."""
    if proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def http_server(command: list[str], env: dict[str, str], log: Path, base: str) -> Iterator[str]:
    """Run `command` (an HTTP server answering `base`/healthz), its output in `log`; yields `base`
    once it is healthy, and stops it on the way out."""
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, f"the server exited with {proc.returncode}:\n{log.read_text()}"
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"the server did not become healthy:\n{log.read_text()}"
            time.sleep(0.2)
        yield base
    finally:
        stop(proc)
