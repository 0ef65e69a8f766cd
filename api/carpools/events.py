"""Carpools' outbox events: who is told about a seat request and its answer, a trip changed or
called off (urgent: families must hear at once, quiet hours or not), a trip nobody drives yet (the
families that drive), swaps, a child not riding (the driver), "picked up" / "dropped off", and the
reminders the evening before and 30 minutes before. Texts name no child, place or time: pushes
cross third-party services, and the app shows the details once opened."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.carpools.models import Carpool, CarpoolFamily, ReminderKind, SeatState, Swap, SwapState, Trip
from api.carpools.service import roster
from api.communities.models import Membership, MembershipState
from api.db import in_uuids
from api.notifications.dispatch import Plan
from api.notifications.kinds import Kind
from api.outbox.models import OutboxEvent


def _k(name: str, subject: str, title: tuple[str, str], body: tuple[str, str], **kw) -> Kind:
    return Kind(name, subject, {"en": title[0], "es": title[1]}, {"en": body[0], "es": body[1]}, **kw)


KINDS = (
    _k(
        "carpool_seat_requested",
        "Carpool",
        ("Seat request", "Solicitud de asiento"),
        ("{actor} asked for seats in your carpool.", "{actor} pidió asientos en tu carpool."),
    ),
    _k(
        "carpool_seat_approved",
        "Carpool",
        ("You're in the carpool", "Están en el carpool"),
        ("{actor} approved your seat request.", "{actor} aprobó tu solicitud de asiento."),
    ),
    _k(
        "carpool_seat_declined",
        "Carpool",
        ("Seat request declined", "Solicitud de asiento rechazada"),
        ("{actor} could not give your family seats.", "{actor} no pudo darle asientos a tu familia."),
    ),
    _k(
        "carpool_family_left",
        "Carpool",
        ("A family left the carpool", "Una familia dejó el carpool"),
        ("{actor}'s family left your carpool.", "La familia de {actor} dejó tu carpool."),
    ),
    _k(
        "carpool_changed",
        "Carpool",
        ("Carpool changed", "Carpool modificado"),
        ("{actor} changed your carpool's pickup or days.", "{actor} cambió la recogida o los días de tu carpool."),
    ),
    _k(
        "carpool_trip_changed",
        "CarpoolTrip",
        ("Trip changed", "Viaje modificado"),
        ("{actor} changed a carpool trip.", "{actor} cambió un viaje del carpool."),
        urgent=True,
    ),
    _k(
        "carpool_trip_cancelled",
        "CarpoolTrip",
        ("Trip called off", "Viaje cancelado"),
        ("{actor} called off a carpool trip.", "{actor} canceló un viaje del carpool."),
        urgent=True,
    ),
    _k(
        "carpool_needs_driver",
        "CarpoolTrip",
        ("A trip needs a driver", "Un viaje necesita conductor"),
        ("Nobody drives a carpool trip soon. Can you?", "Nadie maneja pronto un viaje del carpool. ¿Puedes tú?"),
    ),
    _k(
        "carpool_swap_requested",
        "CarpoolSwap",
        ("Can you take a trip?", "¿Puedes tomar un viaje?"),
        ("{actor} asked you to drive a trip.", "{actor} te pidió manejar un viaje."),
    ),
    _k(
        "carpool_swap_accepted",
        "CarpoolSwap",
        ("Swap accepted", "Cambio aceptado"),
        ("{actor} will drive your trip.", "{actor} manejará tu viaje."),
    ),
    _k(
        "carpool_swap_declined",
        "CarpoolSwap",
        ("Swap declined", "Cambio rechazado"),
        ("{actor} can't take your trip.", "{actor} no puede tomar tu viaje."),
    ),
    _k(
        "carpool_not_riding",
        "CarpoolTrip",
        ("One less rider", "Un pasajero menos"),
        ("{actor}'s child is not riding a trip you drive.", "El niño de {actor} no va en un viaje que manejas."),
    ),
    _k(
        "carpool_picked_up",
        "CarpoolTrip",
        ("Picked up", "Recogidos"),
        ("{actor} picked up the children.", "{actor} recogió a los niños."),
        urgent=True,
    ),
    _k(
        "carpool_dropped_off",
        "CarpoolTrip",
        ("Dropped off", "Entregados"),
        ("{actor} dropped off the children.", "{actor} dejó a los niños."),
        urgent=True,
    ),
    _k(
        "carpool_reminder_evening",
        "CarpoolTrip",
        ("Carpool tomorrow", "Carpool mañana"),
        ("You have a carpool trip tomorrow.", "Tienes un viaje de carpool mañana."),
    ),
    _k(
        "carpool_reminder_soon",
        "CarpoolTrip",
        ("Carpool in 30 minutes", "Carpool en 30 minutos"),
        ("A carpool trip starts in 30 minutes.", "Un viaje de carpool empieza en 30 minutos."),
    ),
)


async def caregivers(db: AsyncSession, community_id: uuid.UUID, family_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """The caregivers of these families who are verified members of the community (a suspended
    member hears nothing more)."""
    fids = {f for f in family_ids if f is not None}
    if not fids:
        return []
    return list(
        (
            await db.scalars(
                select(Account.id)
                .join(Membership, Membership.account_id == Account.id)
                .where(
                    in_uuids(Account.family_id, fids),
                    Membership.community_id == community_id,
                    Membership.state == MembershipState.VERIFIED,
                )
                .order_by(Account.created_at)
            )
        ).all()
    )


def _by(event: OutboxEvent) -> uuid.UUID | None:
    return uuid.UUID(event.payload["by"]) if event.payload.get("by") else None


async def _approved(db: AsyncSession, carpool_id: uuid.UUID) -> list[CarpoolFamily]:
    return list(
        (
            await db.scalars(
                select(CarpoolFamily).where(
                    CarpoolFamily.carpool_id == carpool_id, CarpoolFamily.state == SeatState.APPROVED
                )
            )
        ).all()
    )


async def carpool_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    carpool = await db.get(Carpool, uuid.UUID(event.payload["carpool_id"]))
    if carpool is None or carpool.cancelled_at is not None:
        return []
    who = await caregivers(db, carpool.community_id, [r.family_id for r in await _approved(db, carpool.id)])
    return [Plan(a, "carpool_changed", _by(event), "Carpool", carpool.id) for a in who]


async def seat_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    row = await db.get(CarpoolFamily, uuid.UUID(event.payload["request_id"]))
    if row is None:
        return []
    by = _by(event)
    match event.kind:
        case "carpool.seat_requested":
            if row.state != SeatState.PENDING:
                return []  # answered or withdrawn before we got here
            deciders = [r.family_id for r in await _approved(db, row.carpool_id) if r.organiser or r.can_drive]
            who, kind = await caregivers(db, row.community_id, deciders), "carpool_seat_requested"
        case "carpool.seat_decided":
            approved = bool(event.payload.get("approved"))
            who = await caregivers(db, row.community_id, [row.family_id])
            kind = "carpool_seat_approved" if approved else "carpool_seat_declined"
        case "carpool.family_left":
            organisers = [r.family_id for r in await _approved(db, row.carpool_id) if r.organiser]
            who, kind = await caregivers(db, row.community_id, organisers), "carpool_family_left"
        case _:
            return []
    return [Plan(a, kind, by, "Carpool", row.carpool_id) for a in who]


async def _on_trip(db: AsyncSession, trip: Trip, *, driver: bool = True, riders: bool = True) -> list[uuid.UUID]:
    """Caregivers of the trip's driver and of the families with a child on it."""
    r = await roster(db, trip.carpool_id, [trip.id])
    families = (r.riding(trip) if riders else []) + (
        [trip.driver_family_id] if driver and trip.driver_family_id else []
    )
    return await caregivers(db, trip.community_id, families)


