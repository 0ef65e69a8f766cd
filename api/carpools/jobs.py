"""Carpools' worker jobs.

- extend_carpool_trips (cron, nightly and hourly catch-up): every running carpool's trips are kept
  WINDOW_DAYS ahead, and their drivers proposed again.
- carpool_trip_tick (cron, every five minutes): trips that started go on the ledger; reminders the
  evening before and 30 minutes before; a trip within NEEDS_DRIVER_WITHIN with nobody driving asks
  the families that drive. Each reminder is recorded in carpool_reminders_sent in the transaction
  that writes its outbox event, so it goes once per trip and kind whatever the worker does (a
  restart, a late run, two runs at once); each person is told once per outbox event."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from saq import CronJob
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.dialects.postgresql import insert

from api.carpools import service
from api.carpools.models import Carpool, ReminderKind, ReminderSent, Trip
from api.config import Settings
from api.db import session_scope
from api.outbox.jobs import enqueue_dispatch
from api.outbox.service import emit, take_emitted

NEEDS_DRIVER_WITHIN = timedelta(hours=36)
BATCH = 200  # carpools per transaction when extending


def _now() -> datetime:
    return datetime.now(UTC)


async def extend_carpool_trips(ctx: dict[str, Any], *, today: str | None = None) -> dict[str, int]:
    """Trips for every running carpool whose window falls short, BATCH carpools per transaction."""
    made = carpools = 0
    after = None
    while True:
        async with session_scope(ctx["sessions"]) as db:
            q = select(Carpool).where(Carpool.cancelled_at.is_(None), Carpool.ends_on >= _today_floor(today))
            if after is not None:
                q = q.where(Carpool.id > after)
            batch = (await db.scalars(q.order_by(Carpool.id).limit(BATCH).with_for_update(skip_locked=True))).all()
            if not batch:
                break
            new: dict = {}
            for c in batch:
                day = datetime.fromisoformat(today).date() if today else service.today_in(c.timezone)
                target = min(c.ends_on, day + timedelta(days=service.WINDOW_DAYS))
                if c.trips_until is not None and c.trips_until >= target:
                    continue
                new[c.id], c.trips_until = service.trip_rows(c, day)
            extended = list(new)
            # The new trips' drivers proposed for the batch at once (after each carpool's upcoming
            # trips), then one INSERT of them all, drivers included.
            await service.plan_drivers_many(db, extended, new)
            made += await service.insert_trips(db, [row for rows in new.values() for row in rows])
            carpools += len(extended)
            after = batch[-1].id
    return {"carpools": carpools, "trips": made}


def _today_floor(today: str | None):
    # Every zone's today is at least UTC's yesterday.
    base = datetime.fromisoformat(today).date() if today else _now().date()
    return base - timedelta(days=1)


async def carpool_trip_tick(ctx: dict[str, Any], *, now: str | None = None) -> dict[str, int]:
    at = datetime.fromisoformat(now) if now else _now()
    counts = {"settled": 0, "reminders": 0, "needs_driver": 0}
    async with session_scope(ctx["sessions"]) as db:
        started = (
            (
                await db.execute(
                    select(Trip.carpool_id)
                    .where(Trip.settled_at.is_(None), Trip.cancelled_at.is_(None), Trip.starts_at <= at)
                    .distinct()
                )
            )
            .scalars()
            .all()
        )
        for carpool in (await db.scalars(select(Carpool).where(Carpool.id.in_(started)))).all() if started else []:
            counts["settled"] += await service.settle_trips(db, carpool, at)
            await service.plan_drivers(db, carpool)

        sent = select(ReminderSent.trip_id).where(ReminderSent.trip_id == Trip.id)
        due = (
            await db.execute(
                select(Trip.id, Trip.community_id, Trip.starts_at)
                .join(Carpool, Carpool.id == Trip.carpool_id)
                .where(
                    Carpool.cancelled_at.is_(None),
                    Trip.cancelled_at.is_(None),
                    Trip.settled_at.is_(None),
                    Trip.starts_at > at,
                    or_(
                        and_(
                            Trip.evening_at <= at,
                            Trip.starts_at - service.SOON_BEFORE > at,
                            ~exists(sent.where(ReminderSent.kind == ReminderKind.EVENING)),
                        ),
                        and_(
                            Trip.starts_at - service.SOON_BEFORE <= at,
                            ~exists(sent.where(ReminderSent.kind == ReminderKind.SOON)),
                        ),
                    ),
                )
            )
        ).all()
        for trip_id, community_id, starts_at in due:
            kind = ReminderKind.SOON if starts_at - service.SOON_BEFORE <= at else ReminderKind.EVENING
            inserted = await db.scalar(
                insert(ReminderSent)
                .values(trip_id=trip_id, community_id=community_id, kind=kind)
                .on_conflict_do_nothing()
                .returning(ReminderSent.trip_id)
            )
            if inserted is None:
                continue  # another run got there first
            await emit(db, "carpool.reminder", community_id=community_id, trip_id=trip_id, reminder=kind.value)
            counts["reminders"] += 1

        driverless = (
            await db.scalars(
                select(Trip)
                .join(Carpool, Carpool.id == Trip.carpool_id)
                .where(
                    Carpool.cancelled_at.is_(None),
                    Trip.cancelled_at.is_(None),
                    Trip.settled_at.is_(None),
                    Trip.driver_family_id.is_(None),
                    Trip.no_driver_told_at.is_(None),
                    Trip.starts_at > at,
                    Trip.starts_at <= at + NEEDS_DRIVER_WITHIN,
                )
                .with_for_update(of=Trip, skip_locked=True)
            )
        ).all()
        by_carpool: dict = defaultdict(list)
        for t in driverless:
            by_carpool[t.carpool_id].append(t)
        for trips in by_carpool.values():
            for t in trips:
                t.no_driver_told_at = at
                await emit(db, "carpool.needs_driver", community_id=t.community_id, trip_id=t.id)
                counts["needs_driver"] += 1
        emitted = take_emitted(db)
    await enqueue_dispatch(ctx, emitted)
    return counts


FUNCTIONS = [extend_carpool_trips, carpool_trip_tick]


def cron_jobs(settings: Settings) -> list[CronJob]:
    return [
        # Every five minutes: a reminder is due for a while (its window), so a late run still sends it.
        CronJob(carpool_trip_tick, cron="*/5 * * * *", timeout=240),
        # Hourly: each carpool is extended once its local day turns (and the rest is a quick no-op).
        CronJob(extend_carpool_trips, cron="17 * * * *", timeout=1800),
    ]
