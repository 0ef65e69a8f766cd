"""The transactional outbox: events written in the same transaction as the change that caused them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at
from api.partitioning import Placement


class OutboxEvent(Base):
    __tablename__ = "outbox_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), index=True)
    kind: Mapped[str] = mapped_column(String(48), nullable=False)
    # Ids only: workers re-read the rows, so no personal data sits in the outbox or the queue.
    payload: Mapped[dict] = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"))
    created_at: Mapped[datetime] = created_at()
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    # The job that follows the event (a matching run after need.posted) is done: set with
    # dispatched_at when there is none, by follow_up_outbox when it has run. Until then the sweeper
    # enqueues it again, so a worker killed between the dispatch and its follow-up loses nothing.
    followed_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    follow_up_attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")

    __table_args__ = (
        Index("ix_outbox_pending", "id", postgresql_where=text("dispatched_at IS NULL")),
        Index(
            "ix_outbox_follow_up_pending",
            "id",
            postgresql_where=text("dispatched_at IS NOT NULL AND followed_up_at IS NULL"),
        ),
    )


# Not one community's rows (api/partitioning.py).
NOT_BY_COMMUNITY = {
    OutboxEvent: (
        Placement.COORDINATOR,
        "The queue of events to dispatch, swept in id order across communities (account events have no community).",
    ),
}
