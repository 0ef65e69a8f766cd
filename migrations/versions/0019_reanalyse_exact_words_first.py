"""Strengths and needs analysed again: a word of the concept table as written now wins over another
word's stem ("Medicaid" in a Spanish text is Medicaid, not a doctor; api/skills/text.py). Only texts
with a word whose reading changed are analysed (a handful of words: analysing every strength would
take about half an hour at a million), and only rows whose terms or words change are written, so
the postings trigger rebuilds just those.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 15:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def upgrade() -> None:
    import json
    import re

    from api.skills.text import LANGUAGES, analyse, builtin_lexicon, stem

    # The words the table names exactly that a stem used to read as another concept.
    lexicon = builtin_lexicon()
    changed = sorted(
        {
            " ".join(words)
            for words, concept in lexicon.exact.items()
            for lang in LANGUAGES
            if lexicon.phrases.get((lang, tuple(stem(w, lang) for w in words)), concept) != concept
        }
    )
    if not changed:
        return
    pattern = r"\m(" + "|".join(re.escape(w) for w in changed) + r")\M"
    bind = op.get_bind()
    rows = _naming(bind, "strengths", "languages", pattern)
    for i in range(0, len(rows), BATCH):
        batch = rows[i : i + BATCH]
        found = [analyse(r.title, r.description or "", hint=(r.languages or [None])[0]) for r in batch]
        bind.execute(
            sa.text(
                "update strengths s set terms = cast(v.terms as jsonb), term_length = v.length,"
                " said = cast(v.said as jsonb)"
                " from unnest(cast(:ids as uuid[]), cast(:terms as text[]), cast(:lengths as float8[]),"
                " cast(:said as text[])) as v(id, terms, length, said)"
                " where s.id = v.id and (s.terms <> cast(v.terms as jsonb) or s.said <> cast(v.said as jsonb))"
            ),
            {
                "ids": [r.id for r in batch],
                "terms": [json.dumps({t: round(w, 2) for t, w in a.terms.items()}, ensure_ascii=False) for a in found],
                "lengths": [round(a.length, 2) for a in found],
                "said": [json.dumps(a.surface, ensure_ascii=False) for a in found],
            },
        )
    rows = _naming(bind, "needs", "language", pattern)
    for i in range(0, len(rows), BATCH):
        batch = rows[i : i + BATCH]
        bind.execute(
            sa.text(
                "update needs n set terms = v.terms from (select u.id, array(select jsonb_array_elements_text(cast(u.t as jsonb)))"
                " as terms from unnest(cast(:ids as uuid[]), cast(:terms as text[])) as u(id, t)) v"
                " where n.id = v.id and n.terms <> v.terms"
            ),
            {
                "ids": [r.id for r in batch],
                "terms": [
                    json.dumps(sorted(analyse(r.title, r.description or "", hint=r.language).terms)) for r in batch
                ],
            },
        )


def _naming(bind, table: str, language: str, pattern: str) -> list:
    """The rows of a table whose title or description has one of the words."""
    return bind.execute(
        sa.text(
            f"select id, title, description, {language} from {table}"
            " where title || ' ' || coalesce(description, '') ~* :pattern order by id"
        ),
        {"pattern": pattern},
    ).all()


def downgrade() -> None:
    """Nothing to undo: the terms are what the analyser of the release gives."""
