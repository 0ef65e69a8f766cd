"""Retention: the nightly jobs delete read notifications, dispatched outbox events and push delivery
records once they are old, in slices; unread notifications and recent rows stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from api.notifications import jobs as notification_jobs
from api.notifications.models import Notification, PushDelivery
from api.outbox import jobs as outbox_jobs
from api.outbox.models import OutboxEvent
from tests.notifications.support import post_need, register, scene
from workers.settings import cron_jobs, functions


def ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


async def _three_notifications(f, runner, push):
    """María is told about three needs, each pushed to her phone: three events of each kind."""
    s = await scene(f)
    await register(f, s.maria, push)
    for title in ("Fractions help", "Long division", "Times tables"):
        await post_need(f, s, title)
    await runner.run()
    return s


async def _count(sessions, model, *where) -> int:
    async with sessions() as db:
        return await db.scalar(select(func.count()).select_from(model).where(*where))


async def test_read_notifications_go_after_180_days_and_unread_ones_stay(f, sessions, runner, push, monkeypatch):
    await _three_notifications(f, runner, push)
    async with sessions() as db:
        old_read, recent_read, old_unread = (await db.scalars(select(Notification.id).order_by(Notification.id))).all()
        await db.execute(update(Notification).where(Notification.id == old_read).values(read_at=ago(181)))
        await db.execute(update(Notification).where(Notification.id == recent_read).values(read_at=ago(179)))
        await db.execute(update(Notification).where(Notification.id == old_unread).values(created_at=ago(400)))
        await db.commit()

    monkeypatch.setattr(notification_jobs, "PURGE_BATCH", 1)  # one row per slice: the loop must go on
    result = await runner.job("purge_old_notifications")

    assert result == {"notifications": 1, "push_deliveries": 0}
    async with sessions() as db:
        left = set((await db.scalars(select(Notification.id))).all())
    assert left == {recent_read, old_unread}
    # The notification's pushes went with it; the others' stay until their own retention ends.
    assert await _count(sessions, PushDelivery) == 2


async def test_push_delivery_records_go_after_30_days(f, sessions, runner, push, monkeypatch):
    await _three_notifications(f, runner, push)
    async with sessions() as db:
        a, b, c = (await db.scalars(select(PushDelivery.notification_id).order_by(PushDelivery.notification_id))).all()
        await db.execute(
            update(PushDelivery).where(PushDelivery.notification_id.in_([a, b])).values(created_at=ago(31))
        )
        await db.execute(update(PushDelivery).where(PushDelivery.notification_id == c).values(created_at=ago(29)))
        await db.commit()

    monkeypatch.setattr(notification_jobs, "PURGE_BATCH", 1)
    assert await runner.job("purge_old_notifications") == {"notifications": 0, "push_deliveries": 2}

    async with sessions() as db:
        assert (await db.scalars(select(PushDelivery.notification_id))).all() == [c]
    assert await _count(sessions, Notification) == 3  # the notifications themselves stay


async def test_dispatched_outbox_events_go_after_14_days_and_undispatched_ones_stay(
    f, sessions, runner, push, monkeypatch
):
    await _three_notifications(f, runner, push)
    async with sessions() as db:
        ids = (await db.scalars(select(OutboxEvent.id).order_by(OutboxEvent.id))).all()
        recent, stuck = ids[1], ids[2]
        await db.execute(update(OutboxEvent).where(OutboxEvent.id.in_(ids)).values(dispatched_at=ago(15)))
        await db.execute(update(OutboxEvent).where(OutboxEvent.id == recent).values(dispatched_at=ago(13)))
        # Given up after too many attempts: kept for a person to look at, however old.
        await db.execute(
            update(OutboxEvent).where(OutboxEvent.id == stuck).values(dispatched_at=None, created_at=ago(100))
        )
        await db.commit()

    monkeypatch.setattr(outbox_jobs, "PURGE_BATCH", 2)
    result = await runner.job("purge_dispatched_events")

    assert result == {"deleted": len(ids) - 2}
    async with sessions() as db:
        assert set((await db.scalars(select(OutboxEvent.id))).all()) == {recent, stuck}
    assert await _count(sessions, Notification) == 3  # notifications do not depend on their event row


def test_the_retention_jobs_run_every_night_from_the_domains_own_cron_entries(settings):
    from croniter import croniter

    names = {f.__name__ for f in functions()}
    assert {"purge_old_notifications", "purge_dispatched_events"} <= names
    nightly = {c.function.__name__: c for c in cron_jobs(settings)}
    start = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    for name in ("purge_old_notifications", "purge_dispatched_events"):
        runs = croniter(nightly[name].cron, start)
        first, second = runs.get_next(datetime), runs.get_next(datetime)
        assert second - first == timedelta(days=1) and first.hour == 3
        assert nightly[name].timeout and nightly[name].timeout >= 60
