"""Events and RSVPs: who may see, make and change an event, its occurrences in the community's time,
and the seats: capacity counts people (adults and children), a full occurrence puts families on a
first-come waitlist, and a drop-out promotes from its head in the same transaction (the event row is
locked for every RSVP, so two families racing for the last seat get one seat and one waitlist place).
The waitlist is strictly first come: a family at its head that does not fit yet is not skipped by a
smaller one behind it, and a newcomer never jumps a waiting family."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api import geo
from api.accounts.models import Account
from api.actor import Viewer, require_viewer
from api.communities.models import Community, Membership, MembershipState
from api.communities.service import ORGANISER_ROLES, STAFF_ROLES, membership, require_member
from api.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from api.events import recurrence
from api.events.models import Event, Frequency, OccurrenceChange, Rsvp, RsvpStatus
from api.groups.models import GroupMember, GroupMembershipState, GroupRole
from api.groups.service import group_for_leader, group_for_member
from api.outbox.service import emit
from api.safety.service import hidden_account_ids, is_blocked_between
from api.validation import Checker

MAX_DURATION = timedelta(hours=72)
MAX_AHEAD = timedelta(days=366)
MAX_CAPACITY = 10_000
MAX_PARTY = 20
MAX_WINDOW = timedelta(days=366)
# Times outside these years are refused before any arithmetic (which would overflow near year 1 or 9999).
_SANE_YEARS = (2000, 2200)
_LINK = re.compile(r"^https://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _now() -> datetime:
    return datetime.now(UTC)


def _missing() -> NotFound:
    return NotFound("That event does not exist, or you cannot see it.", field="eventId")


# --- who may ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """What the viewer may do with an event they can see."""

    event: Event
    manage: bool  # change, cancel, move, see the RSVPs, answer for a family
    attend: bool  # RSVP and see the virtual link (false across a block with the organiser)


async def _access(db: AsyncSession, viewer: Viewer | None, event: Event | None) -> Access:
    """Group events: the group's members (its leaders manage them). Community-wide events: the
    community's verified members (staff, and the organiser who made it, manage them). Anyone else
    is told the event does not exist."""
    viewer = require_viewer(viewer)
    if event is None:
        raise _missing()
    try:
        if event.group_id is None:
            m = await require_member(db, viewer, event.community_id)
            manage = m.role in STAFF_ROLES or (event.created_by_id == viewer.account_id and m.role in ORGANISER_ROLES)
        else:
            _, gm = await group_for_member(db, viewer, event.group_id)
            manage = gm.role == GroupRole.LEADER
    except DomainError as e:
        raise _missing() from e
    blocked = (
        event.created_by_id is not None
        and event.created_by_id != viewer.account_id
        and await is_blocked_between(db, viewer.account_id, event.created_by_id)
    )
    return Access(event, manage, not blocked)


async def get_event(db: AsyncSession, viewer: Viewer | None, event_id: uuid.UUID, *, lock: bool = False) -> Access:
    return await _access(db, viewer, await db.get(Event, event_id, with_for_update=lock))


async def _managed(db: AsyncSession, viewer: Viewer | None, event_id: uuid.UUID) -> Access:
    """The event, locked, for someone who may change it."""
    a = await get_event(db, viewer, event_id, lock=True)
    if not a.manage:
        raise Forbidden("Only the event's organisers can do that.", field="eventId")
    return a


# --- input --------------------------------------------------------------------------------------


@dataclass
class Recurrence:
    frequency: str
    interval: int = 1
    until: date | None = None


def _local(value: datetime, zone: str) -> datetime:
    """A time from outside as wall time in the event's zone: an offset is converted; none means local."""
    if value.tzinfo is not None:
        value = value.astimezone(ZoneInfo(zone))
    return value.replace(tzinfo=None, second=0, microsecond=0)


