"""Strengths, needs and the match lifecycle. Authorization, validation and outbox writes live here."""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, Integer, String, and_, any_, bindparam, exists, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api import geo
from api.accounts.models import Account
from api.accounts.privacy import PublicProfile, profile_columns, profile_from_row, profiles_by_ids
from api.actor import Viewer, require_viewer
from api.communities.models import Membership, MembershipState
from api.communities.service import require_member
from api.db import Columns, HotRead, labelled_columns
from api.errors import Conflict, Forbidden, Invalid, NotFound
from api.outbox.service import emit
from api.retries.service import once
from api.safety.service import hidden_account_ids, is_blocked_between, report_remover, report_subject
from api.skills import matching
from api.skills.models import (
    ACTIVE_NEED_STATES,
    AGREED_MATCH_STATES,
    EXPIRING_MATCH_STATES,
    MATCH_TRANSITIONS,
    MODES,
    NEED_MODES,
    NEED_TRANSITIONS,
    URGENCIES,
    Match,
    MatchStatus,
    Need,
    NeedStatus,
    SkillCategory,
    Strength,
)
from api.skills.reasons import visible_reasons
from api.validation import Checker

MAX_STRENGTHS = 30
MAX_SLOTS = 21
MAX_OPEN_NEEDS = 20
# Namespace of the transaction-level advisory lock that serialises one account's postNeed (the
# second key is a hash of the account id): the open-needs count and the insert must not interleave.
_POST_NEED_LOCK = 0x5EED
_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")


def _now() -> datetime:
    return datetime.now(UTC)


# --- taxonomy ---------------------------------------------------------------------------------


async def categories(db: AsyncSession) -> list[SkillCategory]:
    return list((await db.scalars(select(SkillCategory).order_by(SkillCategory.position))).all())


def _one_line(c: Checker, field: str, value, label: str = "This"):
    """`value` (a string or a list of them), or None after recording INVALID_CHARACTERS when one of
    them holds a control character (NUL included, which PostgreSQL cannot store, nor compare
    with): checked before anything else reads or queries the value."""
    values = [value] if isinstance(value, str) else (value or [])
    if all(not isinstance(v, str) or c.characters(field, v, label=label) for v in values):
        return value
    return None


def _text(c: Checker, field: str, value: str | None, *, max_len: int, label: str, min_len: int = 0) -> str | None:
    # Checker.text refuses control characters itself (INVALID_CHARACTERS).
    return c.text(field, value, min_len=min_len, max_len=max_len, label=label)


def _title_and_description(
    c: Checker, title: str | None, description: str | None, *, min_title: int
) -> tuple[str | None, str | None]:
    """The same text limits for strengths and needs (None: not given, keep what is there)."""
    return (
        _text(c, "title", title, min_len=min_title, max_len=120, label="The title"),
        _text(c, "description", description, max_len=2000, label="The description"),
    )


async def _check_category(db: AsyncSession, c: Checker, slug: str | None) -> None:
    if slug is None or _one_line(c, "category", slug, "The category") is None:
        return
    if len(slug) > 48 or await db.get(SkillCategory, slug) is None:
        c.add("category", f"'{slug[:48]}' is not a skill category; pick one from skillCategories.", "UNKNOWN_CATEGORY")


# --- strengths --------------------------------------------------------------------------------


@dataclass
class Slot:
    day: int  # 0 = Monday
    start: str  # "HH:MM"
    end: str


def _availability(c: Checker, slots: list[Slot] | None) -> list[list[int]] | None:
    if slots is None:
        return None
    if len(slots) > MAX_SLOTS:
        c.add("availability", f"List at most {MAX_SLOTS} time ranges.", "TOO_MANY")
        return None
    out: list[list[int]] = []
    for i, s in enumerate(slots):
        if _one_line(c, f"availability.{i}", [s.start, s.end], "The time") is None:
            continue
        if not (0 <= s.day <= 6):
            c.add(f"availability.{i}.day", "Day must be 0 (Monday) to 6 (Sunday).", "OUT_OF_RANGE")
            continue
        if not _TIME.match(s.start) or not _TIME.match(s.end):
            c.add(f"availability.{i}", "Times look like 18:30, from 00:00 to 24:00.", "OUT_OF_RANGE")
            continue
        a = int(s.start[:2]) * 60 + int(s.start[3:])
        b = int(s.end[:2]) * 60 + int(s.end[3:])
        if b <= a:
            c.add(f"availability.{i}", "A time range must end after it starts.", "OUT_OF_RANGE")
            continue
        out.append([s.day * 1440 + a, s.day * 1440 + b])
    out.sort()
    for (_a1, b1), (a2, _) in itertools.pairwise(out):
        if a2 < b1:
            c.add("availability", "Two time ranges overlap; merge them.", "OVERLAP")
            break
    return out


def _modes(c: Checker, modes: list[str] | None, allowed=MODES) -> list[str] | None:
    if modes is None:
        return None
    unique = sorted(set(modes))
    if not unique or any(m not in allowed for m in unique):
        c.add("modes", "Choose in person, virtual, or both.", "INVALID")
    return unique


