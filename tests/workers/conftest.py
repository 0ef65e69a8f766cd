"""Worker test fixtures: a local Web Push service (tests/workers/push_service.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.workers.push_service import PushService


@pytest.fixture
async def push_service() -> AsyncIterator[PushService]:
    """A push service on 127.0.0.1 at a random port, answering 201 until told otherwise."""
    async with PushService() as service:
        yield service
