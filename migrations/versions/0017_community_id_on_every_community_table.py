"""community_id on every community table: the rows inside a community's object (a carpool's riders,
absences and reminders, a conversation's people and messages, an event's date changes and reminders,
a group's members and comments) carry their community, copied from their parent, so the schema can
be distributed by community_id (docs/partitioning.md); group_members gains the index its per-community
lookup ("my groups here") leads with

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 03:23:25.236314
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table → (its parent, the table's column pointing at the parent): community_id is copied from it.
CHILDREN = {
    "carpool_riders": ("carpool_families", "carpool_family_id"),
    "carpool_trip_absences": ("carpool_trips", "trip_id"),
    "carpool_reminders_sent": ("carpool_trips", "trip_id"),
    "conversation_participants": ("conversations", "conversation_id"),
    "messages": ("conversations", "conversation_id"),
    "event_occurrence_changes": ("events", "event_id"),
    "event_reminders_sent": ("events", "event_id"),
    "group_members": ("groups", "group_id"),
    "group_comments": ("groups", "group_id"),
}


def upgrade() -> None:
    for table, (parent, column) in CHILDREN.items():
        # Nullable first, filled from the parent (every row has one: the column is NOT NULL with a
        # cascading foreign key), then required, so no existing row is lost or left without it.
        op.add_column(table, sa.Column("community_id", sa.UUID(), nullable=True))
        op.execute(
            f"update {table} t set community_id = p.community_id from {parent} p where p.id = t.{column}"
        )
        op.alter_column(table, "community_id", nullable=False)
        op.create_foreign_key(
            op.f(f"fk_{table}_community_id_communities"),
            table,
            "communities",
            ["community_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.create_index("ix_group_members_community_account", "group_members", ["community_id", "account_id"])


def downgrade() -> None:
    op.drop_index("ix_group_members_community_account", table_name="group_members")
    for table in reversed(CHILDREN):
        op.drop_constraint(op.f(f"fk_{table}_community_id_communities"), table, type_="foreignkey")
        op.drop_column(table, "community_id")