async def add_strength(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    category: str,
    title: str,
    description: str | None,
    languages: list[str] | None,
    modes: list[str],
    availability: list[Slot] | None,
) -> Strength:
    viewer = require_viewer(viewer)
    c = Checker()
    await _check_category(db, c, category)
    title_c, desc = _title_and_description(c, title, description or "", min_title=2)
    langs = c.languages("languages", _one_line(c, "languages", languages or [], "A language"))
    modes_c = _modes(c, modes)
    slots = _availability(c, availability or [])
    c.done()
    count = await db.scalar(select(func.count()).select_from(Strength).where(Strength.account_id == viewer.account_id))
    if count >= MAX_STRENGTHS:
        raise Invalid(f"You can list at most {MAX_STRENGTHS} strengths.", code="TOO_MANY")
    s = Strength(
        account_id=viewer.account_id,
        category_slug=category,
        title=title_c,
        description=desc or "",
        languages=langs or [],
        modes=modes_c,
        availability=slots or [],
    )
    db.add(s)
    await db.flush()
    await emit(db, "strength.changed", community_id=None, strength_id=s.id)
    return s


async def get_own_strength(db: AsyncSession, viewer: Viewer | None, strength_id: uuid.UUID) -> Strength:
    viewer = require_viewer(viewer)
    s = await db.get(Strength, strength_id)
    if s is None or s.account_id != viewer.account_id:
        raise NotFound("That strength is not one of yours.", field="strengthId")
    return s


async def get_strength(db: AsyncSession, viewer: Viewer | None, strength_id: uuid.UUID) -> Strength:
    """Strengths are visible to whoever can see their owner (verified in a shared community, no block)."""
    from api.communities.service import can_see_account

    s = await db.get(Strength, strength_id)
    if s is None or not await can_see_account(db, viewer, s.account_id):
        raise NotFound("That strength does not exist.")
    return s


async def update_strength(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    strength_id: uuid.UUID,
    category=None,
    title=None,
    description=None,
    languages=None,
    modes=None,
    availability=None,
) -> Strength:
    c = Checker()
    await _check_category(db, c, category)
    title_c, desc = _title_and_description(c, title, description, min_title=2)
    langs = c.languages("languages", _one_line(c, "languages", languages, "A language"))
    modes_c = _modes(c, modes)
    slots = _availability(c, availability)
    c.done()
    s = await get_own_strength(db, viewer, strength_id)
    for key, value in (
        ("category_slug", category),
        ("title", title_c),
        ("description", desc),
        ("languages", langs),
        ("modes", modes_c),
        ("availability", slots),
    ):
        if value is not None:
            setattr(s, key, value)
    s.updated_at = _now()
    await db.flush()
    await emit(db, "strength.changed", community_id=None, strength_id=s.id)
    return s


async def remove_strength(db: AsyncSession, viewer: Viewer | None, *, strength_id: uuid.UUID) -> None:
    s = await get_own_strength(db, viewer, strength_id)
    # Suggestions built on it go; matches already under way keep their history.
    await db.execute(Match.__table__.delete().where(Match.strength_id == s.id, Match.status == MatchStatus.SUGGESTED))
    await db.delete(s)
    await db.flush()


async def my_strengths(db: AsyncSession, viewer: Viewer | None) -> list[Strength]:
    viewer = require_viewer(viewer)
    return list(
        (
            await db.scalars(
                select(Strength)
                .where(Strength.account_id == viewer.account_id)
                .order_by(Strength.created_at, Strength.id)
            )
        ).all()
    )


# --- needs ------------------------------------------------------------------------------------


async def _need_area(
    db: AsyncSession, c: Checker, viewer: Viewer, postal_code: str | None, lat: float | None, lng: float | None
) -> tuple[str, str | None, bool] | None:
    """(cell, label, from_home): the place given, else the poster's home area (from_home=True)."""
    if postal_code is not None:
        if _one_line(c, "postalCode", postal_code, "The postal code") is None:
            return None
        try:
            cell, label = await geo.area_from_postal_code(db, postal_code)
        except Invalid as e:
            c.add("postalCode", e.message, e.code)
            return None
        return cell, label, False
    if lat is not None or lng is not None:
        if lat is None or lng is None:
            c.add("latitude", "Give both latitude and longitude, or neither.")
            return None
        try:
            return geo.coarse_cell(lat, lng, field="latitude"), None, False
        except Invalid as e:
            c.add("latitude", e.message, e.code)
            return None
    account = await db.get(Account, viewer.account_id)
    return (account.home_cell, account.home_area_label, True) if account and account.home_cell else None


def _window(c: Checker, starts_at: datetime | None, ends_at: datetime | None) -> None:
    now = _now()
    for name, value in (("startsAt", starts_at), ("endsAt", ends_at)):
        if value is not None and value.tzinfo is None:
            c.add(name, "Include a timezone offset, e.g. 2026-12-01T18:00:00-06:00.", "INVALID")
            return
    if ends_at is not None and ends_at <= now:
        c.add("endsAt", "That time is in the past.", "IN_THE_PAST")
    elif starts_at is not None and ends_at is None and starts_at <= now - timedelta(minutes=5):
        c.add("startsAt", "That time is in the past.", "IN_THE_PAST")
    if starts_at and ends_at and ends_at <= starts_at:
        c.add("endsAt", "The end must come after the start.", "INVALID")
    if starts_at and starts_at > now + timedelta(days=366):
        c.add("startsAt", "Needs can be planned up to a year ahead.", "OUT_OF_RANGE")


