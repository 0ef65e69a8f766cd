"""Carpools: search and my carpools, a carpool with its schedule, families, trips, ledger and swaps
(what each viewer may see is decided in api/carpools/service.py), my upcoming trips, and the
actions on seats, trips and swaps."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader

from api.carpools import models, service
from api.carpools import schedule as sched
from api.ids import from_global_id, to_global_id
from schema.accounts import Caregiver, caregiver_loader
from schema.context import Info
from schema.core import Node, UserError, node_resolver, page_size, run_mutation
from schema.skills import Weekday

CarpoolPurpose = strawberry.enum(models.Purpose, name="CarpoolPurpose", description="School run, team, or event.")
SeatState = strawberry.enum(
    models.SeatState,
    name="SeatState",
    description="A family's place in a carpool: asked, approved (rides), declined, or left (or withdrawn).",
)
SwapState = strawberry.enum(models.SwapState, name="SwapState")
CarpoolDirection = strawberry.enum(
    sched.Direction, name="CarpoolDirection", description="To the destination, or back from it."
)
CarpoolWeeks = strawberry.enum(
    sched.Weeks,
    name="CarpoolWeeks",
    description="Every week, or alternate weeks: A is the schedule's first week, B the second, A the third...",
)


def _family_gid(fid: uuid.UUID) -> strawberry.ID:
    return strawberry.ID(to_global_id("Family", fid))


def _family_caregivers(info: Info) -> DataLoader[uuid.UUID, list[uuid.UUID]]:
    """A family's caregivers (not across a block with the viewer), for every family in a response at once."""
    ctx = info.context
    loader = ctx.loaders.get("carpool_family_caregivers")
    if loader is None:

        async def load(ids: list[uuid.UUID]) -> list[list[uuid.UUID]]:
            async with ctx.db() as db:
                found = await service.caregivers_by_family(db, ids, ctx.viewer.account_id)  # type: ignore[union-attr]
            return [found.get(i, []) for i in ids]

        loader = ctx.loaders["carpool_family_caregivers"] = DataLoader(load_fn=load)
    return loader


def _count_loader(info: Info, key: str, counts) -> DataLoader[uuid.UUID, int]:
    """A count per carpool (`counts(db, ids) -> {id: n}`) for every carpool in a response at once."""
    ctx = info.context
    loader = ctx.loaders.get(key)
    if loader is None:

        async def load(ids: list[uuid.UUID]) -> list[int]:
            async with ctx.db() as db:
                found = await counts(db, ids)
            return [found.get(i, 0) for i in ids]

        loader = ctx.loaders[key] = DataLoader(load_fn=load)
    return loader


async def _people(info: Info, ids: list[uuid.UUID]) -> list[Caregiver]:
    found = await caregiver_loader(info).load_many(ids)
    return [c for c in found if c is not None]


@strawberry.type(description="One run of the weekly schedule.")
class CarpoolLeg:
    key: str = strawberry.field(description="Its name within the carpool: what a seat request chooses.")
    weekday: Weekday
    direction: CarpoolDirection
    at: time = strawberry.field(description="Local time (the community's) of pickup or departure.")
    weeks: CarpoolWeeks
    label: str = strawberry.field(description='In English, for people ("Monday there").')


@strawberry.type(description="A carpool's schedule; every time is local to the carpool's time zone.")
class CarpoolSchedule:
    legs: list[CarpoolLeg]
    starts_on: date
    ends_on: date
    skipped: list[date] = strawberry.field(description="Days off: school holidays, teacher days.")


@strawberry.type(description="A child riding, by first name only (and only for the carpool's approved families).")
class CarpoolChild:
    id: strawberry.ID | None = strawberry.field(description="Set for my own children only.")
    first_name: str


