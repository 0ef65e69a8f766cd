"""Two API processes and two worker processes on the topology (replica, Redis Cluster, the queue's
own Redis): a live update published by one API process reaches a socket held by the other; jobs
are done exactly once across the workers; a cron job runs once per schedule, not once per worker."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from saq.queue.redis import RedisQueue

from api.config import ROOT, Settings
from api.jobs import queue_name
from tests.conftest import serve
from tests.messages.test_live import ADDED, INBOX, _next, _open
from tests.messages.test_messages import SEND, started, tied
from tests.support.polling import wait_for
from tests.support.processes import stop

pytestmark = pytest.mark.topology


@contextlib.contextmanager
def workers(settings: Settings, logs: Path, count: int = 2) -> Iterator[list[subprocess.Popen]]:
    env = {
        **os.environ,
        "VILLAGE_ENV": "test",
        "DATABASE_URL": settings.database_url,
        "DATABASE_REPLICA_URL": settings.database_replica_url,
        "REDIS_URL": settings.redis_url,
        "VILLAGE_QUEUE_REDIS_URL": settings.queue_redis_url,
        "VILLAGE_REDIS_PREFIX": settings.redis_prefix,
    }
    procs = []
    try:
        for i in range(count):
            out = (logs / f"worker-{i}.log").open("w")
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "tests.support.worker_process"],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        yield procs
    finally:
        for p in procs:
            stop(p)


@pytest.fixture
async def processes(f, settings, database_url, tmp_path, redis):
    """Two API processes (their URLs) and two worker processes (their pids), all on the topology."""
    with workers(settings, tmp_path) as procs, contextlib.ExitStack() as apis:
        first = apis.enter_context(serve(database_url, settings, tmp_path / "api-1.log"))
        second = apis.enter_context(serve(database_url, settings, tmp_path / "api-2.log"))

        async def started_up() -> bool:
            return all((tmp_path / f"worker-{i}.log").read_text().count("worker started") for i in range(2))

        await wait_for(started_up, timeout=60, what="both workers to start")
        yield first, second, [p.pid for p in procs]


async def test_a_live_update_published_in_one_api_process_reaches_a_socket_of_the_other(f, processes):
    first, second, _ = processes
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    cid = (await started(f, c, ana, [ben], "Hi Ben"))["conversation"]["id"]
    bens_screen = await _open(first.replace("http://", "ws://") + "/graphql", ben.token, ADDED, {"c": cid})
    bens_inbox = await _open(first.replace("http://", "ws://") + "/graphql", ben.token, INBOX)
    try:
        await _next(bens_inbox)  # the inbox as it is when the socket opens
        await asyncio.sleep(0.5)  # the first process has subscribed on the cluster
        async with httpx.AsyncClient(base_url=second, headers=ana.headers, timeout=30) as http:
            r = await http.post(
                "/graphql", json={"query": SEND, "variables": {"i": {"conversationId": cid, "body": "On my way"}}}
            )
            assert r.json()["data"]["sendMessage"]["errors"] == []
        assert (await _next(bens_screen))["messageAdded"]["body"] == "On my way"
        assert (await _next(bens_inbox))["inboxChanged"]["unreadCount"] == 2
    finally:
        await bens_screen.close()
        await bens_inbox.close()


async def test_jobs_are_done_exactly_once_across_workers(processes, settings, redis):
    _, _, pids = processes
    queue = RedisQueue.from_url(settings.queue_redis_url, name=queue_name(settings))
    try:
        for n in range(120):
            await queue.enqueue("tally", n=n)
    finally:
        await queue.disconnect()
    key = f"{settings.redis_prefix}tally"

    async def all_done() -> bool:
        return await redis.scard(key) >= 120

    await wait_for(all_done, timeout=60, what="120 jobs")
    await asyncio.sleep(1)  # a job done twice would show up by now
    done = [member.decode().split(":") for member in await redis.smembers(key)]  # n, pid, one per run
    assert sorted(int(n) for n, _, _ in done) == list(range(120))  # every job once, none twice
    assert {int(pid) for _, pid, _ in done} == set(pids)  # and both workers took a share


async def test_a_cron_job_runs_once_per_schedule_not_once_per_worker(processes, settings, redis):
    key = f"{settings.redis_prefix}ticks"
    await redis.delete(key)

    async def several_ticks() -> bool:
        return await redis.llen(key) >= 4

    await wait_for(several_ticks, timeout=30, what="four ticks")
    await asyncio.sleep(2.5)  # another schedule's worth: a second worker running it would show
    ticks = [entry.decode().split(":") for entry in await redis.lrange(key, 0, -1)]
    scheduled = [int(at) for at, _ in ticks]
    assert len(scheduled) == len(set(scheduled)), ticks  # no schedule ran twice
    # Every run is one of the schedule's two-second slots. (A slot may pass unrun on a machine too
    # busy to look for a second: SAQ's cron does not catch up, and that is not what is tested here.)
    assert all(at % 2 == 0 for at in scheduled), ticks
