"""Strength-to-need matching (DESIGN.md §5, docs/matching.md): candidates, relevance, the hard rules
and the score in one SQL statement that returns the top; the reasons in Python.

1. **Words.** The need and every strength are analysed into terms (api/skills/text.py): stems of
   content words and concepts of the bilingual concept table, so "tarea" finds "homework". Relevance
   is BM25 over the community's strengths: a word few strengths use counts for more than one many
   use. Terms are read from strength_postings, one community at a time.
2. **The category is a prior**: it adds to the words, counts fully only when the words agree, and a
   strong text match under another category beats an in-category helper with no word in common.
3. **Hard rules hold** (a sort order, not weights): helpers who speak the need's language come before
   every helper who does not; then, when the need names a time window, helpers with one free slot
   covering all of it, then helpers who have not said when they are free, then helpers who cover part
   of it; then, when the need names its child's grade, helpers whose strength names grades that
   leave the child out come after the others (api/skills/grades.py). Helpers free at none of the
   window, out of reach in person, across a block, or in the requester's own family are never
   suggested.
4. Within a tier the score adds nearness (urgency shortens the distance decay), trust (helped each
   other, a shared group), a named grade that fits the child's, and fairness (a helper with open
   matches ranks lower).
Ties break on ids, so the same data always gives the same order."""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import literal_column, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from api import geo
from api.communities.models import MembershipState
from api.db import sql_in
from api.outbox.service import note_emitted
from api.skills.concepts import CONCEPTS
from api.skills.grades import need_grades
from api.skills.models import ACTIVE_NEED_STATES, OPEN_MATCH_STATES, MatchStatus, Need
from api.skills.text import Analysis, ConceptTerm, Lexicon, analyse, builtin_lexicon, fold, phrase_stems

TOP_N = 20
MAX_IN_PERSON_KM = 25.0
# Distance decays over a short drive across the school's area, not a walk: within one community a
# helper 7 km away should lose to a neighbour only when the two are otherwise about equal. An urgent
# need prefers whoever can get there soonest; a low-urgency one cares less how far.
DISTANCE_DECAY_KM = {"high": 4.0, "normal": 8.0, "low": 12.0}
WEIGHTS = {"text": 0.7, "category": 0.25, "distance": 0.12}
# The category counts this share on its own, and fully once the words agree this much (text relevance 0..1).
CATEGORY_ALONE = 0.7
CATEGORY_AGREES_AT = 0.3

# Relevance is measured against the best helper's words, but never against less than this share of
# what a strength naming every matched term would score: when nobody shares much, nobody scores high.
TEXT_FLOOR = 0.8
BM25_K1, BM25_B = 1.2, 0.5
TRUST_BONUS = 0.05
# Both families in one peer group: they know each other a little (DESIGN §5, trust).
SHARED_GROUP_BONUS = 0.03
# The helper says they work with the child's grade ("Homework help 3-5" for a 4th grader): more
# likely the right person than one who does not say, as much as having helped each other before.
GRADE_FIT_BONUS = 0.05
FAIRNESS_STEP, FAIRNESS_CAP = 0.06, 0.24
MINUTES_PER_WEEK = 7 * 24 * 60
MAX_WORD_REASONS = 3
TIER_BAND = 2.0
# The candidate query returns the need's words a strength shares as bits of a bigint: the words
# past the 62nd (a very long need) share the last bit and are not named in the reasons.
MAX_GROUP_BIT = 62
# A strength's modes as a bit mask (strength_postings.modes), and a need's modes as the mask it accepts.
MODE_MASK = {"in_person": 1, "virtual": 2, "either": 3}
VIRTUAL = MODE_MASK["virtual"]


class Tier:
    """The hard rules as a sort order (lower first)."""

    FULL = 0  # no window, or one free slot covers all of it
    UNKNOWN = 1  # the helper has not said when they are free
    PARTIAL = 2  # free for part of the window only
    NONE = 3  # free at none of it: never suggested


# rank() scores at most this many candidates per suggestion asked for (200 for the top 20). The
# benchmark (bench/matching.py) checks that the capped top 20 equals the uncapped one: at 1,000,000
# strengths (27,000 in the measured community) for 200 of 200 needs at 10, 199 at 8, 187 at 5.
SHORTLIST_FACTOR = 10

