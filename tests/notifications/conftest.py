"""Fixtures for the notification tests: the topic-aware local push service, the worker's push
sender (with the VAPID key from the test database) and an in-process job runner."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from api.db import session_scope
from api.notifications.service import vapid_keys
from tests.notifications.support import Runner, TopicPushService
from workers.webpush import PushSender


@pytest.fixture
async def push() -> AsyncIterator[TopicPushService]:
    async with TopicPushService() as service:
        yield service


@pytest.fixture
async def sender(settings, sessions) -> AsyncIterator[PushSender]:
    async with session_scope(sessions) as db:
        keys = await vapid_keys(db, settings)
    async with PushSender(keys, settings.vapid_contact, allow_insecure_localhost=True) as s:
        yield s


@pytest.fixture
def runner(settings, sessions, sender, redis) -> Runner:
    return Runner(settings, sessions, sender, redis)
