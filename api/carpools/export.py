"""The carpools part of exportMyData: the carpools the family is in or asked to join (with the
runs and children it asked for), its trips (driven or ridden, with the children marked not
riding), its swap requests and its lines of the driving ledger. On deletion, a family's last
caregiver takes the family out of every carpool as leaving does (an organiser hands over, trips it
was to drive look for a driver); a family with other caregivers stays, with one of them in the
person's place. Ledger lines stay as the other families' history, keyed by a family id only."""

from __future__ import annotations

from fractions import Fraction

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.carpools.models import (
    Carpool,
    CarpoolFamily,
    CarpoolRider,
    LedgerEntry,
    LedgerKind,
    Swap,
    Trip,
    TripAbsence,
)
from api.carpools.service import leave_all
from api.export import iso
from api.families.models import Child

EXPORTED = (Carpool, CarpoolFamily, CarpoolRider, Trip, TripAbsence, Swap, LedgerEntry)
NOT_EXPORTED: dict = {}


async def export(db: AsyncSession, a: Account) -> dict:
    fid = a.family_id
    if fid is None:
        return {"carpools": [], "carpoolTrips": [], "carpoolSwaps": [], "carpoolLedger": []}
    rows = (
        await db.execute(
            select(CarpoolFamily, Carpool)
            .join(Carpool, Carpool.id == CarpoolFamily.carpool_id)
            .where(CarpoolFamily.family_id == fid)
            .order_by(CarpoolFamily.created_at)
        )
    ).all()
    children: dict = {}
    for rid, name in (
        await db.execute(
            select(CarpoolRider.carpool_family_id, Child.name)
            .join(Child, Child.id == CarpoolRider.child_id)
            .join(CarpoolFamily, CarpoolFamily.id == CarpoolRider.carpool_family_id)
            .where(CarpoolFamily.family_id == fid)
            .order_by(Child.name)
        )
    ).all():
        children.setdefault(rid, []).append(name)
    ids = [c.id for _, c in rows]
    trips = (
        (
            await db.scalars(
                select(Trip)
                .where(Trip.carpool_id.in_(ids), or_(Trip.driver_family_id == fid, Trip.settled_at.is_not(None)))
                .order_by(Trip.starts_at)
            )
        ).all()
        if ids
        else []
    )
    ridden = set(
        (await db.scalars(select(LedgerEntry.trip_id).where(LedgerEntry.riding.any(fid)))).all()  # type: ignore[arg-type]
    )
    absent: dict = {}
    for tid, name in (
        await db.execute(
            select(TripAbsence.trip_id, Child.name)
            .join(Child, Child.id == TripAbsence.child_id)
            .where(Child.family_id == fid)
        )
    ).all():
        absent.setdefault(tid, []).append(name)
    swaps = (
        await db.scalars(
            select(Swap).where(or_(Swap.from_family_id == fid, Swap.to_family_id == fid)).order_by(Swap.created_at)
        )
    ).all()
    ledger = (
        await db.scalars(
            select(LedgerEntry)
            .where(or_(LedgerEntry.family_id == fid, LedgerEntry.riding.any(fid)))  # type: ignore[arg-type]
            .order_by(LedgerEntry.seq)
        )
    ).all()
    return {
        "carpools": [
            {
                "carpoolId": str(c.id),
                "title": c.title,
                "destination": c.destination,
                "organiser": row.organiser,
                "state": row.state,
                "canDrive": row.can_drive,
                "runs": row.legs,
                "children": children.get(row.id, []),
                "note": row.note,
                "contact": row.contact,
                "askedAt": iso(row.created_at),
                "pickupDetails": c.pickup_details if c.organiser_id == a.id else None,
            }
            for row, c in rows
        ],
        "carpoolTrips": [
            {
                "carpoolId": str(t.carpool_id),
                "date": t.on.isoformat(),
                "direction": t.direction,
                "startsAt": iso(t.starts_at),
                "weDrove": t.driver_family_id == fid,
                "weRode": t.id in ridden,
                "cancelled": t.cancelled_at is not None,
                "notRiding": absent.get(t.id, []),
            }
            for t in trips
            if t.driver_family_id == fid or t.id in ridden or t.id in absent
        ],
        "carpoolSwaps": [
            {
                "carpoolId": str(s.carpool_id),
                "asked": s.from_family_id == fid,
                "state": s.state,
                "note": s.note,
                "at": iso(s.created_at),
            }
            for s in swaps
        ],
        "carpoolLedger": [
            {
                "carpoolId": str(e.carpool_id),
                "kind": e.kind,
                "ours": e.family_id == fid,
                "drives": str(Fraction(e.drives_num, e.drives_den)) if e.kind == LedgerKind.CREDIT else "1",
                "shareOfTrip": f"1/{len(set(e.riding) | {e.family_id})}" if e.kind == LedgerKind.DRIVE else None,
                "note": e.note,
                "at": iso(e.created_at),
            }
            for e in ledger
        ],
    }


async def delete(db: AsyncSession, a: Account) -> None:
    await leave_all(db, a)