async def trip_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    trip = await db.get(Trip, uuid.UUID(event.payload["trip_id"]))
    if trip is None:
        return []
    by = _by(event)
    carpool = await db.get(Carpool, trip.carpool_id)
    if carpool is None or carpool.cancelled_at is not None:
        return []

    def plans(kind: str, who: list[uuid.UUID]) -> list[Plan]:
        return [Plan(a, kind, by, "CarpoolTrip", trip.id) for a in who]

    match event.kind:
        case "carpool.trip_cancelled":
            return plans("carpool_trip_cancelled", await _on_trip(db, trip))
        case "carpool.trip_changed":
            if trip.cancelled_at is not None:
                return []
            return plans("carpool_trip_changed", await _on_trip(db, trip))
        case "carpool.not_riding":
            return plans("carpool_not_riding", await _on_trip(db, trip, riders=False))
        case "carpool.checked_in":
            kind = "carpool_dropped_off" if event.payload.get("step") == "dropped_off" else "carpool_picked_up"
            r = await roster(db, trip.carpool_id, [trip.id])
            families = [f for f in r.riding(trip) if f != trip.driver_family_id]
            return plans(kind, await caregivers(db, trip.community_id, families))
        case "carpool.needs_driver":
            if trip.cancelled_at is not None or trip.driver_family_id is not None:
                return []  # someone took it meanwhile
            drivers = [r.family_id for r in await _approved(db, trip.carpool_id) if r.can_drive]
            return plans("carpool_needs_driver", await caregivers(db, trip.community_id, drivers))
        case "carpool.reminder":
            if trip.cancelled_at is not None:
                return []
            soon = event.payload.get("reminder") == ReminderKind.SOON
            return plans("carpool_reminder_soon" if soon else "carpool_reminder_evening", await _on_trip(db, trip))
    return []


async def swap_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    swap = await db.get(Swap, uuid.UUID(event.payload["swap_id"]))
    if swap is None:
        return []
    by = _by(event)
    if event.kind == "carpool.swap_requested":
        if swap.state != SwapState.PENDING:
            return []
        who, kind = await caregivers(db, swap.community_id, [swap.to_family_id]), "carpool_swap_requested"
    else:
        accepted = bool(event.payload.get("accepted"))
        who = await caregivers(db, swap.community_id, [swap.from_family_id])
        kind = "carpool_swap_accepted" if accepted else "carpool_swap_declined"
    return [Plan(a, kind, by, "CarpoolSwap", swap.id) for a in who]


PLANS = {
    "carpool.changed": carpool_plans,
    **dict.fromkeys(("carpool.seat_requested", "carpool.seat_decided", "carpool.family_left"), seat_plans),
    **dict.fromkeys(
        (
            "carpool.trip_cancelled",
            "carpool.trip_changed",
            "carpool.not_riding",
            "carpool.checked_in",
            "carpool.needs_driver",
            "carpool.reminder",
        ),
        trip_plans,
    ),
    **dict.fromkeys(("carpool.swap_requested", "carpool.swap_decided"), swap_plans),
}
