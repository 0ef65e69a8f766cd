"""School insights' tables: the published figures of each period (already suppressed; the API reads
nothing else), each community's roll-up state, and the log of every viewing and export."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, uuid_pk


class InsightPeriod(Base):
    """One period's figures as staff may see them: [{"m": metric, "b": breakdown, "v": value or null,
    "s": exact | at_most | at_least | suppressed}]. Raw counts are never stored."""

    __tablename__ = "insight_periods"

    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )
    granularity: Mapped[str] = mapped_column(String(8), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)  # exclusive
    figures: Mapped[list[dict]] = mapped_column(JSONB, nullable=False)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class InsightRun(Base):
    """A community's last roll-up, and the last refresh staff asked for (one per REFRESH_EVERY)."""

    __tablename__ = "insight_runs"

    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )
    computed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    refresh_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Who asked for the refresh under way: told when the figures are ready (then cleared).
    refresh_requested_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )


class InsightRelease(Base):
    """Who saw or exported which insights, and when: every release is logged (DESIGN §8)."""

    __tablename__ = "insight_releases"
    __table_args__ = (Index("ix_insight_releases_community_at", "community_id", "at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    # Kept when the viewer's account goes (the log is the school's record), without the person.
    account_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8), nullable=False)  # view | csv
    granularity: Mapped[str] = mapped_column(String(8), nullable=False)
    period_from: Mapped[date] = mapped_column(Date, nullable=False)
    period_to: Mapped[date] = mapped_column(Date, nullable=False)
    at: Mapped[datetime] = created_at()
