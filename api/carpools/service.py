"""Carpools: who may see and do what, seat requests and their approval, trips, fair driving, swaps.

- Only a community's verified members see its carpools, and not across a block with the organiser.
  Everyone who may see a carpool sees its destination, schedule, free seats and the pickup *area*
  (about 1 km). The exact pickup details, the other families, their children (first names) and
  contacts, the trips and the ledger are for approved families only, and hidden again when a
  family leaves.
- A family asks seats for its own children on chosen legs of the schedule; the organiser or a
  co-driver (an approved family that drives) approves or declines. The carpool row is locked for
  every decision, so two requests racing for the last seat get one seat and one "no seats left".
- Trips are generated for a rolling window (WINDOW_DAYS). Each trip's driver is proposed by the
  ledger (fairness.Ledger: the family owing most among those riding that day and able to drive),
  proposed again whenever the carpool changes, until a family confirms it (takes the trip, a swap,
  the organiser's choice). A trip counts on the ledger once it has started (settle_trips)."""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, case, delete, exists, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from api import geo
from api.accounts.models import Account
from api.actor import Viewer, require_viewer
from api.carpools import schedule as sched
from api.carpools.fairness import Ledger
from api.carpools.models import (
    MAX_SEATS,
    MIN_SEATS,
    Carpool,
    CarpoolFamily,
    CarpoolRider,
    LedgerEntry,
    LedgerKind,
    Purpose,
    SeatState,
    Swap,
    SwapState,
    Trip,
    TripAbsence,
)
from api.communities.models import Community, Membership, MembershipState
from api.communities.service import require_member
from api.db import in_uuids
from api.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from api.events.recurrence import instant
from api.families.models import Child
from api.families.service import family_id_of
from api.outbox.service import emit
from api.retries.service import once
from api.safety.models import Block
from api.safety.service import hidden_account_ids, is_blocked_between
from api.validation import Checker, refuse_control_characters

WINDOW_DAYS = 28  # trips exist this far ahead
SANE_YEARS = (2000, 2200)
MAX_PENDING = 10  # seat requests a family has waiting at once (asking everywhere helps nobody)
MAX_ORGANISED = 20  # running carpools a family organises
MAX_SKIPPED = 120
MAX_CREDIT = Fraction(5)
CHECK_IN_EARLY = timedelta(hours=1)
CHECK_IN_LATE = timedelta(hours=6)
EVENING_AT = time(19, 0)  # the evening-before reminder, local time
SOON_BEFORE = timedelta(minutes=30)


def _now() -> datetime:
    return datetime.now(UTC)


def _missing(field: str = "carpoolId") -> NotFound:
    return NotFound("That carpool does not exist, or you cannot see it.", field=field)


def _trip_missing() -> NotFound:
    return NotFound("That trip does not exist, or you cannot see it.", field="tripId")


def today_in(zone: str) -> date:
    return datetime.now(ZoneInfo(zone)).date()


# --- who may ------------------------------------------------------------------------------------


@dataclass
class CarpoolView:
    """A carpool as the viewer may see it, with the viewer's family's row in it (if any)."""

    carpool: Carpool
    family_id: uuid.UUID  # the viewer's family
    mine: CarpoolFamily | None
    distance_km: float | None = None

    @property
    def approved(self) -> bool:
        return self.mine is not None and self.mine.state == SeatState.APPROVED

    @property
    def organiser(self) -> bool:
        return self.approved and self.mine.organiser  # type: ignore[union-attr]

    @property
    def decides(self) -> bool:
        """Approves seat requests: the organiser and the co-drivers."""
        return self.approved and (self.mine.organiser or self.mine.can_drive)  # type: ignore[union-attr]


def _not_hidden(viewer_id: uuid.UUID, account_column):
    return or_(account_column.is_(None), ~exists().where(hidden_account_ids(viewer_id).c.id == account_column))


async def _view(
    db: AsyncSession, viewer: Viewer | None, carpool: Carpool | None, field: str = "carpoolId"
) -> CarpoolView:
    viewer = require_viewer(viewer)
    if carpool is None:
        raise _missing(field)
    try:
        await require_member(db, viewer, carpool.community_id)
    except DomainError as e:
        raise _missing(field) from e
    fid = await family_id_of(db, viewer)
    mine = await db.scalar(
        select(CarpoolFamily).where(CarpoolFamily.carpool_id == carpool.id, CarpoolFamily.family_id == fid)
    )
    in_it = mine is not None and mine.state == SeatState.APPROVED
    if (
        not in_it
        and carpool.organiser_id is not None
        and carpool.organiser_id != viewer.account_id
        and await is_blocked_between(db, viewer.account_id, carpool.organiser_id)
    ):
        raise _missing(field)
    return CarpoolView(carpool, fid, mine)


async def get_carpool(
    db: AsyncSession, viewer: Viewer | None, carpool_id: uuid.UUID, *, lock: bool = False, field: str = "carpoolId"
) -> CarpoolView:
    return await _view(db, viewer, await db.get(Carpool, carpool_id, with_for_update=lock), field)


def _require_approved(v: CarpoolView) -> None:
    if not v.approved:
        raise Forbidden("Only the families in this carpool can do that.", field="carpoolId", code="NOT_IN_CARPOOL")


def _require_open(c: Carpool) -> None:
    if c.cancelled_at is not None:
        raise Conflict("This carpool has ended.", field="carpoolId", code="CARPOOL_ENDED")
    if c.ends_on < today_in(c.timezone):
        raise Conflict("This carpool's last day has passed.", field="carpoolId", code="CARPOOL_ENDED")


# --- the schedule ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegInput:
    weekday: int
    direction: str
    at: time
    weeks: str = sched.Weeks.EVERY


def schedule_of(c: Carpool) -> sched.Schedule:
    return sched.Schedule(
        legs=tuple(_leg(raw) for raw in c.legs),
        starts_on=c.starts_on,
        ends_on=c.ends_on,
        skipped=frozenset(c.skipped or ()),
    )


def _leg(raw: dict) -> sched.Leg:
    return sched.Leg(
        int(raw["weekday"]), sched.Direction(raw["direction"]), time.fromisoformat(raw["at"]), sched.Weeks(raw["weeks"])
    )


def _leg_json(leg: sched.Leg) -> dict:
    return {
        "weekday": leg.weekday,
        "direction": leg.direction.value,
        "at": leg.at.isoformat("minutes"),
        "weeks": leg.weeks.value,
    }


def leg_keys(c: Carpool) -> list[str]:
    return [_leg(raw).key for raw in c.legs]


def _check_legs(c: Checker, legs: list[LegInput]) -> tuple[sched.Leg, ...]:
    out = []
    for i, leg in enumerate(legs):
        try:
            direction = sched.Direction(leg.direction)
            weeks = sched.Weeks(leg.weeks)
        except ValueError:
            c.add(f"schedule.legs.{i}", "A run goes to or from the destination, every week or on A or B weeks.")
            continue
        out.append(sched.Leg(leg.weekday, direction, leg.at.replace(second=0, microsecond=0, tzinfo=None), weeks))
    return tuple(out)


# --- creating ------------------------------------------------------------------------------------


async def _own_children(
    db: AsyncSession, c: Checker, family_id: uuid.UUID, child_ids: list[uuid.UUID]
) -> list[uuid.UUID]:
    ids = list(dict.fromkeys(child_ids))
    if not ids:
        return []
    mine = set((await db.scalars(select(Child.id).where(in_uuids(Child.id, ids), Child.family_id == family_id))).all())
    for i, cid in enumerate(ids):
        if cid not in mine:
            c.add(f"childIds.{i}", "Choose children of your own family.", "NOT_YOUR_CHILD")
    return [i for i in ids if i in mine]


async def _pickup_area(db: AsyncSession, c: Checker, viewer: Viewer, postal_code: str | None) -> tuple[str, str] | None:
    if postal_code:
        return await geo.checked_area(db, c, postal_code)
    home = (
        await db.execute(select(Account.home_cell, Account.home_area_label).where(Account.id == viewer.account_id))
    ).first()
    if home and home.home_cell:
        return home.home_cell, home.home_area_label or ""
    c.add("postalCode", "Say roughly where pickup is: a postal code (only the area is shown).", "REQUIRED")
    return None