async def post_need(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    community_id: uuid.UUID,
    category: str,
    title: str,
    description: str | None,
    mode: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    urgency: str,
    language: str | None,
    postal_code: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    client_id: str | None = None,
) -> Need:
    """Post a need; sent again with the same client id (the offline queue), it returns the need the
    first send made (api/retries)."""
    viewer = require_viewer(viewer)
    attempt = await once(
        db,
        viewer,
        client_id,
        "postNeed",
        {
            "community": community_id,
            "category": category,
            "title": title,
            "description": description,
            "mode": mode,
            "starts": starts_at,
            "ends": ends_at,
            "urgency": urgency,
            "language": language,
            "postal_code": postal_code,
            "at": [latitude, longitude],
        },
    )
    if attempt.replay:
        return await get_need(db, viewer, attempt.subject_id)  # type: ignore[arg-type]
    c = Checker()
    await _check_category(db, c, category)
    title_c, desc = _title_and_description(c, title, description or "", min_title=3)
    if mode not in NEED_MODES:
        c.add("mode", "Mode is in person, virtual or either.")
    if urgency not in URGENCIES:
        c.add("urgency", "Urgency is low, normal or high.")
    language = _one_line(c, "language", language, "The language")
    lang = (c.languages("language", [language]) or [None])[0] if language else None
    _window(c, starts_at, ends_at)
    area = await _need_area(db, c, viewer, postal_code, latitude, longitude)
    c.done()
    await require_member(db, viewer, community_id)
    # One postNeed per account at a time, until this transaction ends: otherwise concurrent posts
    # all count the same open needs and together pass the cap. (READ COMMITTED: the count below
    # runs after the lock, so it sees what the previous holder committed.)
    await db.execute(select(func.pg_advisory_xact_lock(_POST_NEED_LOCK, func.hashtext(str(viewer.account_id)))))
    open_count = await db.scalar(
        select(func.count())
        .select_from(Need)
        .where(Need.requester_id == viewer.account_id, Need.status.in_(ACTIVE_NEED_STATES))
    )
    if open_count >= MAX_OPEN_NEEDS:
        raise Invalid(f"You have {MAX_OPEN_NEEDS} open needs; close or complete some first.", code="TOO_MANY")
    need = Need(
        community_id=community_id,
        requester_id=viewer.account_id,
        category_slug=category,
        title=title_c,
        description=desc or "",
        mode=mode,
        starts_at=starts_at,
        ends_at=ends_at,
        urgency=urgency,
        language=lang,
    )
    _set_area(need, area)
    db.add(need)
    await db.flush()
    await db.refresh(need, ["created_at", "updated_at", "status"])
    await emit(db, "need.posted", community_id=community_id, need_id=need.id)
    await attempt.done(db, need.id)
    return need


def _set_area(need: Need, area: tuple[str, str | None, bool] | None) -> None:
    if area is None:
        need.area_cell = need.area_label = need.area_lat = need.area_lng = None
        need.area_from_home = False
        return
    cell, label, need.area_from_home = area
    need.area_cell, need.area_label = cell, label
    need.area_lat, need.area_lng = geo.cell_center(cell)


def need_area_shown(need: Need, requester: PublicProfile) -> bool:
    """Whether the viewer may learn the need's area (its label, a distance to it, a near filter on
    it). A need posted with its own place shows it; one that took the poster's home area shows it
    only while the poster shows their area in the directory (`requester` is the poster as the
    viewer sees them, so the poster always sees their own). Decided when read, so changing
    showArea after posting applies to every need at once."""
    return not need.area_from_home or requester.shows_area


async def get_need(db: AsyncSession, viewer: Viewer | None, need_id: uuid.UUID) -> Need:
    """Verified members of the need's community see it, unless a block stands between them and the requester."""
    viewer = require_viewer(viewer)
    need = await db.get(Need, need_id)
    if need is None:
        raise NotFound("That need does not exist.", field="needId")
    if need.requester_id == viewer.account_id:
        return need
    try:
        await require_member(db, viewer, need.community_id)
    except (NotFound, Forbidden) as e:
        raise NotFound("That need does not exist.", field="needId") from e
    if await is_blocked_between(db, viewer.account_id, need.requester_id):
        raise NotFound("That need does not exist.", field="needId")
    return need


async def get_own_need(db: AsyncSession, viewer: Viewer | None, need_id: uuid.UUID) -> Need:
    need = await get_need(db, viewer, need_id)
    if need.requester_id != viewer.account_id:  # type: ignore[union-attr]
        raise Forbidden("Only the person who posted this need can change it.", field="needId")
    return need


