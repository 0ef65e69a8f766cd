"""staff tools: a join note on memberships; how a report was resolved, by whom and when

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 06:20:00

Staff verify newcomers with what they wrote when joining in front of them, and resolve reports with
an action that is recorded (no action, warned, content removed, member suspended). Reports already
resolved (none could be before this revision) count as resolved with no action.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("memberships", sa.Column("join_note", sa.Text(), server_default=sa.text("''"), nullable=False))
    op.add_column("reports", sa.Column("resolution", sa.String(24), nullable=True))
    op.add_column("reports", sa.Column("resolution_note", sa.Text(), server_default=sa.text("''"), nullable=False))
    op.add_column("reports", sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("reports", sa.Column("resolved_by_id", postgresql.UUID(as_uuid=True), nullable=True))
    op.create_foreign_key(
        op.f("fk_reports_resolved_by_id_accounts"), "reports", "accounts", ["resolved_by_id"], ["id"], ondelete="SET NULL"
    )
    op.execute("update reports set resolution = 'no_action', resolved_at = created_at where status = 'resolved'")
    op.create_check_constraint(
        op.f("ck_reports_resolution"),
        "reports",
        "resolution in ('no_action','warned','content_removed','member_suspended')",
    )
    op.create_check_constraint(
        op.f("ck_reports_resolved_with_action"), "reports", "(status = 'resolved') = (resolution is not null)"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_reports_resolved_with_action"), "reports", type_="check")
    op.drop_constraint(op.f("ck_reports_resolution"), "reports", type_="check")
    op.drop_constraint(op.f("fk_reports_resolved_by_id_accounts"), "reports", type_="foreignkey")
    for column in ("resolved_by_id", "resolved_at", "resolution_note", "resolution"):
        op.drop_column("reports", column)
    op.drop_column("memberships", "join_note")