async def create_carpool(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    community_id: uuid.UUID,
    title: str,
    destination: str,
    purpose: str,
    notes: str | None,
    legs: list[LegInput],
    starts_on: date,
    ends_on: date,
    skipped: list[date] | None,
    seats: int,
    postal_code: str | None,
    pickup_details: str | None,
    child_ids: list[uuid.UUID],
    can_drive: bool = True,
    contact: str | None = None,
    client_id: str | None = None,
) -> Carpool:
    """A verified member sets up a carpool; their family is its first, approved, family."""
    viewer = require_viewer(viewer)
    await require_member(db, viewer, community_id)
    attempt = await once(
        db,
        viewer,
        client_id,
        "createCarpool",
        {"community": community_id, "title": title, "legs": legs, "on": starts_on},
    )
    if attempt.replay:
        replayed = await db.get(Carpool, attempt.subject_id)
        if replayed is None:
            raise _missing()
        return replayed
    community = await db.get(Community, community_id)
    assert community is not None
    fid = await family_id_of(db, viewer)
    organised = await db.scalar(
        select(func.count())
        .select_from(CarpoolFamily)
        .join(Carpool, Carpool.id == CarpoolFamily.carpool_id)
        .where(CarpoolFamily.family_id == fid, CarpoolFamily.organiser, Carpool.cancelled_at.is_(None))
    )
    if (organised or 0) >= MAX_ORGANISED:
        raise Conflict(f"Your family already runs {MAX_ORGANISED} carpools.", field="communityId", code="TOO_MANY")
    c = Checker()
    title_c = c.text("title", title, min_len=3, max_len=80, label="The name", multiline=False)
    dest = c.text("destination", destination, min_len=2, max_len=120, label="The destination", multiline=False)
    notes_c = c.text("notes", notes or "", max_len=2000, label="The notes")
    details = c.text("pickupDetails", pickup_details or "", max_len=500, label="The pickup details")
    contact_c = c.text("contact", contact or "", max_len=120, label="The contact", multiline=False)
    if purpose not in tuple(Purpose):
        c.add("purpose", "A carpool is for school, a team or an event.")
    if not MIN_SEATS <= seats <= MAX_SEATS:
        c.add("seats", f"A trip has {MIN_SEATS} to {MAX_SEATS} seats for children.", "OUT_OF_RANGE")
    days = sorted(set(skipped or ()))
    if len(days) > MAX_SKIPPED:
        c.add("schedule.skipped", f"At most {MAX_SKIPPED} days off.", "TOO_MANY")
    schedule = sched.Schedule(_check_legs(c, legs), starts_on, ends_on, frozenset(days))
    sched.check(schedule, community.timezone, c)
    if ends_on < today_in(community.timezone):
        c.add("schedule.endsOn", "That carpool would be over already.", "IN_THE_PAST")
    if starts_on > today_in(community.timezone) + timedelta(days=366):
        c.add("schedule.startsOn", "A carpool can be set up at most a year ahead.", "OUT_OF_RANGE")
    for d in days:
        if not starts_on <= d <= ends_on:
            c.add("schedule.skipped", "A day off falls within the carpool's dates.", "OUT_OF_RANGE")
            break
    area = await _pickup_area(db, c, viewer, postal_code)
    children = await _own_children(db, c, fid, child_ids)
    if MIN_SEATS <= seats < len(children):
        c.add("childIds", "More children than seats.", "NO_SEATS")
    c.done()
    assert title_c and dest and area is not None
    lat, lng = geo.cell_center(area[0])
    carpool = Carpool(
        community_id=community_id,
        organiser_id=viewer.account_id,
        title=title_c,
        destination=dest,
        purpose=purpose,
        notes=notes_c or "",
        timezone=community.timezone,
        legs=[_leg_json(leg) for leg in schedule.legs],
        starts_on=starts_on,
        ends_on=ends_on,
        skipped=days,
        weekdays=sum(1 << d for d in {leg.weekday for leg in schedule.legs}),
        seats=seats,
        seats_free=seats,
        pickup_cell=area[0],
        pickup_lat=lat,
        pickup_lng=lng,
        pickup_label=area[1],
        pickup_details=details or "",
    )
    db.add(carpool)
    await db.flush()
    row = CarpoolFamily(
        carpool_id=carpool.id,
        community_id=community_id,
        family_id=fid,
        account_id=viewer.account_id,
        state=SeatState.APPROVED,
        organiser=True,
        can_drive=can_drive,
        legs=leg_keys(carpool),
        contact=contact_c or "",
        decided_by_id=viewer.account_id,
        decided_at=_now(),
    )
    db.add(row)
    await db.flush()
    db.add_all([CarpoolRider(carpool_family_id=row.id, community_id=row.community_id, child_id=ch) for ch in children])
    await db.flush()
    await _recount(db, carpool)
    await generate_trips(db, carpool)
    await plan_drivers(db, carpool)
    await attempt.done(db, carpool.id)
    return carpool


# --- seats -----------------------------------------------------------------------------------------


async def _loads(db: AsyncSession, carpool: Carpool) -> dict[str, int]:
    """Children holding a seat on each leg (approved families)."""
    rows = (
        await db.execute(
            select(CarpoolFamily.legs, func.count(CarpoolRider.child_id))
            .join(CarpoolRider, CarpoolRider.carpool_family_id == CarpoolFamily.id)
            .where(CarpoolFamily.carpool_id == carpool.id, CarpoolFamily.state == SeatState.APPROVED)
            .group_by(CarpoolFamily.id)
        )
    ).all()
    loads: dict[str, int] = dict.fromkeys(leg_keys(carpool), 0)
    for legs, n in rows:
        for k in legs:
            if k in loads:
                loads[k] += n
    return loads


async def _recount(db: AsyncSession, carpool: Carpool) -> None:
    loads = await _loads(db, carpool)
    carpool.seats_free = max(0, carpool.seats - max(loads.values(), default=0))
    await db.flush()


def leg_label(key: str) -> str:
    weekday, direction, weeks = key.split(":")
    day = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[int(weekday)]
    label = f"{day} {'there' if direction == sched.Direction.TO else 'back'}"
    return label if weeks == sched.Weeks.EVERY else f"{label} (week {weeks.upper()})"


def _check_request_legs(c: Checker, carpool: Carpool, legs: list[str] | None) -> list[str]:
    keys = leg_keys(carpool)
    if legs is None:
        return keys
    chosen = list(dict.fromkeys(legs))
    if not chosen:
        c.add("legs", "Choose at least one run.", "REQUIRED")
    for i, k in enumerate(chosen):
        if k not in keys:
            c.add(f"legs.{i}", "That run is not on this carpool's schedule.", "INVALID_LEG")
    return [k for k in chosen if k in keys]


async def _blocked_with_members(db: AsyncSession, viewer_id: uuid.UUID, carpool: Carpool) -> bool:
    """A block either way between the viewer and a caregiver of any family in the carpool."""
    caregivers = (
        select(Account.id)
        .join(CarpoolFamily, CarpoolFamily.family_id == Account.family_id)
        .where(CarpoolFamily.carpool_id == carpool.id, CarpoolFamily.state == SeatState.APPROVED)
    )
    return bool(
        await db.scalar(
            select(
                exists().where(
                    or_(
                        and_(Block.blocker_id == viewer_id, Block.blocked_id.in_(caregivers)),
                        and_(Block.blocked_id == viewer_id, Block.blocker_id.in_(caregivers)),
                    )
                )
            )
        )
    )