async def update_need(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    need_id: uuid.UUID,
    category=None,
    title=None,
    description=None,
    mode=None,
    starts_at=None,
    ends_at=None,
    urgency=None,
    language=None,
) -> Need:
    c = Checker()
    await _check_category(db, c, category)
    title_c, desc = _title_and_description(c, title, description, min_title=3)
    if mode is not None and mode not in NEED_MODES:
        c.add("mode", "Mode is in person, virtual or either.")
    if urgency is not None and urgency not in URGENCIES:
        c.add("urgency", "Urgency is low, normal or high.")
    language = _one_line(c, "language", language, "The language")
    lang = (c.languages("language", [language]) or [None])[0] if language else None
    if starts_at is not None or ends_at is not None:
        _window(c, starts_at, ends_at)
    c.done()
    need = await get_own_need(db, viewer, need_id)
    if need.status not in ACTIVE_NEED_STATES:
        raise Conflict("This need is already met or closed.", field="needId", code="INVALID_TRANSITION")
    for key, value in (
        ("category_slug", category),
        ("title", title_c),
        ("description", desc),
        ("mode", mode),
        ("starts_at", starts_at),
        ("ends_at", ends_at),
        ("urgency", urgency),
        ("language", lang),
    ):
        if value is not None:
            setattr(need, key, value)
    if need.starts_at and need.ends_at and need.ends_at <= need.starts_at:
        raise Invalid("The end must come after the start.", field="endsAt")
    need.updated_at = _now()
    await db.flush()
    await emit(db, "need.updated", community_id=need.community_id, need_id=need.id)
    return need


async def close_need(db: AsyncSession, viewer: Viewer | None, *, need_id: uuid.UUID) -> Need:
    return await _close(db, await get_own_need(db, viewer, need_id))


async def _close(db: AsyncSession, need: Need) -> Need:
    _move_need(need, NeedStatus.CLOSED, field="needId", message="This need is already met or closed.")
    await db.execute(
        Match.__table__.update()
        .where(Match.need_id == need.id, Match.status.in_(EXPIRING_MATCH_STATES))
        .values(status=MatchStatus.EXPIRED)
    )
    await db.flush()
    await emit(db, "need.closed", community_id=need.community_id, need_id=need.id)
    return need


# Built once: a page of needs with their requesters' profile columns.


@dataclass
class NeedFilter:
    community_id: uuid.UUID
    category: str | None = None
    mode: str | None = None
    language: str | None = None
    status: str = NeedStatus.OPEN
    near_km: float | None = None
    # "Needs near me": as far as matching looks for in-person helpers (matching.MAX_IN_PERSON_KM), so
    # the list shows the needs I could be suggested for, wherever the client is.
    near_me: bool = False
    mine: bool = False  # only the needs the viewer posted


async def list_needs(
    db: AsyncSession, viewer: Viewer | None, flt: NeedFilter, *, after: tuple[datetime, uuid.UUID] | None, limit: int
) -> list[NeedView]:
    """A page of needs with their requesters as the viewer sees them, in one query.

    `near_km` measures from the viewer's home area to each need's area. A need whose area is its
    poster's hidden home area (see need_area_shown) is treated as having no location: like a need
    posted without any area it is left out of near-filtered results (virtual needs excepted, which
    are near everyone), whatever the distance. Leaving it out at every distance, rather than
    counting it as near or far, is what keeps that home unlocatable: moving one's own point and
    watching the need come and go tells nothing."""
    viewer = require_viewer(viewer)
    await require_member(db, viewer, flt.community_id)
    c = Checker()
    if flt.status not in list(NeedStatus):
        c.add("status", "Status is open, matched, met or closed.")
    if flt.mode is not None and flt.mode not in NEED_MODES:
        c.add("mode", "Mode is in person, virtual or either.")
    if flt.category is not None:
        await _check_category(db, c, flt.category)
    _one_line(c, "language", flt.language, "The language")
    if flt.near_km is not None and not (0 < flt.near_km <= 100):
        c.add("nearKm", "Distance must be between 0 and 100 km.", "OUT_OF_RANGE")
    if flt.near_me and flt.near_km is not None:
        c.add("nearMe", "Ask for nearKm or nearMe, not both.", "INVALID")
    c.done()
    near_km = matching.MAX_IN_PERSON_KM if flt.near_me else flt.near_km
    home_lat = home_lng = None
    if near_km is not None:
        me = await db.get(Account, viewer.account_id)
        if me is None or me.home_lat is None:
            raise Invalid(
                "Set your approximate area in your profile to see needs near you.",
                field="nearMe" if flt.near_me else "nearKm",
                code="NO_HOME_AREA",
            )
        home_lat, home_lng = me.home_lat, me.home_lng
    rows = await _NEEDS_PAGE.fetch(
        db,
        viewer_id=viewer.account_id,
        community_id=flt.community_id,
        status=str(flt.status),
        mine=flt.mine,
        category=flt.category or None,
        category_prefix=(flt.category + ".") if flt.category else None,
        mode=flt.mode if flt.mode and flt.mode != "either" else None,
        language=flt.language or None,
        near_km=near_km,
        home_lat=home_lat,
        home_lng=home_lng,
        after_at=after[0] if after else None,
        after_id=after[1] if after else None,
        limit=limit,
    )
    return [
        _need_view(Columns(r, "n_"), profile_from_row(Columns(r), viewer.account_id, "r_"), viewer.account_id)  # type: ignore[arg-type]
        for r in rows
    ]


