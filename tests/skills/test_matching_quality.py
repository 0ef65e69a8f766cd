"""Matching quality on a labelled set (tests/skills/eval_cases.py): does the helper a family liaison
would pick come out on top, and do the hard rules hold (blocks, reach, own family, load, language,
words with another meaning)? Writes its figures to bench/results/matching_eval.txt."""

from __future__ import annotations

import math
import os
import uuid
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from api import geo
from api.accounts.models import Account
from api.communities.models import Community, Membership
from api.families.models import Family
from api.safety.models import Block
from api.security import _DUMMY_HASH
from api.skills import matching
from api.skills.models import Match, Need, SkillCategory, Strength
from api.skills.taxonomy import TAXONOMY
from tests.skills import eval_cases as ev

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results" / "matching_eval.txt"
NS = uuid.UUID("2f6c7a52-1f0e-4f55-8a0e-5c4b1de0a7c1")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REFERENCE_MONDAY = date(2030, 9, 9)  # any fixed week (a Monday): only the weekday and wall-clock time matter
MIN_P_AT_3 = 0.90
# Floors this set must keep (the targets are P@1 0.95 overall and 0.9 in every hard-case
# kind; README "Matching" gives what is reached, part by part).
MIN_P_AT_1 = 0.90
MIN_KIND_P_AT_3 = 0.85
MAX_TRAP_MISSES = 0.10  # share of the tempting traps that may rank above the gold helper
# Kinds checked without a trap: the gold helper must be found (and, across languages, explained).
TRAPLESS = ("plain", "cross_en_es", "cross_es_en")
CROSS = ("cross_en_es", "cross_es_en")


def _id(kind: str, key: str) -> uuid.UUID:
    # Fixed ids, so ties (broken on ids) fall the same way on every run.
    return uuid.uuid5(NS, f"{kind}:{key}")


def _minute(day: str, hhmm: str) -> int:
    return DAYS.index(day) * 1440 + int(hhmm[:2]) * 60 + int(hhmm[3:])


def _window(when: tuple[str, str, str] | None) -> tuple[datetime | None, datetime | None]:
    if when is None:
        return None, None
    day, start, end = when
    d = REFERENCE_MONDAY + timedelta(days=DAYS.index(day))
    zone = ZoneInfo(ev.TIMEZONE)
    at = lambda hhmm: datetime.combine(d, time(int(hhmm[:2]), int(hhmm[3:])), zone)  # noqa: E731
    return at(start), at(end)


def _area(place: str) -> tuple[str, float, float]:
    cell = geo.coarse_cell(*ev.PLACES[place])
    lat, lng = geo.cell_center(cell)
    return cell, lat, lng


