"""The reminders in a real SAQ worker: the job is registered with the worker (and its cron), and
the outbox event it writes is dispatched to the family through the real queue, once."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

from saq.job import Status
from sqlalchemy import func, select

from api.notifications.models import Notification
from tests.events.support import CHICAGO, create, local, rsvp, world
from tests.support.jobs import finished
from tests.support.polling import wait_for
from workers.settings import make_queue, make_worker


async def test_a_real_worker_sends_a_reminder_once(f, settings, sessions, running_worker):
    own = dataclasses.replace(settings, redis_prefix=f"test:{uuid.uuid4().hex[:12]}:")
    assert "send_event_reminders" in {c.function.__name__ for c in make_worker(own).cron_jobs}
    w = await world(f)
    e = await create(f, w, start=local(days=3))
    await rsvp(f, w.ana, e["id"])
    start = datetime.combine(local(days=3).date(), datetime.min.time()).replace(hour=18, tzinfo=CHICAGO)
    at = (start - timedelta(hours=20)).astimezone(UTC).isoformat()

    async def reminders() -> int:
        async with sessions() as s:
            return await s.scalar(
                select(func.count())
                .select_from(Notification)
                .where(Notification.recipient_id == w.ana.pk, Notification.kind == "event_reminder_day")
            )

    queue = make_queue(own)
    await queue.connect()
    try:
        async with running_worker(own, cron_jobs=[]):
            for attempt in range(2):  # the second run (a restart, a late cron) adds nothing
                job = await queue.enqueue("send_event_reminders", now=at, key=f"reminders-{attempt}", timeout=30)
                await finished(job)
                assert job.status == Status.COMPLETE, job.error
                assert job.result == {"reminders": 1 - attempt}
                await wait_for(lambda: _equals(reminders, 1), what="the reminder to be dispatched")
    finally:
        await queue.disconnect()
    assert await reminders() == 1


async def _equals(read, value) -> bool:
    return await read() == value
