"""The insights roll-ups: nightly for every community (one job each, so a large community does not
hold up the rest), and on a staff refresh (FOLLOW_UPS in api/insights/events.py)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from saq import CronJob
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from api.communities.models import Community
from api.config import Settings
from api.db import replica_session, session_scope
from api.insights import service
from api.jobs import enqueue
from api.outbox.jobs import enqueue_dispatch
from api.outbox.service import take_emitted

ROLL_UP_TIMEOUT = 900
log = logging.getLogger("workers.insights")


async def roll_up_insights(ctx: dict[str, Any], *, community: str, since: str | None = None) -> dict[str, int]:
    cid = uuid.UUID(str(community))
    async with session_scope(ctx["sessions"]) as db, replica_session(ctx) as read:
        try:
            out = await service.roll_up(db, cid, read=read)
        except (DBAPIError, OSError):
            if read is None:
                raise
            # The replica is down, or cancelled the long read for a conflict with replay: the
            # primary reads it instead.
            log.warning("roll-up read failed on the replica; reading the primary", exc_info=True)
            await db.rollback()
            out = await service.roll_up(db, cid)
        out["told"] = int(await service.tell_requester(db, cid))
        emitted = take_emitted(db)
    await enqueue_dispatch(ctx, emitted)
    return out


async def roll_up_all_insights(ctx: dict[str, Any]) -> dict[str, int]:
    async with session_scope(ctx["sessions"]) as db:
        ids = (await db.scalars(select(Community.id))).all()
    for cid in ids:
        await enqueue(ctx, "roll_up_insights", community=str(cid), key=f"insights:{cid}", timeout=ROLL_UP_TIMEOUT)
    return {"communities": len(ids)}


FUNCTIONS = [roll_up_insights, roll_up_all_insights]


def cron_jobs(settings: Settings) -> list[CronJob]:
    # Nightly, after the day has ended in the Americas (03:40 UTC).
    return [CronJob(roll_up_all_insights, cron="40 3 * * *", timeout=300)]
