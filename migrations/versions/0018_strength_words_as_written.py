"""strengths.said: for each of a strength's terms, the word of its text that gave it, as written, so
a match's reasons ("tarea = homework") name the helper's own words without analysing the text again
on every matching run (api/skills/matching.py word_pairs); strengths.grade_low/grade_high: the
grades a helper says they work with (api/skills/grades.py), which matching ranks by. Existing rows
are analysed here with the analyser of this release, as 0015 did for the terms.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 12:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def upgrade() -> None:
    import json

    from api.skills.grades import strength_grades
    from api.skills.text import analyse

    op.add_column(
        "strengths",
        sa.Column("said", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
    )
    op.add_column("strengths", sa.Column("grade_low", sa.SmallInteger(), nullable=True))
    op.add_column("strengths", sa.Column("grade_high", sa.SmallInteger(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text("select id, title, description, languages from strengths order by id")).all()
    # The words only: the terms and the postings stay as they are (no trigger fires on this column).
    for i in range(0, len(rows), BATCH):
        batch = rows[i : i + BATCH]
        said = [
            json.dumps(analyse(r.title, r.description or "", hint=(r.languages or [None])[0]).surface, ensure_ascii=False)
            for r in batch
        ]
        grades = [strength_grades(r.title, r.description or "") or (None, None) for r in batch]
        bind.execute(
            sa.text(
                "update strengths s set said = cast(v.said as jsonb), grade_low = v.lo, grade_high = v.hi "
                "from unnest(cast(:ids as uuid[]), cast(:said as text[]), cast(:lo as int2[]), cast(:hi as int2[]))"
                " as v(id, said, lo, hi) where s.id = v.id"
            ),
            {"ids": [r.id for r in batch], "said": said, "lo": [g[0] for g in grades], "hi": [g[1] for g in grades]},
        )


def downgrade() -> None:
    op.drop_column("strengths", "grade_high")
    op.drop_column("strengths", "grade_low")
    op.drop_column("strengths", "said")
