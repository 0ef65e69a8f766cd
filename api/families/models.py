"""Households: caregivers share a family; children belong to it and hold only what the family chose."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ARRAY, DateTime, ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, uuid_pk
from api.partitioning import Placement


class Family(Base):
    __tablename__ = "families"

    id: Mapped[uuid.UUID] = uuid_pk()
    created_at: Mapped[datetime] = created_at()


class Child(Base):
    """First name or nickname, grade, strength circle. No surname, birth date or photo, by design."""

    __tablename__ = "children"

    id: Mapped[uuid.UUID] = uuid_pk()
    family_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("families.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    grade: Mapped[str | None] = mapped_column(String(8))
    strengths: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    passions: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    interests: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    joy: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    created_at: Mapped[datetime] = created_at()


class FamilyInvite(Base):
    """A one-time code a caregiver gives to another adult of the household."""

    __tablename__ = "family_invites"

    id: Mapped[uuid.UUID] = uuid_pk()
    family_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("families.id", ondelete="CASCADE"), nullable=False, index=True
    )
    code: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    invited_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    accepted_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()


# Not one community's rows (api/partitioning.py): a household can be in several schools' communities.
NOT_BY_COMMUNITY = {
    Family: (Placement.REFERENCE, "A household, shared by the communities its caregivers belong to."),
    Child: (
        Placement.REFERENCE,
        "A household's children, shared by its communities; carpools read them with a community's rows.",
    ),
    FamilyInvite: (Placement.REFERENCE, "A household's code for another adult, looked up by the code."),
}
