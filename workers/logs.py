"""Structured logs: one JSON object per line, with whatever a caller passed in `extra=`."""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime
from typing import TextIO

from api.observability import RequestIdFilter

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged as a field.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def json_handler(stream: TextIO | None = None) -> logging.Handler:
    """JSON lines, each with the request id (if any) of the request or job that wrote it."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    return handler


class EveryMinute(logging.Filter):
    """Lets a repeated message through once a minute. SAQ's upkeep loops log "Upkeep task failed
    unexpectedly", with a traceback, every second for as long as Redis is away."""

    def __init__(self, message: str, every: float = 60.0) -> None:
        super().__init__()
        self.message, self.every, self.last = message, every, float("-inf")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg != self.message:
            return True
        now = time.monotonic()
        if now - self.last < self.every:
            return False
        self.last = now
        return True


def configure_logging(level: int = logging.INFO) -> None:
    handler = json_handler()
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # SAQ logs every dequeue and finish at INFO; our after_process hook logs one richer line per job.
    logging.getLogger("saq").setLevel(logging.WARNING)
    logging.getLogger("saq").addFilter(EveryMinute("Upkeep task failed unexpectedly"))
