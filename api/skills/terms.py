"""The bilingual concept table as a community's staff see and extend it (matching v2).

The built-in table (api/skills/concepts.py) maps English and Spanish words to shared concepts. Staff
of a community add their own words ("APM" is the PTA here, "el raite" a ride), either to a built-in
concept or to a concept of their own; they count only in that community's matching, from its next
run: the change recomputes the community's open needs."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.actor import Viewer, require_viewer
from api.errors import Conflict, DomainError, Invalid, NotFound
from api.outbox.service import emit
from api.skills.concepts import CONCEPTS
from api.skills.models import MatchingTerm
from api.skills.text import GENERIC_WORDS, fold, phrase_stems, tokens
from api.validation import Checker

MAX_TERMS = 500  # per community
MAX_WORDS = 3
_CONCEPT_KEY = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
BUILTIN = {c.key: c for c in CONCEPTS}


@dataclass
class TermView:
    id: uuid.UUID | None  # None: built in
    language: str
    term: str


@dataclass
class ConceptView:
    key: str
    labels: dict[str, str]
    terms: list[TermView]
    builtin: bool


async def _require_staff(db: AsyncSession, viewer: Viewer | None, community_id: uuid.UUID) -> Viewer:
    from api.communities.service import require_staff

    return await require_staff(db, viewer, community_id)


async def concepts(
    db: AsyncSession, viewer: Viewer | None, community_id: uuid.UUID, *, search: str | None = None, limit: int = 50
) -> list[ConceptView]:
    """The community's concept table: built-in concepts with its own words added, and its own concepts.
    `search` finds a concept by any of its words in either language (accents and case ignored)."""
    await _require_staff(db, viewer, community_id)
    c = Checker()
    needle = c.text("search", search, max_len=60, label="The search", multiline=False) if search else None
    c.done()
    rows = (
        await db.scalars(
            select(MatchingTerm)
            .where(MatchingTerm.community_id == community_id)
            .order_by(MatchingTerm.created_at, MatchingTerm.id)
        )
    ).all()
    views: dict[str, ConceptView] = {
        k: ConceptView(
            k,
            {"en": b.en[0], "es": b.es[0]},
            [TermView(None, "en", t) for t in b.en] + [TermView(None, "es", t) for t in b.es],
            True,
        )
        for k, b in BUILTIN.items()
    }
    for r in rows:
        v = views.setdefault(r.concept, ConceptView(r.concept, {}, [], False))
        v.labels.setdefault(r.language, r.term)
        v.terms.append(TermView(r.id, r.language, r.term))
    out = list(views.values())
    if needle:
        folded = fold(needle).strip()

        def found(term: str) -> bool:  # a word of it starts with the search: "pta" is not in "adoptar"
            return any(w.startswith(folded) for w in fold(term).split()) or fold(term).startswith(folded)

        out = [v for v in out if v.key.startswith(folded.replace(" ", "_")) or any(found(t.term) for t in v.terms)]
    # The community's own words first (what staff come back to), then the table in its order.
    out.sort(key=lambda v: not any(t.id for t in v.terms))
    return out[:limit]


async def add_term(
    db: AsyncSession, viewer: Viewer | None, *, community_id: uuid.UUID, concept: str, language: str, term: str
) -> MatchingTerm:
    viewer = await _require_staff(db, viewer, community_id)
    c = Checker()
    key = c.text("concept", concept, max_len=48, label="The concept", multiline=False)
    if key is not None and not _CONCEPT_KEY.match(key):
        c.add("concept", "A concept is lower-case letters, digits and _ (like walking_bus).", "INVALID")
    if language not in ("en", "es"):
        c.add("language", "Words can be added in English (en) or Spanish (es).", "UNSUPPORTED")
    word = c.text("term", term, min_len=2, max_len=60, label="The word", multiline=False)
    if word is not None:
        word = " ".join(word.split())
        words = [w for w, _ in tokens(word)]
        if len(words) > MAX_WORDS:
            c.add("term", f"A word or a phrase of at most {MAX_WORDS} words.", "TOO_LONG")
        elif language in ("en", "es") and (not phrase_stems(word, language) or all(w in GENERIC_WORDS for w in words)):
            c.add("term", "That word says nothing about the help itself; add a more specific one.", "TOO_GENERIC")
    c.done()
    assert key is not None and word is not None
    count = await db.scalar(select(func.count()).where(MatchingTerm.community_id == community_id))
    if count >= MAX_TERMS:
        raise Invalid(f"A community can add at most {MAX_TERMS} words; remove some first.", code="TOO_MANY")
    if fold(word) in {fold(t) for t in _builtin_terms(key, language)}:
        raise Conflict("That word is already in the table for this concept.", field="term", code="DUPLICATE")
    existing = await db.scalar(
        select(MatchingTerm).where(
            MatchingTerm.community_id == community_id,
            MatchingTerm.language == language,
            func.lower(MatchingTerm.term) == word.lower(),
        )
    )
    if existing is not None:
        raise Conflict(
            f"“{existing.term}” is already a word for “{existing.concept}” here; remove it there first.",
            field="term",
            code="DUPLICATE",
        )
    row = MatchingTerm(
        community_id=community_id, concept=key, language=language, term=word, created_by=viewer.account_id
    )
    db.add(row)
    await db.flush()
    await emit(db, "matching.terms_changed", community_id=community_id, community=community_id)
    return row


def _builtin_terms(key: str, language: str) -> tuple[str, ...]:
    b = BUILTIN.get(key)
    return () if b is None else (b.en if language == "en" else b.es)


async def remove_term(db: AsyncSession, viewer: Viewer | None, *, term_id: uuid.UUID) -> uuid.UUID:
    viewer = require_viewer(viewer)
    row = await db.get(MatchingTerm, term_id)
    if row is None:
        raise NotFound("That word is not in any of your communities' tables.", field="termId")
    try:
        await _require_staff(db, viewer, row.community_id)
    except DomainError as e:  # not staff there: the same answer as a word that does not exist
        raise NotFound("That word is not in any of your communities' tables.", field="termId") from e
    community_id = row.community_id
    await db.execute(delete(MatchingTerm).where(MatchingTerm.id == term_id))
    await emit(db, "matching.terms_changed", community_id=community_id, community=community_id)
    return term_id