def _needs_page() -> HotRead:
    """list_needs as one statement compiled once: each filter is a parameter that is null when it
    is not asked for."""
    viewer_id = bindparam("viewer_id", type_=PG_UUID(as_uuid=True))
    category = bindparam("category", type_=String)
    mode = bindparam("mode", type_=String)
    language = bindparam("language", type_=String)
    near_km = bindparam("near_km", type_=Float)
    home_lat, home_lng = bindparam("home_lat", type_=Float), bindparam("home_lng", type_=Float)
    after_at = bindparam("after_at", type_=DateTime(timezone=True))
    after_id = bindparam("after_id", type_=PG_UUID(as_uuid=True))
    # Haversine in SQL on cell centres (coarse by construction); virtual needs are near everyone.
    dist = geo.distance_km(home_lat, home_lng, Need.area_lat, Need.area_lng)
    # The SQL form of need_area_shown (Account is the requester, joined here).
    area_shown = or_(Need.area_from_home.is_(False), Account.show_area.is_(True), Need.requester_id == viewer_id)
    return HotRead(
        select(*labelled_columns(Need, "n_"), *profile_columns(Account, "r_"))
        .join(Account, Account.id == Need.requester_id)
        .where(
            Need.community_id == bindparam("community_id", type_=PG_UUID(as_uuid=True)),
            Need.requester_id.not_in(select(hidden_account_ids(viewer_id).c.id)),
            Need.status == bindparam("status", type_=String),
            or_(bindparam("mine", type_=Boolean).is_(False), Need.requester_id == viewer_id),
            or_(
                category.is_(None),
                Need.category_slug == category,
                func.starts_with(Need.category_slug, bindparam("category_prefix", type_=String)),
            ),
            or_(mode.is_(None), Need.mode == mode, Need.mode == "either"),
            or_(language.is_(None), Need.language.is_(None), Need.language == language),
            or_(
                near_km.is_(None),
                Need.mode == "virtual",
                and_(Need.area_lat.is_not(None), area_shown, dist <= near_km),
            ),
            or_(after_at.is_(None), func.row(Need.created_at, Need.id) < func.row(after_at, after_id)),
        )
        .order_by(Need.created_at.desc(), Need.id.desc())
        .limit(bindparam("limit", type_=Integer))
    )


_NEEDS_PAGE = _needs_page()


@report_subject("need")
async def _need_subject(
    db: AsyncSession, community_id: uuid.UUID, need_id: uuid.UUID, _by: uuid.UUID
) -> uuid.UUID | None:
    return await db.scalar(select(Need.requester_id).where(Need.id == need_id, Need.community_id == community_id))


@report_remover("need")
async def _remove_reported_need(db: AsyncSession, community_id: uuid.UUID, need_id: uuid.UUID) -> bool:
    """Staff take a reported need down: it is closed as its poster would close it (matches under way
    expire, nobody is told); False when it is already closed or met."""
    need = await db.scalar(select(Need).where(Need.id == need_id, Need.community_id == community_id).with_for_update())
    if need is None or need.status not in ACTIVE_NEED_STATES:
        return False
    await _close(db, need)
    return True


# --- matches ----------------------------------------------------------------------------------


async def matches_for_need(
    db: AsyncSession, viewer: Viewer | None, *, need_id: uuid.UUID, refresh: bool = False, limit: int = 20
) -> list[MatchView]:
    """The requester's view: suggested helpers with their reasons, and matches under way. Computed
    on demand when the worker has not done it yet (or when asked to refresh)."""
    need = await get_own_need(db, viewer, need_id)
    if (refresh or need.matches_computed_at is None) and need.status in ACTIVE_NEED_STATES:
        await matching.compute_matches(db, need.id)
    return await _visible_matches(db, viewer, _MATCHES_FOR_NEED, limit, need_id=need.id)


async def suggested_matches(db: AsyncSession, viewer: Viewer | None, *, limit: int = 20) -> list[MatchView]:
    """The helper's view: needs I could help with, and matches I am part of, best first."""
    viewer = require_viewer(viewer)
    return await _visible_matches(db, viewer, _SUGGESTED_MATCHES, limit)


async def my_matches_on_needs(db: AsyncSession, viewer: Viewer | None, need_ids: list[uuid.UUID]) -> list[Match]:
    """My own match (as the helper) on each of these needs, whatever its status: at most one per
    need. The caller has already shown the needs, so their visibility is settled."""
    viewer = require_viewer(viewer)
    return list(
        (await db.scalars(select(Match).where(Match.helper_id == viewer.account_id, Match.need_id.in_(need_ids)))).all()
    )


# The helper's list: suggestions and matches still under way.
_HELPER_STATES = (MatchStatus.SUGGESTED, MatchStatus.OFFERED, MatchStatus.REQUESTED, MatchStatus.ACCEPTED)
# A closed need's matches are shown only when both sides had agreed.
_SHOWN_NEED_STATES = (NeedStatus.OPEN, NeedStatus.MATCHED, NeedStatus.MET)


