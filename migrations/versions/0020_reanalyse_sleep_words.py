"""Strengths and needs that may name a word the concept table gained analysed again: a baby's or a
child's sleep ("sleep", "naps", "dormir", "siestas"...) is now the sleep concept wherever it is
written, not only in "sleep training" or "won't sleep", so a helper who lists "sleep" is found for
"Baby won't sleep" and the other way round (api/skills/concepts.py, api/skills/reanalyse.py).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 17:45:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The terms added to the table in this release, as (language, term).
ADDED = [
    ("en", "sleep"),
    ("en", "naps"),
    ("en", "night waking"),
    ("en", "sleep regression"),
    ("en", "sleepless nights"),
    ("es", "dormir"),
    ("es", "siestas"),
    ("es", "despierta de noche"),
    ("es", "regresión del sueño"),
    ("es", "noches sin dormir"),
]


def upgrade() -> None:
    from api.skills.reanalyse import reanalyse_terms

    reanalyse_terms(op.get_bind(), ADDED)


def downgrade() -> None:
    """Nothing to undo: the terms are what the analyser of the release gives."""
