"""Events, in a group or for a whole community: a start in the community's local time with an optional
recurrence rule, per-occurrence changes (cancelled, moved), RSVPs with a capacity and a first-come
waitlist, and the reminders already sent."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, sql_in, uuid_pk


class Frequency(StrEnum):
    """How an event repeats: not at all, every N weeks on its weekday, or monthly on the same
    weekday of the month (the 2nd Tuesday; a start after the 28th means the last one)."""

    NONE = "none"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class RsvpStatus(StrEnum):
    """going (holds seats); waitlisted (first come, first promoted); not_going."""

    GOING = "going"
    WAITLISTED = "waitlisted"
    NOT_GOING = "not_going"


class ReminderKind(StrEnum):
    DAY_BEFORE = "day_before"
    TWO_HOURS = "two_hours"


class Event(Base):
    __tablename__ = "events"

    id: Mapped[uuid.UUID] = uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    # Null: a community-wide event (made by its leaders or staff).
    group_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    # Where, never a home address: a named public place ("Lincoln Library") and/or an approximate
    # area (an H3 cell from a postal code, with its label).
    place_name: Mapped[str | None] = mapped_column(String(120))
    area_cell: Mapped[str | None] = mapped_column(String(16))
    area_label: Mapped[str | None] = mapped_column(String(120))
    # For members who may attend only (never in notifications or to anyone else).
    virtual_link: Mapped[str | None] = mapped_column(String(500))
    # Wall time in the community's zone, so a weekly 18:00 stays 18:00 across daylight-saving changes.
    timezone: Mapped[str] = mapped_column(String(64), nullable=False)
    starts_local: Mapped[datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    frequency: Mapped[str] = mapped_column(String(16), nullable=False, server_default=Frequency.NONE.value)
    interval: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    until: Mapped[date | None] = mapped_column(Date)  # local date, inclusive; required when it repeats
    # Null: no limit. Counts people (adults and children), since a room holds people.
    capacity: Mapped[int | None] = mapped_column(Integer)
    # The span of every occurrence (moved ones included), in UTC: lists and the reminder job
    # look at the events that can have an occurrence in a window without expanding every rule.
    first_starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )

    __table_args__ = (
        Index("ix_events_community_span", "community_id", "first_starts_at", "last_ends_at"),
        Index("ix_events_span", "last_ends_at", "first_starts_at"),
        CheckConstraint(sql_in("frequency", Frequency), name="frequency"),
        CheckConstraint("interval between 1 and 12", name="interval"),
        CheckConstraint("frequency = 'none' or until is not null", name="repeats_until"),
        CheckConstraint("capacity is null or capacity > 0", name="capacity"),
        CheckConstraint("duration_minutes > 0", name="duration"),
    )


class OccurrenceChange(Base):
    """One occurrence of a series cancelled or moved, keyed by its original local date."""

    __tablename__ = "event_occurrence_changes"

    event_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    occurrence: Mapped[date] = mapped_column(Date, nullable=False)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    moved_to_local: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    updated_at: Mapped[datetime] = created_at()

    __table_args__ = (PrimaryKeyConstraint("event_id", "occurrence"),)


class Rsvp(Base):
    """A family's answer for one occurrence, or for the series (occurrence null: what they said for
    the whole series; each occurrence then has its own row, holding its seat or waitlist place)."""

    __tablename__ = "event_rsvps"

    id: Mapped[uuid.UUID] = uuid_pk()
    event_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    occurrence: Mapped[date | None] = mapped_column(Date)
    # Whose answer it is: the family (one answer per household), else the caregiver; for a family
    # without the app, answered by a leader, a key of its own.
    party_key: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    # The caregiver told about it (a waitlist promotion, reminders); null for a family without the app.
    account_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    # A family without the app, as the leader wrote it ("the Ortiz family").
    guest_name: Mapped[str | None] = mapped_column(String(80))
    # A leader who answered on the family's behalf (marked as such).
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    adults: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    children: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    # The waitlist's order: first come, first promoted.
    waitlisted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )

    __table_args__ = (
        UniqueConstraint(
            "event_id", "occurrence", "party_key", name="uq_event_rsvps_party", postgresql_nulls_not_distinct=True
        ),
        Index("ix_event_rsvps_event_occurrence", "event_id", "occurrence", "status"),
        CheckConstraint(sql_in("status", RsvpStatus), name="status"),
        CheckConstraint("adults >= 0 and children >= 0 and adults + children <= 40", name="party"),
        CheckConstraint("account_id is not null or guest_name is not null", name="who"),
    )


class ReminderSent(Base):
    """A reminder written to the outbox: one row per (event, occurrence, kind) makes it never twice,
    whatever the worker does (restarts, two cron runs at once)."""

    __tablename__ = "event_reminders_sent"

    event_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    occurrence: Mapped[date] = mapped_column(Date, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    sent_at: Mapped[datetime] = created_at()

    __table_args__ = (
        PrimaryKeyConstraint("event_id", "occurrence", "kind"),
        CheckConstraint(sql_in("kind", ReminderKind), name="kind"),
    )
