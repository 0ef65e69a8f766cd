"""Scenario helpers for the events tests: a community with its staff admin, a parent leader and
families, events made through the API, and times in the community's zone (America/Chicago)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.factories import Community, Factory, User

CHICAGO = ZoneInfo("America/Chicago")
EVENT_FIELDS = (
    "id title placeName virtualLink capacity cancelled viewerCanManage viewerCanRsvp startsAt endsAt"
    " recurrence { frequency interval until }"
)
CREATE = (
    "mutation($i: CreateEventInput!) { createEvent(input: $i) { event { " + EVENT_FIELDS + " }"
    " errors { field code message } } }"
)
UPDATE = (
    "mutation($i: UpdateEventInput!) { updateEvent(input: $i) { event { " + EVENT_FIELDS + " }"
    " errors { field code message } } }"
)
CANCEL = "mutation($i: CancelEventInput!) { cancelEvent(input: $i) { event { id cancelled } errors { field code } } }"
MOVE = "mutation($i: MoveOccurrenceInput!) { moveOccurrence(input: $i) { event { id } errors { field code } } }"
RSVP = (
    "mutation($i: RsvpInput!) { rsvp(input: $i) { rsvp { id occurrence status adults children waitlistPosition"
    " onBehalf guestName } errors { field code message } } }"
)
OCCURRENCES = (
    "query($id: ID!, $from: DateTime, $to: DateTime) { event(id: $id) { occurrences(from: $from, to: $to) {"
    " date startsAt endsAt cancelled moved goingCount spotsLeft waitlistCount"
    " viewerRsvp { status waitlistPosition } } } }"
)
EVENT = "query($id: ID!) { event(id: $id) { " + EVENT_FIELDS + " } }"


def local(days: int = 3, hour: int = 18, minute: int = 0) -> datetime:
    """A wall time in Chicago `days` from today (naive: the API reads it as the community's time)."""
    d = datetime.now(CHICAGO).date() + timedelta(days=days)
    return datetime(d.year, d.month, d.day, hour, minute)


def iso(d: datetime) -> str:
    return d.isoformat()


@dataclass
class World:
    community: Community
    leader: User  # a parent leader of the community
    ana: User
    ben: User


async def world(f: Factory) -> World:
    c = await f.community()
    leader = await f.member(c, "Lia Leader", role="LEADER")
    ana = await f.member(c, "Ana")
    ben = await f.member(c, "Ben")
    return World(c, leader, ana, ben)


def event_input(w: World, **kw: Any) -> dict[str, Any]:
    start = kw.pop("start", local())
    return {
        "communityId": w.community.id,
        "title": "Family picnic",
        "placeName": "Riverside Park",
        "startsAt": iso(start),
        "endsAt": iso(start + timedelta(hours=2)),
        **kw,
    }


async def create(f: Factory, w: World, user: User | None = None, **kw: Any) -> dict[str, Any]:
    data = await f.ok(CREATE, {"i": event_input(w, **kw)}, user or w.leader)
    return data["createEvent"]["event"]


async def rsvp(f: Factory, user: User, event_id: str, **kw: Any) -> dict[str, Any]:
    body = await f.gql(RSVP, {"i": {"eventId": event_id, "going": True, **kw}}, user)
    assert "errors" not in body, body
    return body["data"]["rsvp"]


async def occurrences(f: Factory, user: User, event_id: str, **kw: Any) -> list[dict[str, Any]]:
    data = await f.ok(OCCURRENCES, {"id": event_id, **kw}, user)
    return data["event"]["occurrences"]


def utc_now() -> datetime:
    return datetime.now(UTC)
