"""Request ids: kept from a sane X-Request-ID or made up, returned in the response, on every log
line written for the request, and on the worker's lines for the jobs the request enqueued."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import func, select

from api import metrics
from api.outbox.models import OutboxEvent
from tests.notifications.support import POST_NEED, scene
from tests.operations.support import captured_logs
from tests.support.jobs import FUNCTIONS
from tests.support.polling import wait_for


async def test_a_sane_incoming_request_id_is_kept(client):
    r = await client.get("/healthz", headers={"X-Request-ID": "edge-7f3a:42"})
    assert r.headers["x-request-id"] == "edge-7f3a:42"


@pytest.mark.parametrize("incoming", [None, "x" * 65, "has space", 'quote"', "ünicode".encode(), ""])
async def test_otherwise_a_fresh_one_is_made(client, incoming):
    headers = {"X-Request-ID": incoming} if incoming is not None else {}
    first = (await client.get("/healthz", headers=headers)).headers["x-request-id"]
    second = (await client.get("/healthz", headers=headers)).headers["x-request-id"]
    assert len(first) == 32 and first != second and first not in (incoming, "ünicode")


def _post_need(s) -> dict[str, Any]:
    return {
        "query": POST_NEED,
        "variables": {"i": {"communityId": s.community.id, "category": "tutoring.math", "title": "Fractions"}},
    }


async def test_the_apis_log_lines_for_a_request_carry_its_id(client, f, monkeypatch):
    s = await scene(f)

    async def redis_is_down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(client.app.state.queue, "enqueue", redis_is_down)
    with captured_logs(logging.INFO) as logs:
        r = await client.post("/graphql", json=_post_need(s), headers={**s.ana.headers, "X-Request-ID": "req-api-1"})
    assert "errors" not in r.json()
    [line] = [line for line in logs.lines() if line["msg"].startswith("could not enqueue")]
    assert line["request_id"] == "req-api-1"


async def test_a_mutations_request_id_follows_it_into_the_job_it_enqueues(
    client, f, settings, sessions, running_worker
):
    s = await scene(f)
    ran = []

    # The real job, plus one line of its own: proves the id is set while the job runs, not only
    # copied onto the worker's summary line.
    async def dispatch_outbox(ctx: dict[str, Any], **kwargs: Any) -> Any:
        logging.getLogger("tests.job").info("inside the job", extra={"job_key": ctx["job"].key})
        ran.append(kwargs)
        return await FUNCTIONS["dispatch_outbox"](ctx, **kwargs)

    dispatch_outbox.__qualname__ = "dispatch_outbox"  # SAQ registers jobs by qualified name

    functions = [dispatch_outbox, *(fn for name, fn in FUNCTIONS.items() if name != "dispatch_outbox")]
    jobs_before = metrics.jobs.labels("dispatch_outbox", "complete")._value.get()
    with captured_logs(logging.INFO) as logs:
        r = await client.post("/graphql", json=_post_need(s), headers=s.ana.headers)
        request_id = r.headers["x-request-id"]
        async with sessions() as db:  # the mutation's outbox event: the newest one yet
            key = f"outbox:{await db.scalar(select(func.max(OutboxEvent.id)))}"
        async with running_worker(settings, cron_jobs=[], functions=functions):
            await wait_for(
                lambda: any(
                    line.get("request_id") == request_id and line.get("event") == "job" for line in logs.lines()
                )
            )
    assert ran, "the mutation enqueued no dispatch_outbox job"
    lines = logs.lines()
    inside = [line for line in lines if line["msg"] == "inside the job" and line["job_key"] == key]
    summary = [line for line in lines if line.get("event") == "job" and line["job_key"] == key]
    assert inside and summary
    assert {line.get("request_id") for line in inside + summary} == {request_id}
    # The worker's lines for jobs no request caused carry no request id.
    assert all(line.get("request_id") is None for line in lines if line.get("event") == "worker_started")
    # And the job was measured.
    assert metrics.jobs.labels("dispatch_outbox", "complete")._value.get() == jobs_before + len(ran)