@strawberry.type(description="A family's seat request and, once approved, its place in the carpool.")
class CarpoolSeatRequest(Node):
    state: SeatState
    organiser: bool
    can_drive: bool
    legs: list[str] = strawberry.field(description="The runs (CarpoolLeg.key) the family rides.")
    family_id: strawberry.ID
    is_mine: bool
    children: list[CarpoolChild] = strawberry.field(description="Empty unless I may see them.")
    note: str | None = strawberry.field(description="What the family wrote with the request.")
    contact: str | None = strawberry.field(description="How to reach them besides messages: approved families only.")
    created_at: datetime
    decided_at: datetime | None
    _caregivers: strawberry.Private[list[uuid.UUID]]

    @strawberry.field(description="The family's caregivers (not across a block).")
    async def caregivers(self, info: Info) -> list[Caregiver]:
        return await _people(info, self._caregivers)

    @classmethod
    def build(cls, f: service.FamilyInCarpool, mine: uuid.UUID) -> CarpoolSeatRequest:
        r = f.row
        own = r.family_id == mine
        return cls(
            id=strawberry.ID(to_global_id("CarpoolSeatRequest", r.id)),
            state=SeatState(r.state),
            organiser=r.organiser,
            can_drive=r.can_drive,
            legs=list(r.legs),
            family_id=_family_gid(r.family_id),
            is_mine=own,
            children=[
                CarpoolChild(id=strawberry.ID(to_global_id("Child", cid)) if own else None, first_name=name)
                for cid, name in f.children
            ],
            note=r.note,
            contact=f.contact,
            created_at=r.created_at,
            decided_at=r.decided_at,
            _caregivers=f.caregiver_ids,
        )


@strawberry.type(description="A child on a trip, and whether they ride it.")
class CarpoolTripRider:
    child: CarpoolChild
    family_id: strawberry.ID
    riding: bool


@strawberry.type(description="The family driving a trip.")
class CarpoolDriver:
    family_id: strawberry.ID
    is_mine: bool
    _family: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def caregivers(self, info: Info) -> list[Caregiver]:
        return await _people(info, await _family_caregivers(info).load(self._family))


@strawberry.type(description="One dated trip of a carpool (approved families only).")
class CarpoolTrip(Node):
    carpool_id: strawberry.ID
    carpool_title: str
    destination: str
    date: date = strawberry.field(description="Its scheduled date (kept when the trip moves).")
    direction: CarpoolDirection
    starts_at: datetime
    moved: bool
    cancelled: bool
    driver_confirmed: bool = strawberry.field(description="False: proposed by the ledger, not yet confirmed.")
    viewer_is_driver: bool
    viewer_can_change: bool
    viewer_can_drive: bool
    seats_used: int
    seats: int
    riders: list[CarpoolTripRider]
    picked_up_at: datetime | None
    dropped_off_at: datetime | None
    _driver: strawberry.Private[uuid.UUID | None]
    _view: strawberry.Private[service.TripView]

    @strawberry.field(description="Null: nobody drives it yet.")
    async def driver(self, info: Info) -> CarpoolDriver | None:
        if self._driver is None:
            return None
        return CarpoolDriver(
            family_id=_family_gid(self._driver),
            is_mine=self._driver == self._view.carpool.family_id,
            _family=self._driver,
        )

    @classmethod
    def build(cls, tv: service.TripView, names: dict[uuid.UUID, str]) -> CarpoolTrip:
        t, v = tv.trip, tv.carpool
        riders = [
            CarpoolTripRider(
                child=CarpoolChild(
                    id=strawberry.ID(to_global_id("Child", cid)) if fid == v.family_id else None,
                    first_name=names.get(cid, ""),
                ),
                family_id=_family_gid(fid),
                riding=riding,
            )
            for fid, cid, riding in tv.riders
        ]
        return cls(
            id=strawberry.ID(to_global_id("CarpoolTrip", t.id)),
            carpool_id=strawberry.ID(to_global_id("Carpool", t.carpool_id)),
            carpool_title=v.carpool.title,
            destination=v.carpool.destination,
            date=t.on,
            direction=sched.Direction(t.direction),
            starts_at=t.starts_at,
            moved=t.moved,
            cancelled=t.cancelled_at is not None,
            driver_confirmed=t.driver_confirmed,
            viewer_is_driver=tv.is_driver,
            viewer_can_change=tv.can_change,
            viewer_can_drive=bool(v.mine and v.mine.can_drive),
            seats_used=sum(1 for r in riders if r.riding),
            seats=v.carpool.seats,
            riders=riders,
            picked_up_at=t.picked_up_at,
            dropped_off_at=t.dropped_off_at,
            _driver=t.driver_family_id,
            _view=tv,
        )


