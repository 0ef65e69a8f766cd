"""Carpools' part of the school insights: drives shared (the driver's family and those riding, from
the ledger), the carpools running with their seats and riders, and who organises one."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.carpools.models import Carpool, CarpoolFamily, CarpoolRider, LedgerEntry, LedgerKind, SeatState, Trip


async def collect(db: AsyncSession, community_id: uuid.UUID, family, a) -> None:
    from api.insights.network import Carpool as Running

    members = set(family.of.values())
    for at, driver, riding in (
        await db.execute(
            select(func.coalesce(Trip.starts_at, LedgerEntry.created_at), LedgerEntry.family_id, LedgerEntry.riding)
            .outerjoin(Trip, Trip.id == LedgerEntry.trip_id)
            .where(LedgerEntry.community_id == community_id, LedgerEntry.kind == LedgerKind.DRIVE)
        )
    ).all():
        fams = frozenset({driver, *riding}) & members
        if len(fams) > 1:
            a.drives.append((at, driver, fams))

    approved = (
        await db.execute(
            select(
                CarpoolFamily.id,
                CarpoolFamily.carpool_id,
                CarpoolFamily.family_id,
                CarpoolFamily.organiser,
                CarpoolFamily.created_at,
            ).where(CarpoolFamily.community_id == community_id, CarpoolFamily.state == SeatState.APPROVED)
        )
    ).all()
    riders = dict(
        (
            await db.execute(
                select(CarpoolRider.carpool_family_id, func.count())
                .join(
                    CarpoolFamily,
                    and_(
                        CarpoolFamily.id == CarpoolRider.carpool_family_id,
                        CarpoolFamily.community_id == CarpoolRider.community_id,
                    ),
                )
                .where(CarpoolFamily.community_id == community_id, CarpoolFamily.state == SeatState.APPROVED)
                .group_by(CarpoolRider.carpool_family_id)
            )
        ).all()
    )
    by_pool: dict[uuid.UUID, list] = {}
    for row in approved:
        by_pool.setdefault(row.carpool_id, []).append(row)
        if row.organiser and row.family_id in members:
            a.leads.append((row.created_at, row.family_id))
    for pool in (await db.scalars(select(Carpool).where(Carpool.community_id == community_id))).all():
        zone = ZoneInfo(pool.timezone)
        start = datetime.combine(pool.starts_on, time(), tzinfo=zone)
        until = datetime.combine(pool.ends_on + timedelta(days=1), time(), tzinfo=zone)
        if pool.cancelled_at is not None:
            until = min(until, pool.cancelled_at)
        rows = by_pool.get(pool.id, [])
        a.carpools.append(
            Running(
                start, until, pool.seats, sum(riders.get(r.id, 0) for r in rows), frozenset(r.family_id for r in rows)
            )
        )