async def load(sessions) -> dict[str, Need]:
    """The community, its caregivers, strengths, blocks, history and load; returns the open needs by case key."""
    people = {p.key: p for p in ev.HELPERS + ev.REQUESTERS}
    assert len(people) == len(ev.HELPERS) + len(ev.REQUESTERS), "person keys must be unique"
    community_id = _id("community", ev.COMMUNITY)
    async with sessions() as db:
        # Reference data comes from the migration; load it if an earlier test emptied the table.
        if not await db.scalar(select(SkillCategory.slug).limit(1)):
            db.add_all(
                SkillCategory(slug=s, parent_slug=p, position=i, labels={"en": en, "es": es})
                for i, (s, p, en, es) in enumerate(TAXONOMY)
            )
            await db.flush()
        db.add(Community(id=community_id, name=ev.COMMUNITY, timezone=ev.TIMEZONE, languages=["en", "es"]))
        db.add_all(
            Family(id=_id("family", household)) for household in sorted({p.family or p.key for p in people.values()})
        )
        await db.flush()
        for p in people.values():
            cell, lat, lng = _area(p.place)
            db.add(
                Account(
                    id=_id("account", p.key),
                    email=f"{p.key}@example.org",
                    password_hash=_DUMMY_HASH,
                    display_name=p.name,
                    languages=list(p.languages),
                    ui_language="es" if p.languages[0] == "es" else "en",
                    timezone=ev.TIMEZONE,
                    home_cell=cell,
                    home_area_label="Austin, TX",
                    home_lat=lat,
                    home_lng=lng,
                    family_id=_id("family", p.family or p.key),
                )
            )
        await db.flush()
        db.add_all(
            Membership(community_id=community_id, account_id=_id("account", k), role="caregiver", state="verified")
            for k in people
        )
        for p in ev.HELPERS:
            for i, o in enumerate(p.offers):
                db.add(
                    Strength(
                        id=_id("strength", f"{p.key}:{i}"),
                        account_id=_id("account", p.key),
                        category_slug=o.category,
                        title=o.title,
                        description=o.description,
                        languages=list(o.languages),
                        modes=list(o.modes),
                        availability=sorted([_minute(d, a), _minute(d, b)] for d, a, b in o.slots),
                    )
                )
        db.add_all(Block(blocker_id=_id("account", a), blocked_id=_id("account", b)) for a, b in ev.BLOCKS)
        await db.flush()

        # Load: matches under way for other families' (already matched) needs.
        filler = ev.Person("r_filler", "Filler Family", "east_austin", ("en",))
        cell, lat, lng = _area(filler.place)
        db.add(Family(id=_id("family", filler.key)))
        await db.flush()
        db.add(
            Account(
                id=_id("account", filler.key),
                email="filler@example.org",
                password_hash=_DUMMY_HASH,
                display_name=filler.name,
                languages=["en"],
                home_cell=cell,
                home_lat=lat,
                home_lng=lng,
                family_id=_id("family", filler.key),
            )
        )
        db.add(Membership(community_id=community_id, account_id=_id("account", filler.key), state="verified"))
        await db.flush()
        statuses = ("accepted", "offered", "requested")
        for p in ev.HELPERS:
            for n in range(p.open_matches):
                need = Need(
                    id=_id("need", f"load:{p.key}:{n}"),
                    community_id=community_id,
                    requester_id=_id("account", filler.key),
                    category_slug=p.offers[0].category,
                    title=f"Earlier request {n}",
                    mode="in_person",
                    status="matched",
                )
                db.add(need)
                await db.flush()
                db.add(
                    Match(
                        community_id=community_id,
                        need_id=need.id,
                        helper_id=_id("account", p.key),
                        requester_id=need.requester_id,
                        strength_id=_id("strength", f"{p.key}:0"),
                        score=0.5,
                        status=statuses[n % 3],
                    )
                )
        # History: a completed match between the two families.
        for helper, requester in ev.HELPED_BEFORE:
            need = Need(
                id=_id("need", f"past:{helper}:{requester}"),
                community_id=community_id,
                requester_id=_id("account", requester),
                category_slug=people[helper].offers[0].category,
                title="Earlier request",
                mode="in_person",
                status="met",
            )
            db.add(need)
            await db.flush()
            db.add(
                Match(
                    community_id=community_id,
                    need_id=need.id,
                    helper_id=_id("account", helper),
                    requester_id=need.requester_id,
                    strength_id=_id("strength", f"{helper}:0"),
                    score=0.5,
                    status="completed",
                    thanks="¡Gracias!",
                )
            )

        needs: dict[str, Need] = {}
        for c in ev.CASES:
            _, lat, lng = _area(people[c.requester].place)
            starts_at, ends_at = _window(c.when)
            needs[c.key] = Need(
                id=_id("need", c.key),
                community_id=community_id,
                requester_id=_id("account", c.requester),
                category_slug=c.category,
                title=c.title,
                description=c.description,
                mode=c.mode,
                starts_at=starts_at,
                ends_at=ends_at,
                language=c.language,
                area_cell=geo.coarse_cell(lat, lng),
                area_label="Austin, TX",
                area_lat=lat,
                area_lng=lng,
                status="open",
            )
        db.add_all(needs.values())
        await db.commit()
    return needs