async def _trips(info: Info, views: list[service.TripView]) -> list[CarpoolTrip]:
    async with info.context.db() as db:
        names = await service.child_names(db, {cid for tv in views for _, cid, _ in tv.riders})
    return [CarpoolTrip.build(tv, names) for tv in views]


@strawberry.type(description="A family's line of the driving ledger, in drives.")
class CarpoolLedgerLine:
    family_id: strawberry.ID
    is_mine: bool
    balance: float = strawberry.field(
        description="Drives given (and help credited) minus the family's share of the trips it rode: "
        "below zero owes drives."
    )
    balance_text: str = strawberry.field(description='The exact balance, as a fraction ("-1/3").')
    drives: int
    credited: float = strawberry.field(description="Help other than driving, in drives.")
    proposed_next: bool = strawberry.field(description="Proposed to drive the next trip.")
    _caregivers: strawberry.Private[list[uuid.UUID]]

    @strawberry.field
    async def caregivers(self, info: Info) -> list[Caregiver]:
        return await _people(info, self._caregivers)


@strawberry.type(description="A driver asking another family to take a trip, maybe taking one of theirs.")
class CarpoolSwap(Node):
    state: SwapState
    note: str
    created_at: datetime
    viewer_is_asked: bool
    viewer_asked: bool
    trip_id: strawberry.ID
    trip_starts_at: datetime
    return_trip_id: strawberry.ID | None
    return_trip_starts_at: datetime | None

    @classmethod
    def build(cls, swap: models.Swap, mine: uuid.UUID, starts: dict[uuid.UUID, datetime]) -> CarpoolSwap:
        return cls(
            id=strawberry.ID(to_global_id("CarpoolSwap", swap.id)),
            state=SwapState(swap.state),
            note=swap.note,
            created_at=swap.created_at,
            viewer_is_asked=swap.to_family_id == mine,
            viewer_asked=swap.from_family_id == mine,
            trip_id=strawberry.ID(to_global_id("CarpoolTrip", swap.trip_id)),
            trip_starts_at=starts[swap.trip_id],
            return_trip_id=strawberry.ID(to_global_id("CarpoolTrip", swap.return_trip_id))
            if swap.return_trip_id
            else None,
            return_trip_starts_at=starts.get(swap.return_trip_id) if swap.return_trip_id else None,
        )


