"""needs: remember when a need's area is the poster's home area, so directory privacy covers it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 04:20:00

A need posted without its own place takes the poster's home area. Whether others may see or filter
by that area depends on the poster's showArea at read time, so the need has to know where its area
came from. Existing needs are marked when their area is the poster's current home area (a need
whose poster has moved since cannot be told apart from one with an explicit place).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("needs", sa.Column("area_from_home", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    op.execute(
        "update needs set area_from_home = true from accounts a "
        "where a.id = needs.requester_id and needs.area_cell is not null and needs.area_cell = a.home_cell"
    )


def downgrade() -> None:
    op.drop_column("needs", "area_from_home")
