"""Messages between caregivers of one community: conversations (one-to-one, or a few families),
who is in each and how far they have read, and the messages themselves."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Identity, Index, String, Text, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, sql_in, uuid_pk

BODY_MAX = 4000
TITLE_MAX = 80
PEOPLE_MAX = 12  # in one conversation, the starter included


class ParticipantState(StrEnum):
    """In the conversation; or a message request waiting for the person's yes (someone with no
    shared match, carpool or group wrote first); or they said no to that request."""

    ACTIVE = "active"
    REQUESTED = "requested"
    DECLINED = "declined"


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[uuid.UUID] = uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # A name for a conversation of several families ("Saturday soccer carpool"); none for two people.
    title: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False, server_default="")
    # One-to-one conversations have one row per pair and community: "<smaller id>:<larger id>".
    pair_key: Mapped[str | None] = mapped_column(String(73))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at()
    # The latest message's order number (messages.seq): lists sort newest first by it.
    last_seq: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
    last_message_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )

    __table_args__ = (
        Index(
            "uq_conversations_pair",
            "community_id",
            "pair_key",
            unique=True,
            postgresql_where=text("pair_key is not null"),
        ),
    )


class Participant(Base):
    __tablename__ = "conversation_participants"

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(12), nullable=False, server_default=ParticipantState.ACTIVE.value)
    # Read position: every message with seq <= read_seq is read (one's own count as read).
    read_seq: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
    joined_at: Mapped[datetime] = created_at()
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(sql_in("state", ParticipantState), name="state"),
        Index("ix_conversation_participants_account", "account_id", "state"),
    )


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[uuid.UUID] = uuid_pk()
    # Total order of messages (paging, read positions): assigned by PostgreSQL at insert.
    seq: Mapped[int] = mapped_column(BigInteger, Identity(), nullable=False, unique=True)
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    # SET NULL: a deleted member's messages stay in the conversation, from "a former member".
    sender_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, nullable=False)
    # The language it is written in (detected, else the sender's), for translation later.
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    created_at: Mapped[datetime] = created_at()
    # Taken down by the school's staff after a report: the text is no longer shown to anyone.
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_messages_conversation_seq", "conversation_id", "seq"),
        CheckConstraint(f"char_length(body) between 1 and {BODY_MAX}", name="body_length"),
    )