def _check_times(
    c: Checker, zone: str, starts_at: datetime, ends_at: datetime, *, field: str = "startsAt", past_ok: bool = False
) -> tuple[datetime, int] | None:
    if not all(_SANE_YEARS[0] <= d.year <= _SANE_YEARS[1] for d in (starts_at, ends_at)):
        c.add(field, "Events can be planned up to a year ahead.", "OUT_OF_RANGE")
        return None
    start, end = _local(starts_at, zone), _local(ends_at, zone)
    now = _now()
    first = recurrence.instant(start, zone)
    duration = recurrence.instant(end, zone) - first
    ok = True
    if first < now - timedelta(minutes=5) and not past_ok:
        c.add(field, "That time is in the past.", "IN_THE_PAST")
        ok = False
    elif first > now + MAX_AHEAD:
        c.add(field, "Events can be planned up to a year ahead.", "OUT_OF_RANGE")
        ok = False
    if duration <= timedelta(0):
        c.add("endsAt", "The end must come after the start.", "INVALID")
        ok = False
    elif duration > MAX_DURATION:
        c.add("endsAt", "An event can last at most 72 hours.", "OUT_OF_RANGE")
        ok = False
    return (start, int(duration.total_seconds() // 60)) if ok else None


def _check_recurrence(
    c: Checker, rule: Recurrence | None, start: date | None, *, prefix: str = "recurrence."
) -> Recurrence:
    if rule is None or rule.frequency == Frequency.NONE:
        return Recurrence(Frequency.NONE, 1, None)
    if rule.frequency not in (Frequency.WEEKLY, Frequency.MONTHLY):
        c.add(f"{prefix}frequency", "An event repeats weekly or monthly.", "INVALID")
    if not 1 <= rule.interval <= 12:
        c.add(f"{prefix}interval", "Repeat every 1 to 12 weeks or months.", "OUT_OF_RANGE")
    if rule.until is None:
        c.add(f"{prefix}until", "A repeating event needs a last date.", "REQUIRED")
    elif start is not None and rule.until < start:
        c.add(f"{prefix}until", "The last date comes before the first.", "INVALID")
    elif start is not None and (rule.until - start).days > recurrence.MAX_SERIES_DAYS:
        c.add(f"{prefix}until", "A series can run for at most two years.", "OUT_OF_RANGE")
    return rule


def _check_capacity(c: Checker, capacity: int | None) -> None:
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        c.add("capacity", f"Capacity is from 1 to {MAX_CAPACITY} people, or none for no limit.", "OUT_OF_RANGE")


def _check_link(c: Checker, link: str | None) -> str | None:
    if link is None or not c.characters("virtualLink", link, label="The link"):
        return None
    link = link.strip()
    if not link:
        return ""
    if len(link) > 500 or not _LINK.match(link):
        c.add("virtualLink", "Use a full https:// link (at most 500 characters).", "INVALID_LINK")
    return link


# --- making and changing events -----------------------------------------------------------------


async def create_event(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    community_id: uuid.UUID | None,
    group_id: uuid.UUID | None,
    title: str,
    description: str | None,
    place_name: str | None,
    postal_code: str | None,
    virtual_link: str | None,
    starts_at: datetime,
    ends_at: datetime,
    recurrence_rule: Recurrence | None,
    capacity: int | None,
) -> Event:
    """A group's leaders make events for their group; a community's leaders and staff make
    community-wide ones. Its members are told."""
    viewer = require_viewer(viewer)
    if group_id is not None:
        group, _ = await group_for_leader(db, viewer, group_id)
        if community_id is not None and community_id != group.community_id:
            raise NotFound("That group does not exist.", field="groupId")
        community_id = group.community_id
    elif community_id is not None:
        await require_member(db, viewer, community_id, roles=ORGANISER_ROLES)
    else:
        raise Invalid("Say which community or group the event is for.", field="communityId", code="REQUIRED")
    community = await db.get(Community, community_id)
    assert community is not None
    c = Checker()
    title_c = c.text("title", title, min_len=3, max_len=120, label="The title", multiline=False)
    desc = c.text("description", description or "", max_len=4000, label="The description")
    place = c.text("placeName", place_name, max_len=120, label="The place", multiline=False) or None
    link = _check_link(c, virtual_link) or None
    area = await geo.checked_area(db, c, postal_code)
    if not (place or area or link):
        c.add("placeName", "Say where: a public place, an area (postal code) or a video link.", "REQUIRED")
    times = _check_times(c, community.timezone, starts_at, ends_at)
    rule = _check_recurrence(c, recurrence_rule, times[0].date() if times else None)
    _check_capacity(c, capacity)
    c.done()
    assert times is not None
    event = Event(
        community_id=community_id,
        group_id=group_id,
        created_by_id=viewer.account_id,
        title=title_c,
        description=desc or "",
        place_name=place,
        area_cell=area[0] if area else None,
        area_label=area[1] if area else None,
        virtual_link=link,
        timezone=community.timezone,
        starts_local=times[0],
        duration_minutes=times[1],
        frequency=rule.frequency,
        interval=rule.interval,
        until=rule.until,
        capacity=capacity,
    )
    event.first_starts_at, event.last_ends_at = recurrence.span(event)
    db.add(event)
    await db.flush()
    await db.refresh(event, ["created_at", "updated_at"])
    await emit(db, "event.created", community_id=community_id, event_id=event.id, by=viewer.account_id)
    return event


async def _changes(db: AsyncSession, event_id: uuid.UUID) -> dict[date, OccurrenceChange]:
    rows = await db.scalars(select(OccurrenceChange).where(OccurrenceChange.event_id == event_id))
    return {r.occurrence: r for r in rows}


async def update_event(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    event_id: uuid.UUID,
    title: str | None = None,
    description: str | None = None,
    place_name: str | None = None,
    postal_code: str | None = None,
    virtual_link: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    until: date | None = None,
    capacity: int | None = None,
    clear_capacity: bool = False,
) -> Event:
    """Organisers change what they give (an empty place or link removes it). A series keeps its
    dates: its time of day, length and last date may change; single dates move with moveOccurrence.
    More capacity promotes waiting families at once; less keeps those already in."""
    a = await _managed(db, viewer, event_id)
    e = a.event
    if e.cancelled_at is not None:
        raise Conflict("This event was cancelled.", field="eventId", code="EVENT_CANCELLED")
    c = Checker()
    title_c = c.text("title", title, min_len=3, max_len=120, label="The title", multiline=False)
    desc = c.text("description", description, max_len=4000, label="The description")
    place = c.text("placeName", place_name, max_len=120, label="The place", multiline=False)
    link = _check_link(c, virtual_link)
    area = await geo.checked_area(db, c, postal_code)
    times = None
    if starts_at is not None or ends_at is not None:
        s = starts_at or recurrence.instant(e.starts_local, e.timezone)
        if not _SANE_YEARS[0] <= s.year <= _SANE_YEARS[1]:
            raise Invalid("Events can be planned up to a year ahead.", field="startsAt", code="OUT_OF_RANGE")
        end = ends_at or s + timedelta(minutes=e.duration_minutes)
        # A running series may change its time of day although its first date is past.
        times = _check_times(c, e.timezone, s, end, past_ok=e.frequency != Frequency.NONE)
        if times and e.frequency != Frequency.NONE and times[0].date() != e.starts_local.date():
            c.add("startsAt", "A series keeps its dates; change one date with moveOccurrence.", "SERIES_DATES_FIXED")
    if until is not None:
        if e.frequency == Frequency.NONE:
            c.add("until", "Only a repeating event has a last date.", "INVALID")
        else:
            _check_recurrence(c, Recurrence(e.frequency, e.interval, until), e.starts_local.date(), prefix="")
    _check_capacity(c, capacity)
    c.done()
    # What families who answered would want to hear about (not a change of capacity).
    told = (
        e.title,
        e.description,
        e.place_name,
        e.area_label,
        e.virtual_link,
        e.starts_local,
        e.duration_minutes,
        e.until,
    )
    if title_c is not None:
        e.title = title_c
    if desc is not None:
        e.description = desc
    if place is not None:
        e.place_name = place or None
    if postal_code is not None:
        e.area_cell, e.area_label = area if area else (None, None)
    if link is not None:
        e.virtual_link = link or None
    if not (e.place_name or e.area_cell or e.virtual_link):
        raise Invalid(
            "Say where: a public place, an area (postal code) or a video link.", field="placeName", code="REQUIRED"
        )
    if times is not None:
        e.starts_local, e.duration_minutes = times
    if until is not None:
        e.until = until
    if capacity is not None or clear_capacity:
        e.capacity = None if clear_capacity else capacity
    e.first_starts_at, e.last_ends_at = recurrence.span(e, await _changes(db, e.id))
    e.updated_at = _now()
    await db.flush()
    await _promote_all(db, e)
    now_told = (
        e.title,
        e.description,
        e.place_name,
        e.area_label,
        e.virtual_link,
        e.starts_local,
        e.duration_minutes,
        e.until,
    )
    if now_told != told:
        await emit(db, "event.changed", community_id=e.community_id, event_id=e.id, by=viewer.account_id)  # type: ignore[union-attr]
    return e


def _occurrence(e: Event, changes: dict[date, OccurrenceChange], key: date) -> recurrence.Occurrence:
    for o in recurrence.occurrences(e, changes):
        if o.key == key:
            return o
    raise NotFound("The event has no occurrence on that date.", field="occurrence", code="NO_SUCH_OCCURRENCE")


async def cancel_event(
    db: AsyncSession, viewer: Viewer | None, *, event_id: uuid.UUID, occurrence: date | None = None
) -> Event:
    """Cancel the whole event (or series), or one occurrence of a series; whoever answered yes or
    waits is told (urgently when it was to start within a day)."""
    a = await _managed(db, viewer, event_id)
    e = a.event
    if e.cancelled_at is not None:
        raise Conflict("This event was already cancelled.", field="eventId", code="EVENT_CANCELLED")
    now = _now()
    changes = await _changes(db, e.id)
    if occurrence is None:
        e.cancelled_at = now
        upcoming = [o for o in recurrence.occurrences(e, changes) if o.ends_at > now]
        soon = bool(upcoming) and min(o.starts_at for o in upcoming) - now < timedelta(hours=24)
    else:
        o = _occurrence(e, changes, occurrence)
        if o.cancelled:
            raise Conflict("That date was already cancelled.", field="occurrence", code="OCCURRENCE_CANCELLED")
        if o.ends_at <= now:
            raise Conflict("That date is over.", field="occurrence", code="PAST")
        change = changes.get(occurrence) or OccurrenceChange(
            event_id=e.id, community_id=e.community_id, occurrence=occurrence
        )
        change.cancelled_at, change.updated_at = now, now
        db.add(change)
        soon = o.starts_at - now < timedelta(hours=24)
    await db.flush()
    await emit(
        db,
        "event.cancelled",
        community_id=e.community_id,
        event_id=e.id,
        occurrence=occurrence.isoformat() if occurrence else None,
        soon=soon,
        by=viewer.account_id,  # type: ignore[union-attr]
    )
    return e


async def move_occurrence(
    db: AsyncSession, viewer: Viewer | None, *, event_id: uuid.UUID, occurrence: date, starts_at: datetime
) -> Event:
    """Move one date of an event to another start (same length); RSVPs and waitlist stay with it."""
    a = await _managed(db, viewer, event_id)
    e = a.event
    if e.cancelled_at is not None:
        raise Conflict("This event was cancelled.", field="eventId", code="EVENT_CANCELLED")
    changes = await _changes(db, e.id)
    o = _occurrence(e, changes, occurrence)
    if o.cancelled:
        raise Conflict("That date was cancelled.", field="occurrence", code="OCCURRENCE_CANCELLED")
    if o.ends_at <= _now():
        raise Conflict("That date is over.", field="occurrence", code="PAST")
    c = Checker()
    if not _SANE_YEARS[0] <= starts_at.year <= _SANE_YEARS[1]:
        raise Invalid("Events can be planned up to a year ahead.", field="startsAt", code="OUT_OF_RANGE")
    times = _check_times(c, e.timezone, starts_at, starts_at + timedelta(minutes=e.duration_minutes))
    c.done()
    assert times is not None
    change = changes.get(occurrence) or OccurrenceChange(
        event_id=e.id, community_id=e.community_id, occurrence=occurrence
    )
    change.moved_to_local, change.updated_at = times[0], _now()
    db.add(change)
    changes[occurrence] = change
    e.first_starts_at, e.last_ends_at = recurrence.span(e, changes)
    await db.flush()
    await emit(
        db,
        "event.changed",
        community_id=e.community_id,
        event_id=e.id,
        occurrence=occurrence.isoformat(),
        by=viewer.account_id,  # type: ignore[union-attr]
    )
    return e


# --- RSVPs and the waitlist ---------------------------------------------------------------------


@dataclass
class _Seats:
    """The RSVP rows of some occurrences of one (locked) event, to decide seats in Python."""

    event: Event
    rows: dict[date | None, list[Rsvp]] = field(default_factory=lambda: defaultdict(list))

    def taken(self, key: date, but: uuid.UUID | None = None) -> int:
        return sum(r.adults + r.children for r in self.rows[key] if r.status == RsvpStatus.GOING and r.party_key != but)

    def queue(self, key: date) -> list[Rsvp]:
        return waitlist(self.rows[key])

    def mine(self, key: date | None, party: uuid.UUID) -> Rsvp | None:
        return next((r for r in self.rows[key] if r.party_key == party), None)


async def _seats(db: AsyncSession, e: Event, keys: list[date | None]) -> _Seats:
    seats = _Seats(e)
    which = [Rsvp.occurrence.in_([k for k in keys if k is not None])]
    if None in keys:
        which.append(Rsvp.occurrence.is_(None))
    rows = await db.scalars(select(Rsvp).where(Rsvp.event_id == e.id, or_(*which)))
    for r in rows:
        seats.rows[r.occurrence].append(r)
    return seats


@dataclass(frozen=True)
class Party:
    key: uuid.UUID
    account_id: uuid.UUID | None
    guest_name: str | None
    recorded_by_id: uuid.UUID | None


class _NoRoom(Exception):
    pass


def _answer(
    seats: _Seats, key: date, party: Party, going: bool, adults: int, children: int, now: datetime, *, series: bool
) -> Rsvp | None:
    """The party's answer for one occurrence; seats decided by the rules above. A "no" to the
    series leaves the dates the family never answered without a row."""
    e = seats.event
    row = seats.mine(key, party.key)
    if row is None and series and not going:
        return None
    if row is None:
        row = Rsvp(
            id=uuid.uuid4(),
            event_id=e.id,
            community_id=e.community_id,
            occurrence=key,
            party_key=party.key,
            status=RsvpStatus.NOT_GOING,
            created_at=now,
        )
        seats.rows[key].append(row)
    before = row.status
    size = adults + children
    if not going:
        status = RsvpStatus.NOT_GOING
    elif e.capacity is None:
        status = RsvpStatus.GOING
    elif before == RsvpStatus.GOING:
        if size > e.capacity - seats.taken(key, but=party.key):
            raise _NoRoom
        status = RsvpStatus.GOING
    elif before == RsvpStatus.WAITLISTED:
        status = RsvpStatus.WAITLISTED  # keeps its place; the promotion below may let it in
    elif not seats.queue(key) and size <= e.capacity - seats.taken(key, but=party.key):
        status = RsvpStatus.GOING
    else:
        status = RsvpStatus.WAITLISTED
        row.waitlisted_at = now
    row.status = status
    if status != RsvpStatus.WAITLISTED:
        row.waitlisted_at = None
    row.adults, row.children = (adults, children) if going else (0, 0)
    row.account_id, row.guest_name, row.recorded_by_id = party.account_id, party.guest_name, party.recorded_by_id
    row.updated_at = now
    return row


def _promote(seats: _Seats, key: date) -> list[Rsvp]:
    """Let waiting families in from the head of the queue while the head fits (strictly in order)."""
    e = seats.event
    promoted: list[Rsvp] = []
    if e.capacity is None:
        queue = seats.queue(key)
        for r in queue:
            r.status, r.waitlisted_at = RsvpStatus.GOING, None
        return queue
    free = e.capacity - seats.taken(key)
    for r in seats.queue(key):
        if r.adults + r.children > free:
            break
        r.status, r.waitlisted_at = RsvpStatus.GOING, None
        free -= r.adults + r.children
        promoted.append(r)
    return promoted


async def _tell_promoted(db: AsyncSession, e: Event, promoted: list[Rsvp], but: uuid.UUID | None = None) -> None:
    for r in promoted:
        if r.party_key == but:
            continue  # the family acting sees it in their answer
        await emit(
            db,
            "event.waitlist_promoted",
            community_id=e.community_id,
            event_id=e.id,
            rsvp_id=r.id,
            occurrence=r.occurrence.isoformat() if r.occurrence else None,
        )


async def _promote_all(db: AsyncSession, e: Event) -> None:
    """After more capacity (or a family gone): promote on every upcoming occurrence."""
    now = _now()
    keys: list[date | None] = [o.key for o in recurrence.occurrences(e, await _changes(db, e.id)) if o.ends_at > now]
    seats = await _seats(db, e, keys)
    promoted = [r for k in keys if k is not None for r in _promote(seats, k)]
    await db.flush()
    await _tell_promoted(db, e, promoted)


async def _party(
    db: AsyncSession,
    viewer: Viewer,
    a: Access,
    *,
    caregiver_id: uuid.UUID | None,
    guest_name: str | None,
    rsvp_id: uuid.UUID | None,
) -> Party:
    """Whose answer this is: the viewer's family; or, for an organiser, a member's family or a
    family without the app (by name, or by the RSVP the organiser recorded before)."""
    if caregiver_id is None and guest_name is None and rsvp_id is None:
        if not a.attend:
            raise Forbidden("You cannot RSVP to this event.", field="eventId")
        return Party(viewer.family_id or viewer.account_id, viewer.account_id, None, None)
    if not a.manage:
        raise Forbidden("Only the event's organisers can answer for another family.", field="caregiverId")
    if caregiver_id is not None:
        m = await membership(db, caregiver_id, a.event.community_id)
        other = await db.get(Account, caregiver_id)
        if (
            m is None
            or other is None
            or m.state != MembershipState.VERIFIED
            or await is_blocked_between(db, viewer.account_id, caregiver_id)
        ):
            raise NotFound("That caregiver is not a member of this community.", field="caregiverId")
        return Party(other.family_id or other.id, other.id, None, viewer.account_id)
    if rsvp_id is not None:
        row = await db.get(Rsvp, rsvp_id)
        if row is None or row.event_id != a.event.id or row.guest_name is None:
            raise NotFound("That RSVP does not exist.", field="rsvpId")
        return Party(row.party_key, None, row.guest_name, viewer.account_id)
    c = Checker()
    name = c.text("guestName", guest_name, min_len=2, max_len=80, label="The family's name", multiline=False)
    c.done()
    return Party(uuid.uuid4(), None, name, viewer.account_id)


async def rsvp(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    event_id: uuid.UUID,
    occurrence: date | None,
    going: bool,
    adults: int = 1,
    children: int = 0,
    caregiver_id: uuid.UUID | None = None,
    guest_name: str | None = None,
    rsvp_id: uuid.UUID | None = None,
) -> Rsvp:
    """Answer for one occurrence, or for the series (occurrence None: the answer then applies to
    every upcoming date, each holding its own seat or waitlist place). Returns the answer's row."""
    viewer = require_viewer(viewer)
    c = Checker()
    if going:
        if not (0 <= adults <= MAX_PARTY and 0 <= children <= MAX_PARTY):
            c.add("adults", f"Count from 0 to {MAX_PARTY} adults and children.", "OUT_OF_RANGE")
        elif adults + children < 1:
            c.add("adults", "Say how many are coming: at least one person.", "REQUIRED")
    c.done()
    # Locked: every RSVP of this event waits its turn, so seats are counted by one at a time.
    a = await get_event(db, viewer, event_id, lock=True)
    e = a.event
    party = await _party(db, viewer, a, caregiver_id=caregiver_id, guest_name=guest_name, rsvp_id=rsvp_id)
    if e.cancelled_at is not None:
        raise Conflict("This event was cancelled.", field="eventId", code="EVENT_CANCELLED")
    if going and e.capacity is not None and adults + children > e.capacity:
        raise Invalid(f"This event has room for {e.capacity} people in all.", field="adults", code="PARTY_TOO_BIG")
    now = _now()
    changes = await _changes(db, e.id)
    if occurrence is not None:
        o = _occurrence(e, changes, occurrence)
        if o.cancelled:
            raise Conflict("That date was cancelled.", field="occurrence", code="OCCURRENCE_CANCELLED")
        if o.ends_at <= now:
            raise Conflict("That date is over.", field="occurrence", code="PAST")
        keys = [occurrence]
    else:
        keys = [o.key for o in recurrence.occurrences(e, changes) if not o.cancelled and o.ends_at > now]
        if not keys:
            raise Conflict("This event has no upcoming dates.", field="eventId", code="PAST")
    seats = await _seats(db, e, [*keys, None])
    promoted: list[Rsvp] = []
    answered: Rsvp | None = None
    for key in keys:
        try:
            row = _answer(seats, key, party, going, adults, children, now, series=occurrence is None)
        except _NoRoom as err:
            if occurrence is not None:
                raise Conflict(
                    "There is no room for more people in your party; your seats stay as they were.",
                    field="adults",
                    code="NOT_ENOUGH_SEATS",
                ) from err
            continue  # for the series: that date keeps the family's earlier answer
        promoted += _promote(seats, key)
        answered = answered if occurrence is None else row
    if occurrence is None:
        series = seats.mine(None, party.key) or Rsvp(
            id=uuid.uuid4(), event_id=e.id, community_id=e.community_id, occurrence=None, party_key=party.key
        )
        series.status = RsvpStatus.GOING if going else RsvpStatus.NOT_GOING
        series.adults, series.children = (adults, children) if going else (0, 0)
        series.account_id, series.guest_name, series.recorded_by_id = (
            party.account_id,
            party.guest_name,
            party.recorded_by_id,
        )
        series.updated_at = now
        answered = series
    for rows in seats.rows.values():
        db.add_all(rows)
    if answered is not None:
        db.add(answered)
    await db.flush()
    await _tell_promoted(db, e, promoted, but=party.key)
    assert answered is not None
    return answered


async def release_account(db: AsyncSession, account_id: uuid.UUID) -> None:
    """Before an account goes: its answers go, and the seats it held pass to waiting families."""
    event_ids = (await db.scalars(select(Rsvp.event_id).where(Rsvp.account_id == account_id).distinct())).all()
    for event_id in sorted(event_ids):
        e = await db.get(Event, event_id, with_for_update=True)
        mine = (await db.scalars(select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.account_id == account_id))).all()
        for r in mine:
            await db.delete(r)
        await db.flush()
        if e is not None and e.cancelled_at is None:
            await _promote_all(db, e)


# --- what the viewer sees -----------------------------------------------------------------------


@dataclass(frozen=True)
class OccurrenceView:
    event: Access
    occurrence: recurrence.Occurrence
    going_people: int
    going_families: int
    waitlisted_families: int
    mine: Rsvp | None
    waitlist_position: int | None

    @property
    def spots_left(self) -> int | None:
        cap = self.event.event.capacity
        return None if cap is None else max(0, cap - self.going_people)


def waitlist(rows) -> list[Rsvp]:
    """The waiting families among some rows of one occurrence, first come first."""
    return sorted((r for r in rows if r.status == RsvpStatus.WAITLISTED), key=lambda r: (r.waitlisted_at, str(r.id)))


def party_of(viewer: Viewer) -> uuid.UUID:
    return viewer.family_id or viewer.account_id


async def occurrence_views(
    db: AsyncSession,
    viewer: Viewer,
    accesses: list[Access],
    *,
    start: datetime,
    end: datetime,
    limit: int,
    only_going: bool = False,
) -> list[OccurrenceView]:
    """Occurrences of the events in [start, end), in order, with their counts and the viewer's
    answer: two queries whatever the number of events."""
    if not accesses:
        return []
    ids = [a.event.id for a in accesses]
    changes: dict[uuid.UUID, dict[date, OccurrenceChange]] = defaultdict(dict)
    for ch in await db.scalars(select(OccurrenceChange).where(OccurrenceChange.event_id.in_(ids))):
        changes[ch.event_id][ch.occurrence] = ch
    found = [
        (a, o)
        for a in accesses
        for o in recurrence.occurrences(a.event, changes[a.event.id])
        if o.ends_at > start and o.starts_at < end
    ]
    rows = (
        await db.scalars(
            select(Rsvp).where(
                Rsvp.event_id.in_(ids),
                Rsvp.occurrence.is_not(None),
                or_(Rsvp.status != RsvpStatus.NOT_GOING, Rsvp.party_key == party_of(viewer)),
            )
        )
    ).all()
    by_key: dict[tuple[uuid.UUID, date], list[Rsvp]] = defaultdict(list)
    for r in rows:
        by_key[(r.event_id, r.occurrence)].append(r)  # type: ignore[index]
    out = []
    for a, o in sorted(found, key=lambda p: (p[1].starts_at, str(p[0].event.id))):
        here = by_key[(a.event.id, o.key)]
        mine = next((r for r in here if r.party_key == party_of(viewer)), None)
        if only_going and (mine is None or mine.status != RsvpStatus.GOING or o.cancelled):
            continue
        queue = waitlist(here)
        going = [r for r in here if r.status == RsvpStatus.GOING]
        out.append(
            OccurrenceView(
                event=a,
                occurrence=o,
                going_people=sum(r.adults + r.children for r in going),
                going_families=len(going),
                waitlisted_families=len(queue),
                mine=mine,
                waitlist_position=queue.index(mine) + 1 if mine in queue else None,
            )
        )
        if len(out) >= limit:
            break
    return out


def window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    for name, v in (("from", start), ("to", end)):
        if v is not None and not _SANE_YEARS[0] <= v.year <= _SANE_YEARS[1]:
            raise Invalid(f"`{name}` is out of range.", field=name, code="OUT_OF_RANGE")
    s = start or _now()
    e = end or s + timedelta(days=62)
    for name, v in (("from", s), ("to", e)):
        if v.tzinfo is None:
            raise Invalid("Include a timezone offset, e.g. 2026-12-01T18:00:00-06:00.", field=name)
    if e <= s:
        raise Invalid("`to` must come after `from`.", field="to")
    if e - s > MAX_WINDOW:
        raise Invalid("Ask for at most a year at a time.", field="to", code="OUT_OF_RANGE")
    return s, e


async def list_events(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    community_id: uuid.UUID,
    group_id: uuid.UUID | None,
    start: datetime | None,
    end: datetime | None,
    limit: int,
) -> list[OccurrenceView]:
    """Occurrences in a window: a group's (its members), or the community's events the viewer may
    see (community-wide ones and those of the viewer's groups)."""
    viewer = require_viewer(viewer)
    s, e = window(start, end)
    if group_id is not None:
        group, _ = await group_for_member(db, viewer, group_id)
        if group.community_id != community_id:
            raise NotFound("That group does not exist.", field="groupId")
        where = Event.group_id == group_id
    else:
        await require_member(db, viewer, community_id)
        where = or_(Event.group_id.is_(None), Event.group_id.in_(_my_group_ids(community_id, viewer.account_id)))
    events = (
        await db.scalars(
            select(Event)
            .where(Event.community_id == community_id, where, Event.first_starts_at < e, Event.last_ends_at > s)
            .order_by(Event.first_starts_at)
            .limit(500)
        )
    ).all()
    accesses = await _accesses(db, viewer, list(events))
    return await occurrence_views(db, viewer, accesses, start=s, end=e, limit=limit)


def _my_group_ids(community_id: uuid.UUID, account_id: uuid.UUID):
    return select(GroupMember.group_id).where(
        GroupMember.community_id == community_id,
        GroupMember.account_id == account_id,
        GroupMember.state == GroupMembershipState.MEMBER,
    )


async def _accesses(db: AsyncSession, viewer: Viewer, events: list[Event]) -> list[Access]:
    """The events among `events` the viewer may see, by the same rules as _access, in three queries
    however many there are (lists and the calendar)."""
    if not events:
        return []
    mine = {
        m.community_id: m
        for m in await db.scalars(
            select(Membership).where(
                Membership.account_id == viewer.account_id,
                Membership.community_id.in_({e.community_id for e in events}),
                Membership.state == MembershipState.VERIFIED,
            )
        )
    }
    group_ids = {e.group_id for e in events if e.group_id is not None}
    groups: dict[uuid.UUID, str] = {}
    if group_ids:
        rows = await db.execute(
            select(GroupMember.group_id, GroupMember.role).where(
                GroupMember.account_id == viewer.account_id,
                GroupMember.group_id.in_(group_ids),
                GroupMember.state == GroupMembershipState.MEMBER,
            )
        )
        groups = dict(rows.tuples().all())
    hidden = set((await db.scalars(select(hidden_account_ids(viewer.account_id).c.id))).all())
    out = []
    for e in events:
        m = mine.get(e.community_id)
        if m is None:
            continue
        if e.group_id is None:
            manage = m.role in STAFF_ROLES or (e.created_by_id == viewer.account_id and m.role in ORGANISER_ROLES)
        elif e.group_id in groups:
            manage = groups[e.group_id] == GroupRole.LEADER
        else:
            continue
        out.append(Access(e, manage, e.created_by_id is None or e.created_by_id not in hidden))
    return out


async def my_events(
    db: AsyncSession, viewer: Viewer | None, *, start: datetime | None, end: datetime | None, limit: int
) -> list[OccurrenceView]:
    """My calendar: the occurrences my family said yes to and has a seat at, in every community."""
    viewer = require_viewer(viewer)
    s, e = window(start, end)
    events = (
        await db.scalars(
            select(Event).where(
                Event.id.in_(
                    select(Rsvp.event_id).where(
                        Rsvp.party_key == party_of(viewer),
                        Rsvp.status == RsvpStatus.GOING,
                        Rsvp.occurrence.is_not(None),
                    )
                ),
                Event.cancelled_at.is_(None),
                Event.first_starts_at < e,
                Event.last_ends_at > s,
            )
        )
    ).all()
    accesses = await _accesses(db, viewer, list(events))
    return await occurrence_views(db, viewer, accesses, start=s, end=e, limit=limit, only_going=True)


async def my_calendar(
    db: AsyncSession, viewer: Viewer | None, *, start: datetime | None, end: datetime | None
) -> list[tuple[Event, recurrence.Occurrence, str | None]]:
    """The dates of my calendar, for its .ics: (event, date, the virtual link when I may attend)."""
    views = await my_events(db, viewer, start=start, end=end, limit=1000)
    return [(v.event.event, v.occurrence, v.event.event.virtual_link if v.event.attend else None) for v in views]


async def series_rsvp(db: AsyncSession, viewer: Viewer | None, event_id: uuid.UUID) -> Rsvp | None:
    viewer = require_viewer(viewer)
    return await db.scalar(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.occurrence.is_(None), Rsvp.party_key == party_of(viewer))
    )


