"""Every strength and need analysed again: the words of a phrase of the concept table now count too
(for a quarter), terms whose stem is a common word's are found only as written ("probably" is not
probability, "deportaron" not deportes; concepts.AS_WRITTEN), phrases that are one word without their
stop words are found as written instead of being dropped ("no duerme", "la migra", "Down syndrome"),
a term ending in -s is no longer given a made-up plural ("carieses" stemmed to "car", so "cara" was
the dentist), and a few terms were added (face painter, a fallen branch, deportación). These reach
most texts, so all are read again (api/skills/reanalyse.py reanalyse_all: in batches by id; only
rows that change are written).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 19:50:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from api.skills.reanalyse import reanalyse_all_in_batches

    reanalyse_all_in_batches(op)


def downgrade() -> None:
    """Nothing to undo: the terms are what the analyser of the release gives."""