@strawberry.type(description="A recurring (or one-off) ride to a destination. Village does not screen drivers.")
class Carpool(Node):
    community_id: strawberry.ID
    title: str
    destination: str
    purpose: CarpoolPurpose
    notes: str
    directions: list[CarpoolDirection]
    timezone: str
    schedule: CarpoolSchedule
    seats: int = strawberry.field(description="Seats for children on each trip.")
    seats_free: int = strawberry.field(description="Free seats on the fullest run.")
    pickup_area: str = strawberry.field(description="The approximate pickup area (about 1 km), for everyone.")
    pickup_details: str | None = strawberry.field(description="The exact pickup: approved families only.")
    distance_km: float | None = strawberry.field(description="From the search's place to the pickup area, about.")
    cancelled: bool
    viewer_state: SeatState | None = strawberry.field(description="My family's place in it; null: none.")
    viewer_is_organiser: bool
    viewer_can_decide: bool = strawberry.field(description="I approve seat requests (organiser or co-driver).")
    created_at: datetime
    _view: strawberry.Private[service.CarpoolView]

    @strawberry.field(description="Who set it up (null across a block, or when nobody took over).")
    async def organiser(self, info: Info) -> Caregiver | None:
        by = self._view.carpool.organiser_id
        return await caregiver_loader(info).load(by) if by else None

    @strawberry.field(description="Approved families.")
    async def family_count(self, info: Info) -> int:
        return await _count_loader(info, "carpool_family_count", service.family_counts).load(self._view.carpool.id)

    @strawberry.field(description="Requests waiting for an answer (the organiser and co-drivers see them).")
    async def pending_request_count(self, info: Info) -> int:
        if not self._view.decides:
            return 0
        return await _count_loader(info, "carpool_pending_count", service.pending_counts).load(self._view.carpool.id)

    @strawberry.field(
        description="Approved families (for approved families), requests waiting (for the organiser and "
        "co-drivers), and my own family's request."
    )
    async def families(self, info: Info) -> list[CarpoolSeatRequest]:
        async with info.context.db() as db:
            rows = await service.families_of(db, self._view, viewer_id=info.context.viewer.account_id)  # type: ignore[union-attr]
        return [CarpoolSeatRequest.build(f, self._view.family_id) for f in rows]

    @strawberry.field(description="Trips in a window (default: the next four weeks): approved families only.")
    async def trips(
        self,
        info: Info,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
        first: int | None = 40,
    ) -> list[CarpoolTrip]:
        n = page_size(info, first, default=40)
        async with info.context.db() as db:
            views = await service.carpool_trips(db, self._view, start=from_, end=to, limit=n)
        return await _trips(info, views)

    @strawberry.field(description="The driving ledger, owing most first: every approved family sees it.")
    async def ledger(self, info: Info) -> list[CarpoolLedgerLine]:
        async with info.context.db() as db:
            lines = await service.ledger_lines(db, self._view)
            people = await service.caregivers_by_family(
                db,
                [line.family_id for line in lines],
                info.context.viewer.account_id,  # type: ignore[union-attr]
            )
        return [
            CarpoolLedgerLine(
                family_id=_family_gid(line.family_id),
                is_mine=line.family_id == self._view.family_id,
                balance=float(line.balance),
                balance_text=f"{'+' if line.balance > 0 else ''}{line.balance}",
                drives=line.drives,
                credited=float(line.credited),
                proposed_next=line.proposed_next,
                _caregivers=people.get(line.family_id, []),
            )
            for line in lines
        ]

    @strawberry.field(description="Swaps my family asked or was asked (pending, and answered in the last two weeks).")
    async def swaps(self, info: Info) -> list[CarpoolSwap]:
        async with info.context.db() as db:
            swaps = await service.swaps_for(db, self._view)
            starts = await service.trip_starts(db, {s.trip_id for s in swaps} | {s.return_trip_id for s in swaps})
        return [CarpoolSwap.build(s, self._view.family_id, starts) for s in swaps]

    @classmethod
    def build(cls, v: service.CarpoolView) -> Carpool:
        c = v.carpool
        s = service.schedule_of(c)
        return cls(
            id=strawberry.ID(to_global_id("Carpool", c.id)),
            community_id=strawberry.ID(to_global_id("Community", c.community_id)),
            title=c.title,
            destination=c.destination,
            purpose=CarpoolPurpose(c.purpose),
            notes=c.notes,
            directions=sorted({leg.direction for leg in s.legs}, key=lambda d: d != sched.Direction.TO),
            timezone=c.timezone,
            schedule=CarpoolSchedule(
                legs=[
                    CarpoolLeg(
                        key=leg.key,
                        weekday=Weekday(leg.weekday),
                        direction=leg.direction,
                        at=leg.at,
                        weeks=leg.weeks,
                        label=service.leg_label(leg.key),
                    )
                    for leg in s.legs
                ],
                starts_on=c.starts_on,
                ends_on=c.ends_on,
                skipped=sorted(c.skipped or []),
            ),
            seats=c.seats,
            seats_free=c.seats_free,
            pickup_area=c.pickup_label,
            pickup_details=c.pickup_details if v.approved else None,
            distance_km=round(v.distance_km * 2) / 2 if v.distance_km is not None else None,
            cancelled=c.cancelled_at is not None,
            viewer_state=SeatState(v.mine.state) if v.mine else None,
            viewer_is_organiser=v.organiser,
            viewer_can_decide=v.decides,
            created_at=c.created_at,
            _view=v,
        )


@node_resolver("Carpool")
async def resolve_carpool(info: Info, pk: uuid.UUID) -> Carpool:
    async with info.context.db() as db:
        return Carpool.build(await service.get_carpool(db, info.context.viewer, pk))


@node_resolver("CarpoolTrip")
async def resolve_trip(info: Info, pk: uuid.UUID) -> CarpoolTrip:
    async with info.context.db() as db:
        tv = await service.get_trip(db, info.context.viewer, pk)
    return (await _trips(info, [tv]))[0]