@dataclass(frozen=True)
class RsvpView:
    rsvp: Rsvp
    caregiver_id: uuid.UUID | None
    waitlist_position: int | None


async def rsvps_for_organisers(
    db: AsyncSession, viewer: Viewer | None, *, event_id: uuid.UUID, occurrence: date | None
) -> list[RsvpView]:
    """Everyone's answers for one occurrence (or the series), for the event's organisers only."""
    a = await get_event(db, viewer, event_id)
    if not a.manage:
        raise Forbidden("Only the event's organisers see who answered.", field="eventId")
    rows = (
        await db.scalars(
            select(Rsvp)
            .where(
                Rsvp.event_id == event_id,
                Rsvp.occurrence == occurrence if occurrence else Rsvp.occurrence.is_(None),
            )
            .order_by(Rsvp.status, Rsvp.waitlisted_at, Rsvp.created_at, Rsvp.id)
        )
    ).all()
    queue = [r.id for r in rows if r.status == RsvpStatus.WAITLISTED]
    return [RsvpView(r, r.account_id, queue.index(r.id) + 1 if r.id in queue else None) for r in rows]


async def get_rsvp(db: AsyncSession, viewer: Viewer | None, rsvp_id: uuid.UUID) -> RsvpView:
    """An RSVP, for its family and the event's organisers."""
    viewer = require_viewer(viewer)
    r = await db.get(Rsvp, rsvp_id)
    if r is None:
        raise NotFound("That RSVP does not exist.")
    a = await get_event(db, viewer, r.event_id)
    if r.party_key != party_of(viewer) and not a.manage:
        raise NotFound("That RSVP does not exist.")
    position = None
    if r.status == RsvpStatus.WAITLISTED:
        position = 1 + (
            await db.scalar(
                select(func.count())
                .select_from(Rsvp)
                .where(
                    Rsvp.event_id == r.event_id,
                    Rsvp.occurrence == r.occurrence,
                    Rsvp.status == RsvpStatus.WAITLISTED,
                    or_(
                        Rsvp.waitlisted_at < r.waitlisted_at,
                        and_(Rsvp.waitlisted_at == r.waitlisted_at, Rsvp.id < r.id),
                    ),
                )
            )
            or 0
        )
    return RsvpView(r, r.account_id, position)


async def changes_of(db: AsyncSession, event_id: uuid.UUID) -> dict[date, OccurrenceChange]:
    return await _changes(db, event_id)
