"""Request ids: one per HTTP request or WebSocket (a valid incoming X-Request-ID, else a new one),
returned in the response, stamped on every log line written meanwhile, and carried into the jobs
the request enqueues (job meta) so the worker's lines for them carry it too."""

from __future__ import annotations

import logging
import re
import secrets
from contextvars import ContextVar, Token
from typing import Any

HEADER = "x-request-id"
# A proxy's or client's id is kept when it is short and plain (it ends up in logs and headers).
_VALID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# The key under SAQ's `job.meta` (never in the job function's kwargs, so no signature changes).
JOB_META_KEY = "request_id"

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None) -> Token[str | None]:
    return _request_id.set(value)


def reset_request_id(token: Token[str | None]) -> None:
    _request_id.reset(token)


def accept_or_new(incoming: str | None) -> str:
    if incoming and _VALID.fullmatch(incoming):
        return incoming
    return secrets.token_hex(16)


def job_meta() -> dict[str, Any]:
    """Keyword arguments for `queue.enqueue(...)` that carry this request's id into the job."""
    request_id = _request_id.get()
    return {"meta": {JOB_META_KEY: request_id}} if request_id else {}


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record handled while one is set (a handler filter, so records
    from every logger that propagates to the handler get it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None and (request_id := _request_id.get()) is not None:
            record.request_id = request_id
        return True


class RequestIdMiddleware:
    """Pure ASGI middleware: sets the request id for the request's life and adds X-Request-ID to
    the response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = next((v for k, v in scope.get("headers", ()) if k == b"x-request-id"), None)
        request_id = accept_or_new(incoming.decode("latin-1") if incoming is not None else None)
        header = (b"x-request-id", request_id.encode())

        async def send_with_id(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        token = _request_id.set(request_id)
        try:
            await self.app(scope, receive, send_with_id if scope["type"] == "http" else send)
        finally:
            _request_id.reset(token)
