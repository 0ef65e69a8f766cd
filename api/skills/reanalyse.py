"""Analysing stored strengths and needs again after the analyser or the concept table changed, in a
migration (synchronous, on Alembic's connection). `reanalyse_terms` and `reanalyse_matching` read
only the texts that name one of the changed words (analysing every text again took about 8 minutes
at a million strengths with migration 0023 on a fast 2-core machine, and would take several times
that on a slow one), and only rows whose terms or words as written change are written, so the
postings trigger rebuilds just those.

A migration that adds terms to the concept table passes them to `reanalyse_terms`; one that changes
how words are read passes its own pattern to `reanalyse_matching`, or calls `reanalyse_all` when the
change reaches most texts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import sqlalchemy as sa

from api import language
from api.skills.models import need_terms, strength_terms
from api.skills.text import phrase_stems

BATCH = 1000
# Letters a family may type with or without an accent (texts are stored as typed; core PostgreSQL
# has no unaccent).
_ACCENTED = {"a": "aáàä", "e": "eéèë", "i": "iíìï", "o": "oóòö", "u": "uúùü", "n": "nñ", "c": "cç"}


def stem_pattern(terms: Iterable[tuple[str, str]]) -> str:
    """A case-insensitive PostgreSQL pattern for texts that may contain one of the terms
    ((language, term) pairs): texts with a word starting with each stem of a term, but for its last
    letter (its other forms, "sleeping" for sleep, start with it too). It may choose more texts than
    change; they are analysed and left as they were."""
    phrases = sorted({s for lang, term in terms if (s := phrase_stems(term, lang))})
    if not phrases:
        return ""

    def word(stem: str) -> str:
        # A stem's last letter may not be the word's ("waking" stems to "wake", "happy" to "happi").
        start = stem[:-1] if len(stem) > 3 else stem
        return r"(?=.*\m" + "".join(f"[{_ACCENTED[c]}]" if c in _ACCENTED else re.escape(c) for c in start) + ")"

    return "^(?:" + "|".join("".join(word(s) for s in phrase) for phrase in phrases) + ")"


def reanalyse_terms(bind, terms: Iterable[tuple[str, str]]) -> None:
    """Analyse again the strengths and needs that may name one of the (language, term) pairs."""
    if pattern := stem_pattern(terms):
        reanalyse_matching(bind, pattern)


def reanalyse_matching(bind, pattern: str) -> None:
    """Analyse again the strengths and needs whose title or description matches `pattern` (~*)."""
    _reanalyse(bind, pattern)


def reanalyse_all(bind) -> None:
    """Analyse again every strength and need (a change to how every text is read)."""
    _reanalyse(bind, None)


def reanalyse_all_in_batches(op) -> None:
    """`reanalyse_all` for a migration (Alembic's `op`), each batch of 1,000 committed on its own: at
    a million strengths the re-reading takes many minutes, and one transaction would hold every
    strength's row lock (and its WAL) for all of it. The terms are derived data: a run stopped half
    way leaves some texts read the new way, and running the migration again reads them all."""
    with op.get_context().autocommit_block():
        reanalyse_all(op.get_bind())


def _reanalyse(bind, pattern: str | None) -> None:
    # The language model's pages are kept for the whole run (language.held()), not let go per text.
    with language.held():
        for batch in _naming(bind, "strengths", "languages", pattern):
            found = [strength_terms(r.title, r.description, r.languages, r.category_slug) for r in batch]
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
                    "terms": [json.dumps(terms, ensure_ascii=False) for terms, _, _ in found],
                    "lengths": [length for _, length, _ in found],
                    "said": [json.dumps(said, ensure_ascii=False) for _, _, said in found],
                },
            )
        for batch in _naming(bind, "needs", "language", pattern):
            bind.execute(
                sa.text(
                    "update needs n set terms = v.terms from (select u.id,"
                    " array(select jsonb_array_elements_text(cast(u.t as jsonb))) as terms"
                    " from unnest(cast(:ids as uuid[]), cast(:terms as text[])) as u(id, t)) v"
                    " where n.id = v.id and n.terms <> v.terms"
                ),
                {
                    "ids": [r.id for r in batch],
                    "terms": [
                        json.dumps(need_terms(r.title, r.description, r.language, r.category_slug)) for r in batch
                    ],
                },
            )


def _naming(bind, table: str, language: str, pattern: str | None) -> Iterator[list]:
    """The rows of a table whose title or description matches the pattern (all rows: None), in
    batches by id, so a million strengths are never held at once."""
    where = "title || ' ' || coalesce(description, '') ~* :pattern" if pattern else "true"
    last = None
    while batch := bind.execute(
        sa.text(
            f"select id, title, description, category_slug, {language} from {table}"
            f" where {where} and (cast(:last as uuid) is null or id > :last) order by id limit :batch"
        ),
        {"pattern": pattern, "last": last, "batch": BATCH},
    ).all():
        yield batch
        last = batch[-1].id
