"""The messages part of exportMyData: the conversations the person is in (who else is in them, by
display name) and every message they wrote. On deletion their messages stay for the others, from
"a former member" (sender SET NULL), and a conversation nobody else is left in goes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.export import iso
from api.messages.models import Conversation, Message, Participant
from api.messages.service import delete_participation_of

EXPORTED = (Conversation, Participant, Message)
NOT_EXPORTED: dict = {}


async def export(db: AsyncSession, a: Account) -> dict:
    mine = (
        await db.execute(
            select(Conversation, Participant)
            .join(Participant, Participant.conversation_id == Conversation.id)
            .where(Participant.account_id == a.id)
            .order_by(Conversation.created_at)
        )
    ).all()
    ids = [c.id for c, _ in mine]
    names: dict = {}
    if ids:
        for cid, name in (
            await db.execute(
                select(Participant.conversation_id, Account.display_name)
                .join(Account, Account.id == Participant.account_id)
                .where(Participant.conversation_id.in_(ids), Participant.account_id != a.id)
                .order_by(Participant.joined_at)
            )
        ).all():
            names.setdefault(cid, []).append(name)
    messages = (await db.scalars(select(Message).where(Message.sender_id == a.id).order_by(Message.seq))).all()
    return {
        "conversations": [
            {
                "conversationId": str(c.id),
                "title": c.title or None,
                "with": names.get(c.id, []),
                "myState": p.state,
                "startedAt": iso(c.created_at),
            }
            for c, p in mine
        ],
        "messages": [
            {
                "conversationId": str(m.conversation_id),
                "body": m.body,
                "language": m.language,
                "sentAt": iso(m.created_at),
                "removedByStaff": m.removed_at is not None,
            }
            for m in messages
        ],
    }


async def delete(db: AsyncSession, a: Account) -> None:
    await delete_participation_of(db, a.id)
