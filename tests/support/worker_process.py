"""The real worker (make_worker, settings from the environment, as `village worker` runs it) with two
jobs of the tests' own added, so a test can count from outside what several worker processes did:

- `tally(n)` pushes "<n>" with this process's pid onto `<prefix>tally` (exactly-once checks);
- `tick`, a cron job every two seconds, pushes its scheduled time and the pid onto `<prefix>ticks`
  (once-per-schedule checks).

Both write to the worker's own Redis (a cluster on the topology).

    python -m tests.support.worker_process"""

from __future__ import annotations

import asyncio
import os
import uuid
from typing import Any

from saq import CronJob

from api.config import settings_from_env
from workers.logs import configure_logging
from workers.settings import cron_jobs, functions, make_worker


async def tally(ctx: dict[str, Any], *, n: int) -> None:
    await asyncio.sleep(0.01)  # long enough that both workers take a share
    # One member per run: the cluster client may send a command again after a connection error it
    # cannot tell from a lost answer (redis-py's retries), which a list would count twice; a set
    # keeps one copy of the same member, while a second run adds a second member.
    await ctx["redis"].sadd(f"{ctx['settings'].redis_prefix}tally", f"{n}:{os.getpid()}:{uuid.uuid4().hex}")


async def tick(ctx: dict[str, Any]) -> None:
    await ctx["redis"].rpush(f"{ctx['settings'].redis_prefix}ticks", f"{ctx['job'].scheduled}:{os.getpid()}")


async def main() -> None:
    settings = settings_from_env()
    worker = make_worker(
        settings,
        functions=[*functions(), tally, tick],
        cron_jobs=[*cron_jobs(settings), CronJob(tick, cron="* * * * * */2")],
        # A sweep every second rather than every minute, so that sweeps land among the jobs.
        timers={"sweep": 1},
    )
    await worker.queue.connect()
    try:
        await worker.start()
    finally:
        await worker.queue.disconnect()


if __name__ == "__main__":
    configure_logging()
    asyncio.run(main())
