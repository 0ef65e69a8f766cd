"""Helpers for the operations tests: the app's JSON log lines captured in memory, and /metrics read
back as numbers."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from workers.logs import json_handler

# The application's loggers (and SAQ's); anything else still reaches the handler at WARNING and up.
APP_LOGGERS = ("api", "schema", "workers", "village", "saq", "tests")


class Captured(io.StringIO):
    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.getvalue().splitlines() if line.strip()]


@contextmanager
def captured_logs(level: int = logging.DEBUG) -> Iterator[Captured]:
    """Every JSON line the production handler (formatter and request-id filter) would write."""
    out = Captured()
    handler = json_handler(out)
    handler.setLevel(level)
    root = logging.getLogger()
    loggers = [logging.getLogger(name) for name in APP_LOGGERS]
    levels = [lg.level for lg in loggers]
    root.addHandler(handler)
    for lg in loggers:
        lg.setLevel(level)
    try:
        yield out
    finally:
        root.removeHandler(handler)
        for lg, old in zip(loggers, levels, strict=True):
            lg.setLevel(old)


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    """(sample name, labels) -> value, from the Prometheus text format."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(all_samples: dict[tuple[str, frozenset], float], name: str, **labels: str) -> float:
    return all_samples.get((name, frozenset(labels.items())), 0.0)
