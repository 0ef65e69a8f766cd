"""Carpools: a recurring run to a destination with a schedule (schedule.py), the families in it (a
seat request is a family's row, approved or not) and the children each asked seats for, the dated
trips generated for a rolling window, "not riding today" marks, swap requests between drivers, the
driving ledger (fairness.py replays it) and the reminders already sent."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, sql_in, uuid_pk

MIN_SEATS, MAX_SEATS = 1, 8  # children per trip: a family car or a minivan


class Purpose(StrEnum):
    SCHOOL = "school"  # the school run
    TEAM = "team"  # practice, a club
    EVENT = "event"  # a one-off: a field trip, a fair


class SeatState(StrEnum):
    """A family's place in a carpool: asked (pending), approved (rides, sees pickup details and the
    other families), declined, or left (also a request withdrawn). Only approved families count."""

    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    LEFT = "left"


class SwapState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"  # withdrawn, or no longer possible (the trip changed hands or was called off)


class LedgerKind(StrEnum):
    DRIVE = "drive"  # a trip driven: the driver gives a drive, the families riding share it
    CREDIT = "credit"  # help other than driving, valued in drives by the carpool


class ReminderKind(StrEnum):
    EVENING = "evening"  # the evening before
    SOON = "soon"  # 30 minutes before


class Carpool(Base):
    __tablename__ = "carpools"

    id: Mapped[uuid.UUID] = uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    # Null once the organiser's account is gone and nobody was left to take over.
    organiser_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(80), nullable=False)
    # A named place ("Lincoln Elementary", "Riverside fields"), never a home.
    destination: Mapped[str] = mapped_column(String(120), nullable=False)
    purpose: Mapped[str] = mapped_column(String(16), nullable=False)
    notes: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    # The schedule (api.carpools.schedule.Schedule): legs as [{weekday, direction, at, weeks}],
    # wall times in `timezone` (the community's), kept across daylight-saving changes.
    timezone: Mapped[str] = mapped_column(String(64), nullable=False)
    legs: Mapped[list[dict]] = mapped_column(JSONB, nullable=False)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    skipped: Mapped[list[date]] = mapped_column(ARRAY(Date), nullable=False, server_default="{}")
    # Bit d set: a leg runs on weekday d (0 = Monday); for searching by day without reading legs.
    weekdays: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    seats: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    # Seats no approved family holds on the fullest leg (kept with every decision): search ranks by it.
    seats_free: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    # Pickup: an approximate area (an H3 cell of about 1 km from a postal code, its centre for
    # distances, its place name) for everyone; the exact details only for approved families.
    pickup_cell: Mapped[str] = mapped_column(String(16), nullable=False)
    pickup_lat: Mapped[float] = mapped_column(Float, nullable=False)
    pickup_lng: Mapped[float] = mapped_column(Float, nullable=False)
    pickup_label: Mapped[str] = mapped_column(String(120), nullable=False)
    pickup_details: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    # Trips exist up to this date (the rolling window the worker extends each day).
    trips_until: Mapped[date | None] = mapped_column(Date)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )

    __table_args__ = (
        Index("ix_carpools_community_open", "community_id", "ends_on", postgresql_where=text("cancelled_at is null")),
        Index("ix_carpools_trips_until", "trips_until", postgresql_where=text("cancelled_at is null")),
        CheckConstraint(sql_in("purpose", Purpose), name="purpose"),
        CheckConstraint(f"seats between {MIN_SEATS} and {MAX_SEATS}", name="seats"),
        CheckConstraint("seats_free between 0 and seats", name="seats_free"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
    )


class CarpoolFamily(Base):
    """A family's seat request and, once approved, its membership: one row per carpool and family,
    asked again after a decline or a departure."""

    __tablename__ = "carpool_families"

    id: Mapped[uuid.UUID] = uuid_pk()
    carpool_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("carpools.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    family_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("families.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # The caregiver who asked (told about the decision); null when their account is gone.
    account_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    organiser: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    can_drive: Mapped[bool] = mapped_column(Boolean, nullable=False)
    # The schedule's legs the family rides (schedule.leg_key), a subset of the carpool's.
    legs: Mapped[list[str]] = mapped_column(ARRAY(String(24)), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    # How the other approved families reach them besides Village's messages (a phone number).
    contact: Mapped[str] = mapped_column(String(120), nullable=False, server_default="")
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )

    __table_args__ = (
        UniqueConstraint("carpool_id", "family_id", name="uq_carpool_families_family"),
        Index("ix_carpool_families_carpool_state", "carpool_id", "state"),
        CheckConstraint(sql_in("state", SeatState), name="state"),
    )


class CarpoolRider(Base):
    """A child a family asked a seat for (first name only, read from the child's row)."""

    __tablename__ = "carpool_riders"

    carpool_family_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("carpool_families.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    child_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("children.id", ondelete="CASCADE"), nullable=False, index=True
    )

    __table_args__ = (PrimaryKeyConstraint("carpool_family_id", "child_id"),)


class Trip(Base):
    """One dated run of a carpool, keyed by its scheduled local date and direction (kept when moved)."""

    __tablename__ = "carpool_trips"

    id: Mapped[uuid.UUID] = uuid_pk()
    carpool_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("carpools.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    on: Mapped[date] = mapped_column(Date, nullable=False)
    direction: Mapped[str] = mapped_column(String(8), nullable=False)
    leg: Mapped[str] = mapped_column(String(24), nullable=False)  # the schedule leg it comes from
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # When the evening-before reminder is due (EVENING_AT local time the day before).
    evening_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    moved: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    driver_family_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("families.id", ondelete="SET NULL"), index=True
    )
    # False: proposed by the ledger, proposed again when the carpool changes. True: a family said
    # it drives (took the trip, a swap, the organiser's choice).
    driver_confirmed: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    picked_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    dropped_off_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Written to the ledger (or found with no driver) once it has started.
    settled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    no_driver_told_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )

    __table_args__ = (
        UniqueConstraint("carpool_id", "on", "direction", name="uq_carpool_trips_key"),
        Index("ix_carpool_trips_carpool_start", "carpool_id", "starts_at"),
        Index(
            "ix_carpool_trips_due", "starts_at", postgresql_where=text("cancelled_at is null and settled_at is null")
        ),
        CheckConstraint("direction in ('to','from')", name="direction"),
    )


