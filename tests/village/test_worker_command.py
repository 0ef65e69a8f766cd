"""`village worker` on its own, with no DATABASE_URL: it starts the embedded PostgreSQL, applies the
migrations as `village run` does, and starts (it needs the `secrets` table for its VAPID key)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from redis import Redis

from api.config import ROOT


@pytest.mark.e2e
def test_village_worker_on_the_embedded_database_migrates_then_starts(settings):
    # Not under pytest's tmp_path: as root, PostgreSQL runs as `pgserver`, which must traverse it.
    data = Path(tempfile.mkdtemp(prefix="village-worker-"))
    prefix = f"test:{uuid.uuid4().hex[:12]}:"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "VILLAGE_ENV")}
    env.update(REDIS_URL=settings.redis_url, VILLAGE_REDIS_PREFIX=prefix, VILLAGE_DATA_DIR=str(data))
    worker = subprocess.Popen(
        [sys.executable, "-m", "village.cli", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(worker.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while not any('"worker_started"' in line for line in output):
            assert worker.poll() is None and time.monotonic() < deadline, "".join(output)
            time.sleep(0.2)
        assert "village: applying migrations\n" in output
        started = json.loads(next(line for line in output if '"worker_started"' in line))
        assert started["queue"] == f"{prefix}jobs"
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0, "".join(output)
        reader.join(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        shutil.rmtree(data, ignore_errors=True)
        with Redis.from_url(settings.redis_url) as r:  # the cron jobs it scheduled
            if keys := list(r.scan_iter(match=f"saq*{prefix}*", count=1000)):
                r.delete(*keys)
    assert not any('relation "secrets" does not exist' in line for line in output)
