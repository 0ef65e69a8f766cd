"""Waiting for something to happen by polling for it, never by sleeping a guessed time."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any


async def wait_for(
    predicate: Callable[[], Any | Awaitable[Any]],
    timeout: float = 20.0,  # noqa: ASYNC109 - a deadline for the polling, which asyncio.timeout() would not word as well
    interval: float = 0.05,
    what: str = "the condition",
) -> None:
    """Return once `predicate()` (plain or async) is truthy; fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = predicate()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return
        assert loop.time() < deadline, f"timed out after {timeout} s waiting for {what}"
        await asyncio.sleep(interval)
