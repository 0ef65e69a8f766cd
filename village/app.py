"""create_app(): the Litestar application with GraphQL at /graphql, /healthz and the PWA at /."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, MediaType, Request, Response, get
from litestar.datastructures import State
from litestar.exceptions import HTTPException
from litestar.exceptions.responses import create_exception_response
from sqlalchemy import text

from api import metrics, security
from api.config import Settings, get_settings
from api.db import IDLE_TRANSACTION_TIMEOUT_S, make_engine, make_session_factory
from api.jobs import make_queue
from api.observability import RequestIdMiddleware
from api.pubsub import Hub
from api.redis_client import connect
from village.pwa import make_pwa_handler
from workers.logs import configure_logging

log = logging.getLogger(__name__)

# How far the replica's data is behind (seconds since the last transaction it replayed was committed
# on the primary; None when it has replayed everything it received).
_REPLICA_LAG = """
select case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then null
            else extract(epoch from now() - pg_last_xact_replay_timestamp()) end
"""


def create_app(settings: Settings | None = None) -> Litestar:
    from schema.http import make_graphql_controller

    settings = settings or get_settings()
    # uvicorn configures only its own loggers: ours get JSON lines with request ids. Under pytest (or
    # a host that set up logging itself) the root logger already has handlers and is left alone.
    if not logging.getLogger().handlers:
        configure_logging()
    if int(os.environ.get("WEB_CONCURRENCY") or 1) > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        log.warning(
            "WEB_CONCURRENCY > 1 without PROMETHEUS_MULTIPROC_DIR: each scrape of /metrics sees one process",
            extra={"event": "metrics_single_process"},
        )
    if not settings.database_url or not settings.redis_url:
        raise RuntimeError(
            "DATABASE_URL and REDIS_URL must be set (`village run` starts embedded ones when they are not)."
        )
    security.return_big_blocks_to_the_os()  # each sign-in's 19 MiB, back to the OS when done

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        engine = make_engine(
            settings.async_database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_timeout=settings.db_pool_timeout,
            idle_transaction_timeout_s=IDLE_TRANSACTION_TIMEOUT_S,
        )
        app.state.engine = engine
        # Queries read the replica when there is one (schema/http.py says when they do not).
        app.state.replica_engine = (
            make_engine(
                settings.async_replica_url,
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_max_overflow,
                pool_timeout=settings.db_pool_timeout,
                idle_transaction_timeout_s=IDLE_TRANSACTION_TIMEOUT_S,
            )
            if settings.database_replica_url
            else None
        )
        app.state.sessions = make_session_factory(engine)
        app.state.redis = connect(
            settings.redis_url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30
        )
        # Jobs are enqueued after commit, best effort: SAQ connects lazily, so a Redis outage at
        # start-up or later never stops the API (the outbox sweeper catches up).
        app.state.queue = make_queue(settings)
        app.state.hub = Hub(app.state.redis)  # one pub/sub connection for every subscription socket
        # Everything built so far (modules, the schema, the app) lives as long as the process: out
        # of the collector's way, so its full collections under load stay short (bench/api.py:
        # about 15 % more requests per second at 32 concurrent requests). Not in the tests, which
        # build many apps in one process.
        if settings.environment != "test":
            gc.collect()
            gc.freeze()
        try:
            yield
        finally:
            with contextlib.suppress(Exception):  # Redis may be gone; shutting down must not fail
                await app.state.queue.disconnect()
            await app.state.hub.close()
            with contextlib.suppress(Exception):
                await app.state.redis.aclose()
            await engine.dispose()
            if app.state.replica_engine is not None:
                await app.state.replica_engine.dispose()

    @get("/healthz", media_type=MediaType.JSON, include_in_schema=False)
    async def healthz(state: State) -> Response[dict[str, str]]:
        checks: dict[str, str] = {}
        try:
            async with state.engine.connect() as conn:
                await conn.execute(text("select 1"))
            checks["postgres"] = "ok"
        except Exception as e:
            checks["postgres"] = f"down: {type(e).__name__}"
        replica = None
        if state.replica_engine is not None:  # reported, not required: queries fall back to the primary
            try:
                async with state.replica_engine.connect() as conn:
                    lag = (await conn.execute(text(_REPLICA_LAG))).scalar()
                replica = "ok" if lag is None else f"ok, {lag:.1f} s behind"
            except Exception as e:
                replica = f"down: {type(e).__name__}"
        try:
            await state.redis.ping()
            checks["redis"] = "ok"
        except Exception as e:
            checks["redis"] = f"down: {type(e).__name__}"
        healthy = all(v == "ok" for v in checks.values())
        if replica is not None:
            checks["postgres_replica"] = replica
        return Response({"status": "ok" if healthy else "unavailable", **checks}, status_code=200 if healthy else 503)

    @get("/metrics", include_in_schema=False)
    async def metrics_endpoint(request: Request, state: State) -> Response[bytes]:
        # For Prometheus only: without the token (or with none configured) there is nothing here.
        if not metrics.authorized(request.headers.get("authorization"), settings.metrics_token):
            return Response(b"Not Found", status_code=404, media_type=MediaType.TEXT)
        extra = []
        try:
            async with state.engine.connect() as conn:
                extra = await metrics.outbox_gauges(conn)
        except Exception:  # the database is down: the process's own metrics are still worth having
            log.warning("could not read the outbox for /metrics", exc_info=True, extra={"event": "metrics_outbox"})
        return Response(metrics.render(extra), media_type=metrics.CONTENT_TYPE, headers={"Cache-Control": "no-store"})

    route_handlers: list[Any] = [healthz, metrics_endpoint, make_graphql_controller(settings)]
    route_handlers.append(make_pwa_handler(settings.pwa_dist))
    return VillageApp(
        route_handlers=route_handlers,
        lifespan=[lifespan],
        middleware=[RequestIdMiddleware],
        debug=False,
        request_max_body_size=256 * 1024,
        state=State({"settings": settings}),
        exception_handlers={HTTPException: _graphql_shaped_errors},
    )


class VillageApp(Litestar):
    """Litestar without the plugins it adds for pydantic and attrs whenever they are installed: no
    handler here takes or returns their models (bodies are msgspec and GraphQL), and pydantic is
    installed only for `webpush` in the worker. Loading them cost each API process about 10 MB;
    tests/village/test_memory.py checks an app's process leaves them out."""

    @staticmethod
    def _get_default_plugins(plugins: list[Any]) -> list[Any]:
        from litestar.plugins.core import MsgspecDIPlugin

        plugins.append(MsgspecDIPlugin())
        return plugins


def _graphql_shaped_errors(request: Request, exc: HTTPException) -> Response:
    """Litestar's own refusals at /graphql (a method other than GET and POST, a body over the size
    limit) in the GraphQL shape like every other answer there, so a client parses every response
    of /graphql the same way. Elsewhere, Litestar's usual answer."""
    if request.url.path.rstrip("/") != "/graphql":
        return create_exception_response(request, exc)
    return Response(
        {"errors": [{"message": exc.detail}]},
        status_code=exc.status_code,
        headers=exc.headers,
        media_type=MediaType.JSON,
    )
