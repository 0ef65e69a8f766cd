"""Strengths and needs that may name a word whose meaning now depends on the category they are filed
under analysed again (api/skills/concepts.py SENSES: "suspension" under car repair is a truck's, a
truck there is the one to fix, an "app" under school apps is a school app; "frenos" at the doctor's
are braces, a "gato" under car repair is the jack, a "fórmula" in math is not baby formula), with the words of the
new car-suspension concept ("shocks", "amortiguadores"). A strength or need moved to another
category is analysed again as it is saved (api/skills/models.py). A sense with a cue ("suspensión" beside
"frenos") is read so under any category.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 18:05:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from api.skills.concepts import CONCEPTS, SENSES
    from api.skills.reanalyse import reanalyse_terms

    suspension = next(c for c in CONCEPTS if c.key == "car_suspension")
    reanalyse_terms(
        op.get_bind(),
        [(s.lang, s.term) for s in SENSES]
        + [("en", t) for t in suspension.en]
        + [("es", t) for t in suspension.es],
    )


def downgrade() -> None:
    """Nothing to undo: the terms are what the analyser of the release gives."""