async def _visible_matches(
    db: AsyncSession, viewer: Viewer | None, read: HotRead, limit: int, **params: Any
) -> list[MatchView]:
    """Matches with everything shown about them, in one query (see _visible_matches_read)."""
    viewer = require_viewer(viewer)
    rows = await read.fetch(db, viewer_id=viewer.account_id, limit=limit, **params)
    return [_match_view(r, viewer.account_id) for r in rows]


def _visible_matches_read(where) -> HotRead:
    """The lists of matches, as the helper (`suggestedMatches`) or the requester (`matchesForNeed`)
    sees them: no one blocked on either side, no expired suggestion, a closed need's matches only
    once both sides had agreed, and a suggestion only while its helper is a verified member."""
    hidden = select(hidden_account_ids(bindparam("viewer_id")).c.id)
    return HotRead(
        _match_view_select()
        .where(
            where,
            Match.helper_id.not_in(hidden),
            Match.requester_id.not_in(hidden),
            Match.status != MatchStatus.EXPIRED,
            Need.status.in_(_SHOWN_NEED_STATES) | (Match.status.in_(AGREED_MATCH_STATES)),
            exists().where(
                Membership.account_id == Match.helper_id,
                Membership.community_id == Match.community_id,
                Membership.state == MembershipState.VERIFIED,
            ),
        )
        .order_by(
            # Matches under way first, then suggestions by score.
            (Match.status == MatchStatus.SUGGESTED).asc(),
            Match.score.desc(),
            Match.id,
        )
        .limit(bindparam("limit"))
    )


async def get_match(db: AsyncSession, viewer: Viewer | None, match_id: uuid.UUID, *, lock: bool = True) -> Match:
    """Only the two parties see a match (a suggested match: the requester, and the helper it suggests)."""
    viewer = require_viewer(viewer)
    m = await db.get(Match, match_id, with_for_update=lock)
    if m is None or viewer.account_id not in (m.helper_id, m.requester_id):
        raise NotFound("That match does not exist.", field="matchId")
    if await is_blocked_between(db, m.helper_id, m.requester_id):
        raise NotFound("That match does not exist.", field="matchId")
    return m


async def _lock_match_and_need(db: AsyncSession, viewer: Viewer | None, match_id: uuid.UUID) -> Match:
    """Lock the need, then the match: the order compute_matches uses, so they never deadlock."""
    m = await get_match(db, viewer, match_id, lock=False)
    await db.execute(select(Need.id).where(Need.id == m.need_id).with_for_update())
    await db.refresh(m, with_for_update=True)
    return m


def _illegal(m: Match, action: str) -> Conflict:
    return Conflict(f"You cannot {action} a match that is {m.status}.", field="matchId", code="INVALID_TRANSITION")


def _move_match(m: Match, to: MatchStatus, action: str) -> None:
    """The one check of a match's state changes (MATCH_TRANSITIONS)."""
    if to not in MATCH_TRANSITIONS[MatchStatus(m.status)]:
        raise _illegal(m, action)
    m.status = to


def _move_need(need: Need, to: NeedStatus, *, field: str, message: str, already_ok: bool = False) -> None:
    """The one check of a need's state changes (NEED_TRANSITIONS); `already_ok`: being there already is fine."""
    if already_ok and need.status == to:
        return
    if to not in NEED_TRANSITIONS[NeedStatus(need.status)]:
        raise Conflict(message, field=field, code="INVALID_TRANSITION")
    need.status = to


async def offer_help(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    need_id: uuid.UUID,
    strength_id: uuid.UUID | None,
    message: str | None,
    client_id: str | None = None,
) -> Match:
    """A helper offers to help with a need: moves their suggestion to `offered`, or creates the match.
    Sent again with the same client id, it returns that match as it is now."""
    viewer = require_viewer(viewer)
    attempt = await once(
        db, viewer, client_id, "offerHelp", {"need": need_id, "strength": strength_id, "message": message}
    )
    if attempt.replay:
        return await get_match(db, viewer, attempt.subject_id)  # type: ignore[arg-type]
    c = Checker()
    msg = _text(c, "message", message or "", max_len=1000, label="The message")
    c.done()
    need = await get_need(db, viewer, need_id)
    if need.requester_id == viewer.account_id:
        raise Invalid("You cannot offer help on your own need.", field="needId")
    if (
        viewer.family_id is not None
        and await db.scalar(select(Account.family_id).where(Account.id == need.requester_id)) == viewer.family_id
    ):
        raise Invalid("This need comes from your own family.", field="needId")
    if need.status != NeedStatus.OPEN:
        raise Conflict("This need is no longer open.", field="needId", code="INVALID_TRANSITION")
    strength = await get_own_strength(db, viewer, strength_id) if strength_id else None
    # Lock the need first, as compute_matches does, so the worker cannot insert this helper's
    # suggestion between our look-up and our insert (and no two transactions lock in opposite order).
    await db.refresh(need, with_for_update=True)
    m = await db.scalar(
        select(Match).where(Match.need_id == need.id, Match.helper_id == viewer.account_id).with_for_update()
    )
    if m is None:
        scored = next(iter(await matching.rank(db, need, limit=1, helper=viewer.account_id)), None)
        m = Match(
            community_id=need.community_id,
            need_id=need.id,
            helper_id=viewer.account_id,
            requester_id=need.requester_id,
            strength_id=strength.id if strength else (scored.strength_id if scored else None),
            score=scored.score if scored else 0.0,
            reasons=scored.reasons if scored else [],
            status=MatchStatus.SUGGESTED,
        )
        db.add(m)
        await db.flush()
    _move_match(m, MatchStatus.OFFERED, "offer help on")
    m.message, m.responded_at = msg or "", None
    if strength is not None:
        m.strength_id = strength.id
    await db.flush()
    await emit(
        db, "match.offered", community_id=m.community_id, match_id=m.id, need_id=need.id, requester_id=m.requester_id
    )
    await attempt.done(db, m.id)
    return m


