"""carpools: carpools with their schedule, the families in each (seat requests) and their children,
dated trips, "not riding today", swaps, the driving ledger, reminders sent

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:19:14

Trips are unique per carpool, date and direction; a reminder is unique per trip and kind (so never
twice). Ledger lines keep a family id without a foreign key: the other families' history stays when
a family deletes itself.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "carpools",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("community_id", sa.UUID(), nullable=False),
        sa.Column("organiser_id", sa.UUID(), nullable=True),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("destination", sa.String(length=120), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("legs", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("skipped", sa.ARRAY(sa.Date()), server_default="{}", nullable=False),
        sa.Column("weekdays", sa.SmallInteger(), nullable=False),
        sa.Column("seats", sa.SmallInteger(), nullable=False),
        sa.Column("seats_free", sa.SmallInteger(), nullable=False),
        sa.Column("pickup_cell", sa.String(length=16), nullable=False),
        sa.Column("pickup_lat", sa.Float(), nullable=False),
        sa.Column("pickup_lng", sa.Float(), nullable=False),
        sa.Column("pickup_label", sa.String(length=120), nullable=False),
        sa.Column("pickup_details", sa.Text(), server_default="", nullable=False),
        sa.Column("trips_until", sa.Date(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("purpose in ('school','team','event')", name=op.f("ck_carpools_purpose")),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_carpools_dates")),
        sa.CheckConstraint("seats between 1 and 8", name=op.f("ck_carpools_seats")),
        sa.CheckConstraint("seats_free between 0 and seats", name=op.f("ck_carpools_seats_free")),
        sa.ForeignKeyConstraint(
            ["community_id"], ["communities.id"], name=op.f("fk_carpools_community_id_communities"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organiser_id"], ["accounts.id"], name=op.f("fk_carpools_organiser_id_accounts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carpools")),
    )
    op.create_index(
        "ix_carpools_community_open",
        "carpools",
        ["community_id", "ends_on"],
        unique=False,
        postgresql_where=sa.text("cancelled_at is null"),
    )
    op.create_index(op.f("ix_carpools_organiser_id"), "carpools", ["organiser_id"], unique=False)
    op.create_index(
        "ix_carpools_trips_until",
        "carpools",
        ["trips_until"],
        unique=False,
        postgresql_where=sa.text("cancelled_at is null"),
    )
    op.create_table(
        "carpool_families",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("carpool_id", sa.UUID(), nullable=False),
        sa.Column("community_id", sa.UUID(), nullable=False),
        sa.Column("family_id", sa.UUID(), nullable=False),
        sa.Column("account_id", sa.UUID(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("organiser", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("can_drive", sa.Boolean(), nullable=False),
        sa.Column("legs", sa.ARRAY(sa.String(length=24)), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("contact", sa.String(length=120), server_default="", nullable=False),
        sa.Column("decided_by_id", sa.UUID(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("state in ('pending','approved','declined','left')", name=op.f("ck_carpool_families_state")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_carpool_families_account_id_accounts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["carpool_id"], ["carpools.id"], name=op.f("fk_carpool_families_carpool_id_carpools"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_carpool_families_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["accounts.id"],
            name=op.f("fk_carpool_families_decided_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["families.id"], name=op.f("fk_carpool_families_family_id_families"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carpool_families")),
        sa.UniqueConstraint("carpool_id", "family_id", name="uq_carpool_families_family"),
    )
    op.create_index(op.f("ix_carpool_families_account_id"), "carpool_families", ["account_id"], unique=False)
    op.create_index("ix_carpool_families_carpool_state", "carpool_families", ["carpool_id", "state"], unique=False)
    op.create_index(op.f("ix_carpool_families_family_id"), "carpool_families", ["family_id"], unique=False)
    op.create_table(
        "carpool_trips",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("carpool_id", sa.UUID(), nullable=False),
        sa.Column("community_id", sa.UUID(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("leg", sa.String(length=24), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("evening_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moved", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("driver_family_id", sa.UUID(), nullable=True),
        sa.Column("driver_confirmed", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("picked_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dropped_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("no_driver_told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("direction in ('to','from')", name=op.f("ck_carpool_trips_direction")),
        sa.ForeignKeyConstraint(
            ["carpool_id"], ["carpools.id"], name=op.f("fk_carpool_trips_carpool_id_carpools"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_carpool_trips_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["driver_family_id"],
            ["families.id"],
            name=op.f("fk_carpool_trips_driver_family_id_families"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carpool_trips")),
        sa.UniqueConstraint("carpool_id", "on", "direction", name="uq_carpool_trips_key"),
    )
    op.create_index("ix_carpool_trips_carpool_start", "carpool_trips", ["carpool_id", "starts_at"], unique=False)
    op.create_index(op.f("ix_carpool_trips_driver_family_id"), "carpool_trips", ["driver_family_id"], unique=False)
    op.create_index(
        "ix_carpool_trips_due",
        "carpool_trips",
        ["starts_at"],
        unique=False,
        postgresql_where=sa.text("cancelled_at is null and settled_at is null"),
    )
    op.create_table(
        "carpool_ledger",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("carpool_id", sa.UUID(), nullable=False),
        sa.Column("community_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("family_id", sa.UUID(), nullable=False),
        sa.Column("trip_id", sa.UUID(), nullable=True),
        sa.Column("riding", sa.ARRAY(sa.UUID()), server_default="{}", nullable=False),
        sa.Column("drives_num", sa.Integer(), server_default="0", nullable=False),
        sa.Column("drives_den", sa.Integer(), server_default="1", nullable=False),
        sa.Column("note", sa.String(length=120), server_default="", nullable=False),
        sa.Column("recorded_by_id", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("kind in ('drive','credit')", name=op.f("ck_carpool_ledger_kind")),
        sa.CheckConstraint("drives_den > 0 and drives_num >= 0", name=op.f("ck_carpool_ledger_drives")),
        sa.ForeignKeyConstraint(
            ["carpool_id"], ["carpools.id"], name=op.f("fk_carpool_ledger_carpool_id_carpools"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_carpool_ledger_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["accounts.id"],
            name=op.f("fk_carpool_ledger_recorded_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["trip_id"], ["carpool_trips.id"], name=op.f("fk_carpool_ledger_trip_id_carpool_trips"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_carpool_ledger")),
        sa.UniqueConstraint("trip_id", name=op.f("uq_carpool_ledger_trip_id")),
    )
    op.create_index("ix_carpool_ledger_carpool", "carpool_ledger", ["carpool_id", "seq"], unique=False)
    op.create_index(op.f("ix_carpool_ledger_family_id"), "carpool_ledger", ["family_id"], unique=False)
    op.create_index(op.f("ix_carpool_ledger_recorded_by_id"), "carpool_ledger", ["recorded_by_id"], unique=False)
    op.create_table(
        "carpool_reminders_sent",
        sa.Column("trip_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("kind in ('evening','soon')", name=op.f("ck_carpool_reminders_sent_kind")),
        sa.ForeignKeyConstraint(
            ["trip_id"],
            ["carpool_trips.id"],
            name=op.f("fk_carpool_reminders_sent_trip_id_carpool_trips"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("trip_id", "kind", name=op.f("pk_carpool_reminders_sent")),
    )
    op.create_table(
        "carpool_riders",
        sa.Column("carpool_family_id", sa.UUID(), nullable=False),
        sa.Column("child_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carpool_family_id"],
            ["carpool_families.id"],
            name=op.f("fk_carpool_riders_carpool_family_id_carpool_families"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_carpool_riders_child_id_children"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("carpool_family_id", "child_id", name=op.f("pk_carpool_riders")),
    )
    op.create_index(op.f("ix_carpool_riders_child_id"), "carpool_riders", ["child_id"], unique=False)
    op.create_table(
        "carpool_swaps",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("carpool_id", sa.UUID(), nullable=False),
        sa.Column("community_id", sa.UUID(), nullable=False),
        sa.Column("trip_id", sa.UUID(), nullable=False),
        sa.Column("return_trip_id", sa.UUID(), nullable=True),
        sa.Column("from_family_id", sa.UUID(), nullable=False),
        sa.Column("to_family_id", sa.UUID(), nullable=False),
        sa.Column("requested_by_id", sa.UUID(), nullable=True),
        sa.Column("decided_by_id", sa.UUID(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=300), server_default="", nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "state in ('pending','accepted','declined','cancelled')", name=op.f("ck_carpool_swaps_state")
        ),
        sa.CheckConstraint("from_family_id <> to_family_id", name=op.f("ck_carpool_swaps_two_families")),
        sa.ForeignKeyConstraint(
            ["carpool_id"], ["carpools.id"], name=op.f("fk_carpool_swaps_carpool_id_carpools"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_carpool_swaps_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["accounts.id"],
            name=op.f("fk_carpool_swaps_decided_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["from_family_id"],
            ["families.id"],
            name=op.f("fk_carpool_swaps_from_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["accounts.id"],
            name=op.f("fk_carpool_swaps_requested_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["return_trip_id"],
            ["carpool_trips.id"],
            name=op.f("fk_carpool_swaps_return_trip_id_carpool_trips"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_family_id"], ["families.id"], name=op.f("fk_carpool_swaps_to_family_id_families"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["trip_id"], ["carpool_trips.id"], name=op.f("fk_carpool_swaps_trip_id_carpool_trips"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carpool_swaps")),
    )
    op.create_index(op.f("ix_carpool_swaps_carpool_id"), "carpool_swaps", ["carpool_id"], unique=False)
    op.create_index(op.f("ix_carpool_swaps_decided_by_id"), "carpool_swaps", ["decided_by_id"], unique=False)
    op.create_index(op.f("ix_carpool_swaps_from_family_id"), "carpool_swaps", ["from_family_id"], unique=False)
    op.create_index(op.f("ix_carpool_swaps_requested_by_id"), "carpool_swaps", ["requested_by_id"], unique=False)
    op.create_index(op.f("ix_carpool_swaps_to_family_id"), "carpool_swaps", ["to_family_id"], unique=False)
    op.create_index(op.f("ix_carpool_swaps_trip_id"), "carpool_swaps", ["trip_id"], unique=False)
    op.create_table(
        "carpool_trip_absences",
        sa.Column("trip_id", sa.UUID(), nullable=False),
        sa.Column("child_id", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_carpool_trip_absences_child_id_children"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["trip_id"],
            ["carpool_trips.id"],
            name=op.f("fk_carpool_trip_absences_trip_id_carpool_trips"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("trip_id", "child_id", name=op.f("pk_carpool_trip_absences")),
    )
    op.create_index(op.f("ix_carpool_trip_absences_child_id"), "carpool_trip_absences", ["child_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_carpool_trip_absences_child_id"), table_name="carpool_trip_absences")
    op.drop_table("carpool_trip_absences")
    op.drop_index(op.f("ix_carpool_swaps_trip_id"), table_name="carpool_swaps")
    op.drop_index(op.f("ix_carpool_swaps_to_family_id"), table_name="carpool_swaps")
    op.drop_index(op.f("ix_carpool_swaps_requested_by_id"), table_name="carpool_swaps")
    op.drop_index(op.f("ix_carpool_swaps_from_family_id"), table_name="carpool_swaps")
    op.drop_index(op.f("ix_carpool_swaps_decided_by_id"), table_name="carpool_swaps")
    op.drop_index(op.f("ix_carpool_swaps_carpool_id"), table_name="carpool_swaps")
    op.drop_table("carpool_swaps")
    op.drop_index(op.f("ix_carpool_riders_child_id"), table_name="carpool_riders")
    op.drop_table("carpool_riders")
    op.drop_table("carpool_reminders_sent")
    op.drop_index(op.f("ix_carpool_ledger_recorded_by_id"), table_name="carpool_ledger")
    op.drop_index(op.f("ix_carpool_ledger_family_id"), table_name="carpool_ledger")
    op.drop_index("ix_carpool_ledger_carpool", table_name="carpool_ledger")
    op.drop_table("carpool_ledger")
    op.drop_index(
        "ix_carpool_trips_due",
        table_name="carpool_trips",
        postgresql_where=sa.text("cancelled_at is null and settled_at is null"),
    )
    op.drop_index(op.f("ix_carpool_trips_driver_family_id"), table_name="carpool_trips")
    op.drop_index("ix_carpool_trips_carpool_start", table_name="carpool_trips")
    op.drop_table("carpool_trips")
    op.drop_index(op.f("ix_carpool_families_family_id"), table_name="carpool_families")
    op.drop_index("ix_carpool_families_carpool_state", table_name="carpool_families")
    op.drop_index(op.f("ix_carpool_families_account_id"), table_name="carpool_families")
    op.drop_table("carpool_families")
    op.drop_index("ix_carpools_trips_until", table_name="carpools", postgresql_where=sa.text("cancelled_at is null"))
    op.drop_index(op.f("ix_carpools_organiser_id"), table_name="carpools")
    op.drop_index("ix_carpools_community_open", table_name="carpools", postgresql_where=sa.text("cancelled_at is null"))
    op.drop_table("carpools")
