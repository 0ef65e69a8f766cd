"""Accounts (caregivers who sign in) and their server-side sessions."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ARRAY, Boolean, DateTime, Float, ForeignKey, Index, LargeBinary, String, Text, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, uuid_pk
from api.partitioning import Placement


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[uuid.UUID] = uuid_pk()
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    password_hash: Mapped[str] = mapped_column(Text, nullable=False)
    display_name: Mapped[str] = mapped_column(String(80), nullable=False)
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(16)), nullable=False, server_default="{}")
    ui_language: Mapped[str] = mapped_column(String(8), nullable=False, server_default="en")
    timezone: Mapped[str] = mapped_column(String(64), nullable=False, server_default="UTC")
    # Approximate home area only: an H3 cell (~1 km) and a place name; never the exact point.
    home_cell: Mapped[str | None] = mapped_column(String(16))
    home_area_label: Mapped[str | None] = mapped_column(String(120))
    # Centre of home_cell (not the person's point), for distances in SQL.
    home_lat: Mapped[float | None] = mapped_column(Float)
    home_lng: Mapped[float | None] = mapped_column(Float)
    # The caregiver's own strength circle.
    strengths: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    passions: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    interests: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    # What other members may see in the community directory (each person chooses).
    listed_in_directory: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))
    show_languages: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))
    show_strengths: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))
    show_area: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    family_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("families.id", ondelete="SET NULL"), index=True
    )
    password_changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (Index("uq_accounts_email_lower", func.lower(email), unique=True),)


class AuthSession(Base):
    """A signed-in device. The bearer token is stored only as its SHA-256 hash."""

    __tablename__ = "auth_sessions"

    id: Mapped[uuid.UUID] = uuid_pk()
    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), nullable=False, unique=True)
    user_agent: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = created_at()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# Not one community's rows (api/partitioning.py): a person is in several communities.
NOT_BY_COMMUNITY = {
    Account: (
        Placement.REFERENCE,
        "A person, the same in each community they belong to; every community's rows join it for names.",
    ),
    AuthSession: (
        Placement.REFERENCE,
        "A signed-in device, found by its token hash on every request before any community is known.",
    ),
}
