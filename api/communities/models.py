"""School communities, memberships with roles and verification, and invite codes."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, sql_in, uuid_pk
from api.partitioning import Placement


class MemberRole(StrEnum):
    """What a member may do in a community."""

    CAREGIVER = "caregiver"
    LEADER = "leader"
    STAFF = "staff"
    ADMIN = "admin"


class MembershipState(StrEnum):
    """Whether the school has verified the membership."""

    PENDING = "pending"
    VERIFIED = "verified"
    SUSPENDED = "suspended"


# Each state and the states it may go to (checked in api/communities/service.py): staff verify and
# suspend; a suspended member can be verified again.
MEMBERSHIP_TRANSITIONS: dict[MembershipState, tuple[MembershipState, ...]] = {
    MembershipState.PENDING: (MembershipState.VERIFIED, MembershipState.SUSPENDED),
    MembershipState.VERIFIED: (MembershipState.SUSPENDED,),
    MembershipState.SUSPENDED: (MembershipState.VERIFIED,),
}
# Roles an invite can carry: admins are made by creating the community, never invited.
INVITE_ROLES = (MemberRole.CAREGIVER, MemberRole.LEADER, MemberRole.STAFF)


class Community(Base):
    __tablename__ = "communities"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    timezone: Mapped[str] = mapped_column(String(64), nullable=False)
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(16)), nullable=False, server_default="{}")
    created_at: Mapped[datetime] = created_at()


class Membership(Base):
    __tablename__ = "memberships"

    id: Mapped[uuid.UUID] = uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str] = mapped_column(String(16), nullable=False, server_default=MemberRole.CAREGIVER.value)
    state: Mapped[str] = mapped_column(String(16), nullable=False, server_default=MembershipState.PENDING.value)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )
    # What the person wrote to the school when joining ("We just moved here; Diego is in 2nd
    # grade"), for the staff who verify them. Only staff and the person see it.
    join_note: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (
        UniqueConstraint("community_id", "account_id"),
        # A community's verified members without touching the table (matching walks them per need).
        Index(
            "ix_memberships_verified_by_community",
            "community_id",
            "account_id",
            postgresql_where=text(f"state = '{MembershipState.VERIFIED}'"),
        ),
        CheckConstraint(sql_in("role", MemberRole), name="role"),
        CheckConstraint(sql_in("state", MembershipState), name="state"),
    )


class Invite(Base):
    __tablename__ = "invites"

    id: Mapped[uuid.UUID] = uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False, index=True
    )
    code: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    role: Mapped[str] = mapped_column(String(16), nullable=False, server_default=MemberRole.CAREGIVER.value)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    max_uses: Mapped[int | None] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (
        CheckConstraint(sql_in("role", INVITE_ROLES), name="role"),
        CheckConstraint("max_uses is null or max_uses > 0", name="max_uses"),
    )


# Not one community's rows (api/partitioning.py).
NOT_BY_COMMUNITY = {
    Community: (
        Placement.REFERENCE,
        "The distribution key's own table: every community table points at it; a few hundred rows.",
    ),
}
