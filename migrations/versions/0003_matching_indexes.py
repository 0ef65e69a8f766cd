"""matching: index-only member lists per community, open matches per helper

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Matching walks a community's verified members (an index-only scan with this one) and counts each
    # shortlisted helper's open matches (a few entries each, whatever the helper's history).
    op.create_index('ix_memberships_verified_by_community', 'memberships', ['community_id', 'account_id'], unique=False,
                    postgresql_where=sa.text("state = 'verified'"))
    op.create_index('ix_matches_open_by_helper', 'matches', ['helper_id'], unique=False,
                    postgresql_where=sa.text("status in ('offered', 'requested', 'accepted')"))


def downgrade() -> None:
    op.drop_index('ix_matches_open_by_helper', table_name='matches', postgresql_where=sa.text("status in ('offered', 'requested', 'accepted')"))
    op.drop_index('ix_memberships_verified_by_community', table_name='memberships', postgresql_where=sa.text("state = 'verified'"))
