"""A `village` command run as a real process, its output collected line by line as it comes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

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