async def request_help(
    db: AsyncSession, viewer: Viewer | None, *, match_id: uuid.UUID, message: str | None, client_id: str | None = None
) -> Match:
    """The requester asks a suggested helper for help. Sent again with the same client id, it
    returns that match as it is now."""
    attempt = await once(db, viewer, client_id, "requestHelp", {"match": match_id, "message": message})
    if attempt.replay:
        return await get_match(db, viewer, attempt.subject_id)  # type: ignore[arg-type]
    c = Checker()
    msg = _text(c, "message", message or "", max_len=1000, label="The message")
    c.done()
    m = await get_match(db, viewer, match_id)
    if m.requester_id != viewer.account_id:  # type: ignore[union-attr]
        raise Forbidden("Only the family who posted the need can ask for help.", field="matchId")
    need = await db.get(Need, m.need_id)
    if need is None or need.status != NeedStatus.OPEN:
        raise _illegal(m, "request help on")
    _move_match(m, MatchStatus.REQUESTED, "request help on")
    m.message = msg or ""
    await db.flush()
    await emit(
        db, "match.requested", community_id=m.community_id, match_id=m.id, need_id=m.need_id, helper_id=m.helper_id
    )
    await attempt.done(db, m.id)
    return m


async def respond_to_match(db: AsyncSession, viewer: Viewer | None, *, match_id: uuid.UUID, accept: bool) -> Match:
    """The other side answers: the requester answers an offer; the helper answers a request."""
    m = await _lock_match_and_need(db, viewer, match_id)
    me = viewer.account_id  # type: ignore[union-attr]
    if m.status == MatchStatus.OFFERED:
        if me != m.requester_id:
            raise Forbidden("The family who posted the need answers this offer.", field="matchId")
    elif m.status == MatchStatus.REQUESTED:
        if me != m.helper_id:
            raise Forbidden("The helper who was asked answers this request.", field="matchId")
    else:
        raise _illegal(m, "accept or decline")
    need = await db.get(Need, m.need_id, with_for_update=True)
    assert need is not None
    if accept:
        _move_need(need, NeedStatus.MATCHED, field="matchId", message="This need is no longer open.", already_ok=True)
    _move_match(m, MatchStatus.ACCEPTED if accept else MatchStatus.DECLINED, "accept or decline")
    m.responded_at = _now()
    await db.flush()
    await emit(
        db,
        f"match.{m.status}",
        community_id=m.community_id,
        match_id=m.id,
        need_id=m.need_id,
        helper_id=m.helper_id,
        requester_id=m.requester_id,
        by=me,
    )
    return m


async def complete_match(db: AsyncSession, viewer: Viewer | None, *, match_id: uuid.UUID, thanks: str | None) -> Match:
    """The family who was helped marks it done, optionally with a thank-you. The need is met."""
    c = Checker()
    thanks_c = _text(c, "thanks", thanks, max_len=1000, label="The thank-you")
    c.done()
    m = await _lock_match_and_need(db, viewer, match_id)
    if m.requester_id != viewer.account_id:  # type: ignore[union-attr]
        raise Forbidden("The family who was helped marks the match complete.", field="matchId")
    _move_match(m, MatchStatus.COMPLETED, "complete")
    m.completed_at, m.thanks = _now(), thanks_c or None
    need = await db.get(Need, m.need_id, with_for_update=True)
    assert need is not None
    _move_need(need, NeedStatus.MET, field="matchId", message="This need can no longer be met.", already_ok=True)
    await db.execute(
        Match.__table__.update()
        .where(Match.need_id == need.id, Match.id != m.id, Match.status.in_(EXPIRING_MATCH_STATES))
        .values(status=MatchStatus.EXPIRED)
    )
    await db.flush()
    await emit(
        db, "match.completed", community_id=m.community_id, match_id=m.id, helper_id=m.helper_id, thanked=bool(thanks_c)
    )
    return m


# --- what the viewer sees ---------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """How to reach the other family: shared only once both sides agreed."""

    display_name: str
    email: str


@dataclass(frozen=True)
class NeedView:
    need: Need
    requester: PublicProfile
    is_mine: bool
    area_label: str | None  # None when the viewer may not see the need's area (need_area_shown)