_CONTEXT = {
    "tz": "(select timezone from communities where id = {community})",
    "family": "(select family_id from accounts where id = {requester})",
    "extra_terms": "array(select concept || '|' || language || '|' || term from matching_terms"
    " where community_id = {community} order by created_at, id)",
    "jit": "set_config('jit', 'off', true)",
    "plans": "set_config('plan_cache_mode', 'force_generic_plan', true)",
}
CONTEXT_SQL = text(
    "select "
    + ", ".join(f"{sql.format(community=':community', requester=':requester')} as {n}" for n, sql in _CONTEXT.items())
)
# The worker's run reads it with the need (locked) in one statement.
NEED_CONTEXT = [
    literal_column(sql.format(community="needs.community_id", requester="needs.requester_id")).label(name)
    for name, sql in _CONTEXT.items()
]
# JIT is off for the rest of the transaction: on a large community the candidate query's estimate
# passes jit_above_cost, and compiling it (30-60 ms) costs more than running it. The candidate
# statement is planned once per connection (asyncpg prepares statements) rather than for each
# need's values: planning it takes 3 ms, and its plan does not depend on them (index lookups by
# community and term, per-candidate lookups forced by LATERAL ... LIMIT 1, hash joins of CTEs).
# Measured alternated with per-need plans: 0.78x p50 at 300,000 strengths, 0.89-0.91x at 1,000,000,
# no need slower beyond the noise. (An earlier shape, joining the pool to the strengths, got a
# generic plan that took seconds: keep lookups per candidate explicit.)

# The helper's distance from the need's area (api/geo.py), written into the statement below.
_KM = geo.distance_km(*(literal_column(c) for c in (":lat", ":lng", "a.home_lat", "a.home_lng"))).compile(
    dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
)

