"""Live channels of messages: a conversation's (a new message: its id) and each person's inbox
(something changed in one of their conversations: its id, for the unread badge and the list).
Announced after commit, by whichever API process made the change; every process hands them to its
own sockets (api/pubsub.Hub), which re-read what the id names as their viewer."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Iterable

from redis.asyncio import Redis

from api.config import Settings
from api.pubsub import publish
from api.redis_client import publish_many

log = logging.getLogger(__name__)


def conversation_channel(settings: Settings, conversation_id: uuid.UUID) -> str:
    return f"{settings.redis_prefix}conversation:{conversation_id}"


def inbox_channel(settings: Settings, account_id: uuid.UUID) -> str:
    return f"{settings.redis_prefix}inbox:{account_id}"


async def announce_message(
    redis: Redis | None,
    settings: Settings,
    conversation_id: uuid.UUID,
    message_id: uuid.UUID,
    people: Iterable[uuid.UUID],
) -> None:
    """A new message: to the conversation's open screens, and to the inbox of everyone in it."""
    if redis is None:
        return
    try:
        messages = [(conversation_channel(settings, conversation_id), str(message_id))]
        messages += [(inbox_channel(settings, person), str(conversation_id)) for person in people]
        await asyncio.wait_for(publish_many(redis, messages), timeout=2)  # one round trip for all of them
    except Exception:  # best effort: the message is stored; screens re-read on their next visit
        log.warning("could not announce a message", exc_info=True, extra={"event": "publish_failed"})


async def announce_inbox(
    redis: Redis | None, settings: Settings, account_id: uuid.UUID, conversation_id: uuid.UUID
) -> None:
    """Someone's inbox changed without a new message (they read a conversation on another device,
    answered a request): their badge and list follow."""
    await publish(redis, inbox_channel(settings, account_id), str(conversation_id))


def parse_id(message: bytes) -> uuid.UUID | None:
    try:
        return uuid.UUID(message.decode())
    except (ValueError, UnicodeDecodeError):
        return None