def _need_view(need: Need, requester: PublicProfile | None, viewer_id: uuid.UUID | None) -> NeedView:
    assert requester is not None
    return NeedView(
        need=need,
        requester=requester,
        is_mine=need.requester_id == viewer_id,
        area_label=need.area_label if need_area_shown(need, requester) else None,
    )


@dataclass(frozen=True)
class MatchView:
    match: Match
    need: NeedView
    helper: PublicProfile
    requester: PublicProfile
    strength_title: str | None
    contact: Contact | None  # None until both sides agreed (AGREED_MATCH_STATES)
    reasons: list[dict]  # only those the viewer may read (see reasons.visible_reasons)


async def need_views(db: AsyncSession, viewer: Viewer | None, needs: list[Need]) -> list[NeedView]:
    """Needs the viewer may already see, with their requesters as the viewer may see them: one query."""
    viewer_id = viewer.account_id if viewer else None
    people = await profiles_by_ids(db, {n.requester_id for n in needs}, viewer_id)
    return [_need_view(n, people[n.requester_id], viewer_id) for n in needs]


def _match_view_select():
    """One statement for matches with their need, both people (profile columns only, plus the email
    shared once both agreed) and the strength's title, as labelled columns: the reads built on it
    are HotReads, compiled once, whose rows _match_view reads back with Columns."""
    helper, requester = aliased(Account, name="helper"), aliased(Account, name="requester")
    return (
        select(
            *labelled_columns(Match, "m_"),
            *labelled_columns(Need, "n_"),
            Strength.title.label("strength_title"),
            *profile_columns(helper, "h_"),
            helper.email.label("h_email"),
            *profile_columns(requester, "r_"),
            requester.email.label("r_email"),
        )
        .join(Need, Need.id == Match.need_id)
        .join(helper, helper.id == Match.helper_id)
        .join(requester, requester.id == Match.requester_id)
        .outerjoin(Strength, Strength.id == Match.strength_id)
    )


def _match_view(record, viewer_id: uuid.UUID | None) -> MatchView:
    row, m, need = Columns(record), Columns(record, "m_"), Columns(record, "n_")
    helper = profile_from_row(row, viewer_id, "h_")
    requester = profile_from_row(row, viewer_id, "r_")
    assert helper is not None and requester is not None
    contact = None
    if viewer_id is not None and m.status in AGREED_MATCH_STATES:
        other = (requester, row.r_email) if viewer_id == m.helper_id else (helper, row.h_email)
        contact = Contact(display_name=other[0].display_name, email=other[1])
    return MatchView(
        match=m,  # type: ignore[arg-type] - the match's columns, read-only
        need=_need_view(need, requester, viewer_id),  # type: ignore[arg-type]
        helper=helper,
        requester=requester,
        strength_title=row.strength_title,
        contact=contact,
        reasons=visible_reasons(m.reasons, helper, need_area_shown=need_area_shown(need, requester)),  # type: ignore[arg-type]
    )


async def match_views(db: AsyncSession, viewer: Viewer | None, matches: list[Match]) -> list[MatchView]:
    """Matches the caller has already authorized, as the viewer sees them, in one query whatever
    their number. Contact details appear only once both sides have agreed; reasons that would
    reveal what the helper keeps private are left out for anyone but the helper."""
    if not matches:
        return []
    viewer_id = viewer.account_id if viewer else None
    rows = {r["m_id"]: r for r in await _MATCHES_BY_IDS.fetch(db, ids=[m.id for m in matches])}
    return [_match_view(rows[m.id], viewer_id) for m in matches]


async def match_views_by_ids(
    db: AsyncSession, viewer: Viewer | None, ids: list[uuid.UUID]
) -> dict[uuid.UUID, MatchView]:
    """The matches among `ids` that the viewer may see (they are one of its two parties, and
    neither blocked the other), in one query: `node(id:)` and notification subjects, batched."""
    viewer = require_viewer(viewer)
    rows = await _VISIBLE_MATCHES_BY_IDS.fetch(db, ids=list(ids), viewer_id=viewer.account_id)
    return {r["m_id"]: _match_view(r, viewer.account_id) for r in rows}


def _visible_by_ids_read() -> HotRead:
    hidden = select(hidden_account_ids(bindparam("viewer_id")).c.id)
    return HotRead(
        _match_view_select().where(
            Match.id == any_(bindparam("ids", type_=ARRAY(PG_UUID(as_uuid=True)))),
            or_(Match.helper_id == bindparam("viewer_id"), Match.requester_id == bindparam("viewer_id")),
            Match.helper_id.not_in(hidden),
            Match.requester_id.not_in(hidden),
        )
    )


# Built and compiled once, at import: every home screen and match list runs one of these.
_SUGGESTED_MATCHES = _visible_matches_read(
    and_(Match.helper_id == bindparam("viewer_id"), Match.status.in_(_HELPER_STATES))
)
_MATCHES_FOR_NEED = _visible_matches_read(Match.need_id == bindparam("need_id"))
_MATCHES_BY_IDS = HotRead(
    _match_view_select().where(Match.id == any_(bindparam("ids", type_=ARRAY(PG_UUID(as_uuid=True)))))
)
_VISIBLE_MATCHES_BY_IDS = _visible_by_ids_read()