# Candidates, one row per helper (their best-fitting strength), at most :cap of them.
# - Everything up to the shortlist reads only strength_postings by (community, term), index-only:
#   the need's terms, its category, and the `*` row of each candidate (languages, free time).
# - BM25 per strength: each query group (a term and its alternatives: a concept and the staff's words
#   for it) counts once, with the community's document frequency of the group.
# - A strength is a candidate when it shares a *selective* term with the need (one no more than
#   COMMON_SHARE of the community's strengths use: "happy" or "weekend" add to a score but do not
#   make hundreds of candidates), or is in the need's category, or in its family and shares a term.
# - The hard tiers are worked out for every candidate before the cap; the shortlist keeps the :cap
#   best by (language, time, relevance); only they are read from strengths and accounts.
_CANDIDATES = f"""
    with excluded as materialized (
      select blocked_id as id from blocks where blocker_id = :requester
      union select blocker_id from blocks where blocked_id = :requester
      union select id from accounts where family_id = :family
      union select cast(:requester as uuid)
    ),
    q as materialized (
      select * from unnest(cast(:groups as int[]), cast(:terms as text[]), cast(:qweights as float8[]))
        as q(g, term, qw)
    ),
    hits as materialized ({{hits}}
    ),
    idf as materialized (
      -- Every query group, matched or not (a word nobody uses has the highest idf): what a strength
      -- naming all of the need's words would score is the measure of a strong match (TEXT_FLOOR).
      -- (:n is a few minutes old: never below a term's own count.)
      select q.g,
             ln(1 + (greatest(:n, coalesce(d.df, 0)) - coalesce(d.df, 0) + 0.5) / (coalesce(d.df, 0) + 0.5)) as idf,
             max(q.qw) as qw,
             coalesce(d.df, 0) <= greatest(:common_min, :common_share * :n) as selective
      from q left join (select g, count(*) as df from hits group by g) d on d.g = q.g
      group by q.g, d.df
    ),
    cats as materialized (
      select p.strength_id, p.account_id, p.modes, max(case when p.term = :exact then 1.0 else 0.5 end) as cat
      from strength_postings p where p.community_id = :community and p.term in (:exact, :root)
      group by p.strength_id, p.account_id, p.modes
    ),
    words as materialized (
      select h.strength_id, h.account_id, h.modes,
             sum(h.qw * i.idf * h.tf * ({BM25_K1} + 1)
                 / (h.tf + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * h.dl / :avglen))) as bm25,
             bool_or(i.selective) as selective,
             -- The query groups it shares, as bits (an array per strength costs more to aggregate).
             bit_or(cast(1 as bigint) << least(h.g, {MAX_GROUP_BIT})) as groups
      from hits h join idf i on i.g = h.g
      -- Only strengths that can be candidates (see pool) are scored: most postings of a common word
      -- are of strengths that share nothing else with the need.
      where (:mode_mask & h.modes) <> 0 and h.strength_id in (
        select k.strength_id from hits k join idf ki on ki.g = k.g where ki.selective
        union all select c.strength_id from cats c)
      group by h.strength_id, h.account_id, h.modes
    ),
    pool as materialized (
      select coalesce(w.strength_id, c.strength_id) as strength_id, coalesce(w.account_id, c.account_id) as account_id,
             coalesce(w.modes, c.modes) as modes,
             coalesce(w.bm25, 0) as bm25, coalesce(c.cat, 0) as cat, coalesce(w.groups, 0) as groups
      from words w full join cats c on c.strength_id = w.strength_id
      where (:mode_mask & coalesce(w.modes, c.modes)) <> 0
        and (w.selective or c.cat = 1.0 or (c.cat is not null and w.strength_id is not null))
        and not exists (select from excluded x where x.id = coalesce(w.account_id, c.account_id))
    ),
    scale as materialized (
      -- What the text relevance is measured against (see TEXT_FLOOR).
      select greatest(max(p.bm25),
                      :floor * (select coalesce(sum(i.qw * i.idf), 0) from idf i) * ({BM25_K1} + 1) / (1 + {BM25_K1}),
                      1e-9) as top
      from pool p
    ),
    tiered as (
      select p.*, p.bm25 / sc.top as text_rel,
             -- How much the category counts: CATEGORY_ALONE on its own, fully once the words agree.
             cast(:cat_base as float8)
               + (1 - cast(:cat_base as float8)) * least(1.0, p.bm25 / sc.top / :agrees) as agreement,
             case when cast(:language as text) is null or :language = any(st.languages) then 0 else 1 end as lang_tier,
             case when cast(cast(:window as text) as int4multirange) is null then {Tier.FULL}
                  when st.slots @> cast(cast(:window as text) as int4multirange) then {Tier.FULL}
                  when isempty(st.slots) then {Tier.UNKNOWN}
                  when st.slots && cast(cast(:window as text) as int4multirange) then {Tier.PARTIAL}
                  else {Tier.NONE} end as time_tier
      from pool p cross join scale sc
      -- One index lookup per candidate (a join would read every strength of the community).
      cross join lateral (select st.languages, st.slots from strength_postings st
                          where st.community_id = :community and st.term = '*' and st.strength_id = p.strength_id
                          limit 1) st
    ),
    best as (
      select distinct on (r.account_id) r.*,
             :w_text * r.text_rel + :w_category * r.cat * r.agreement as relevance
      from tiered r
      where r.time_tier < {Tier.NONE} and (cast(:helper as uuid) is null or r.account_id = cast(:helper as uuid))
      order by r.account_id, r.time_tier, :w_text * r.text_rel + :w_category * r.cat * r.agreement desc, r.strength_id
    ),
    shortlist as materialized (
      select * from best order by lang_tier, time_tier, relevance desc, account_id limit :cap
    ),
    trusted as materialized (
      -- Families with a completed match with the requester's family, either way round.
      select h.family_id, count(*) as n from accounts r
        join matches pm on pm.requester_id = r.id and pm.status = '{MatchStatus.COMPLETED}'
        join accounts h on h.id = pm.helper_id
      where r.family_id = :family group by h.family_id
      union all
      select r.family_id, count(*) from accounts h
        join matches pm on pm.helper_id = h.id and pm.status = '{MatchStatus.COMPLETED}'
        join accounts r on r.id = pm.requester_id
      where h.family_id = :family group by r.family_id
    ),
    my_groups as materialized (
      -- The requester's listed groups (a hidden group is never named, so it does not count either).
      select gm.group_id, g.name from group_members gm join groups g on g.id = gm.group_id
      where gm.account_id = :requester and gm.state = 'member' and not g.hidden
    ),
    facts as (
      select c.strength_id as id, c.account_id, c.modes, c.relevance, c.groups, c.lang_tier, c.time_tier,
             -- Grades, read only when the need names its child's (a strength naming none fits them).
             -- 0: fits (or names none), 1: leaves the child out; and whether it names the child's grade.
             coalesce(g.tier, 0) as grade_tier, coalesce(g.fit, false) as grade_fit,
             (select count(*) from matches om where om.helper_id = c.account_id
                and om.{sql_in("status", OPEN_MATCH_STATES, ", ")})::int as open_matches,
             coalesce((select sum(t.n) from trusted t where t.family_id = a.family_id), 0)::int as helped_before,
             (select mg.name from my_groups mg join group_members hm on hm.group_id = mg.group_id
                where hm.account_id = c.account_id and hm.state = 'member' order by mg.name limit 1) as shared_group,
             -- How far the helper lives from the need's area, great-circle (null: either is unplaced).
             case when cast(:lat as float8) is null or a.home_lat is null then null else {_KM} end as km
      from shortlist c
      cross join lateral (select a.home_lat, a.home_lng, a.family_id from accounts a
                          where a.id = c.account_id limit 1) a
      left join lateral (select case when s.grade_low is null
                                       or (s.grade_low <= :grade_high and :grade_low <= s.grade_high) then 0 else 1 end
                                  as tier,
                                s.grade_low is not null and s.grade_low <= :grade_high and :grade_low <= s.grade_high
                                  as fit
                         from strengths s where s.id = c.strength_id and cast(:grade_low as int) is not null) g on true
    ),
    reach as (
      -- Whether the helper would help online: the need is virtual, or either way and the helper works
      -- online and is far or unplaced.
      select f.*, (:need_mode = 'virtual' or (:need_mode = 'either' and f.modes & {VIRTUAL} <> 0
                   and (f.km is null or f.km > {MAX_IN_PERSON_KM}))) as online
      from facts f
    ),
    scored as (
      -- The score within the row's tier: relevance + nearness + trust - load. Each tier below the first
      -- is put a band lower, so the stored score orders the matches wherever they are read (a partial
      -- cover never sorts above a full fit; a score within a tier stays in -0.2..1.3).
      select r.*, round(cast(
               r.relevance
               + case when :need_mode = 'virtual' then 0
                      else {WEIGHTS["distance"]} * case when r.online then 0.5 when r.km is null then 0.3
                                                        else exp(-r.km / :decay) end end
               + case when r.helped_before > 0 then {TRUST_BONUS} else 0 end
               + case when r.shared_group is not null then {SHARED_GROUP_BONUS} else 0 end
               + case when r.grade_fit then {GRADE_FIT_BONUS} else 0 end
               - least(r.open_matches * {FAIRNESS_STEP}, {FAIRNESS_CAP})
               - {TIER_BAND} * (2 * (r.time_tier + {Tier.PARTIAL + 1} * r.lang_tier) + r.grade_tier)
             as numeric), 6) as score
      from reach r
      -- Beyond reach in person and no way to help online: not a helper for this need, "either"
      -- included (an in-person-only helper 40 km away cannot take an "in person or Zoom" request).
      where r.km is null or r.km <= {MAX_IN_PERSON_KM} or r.online
    )
    -- The top, with what its reasons show: the strength's title, when its helper is free, and its own
    -- words for the need's terms (null: not stored, the text is analysed instead).
    select t.*, s.title, s.description, s.category_slug, s.languages, s.availability, s.grade_low, s.grade_high,
           case when s.said = '{{}}'::jsonb then null
                else coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each_text(s.said) e
                               where e.key = any(cast(:said_terms as text[]))), '{{}}'::jsonb) end as said
    from (select * from scored order by lang_tier, time_tier, grade_tier, score desc, account_id limit :limit) t
    cross join lateral (select * from strengths s where s.id = t.id) s
    order by t.lang_tier, t.time_tier, t.grade_tier, t.score desc, t.account_id
    """
