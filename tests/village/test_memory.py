"""An API process loads only what serving needs: the heavy libraries the worker uses (numpy for the
roll-up's suppression, pydantic for `webpush`) stay out of it, so each API process stays small
(bench/load.py measures its memory under load)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import json, sys
from api.config import Settings
from village.app import create_app
app = create_app(Settings(database_url=sys.argv[1], redis_url=sys.argv[2]))
from api import language
assert language.detect("Necesito ayuda con la tarea de matemáticas", "en") == "es"  # as a new need is analysed
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def _run(program: str, *args: str):
    """`program` in a fresh Python process; what it printed last, as JSON."""
    out = subprocess.run(
        [sys.executable, "-c", program, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_api_process_leaves_the_workers_heavy_libraries_out(database_url, settings):
    loaded = set(_run(PROGRAM, database_url, settings.redis_url))
    assert "strawberry" in loaded and "litestar" in loaded  # it did build the app
    assert not loaded & {"numpy", "pydantic", "pydantic_core", "aiohttp", "webpush"}, sorted(loaded)


HASHING = """
import asyncio, json, sys
import psutil
from api import security
from api.config import Settings
from village.app import create_app
if sys.argv[3] == "app":
    create_app(Settings(database_url=sys.argv[1], redis_url=sys.argv[2]))
rss = lambda: psutil.Process().memory_info().rss
async def main():
    await security.hash_password("warm-up-password")
    before = rss()
    for i in range(3):
        await asyncio.gather(*[security.hash_password(f"password-{i}-{j}") for j in range(8)])
    print(json.dumps((rss() - before) / 2**20))
asyncio.run(main())
"""


def _growth(database_url, settings, mode: str) -> float:
    return _run(HASHING, database_url, settings.redis_url, mode)


def test_sign_ins_give_their_hashing_memory_back(database_url, settings):
    # Each Argon2 hash takes 19 MiB; 24 of them, 8 at a time on the executor's threads. Without
    # api.security.return_big_blocks_to_the_os every thread's malloc arena keeps its 19 MiB.
    kept_without = _growth(database_url, settings, "bare")
    kept_with_app = _growth(database_url, settings, "app")
    assert kept_without > 60, kept_without  # what the app's setting exists for (glibc's default)
    assert kept_with_app < 25, kept_with_app