async def request_seat(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    carpool_id: uuid.UUID,
    child_ids: list[uuid.UUID],
    legs: list[str] | None,
    can_drive: bool,
    note: str | None = None,
    contact: str | None = None,
    client_id: str | None = None,
) -> CarpoolFamily:
    """Ask seats for some of my children on chosen runs (all runs when none are chosen)."""
    v = await get_carpool(db, viewer, carpool_id)
    viewer = require_viewer(viewer)
    carpool = v.carpool
    attempt = await once(
        db,
        viewer,
        client_id,
        "requestSeat",
        {"carpool": carpool_id, "children": sorted(map(str, child_ids)), "legs": legs},
    )
    if attempt.replay and v.mine is not None:
        return v.mine
    _require_open(carpool)
    if v.mine is not None and v.mine.state == SeatState.APPROVED:
        raise Conflict("Your family is already in this carpool.", field="carpoolId", code="ALREADY_IN")
    if v.mine is not None and v.mine.state == SeatState.PENDING:
        raise Conflict("Your family already asked; the organiser will answer.", field="carpoolId", code="ALREADY_ASKED")
    waiting = await db.scalar(
        select(func.count())
        .select_from(CarpoolFamily)
        .where(CarpoolFamily.family_id == v.family_id, CarpoolFamily.state == SeatState.PENDING)
    )
    if (waiting or 0) >= MAX_PENDING:
        raise Conflict(
            f"Your family has {MAX_PENDING} requests waiting; withdraw one or wait for an answer.",
            field="carpoolId",
            code="TOO_MANY_REQUESTS",
        )
    if await _blocked_with_members(db, viewer.account_id, carpool):
        raise Forbidden("You cannot join this carpool.", field="carpoolId", code="NOT_AVAILABLE")
    c = Checker()
    note_c = c.text("note", note or "", max_len=500, label="The note")
    contact_c = c.text("contact", contact or "", max_len=120, label="The contact", multiline=False)
    chosen = _check_request_legs(c, carpool, legs)
    children = await _own_children(db, c, v.family_id, child_ids)
    if not child_ids:
        c.add("childIds", "Choose the children who need a seat.", "REQUIRED")
    c.done()
    loads = await _loads(db, carpool)
    full = [k for k in chosen if loads[k] + len(children) > carpool.seats]
    if full:
        raise Conflict(
            f"Not enough free seats on {', '.join(leg_label(k) for k in full)}.", field="legs", code="NO_SEATS"
        )
    row = v.mine or CarpoolFamily(carpool_id=carpool.id, community_id=carpool.community_id, family_id=v.family_id)
    row.account_id = viewer.account_id
    row.state = SeatState.PENDING
    row.organiser = False
    row.can_drive = can_drive
    row.legs = chosen
    row.note = note_c or ""
    row.contact = contact_c or ""
    row.decided_by_id = None
    row.decided_at = None
    db.add(row)
    await db.flush()
    await db.execute(delete(CarpoolRider).where(CarpoolRider.carpool_family_id == row.id))
    db.add_all([CarpoolRider(carpool_family_id=row.id, community_id=row.community_id, child_id=ch) for ch in children])
    await db.flush()
    await emit(db, "carpool.seat_requested", community_id=carpool.community_id, request_id=row.id, by=viewer.account_id)
    await attempt.done(db, row.id)
    return row


async def get_request(db: AsyncSession, viewer: Viewer | None, request_id: uuid.UUID, *, lock: bool = False):
    """A family's row, for its own caregivers and the carpool's deciders (approved families see the
    approved ones). Returns (row, carpool view)."""
    require_viewer(viewer)
    row = await db.get(CarpoolFamily, request_id)
    if row is None:
        raise NotFound("That seat request does not exist, or you cannot see it.", field="requestId")
    try:
        v = await get_carpool(db, viewer, row.carpool_id, lock=lock)
    except NotFound as e:
        raise NotFound("That seat request does not exist, or you cannot see it.", field="requestId") from e
    own = row.family_id == v.family_id
    if not (own or v.decides or (v.approved and row.state == SeatState.APPROVED)):
        raise NotFound("That seat request does not exist, or you cannot see it.", field="requestId")
    return row, v


async def decide_seat_request(
    db: AsyncSession, viewer: Viewer | None, *, request_id: uuid.UUID, approve: bool
) -> CarpoolFamily:
    """The organiser or a co-driver approves or declines. Never more children than seats on any run:
    the carpool row is locked, so of two approvals racing for the last seat exactly one wins."""
    row, v = await get_request(db, viewer, request_id, lock=True)
    viewer = require_viewer(viewer)
    if not v.decides:
        raise Forbidden("Only the carpool's organiser and drivers decide seat requests.", field="requestId")
    await db.refresh(row)
    if row.state != SeatState.PENDING:
        raise Conflict("That request was already answered or withdrawn.", field="requestId", code="ALREADY_DECIDED")
    _require_open(v.carpool)
    if approve:
        loads = await _loads(db, v.carpool)
        riders = await db.scalar(
            select(func.count()).select_from(CarpoolRider).where(CarpoolRider.carpool_family_id == row.id)
        )
        full = [k for k in row.legs if k in loads and loads[k] + (riders or 0) > v.carpool.seats]
        if full:
            raise Conflict(
                f"Not enough seats left on {', '.join(leg_label(k) for k in full)}.",
                field="requestId",
                code="NO_SEATS",
            )
    row.state = SeatState.APPROVED if approve else SeatState.DECLINED
    row.decided_by_id = viewer.account_id
    row.decided_at = _now()
    await db.flush()
    if approve:
        await _recount(db, v.carpool)
        await plan_drivers(db, v.carpool)
    await emit(
        db,
        "carpool.seat_decided",
        community_id=v.carpool.community_id,
        request_id=row.id,
        approved=approve,
        by=viewer.account_id,
    )
    return row


async def update_carpool(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    carpool_id: uuid.UUID,
    title: str | None = None,
    notes: str | None = None,
    seats: int | None = None,
    pickup_details: str | None = None,
    skipped: list[date] | None = None,
    ends_on: date | None = None,
) -> Carpool:
    """The organiser changes what the carpool is: its name, notes, seats (never below the children
    already riding a run), the exact pickup, its days off (trips on a new day off are called off, a
    day no longer off gets its trips back) and its last day. The approved families are told."""
    v = await get_carpool(db, viewer, carpool_id, lock=True)
    viewer = require_viewer(viewer)
    if not v.organiser:
        raise Forbidden("Only the organiser changes the carpool.", field="carpoolId", code="NOT_ORGANISER")
    carpool = v.carpool
    _require_open(carpool)
    today = today_in(carpool.timezone)
    c = Checker()
    title_c = c.text("title", title, min_len=3, max_len=80, label="The name", multiline=False)
    notes_c = c.text("notes", notes, max_len=2000, label="The notes")
    details = c.text("pickupDetails", pickup_details, max_len=500, label="The pickup details")
    if seats is not None:
        if not MIN_SEATS <= seats <= MAX_SEATS:
            c.add("seats", f"A trip has {MIN_SEATS} to {MAX_SEATS} seats for children.", "OUT_OF_RANGE")
        elif seats < max((await _loads(db, carpool)).values(), default=0):
            c.add("seats", "More children already ride a run than that.", "SEATS_TAKEN")
    days = sorted(set(skipped)) if skipped is not None else None
    last = ends_on or carpool.ends_on
    if ends_on is not None:
        if ends_on < max(today, carpool.starts_on):
            c.add("endsOn", "The last day can't be before today or the first day.", "OUT_OF_RANGE")
        elif (ends_on - carpool.starts_on).days > sched.MAX_SPAN_DAYS:
            c.add("endsOn", f"A carpool runs at most {sched.MAX_SPAN_DAYS} days; set it up again after.", "TOO_LONG")
    if days is not None:
        if len(days) > MAX_SKIPPED:
            c.add("skipped", f"At most {MAX_SKIPPED} days off.", "TOO_MANY")
        elif any(not carpool.starts_on <= d <= last for d in days):
            c.add("skipped", "A day off falls within the carpool's dates.", "OUT_OF_RANGE")
    c.done()
    told = False
    if title_c is not None:
        carpool.title = title_c
    if notes_c is not None:
        carpool.notes = notes_c
    if details is not None:
        told = told or details != carpool.pickup_details
        carpool.pickup_details = details
    if seats is not None:
        carpool.seats = seats
        await _recount(db, carpool)
    now = _now()
    if days is not None or ends_on is not None:
        old_off, old_last = set(carpool.skipped or []), carpool.ends_on
        off = set(days) if days is not None else old_off
        told = told or off != old_off or last != old_last
        carpool.skipped, carpool.ends_on = sorted(off), last
        future = (
            await db.scalars(
                select(Trip).where(Trip.carpool_id == carpool.id, Trip.settled_at.is_(None), Trip.starts_at > now)
            )
        ).all()
        # Days no longer off (or back within the dates): their trips called off for that are made again.
        restored = {
            t.id for t in future if t.cancelled_at is not None and (t.on in old_off - off or old_last < t.on <= last)
        }
        for t in future:
            if t.id in restored:
                await db.delete(t)
            elif t.cancelled_at is None and (t.on in off or t.on > last):
                t.cancelled_at = now
        await db.flush()
        carpool.trips_until = None
        await generate_trips(db, carpool)
        await plan_drivers(db, carpool)
    carpool.updated_at = now
    await db.flush()
    if told:
        await emit(
            db, "carpool.changed", community_id=carpool.community_id, carpool_id=carpool.id, by=viewer.account_id
        )
    return carpool


async def leave_carpool(db: AsyncSession, viewer: Viewer | None, *, carpool_id: uuid.UUID) -> Carpool:
    """My family leaves (or withdraws its request). The exact pickup and the other families are
    hidden from us again; trips we were to drive look for a driver; an organiser hands over to the
    family that joined first (that drives, if any); a carpool nobody is left in ends."""
    v = await get_carpool(db, viewer, carpool_id, lock=True)
    viewer = require_viewer(viewer)
    if v.mine is None or v.mine.state not in (SeatState.PENDING, SeatState.APPROVED):
        raise Conflict("Your family is not in this carpool.", field="carpoolId", code="NOT_IN_CARPOOL")
    was_approved = v.approved
    await _remove_family(db, v.carpool, v.mine)
    if was_approved:
        await emit(
            db, "carpool.family_left", community_id=v.carpool.community_id, request_id=v.mine.id, by=viewer.account_id
        )
    return v.carpool


