"""Retry keys older than a week are deleted every night, in slices (api.db.delete_in_slices)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from saq import CronJob
from sqlalchemy import select, tuple_

from api.config import Settings
from api.db import delete_in_slices
from api.retries.models import ClientMutation

KEEP_DAYS = 7
PURGE_BATCH = 5000


async def purge_client_mutations(ctx: dict[str, Any]) -> dict[str, int]:
    cutoff = datetime.now(UTC) - timedelta(days=KEEP_DAYS)
    old = (
        select(ClientMutation.account_id, ClientMutation.client_id)
        .where(ClientMutation.created_at < cutoff)
        .limit(PURGE_BATCH)
    )
    where = tuple_(ClientMutation.account_id, ClientMutation.client_id).in_(old)
    return {"deleted": await delete_in_slices(ctx["sessions"], ClientMutation, where, PURGE_BATCH)}


FUNCTIONS = [purge_client_mutations]


def cron_jobs(settings: Settings) -> list[CronJob]:
    return [CronJob(purge_client_mutations, cron="50 3 * * *", timeout=600)]
