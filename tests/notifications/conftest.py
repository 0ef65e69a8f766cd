"""Fixtures for the notification tests: the plain local push service, for the Web Push core's own
tests (the topic-aware `push`, the `sender` and the `runner` are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.push_service import PushService


@pytest.fixture
async def push_service() -> AsyncIterator[PushService]:
    """A push service on 127.0.0.1 at a random port, answering 201 until told otherwise."""
    async with PushService() as service:
        yield service