async def _remove_family(db: AsyncSession, carpool: Carpool, row: CarpoolFamily) -> None:
    was_organiser = row.organiser
    row.state = SeatState.LEFT
    row.organiser = False
    await db.execute(delete(CarpoolRider).where(CarpoolRider.carpool_family_id == row.id))
    now = _now()
    await db.execute(
        update(Trip)
        .where(
            Trip.carpool_id == carpool.id,
            Trip.driver_family_id == row.family_id,
            Trip.starts_at > now,
            Trip.settled_at.is_(None),
        )
        .values(driver_family_id=None, driver_confirmed=False)
    )
    await db.execute(
        update(Swap)
        .where(
            Swap.carpool_id == carpool.id,
            Swap.state == SwapState.PENDING,
            or_(Swap.from_family_id == row.family_id, Swap.to_family_id == row.family_id),
        )
        .values(state=SwapState.CANCELLED, decided_at=now)
    )
    await db.flush()
    if was_organiser:
        heir = await db.scalar(
            select(CarpoolFamily)
            .where(CarpoolFamily.carpool_id == carpool.id, CarpoolFamily.state == SeatState.APPROVED)
            .order_by(CarpoolFamily.can_drive.desc(), CarpoolFamily.decided_at, CarpoolFamily.id)
            .limit(1)
        )
        if heir is None:
            carpool.cancelled_at = now
            carpool.organiser_id = None
        else:
            heir.organiser = True
            carpool.organiser_id = heir.account_id
    await db.flush()
    await _recount(db, carpool)
    if carpool.cancelled_at is None:
        await plan_drivers(db, carpool)


# --- trips -----------------------------------------------------------------------------------------


def trip_rows(carpool: Carpool, today: date | None = None) -> tuple[list[dict], date]:
    """The trips to add to a carpool's window (from the last generated day, or today, up to
    WINDOW_DAYS ahead) as rows, and the window's new end."""
    today = today or today_in(carpool.timezone)
    until = min(carpool.ends_on, today + timedelta(days=WINDOW_DAYS))
    start = max(today, carpool.starts_on, (carpool.trips_until + timedelta(days=1)) if carpool.trips_until else today)
    if start > until:
        return [], until
    rows = [
        {
            "carpool_id": carpool.id,
            "community_id": carpool.community_id,
            "on": t.key,
            "direction": t.direction.value,
            "leg": t.leg,
            "starts_at": t.starts_at,
            "evening_at": evening_before(t.starts_at, carpool.timezone),
            "moved": t.moved,
        }
        for t in sched.trips(schedule_of(carpool), carpool.timezone, start, until)
        if t.key >= start  # a trip keyed before the window was generated with it
    ]
    return rows, until


async def insert_trips(db: AsyncSession, rows: list[dict]) -> int:
    """Trips not there yet (a trip is unique per carpool, date and direction); how many were new.
    Sent as an executemany, which SQLAlchemy batches into INSERTs of a statement it compiles once:
    a multi-row VALUES built per call took twelve times as long for a batch of 5,600 trips (and
    must stay under asyncpg's 32,767 parameters)."""
    if not rows:
        return 0
    result = await db.execute(insert(_T).on_conflict_do_nothing().returning(_T.c.id), rows)
    return len(result.all())


async def generate_trips(db: AsyncSession, carpool: Carpool, *, today: date | None = None) -> int:
    """Trips up to WINDOW_DAYS ahead; idempotent."""
    rows, until = trip_rows(carpool, today)
    made = await insert_trips(db, rows)
    if carpool.trips_until is None or carpool.trips_until < until:
        carpool.trips_until = until
    await db.flush()
    return made


def evening_before(starts_at: datetime, zone: str) -> datetime:
    day = starts_at.astimezone(ZoneInfo(zone)).date() - timedelta(days=1)
    return instant(datetime.combine(day, EVENING_AT), zone)


@dataclass
class Roster:
    """Who rides what: each approved family's runs and children, and the children not riding a trip."""

    families: dict[uuid.UUID, CarpoolFamily]
    children: dict[uuid.UUID, list[uuid.UUID]]  # family -> child ids
    absent: dict[uuid.UUID, set[uuid.UUID]] = field(default_factory=dict)  # trip -> child ids

    def riding(self, trip: Trip) -> list[uuid.UUID]:
        """Families with a child riding this trip."""
        out = []
        for fid, row in self.families.items():
            if trip.leg not in row.legs:
                continue
            kids = self.children.get(fid, [])
            if any(k not in self.absent.get(trip.id, set()) for k in kids):
                out.append(fid)
        return out

    def can_drive(self) -> set[uuid.UUID]:
        return {fid for fid, row in self.families.items() if row.can_drive}


async def rosters(
    db: AsyncSession, carpool_ids: Iterable[uuid.UUID], trip_ids: Iterable[uuid.UUID] = ()
) -> dict[uuid.UUID, Roster]:
    """Who rides what in each of these carpools (three queries however many carpools)."""
    ids = set(carpool_ids)
    rows = (
        (
            await db.scalars(
                select(CarpoolFamily).where(
                    in_uuids(CarpoolFamily.carpool_id, ids), CarpoolFamily.state == SeatState.APPROVED
                )
            )
        ).all()
        if ids
        else []
    )
    out = {cid: Roster({}, {}, {}) for cid in ids}
    by_row = {r.id: r for r in rows}
    for r in rows:
        out[r.carpool_id].families[r.family_id] = r
    if by_row:
        for rid, cid in (
            await db.execute(
                select(CarpoolRider.carpool_family_id, CarpoolRider.child_id).where(
                    in_uuids(CarpoolRider.carpool_family_id, by_row)
                )
            )
        ).all():
            row = by_row[rid]
            out[row.carpool_id].children.setdefault(row.family_id, []).append(cid)
    wanted = list(trip_ids)
    if wanted:
        absent: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
        for tid, cid in (
            await db.execute(
                select(TripAbsence.trip_id, TripAbsence.child_id).where(in_uuids(TripAbsence.trip_id, wanted))
            )
        ).all():
            absent[tid].add(cid)
        for r in out.values():
            r.absent = absent  # shared: trip ids are unique across carpools
    return out


async def roster(db: AsyncSession, carpool_id: uuid.UUID, trip_ids: Iterable[uuid.UUID] = ()) -> Roster:
    return (await rosters(db, [carpool_id], trip_ids))[carpool_id]


async def ledgers(db: AsyncSession, carpool_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Ledger]:
    """Each carpool's ledger: its entries replayed in order (one query however many carpools)."""
    ids = set(carpool_ids)
    out = {cid: Ledger() for cid in ids}
    if not ids:
        return out
    rows = await db.execute(
        select(
            LedgerEntry.carpool_id,
            LedgerEntry.kind,
            LedgerEntry.family_id,
            LedgerEntry.riding,
            LedgerEntry.drives_num,
            LedgerEntry.drives_den,
        )
        .where(in_uuids(LedgerEntry.carpool_id, ids))
        .order_by(LedgerEntry.carpool_id, LedgerEntry.seq)
    )
    for cid, kind, family, riding, num, den in rows.all():
        if kind == LedgerKind.DRIVE:
            out[cid].drive(family, riding)
        else:
            out[cid].credit(family, Fraction(num, den))
    return out


async def ledger_of(db: AsyncSession, carpool_id: uuid.UUID) -> Ledger:
    """The carpool's ledger: every entry replayed, in order."""
    return (await ledgers(db, [carpool_id]))[carpool_id]


async def _upcoming(db: AsyncSession, carpool_id: uuid.UUID) -> list[Trip]:
    return list(
        (
            await db.scalars(
                select(Trip)
                .where(Trip.carpool_id == carpool_id, Trip.settled_at.is_(None), Trip.cancelled_at.is_(None))
                .order_by(Trip.starts_at, Trip.direction)
            )
        ).all()
    )


_T = Trip.__table__
_PROPOSE = (
    update(_T)
    .where(_T.c.id == bindparam("b_id"))
    .values(
        driver_family_id=bindparam("b_driver", type_=UUID(as_uuid=True)),
        driver_confirmed=False,
        no_driver_told_at=case(
            (bindparam("b_driver", type_=UUID(as_uuid=True)).is_(None), _T.c.no_driver_told_at), else_=None
        ),
    )
)


