"""Strength-to-need matching (DESIGN.md §5): candidates in SQL, scoring and reasons in Python.

Candidates: verified members of the need's community whose strength is in the need's category family
(same top-level category) or whose text matches the need's words; never the requester's own family,
never across a block, only helpers whose modes fit the need, and in person only within reach.
Scoring is a weighted sum; ties break on ids, so the same data always gives the same order."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, delete, literal_column, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.communities.models import MembershipState
from api.db import sql_in
from api.outbox.service import emit_many
from api.skills.models import ACTIVE_NEED_STATES, OPEN_MATCH_STATES, Match, MatchStatus, Need

TOP_N = 20
MAX_IN_PERSON_KM = 25.0
# Distance decays over a short drive across the school's area, not a walk: within one community a
# helper 7 km away should lose to a neighbour only when the two are otherwise about equal.
DISTANCE_DECAY_KM = 8.0
WEIGHTS = {"category": 0.30, "text": 0.25, "language": 0.20, "distance": 0.15, "availability": 0.10}
TRUST_BONUS = 0.05
# Both families in one peer group: they know each other a little (DESIGN §5, trust).
SHARED_GROUP_BONUS = 0.03
FAIRNESS_STEP, FAIRNESS_CAP = 0.04, 0.20
MINUTES_PER_WEEK = 7 * 24 * 60

# Words that say nothing about *what* help is needed (both languages); they would match everything.
GENERIC_WORDS = {
    "help",
    "helping",
    "need",
    "needs",
    "needed",
    "looking",
    "someone",
    "anyone",
    "please",
    "thanks",
    "would",
    "could",
    "son",
    "daughter",
    "kid",
    "kids",
    "child",
    "children",
    "family",
    "families",
    "week",
    "weeks",
    "time",
    "grader",
    "ayuda",
    "ayudar",
    "necesito",
    "necesitamos",
    "busco",
    "buscamos",
    "alguien",
    "favor",
    "gracias",
    "hijo",
    "hija",
    "hijos",
    "hijas",
    "niño",
    "niña",
    "niños",
    "niñas",
    "familia",
    "familias",
    "semana",
    "semanas",
    "tiempo",
    "grado",
    # In a school community nearly every need and offer mentions school; it says nothing about the help.
    "school",
    "schools",
    "escuela",
    "escuelas",
    # When help is wanted is scored from the need's window against the helper's availability; the same
    # words in the text would count it twice and favour anyone who wrote "on Saturdays".
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mondays",
    "tuesdays",
    "wednesdays",
    "thursdays",
    "fridays",
    "saturdays",
    "sundays",
    "weekend",
    "weekends",
    "weekday",
    "weekdays",
    "morning",
    "mornings",
    "afternoon",
    "afternoons",
    "evening",
    "evenings",
    "night",
    "nights",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "sábados",
    "domingo",
    "domingos",
    "mañana",
    "mañanas",
    "tarde",
    "tardes",
    "noche",
    "noches",
}

# Lexemes of the need's words in English and Spanish, keeping only words that are not a stop word in
# either language (an English stop word like "with" is a content word to the Spanish stemmer).
_LEXEMES = """
    select coalesce(array_agg(distinct lx), '{}') from (
      select unnest(ts_lexize('english_stem', lower(token)) || ts_lexize('spanish_stem', lower(token))) as lx
      from ts_parse('default', :body)
      where tokid in (1, 2, 3) and length(token) >= 3 and lower(token) <> all(:generic)
        and ts_lexize('english_stem', lower(token)) <> '{}' and ts_lexize('spanish_stem', lower(token)) <> '{}'
    ) words
