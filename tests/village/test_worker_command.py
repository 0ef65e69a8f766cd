"""`village worker` on its own, with no DATABASE_URL: it starts the embedded PostgreSQL, applies the
migrations as `village run` does, and starts (it needs the `secrets` table for its VAPID key)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import uuid
from pathlib import Path

import pytest
from redis import Redis

from tests.support.processes import village


@pytest.mark.e2e
def test_village_worker_on_the_embedded_database_migrates_then_starts(settings):
    # Not under pytest's tmp_path: as root, PostgreSQL runs as `pgserver`, which must traverse it.
    data = Path(tempfile.mkdtemp(prefix="village-worker-"))
    prefix = f"test:{uuid.uuid4().hex[:12]}:"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "VILLAGE_ENV")}
    env.update(REDIS_URL=settings.redis_url, VILLAGE_REDIS_PREFIX=prefix, VILLAGE_DATA_DIR=str(data))
    try:
        with village("worker", env=env) as worker:
            started = json.loads(worker.wait_for(lambda line: '"worker_started"' in line))
            assert "village: applying migrations\n" in worker.output
            assert started["queue"] == f"{prefix}jobs"
            worker.process.send_signal(signal.SIGTERM)
            assert worker.process.wait(timeout=60) == 0, "".join(worker.output)
            output = worker.output
    finally:
        shutil.rmtree(data, ignore_errors=True)
        with Redis.from_url(settings.redis_url) as r:  # the cron jobs it scheduled
            if keys := list(r.scan_iter(match=f"saq*{prefix}*", count=1000)):
                r.delete(*keys)
    assert not any('relation "secrets" does not exist' in line for line in output)
