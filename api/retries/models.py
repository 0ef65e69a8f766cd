"""The retry keys of actions a client may send more than once (the PWA's offline queue, a retry
after a lost answer): one row per (person, client id), holding what the first send made."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at
from api.partitioning import Placement


class ClientMutation(Base):
    __tablename__ = "client_mutations"
    __table_args__ = (Index("ix_client_mutations_created_at", "created_at"),)

    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    operation: Mapped[str] = mapped_column(String(48), nullable=False)
    # sha256 of the operation and its input: the same id with other content is refused.
    fingerprint: Mapped[bytes] = mapped_column(LargeBinary(32), nullable=False)
    subject_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))  # what the first send made
    created_at: Mapped[datetime] = created_at()


# Not one community's rows (api/partitioning.py).
NOT_BY_COMMUNITY = {
    ClientMutation: (
        Placement.BY_ACCOUNT,
        "A person's retry keys, by (account, client id); written by every offline-queued action.",
    ),
}