"""
LEXEMES_SQL = text(_LEXEMES).bindparams(bindparam("generic"))

# Everything rank() needs besides the candidates, in one round trip. It also turns JIT off for the rest
# of the transaction: on a large community the candidate query's estimate passes jit_above_cost, and
# compiling it (30-60 ms) costs more than running it.
CONTEXT_SQL = text(
    f"""
    select (select timezone from communities where id = :community) as tz,
           (select family_id from accounts where id = :requester) as family,
           array(select slug from skill_categories where split_part(slug, '.', 1) = :root) as related,
           ({_LEXEMES}) as lexemes,
           set_config('jit', 'off', true) as jit
    """
).bindparams(bindparam("generic"))

# rank() scores at most this many candidates per suggestion asked for (200 for the top 20). The
# benchmark (bench/matching.py) checks that the capped top 20 equals the uncapped one.
SHORTLIST_FACTOR = 10

# Candidates, one row per helper (their best-fitting strength), at most :cap of them.
# - Strengths belong to people, not communities, so the query walks the community's verified members
#   (an index-only scan) and looks up each member's strengths by account. Filtering the whole table by
#   category or words first reads every community's matches, which grows with the platform.
# - The shortlist keeps the :cap most relevant helpers by the relevance part of score_candidate
#   (category, words, language, with the same weights); only they get the per-helper counts and the
#   exact scoring. max_rank is taken over all candidates, so scores equal an uncapped run's.
CANDIDATES_SQL = text(
    f"""
    with excluded as materialized (
      select blocked_id as id from blocks where blocker_id = :requester
      union select blocker_id from blocks where blocked_id = :requester
      union select id from accounts where family_id = :family
      union select cast(:requester as uuid)
    ),
    members as materialized (
      select m.account_id from memberships m
      where m.community_id = :community and m.state = '{MembershipState.VERIFIED}'
        and not exists (select from excluded x where x.id = m.account_id)
    ),
    words as materialized (
      -- Parsed once: as a parameter of a cached (generic) plan the cast would run for every row.
      select case when :tsq = '' then null else cast(:tsq as tsquery) end as q
    ),
    fits as materialized (
      select f.* from members mb cross join words w cross join lateral (
        -- ts_rank_cd is the costly part and is 0 without a matching word: rank only the matches.
        select s.id, s.account_id, s.category_slug, s.languages,
               case when s.search @@ w.q then ts_rank_cd(s.search, w.q) else 0 end as text_rank
        from strengths s
        where s.account_id = mb.account_id
          -- As a CASE the words test cannot be planned as a scan of the words index for every member
          -- (a common word's posting list is a large part of the table).
          and case when s.category_slug = any(:related) then true else s.search @@ w.q end
          and (:mode = 'either' or :mode = any(s.modes))
        offset 0  -- keep the lookup per member: flattened, the planner may filter the whole table first
      ) f
    ),
    best as (
      select distinct on (f.account_id) f.* from fits f
      order by f.account_id, (f.category_slug = :category) desc, f.text_rank desc, f.id
    ),
    ranked as (
      select b.*, a.languages as account_languages, a.home_lat, a.home_lng, a.family_id,
             max(b.text_rank) over () as max_rank
      -- limit 1 (it is the primary key) keeps this a lookup per candidate rather than a hash of all accounts
      from best b cross join lateral (select * from accounts a where a.id = b.account_id limit 1) a
    ),
    shortlist as (
      select r.* from ranked r
      -- rank(helper=...) scores one helper; filtered after max_rank, so the score is the same.
      where cast(:helper as uuid) is null or r.account_id = cast(:helper as uuid)
      order by :w_category * (case when r.category_slug = :category then 1.0
                                   when r.category_slug = any(:related) then 0.5 else 0.0 end)
             + :w_text * (case when r.max_rank > 0 then r.text_rank / r.max_rank else 0.0 end)
             + :w_language * (case when cast(:language as text) is null then 0.5
                                   when exists (select from unnest(r.languages || r.account_languages) l
                                                where split_part(l, '-', 1) = :language) then 1.0 else 0.0 end) desc,
               r.account_id
      limit :cap
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
    )
    select c.id, c.account_id, c.category_slug, s.title, c.languages, s.modes, s.availability, c.text_rank, c.max_rank,
           c.account_languages, c.home_lat, c.home_lng,
           (select count(*) from matches om where om.helper_id = c.account_id
              and om.{sql_in("status", OPEN_MATCH_STATES, ", ")})::int as open_matches,
           coalesce((select sum(t.n) from trusted t where t.family_id = c.family_id), 0)::int as helped_before,
           (select mg.name from my_groups mg join group_members hm on hm.group_id = mg.group_id
              where hm.account_id = c.account_id and hm.state = 'member' order by mg.name limit 1) as shared_group
    from shortlist c join strengths s on s.id = c.id
    """
)


@dataclass
class Scored:
    strength_id: uuid.UUID
    helper_id: uuid.UUID
    score: float
    reasons: list[dict] = field(default_factory=list)


def root(slug: str) -> str:
    return slug.split(".")[0]


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


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


def first_overlap(slots: list[list[int]], window: list[tuple[int, int]] | None) -> tuple[int, int] | None:
    """(start minute of overlap) of the helper's availability with the need window; any slot if no window."""
    for s, e in sorted(map(tuple, slots)):
        if window is None:
            return s, e
        for ws, we in window:
            lo, hi = max(s, ws), min(e, we)
            if lo < hi:
                return lo, hi
    return None


def score_candidate(need: Need, row, max_rank: float, window) -> Scored | None:
    weights = dict(WEIGHTS)
    reasons: list[dict] = []
    in_person = need.mode in ("in_person", "either")
    # Distance (ignored for virtual help).
    distance = None
    if need.area_lat is not None and row.home_lat is not None:
        distance = haversine_km(need.area_lat, need.area_lng, row.home_lat, row.home_lng)
    too_far = distance is not None and distance > MAX_IN_PERSON_KM
    # Beyond reach in person and no way to help online: not a helper for this need, "either" included
    # (an in-person-only helper 40 km away cannot take an "in person or Zoom" request).
    if too_far and (need.mode == "in_person" or "virtual" not in row.modes):
        return None
    if need.mode == "virtual" or (need.mode == "either" and "virtual" in row.modes and (distance is None or too_far)):
        weights.pop("distance")
        in_person = False
    total_weight = sum(weights.values())

    parts: dict[str, float] = {}
    parts["category"] = (
        1.0
        if row.category_slug == need.category_slug
        else 0.5
        if root(row.category_slug) == root(need.category_slug)
        else 0.0
    )
    parts["text"] = (row.text_rank / max_rank) if max_rank > 0 else 0.0
    speaks = {lang.split("-")[0] for lang in (row.languages or [])} | {
        lang.split("-")[0] for lang in (row.account_languages or [])
    }
    if need.language:
        parts["language"] = 1.0 if need.language.split("-")[0] in speaks else 0.0
    else:
        parts["language"] = 0.5
    if "distance" in weights:
        parts["distance"] = math.exp(-distance / DISTANCE_DECAY_KM) if distance is not None else 0.3
    overlap = first_overlap(row.availability or [], window)
    parts["availability"] = 0.5 if not row.availability else (1.0 if overlap else 0.0)
    if window is None and row.availability:
        parts["availability"] = 0.5

    score = sum(weights[k] * parts[k] for k in weights) / total_weight
    if row.helped_before:
        score += TRUST_BONUS
    if row.shared_group:
        score += SHARED_GROUP_BONUS
    score -= min(row.open_matches * FAIRNESS_STEP, FAIRNESS_CAP)

    # Reasons, in the order a person reads them.
    if need.language and parts["language"] == 1.0:
        reasons.append({"code": "speaks", "language": need.language.split("-")[0]})
    reasons.append({"code": "listed", "title": row.title})
    if in_person and distance is not None:
        reasons.append({"code": "distance", "km": round(distance)})
    elif "virtual" in row.modes and need.mode != "in_person":
        reasons.append({"code": "virtual"})
    if overlap:
        start = overlap[0]
        reasons.append({"code": "available", "day": (start // 1440) % 7, "part": part_of_day(start % 1440)})
    if row.helped_before:
        reasons.append({"code": "helped_before"})
    if row.shared_group:
        reasons.append({"code": "shared_group", "group": row.shared_group})
    return Scored(strength_id=row.id, helper_id=row.account_id, score=round(score, 6), reasons=reasons)


def _tsquery(lexemes: list[str]) -> str:
    return " | ".join("'" + lx.replace("'", "''") + "'" for lx in sorted(lexemes))


async def rank(db: AsyncSession, need: Need, *, limit: int = TOP_N, helper: uuid.UUID | None = None) -> list[Scored]:
    """The best helpers for a need, best first (or just `helper`, scored as in the full ranking).
    Only the SHORTLIST_FACTOR * limit most relevant candidates are scored (see CANDIDATES_SQL)."""
    ctx = (
        await db.execute(
            CONTEXT_SQL,
            {
                "community": need.community_id,
                "requester": need.requester_id,
                "root": root(need.category_slug),
                "body": f"{need.title} {need.description}",
                "generic": sorted(GENERIC_WORDS),
            },
        )
    ).one()
    rows = (
        await db.execute(
            CANDIDATES_SQL,
            {
                "requester": need.requester_id,
                "community": need.community_id,
                "category": need.category_slug,
                "related": ctx.related,
                "tsq": _tsquery(ctx.lexemes),
                "mode": need.mode,
                "family": ctx.family,
                "language": need.language.split("-")[0] if need.language else None,
                "cap": limit * SHORTLIST_FACTOR,
                "helper": helper,
                "w_category": WEIGHTS.get("category", 0.0),
                "w_text": WEIGHTS.get("text", 0.0),
                "w_language": WEIGHTS.get("language", 0.0),
            },
        )
    ).all()
    tz = ctx.tz or "UTC"
    max_rank = rows[0].max_rank if rows else 0.0
    window = window_minutes(need.starts_at, need.ends_at, tz)
    scored = [s for r in rows if (s := score_candidate(need, r, max_rank, window)) is not None]
    scored.sort(key=lambda s: (-s.score, str(s.helper_id)))
    return scored[:limit]


async def compute_matches(db: AsyncSession, need_id: uuid.UUID) -> list[uuid.UUID]:
    """Store the top suggestions for an open need; matches already acted on are left as they are.
    Returns the ids of newly suggested matches (each gets a `match.suggested` outbox event)."""
    need = await db.get(Need, need_id, with_for_update=True)
    if need is None or need.status not in ACTIVE_NEED_STATES:
        return []
    top = await rank(db, need)
    stale = delete(Match).where(Match.need_id == need.id, Match.status == MatchStatus.SUGGESTED)
    if top:
        stale = stale.where(Match.helper_id.not_in([s.helper_id for s in top]))
    await db.execute(stale)
    new_ids: list[uuid.UUID] = []
    if top:
        # One statement for all suggestions: new ones are inserted, earlier suggestions refreshed, and
        # matches already under way (offered, accepted...) left alone.
        stmt = insert(Match).values(
            [
                {
                    "id": uuid.uuid4(),
                    "community_id": need.community_id,
                    "need_id": need.id,
                    "strength_id": s.strength_id,
                    "helper_id": s.helper_id,
                    "requester_id": need.requester_id,
                    "score": s.score,
                    "reasons": s.reasons,
                    "status": MatchStatus.SUGGESTED,
                }
                for s in top
            ]
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["need_id", "helper_id"],
            set_={
                "score": stmt.excluded.score,
                "reasons": stmt.excluded.reasons,
                "strength_id": stmt.excluded.strength_id,
            },
            where=Match.status == MatchStatus.SUGGESTED,
        ).returning(Match.id, Match.helper_id, literal_column("(xmax = 0)").label("inserted"))
        inserted = {row.helper_id: row.id for row in (await db.execute(stmt)).all() if row.inserted}
        new_ids = [inserted[s.helper_id] for s in top if s.helper_id in inserted]  # in rank order
        if new_ids:
            await emit_many(
                db,
                "match.suggested",
                community_id=need.community_id,
                payloads=[
                    {"match_id": inserted[s.helper_id], "need_id": need.id, "helper_id": s.helper_id}
                    for s in top
                    if s.helper_id in inserted
                ],
            )
    await db.execute(update(Need).where(Need.id == need.id).values(matches_computed_at=datetime.now(UTC)))
    return new_ids


async def needs_for_strength(db: AsyncSession, strength_id: uuid.UUID, *, limit: int = 200) -> list[uuid.UUID]:
    """Open needs a new or changed strength might serve, newest first: its category family or its
    words (the same English/Spanish lexemes rank() uses), and needs it is already suggested for,
    so a changed strength refreshes those too."""
    strength = (
        await db.execute(text("select title, description from strengths where id = :sid"), {"sid": strength_id})
    ).first()
    if strength is None:
        return []
    lexemes = (
        await db.execute(
            LEXEMES_SQL, {"body": f"{strength.title} {strength.description}", "generic": sorted(GENERIC_WORDS)}
        )
    ).scalar()
    rows = await db.execute(
        text(
            f"""
            with s as materialized (  -- the strength's category family and words, worked out once, not per open need
              select account_id, split_part(category_slug, '.', 1) as root,
                     case when :tsq = '' then null else cast(:tsq as tsquery) end as words
              from strengths where id = :sid
            )
            select n.id from s
            join memberships m on m.account_id = s.account_id and m.state = '{MembershipState.VERIFIED}'
            join needs n on n.community_id = m.community_id and n.{sql_in("status", ACTIVE_NEED_STATES, ", ")}
             and n.requester_id <> s.account_id
            where split_part(n.category_slug, '.', 1) = s.root or n.search @@ s.words
               or exists (select from matches x
                          where x.need_id = n.id and x.strength_id = :sid and x.status = '{MatchStatus.SUGGESTED}')
            order by n.created_at desc limit :limit
            """
        ),
        {"sid": strength_id, "limit": limit, "tsq": _tsquery(lexemes)},
    )
    return [r[0] for r in rows]
