"""Blocks between caregivers and reports to a community's staff."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at, sql_in, uuid_pk
from api.partitioning import Placement

REPORT_REASONS = ("spam", "harassment", "safety", "inappropriate", "other")
REPORT_SUBJECTS = ("caregiver", "post", "comment", "need", "message")


class ReportAction(StrEnum):
    """What staff did about a report when they resolved it."""

    NO_ACTION = "no_action"  # looked at it; nothing to do
    WARNED = "warned"  # talked to the person (outside the app, or by message)
    CONTENT_REMOVED = "content_removed"  # the reported need (post, message) was taken down
    MEMBER_SUSPENDED = "member_suspended"  # the person responsible was suspended from the community


class Block(Base):
    __tablename__ = "blocks"

    blocker_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    blocked_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = created_at()

    __table_args__ = (CheckConstraint("blocker_id <> blocked_id", name="not_self"),)


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[uuid.UUID] = uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="CASCADE"), nullable=False, index=True
    )
    reporter_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    subject_type: Mapped[str] = mapped_column(String(16), nullable=False)
    subject_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False, index=True)
    # The account responsible for the subject (the caregiver, the post's author...), so deleting
    # that account removes the reports about them too.
    subject_account_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(16), nullable=False)
    details: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default="open")
    created_at: Mapped[datetime] = created_at()
    # How staff resolved it: the action taken (ReportAction), their note, who and when.
    resolution: Mapped[str | None] = mapped_column(String(24))
    resolution_note: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="SET NULL")
    )

    __table_args__ = (
        CheckConstraint("reason in ('spam','harassment','safety','inappropriate','other')", name="reason"),
        CheckConstraint(sql_in("subject_type", REPORT_SUBJECTS), name="subject_type"),
        CheckConstraint("status in ('open','resolved')", name="status"),
        CheckConstraint(sql_in("resolution", ReportAction), name="resolution"),
        CheckConstraint("(status = 'resolved') = (resolution is not null)", name="resolved_with_action"),
    )


# Not one community's rows (api/partitioning.py).
NOT_BY_COMMUNITY = {
    Block: (
        Placement.REFERENCE,
        "Between two people in whichever community they meet; every community's visibility check reads it.",
    ),
}
