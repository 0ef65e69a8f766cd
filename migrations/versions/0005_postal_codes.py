"""postal codes: US ZIP code centres and place names, as reference data in the database

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 23:59:00

Loaded from the zipcodes package (pinned in pyproject.toml) when the migration runs: API processes
look codes up in SQL instead of holding the package's 42,000 entries (about 60 MB) each.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    import zipcodes

    table = op.create_table(
        "postal_codes",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lng", sa.Float(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_postal_codes")),
    )
    rows = {}
    for z in zipcodes.list_all():
        code = z["zip_code"]
        if len(code) == 5 and code.isdigit() and z.get("lat") and z.get("long") and code not in rows:
            rows[code] = {
                "code": code,
                "lat": float(z["lat"]),
                "lng": float(z["long"]),
                "label": f"{z['city'].title()}, {z['state']}"[:80],
            }
    op.bulk_insert(table, list(rows.values()))


def downgrade() -> None:
    op.drop_table("postal_codes")
