"""Peer groups: a topic and its families ("Grade 3 Spanish-speaking families"), run by leaders, with
posts and comments among members."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, sql_in, uuid_pk


class GroupVisibility(StrEnum):
    """Who may join: anyone verified in the community, on a leader's approval, or by invitation."""

    OPEN = "open"
    REQUEST = "request"
    INVITE = "invite"


class GroupMode(StrEnum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"
    BOTH = "both"


class GroupRole(StrEnum):
    LEADER = "leader"
    MEMBER = "member"


class GroupMembershipState(StrEnum):
    """member; or waiting: requested (for a leader's approval) or invited (for the person's yes)."""

    MEMBER = "member"
    REQUESTED = "requested"
    INVITED = "invited"


class GroupNotify(StrEnum):
    """How a member hears about a group's posts and comments: each at once, one digest a day, or not."""

    INSTANT = "instant"
    DAILY = "daily"
    OFF = "off"


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[uuid.UUID] = uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    purpose: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(16)), nullable=False, server_default="{}")
    grade_band: Mapped[str | None] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(16), nullable=False, server_default=GroupMode.BOTH.value)
    visibility: Mapped[str] = mapped_column(String(16), nullable=False, server_default=GroupVisibility.OPEN.value)
    # Hidden groups are not listed to people outside them (a support group for foster families).
    hidden: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    join_question: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (
        CheckConstraint(sql_in("mode", GroupMode), name="mode"),
        CheckConstraint(sql_in("visibility", GroupVisibility), name="visibility"),
    )


class GroupMember(Base):
    __tablename__ = "group_members"

    id: Mapped[uuid.UUID] = uuid_pk()
    group_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("groups.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str] = mapped_column(String(16), nullable=False, server_default=GroupRole.MEMBER.value)
    state: Mapped[str] = mapped_column(String(16), nullable=False, server_default=GroupMembershipState.MEMBER.value)
    # The answer to the group's join question, for its leaders.
    join_answer: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    created_at: Mapped[datetime] = created_at()
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )
    notify: Mapped[str] = mapped_column(String(8), nullable=False, server_default=GroupNotify.INSTANT.value)
    # The daily digest holds what came after this: the last digest, or when the member last opened
    # the group (markGroupSeen), whichever is later.
    digest_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now())

    __table_args__ = (
        UniqueConstraint("group_id", "account_id"),
        CheckConstraint(sql_in("notify", GroupNotify), name="notify"),
        Index("ix_group_members_group_state", "group_id", "state"),
        # "My groups here": a member's groups in one community (the lists, the calendar).
        Index("ix_group_members_community_account", "community_id", "account_id"),
        CheckConstraint(sql_in("role", GroupRole), name="role"),
        CheckConstraint(sql_in("state", GroupMembershipState), name="state"),
    )


class Post(Base):
    __tablename__ = "group_posts"

    id: Mapped[uuid.UUID] = uuid_pk()
    group_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("groups.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    # SET NULL: a deleted member's posts stay in the conversation, from "a former member".
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, nullable=False)
    link: Mapped[str | None] = mapped_column(String(500))
    pinned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    hidden_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )
    # The client's id for the post: a retried (offline-queued) createPost returns the same post.
    client_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (
        Index("ix_group_posts_feed", "group_id", text("created_at DESC"), "id"),
        UniqueConstraint("author_id", "client_id", name="uq_group_posts_client"),
    )


class Comment(Base):
    __tablename__ = "group_comments"

    id: Mapped[uuid.UUID] = uuid_pk()
    post_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("group_posts.id", ondelete="CASCADE"), nullable=False
    )
    group_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("groups.id", ondelete="CASCADE"), nullable=False, index=True
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, nullable=False)
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    hidden_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )
    client_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (
        Index("ix_group_comments_post", "post_id", "created_at", "id"),
        UniqueConstraint("author_id", "client_id", name="uq_group_comments_client"),
    )
