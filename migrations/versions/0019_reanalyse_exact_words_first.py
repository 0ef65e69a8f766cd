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

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    import re

    from api.skills.reanalyse import reanalyse_matching
    from api.skills.text import LANGUAGES, builtin_lexicon, stem

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
    if changed:
        reanalyse_matching(op.get_bind(), r"\m(" + "|".join(re.escape(w) for w in changed) + r")\M")


def downgrade() -> None:
    """Nothing to undo: the terms are what the analyser of the release gives."""