def _km(a: str, b: str) -> float:
    return geo.haversine_km(*_area(a)[1:], *_area(b)[1:])


def cover(person: ev.Person, c: ev.Case) -> str:
    """How the person's offer for the need covers its window: full (one slot), unknown (no slots
    said), partial, or none; worked out from the labelled data, independently of the matching code."""
    if c.when is None:
        return "full"
    fitting = [o for o in person.offers if c.mode == "either" or c.mode in o.modes]
    # The offer that answers the need: one in its category family when the person has one.
    related = [o for o in fitting if matching.root(o.category) == matching.root(c.category)]
    rank = {"full": 0, "unknown": 1, "partial": 2, "none": 3}
    return min((offer_cover(o, c) for o in related or fitting), key=rank.__getitem__, default="none")


def speaks(person: ev.Person, language: str) -> bool:
    return language in person.languages or any(language in o.languages for o in person.offers)


def check_labels() -> None:
    """The labels must say what their kind claims, or a passing rule would prove nothing."""
    people = {p.key: p for p in ev.HELPERS + ev.REQUESTERS}
    for c in ev.CASES:
        assert c.kind in ev.KINDS and c.gold and c.language in ("en", "es"), c.key
        assert all(k in people and people[k].offers for k in c.gold + c.traps), c.key
        assert (c.kind in TRAPLESS) == (not c.traps), c.key
        asker = people[c.requester]
        for t in c.traps:
            trap = people[t]
            # A trap must be able to reach the candidate list, or its rule would hold trivially.
            fits = [o for o in trap.offers if c.mode == "either" or c.mode in o.modes]
            assert fits, f"{c.key}: {t} offers nothing in the need's mode"
            if c.kind in ("too_far", "blocked", "own_family", "overloaded", "helped_before", "virtual_far"):
                assert any(matching.root(o.category) == matching.root(c.category) for o in fits), c.key
            if c.kind == "too_far":
                assert _km(asker.place, trap.place) > matching.MAX_IN_PERSON_KM and c.mode != "virtual", c.key
            elif c.kind == "virtual_far":
                assert _km(asker.place, trap.place) > matching.MAX_IN_PERSON_KM and c.mode == "virtual", c.key
            elif c.kind == "language":
                assert c.language not in trap.languages, c.key
            elif c.kind == "overloaded":
                assert trap.open_matches >= 3 and all(people[g].open_matches == 0 for g in c.gold), c.key
            elif c.kind == "blocked":
                assert (c.requester, t) in ev.BLOCKS or (t, c.requester) in ev.BLOCKS, c.key
            elif c.kind == "own_family":
                assert trap.family is not None and trap.family == asker.family, c.key
            elif c.kind == "helped_before":
                assert (
                    all((g, c.requester) in ev.HELPED_BEFORE for g in c.gold)
                    and (t, c.requester) not in ev.HELPED_BEFORE
                ), c.key
            elif c.kind == "mislabelled":
                assert all(matching.root(o.category) == matching.root(c.category) for o in trap.offers[:1]), c.key
            elif c.kind == "partial_time":
                assert c.when is not None and cover(trap, c) != "full", c.key
            elif c.kind == "other_meaning":
                assert all(matching.root(o.category) != matching.root(c.category) for o in trap.offers), c.key
        if c.when is not None:
            assert all(cover(people[g], c) == "full" for g in c.gold), f"{c.key}: a gold helper cannot make the time"
        if c.kind == "mislabelled":
            assert all(
                all(matching.root(o.category) != matching.root(c.category) for o in people[g].offers) for g in c.gold
            ), c.key
        if c.kind in CROSS:
            written = "es" if c.kind == "cross_en_es" else "en"
            assert c.language == ("en" if written == "es" else "es"), c.key
            assert all(c.language in people[g].languages for g in c.gold), c.key
        if c.kind in ("too_far", "virtual_far"):
            assert all(
                _km(asker.place, people[g].place) <= matching.MAX_IN_PERSON_KM or c.mode != "in_person" for g in c.gold
            ), c.key


