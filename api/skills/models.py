"""Skill-sharing: the taxonomy, caregivers' strengths, families' needs and the matches between them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Computed,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR, UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, sql_in, uuid_pk

MODES = ("in_person", "virtual")
NEED_MODES = ("in_person", "virtual", "either")
URGENCIES = ("low", "normal", "high")


class NeedStatus(StrEnum):
    """open → matched (someone agreed to help) → met; or closed by the family."""

    OPEN = "open"
    MATCHED = "matched"
    MET = "met"
    CLOSED = "closed"


class MatchStatus(StrEnum):
    """suggested → offered (by the helper) or requested (by the family) → accepted → completed; or
    declined, expired."""

    SUGGESTED = "suggested"
    OFFERED = "offered"
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    EXPIRED = "expired"


# The state machines: each state and the states it may go to (checked in api/skills/service.py).
NEED_TRANSITIONS: dict[NeedStatus, tuple[NeedStatus, ...]] = {
    NeedStatus.OPEN: (NeedStatus.MATCHED, NeedStatus.CLOSED),
    # A need is met when one of its accepted matches is completed, even after the family closed it:
    # closing expires the matches not yet agreed, not the help already arranged.
    NeedStatus.MATCHED: (NeedStatus.MET, NeedStatus.CLOSED),
    NeedStatus.CLOSED: (NeedStatus.MET,),
    NeedStatus.MET: (),
}
MATCH_TRANSITIONS: dict[MatchStatus, tuple[MatchStatus, ...]] = {
    MatchStatus.SUGGESTED: (MatchStatus.OFFERED, MatchStatus.REQUESTED, MatchStatus.EXPIRED),
    MatchStatus.OFFERED: (MatchStatus.ACCEPTED, MatchStatus.DECLINED, MatchStatus.EXPIRED),
    MatchStatus.REQUESTED: (MatchStatus.ACCEPTED, MatchStatus.DECLINED, MatchStatus.EXPIRED),
    MatchStatus.ACCEPTED: (MatchStatus.COMPLETED,),
    MatchStatus.DECLINED: (),
    MatchStatus.COMPLETED: (),
    MatchStatus.EXPIRED: (),
}
# Needs still looking for or arranging help: the family can change them, matching works on them.
ACTIVE_NEED_STATES = (NeedStatus.OPEN, NeedStatus.MATCHED)
# Matches not yet agreed, which expire when their need closes or another match completes it.
EXPIRING_MATCH_STATES = tuple(s for s, to in MATCH_TRANSITIONS.items() if MatchStatus.EXPIRED in to)
# Both sides have agreed: from here on each sees how to reach the other.
AGREED_MATCH_STATES = (MatchStatus.ACCEPTED, MatchStatus.COMPLETED)
# Open matches count against a helper's load (fairness): they are waiting for, or holding, their time.
OPEN_MATCH_STATES = (MatchStatus.OFFERED, MatchStatus.REQUESTED, MatchStatus.ACCEPTED)


# English and Spanish stemming together: families write in either, often both in one sentence.
SEARCH_SQL = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('spanish'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B') || "
    "setweight(to_tsvector('spanish'::regconfig, coalesce(description, '')), 'B')"
)


def _now_col() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False)


class SkillCategory(Base):
    __tablename__ = "skill_categories"

    slug: Mapped[str] = mapped_column(String(48), primary_key=True)
    parent_slug: Mapped[str | None] = mapped_column(String(48), ForeignKey("skill_categories.slug"), index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    labels: Mapped[dict] = mapped_column(JSONB, nullable=False)


class Strength(Base):
    """Something a caregiver offers. It belongs to the person, so it serves every community they are
    verified in; matching joins memberships to stay inside the need's community."""

    __tablename__ = "strengths"

    id: Mapped[uuid.UUID] = uuid_pk()
    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    category_slug: Mapped[str] = mapped_column(
        String(48), ForeignKey("skill_categories.slug"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(16)), nullable=False, server_default="{}")
    modes: Mapped[list[str]] = mapped_column(ARRAY(String(16)), nullable=False)
    # Weekly availability as [start, end) minutes of the week (Monday 00:00 = 0), wall-clock time.
    availability: Mapped[list[list[int]]] = mapped_column(JSONB, nullable=False, server_default="[]")
    # Deferred: only matching reads it (in SQL); loading it with every need or strength costs more than the row.
    search: Mapped[str] = mapped_column(TSVECTOR, Computed(SEARCH_SQL, persisted=True), deferred=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = _now_col()

    __table_args__ = (Index("ix_strengths_search", "search", postgresql_using="gin"),)


class Need(Base):
    __tablename__ = "needs"

    id: Mapped[uuid.UUID] = uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    requester_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    category_slug: Mapped[str] = mapped_column(String(48), ForeignKey("skill_categories.slug"), nullable=False)
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    mode: Mapped[str] = mapped_column(String(16), nullable=False)
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    urgency: Mapped[str] = mapped_column(String(8), nullable=False, server_default="normal")
    language: Mapped[str | None] = mapped_column(String(16))
    # Approximate area only (an H3 cell of ~1 km, its centre and a place name).
    area_cell: Mapped[str | None] = mapped_column(String(16))
    area_label: Mapped[str | None] = mapped_column(String(120))
    area_lat: Mapped[float | None] = mapped_column(Float)
    area_lng: Mapped[float | None] = mapped_column(Float)
    # The area is the poster's home area (no place given): shown and used for distance filters only
    # while the poster shows their area (see service.need_area_shown), decided at read time.
    area_from_home: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default=NeedStatus.OPEN.value)
    # Deferred: only matching reads it (in SQL); loading it with every need or strength costs more than the row.
    search: Mapped[str] = mapped_column(TSVECTOR, Computed(SEARCH_SQL, persisted=True), deferred=True)
    matches_computed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = _now_col()

    __table_args__ = (
        Index("ix_needs_community_status", "community_id", "status", "created_at"),
        CheckConstraint("mode in ('in_person','virtual','either')", name="mode"),
        CheckConstraint("urgency in ('low','normal','high')", name="urgency"),
        CheckConstraint(sql_in("status", NeedStatus), name="status"),
        CheckConstraint("ends_at is null or starts_at is null or ends_at > starts_at", name="window"),
    )


class Match(Base):
    __tablename__ = "matches"

    id: Mapped[uuid.UUID] = uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False, index=True
    )
    need_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("needs.id", ondelete="CASCADE"), nullable=False
    )
    strength_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("strengths.id", ondelete="SET NULL"), index=True
    )
    helper_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    requester_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    score: Mapped[float] = mapped_column(Float, nullable=False)
    # Structured reasons ({"code": ..., params}); rendered in the viewer's language when read.
    reasons: Mapped[list[dict]] = mapped_column(JSONB, nullable=False, server_default="[]")
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default=MatchStatus.SUGGESTED.value)
    message: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    thanks: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = _now_col()

    __table_args__ = (
        UniqueConstraint("need_id", "helper_id"),
        Index("ix_matches_helper_status", "helper_id", "status"),
        # A helper's load (fairness in matching): only their open matches, however long their history.
        Index(
            "ix_matches_open_by_helper", "helper_id", postgresql_where=text(sql_in("status", OPEN_MATCH_STATES, ", "))
        ),
        Index("ix_matches_need_score", "need_id", "score"),
        CheckConstraint(sql_in("status", MatchStatus), name="status"),
    )
