"""Notifications (an in-app row per recipient), preferences and quiet hours, Web Push
subscriptions, and the delivery table that makes each push happen once per device."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, uuid_pk
from api.partitioning import Placement

DELIVERY_STATUSES = ("pending", "delivered", "rejected", "failed", "skipped")


class Notification(Base):
    """One person told about one event. Its texts are rendered in the recipient's language when read
    or pushed, never stored; the subject (a match, later a trip...) is referenced by id only."""

    __tablename__ = "notifications"

    id: Mapped[uuid.UUID] = uuid_pk()
    recipient_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    community_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(48), nullable=False)
    # Whoever caused it. Deleting that account deletes what it caused others to be told.
    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    subject_type: Mapped[str] = mapped_column(String(32), nullable=False)
    subject_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    # The outbox event it came from: (event_id, recipient_id) is unique, so dispatching twice is harmless.
    event_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # Urgent notifications are pushed during quiet hours too (the kind's default, or the emitter's call).
    urgent: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    # False when the person turned the kind off in the app but kept its pushes.
    in_feed: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))
    created_at: Mapped[datetime] = created_at()
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("event_id", "recipient_id"),
        Index("ix_notifications_feed", "recipient_id", "created_at", "id", postgresql_where=text("in_feed")),
        Index("ix_notifications_unread", "recipient_id", postgresql_where=text("in_feed and read_at is null")),
    )


class NotificationPreference(Base):
    """A person's choice for one kind; without a row, both in-app and push are on."""

    __tablename__ = "notification_preferences"

    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(48), primary_key=True)
    in_app: Mapped[bool] = mapped_column(Boolean, nullable=False)
    push: Mapped[bool] = mapped_column(Boolean, nullable=False)


class NotificationSettings(Base):
    """Per-person settings that are not per kind: quiet hours, in minutes after local midnight in
    the person's timezone (accounts.timezone). Start after end spans midnight (22:00-07:00)."""

    __tablename__ = "notification_settings"

    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    quiet_start: Mapped[int | None] = mapped_column(SmallInteger)
    quiet_end: Mapped[int | None] = mapped_column(SmallInteger)

    __table_args__ = (
        CheckConstraint(
            "(quiet_start is null and quiet_end is null) "
            "or (quiet_start between 0 and 1439 and quiet_end between 0 and 1439 and quiet_start <> quiet_end)",
            name="quiet_hours",
        ),
    )


class PushSubscription(Base):
    """A browser's Web Push endpoint and keys. Tied to the sign-in session it was registered from, so
    signing that device out (or a password change revoking it) removes it."""

    __tablename__ = "push_subscriptions"

    id: Mapped[uuid.UUID] = uuid_pk()
    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    session_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth_sessions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # A capability URL: whoever knows it can push to the device. Never logged (its origin is).
    endpoint: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    p256dh: Mapped[str] = mapped_column(String(100), nullable=False)
    auth: Mapped[str] = mapped_column(String(40), nullable=False)
    user_agent: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = created_at()
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PushDelivery(Base):
    """One notification to one device. The primary key is the dedup key: at-least-once jobs claim
    and record rows here, so a message a device already got is not sent again."""

    __tablename__ = "push_deliveries"

    notification_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("notifications.id", ondelete="CASCADE"), primary_key=True
    )
    # A subscription that is gone (404/410) is deleted, and its deliveries with it.
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("push_subscriptions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    # When it may be sent (again): now, after a Retry-After or backoff, at the end of quiet hours,
    # or, while a job is sending it, when that job's claim runs out.
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_status: Mapped[int | None] = mapped_column(SmallInteger)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (
        CheckConstraint("status in ('pending','delivered','rejected','failed','skipped')", name="status"),
        Index("ix_push_deliveries_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
    )


# Not one community's rows (api/partitioning.py): what a person is told, from all their communities.
NOT_BY_COMMUNITY = {
    Notification: (
        Placement.BY_ACCOUNT,
        "A person's feed across their communities, read by recipient (community_id is optional: account "
        "notices have none); the largest table written per person.",
    ),
    NotificationPreference: (Placement.REFERENCE, "A person's choice per kind, read whenever they are told."),
    NotificationSettings: (Placement.REFERENCE, "A person's quiet hours, read whenever they are told."),
    PushSubscription: (Placement.REFERENCE, "A person's devices, read whenever they are pushed to."),
    PushDelivery: (
        Placement.BY_ACCOUNT,
        "One notification to one device: belongs with its notification, by recipient, not to a community.",
    ),
}