class TripAbsence(Base):
    """A child not riding one trip ("not riding today"): no seat used, no share of the drive."""

    __tablename__ = "carpool_trip_absences"

    trip_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("carpool_trips.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    child_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("children.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (PrimaryKeyConstraint("trip_id", "child_id"),)


class Swap(Base):
    """ "Can you take Thursday? I'll take next Tuesday": the driver of `trip_id` asks another driving
    family to take it, optionally offering to take one of theirs (`return_trip_id`) in exchange."""

    __tablename__ = "carpool_swaps"

    id: Mapped[uuid.UUID] = uuid_pk()
    carpool_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("carpools.id", ondelete="CASCADE"), nullable=False, index=True
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    trip_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("carpool_trips.id", ondelete="CASCADE"), nullable=False, index=True
    )
    return_trip_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("carpool_trips.id", ondelete="CASCADE")
    )
    from_family_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("families.id", ondelete="CASCADE"), nullable=False, index=True
    )
    to_family_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("families.id", ondelete="CASCADE"), nullable=False, index=True
    )
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    note: Mapped[str] = mapped_column(String(300), nullable=False, server_default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (
        CheckConstraint(sql_in("state", SwapState), name="state"),
        CheckConstraint("from_family_id <> to_family_id", name="two_families"),
    )


class LedgerEntry(Base):
    """One line of the driving ledger, in order (seq): a drive (the driver's family and the families
    riding) or a credit (a family's other help, `drives_num / drives_den` drives)."""

    __tablename__ = "carpool_ledger"

    seq: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    carpool_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("carpools.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(8), nullable=False)
    # Not a foreign key: a family that deleted itself stays a key in the others' history.
    family_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False, index=True)
    trip_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("carpool_trips.id", ondelete="SET NULL"), unique=True
    )
    riding: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)), nullable=False, server_default="{}")
    drives_num: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    drives_den: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    note: Mapped[str] = mapped_column(String(120), nullable=False, server_default="")
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (
        Index("ix_carpool_ledger_carpool", "carpool_id", "seq"),
        CheckConstraint(sql_in("kind", LedgerKind), name="kind"),
        CheckConstraint("drives_den > 0 and drives_num >= 0", name="drives"),
    )


class ReminderSent(Base):
    """A trip reminder written to the outbox: once per (trip, kind), whatever the worker does."""

    __tablename__ = "carpool_reminders_sent"

    trip_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("carpool_trips.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    sent_at: Mapped[datetime] = created_at()

    __table_args__ = (
        PrimaryKeyConstraint("trip_id", "kind"),
        CheckConstraint(sql_in("kind", ReminderKind), name="kind"),
    )