# A strength's postings for each query group: one row per (strength, group) already when every group
# is a single term (the usual case); a group with the staff's alternatives takes the best of them.
_HITS = """
      select p.strength_id, p.account_id, p.modes, q.g, q.qw, p.weight as tf, p.doc_length as dl
      from q join strength_postings p on p.community_id = :community and p.term = q.term"""
_HITS_OF_ALTERNATIVES = """
      select p.strength_id, p.account_id, p.modes, q.g, max(q.qw) as qw, max(p.weight) as tf, max(p.doc_length) as dl
      from q join strength_postings p on p.community_id = :community and p.term = q.term
      group by p.strength_id, p.account_id, p.modes, q.g"""
CANDIDATES_SQL = text(_CANDIDATES.replace("{hits}", _HITS))
CANDIDATES_OF_ALTERNATIVES_SQL = text(_CANDIDATES.replace("{hits}", _HITS_OF_ALTERNATIVES))
# The community's strength count and average length (for idf and BM25's length normalisation):
# read from its `*` postings, kept for a few minutes per process (they move slowly).
STATS_SQL = text(
    "select count(*) as n, coalesce(avg(doc_length), 1) as avglen "
    "from strength_postings where community_id = :community and term = '*'"
)
STATS_TTL = 300.0
_stats: dict[uuid.UUID, tuple[float, float, float]] = {}
# A term used by more than this share of the community's strengths (and by more than COMMON_MIN)
# still scores but does not make candidates on its own.
COMMON_SHARE, COMMON_MIN = 0.05, 50


async def community_stats(db: AsyncSession, community_id: uuid.UUID) -> tuple[float, float]:
    now = time.monotonic()
    hit = _stats.get(community_id)
    if hit is None or hit[2] < now:
        row = (await db.execute(STATS_SQL, {"community": community_id})).one()
        hit = (max(float(row.n), 1.0), max(float(row.avglen), 1.0), now + STATS_TTL)
        if len(_stats) > 10_000:
            _stats.clear()
        _stats[community_id] = hit
    return hit[0], hit[1]