def rule_violations(c: ev.Case, ranked: list[str]) -> list[str]:
    """What the hard case forbids (or requires) of its traps, given the full ranked list of helper keys."""
    out: list[str] = []
    first_gold = min((ranked.index(g) for g in c.gold if g in ranked), default=None)
    for t in c.traps:
        at = ranked.index(t) if t in ranked else None
        if c.kind in ("too_far", "blocked", "own_family"):
            if at is not None:
                out.append(f"{c.key}: {t} must never be suggested ({c.kind}) but ranks {at + 1}")
        elif c.kind == "virtual_far":
            if at is None or at >= matching.TOP_N:
                out.append(f"{c.key}: {t} works online and must be suggested for virtual help")
        elif at is not None and (first_gold is None or at < first_gold):
            out.append(
                f"{c.key}: {t} ({c.kind}) ranks {at + 1}, above the gold helper "
                f"({'absent' if first_gold is None else first_gold + 1})"
            )
    return out


def offer_cover(o: ev.Offer, c: ev.Case) -> str:
    """How one offer's labelled slots cover the need's window (as `cover`, for a given offer)."""
    if c.when is None:
        return "full"
    day, a, b = c.when
    lo, hi = _minute(day, a), _minute(day, b)
    slots = [(_minute(d, x), _minute(d, y)) for d, x, y in o.slots]
    if not slots:
        return "unknown"
    if any(x <= lo and y >= hi for x, y in slots):
        return "full"
    return "partial" if any(x < hi and y > lo for x, y in slots) else "none"


def order_violations(c: ev.Case, ranked: list[str], offers: list[ev.Offer]) -> list[str]:
    """The hard rules over the whole ranking, for every case, each helper judged by the offer they are
    suggested for (`offers`, worked out from its labelled slots): nobody who cannot make any of the
    time is suggested; among helpers who speak the need's language (and among those who do not), a
    helper who covers only part of the window never ranks above one who covers all of it; nobody who
    does not speak the need's language ranks above one who does."""
    people = {p.key: p for p in ev.HELPERS}
    out: list[str] = []
    order = {"full": 0, "unknown": 1, "partial": 2}
    covers = [offer_cover(o, c) for o in offers]
    for i, k in enumerate(ranked):
        p = people.get(k)
        if p is None:
            continue
        if covers[i] == "none":
            out.append(f"{c.key}: {k} is free at none of the window but ranks {i + 1}")
            continue
        for j in range(i):
            q = people.get(ranked[j])
            if q is None:
                continue
            if speaks(p, c.language) and not speaks(q, c.language):
                out.append(f"{c.key}: {ranked[j]} does not speak {c.language} but ranks above {k}, who does")
            elif speaks(p, c.language) == speaks(q, c.language) and order.get(covers[j], 3) > order[covers[i]]:
                out.append(f"{c.key}: {ranked[j]} ({covers[j]}) ranks above {k}, who covers more of the window")
    return out


def reason_problems(c: ev.Case, ranked: list[str], scored: list[matching.Scored]) -> list[str]:
    """The reasons shown to the family must tell the truth about the hard case."""
    out: list[str] = []
    people = {p.key: p for p in ev.HELPERS}
    for key, s in zip(ranked[:3], scored[:3], strict=False):
        codes = [r["code"] for r in s.reasons]
        if c.language in people[key].languages and codes[:1] != ["speaks"]:
            out.append(f"{c.key}: {key} speaks {c.language} but the reasons do not open with it: {codes}")
        if c.kind == "helped_before" and key in c.gold and "helped_before" not in codes:
            out.append(f"{c.key}: {key} helped this family before but the reasons do not say so: {codes}")
        if c.kind == "virtual_far" and key in c.traps and ("distance" in codes or "virtual" not in codes):
            out.append(f"{c.key}: {key} helps online, the reasons should say so and not give a distance: {codes}")
    return out


