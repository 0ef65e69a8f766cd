"""groups: how each member hears of a group's posts (at once, a daily digest, or not)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 07:45:00

group_members.notify is instant (the default), daily or off; digest_after is where the next daily
digest starts (the last digest, or when the member last opened the group).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "group_members", sa.Column("notify", sa.String(8), server_default=sa.text("'instant'"), nullable=False)
    )
    op.add_column(
        "group_members",
        sa.Column("digest_after", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    )
    op.create_check_constraint(op.f("ck_group_members_notify"), "group_members", "notify in ('instant','daily','off')")


def downgrade() -> None:
    op.drop_constraint(op.f("ck_group_members_notify"), "group_members", type_="check")
    op.drop_column("group_members", "digest_after")
    op.drop_column("group_members", "notify")
