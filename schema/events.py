"""Events: a group's or a community's events with their dates in the community's time, RSVPs with
seats and a waitlist, a personal calendar, and the iCalendar text the PWA downloads as a file."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated

import strawberry

from api.events import ics as ics_text
from api.events import models, service
from api.events.recurrence import instant
from api.ids import from_global_id, to_global_id
from schema.accounts import Caregiver, caregiver_loader
from schema.context import Info
from schema.core import Node, UserError, node_resolver, page_size, run_mutation

RecurrenceFrequency = strawberry.enum(
    models.Frequency,
    name="RecurrenceFrequency",
    description="Not repeating; every N weeks on the start's weekday; monthly on the start's weekday of the month.",
)
RsvpStatus = strawberry.enum(
    models.RsvpStatus,
    name="RsvpStatus",
    description="going (holds seats), waitlisted (first come, first promoted), or not going.",
)


@strawberry.type(description="How an event repeats. Every series ends (`until`, at most two years on).")
class Recurrence:
    frequency: RecurrenceFrequency
    interval: int = strawberry.field(description="Every N weeks (or months).")
    until: date | None = strawberry.field(description="The last date, in the community's time (inclusive).")


@strawberry.type(description="A family's answer for one date of an event, or for the series (date null).")
class Rsvp(Node):
    occurrence: date | None = strawberry.field(description="The date answered (its original date); null: the series.")
    status: RsvpStatus
    adults: int
    children: int
    waitlist_position: int | None = strawberry.field(description="1 = next in; null unless waitlisted.")
    guest_name: str | None = strawberry.field(description="A family without the app, as an organiser named it.")
    on_behalf: bool = strawberry.field(description="Answered by an organiser for the family.")
    updated_at: datetime
    _account_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The caregiver of the family (null for a family without the app).")
    async def caregiver(self, info: Info) -> Caregiver | None:
        return await caregiver_loader(info).load(self._account_id) if self._account_id else None

    @classmethod
    def build(cls, view: service.RsvpView) -> Rsvp:
        r = view.rsvp
        return cls(
            id=strawberry.ID(to_global_id("Rsvp", r.id)),
            occurrence=r.occurrence,
            status=RsvpStatus(r.status),
            adults=r.adults,
            children=r.children,
            waitlist_position=view.waitlist_position,
            guest_name=r.guest_name,
            on_behalf=r.recorded_by_id is not None,
            updated_at=r.updated_at,
            _account_id=r.account_id,
        )


@strawberry.type(description="One date of an event, in the community's time.")
class EventOccurrence:
    event: Event
    date: date = strawberry.field(description="Its original date: the key for rsvp, cancelEvent, moveOccurrence.")
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    moved: bool
    going_count: int = strawberry.field(description="People going (adults and children).")
    going_families: int
    spots_left: int | None = strawberry.field(description="Null: no limit.")
    waitlist_count: int = strawberry.field(description="Families waiting.")
    viewer_rsvp: Rsvp | None = strawberry.field(description="My family's answer for this date.")

    @classmethod
    def build(cls, v: service.OccurrenceView) -> EventOccurrence:
        o = v.occurrence
        return cls(
            event=Event.build(v.event),
            date=o.key,
            starts_at=o.starts_at,
            ends_at=o.ends_at,
            cancelled=o.cancelled,
            moved=o.moved,
            going_count=v.going_people,
            going_families=v.going_families,
            spots_left=v.spots_left,
            waitlist_count=v.waitlisted_families,
            viewer_rsvp=Rsvp.build(service.RsvpView(v.mine, v.mine.account_id, v.waitlist_position))
            if v.mine
            else None,
        )


@strawberry.type(description="An event of a group or of a whole community; it may repeat.")
class Event(Node):
    community_id: strawberry.ID
    group_id: strawberry.ID | None = strawberry.field(description="Null: a community-wide event.")
    title: str
    description: str
    place_name: str | None = strawberry.field(description="A named public place.")
    area_label: str | None = strawberry.field(description="An approximate area.")
    virtual_link: str | None = strawberry.field(description="Only for members who may attend.")
    timezone: str = strawberry.field(description="The community's time zone; every time is local to it.")
    starts_at: datetime = strawberry.field(description="The first date's start.")
    ends_at: datetime
    recurrence: Recurrence
    capacity: int | None = strawberry.field(description="People (adults and children); null: no limit.")
    cancelled: bool
    created_at: datetime
    viewer_can_manage: bool
    viewer_can_rsvp: bool
    _access: strawberry.Private[service.Access]

    @strawberry.field(description="Who organised it (null when their account is gone, or across a block).")
    async def organiser(self, info: Info) -> Caregiver | None:
        by = self._access.event.created_by_id
        # Not across a block: the event stays visible, its organiser does not.
        return await caregiver_loader(info).load(by) if by and self._access.attend else None

    @strawberry.field(description="Its dates in a window (default: from now, the next two months).")
    async def occurrences(
        self,
        info: Info,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
        first: int | None = 20,
    ) -> list[EventOccurrence]:
        n = page_size(info, first)
        viewer = info.context.viewer
        assert viewer is not None
        async with info.context.db() as db:
            start, end = service.window(from_, to)
            views = await service.occurrence_views(db, viewer, [self._access], start=start, end=end, limit=n)
        return [EventOccurrence.build(v) for v in views]

    @strawberry.field(description="My family's answer for the whole series, if we gave one.")
    async def viewer_series_rsvp(self, info: Info) -> Rsvp | None:
        async with info.context.db() as db:
            r = await service.series_rsvp(db, info.context.viewer, self._access.event.id)
        return Rsvp.build(service.RsvpView(r, r.account_id, None)) if r else None

    @strawberry.field(description="Every family's answer for a date (or the series): the organisers only.")
    async def rsvps(self, info: Info, occurrence: date | None = None) -> list[Rsvp]:
        async with info.context.db() as db:
            views = await service.rsvps_for_organisers(
                db, info.context.viewer, event_id=self._access.event.id, occurrence=occurrence
            )
        return [Rsvp.build(v) for v in views]

    @strawberry.field(
        description="The event (or one date) as iCalendar text (RFC 5545), to save as an .ics file. "
        "Fetched with the session like any query: no link carries a token."
    )
    async def ics(self, info: Info, occurrence: date | None = None) -> str:
        a = self._access
        async with info.context.db() as db:
            changes = await service.changes_of(db, a.event.id)
        return ics_text.calendar(
            a.event, changes, link=a.event.virtual_link if a.attend else None, occurrence=occurrence
        )

    @classmethod
    def build(cls, a: service.Access) -> Event:
        e = a.event
        start = instant(e.starts_local, e.timezone)
        return cls(
            id=strawberry.ID(to_global_id("Event", e.id)),
            community_id=strawberry.ID(to_global_id("Community", e.community_id)),
            group_id=strawberry.ID(to_global_id("Group", e.group_id)) if e.group_id else None,
            title=e.title,
            description=e.description,
            place_name=e.place_name,
            area_label=e.area_label,
            virtual_link=e.virtual_link if a.attend else None,
            timezone=e.timezone,
            starts_at=start,
            ends_at=(start + timedelta(minutes=e.duration_minutes)).astimezone(start.tzinfo),
            recurrence=Recurrence(frequency=RecurrenceFrequency(e.frequency), interval=e.interval, until=e.until),
            capacity=e.capacity,
            cancelled=e.cancelled_at is not None,
            created_at=e.created_at,
            viewer_can_manage=a.manage,
            viewer_can_rsvp=a.attend and e.cancelled_at is None,
            _access=a,
        )


@node_resolver("Event")
async def resolve_event(info: Info, pk: uuid.UUID) -> Event:
    async with info.context.db() as db:
        return Event.build(await service.get_event(db, info.context.viewer, pk))


@node_resolver("Rsvp")
async def resolve_rsvp(info: Info, pk: uuid.UUID) -> Rsvp:
    async with info.context.db() as db:
        return Rsvp.build(await service.get_rsvp(db, info.context.viewer, pk))


# --- inputs and payloads ---------------------------------------------------------------------


@strawberry.input
class RecurrenceInput:
    frequency: RecurrenceFrequency
    interval: int = 1
    until: date | None = strawberry.field(default=None, description="Required when it repeats.")


@strawberry.input(description="An event for a group (its leaders) or for a whole community (its leaders and staff).")
class CreateEventInput:
    community_id: strawberry.ID | None = None
    group_id: strawberry.ID | None = None
    title: str
    description: str | None = None
    place_name: str | None = strawberry.field(default=None, description="A named public place, never a home.")
    postal_code: str | None = strawberry.field(default=None, description="An approximate area.")
    virtual_link: str | None = strawberry.field(default=None, description="https:// link, shown to members only.")
    starts_at: datetime = strawberry.field(
        description="Local time in the community's time zone (an offset, if given, is converted to it)."
    )
    ends_at: datetime
    recurrence: RecurrenceInput | None = None
    capacity: int | None = strawberry.field(default=None, description="People; null: no limit.")


@strawberry.input(description="Only the fields given change; an empty place or link removes it.")
class UpdateEventInput:
    event_id: strawberry.ID
    title: str | None = None
    description: str | None = None
    place_name: str | None = None
    postal_code: str | None = None
    virtual_link: str | None = None
    starts_at: datetime | None = strawberry.field(
        default=None, description="For a series, only its time of day may change (its dates stay)."
    )
    ends_at: datetime | None = None
    until: date | None = None
    capacity: int | None = None
    no_capacity_limit: bool = False


@strawberry.input(description="Cancel the whole event, or one date of a series (`occurrence`).")
class CancelEventInput:
    event_id: strawberry.ID
    occurrence: date | None = None


@strawberry.input
class MoveOccurrenceInput:
    event_id: strawberry.ID
    occurrence: date = strawberry.field(description="The date as listed (EventOccurrence.date).")
    starts_at: datetime = strawberry.field(description="The new start, local time; the length stays.")


@strawberry.input(
    description="My family's answer for one date (`occurrence`) or for the whole series; an organiser may "
    "answer for a member's family (`caregiverId`) or a family without the app (`guestName`, then `rsvpId`)."
)
class RsvpInput:
    event_id: strawberry.ID
    occurrence: date | None = None
    going: bool
    adults: int = 1
    children: int = 0
    caregiver_id: strawberry.ID | None = None
    guest_name: str | None = None
    rsvp_id: strawberry.ID | None = None


@strawberry.type
class EventPayload:
    event: Event | None
    errors: list[UserError]


@strawberry.type
class RsvpPayload:
    rsvp: Rsvp | None
    event: Event | None
    errors: list[UserError]


def _gid(value: str | None, type_name: str, field: str) -> uuid.UUID | None:
    return None if value is None else from_global_id(value, type_name, field=field)


async def _event_payload(info: Info, call) -> EventPayload:
    async def go():
        e = await call()
        return await service.get_event(info.context.session, info.context.viewer, e.id)

    a, errors = await run_mutation(info, go)
    return EventPayload(event=Event.build(a) if a else None, errors=errors)


@strawberry.type
class EventsQuery:
    @strawberry.field(description="An event, for those who may see it.")
    async def event(self, info: Info, id: strawberry.ID) -> Event:
        return await resolve_event(info, from_global_id(id, "Event", field="id"))

    @strawberry.field(
        description="Dates of events in a window, in order: a group's (its members), or the community's "
        "events I may see (community-wide ones and my groups'). Default: from now, two months."
    )
    async def events(
        self,
        info: Info,
        community_id: strawberry.ID,
        group_id: strawberry.ID | None = None,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
        first: int | None = 50,
    ) -> list[EventOccurrence]:
        n = page_size(info, first)
        async with info.context.db() as db:
            views = await service.list_events(
                db,
                info.context.viewer,
                community_id=from_global_id(community_id, "Community", field="communityId"),
                group_id=_gid(group_id, "Group", "groupId"),
                start=from_,
                end=to,
                limit=n,
            )
        return [EventOccurrence.build(v) for v in views]

    @strawberry.field(description="My calendar: the dates my family is going to (a seat, not the waitlist).")
    async def my_events(
        self,
        info: Info,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
        first: int | None = 50,
    ) -> list[EventOccurrence]:
        n = page_size(info, first)
        async with info.context.db() as db:
            views = await service.my_events(db, info.context.viewer, start=from_, end=to, limit=n)
        return [EventOccurrence.build(v) for v in views]

    @strawberry.field(
        description="My calendar as iCalendar text (RFC 5545): only the dates my family is going to. "
        "Fetched with the session like any query: no link carries a token. Default: the next two months."
    )
    async def my_events_ics(
        self,
        info: Info,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
    ) -> str:
        async with info.context.db() as db:
            items = await service.my_calendar(db, info.context.viewer, start=from_, end=to)
        return ics_text.personal(items)


@strawberry.type
class EventsMutation:
    @strawberry.mutation(description="Plan an event; the group's members (or the community) are told.")
    async def create_event(self, info: Info, input: CreateEventInput) -> EventPayload:
        rule = (
            service.Recurrence(input.recurrence.frequency.value, input.recurrence.interval, input.recurrence.until)
            if input.recurrence
            else None
        )
        return await _event_payload(
            info,
            lambda: service.create_event(
                info.context.session,
                info.context.viewer,
                community_id=_gid(input.community_id, "Community", "communityId"),
                group_id=_gid(input.group_id, "Group", "groupId"),
                title=input.title,
                description=input.description,
                place_name=input.place_name,
                postal_code=input.postal_code,
                virtual_link=input.virtual_link,
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                recurrence_rule=rule,
                capacity=input.capacity,
            ),
        )

    @strawberry.mutation(description="Change an event (its organisers); families who answered are told.")
    async def update_event(self, info: Info, input: UpdateEventInput) -> EventPayload:
        return await _event_payload(
            info,
            lambda: service.update_event(
                info.context.session,
                info.context.viewer,
                event_id=_gid(input.event_id, "Event", "eventId"),
                title=input.title,
                description=input.description,
                place_name=input.place_name,
                postal_code=input.postal_code,
                virtual_link=input.virtual_link,
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                until=input.until,
                capacity=input.capacity,
                clear_capacity=input.no_capacity_limit,
            ),
        )

    @strawberry.mutation(description="Cancel an event or one of its dates (its organisers); families are told.")
    async def cancel_event(self, info: Info, input: CancelEventInput) -> EventPayload:
        return await _event_payload(
            info,
            lambda: service.cancel_event(
                info.context.session,
                info.context.viewer,
                event_id=_gid(input.event_id, "Event", "eventId"),
                occurrence=input.occurrence,
            ),
        )

    @strawberry.mutation(description="Move one date of an event (its organisers); answers stay with it.")
    async def move_occurrence(self, info: Info, input: MoveOccurrenceInput) -> EventPayload:
        return await _event_payload(
            info,
            lambda: service.move_occurrence(
                info.context.session,
                info.context.viewer,
                event_id=_gid(input.event_id, "Event", "eventId"),
                occurrence=input.occurrence,
                starts_at=input.starts_at,
            ),
        )

    @strawberry.mutation(description="Answer for a date or the series: going (with how many) or not.")
    async def rsvp(self, info: Info, input: RsvpInput) -> RsvpPayload:
        async def go():
            db, viewer = info.context.session, info.context.viewer
            r = await service.rsvp(
                db,
                viewer,
                event_id=_gid(input.event_id, "Event", "eventId"),
                occurrence=input.occurrence,
                going=input.going,
                adults=input.adults,
                children=input.children,
                caregiver_id=_gid(input.caregiver_id, "Caregiver", "caregiverId"),
                guest_name=input.guest_name,
                rsvp_id=_gid(input.rsvp_id, "Rsvp", "rsvpId"),
            )
            view = await service.get_rsvp(db, viewer, r.id)
            return view, await service.get_event(db, viewer, r.event_id)

        result, errors = await run_mutation(info, go)
        if result is None:
            return RsvpPayload(rsvp=None, event=None, errors=errors)
        return RsvpPayload(rsvp=Rsvp.build(result[0]), event=Event.build(result[1]), errors=errors)
