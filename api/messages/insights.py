"""Messages' part of the school insights: who wrote in which conversation and when (never what), and
how many families each conversation has."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.messages.models import Conversation, Message, Participant


async def collect(db: AsyncSession, community_id: uuid.UUID, family, a) -> None:
    families: dict[uuid.UUID, set] = {}
    # Joined on community_id too: both sides on one shard when distributed (docs/partitioning.md).
    for conversation_id, account_id in (
        await db.execute(
            select(Participant.conversation_id, Participant.account_id)
            .join(
                Conversation,
                and_(
                    Conversation.id == Participant.conversation_id,
                    Conversation.community_id == Participant.community_id,
                ),
            )
            .where(Conversation.community_id == community_id)
        )
    ).all():
        f = family(account_id)
        if f is not None:
            families.setdefault(conversation_id, set()).add(f)
    a.conversation_size.update({c: len(fs) for c, fs in families.items()})
    for conversation_id, sender, at in (
        await db.execute(
            select(Message.conversation_id, Message.sender_id, Message.created_at)
            .join(
                Conversation,
                and_(Conversation.id == Message.conversation_id, Conversation.community_id == Message.community_id),
            )
            .where(Conversation.community_id == community_id, Message.removed_at.is_(None))
        )
    ).all():
        f = family(sender)
        if f is not None:
            a.conversation_writes.append((at, conversation_id, f))
