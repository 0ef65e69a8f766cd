"""Prometheus metrics (DESIGN.md §12): what the API, the worker and the push sender record, the
outbox gauges read at scrape time, the token check, and the worker's own exporter.

Each process keeps its own values. With several processes behind one port (uvicorn with
WEB_CONCURRENCY > 1) set PROMETHEUS_MULTIPROC_DIR to an empty directory, the same for all of
them, before they start: prometheus_client then keeps values in files there and a scrape sums
them. The worker is another process, usually on another machine or container: it serves its own
metrics on VILLAGE_WORKER_METRICS_PORT (see start_worker_exporter)."""

from __future__ import annotations

import hmac
import logging
import os
import threading
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, make_wsgi_app
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, ThreadingWSGIServer, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.security import parse_bearer

log = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4

graphql_duration = Histogram(
    "village_graphql_operation_duration_seconds",
    "Time to parse, validate and execute a GraphQL operation, by operation name (the PWA's "
    "persisted operations by name; 'anonymous' when unnamed, 'other' for any other name).",
    ["operation"],
)
graphql_errors = Counter(
    "village_graphql_errors_total",
    "GraphQL errors by extensions.code (INTERNAL for bugs, GRAPHQL_VALIDATION for parse and validation errors).",
    ["code"],
)
_JOB_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, float("inf"))
job_queue_time = Histogram(
    "village_job_queue_seconds",
    "Time a job waited between being due and starting, by job.",
    ["job"],
    buckets=_JOB_BUCKETS,
)
job_run_time = Histogram("village_job_run_seconds", "Time a job ran, by job.", ["job"], buckets=_JOB_BUCKETS)
jobs = Counter(
    "village_jobs_total", "Jobs finished, by job and outcome (complete, failed, aborted, retrying).", ["job", "outcome"]
)
pushes = Counter(
    "village_push_outcomes_total",
    "Web Push requests by the push service's answer: 2xx, 4xx, 5xx, network or refused (never sent).",
    ["status"],
)

_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789")


def graphql_error(code: object) -> None:
    # Codes are written by us, but cap them anyway: a label value is a time series forever.
    label = code if isinstance(code, str) and 0 < len(code) <= 40 and set(code) <= _CODE_CHARS else "other"
    graphql_errors.labels(label).inc()


def status_class(status: int | None, outcome: str | None = None) -> str:
    """The push service's answer as 2xx/4xx/5xx; without an answer, 'refused' when we refused the
    endpoint ourselves (endpoints.py), else 'network' (DNS, connect, TLS, timeout, paused origin)."""
    if status is None:
        return "refused" if outcome == "refused" else "network"
    return f"{status // 100}xx" if 100 <= status <= 599 else "other"


def push_outcome(status: int | None, outcome: str | None = None) -> None:
    """One push request's outcome: its HTTP status (None when no answer came) and PushResult.outcome."""
    pushes.labels(status_class(status, outcome)).inc()


def job_finished(job: str, outcome: str, queue_seconds: float | None, run_seconds: float | None) -> None:
    if queue_seconds is not None:
        job_queue_time.labels(job).observe(queue_seconds)
    if run_seconds is not None:
        job_run_time.labels(job).observe(run_seconds)
    jobs.labels(job, outcome).inc()


# --- Scraping ------------------------------------------------------------------------------------


def authorized(authorization: str | None, token: str) -> bool:
    """An `Authorization: Bearer <token>` matching the configured token, compared in constant time.
    No token configured: nobody is."""
    presented = parse_bearer(authorization)
    return bool(token) and presented is not None and hmac.compare_digest(presented.encode(), token.encode())


@cache
def scrape_registry() -> Any:
    """What this process exposes: its own registry, or every process's values in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client.multiprocess import MultiProcessCollector

        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return registry
    return REGISTRY


_OUTBOX_SQL = text(
    # ix_outbox_pending is a partial index on exactly these rows: cheap even with a large backlog.
    "select count(*), coalesce(extract(epoch from now() - min(created_at)), 0) "
    "from outbox_events where dispatched_at is null"
)


async def outbox_gauges(conn: AsyncConnection) -> list[Metric]:
    backlog, oldest = (await conn.execute(_OUTBOX_SQL)).one()
    return [
        GaugeMetricFamily("village_outbox_backlog", "Outbox events not dispatched yet.", value=int(backlog)),
        GaugeMetricFamily(
            "village_outbox_oldest_pending_seconds",
            "Age of the oldest outbox event not dispatched yet (0 when none).",
            value=float(oldest),
        ),
    ]


class _Scrape:
    def __init__(self, base: Any, extra: Iterable[Metric]) -> None:
        self.base, self.extra = base, extra

    def collect(self) -> Iterator[Metric]:
        yield from self.base.collect()
        yield from self.extra


def render(extra: Iterable[Metric] = ()) -> bytes:
    return generate_latest(_Scrape(scrape_registry(), extra))  # type: ignore[arg-type]


# --- The worker's exporter -----------------------------------------------------------------------


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # scrapes every 15 s are not news
        pass


_exporter_lock = threading.Lock()
_exporter: Any = None


def start_worker_exporter(port: int, host: str, token: str) -> bool:
    """Serve this process's metrics at http://host:port/metrics (any path), in a daemon thread, with
    the same Bearer token as the API's /metrics. Idempotent; returns whether it is serving."""
    global _exporter
    if not port:
        return False
    with _exporter_lock:
        if _exporter is not None:
            return True
        metrics_app = make_wsgi_app(scrape_registry())

        def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            if not authorized(environ.get("HTTP_AUTHORIZATION"), token):
                start_response("404 Not Found", [("Content-Type", "text/plain")])
                return [b"Not Found"]
            return metrics_app(environ, start_response)

        _exporter = make_server(host, port, app, ThreadingWSGIServer, handler_class=_Quiet)
        threading.Thread(target=_exporter.serve_forever, name="metrics-exporter", daemon=True).start()
        log.info("worker metrics at %s:%s", host, port, extra={"event": "metrics_exporter", "port": port})
        return True
