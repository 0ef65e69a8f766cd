"""Prometheus metrics at /metrics: only for the bearer of VILLAGE_METRICS_TOKEN; operation latency
with bounded labels; errors by code; outbox gauges read at scrape time; the worker's own exporter."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from graphql import GraphQLError
from litestar.testing import AsyncTestClient
from sqlalchemy import text

from api import metrics
from schema.observability import error_code
from schema.persisted import registry
from tests.operations.support import samples, value
from village.app import create_app

TOKEN = "a-long-random-metrics-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LATENCY = "village_graphql_operation_duration_seconds_count"
ERRORS = "village_graphql_errors_total"


@pytest.fixture
async def ops(settings, clean) -> AsyncIterator[AsyncTestClient]:
    """The app with a metrics token configured."""
    async with AsyncTestClient(create_app(dataclasses.replace(settings, metrics_token=TOKEN))) as c:
        yield c


async def scrape(client: AsyncTestClient) -> dict:
    r = await client.get("/metrics", headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    return samples(r.text)


async def test_metrics_are_not_there_without_a_token_configured(client):
    r = await client.get("/metrics", headers=AUTH)
    assert r.status_code == 404 and "village_" not in r.text


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"}],
)
async def test_metrics_need_the_exact_bearer_token(ops, headers):
    r = await ops.get("/metrics", headers=headers)
    assert r.status_code == 404 and "village_" not in r.text


async def test_latency_is_labelled_by_operation_name_with_bounded_cardinality(ops):
    sha, op = next((sha, op) for sha, op in registry().items() if "$" not in op.document.split("{")[0])
    before = await scrape(ops)
    await ops.post("/graphql", json={"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha}}})
    await ops.post("/graphql", json={"query": "query MadeUpByAnyone { __typename }"})
    await ops.post("/graphql", json={"query": "{ __typename }"})
    after = await scrape(ops)
    for label in (op.name, "other", "anonymous"):
        assert value(after, LATENCY, operation=label) == value(before, LATENCY, operation=label) + 1, label
    assert not any(dict(labels).get("operation") == "MadeUpByAnyone" for _, labels in after)


async def test_errors_are_counted_by_code(ops):
    before = await scrape(ops)
    await ops.post("/graphql", json={"query": '{ node(id: "%s") { id } }' % ("x" * 101)})  # a domain error
    await ops.post("/graphql", json={"query": "{ nope "})  # a syntax error
    hash_only = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}}
    await ops.post("/graphql", json=hash_only)  # refused before execution
    after = await scrape(ops)
    for code in ("INVALID_ID", "GRAPHQL_VALIDATION", "PERSISTED_QUERY_NOT_FOUND"):
        assert value(after, ERRORS, code=code) == value(before, ERRORS, code=code) + 1, code


def test_a_bug_counts_as_internal_whatever_its_message():
    assert error_code(GraphQLError("boom", original_error=RuntimeError("SELECT secret"))) == "INTERNAL"
    assert error_code(GraphQLError("Cannot query field")) == "GRAPHQL_VALIDATION"


async def test_outbox_backlog_and_oldest_pending_age_are_read_at_scrape_time(ops, engine):
    assert value(await scrape(ops), "village_outbox_backlog") == 0
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "insert into outbox_events (kind, created_at, dispatched_at) values "
                "('test.a', now() - interval '90 seconds', null), ('test.b', now(), null), "
                "('test.c', now() - interval '1 hour', now())"
            )
        )
    after = await scrape(ops)
    assert value(after, "village_outbox_backlog") == 2
    assert 90 <= value(after, "village_outbox_oldest_pending_seconds") < 300


def test_push_outcomes_by_status_class():
    def count(label: str) -> float:
        return metrics.pushes.labels(label)._value.get()

    before = {c: count(c) for c in ("2xx", "4xx", "5xx", "network", "refused")}
    for status, outcome in [(201, "delivered"), (410, "gone"), (429, "retry"), (503, "retry"), (None, "retry")]:
        metrics.push_outcome(status, outcome)
    metrics.push_outcome(None, "refused")
    assert {c: count(c) - before[c] for c in before} == {"2xx": 1, "4xx": 2, "5xx": 1, "network": 1, "refused": 1}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_the_worker_serves_its_own_metrics_to_the_token_bearer_only():
    port = _free_port()
    metrics.job_finished("dispatch_outbox", "complete", 0.2, 0.05)
    assert metrics.start_worker_exporter(port, "127.0.0.1", TOKEN)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
        assert (await http.get("/metrics")).status_code == 404
        assert (await http.get("/metrics", headers={"Authorization": "Bearer nope"})).status_code == 404
        r = await http.get("/metrics", headers=AUTH)
    assert r.status_code == 200
    got = samples(r.text)
    assert value(got, "village_jobs_total", job="dispatch_outbox", outcome="complete") >= 1
    assert value(got, "village_job_queue_seconds_count", job="dispatch_outbox") >= 1