@node_resolver("CarpoolSeatRequest")
async def resolve_request(info: Info, pk: uuid.UUID) -> CarpoolSeatRequest:
    async with info.context.db() as db:
        row, v = await service.get_request(db, info.context.viewer, pk)
        found = [
            f
            for f in await service.families_of(db, v, viewer_id=info.context.viewer.account_id)  # type: ignore[union-attr]
            if f.row.id == row.id
        ]
    if not found:
        raise service.NotFound("That seat request does not exist, or you cannot see it.", field="id")
    return CarpoolSeatRequest.build(found[0], v.family_id)


@node_resolver("CarpoolSwap")
async def resolve_swap(info: Info, pk: uuid.UUID) -> CarpoolSwap:
    async with info.context.db() as db:
        swap, v = await service.get_swap(db, info.context.viewer, pk)
        starts = await service.trip_starts(db, {swap.trip_id, swap.return_trip_id})
    return CarpoolSwap.build(swap, v.family_id, starts)


# --- inputs and payloads ---------------------------------------------------------------------------


@strawberry.input(description="One run of the weekly schedule.")
class CarpoolLegInput:
    weekday: Weekday
    direction: CarpoolDirection
    at: time = strawberry.field(description="Local time of pickup (there) or departure (back).")
    weeks: CarpoolWeeks = sched.Weeks.EVERY


@strawberry.input
class CarpoolScheduleInput:
    legs: list[CarpoolLegInput]
    starts_on: date
    ends_on: date
    skipped: list[date] | None = strawberry.field(default=None, description="Days off (school holidays).")


@strawberry.input(description="A carpool in my community; my family is its first family (and drives, unless I say).")
class CreateCarpoolInput:
    community_id: strawberry.ID
    title: str
    destination: str = strawberry.field(description="A named place (the school, the practice field), never a home.")
    purpose: CarpoolPurpose = models.Purpose.SCHOOL
    notes: str | None = None
    schedule: CarpoolScheduleInput
    seats: int = strawberry.field(description="Seats for children on each trip, 1 to 8.")
    postal_code: str | None = strawberry.field(
        default=None, description="Where pickup is, roughly (default: my home area). Only the area is shown."
    )
    pickup_details: str | None = strawberry.field(
        default=None, description="The exact pickup (a corner, a driveway): shown to approved families only."
    )
    child_ids: list[strawberry.ID] = strawberry.field(default_factory=list, description="My children riding.")
    can_drive: bool = True
    contact: str | None = strawberry.field(default=None, description="A phone number, for approved families only.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Sent twice, made once.")


@strawberry.input(
    description="The organiser changes the carpool: only the fields given change. `skipped` replaces the days off "
    "(trips on a new day off are called off; a day no longer off gets its trips back)."
)
class UpdateCarpoolInput:
    carpool_id: strawberry.ID
    title: str | None = None
    notes: str | None = None
    seats: int | None = None
    pickup_details: str | None = None
    skipped: list[date] | None = None
    ends_on: date | None = None


@strawberry.input(description="Seats for some of my children on chosen runs (all runs when `legs` is not given).")
class RequestSeatInput:
    carpool_id: strawberry.ID
    child_ids: list[strawberry.ID]
    legs: list[str] | None = None
    can_drive: bool = strawberry.field(default=False, description="My family can take turns driving.")
    note: str | None = None
    contact: str | None = strawberry.field(default=None, description="A phone number, for approved families only.")
    client_mutation_id: str | None = None


@strawberry.input
class DecideSeatRequestInput:
    request_id: strawberry.ID
    approve: bool


@strawberry.input(description="My family leaves the carpool, or withdraws its request.")
class LeaveCarpoolInput:
    carpool_id: strawberry.ID


@strawberry.input
class CancelTripInput:
    trip_id: strawberry.ID
    client_mutation_id: str | None = None


@strawberry.input(
    description="Change a trip (its driver or the organiser): its time (`startsAt`, local, up to six days "
    "away), its driver (`driverFamilyId`, the organiser only), or give it up (`giveUp`: the pool is asked)."
)
class ChangeTripInput:
    trip_id: strawberry.ID
    starts_at: datetime | None = None
    driver_family_id: strawberry.ID | None = None
    give_up: bool = False


@strawberry.input(description="My family drives this trip.")
class TakeTripInput:
    trip_id: strawberry.ID


