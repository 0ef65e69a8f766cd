"""Skill-sharing: the taxonomy, caregivers' strengths, families' needs and the matches between them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    ARRAY,
    REAL,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
    inspect,
    text,
)
from sqlalchemy.dialects.postgresql import INT4MULTIRANGE, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, sql_in, uuid_pk
from api.partitioning import Placement

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
    # The words as matching reads them (api/skills/text.py: term → weight), set from the title and
    # description whenever they change (see text_terms below); matching reads them through
    # strength_postings, which triggers keep in step (migration 0015). Deferred: only matching uses them.
    terms: Mapped[dict] = mapped_column(JSONB, nullable=False, server_default="{}", deferred=True)
    term_length: Mapped[float] = mapped_column(Float, nullable=False, server_default="0", deferred=True)
    # For each term, the word or phrase of the text that gave it, as written (term → "tareas"): a
    # match's reasons name the family's own words without analysing the text again. '{}' on a row
    # written before migration 0018 or around the model: matching then analyses the text itself.
    said: Mapped[dict] = mapped_column(JSONB, nullable=False, server_default="{}", deferred=True)
    # The grades the helper says they work with (api/skills/grades.py: -1 preschool, 0 kindergarten,
    # 1-12), both included; null when the text names none. Set with the terms.
    grade_low: Mapped[int | None] = mapped_column(SmallInteger, deferred=True)
    grade_high: Mapped[int | None] = mapped_column(SmallInteger, deferred=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = _now_col()


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
    # Its terms (api/skills/text.py), for finding the needs a new strength may serve. Deferred.
    terms: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}", deferred=True)
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


class StrengthPosting(Base):
    """One row per (community, term, strength) for every community the strength's owner is a verified
    member of: matching reads a need's terms here, by community, instead of walking every member's
    strengths. Kept in step by triggers on strengths and memberships (migration 0015), so no code path
    that changes either can forget it. Special terms: `#<category>`, `^<root category>`, and `*` (every
    strength once, for the community's strength count and average length)."""

    __tablename__ = "strength_postings"

    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    term: Mapped[str] = mapped_column(Text, nullable=False)
    strength_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("strengths.id", ondelete="CASCADE"), nullable=False, index=True
    )
    account_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    modes: Mapped[int] = mapped_column(SmallInteger, nullable=False)  # 1 in person, 2 virtual
    weight: Mapped[float] = mapped_column(REAL, nullable=False)
    doc_length: Mapped[float] = mapped_column(REAL, nullable=False)
    # On the `*` row only (null elsewhere): the languages spoken, and the free time as a multirange.
    languages: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    slots: Mapped[object | None] = mapped_column(INT4MULTIRANGE)

    __table_args__ = (
        # Index-only scans of one community's postings of a term (account, modes, weight, length included).
        PrimaryKeyConstraint(
            "community_id",
            "term",
            "strength_id",
            name="pk_strength_postings",
            postgresql_include=["account_id", "modes", "weight", "doc_length", "languages", "slots"],
        ),
    )


class MatchingTerm(Base):
    """A word or phrase a community's staff added to the bilingual concept table (api/skills/concepts.py):
    "APM" is "PTA" here. Used when the community's needs are matched; never seen by other communities."""

    __tablename__ = "matching_terms"

    id: Mapped[uuid.UUID] = uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    concept: Mapped[str] = mapped_column(String(48), nullable=False)
    language: Mapped[str] = mapped_column(String(2), nullable=False)
    term: Mapped[str] = mapped_column(String(60), nullable=False)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (
        UniqueConstraint("community_id", "language", "term"),
        Index("ix_matching_terms_community_concept", "community_id", "concept"),
        CheckConstraint("language in ('en','es')", name="language"),
    )


def strength_terms(
    title: str, description: str | None, languages: list[str] | None, category: str
) -> tuple[dict[str, float], float, dict[str, str]]:
    """A strength's stored terms, their length and its words for them (strengths.terms, term_length,
    said), as saving it and a migration reading it again both store them."""
    from api.skills.text import analyse

    a = analyse(title, description or "", hint=(languages or [None])[0], category=category)
    return {t: round(w, 2) for t, w in a.terms.items()}, round(a.length, 2), a.surface


def need_terms(title: str, description: str | None, language: str | None, category: str) -> list[str]:
    """A need's stored terms (needs.terms)."""
    from api.skills.text import analyse

    return sorted(analyse(title, description or "", hint=language, category=category).terms)


def _strength_terms(_mapper, _connection, target: Strength) -> None:
    from api.skills.grades import strength_grades

    target.terms, target.term_length, target.said = strength_terms(
        target.title, target.description, target.languages, target.category_slug
    )
    target.grade_low, target.grade_high = strength_grades(target.title, target.description or "") or (None, None)


def _need_terms(_mapper, _connection, target: Need) -> None:
    target.terms = need_terms(target.title, target.description, target.language, target.category_slug)


def _changed(target, *names: str) -> bool:
    state = inspect(target)
    return any(state.attrs[n].history.has_changes() for n in names)


@event.listens_for(Strength, "before_insert")
def _strength_inserted(mapper, connection, target: Strength) -> None:
    _strength_terms(mapper, connection, target)


@event.listens_for(Strength, "before_update")
def _strength_updated(mapper, connection, target: Strength) -> None:
    if _changed(target, "title", "description", "languages", "category_slug"):
        _strength_terms(mapper, connection, target)


@event.listens_for(Need, "before_insert")
def _need_inserted(mapper, connection, target: Need) -> None:
    _need_terms(mapper, connection, target)


@event.listens_for(Need, "before_update")
def _need_updated(mapper, connection, target: Need) -> None:
    if _changed(target, "title", "description", "language", "category_slug"):
        _need_terms(mapper, connection, target)


# Not one community's rows (api/partitioning.py).
NOT_BY_COMMUNITY = {
    SkillCategory: (Placement.REFERENCE, "The taxonomy, the same for every community."),
    Strength: (
        Placement.REFERENCE,
        "A caregiver's offer serves each community they are verified in; matching reads it by community "
        "through strength_postings.",
    ),
}