async def plan_drivers(db: AsyncSession, carpool: Carpool) -> None:
    await plan_drivers_many(db, [carpool.id])


@dataclass(frozen=True)
class _NewTrip:
    """A trip row about to be inserted, as Roster.riding reads a trip (nobody has marked it yet)."""

    id: None
    leg: str


async def plan_drivers_many(
    db: AsyncSession, carpool_ids: Iterable[uuid.UUID], new: dict[uuid.UUID, list[dict]] | None = None
) -> None:
    """Propose a driver for every upcoming trip without a confirmed one, in order: the ledger as it
    stands, then each earlier upcoming trip as if driven as planned. For many carpools at once (the
    nightly window), in a fixed number of statements: trips read as rows, proposals written in one
    executemany. `new`: trip rows about to be inserted after each carpool's upcoming ones (the
    window extended); their drivers are written into the rows (a later trip never changes an
    earlier one's proposal, so the trips already there keep theirs)."""
    ids = list(dict.fromkeys(carpool_ids))
    new = new or {}
    if not ids:
        return
    trips = (
        await db.execute(
            select(_T.c.id, _T.c.carpool_id, _T.c.leg, _T.c.driver_family_id, _T.c.driver_confirmed)
            .where(in_uuids(_T.c.carpool_id, ids), _T.c.settled_at.is_(None), _T.c.cancelled_at.is_(None))
            .order_by(_T.c.carpool_id, _T.c.starts_at, _T.c.direction)
        )
    ).all()
    if not trips and not new:
        return
    by_carpool: dict[uuid.UUID, list] = {cid: [] for cid in ids}
    for t in trips:
        by_carpool[t.carpool_id].append(t)
    rs = await rosters(db, by_carpool, [t.id for t in trips])
    books = await ledgers(db, by_carpool)
    changes = []
    for cid, upcoming in by_carpool.items():
        r, ledger = rs[cid], books[cid]
        able = r.can_drive()
        for t in upcoming:
            riding = r.riding(t)
            if t.driver_confirmed and (t.driver_family_id is None or t.driver_family_id in r.families):
                driver = t.driver_family_id  # confirmed, or given up: nobody until a family takes it
            else:
                driver = ledger.propose(riding, able)
                if t.driver_family_id != driver or t.driver_confirmed:
                    changes.append({"b_id": t.id, "b_driver": driver})
            if driver is not None:
                ledger.drive(driver, riding)
        for row in sorted(new.get(cid, ()), key=lambda row: (row["starts_at"], row["direction"])):
            riding = r.riding(_NewTrip(None, row["leg"]))
            row["driver_family_id"] = driver = ledger.propose(riding, able)
            if driver is not None:
                ledger.drive(driver, riding)
    if changes:
        await db.execute(_PROPOSE, changes)
        changed = {c["b_id"] for c in changes}
        # Trips this request holds as objects see the new proposal (refreshed: no lazy load later).
        for obj in list(db.sync_session.identity_map.values()):
            if isinstance(obj, Trip) and obj.id in changed:
                await db.refresh(obj)


@dataclass
class TripView:
    trip: Trip
    carpool: CarpoolView
    riding_families: list[uuid.UUID]
    riders: list[tuple[uuid.UUID, uuid.UUID, bool]]  # (family, child, riding)

    @property
    def is_driver(self) -> bool:
        return self.trip.driver_family_id == self.carpool.family_id

    @property
    def can_change(self) -> bool:
        return self.carpool.organiser or self.is_driver


async def _trip(
    db: AsyncSession, viewer: Viewer | None, trip_id: uuid.UUID, *, lock: bool = False
) -> tuple[Trip, CarpoolView]:
    require_viewer(viewer)
    trip = await db.get(Trip, trip_id)
    if trip is None:
        raise _trip_missing()
    try:
        v = await get_carpool(db, viewer, trip.carpool_id, lock=lock)
    except NotFound as e:
        raise _trip_missing() from e
    if not v.approved:
        raise _trip_missing()
    if lock:
        await db.refresh(trip)
    return trip, v


async def trip_views(db: AsyncSession, v: CarpoolView, trips: list[Trip]) -> list[TripView]:
    return await trip_views_many(db, {v.carpool.id: v}, trips)


async def trip_views_many(db: AsyncSession, views: dict[uuid.UUID, CarpoolView], trips: list[Trip]) -> list[TripView]:
    """Trips of one or more carpools with who rides them, in the order given (three queries)."""
    if not trips:
        return []
    rs = await rosters(db, views, [t.id for t in trips])
    out = []
    for t in trips:
        r = rs[t.carpool_id]
        riders = [
            (fid, cid, cid not in r.absent.get(t.id, set()))
            for fid, row in r.families.items()
            if t.leg in row.legs
            for cid in r.children.get(fid, [])
        ]
        out.append(TripView(t, views[t.carpool_id], r.riding(t), riders))
    return out


async def get_trip(db: AsyncSession, viewer: Viewer | None, trip_id: uuid.UUID) -> TripView:
    trip, v = await _trip(db, viewer, trip_id)
    return (await trip_views(db, v, [trip]))[0]


def _sane(value: datetime | None, field: str) -> None:
    # Times outside these years are refused before any arithmetic (which overflows near year 1 or 9999).
    if value is not None and not SANE_YEARS[0] <= value.year <= SANE_YEARS[1]:
        raise Invalid("Choose a time between the years 2000 and 2200.", field=field, code="OUT_OF_RANGE")


def window(start: datetime | None, end: datetime | None, days: int = WINDOW_DAYS) -> tuple[datetime, datetime]:
    _sane(start, "from")
    _sane(end, "to")
    start = start or _now()
    end = end or start + timedelta(days=days)
    if end <= start:
        raise Invalid("The end of the window comes before its start.", field="to", code="INVALID")
    if end - start > timedelta(days=400):
        raise Invalid("Ask for at most a year of trips at once.", field="to", code="OUT_OF_RANGE")
    return start, end


async def carpool_trips(
    db: AsyncSession, v: CarpoolView, *, start: datetime | None, end: datetime | None, limit: int
) -> list[TripView]:
    if not v.approved:
        return []
    s, e = window(start, end)
    trips = (
        await db.scalars(
            select(Trip)
            .where(Trip.carpool_id == v.carpool.id, Trip.starts_at >= s, Trip.starts_at < e)
            .order_by(Trip.starts_at, Trip.direction)
            .limit(limit)
        )
    ).all()
    return await trip_views(db, v, list(trips))


async def my_trips(
    db: AsyncSession, viewer: Viewer | None, *, start: datetime | None, end: datetime | None, limit: int
) -> list[TripView]:
    """The trips my family drives or has a child on, across my carpools, in time order."""
    viewer = require_viewer(viewer)
    fid = await family_id_of(db, viewer)
    s, e = window(start, end)
    rows = (
        await db.execute(
            select(Trip, CarpoolFamily)
            .join(CarpoolFamily, CarpoolFamily.carpool_id == Trip.carpool_id)
            .join(
                Membership,
                and_(Membership.community_id == Trip.community_id, Membership.account_id == viewer.account_id),
            )
            .where(
                CarpoolFamily.family_id == fid,
                CarpoolFamily.state == SeatState.APPROVED,
                Membership.state == MembershipState.VERIFIED,
                Trip.starts_at >= s,
                Trip.starts_at < e,
                or_(Trip.driver_family_id == fid, Trip.leg == func.any(CarpoolFamily.legs)),
            )
            .order_by(Trip.starts_at, Trip.direction)
            .limit(limit)
        )
    ).all()
    carpools = {
        c.id: c for c in await db.scalars(select(Carpool).where(in_uuids(Carpool.id, {t.carpool_id for t, _ in rows})))
    }
    views = {t.carpool_id: CarpoolView(carpools[t.carpool_id], fid, row) for t, row in rows}
    return await trip_views_many(db, views, [t for t, _ in rows])


def _not_started(trip: Trip) -> None:
    if trip.cancelled_at is not None:
        raise Conflict("That trip was called off.", field="tripId", code="TRIP_CANCELLED")
    if trip.starts_at <= _now():
        raise Conflict("That trip has already started.", field="tripId", code="TRIP_STARTED")


async def cancel_trip(
    db: AsyncSession, viewer: Viewer | None, *, trip_id: uuid.UUID, client_id: str | None = None
) -> Trip:
    """Its driver or the organiser calls a trip off; every family on it is told at once."""
    trip, v = await _trip(db, viewer, trip_id, lock=True)
    viewer = require_viewer(viewer)
    attempt = await once(db, viewer, client_id, "cancelTrip", {"trip": trip_id})
    if attempt.replay:
        return trip
    if not (v.organiser or trip.driver_family_id == v.family_id):
        raise Forbidden("Only the trip's driver or the organiser can call it off.", field="tripId", code="NOT_DRIVER")
    _not_started(trip)
    trip.cancelled_at = _now()
    await db.flush()
    await plan_drivers(db, v.carpool)
    await emit(db, "carpool.trip_cancelled", community_id=trip.community_id, trip_id=trip.id, by=viewer.account_id)
    await attempt.done(db, trip.id)
    return trip