@strawberry.input(description="Some of my children are not riding this trip (or are riding again).")
class SetTripRidingInput:
    trip_id: strawberry.ID
    child_ids: list[strawberry.ID]
    riding: bool


@strawberry.input(description="The driver taps picked up, then dropped off.")
class CheckInTripInput:
    trip_id: strawberry.ID
    dropped_off: bool = False


@strawberry.input(description='"Can you take Thursday? I\'ll take next Tuesday."')
class RequestSwapInput:
    trip_id: strawberry.ID
    to_family_id: strawberry.ID
    return_trip_id: strawberry.ID | None = None
    note: str | None = None


@strawberry.input
class AnswerSwapInput:
    swap_id: strawberry.ID
    accept: bool


@strawberry.input(description="The organiser credits a family's help other than driving, in drives.")
class CreditCarpoolHelpInput:
    carpool_id: strawberry.ID
    family_id: strawberry.ID
    drives: float
    note: str


@strawberry.type
class CarpoolPayload:
    carpool: Carpool | None
    errors: list[UserError]


@strawberry.type
class SeatRequestPayload:
    request: CarpoolSeatRequest | None
    carpool: Carpool | None
    errors: list[UserError]


@strawberry.type
class TripPayload:
    trip: CarpoolTrip | None
    errors: list[UserError]


@strawberry.type
class SwapPayload:
    swap: CarpoolSwap | None
    errors: list[UserError]


def _gid(value: str | None, type_name: str, field: str) -> uuid.UUID | None:
    return None if value is None else from_global_id(value, type_name, field=field)


def _gids(values: list[strawberry.ID], type_name: str, field: str) -> list[uuid.UUID]:
    return [from_global_id(v, type_name, field=f"{field}.{i}") for i, v in enumerate(values)]


async def _carpool_payload(info: Info, call) -> CarpoolPayload:
    async def go():
        c = await call()
        return await service.get_carpool(info.context.session, info.context.viewer, c.id)

    v, errors = await run_mutation(info, go)
    return CarpoolPayload(carpool=Carpool.build(v) if v else None, errors=errors)


async def _seat_payload(info: Info, call) -> SeatRequestPayload:
    async def go():
        db, viewer = info.context.session, info.context.viewer
        row = await call()
        v = await service.get_carpool(db, viewer, row.carpool_id)
        found = [f for f in await service.families_of(db, v, viewer_id=viewer.account_id) if f.row.id == row.id]
        return (found[0] if found else None), v

    result, errors = await run_mutation(info, go)
    if result is None:
        return SeatRequestPayload(request=None, carpool=None, errors=errors)
    f, v = result
    return SeatRequestPayload(
        request=CarpoolSeatRequest.build(f, v.family_id) if f else None, carpool=Carpool.build(v), errors=errors
    )


async def _trip_payload(info: Info, call) -> TripPayload:
    async def go():
        t = await call()
        return await service.get_trip(info.context.session, info.context.viewer, t.id)

    tv, errors = await run_mutation(info, go)
    return TripPayload(trip=(await _trips(info, [tv]))[0] if tv else None, errors=errors)


async def _swap_payload(info: Info, call) -> SwapPayload:
    async def go():
        db = info.context.session
        s = await call()
        swap, v = await service.get_swap(db, info.context.viewer, s.id)
        return CarpoolSwap.build(swap, v.family_id, await service.trip_starts(db, {swap.trip_id, swap.return_trip_id}))

    swap, errors = await run_mutation(info, go)
    return SwapPayload(swap=swap, errors=errors)