@dataclass
class Scored:
    strength_id: uuid.UUID
    helper_id: uuid.UUID
    score: float
    reasons: list[dict] = field(default_factory=list)
    tier: tuple[int, int, int] = (0, 0, 0)  # language, time, grades (lower first)


@dataclass
class Query:
    """A need's terms as query groups: each group is a term and the words that stand for it."""

    groups: list[list[str]]
    weights: list[float]
    surface: list[str]  # the need's own word for each group
    lexicon: tuple[str, ...]  # the community's own words ("concept|lang|term"), which extend the table
    grades: tuple[int, int] | None = None  # the child's grade(s) the need names (api/skills/grades.py)
    # Per group: the need reached this concept only as the broader one of a concept it names ("won't
    # sleep" is about sleep, and so a little about parenting): a helper's other parenting words are
    # not the need's words.
    broad: tuple[bool, ...] = ()
    # The narrower concepts of each concept group, for telling which of a strength's words gave it.
    narrower: dict[str, tuple[str, ...]] = field(default_factory=dict)
    said_terms: tuple[str, ...] = ()  # the terms whose words the reasons read from the strength

    def params(self) -> dict:
        g, terms, qw = [], [], []
        for i, (alternatives, w) in enumerate(zip(self.groups, self.weights, strict=True)):
            for t in alternatives:
                g.append(i)
                terms.append(t)
                qw.append(w)
        return {"groups": g, "terms": terms, "qweights": qw}


@lru_cache(maxsize=256)
def _lexicon(extra: tuple[str, ...]) -> Lexicon:
    return builtin_lexicon().extended([ConceptTerm(*t.split("|", 2)) for t in extra])


@lru_cache(maxsize=2_000)
def _strength_analysis(
    title: str, description: str, hint: str | None, category: str, extra: tuple[str, ...]
) -> Analysis:
    """A strength's analysis for the reasons, when its words as written are not stored (strengths.said)."""
    return analyse(title, description, hint=hint, lexicon=_lexicon(extra), every_language=True, category=category)


def build_query(need: Need, extra_terms: list[str]) -> Query:
    """The need's words as query groups, with the community staff's own words for its concepts."""
    return _query(need.title, need.description or "", need.language, need.category_slug, tuple(extra_terms))


# "Someone who speaks Spanish", "ayuda en español": the language the help is given in is the
# language rule's (a tier), not a word to match, unless the help asked for is a language ("Spanish
# homework" keeps its subject; so does the languages category).
_LANGUAGE_OF_HELP = re.compile(
    r"\b((?:in|en|speaks?|speaking|hable|habla|hablen|hablan)\s+)(spanish|english|español|espanol|inglés|ingles)\b",
    re.IGNORECASE,
)
_LANGUAGE_NAMES = {"spanish": "es", "español": "es", "espanol": "es", "english": "en", "inglés": "en", "ingles": "en"}


def _language_of_help(text: str, language: str) -> str:
    """The text without the need's own language named as the one to help in (its tier keeps it)."""
    base = language.split("-")[0]
    return _LANGUAGE_OF_HELP.sub(lambda m: m[1] if _LANGUAGE_NAMES[m[2].lower()] == base else m[0], text)


@lru_cache(maxsize=2_000)
def _query(title: str, description: str, language: str | None, category: str, key: tuple[str, ...]) -> Query:
    """(A need is matched again whenever a strength that may serve it changes: its analysis is kept.)"""
    extra = [ConceptTerm(*t.split("|", 2)) for t in key]
    lexicon = _lexicon(key)
    if language and root(category) != "languages":
        title, description = (_language_of_help(t, language) for t in (title, description))
    a = analyse(title, description, hint=language, lexicon=lexicon, category=category)
    staff_stems: dict[str, set[str]] = {}
    for t in extra:
        stems = phrase_stems(t.term, t.lang)
        if len(stems) == 1:  # strengths are indexed by word, so a one-word term also finds them by that word
            staff_stems.setdefault("@" + t.concept, set()).add(stems[0])
    groups, weights, surface = [], [], []
    for term, weight in sorted(a.terms.items()):
        groups.append([term, *sorted(staff_stems.get(term, set()) - {term})])
        weights.append(min(weight, 2.0) / 2.0)
        surface.append(a.surface[term])
    # Which concepts the need reached through a narrower one, by the words that gave the narrower one.
    through: dict[str, set[str]] = {}
    for term in a.terms:
        if term.startswith("@") and (broader := lexicon.broader.get(term[1:])):
            through.setdefault("@" + broader, set()).add(a.surface[term])
    broad = tuple(g[0] in through and surface[i] in through[g[0]] for i, g in enumerate(groups))
    narrower = {g[0]: _narrower(lexicon, g[0]) for g in groups if g[0].startswith("@")}
    said_terms = tuple(sorted({t for g in groups for t in g} | {t for ts in narrower.values() for t in ts}))
    return Query(groups, weights, surface, key, need_grades(title, description), broad, narrower, said_terms)


