"""A group's live channel: posts, comments and RSVP changes are announced there after commit (ids
only), and every API process passes them to the group's members who have the group open
(`groupActivity`), each re-reading what the id names as themselves."""

from __future__ import annotations

import json
import uuid

from redis.asyncio import Redis

from api.config import Settings
from api.pubsub import publish

KINDS = ("post", "comment", "rsvp")


def channel(settings: Settings, group_id: uuid.UUID) -> str:
    return f"{settings.redis_prefix}group:{group_id}"


async def announce(redis: Redis | None, settings: Settings, group_id: uuid.UUID, kind: str, item_id: uuid.UUID) -> None:
    """Tell the group's open sockets that something happened (kind: post, comment or rsvp; the id
    of the post, comment or event). Best effort, after commit."""
    assert kind in KINDS
    await publish(redis, channel(settings, group_id), json.dumps({"kind": kind, "id": str(item_id)}))


def parse(message: bytes) -> tuple[str, uuid.UUID] | None:
    try:
        data = json.loads(message)
        return (data["kind"], uuid.UUID(data["id"])) if data.get("kind") in KINDS else None
    except (ValueError, KeyError, TypeError):
        return None