@strawberry.type
class CarpoolsQuery:
    @strawberry.field(
        description="Carpools still running in a community, those with free seats first, then the closest "
        "pickup areas to `near` (a postal code; default: my home area). Filter by destination and weekday."
    )
    async def carpools(
        self,
        info: Info,
        community_id: strawberry.ID,
        destination: str | None = None,
        day: Weekday | None = None,
        near: str | None = None,
        first: int | None = 20,
    ) -> list[Carpool]:
        n = page_size(info, first)
        async with info.context.db() as db:
            views = await service.search(
                db,
                info.context.viewer,
                community_id=from_global_id(community_id, "Community", field="communityId"),
                destination=destination,
                weekday=day.value if day is not None else None,
                near=near,
                limit=n,
            )
        return [Carpool.build(v) for v in views]

    @strawberry.field(description="A carpool, for the community's members who may see it.")
    async def carpool(self, info: Info, id: strawberry.ID) -> Carpool:
        return await resolve_carpool(info, from_global_id(id, "Carpool", field="id"))

    @strawberry.field(description="Carpools my family is in or asked to join.")
    async def my_carpools(self, info: Info) -> list[Carpool]:
        async with info.context.db() as db:
            views = await service.my_carpools(db, info.context.viewer)
        return [Carpool.build(v) for v in views]

    @strawberry.field(description="Trips my family drives or rides, in time order (default: the next four weeks).")
    async def my_trips(
        self,
        info: Info,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
        first: int | None = 20,
    ) -> list[CarpoolTrip]:
        n = page_size(info, first)
        async with info.context.db() as db:
            views = await service.my_trips(db, info.context.viewer, start=from_, end=to, limit=n)
        return await _trips(info, views)


