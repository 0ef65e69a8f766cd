"""outbox: the job that follows an event is tracked until done, so a killed worker loses none

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 06:30:00

The matching run that follows need.posted (and the other FOLLOW_UPS) was enqueued after the
dispatch committed, with nothing to notice when a worker died before or while running it. Events
now carry `followed_up_at` (set when the follow-up has run, or at dispatch when there is none) and
`follow_up_attempts`; the sweeper enqueues follow-ups still missing. Events dispatched before this
revision count as followed up.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox_events", sa.Column("followed_up_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "outbox_events", sa.Column("follow_up_attempts", sa.Integer(), server_default=sa.text("0"), nullable=False)
    )
    op.execute("update outbox_events set followed_up_at = dispatched_at where dispatched_at is not null")
    op.create_index(
        "ix_outbox_follow_up_pending",
        "outbox_events",
        ["id"],
        postgresql_where=sa.text("dispatched_at IS NOT NULL AND followed_up_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_follow_up_pending", table_name="outbox_events")
    op.drop_column("outbox_events", "follow_up_attempts")
    op.drop_column("outbox_events", "followed_up_at")