async def change_trip(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    trip_id: uuid.UUID,
    starts_at: datetime | None = None,
    driver_family_id: uuid.UUID | None = None,
    give_up: bool = False,
) -> Trip:
    """Its driver or the organiser changes a trip's time (the same day, local time); the organiser
    may give it to another driving family; a driver may give it up (the pool is asked to cover)."""
    trip, v = await _trip(db, viewer, trip_id, lock=True)
    viewer = require_viewer(viewer)
    is_driver = trip.driver_family_id == v.family_id
    if not (v.organiser or is_driver):
        raise Forbidden("Only the trip's driver or the organiser can change it.", field="tripId", code="NOT_DRIVER")
    _not_started(trip)
    changed = False
    _sane(starts_at, "startsAt")
    if starts_at is not None:
        local = starts_at.astimezone(ZoneInfo(trip_zone(v))) if starts_at.tzinfo else starts_at
        local = local.replace(tzinfo=None, second=0, microsecond=0)
        if local.date() != trip.on and abs((local.date() - trip.on).days) > 6:
            raise Invalid("A trip moves by at most six days.", field="startsAt", code="OUT_OF_RANGE")
        new = instant(local, trip_zone(v))
        if new <= _now():
            raise Invalid("That time is in the past.", field="startsAt", code="IN_THE_PAST")
        if new != trip.starts_at:
            trip.starts_at, trip.moved, changed = new, True, True
            trip.evening_at = evening_before(new, trip_zone(v))
    if driver_family_id is not None:
        if not v.organiser:
            raise Forbidden(
                "Only the organiser gives a trip to another family; ask for a swap instead.",
                field="driverFamilyId",
                code="NOT_ORGANISER",
            )
        r = await roster(db, v.carpool.id)
        if driver_family_id not in r.can_drive():
            raise Invalid("Choose a family in this carpool that drives.", field="driverFamilyId", code="NOT_A_DRIVER")
        if trip.driver_family_id != driver_family_id or not trip.driver_confirmed:
            trip.driver_family_id, trip.driver_confirmed, changed = driver_family_id, True, True
    elif give_up:
        if trip.driver_family_id is None:
            raise Conflict("That trip has no driver yet.", field="tripId", code="NO_DRIVER")
        trip.driver_family_id, trip.driver_confirmed, changed = None, True, True
        trip.no_driver_told_at = None
    if not changed:
        return trip
    await db.flush()
    await _cancel_stale_swaps(db, trip)
    await plan_drivers(db, v.carpool)
    await emit(db, "carpool.trip_changed", community_id=trip.community_id, trip_id=trip.id, by=viewer.account_id)
    return trip


def trip_zone(v: CarpoolView) -> str:
    return v.carpool.timezone


async def take_trip(db: AsyncSession, viewer: Viewer | None, *, trip_id: uuid.UUID) -> Trip:
    """My family drives this trip: one with no driver, one proposed to us (confirming it), or one
    proposed to another family that has not confirmed it."""
    trip, v = await _trip(db, viewer, trip_id, lock=True)
    viewer = require_viewer(viewer)
    _not_started(trip)
    if not v.mine.can_drive:  # type: ignore[union-attr]
        raise Forbidden("Your family said it does not drive in this carpool.", field="tripId", code="NOT_A_DRIVER")
    if trip.driver_confirmed and trip.driver_family_id not in (None, v.family_id):
        raise Conflict("Another family drives that trip; ask them for a swap.", field="tripId", code="HAS_DRIVER")
    was = trip.driver_family_id
    trip.driver_family_id, trip.driver_confirmed = v.family_id, True
    await db.flush()
    await plan_drivers(db, v.carpool)
    if was != v.family_id:
        await emit(db, "carpool.trip_changed", community_id=trip.community_id, trip_id=trip.id, by=viewer.account_id)
    return trip


async def set_riding(
    db: AsyncSession, viewer: Viewer | None, *, trip_id: uuid.UUID, child_ids: list[uuid.UUID], riding: bool
) -> Trip:
    """Mark my children as not riding one trip (or riding again): no seat, no share of the drive."""
    trip, v = await _trip(db, viewer, trip_id, lock=True)
    viewer = require_viewer(viewer)
    _not_started(trip)
    r = await roster(db, v.carpool.id)
    mine = set(r.children.get(v.family_id, [])) if trip.leg in v.mine.legs else set()  # type: ignore[union-attr]
    ids = list(dict.fromkeys(child_ids))
    if not ids:
        raise Invalid("Choose the children.", field="childIds", code="REQUIRED")
    for i, cid in enumerate(ids):
        if cid not in mine:
            raise Invalid(
                "Choose children of your family who ride this trip.", field=f"childIds.{i}", code="NOT_YOUR_CHILD"
            )
    if riding:
        await db.execute(delete(TripAbsence).where(TripAbsence.trip_id == trip.id, in_uuids(TripAbsence.child_id, ids)))
    else:
        await db.execute(
            insert(TripAbsence)
            .values([{"trip_id": trip.id, "community_id": trip.community_id, "child_id": cid} for cid in ids])
            .on_conflict_do_nothing()
        )
    await db.flush()
    await plan_drivers(db, v.carpool)
    if not riding and trip.driver_family_id not in (None, v.family_id):
        await emit(db, "carpool.not_riding", community_id=trip.community_id, trip_id=trip.id, by=viewer.account_id)
    return trip


async def check_in(db: AsyncSession, viewer: Viewer | None, *, trip_id: uuid.UUID, dropped_off: bool) -> Trip:
    """The driver taps "picked up" (then "dropped off"); the families on the trip are told at once.
    A second tap changes nothing."""
    trip, v = await _trip(db, viewer, trip_id, lock=True)
    viewer = require_viewer(viewer)
    if trip.driver_family_id != v.family_id:
        raise Forbidden("Only the trip's driver checks the children in and out.", field="tripId", code="NOT_DRIVER")
    if trip.cancelled_at is not None:
        raise Conflict("That trip was called off.", field="tripId", code="TRIP_CANCELLED")
    now = _now()
    if not trip.starts_at - CHECK_IN_EARLY <= now <= trip.starts_at + CHECK_IN_LATE:
        raise Conflict("Check in around the trip's time.", field="tripId", code="NOT_NOW")
    if dropped_off:
        if trip.picked_up_at is None:
            raise Conflict("Tap picked up first.", field="tripId", code="NOT_PICKED_UP")
        if trip.dropped_off_at is not None:
            return trip
        trip.dropped_off_at = now
    else:
        if trip.picked_up_at is not None:
            return trip
        trip.picked_up_at = now
    await db.flush()
    await emit(
        db,
        "carpool.checked_in",
        community_id=trip.community_id,
        trip_id=trip.id,
        step="dropped_off" if dropped_off else "picked_up",
        by=viewer.account_id,
    )
    return trip


# --- swaps -------------------------------------------------------------------------------------------


async def _cancel_stale_swaps(db: AsyncSession, trip: Trip) -> None:
    """Pending swaps that no longer fit the trip (it changed hands or was called off)."""
    await db.execute(
        update(Swap)
        .where(
            Swap.state == SwapState.PENDING,
            or_(
                and_(
                    Swap.trip_id == trip.id,
                    Swap.from_family_id != func.coalesce(trip.driver_family_id, uuid.UUID(int=0)),
                ),
                and_(
                    Swap.return_trip_id == trip.id,
                    Swap.to_family_id != func.coalesce(trip.driver_family_id, uuid.UUID(int=0)),
                ),
            ),
        )
        .values(state=SwapState.CANCELLED, decided_at=_now())
    )


