"""Accounts' jobs: every night, delete sign-in sessions that ended long ago."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from saq import CronJob
from sqlalchemy import delete, or_, select

from api.accounts.models import AuthSession
from api.config import Settings
from api.db import session_scope

# Ended sessions stay this long: a person's data export lists recent sign-ins and sign-outs.
SESSION_RETENTION_DAYS = 30
# Delete in slices, each its own short transaction, so a large backlog never holds long locks.
PURGE_BATCH = 5000


async def purge_expired_sessions(
    ctx: dict[str, Any], *, retention_days: int = SESSION_RETENTION_DAYS
) -> dict[str, int]:
    """Delete sign-in sessions that expired, or were revoked, more than `retention_days` ago."""
    cutoff = datetime.now(UTC) - timedelta(days=retention_days)
    stale = (
        select(AuthSession.id)
        .where(or_(AuthSession.expires_at < cutoff, AuthSession.revoked_at < cutoff))
        .limit(PURGE_BATCH)
    )
    deleted = 0
    while True:
        async with session_scope(ctx["sessions"]) as db:
            result = await db.execute(
                delete(AuthSession).where(AuthSession.id.in_(stale)).execution_options(synchronize_session=False)
            )
        deleted += result.rowcount
        if result.rowcount < PURGE_BATCH:
            return {"deleted": deleted}


FUNCTIONS = [purge_expired_sessions]


def cron_jobs(settings: Settings) -> list[CronJob]:
    # Times are UTC. Cron jobs are unique per queue, so several workers never run one twice.
    return [CronJob(purge_expired_sessions, cron="17 3 * * *", timeout=600)]
