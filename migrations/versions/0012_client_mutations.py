"""retries: exactly once per person and client id for actions a client may send again

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 10:30:00

client_mutations holds, per (account, client id), the operation, a fingerprint of its input and
what the first send made; the offline queue's resends replay it (api/retries). Kept a week.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "client_mutations",
        sa.Column("account_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("operation", sa.String(length=48), nullable=False),
        sa.Column("fingerprint", sa.LargeBinary(length=32), nullable=False),
        sa.Column("subject_id", postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_client_mutations_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "client_id", name=op.f("pk_client_mutations")),
    )
    op.create_index("ix_client_mutations_created_at", "client_mutations", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_client_mutations_created_at", table_name="client_mutations")
    op.drop_table("client_mutations")