async def request_swap(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    trip_id: uuid.UUID,
    to_family_id: uuid.UUID,
    return_trip_id: uuid.UUID | None,
    note: str | None,
) -> Swap:
    """ "Can you take Thursday? I'll take next Tuesday": the trip's driver asks another driving family."""
    trip, v = await _trip(db, viewer, trip_id, lock=True)
    viewer = require_viewer(viewer)
    if trip.driver_family_id != v.family_id:
        raise Forbidden("Only the trip's driver can ask someone to take it.", field="tripId", code="NOT_DRIVER")
    _not_started(trip)
    c = Checker()
    note_c = c.text("note", note or "", max_len=300, label="The note")
    r = await roster(db, v.carpool.id)
    if to_family_id == v.family_id or to_family_id not in r.can_drive():
        c.add("toFamilyId", "Choose another family in this carpool that drives.", "NOT_A_DRIVER")
    back = None
    if return_trip_id is not None:
        back = await db.get(Trip, return_trip_id)
        if back is None or back.carpool_id != trip.carpool_id:
            c.add("returnTripId", "Choose a trip of this carpool.", "NOT_FOUND")
        elif back.driver_family_id != to_family_id or back.cancelled_at is not None or back.starts_at <= _now():
            c.add("returnTripId", "Choose an upcoming trip that family drives.", "NOT_THEIR_TRIP")
    c.done()
    pending = await db.scalar(select(Swap.id).where(Swap.trip_id == trip.id, Swap.state == SwapState.PENDING))
    if pending is not None:
        raise Conflict("You already asked someone to take this trip.", field="tripId", code="SWAP_PENDING")
    swap = Swap(
        carpool_id=trip.carpool_id,
        community_id=trip.community_id,
        trip_id=trip.id,
        return_trip_id=back.id if back else None,
        from_family_id=v.family_id,
        to_family_id=to_family_id,
        requested_by_id=viewer.account_id,
        state=SwapState.PENDING,
        note=note_c or "",
    )
    db.add(swap)
    await db.flush()
    await db.refresh(swap, ["created_at"])
    await emit(db, "carpool.swap_requested", community_id=trip.community_id, swap_id=swap.id, by=viewer.account_id)
    return swap


async def get_swap(db: AsyncSession, viewer: Viewer | None, swap_id: uuid.UUID, *, lock: bool = False):
    require_viewer(viewer)
    swap = await db.get(Swap, swap_id)
    if swap is None:
        raise NotFound("That swap request does not exist, or you cannot see it.", field="swapId")
    try:
        v = await get_carpool(db, viewer, swap.carpool_id, lock=lock)
    except NotFound as e:
        raise NotFound("That swap request does not exist, or you cannot see it.", field="swapId") from e
    if not v.approved:
        raise NotFound("That swap request does not exist, or you cannot see it.", field="swapId")
    if lock:
        await db.refresh(swap)
    return swap, v


async def answer_swap(db: AsyncSession, viewer: Viewer | None, *, swap_id: uuid.UUID, accept: bool) -> Swap:
    """The family asked accepts (the trips change hands) or declines; the asker is told."""
    swap, v = await get_swap(db, viewer, swap_id, lock=True)
    viewer = require_viewer(viewer)
    if swap.to_family_id != v.family_id:
        raise Forbidden("Only the family asked can answer.", field="swapId", code="NOT_ASKED")
    if swap.state != SwapState.PENDING:
        raise Conflict("That swap was already answered or withdrawn.", field="swapId", code="ALREADY_DECIDED")
    if accept:
        trip = await db.get(Trip, swap.trip_id, with_for_update=True)
        back = await db.get(Trip, swap.return_trip_id, with_for_update=True) if swap.return_trip_id else None
        assert trip is not None
        stale = (
            trip.driver_family_id != swap.from_family_id
            or trip.cancelled_at is not None
            or trip.starts_at <= _now()
            or (
                back is not None
                and (
                    back.driver_family_id != swap.to_family_id
                    or back.cancelled_at is not None
                    or back.starts_at <= _now()
                )
            )
        )
        if stale:
            swap.state, swap.decided_at = SwapState.CANCELLED, _now()
            await db.flush()
            raise Conflict("Those trips changed since the request; it no longer applies.", field="swapId", code="STALE")
        trip.driver_family_id, trip.driver_confirmed = swap.to_family_id, True
        if back is not None:
            back.driver_family_id, back.driver_confirmed = swap.from_family_id, True
    swap.state = SwapState.ACCEPTED if accept else SwapState.DECLINED
    swap.decided_by_id, swap.decided_at = viewer.account_id, _now()
    await db.flush()
    if accept:
        await plan_drivers(db, v.carpool)
    await emit(
        db,
        "carpool.swap_decided",
        community_id=swap.community_id,
        swap_id=swap.id,
        accepted=accept,
        by=viewer.account_id,
    )
    return swap


async def swaps_for(db: AsyncSession, v: CarpoolView) -> list[Swap]:
    """Pending swaps my family asked or was asked, and those answered in the last two weeks."""
    if not v.approved:
        return []
    return list(
        (
            await db.scalars(
                select(Swap)
                .where(
                    Swap.carpool_id == v.carpool.id,
                    or_(Swap.from_family_id == v.family_id, Swap.to_family_id == v.family_id),
                    or_(Swap.state == SwapState.PENDING, Swap.decided_at > _now() - timedelta(days=14)),
                )
                .order_by(Swap.created_at.desc())
                .limit(50)
            )
        ).all()
    )


# --- the ledger --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerLine:
    family_id: uuid.UUID
    balance: Fraction  # drives given (and credited) minus the family's share of the trips it rode
    drives: int
    credited: Fraction
    proposed_next: bool


async def ledger_lines(db: AsyncSession, v: CarpoolView) -> list[LedgerLine]:
    """The ledger as every approved family sees it, owing most first."""
    if not v.approved:
        return []
    ledger = await ledger_of(db, v.carpool.id)
    families = (
        await db.scalars(
            select(CarpoolFamily.family_id).where(
                CarpoolFamily.carpool_id == v.carpool.id, CarpoolFamily.state == SeatState.APPROVED
            )
        )
    ).all()
    nxt = await db.scalar(
        select(Trip.driver_family_id)
        .where(
            Trip.carpool_id == v.carpool.id,
            Trip.settled_at.is_(None),
            Trip.cancelled_at.is_(None),
            Trip.starts_at > _now(),
            Trip.driver_family_id.is_not(None),
        )
        .order_by(Trip.starts_at, Trip.direction)
        .limit(1)
    )
    lines = [
        LedgerLine(
            fid, ledger.balance(fid), ledger.drives.get(fid, 0), ledger.credited.get(fid, Fraction(0)), fid == nxt
        )
        for fid in families
    ]
    lines.sort(key=lambda line: (line.balance, str(line.family_id)))
    return lines


async def credit_help(
    db: AsyncSession, viewer: Viewer | None, *, carpool_id: uuid.UUID, family_id: uuid.UUID, drives: float, note: str
) -> LedgerEntry:
    """The organiser credits a family's help other than driving (walking the children in, snacks),
    valued in drives, on the same ledger."""
    v = await get_carpool(db, viewer, carpool_id, lock=True)
    viewer = require_viewer(viewer)
    if not v.organiser:
        raise Forbidden("Only the organiser records help on the ledger.", field="carpoolId", code="NOT_ORGANISER")
    c = Checker()
    note_c = c.text("note", note, min_len=2, max_len=120, label="What they did", multiline=False)
    value = Fraction(str(round(drives, 2))) if math.isfinite(drives) else Fraction(0)  # not NaN or infinity
    if not Fraction(0) < value <= MAX_CREDIT:
        c.add("drives", f"Help is worth more than 0 and at most {MAX_CREDIT} drives.", "OUT_OF_RANGE")
    r = await roster(db, carpool_id)
    if family_id not in r.families:
        c.add("familyId", "Choose a family in this carpool.", "NOT_IN_CARPOOL")
    c.done()
    entry = LedgerEntry(
        carpool_id=carpool_id,
        community_id=v.carpool.community_id,
        kind=LedgerKind.CREDIT,
        family_id=family_id,
        drives_num=value.numerator,
        drives_den=value.denominator,
        note=note_c or "",
        recorded_by_id=viewer.account_id,
    )
    db.add(entry)
    await db.flush()
    await plan_drivers(db, v.carpool)
    return entry


async def settle_trips(db: AsyncSession, carpool: Carpool, now: datetime) -> int:
    """Trips that have started go on the ledger: the driver gave a drive, the families riding
    shared it (a trip with no driver goes on no one's account)."""
    started = (
        await db.scalars(
            select(Trip)
            .where(
                Trip.carpool_id == carpool.id,
                Trip.settled_at.is_(None),
                Trip.cancelled_at.is_(None),
                Trip.starts_at <= now,
            )
            .order_by(Trip.starts_at, Trip.direction)
            .with_for_update(skip_locked=True)
        )
    ).all()
    if not started:
        return 0
    r = await roster(db, carpool.id, [t.id for t in started])
    for t in started:
        t.settled_at = now
        if t.driver_family_id is not None:
            db.add(
                LedgerEntry(
                    carpool_id=carpool.id,
                    community_id=carpool.community_id,
                    kind=LedgerKind.DRIVE,
                    family_id=t.driver_family_id,
                    trip_id=t.id,
                    riding=r.riding(t),
                )
            )
    await db.flush()
    return len(started)