@strawberry.type
class CarpoolsMutation:
    @strawberry.mutation(description="Set up a carpool with its weekly schedule; trips are made four weeks ahead.")
    async def create_carpool(self, info: Info, input: CreateCarpoolInput) -> CarpoolPayload:
        s = input.schedule
        return await _carpool_payload(
            info,
            lambda: service.create_carpool(
                info.context.session,
                info.context.viewer,
                community_id=from_global_id(input.community_id, "Community", field="communityId"),
                title=input.title,
                destination=input.destination,
                purpose=models.Purpose(input.purpose.value),
                notes=input.notes,
                legs=[
                    service.LegInput(leg.weekday.value, leg.direction.value, leg.at, leg.weeks.value) for leg in s.legs
                ],
                starts_on=s.starts_on,
                ends_on=s.ends_on,
                skipped=s.skipped,
                seats=input.seats,
                postal_code=input.postal_code,
                pickup_details=input.pickup_details,
                child_ids=_gids(input.child_ids, "Child", "childIds"),
                can_drive=input.can_drive,
                contact=input.contact,
                client_id=input.client_mutation_id,
            ),
        )

    @strawberry.mutation(description="Change a carpool (its organiser); its families are told of a new pickup or days.")
    async def update_carpool(self, info: Info, input: UpdateCarpoolInput) -> CarpoolPayload:
        return await _carpool_payload(
            info,
            lambda: service.update_carpool(
                info.context.session,
                info.context.viewer,
                carpool_id=from_global_id(input.carpool_id, "Carpool", field="carpoolId"),
                title=input.title,
                notes=input.notes,
                seats=input.seats,
                pickup_details=input.pickup_details,
                skipped=input.skipped,
                ends_on=input.ends_on,
            ),
        )

    @strawberry.mutation(description="Ask seats for my children; the organiser and co-drivers are told.")
    async def request_seat(self, info: Info, input: RequestSeatInput) -> SeatRequestPayload:
        return await _seat_payload(
            info,
            lambda: service.request_seat(
                info.context.session,
                info.context.viewer,
                carpool_id=from_global_id(input.carpool_id, "Carpool", field="carpoolId"),
                child_ids=_gids(input.child_ids, "Child", "childIds"),
                legs=input.legs,
                can_drive=input.can_drive,
                note=input.note,
                contact=input.contact,
                client_id=input.client_mutation_id,
            ),
        )

    @strawberry.mutation(description="Approve or decline a seat request (the organiser or a co-driver).")
    async def decide_seat_request(self, info: Info, input: DecideSeatRequestInput) -> SeatRequestPayload:
        return await _seat_payload(
            info,
            lambda: service.decide_seat_request(
                info.context.session,
                info.context.viewer,
                request_id=from_global_id(input.request_id, "CarpoolSeatRequest", field="requestId"),
                approve=input.approve,
            ),
        )

    @strawberry.mutation(description="My family leaves a carpool (or withdraws its request).")
    async def leave_carpool(self, info: Info, input: LeaveCarpoolInput) -> CarpoolPayload:
        return await _carpool_payload(
            info,
            lambda: service.leave_carpool(
                info.context.session,
                info.context.viewer,
                carpool_id=from_global_id(input.carpool_id, "Carpool", field="carpoolId"),
            ),
        )

    @strawberry.mutation(description="Call a trip off (its driver or the organiser); its families are told at once.")
    async def cancel_trip(self, info: Info, input: CancelTripInput) -> TripPayload:
        return await _trip_payload(
            info,
            lambda: service.cancel_trip(
                info.context.session,
                info.context.viewer,
                trip_id=from_global_id(input.trip_id, "CarpoolTrip", field="tripId"),
                client_id=input.client_mutation_id,
            ),
        )

    @strawberry.mutation(description="Change a trip's time or driver, or give it up; its families are told at once.")
    async def change_trip(self, info: Info, input: ChangeTripInput) -> TripPayload:
        return await _trip_payload(
            info,
            lambda: service.change_trip(
                info.context.session,
                info.context.viewer,
                trip_id=from_global_id(input.trip_id, "CarpoolTrip", field="tripId"),
                starts_at=input.starts_at,
                driver_family_id=_gid(input.driver_family_id, "Family", "driverFamilyId"),
                give_up=input.give_up,
            ),
        )

    @strawberry.mutation(description="My family drives this trip (one without a driver, or one proposed to us).")
    async def take_trip(self, info: Info, input: TakeTripInput) -> TripPayload:
        return await _trip_payload(
            info,
            lambda: service.take_trip(
                info.context.session,
                info.context.viewer,
                trip_id=from_global_id(input.trip_id, "CarpoolTrip", field="tripId"),
            ),
        )

    @strawberry.mutation(description='"Not riding today" for some of my children (or riding again).')
    async def set_trip_riding(self, info: Info, input: SetTripRidingInput) -> TripPayload:
        return await _trip_payload(
            info,
            lambda: service.set_riding(
                info.context.session,
                info.context.viewer,
                trip_id=from_global_id(input.trip_id, "CarpoolTrip", field="tripId"),
                child_ids=_gids(input.child_ids, "Child", "childIds"),
                riding=input.riding,
            ),
        )

    @strawberry.mutation(description="The driver checks the children in (picked up) or out (dropped off).")
    async def check_in_trip(self, info: Info, input: CheckInTripInput) -> TripPayload:
        return await _trip_payload(
            info,
            lambda: service.check_in(
                info.context.session,
                info.context.viewer,
                trip_id=from_global_id(input.trip_id, "CarpoolTrip", field="tripId"),
                dropped_off=input.dropped_off,
            ),
        )

    @strawberry.mutation(description="Ask another driving family to take my trip, maybe taking one of theirs.")
    async def request_swap(self, info: Info, input: RequestSwapInput) -> SwapPayload:
        return await _swap_payload(
            info,
            lambda: service.request_swap(
                info.context.session,
                info.context.viewer,
                trip_id=from_global_id(input.trip_id, "CarpoolTrip", field="tripId"),
                to_family_id=from_global_id(input.to_family_id, "Family", field="toFamilyId"),
                return_trip_id=_gid(input.return_trip_id, "CarpoolTrip", "returnTripId"),
                note=input.note,
            ),
        )

    @strawberry.mutation(description="Accept (the trips change hands) or decline a swap I was asked.")
    async def answer_swap(self, info: Info, input: AnswerSwapInput) -> SwapPayload:
        return await _swap_payload(
            info,
            lambda: service.answer_swap(
                info.context.session,
                info.context.viewer,
                swap_id=from_global_id(input.swap_id, "CarpoolSwap", field="swapId"),
                accept=input.accept,
            ),
        )

    @strawberry.mutation(description="Credit a family's help other than driving on the ledger (the organiser).")
    async def credit_carpool_help(self, info: Info, input: CreditCarpoolHelpInput) -> CarpoolPayload:
        async def call():
            await service.credit_help(
                info.context.session,
                info.context.viewer,
                carpool_id=from_global_id(input.carpool_id, "Carpool", field="carpoolId"),
                family_id=from_global_id(input.family_id, "Family", field="familyId"),
                drives=input.drives,
                note=input.note,
            )
            carpool_id = from_global_id(input.carpool_id, "Carpool", field="carpoolId")
            return await info.context.session.get(models.Carpool, carpool_id)

        return await _carpool_payload(info, call)
