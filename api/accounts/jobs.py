"""Accounts' jobs: every night, delete sign-in sessions that ended long ago."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from saq import CronJob
from sqlalchemy import or_, select

from api.accounts.models import AuthSession
from api.config import Settings
from api.db import delete_in_slices

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
    return {"deleted": await delete_in_slices(ctx["sessions"], AuthSession, AuthSession.id.in_(stale), PURGE_BATCH)}


FUNCTIONS = [purge_expired_sessions]


def cron_jobs(settings: Settings) -> list[CronJob]:
    # Times are UTC. Cron jobs are unique per queue, so several workers never run one twice.
    return [CronJob(purge_expired_sessions, cron="17 3 * * *", timeout=600)]