def _narrower(lexicon: Lexicon, term: str) -> tuple[str, ...]:
    return tuple(sorted("@" + c for c, b in lexicon.broader.items() if "@" + b == term))


def root(slug: str) -> str:
    return slug.split(".")[0]


def window_minutes(starts_at: datetime | None, ends_at: datetime | None, tz: str) -> list[tuple[int, int]] | None:
    """The need's time window as weekly wall-clock ranges in the community's timezone (None: any time)."""
    if starts_at is None:
        return None
    end = ends_at or starts_at + timedelta(hours=2)
    if end - starts_at >= timedelta(days=7):
        return None
    zone = ZoneInfo(tz)
    a, b = starts_at.astimezone(zone), end.astimezone(zone)
    start_m = a.weekday() * 1440 + a.hour * 60 + a.minute
    length = int((b - a).total_seconds() // 60)
    end_m = start_m + length
    if end_m <= MINUTES_PER_WEEK:
        return [(start_m, end_m)]
    return [(start_m, MINUTES_PER_WEEK), (0, end_m - MINUTES_PER_WEEK)]


def part_of_day(minute_of_day: int) -> str:
    return "morning" if minute_of_day < 12 * 60 else "afternoon" if minute_of_day < 17 * 60 else "evening"


def covering_slot(slots: list[list[int]], window: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The part of the window a helper is free for: all of it from one slot, else the longest overlap."""
    best: tuple[int, int] | None = None
    for s, e in sorted(map(tuple, slots)):
        for ws, we in window:
            lo, hi = max(s, ws), min(e, we)
            if lo < hi and (best is None or hi - lo > best[1] - best[0]):
                best = (lo, hi)
    return best


@cache
def _names() -> frozenset[str]:
    """Words the concept table writes with a capital: names of apps, programs and languages."""
    return frozenset(fold(t) for c in CONCEPTS for t in (*c.en, *c.es) if t[:1].isupper() and " " not in t)


def _as_shown(word: str) -> str:
    """ "PTA", "Skyward" and "ClassDojo" stay as written; "Homework" at a title's start does not."""
    keep = word.isupper() or any(ch.isupper() for ch in word[1:]) or fold(word) in _names()
    return word if keep else word.lower()


def word_pairs(query: Query, row) -> list[dict]:
    """Which of the need's words the strength shares, each with the strength's own word for it. Words
    linked only through a broader concept ("won't sleep" and "toddler" are both about parenting; "tutor"
    and "lectura", as reading is a kind of tutoring) are named with that concept, not as the same word."""
    theirs = row.said  # stored with the strength: its words for the need's terms
    if theirs is None:
        hint = (row.languages or [None])[0]
        theirs = _strength_analysis(row.title, row.description or "", hint, row.category_slug, query.lexicon).surface
    found: list[tuple[tuple[str, str], dict]] = []
    shared = [g for g in range(min(len(query.groups), MAX_GROUP_BIT)) if row.groups >> g & 1]
    ordered = sorted(shared, key=lambda g: (-query.weights[g], query.groups[g][0].startswith("@"), g))
    for g in ordered:
        said = next((theirs[t] for t in query.groups[g] if t in theirs), None)
        if said is None:
            continue
        need_word, said = _as_shown(query.surface[g]), _as_shown(said)
        key = (fold(need_word), fold(said))
        if key[0] in {k[0] for k, _ in found}:
            continue
        if key[0] == key[1]:
            found.append((key, {"need": need_word}))
            continue
        term = query.groups[g][0]
        through = (g < len(query.broad) and query.broad[g]) or any(
            fold(theirs.get(n, "")) == key[1] for n in query.narrower.get(term, ())
        )
        found.append((key, {"need": need_word, "strength": said, **({"via": term[1:]} if through else {})}))
    # A link through a broader concept says nothing more when the strength's word is named already.
    named = {k[1] for k, p in found if "via" not in p}
    pairs = [p for k, p in found if "via" not in p or k[1] not in named]
    return pairs[:MAX_WORD_REASONS]


def reasons_for(need: Need, row, window, query: Query) -> list[dict]:
    """The reasons in plain words, in the order a person reads them."""
    reasons: list[dict] = []
    language = need.language.split("-")[0] if need.language else None
    if language and row.lang_tier == 0:
        reasons.append({"code": "speaks", "language": language})
    pairs = word_pairs(query, row)
    if pairs:
        reasons.append({"code": "words", "pairs": pairs})
    reasons.append({"code": "listed", "title": row.title})
    if not row.online and row.km is not None:
        reasons.append({"code": "distance", "km": round(row.km)})
    elif row.modes & VIRTUAL and need.mode != "in_person":
        reasons.append({"code": "virtual"})
    slots = row.availability or []
    if window is None:
        if slots:
            start = sorted(map(tuple, slots))[0][0]
            reasons.append({"code": "available", "day": (start // 1440) % 7, "part": part_of_day(start % 1440)})
    elif row.time_tier == Tier.FULL:
        start = window[0][0]
        reasons.append({"code": "available", "day": (start // 1440) % 7, "part": part_of_day(start % 1440)})
    elif row.time_tier == Tier.UNKNOWN:
        reasons.append({"code": "availability_unknown"})
    elif (part := covering_slot(slots, window)) is not None:
        lo, hi = part
        day, start = divmod(lo, 1440)
        reasons.append({"code": "partly_available", "day": day % 7, "from": start, "to": start + hi - lo})
    if (grades := query.grades) is not None and row.grade_low is not None:
        span = {"from": row.grade_low, "to": row.grade_high}
        if row.grade_tier == 0:
            reasons.append({"code": "grades", **span})
        else:
            reasons.append({"code": "other_grades", **span, "need_from": grades[0], "need_to": grades[1]})
    if language and row.lang_tier == 1:
        reasons.append({"code": "other_language", "language": language})
    if row.helped_before:
        reasons.append({"code": "helped_before"})
    if row.shared_group:
        reasons.append({"code": "shared_group", "group": row.shared_group})
    return reasons


def _window_params(window) -> dict:
    """The need's window as a multirange literal of minutes of the week (None: any time)."""
    if not window:
        return {"window": None}
    return {"window": "{" + ",".join(f"[{a},{b})" for a, b in window) + "}"}


async def rank(
    db: AsyncSession, need: Need, *, limit: int = TOP_N, helper: uuid.UUID | None = None, ctx=None
) -> list[Scored]:
    """The best helpers for a need, best first (or just `helper`, scored as in the full ranking).
    Only the SHORTLIST_FACTOR * limit best candidates by tier and relevance are scored (CANDIDATES_SQL)."""
    if ctx is None:
        ctx = (await db.execute(CONTEXT_SQL, {"community": need.community_id, "requester": need.requester_id})).one()
    query = build_query(need, ctx.extra_terms)
    window = window_minutes(need.starts_at, need.ends_at, ctx.tz or "UTC")
    grades, query_params = query.grades, query.params()
    n, avglen = await community_stats(db, need.community_id)
    rows = (
        await db.execute(
            CANDIDATES_OF_ALTERNATIVES_SQL if any(len(g) > 1 for g in query.groups) else CANDIDATES_SQL,
            {
                **query_params,
                "said_terms": list(query.said_terms),
                **_window_params(window),
                "requester": need.requester_id,
                "community": need.community_id,
                "exact": "#" + need.category_slug,
                "root": "^" + root(need.category_slug),
                "mode_mask": MODE_MASK[need.mode],
                "family": ctx.family,
                "language": need.language.split("-")[0] if need.language else None,
                "cap": limit * SHORTLIST_FACTOR,
                "limit": limit,
                "lat": need.area_lat,
                "lng": need.area_lng,
                "need_mode": need.mode,
                "decay": DISTANCE_DECAY_KM.get(need.urgency or "normal", DISTANCE_DECAY_KM["normal"]),
                "grade_low": grades[0] if grades else None,
                "grade_high": grades[1] if grades else None,
                "helper": helper,
                "floor": TEXT_FLOOR,
                "n": n,
                "avglen": avglen,
                "common_share": COMMON_SHARE,
                "common_min": COMMON_MIN,
                "agrees": CATEGORY_AGREES_AT,
                "cat_base": CATEGORY_ALONE,
                "w_text": WEIGHTS["text"],
                "w_category": WEIGHTS["category"],
            },
        )
    ).all()
    return [
        Scored(
            r.id,
            r.account_id,
            float(r.score),
            reasons=reasons_for(need, r, window, query),
            tier=(r.lang_tier, r.time_tier, r.grade_tier),
        )
        for r in rows
    ]


# Storing a run is one statement: earlier suggestions of helpers no longer in the top are deleted,
# the top is inserted (an earlier suggestion refreshed; a match already under way, offered or
# accepted, left as it is), a `match.suggested` outbox event written for each new one in rank order,
# and the need marked computed. (The data-modifying parts see one snapshot: they touch disjoint rows.)
STORE_SQL = text(
    f"""
    with top as (
      select * from unnest(cast(:ids as uuid[]), cast(:strengths as uuid[]), cast(:helpers as uuid[]),
                           cast(:scores as float8[]), cast(:reasons as text[])) with ordinality
        as t(id, strength_id, helper_id, score, reasons, position)
    ),
    gone as (
      delete from matches m where m.need_id = :need and m.status = '{MatchStatus.SUGGESTED}'
        and m.helper_id <> all(cast(:helpers as uuid[]))
    ),
    stored as (
      insert into matches (id, community_id, need_id, strength_id, helper_id, requester_id, score, reasons, status)
      select t.id, :community, :need, t.strength_id, t.helper_id, :requester, t.score, cast(t.reasons as jsonb),
             '{MatchStatus.SUGGESTED}'
      from top t order by t.position
      on conflict (need_id, helper_id) do update
        set score = excluded.score, reasons = excluded.reasons, strength_id = excluded.strength_id, updated_at = now()
        where matches.status = '{MatchStatus.SUGGESTED}'
      returning matches.id, matches.helper_id, (xmax = 0) as inserted
    ),
    events as (
      insert into outbox_events (community_id, kind, payload)
      select :community, 'match.suggested',
             jsonb_build_object('match_id', s.id::text, 'need_id', cast(:need as text), 'helper_id', s.helper_id::text)
      from stored s join top t on t.helper_id = s.helper_id
      where s.inserted order by t.position
      returning id, payload ->> 'match_id' as match_id
    ),
    marked as (
      update needs set matches_computed_at = :at where id = :need
    )
    select s.id, e.id as event_id from stored s join top t on t.helper_id = s.helper_id
      join events e on e.match_id = s.id::text
    order by t.position
    """
)


async def compute_matches(db: AsyncSession, need_id: uuid.UUID) -> list[uuid.UUID]:
    """Store the top suggestions for an open need; matches already acted on are left as they are.
    Returns the ids of newly suggested matches, in rank order (each gets a `match.suggested` outbox
    event, noted on the session for dispatch after the commit)."""
    found = (
        await db.execute(select(Need, *NEED_CONTEXT).where(Need.id == need_id).with_for_update(of=Need))
    ).one_or_none()
    if found is None or found.Need.status not in ACTIVE_NEED_STATES:
        return []
    need = found.Need
    top = await rank(db, need, ctx=found)
    at = datetime.now(UTC)
    rows = (
        await db.execute(
            STORE_SQL,
            {
                "ids": [uuid.uuid4() for _ in top],
                "strengths": [s.strength_id for s in top],
                "helpers": [s.helper_id for s in top],
                "scores": [s.score for s in top],
                "reasons": [json.dumps(s.reasons, ensure_ascii=False) for s in top],
                "need": need.id,
                "community": need.community_id,
                "requester": need.requester_id,
                "at": at,
            },
        )
    ).all()
    set_committed_value(need, "matches_computed_at", at)
    note_emitted(db, [r.event_id for r in rows])
    return [r.id for r in rows]


async def needs_for_strength(db: AsyncSession, strength_id: uuid.UUID, *, limit: int = 200) -> list[uuid.UUID]:
    """Open needs a new or changed strength might serve, newest first: its category family or its
    terms (api/skills/text.py, as rank() reads them), and needs it is already suggested for, so a
    changed strength refreshes those too."""
    rows = await db.execute(
        text(
            f"""
            with s as materialized (  -- the strength's category family and terms, worked out once, not per open need
              select account_id, split_part(category_slug, '.', 1) as root,
                     array(select jsonb_object_keys(terms)) as words
              from strengths where id = :sid
            )
            select n.id from s
            join memberships m on m.account_id = s.account_id and m.state = '{MembershipState.VERIFIED}'
            join needs n on n.community_id = m.community_id and n.{sql_in("status", ACTIVE_NEED_STATES, ", ")}
             and n.requester_id <> s.account_id
            where split_part(n.category_slug, '.', 1) = s.root or n.terms && s.words
               or exists (select from matches x
                          where x.need_id = n.id and x.strength_id = :sid and x.status = '{MatchStatus.SUGGESTED}')
            order by n.created_at desc limit :limit
            """
        ),
        {"sid": strength_id, "limit": limit},
    )
    return [r[0] for r in rows]