def unexplained(c: ev.Case, ranked: list[str], scored: list[matching.Scored]) -> list[str]:
    """A gold helper in the top 3 across languages whose reasons do not name the matched words."""
    return [
        f"{c.key}: {key} matched across languages but the reasons do not name the words: {codes}"
        for key, s in zip(ranked[:3], scored[:3], strict=False)
        if c.kind in CROSS and key in c.gold and "words" not in (codes := [r["code"] for r in s.reasons])
    ]


def _3(x: float) -> str:
    """Three decimals, cut rather than rounded: at 219 needs one need is 0.005, and 208 of 219
    (0.94977) has not reached a target of 0.95."""
    return f"{math.floor(x * 1000 + 1e-9) / 1000:.3f}"


def _p(hits: list[bool]) -> float:
    return sum(hits) / len(hits) if hits else 0.0


async def test_the_right_helper_is_in_the_top_three_and_hard_cases_hold(sessions):
    check_labels()
    needs = await load(sessions)
    key_of = {_id("account", p.key): p.key for p in ev.HELPERS + ev.REQUESTERS}
    at1: dict[str, bool] = {}
    at3: dict[str, bool] = {}
    rr: dict[str, float] = {}
    violations: list[str] = []
    trap_misses: list[str] = []
    misses: list[str] = []
    tempting = reached = 0  # traps that only ranking (not a hard filter) keeps from winning
    unnamed_trap_misses = unnamed_unexplained = 0  # of held-out needs
    offer_of = {_id("strength", f"{p.key}:{i}"): o for p in ev.HELPERS for i, o in enumerate(p.offers)}
    async with sessions() as db:
        for c in ev.CASES:
            scored = await matching.rank(db, needs[c.key], limit=10_000)
            ranked = [key_of[s.helper_id] for s in scored]
            if os.environ.get("MATCHING_EVAL_VERBOSE") and not c.holdout:  # to study a change (tuning part only)
                print(
                    f"{c.key} [{c.kind}] gold={'/'.join(c.gold)} traps={'/'.join(c.traps)}: "
                    + ", ".join(f"{k} {s.score:.3f}{s.tier}" for k, s in zip(ranked[:5], scored[:5], strict=False))
                    + "".join(f" | {t}@{ranked.index(t) + 1}" for t in c.traps if t in ranked)
                    + "".join(f" | gold {g}@{ranked.index(g) + 1}" for g in c.gold if g in ranked[5:])
                )
            assert ranked == [key_of[s.helper_id] for s in await matching.rank(db, needs[c.key], limit=10_000)], (
                f"{c.key}: order is not stable"
            )
            if c.kind in (
                "other_meaning",
                "language",
                "overloaded",
                "helped_before",
                "mislabelled",
                "rare_words",
                "grades",
            ):
                tempting += len(c.traps)
                reached += sum(t in ranked for t in c.traps)
            at1[c.key] = bool(ranked) and ranked[0] in c.gold
            at3[c.key] = any(k in c.gold for k in ranked[:3])
            first = min((ranked.index(g) for g in c.gold if g in ranked), default=None)
            rr[c.key] = 0.0 if first is None else 1.0 / (first + 1)
            broken = rule_violations(c, ranked)
            # Never suggested, order of the tiers, and honest reasons are rules; a tempting trap above
            # the gold helper is a ranking miss, counted and bounded below.
            if c.kind in ("too_far", "blocked", "own_family", "virtual_far"):
                violations += broken
            elif c.holdout:
                unnamed_trap_misses += len(broken)
            else:
                trap_misses += broken
            violations += order_violations(c, ranked, [offer_of[x.strength_id] for x in scored])
            # Unexplained cross-language matches of held-out needs are counted (a word the table
            # lacks for one of them is not added to it); of the others, they are rule breaks.
            violations += reason_problems(c, ranked, scored)
            if c.holdout:
                unnamed_unexplained += len(unexplained(c, ranked, scored))
            else:
                violations += unexplained(c, ranked, scored)
            # A held-out need's miss is counted, never named: one read is no longer held out.
            if not at1[c.key] and not c.holdout:
                misses.append(
                    f"  {'' if at3[c.key] else '(not in top 3) '}{c.key} [{c.language}, {c.kind}"
                    f"{', held out' if c.holdout else ', first held out' if c.was_held_out else ''}]: "
                    f"gold {'/'.join(c.gold)}; "
                    f"top 3 {', '.join(ranked[:3]) or '-'}"
                )

    def figures(cases: list[ev.Case]) -> str:
        n = len(cases)
        return (
            f"P@1 {_3(_p([at1[c.key] for c in cases]))}, P@3 {_3(_p([at3[c.key] for c in cases]))}, "
            f"MRR {_3(sum(rr[c.key] for c in cases) / max(n, 1))} ({n} needs)"
        )

    by_language: dict[str, list[ev.Case]] = defaultdict(list)
    by_kind: dict[str, list[ev.Case]] = defaultdict(list)
    for c in ev.CASES:
        by_language[c.language].append(c)
        by_kind[c.kind].append(c)
    tuning = [c for c in ev.CASES if not c.holdout and not c.was_held_out]
    studied = [c for c in ev.CASES if c.was_held_out]
    held_out = [c for c in ev.CASES if c.holdout]
    hard = [c for c in ev.CASES if c.kind != "plain"]
    report = [
        f"matching eval (tests/skills/eval_cases.py, eval_fresh.py): {len(ev.CASES)} needs, "
        f"{len(tuning) + len(studied)} used for tuning, {len(held_out)} held out",
        f"helpers: {len(ev.HELPERS)} caregivers, {sum(len(p.offers) for p in ev.HELPERS)} strengths; "
        f"requesting families: {len(ev.REQUESTERS)}",
        f"  tuning part:   {figures(tuning)}",
        f"  first held-out part, studied since 2026-12-04: {figures(studied)}",
        f"  held-out part (written blind, 2026-12-04): {figures(held_out)}",
        *(f"  language {lang}: {figures(cs)}" for lang, cs in sorted(by_language.items())),
        *(f"  {kind}: {figures(by_kind[kind])}" for kind in ev.KINDS if by_kind[kind]),
        f"hard-case rules: {len(hard)} cases, {sum(len(c.traps) for c in hard)} traps; {len(violations)} rules broken "
        f"(never suggested, time and language tiers, reasons); "
        f"{len(trap_misses) + unnamed_trap_misses} tempting traps above the gold helper"
        f" ({unnamed_trap_misses} of held-out needs, not named); "
        f"{reached} of {tempting} ranked traps were among the candidates; "
        f"{unnamed_unexplained} cross-language gold helpers of held-out needs without their words named",
        *(f"  {v}" for v in violations + trap_misses),
        f"not first ({len(misses)}; held-out needs are counted above, not named):" if misses else "not first: none",
        *misses,
        figures(ev.CASES),
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(report) + "\n")
    print("\n" + "\n".join(report))

    assert len(ev.CASES) >= 198 and min(len(by_language["en"]), len(by_language["es"])) >= 80
    assert len(held_out) >= 40, "a part of the set is kept aside from tuning"
    assert not violations, "\n".join(violations)
    assert _p(list(at3.values())) >= MIN_P_AT_3, "\n".join(report)
    assert _p(list(at1.values())) >= MIN_P_AT_1, "\n".join(report)
    assert len(trap_misses) + unnamed_trap_misses <= MAX_TRAP_MISSES * tempting, "\n".join(report)
    for kind in ev.KINDS:
        if by_kind[kind] and kind != "plain":
            assert _p([at3[c.key] for c in by_kind[kind]]) >= MIN_KIND_P_AT_3, f"{kind}\n" + "\n".join(report)