# --- reads ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyInCarpool:
    row: CarpoolFamily
    caregiver_ids: list[uuid.UUID]
    children: list[tuple[uuid.UUID, str]]  # (id, first name): only for approved families and one's own
    contact: str | None


async def families_of(db: AsyncSession, v: CarpoolView, *, viewer_id: uuid.UUID) -> list[FamilyInCarpool]:
    """The approved families (for approved families), the requests waiting (for the deciders), and
    my own row in any state. Children by first name and contacts: approved families and my own."""
    states = [SeatState.APPROVED] if v.approved else []
    if v.decides:
        states.append(SeatState.PENDING)
    q = select(CarpoolFamily).where(CarpoolFamily.carpool_id == v.carpool.id)
    own = CarpoolFamily.family_id == v.family_id
    q = q.where(or_(own, CarpoolFamily.state.in_(states)) if states else own)
    rows = (await db.scalars(q.order_by(CarpoolFamily.organiser.desc(), CarpoolFamily.created_at))).all()
    if not rows:
        return []
    fids = {r.family_id for r in rows}
    caregivers: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for aid, fid in (
        await db.execute(
            select(Account.id, Account.family_id)
            .where(in_uuids(Account.family_id, fids), _not_hidden(viewer_id, Account.id))
            .order_by(Account.created_at)
        )
    ).all():
        caregivers[fid].append(aid)
    names: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = defaultdict(list)
    for rid, cid, name in (
        await db.execute(
            select(CarpoolRider.carpool_family_id, Child.id, Child.name)
            .join(Child, Child.id == CarpoolRider.child_id)
            .where(in_uuids(CarpoolRider.carpool_family_id, {r.id for r in rows}))
            .order_by(Child.name)
        )
    ).all():
        names[rid].append((cid, name))
    out = []
    for r in rows:
        sees = r.family_id == v.family_id or (v.approved and r.state in (SeatState.APPROVED, SeatState.PENDING))
        out.append(
            FamilyInCarpool(
                r,
                caregivers.get(r.family_id, []),
                names.get(r.id, []) if sees else [],
                r.contact if (v.approved or r.family_id == v.family_id) else None,
            )
        )
    return out


async def trip_starts(db: AsyncSession, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, datetime]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict((await db.execute(select(Trip.id, Trip.starts_at).where(in_uuids(Trip.id, wanted)))).all())  # type: ignore[arg-type]


async def child_names(db: AsyncSession, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    ids = set(ids)
    if not ids:
        return {}
    return dict((await db.execute(select(Child.id, Child.name).where(in_uuids(Child.id, ids)))).all())  # type: ignore[arg-type]


async def caregivers_by_family(
    db: AsyncSession, family_ids: Iterable[uuid.UUID], viewer_id: uuid.UUID
) -> dict[uuid.UUID, list[uuid.UUID]]:
    fids = set(family_ids)
    out: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if fids:
        for aid, fid in (
            await db.execute(
                select(Account.id, Account.family_id)
                .where(in_uuids(Account.family_id, fids), _not_hidden(viewer_id, Account.id))
                .order_by(Account.created_at)
            )
        ).all():
            out[fid].append(aid)
    return out


async def search(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    community_id: uuid.UUID,
    destination: str | None,
    weekday: int | None,
    near: str | None,
    limit: int,
) -> list[CarpoolView]:
    """Carpools still running in a community, those with free seats first, then by how close the
    pickup area is to `near` (a postal code) or to my home area; none across a block with their
    organiser."""
    viewer = require_viewer(viewer)
    await require_member(db, viewer, community_id)
    refuse_control_characters("destination", destination, label="The destination")
    origin: tuple[float, float] | None = None
    if near:
        refuse_control_characters("near", near, label="The postal code")
        cell, _ = await geo.area_from_postal_code(db, near, field="near")
        origin = geo.cell_center(cell)
    else:
        home = (
            await db.execute(select(Account.home_lat, Account.home_lng).where(Account.id == viewer.account_id))
        ).first()
        if home and home.home_lat is not None:
            origin = (home.home_lat, home.home_lng)
    community = await db.get(Community, community_id)
    assert community is not None
    q = select(Carpool).where(
        Carpool.community_id == community_id,
        Carpool.cancelled_at.is_(None),
        Carpool.ends_on >= today_in(community.timezone),
        _not_hidden(viewer.account_id, Carpool.organiser_id),
    )
    if destination and destination.strip():
        q = q.where(Carpool.destination.icontains(destination.strip()[:120], autoescape=True))
    if weekday is not None:
        q = q.where(Carpool.weekdays.op("&")(1 << weekday) != 0)
    distance = None
    if origin is not None:
        lat, lng = origin
        distance = geo.distance_km(lat, lng, Carpool.pickup_lat, Carpool.pickup_lng)
        q = q.add_columns(distance.label("km")).order_by((Carpool.seats_free > 0).desc(), distance, Carpool.id)
    else:
        q = q.add_columns(literal(None).label("km")).order_by(
            (Carpool.seats_free > 0).desc(), Carpool.created_at.desc(), Carpool.id
        )
    rows = (await db.execute(q.limit(limit))).all()
    fid = await family_id_of(db, viewer)
    mine = {
        r.carpool_id: r
        for r in await db.scalars(
            select(CarpoolFamily).where(
                CarpoolFamily.family_id == fid, in_uuids(CarpoolFamily.carpool_id, {c.id for c, _ in rows})
            )
        )
    }
    return [CarpoolView(c, fid, mine.get(c.id), km) for c, km in rows]


async def my_carpools(db: AsyncSession, viewer: Viewer | None) -> list[CarpoolView]:
    """Carpools my family is in or asked to join, still running, in communities where I am verified."""
    viewer = require_viewer(viewer)
    fid = await family_id_of(db, viewer)
    rows = (
        await db.execute(
            select(Carpool, CarpoolFamily)
            .join(CarpoolFamily, CarpoolFamily.carpool_id == Carpool.id)
            .join(
                Membership,
                and_(Membership.community_id == Carpool.community_id, Membership.account_id == viewer.account_id),
            )
            .where(
                CarpoolFamily.family_id == fid,
                CarpoolFamily.state.in_((SeatState.APPROVED, SeatState.PENDING)),
                Membership.state == MembershipState.VERIFIED,
                Carpool.cancelled_at.is_(None),
            )
            .order_by(Carpool.title, Carpool.id)
        )
    ).all()
    return [CarpoolView(c, fid, row) for c, row in rows]


async def _families_in(db: AsyncSession, carpool_ids: Iterable[uuid.UUID], state: SeatState) -> dict[uuid.UUID, int]:
    ids = set(carpool_ids)
    if not ids:
        return {}
    rows = await db.execute(
        select(CarpoolFamily.carpool_id, func.count())
        .where(in_uuids(CarpoolFamily.carpool_id, ids), CarpoolFamily.state == state)
        .group_by(CarpoolFamily.carpool_id)
    )
    return dict(rows.all())  # type: ignore[arg-type]


async def pending_counts(db: AsyncSession, carpool_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Seat requests waiting per carpool, for a list of carpools in one query (shown to deciders only)."""
    return await _families_in(db, carpool_ids, SeatState.PENDING)


async def family_counts(db: AsyncSession, carpool_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Approved families per carpool, for a list of carpools in one query."""
    return await _families_in(db, carpool_ids, SeatState.APPROVED)


# --- for deleteAccount -------------------------------------------------------------------------------


async def leave_all(db: AsyncSession, account: Account) -> None:
    """An account going: if it is its family's last caregiver the family leaves every carpool
    (handing over, as leaving does); otherwise another caregiver of the family takes its place."""
    if account.family_id is None:
        return
    others = (
        await db.scalars(
            select(Account.id)
            .where(Account.family_id == account.family_id, Account.id != account.id)
            .order_by(Account.created_at)
        )
    ).all()
    rows = (
        await db.scalars(
            select(CarpoolFamily).where(
                CarpoolFamily.family_id == account.family_id,
                CarpoolFamily.state.in_((SeatState.APPROVED, SeatState.PENDING)),
            )
        )
    ).all()
    for row in rows:
        carpool = await db.get(Carpool, row.carpool_id, with_for_update=True)
        assert carpool is not None
        if others:
            if row.account_id == account.id:
                row.account_id = others[0]
            if carpool.organiser_id == account.id:
                carpool.organiser_id = others[0]
        else:
            await _remove_family(db, carpool, row)
    await db.flush()
