"""Groups' worker jobs: the daily digest for members who chose it, at 18:00 in their community's
time. A digest holds only what came after the last one (or after the member last opened the group),
never their own posts or hidden ones, and is not sent when empty. Each is written as an outbox event
in the same transaction that moves the member's digest_after, so a restarted worker or a second run
sends none twice."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from saq import CronJob

from api.config import Settings
from api.db import session_scope
from api.groups import service
from api.outbox.jobs import enqueue_dispatch
from api.outbox.service import emit, take_emitted


async def send_group_digests(ctx: dict[str, Any], *, now: str | None = None) -> dict[str, int]:
    at = datetime.fromisoformat(now) if now else datetime.now(UTC)
    sent = 0
    async with session_scope(ctx["sessions"]) as db:
        for member, posts, comments in await service.due_digests(db, at):
            if posts or comments:
                await emit(
                    db,
                    "group.digest",
                    community_id=None,
                    group_id=member.group_id,
                    account_id=member.account_id,
                    posts=posts,
                    comments=comments,
                )
                sent += 1
            member.digest_after = at  # empty or sent: today's is done
        emitted = take_emitted(db)
    await enqueue_dispatch(ctx, emitted)
    return {"digests": sent}


FUNCTIONS = [send_group_digests]


def cron_jobs(settings: Settings) -> list[CronJob]:
    # Every hour: each community's 18:00 comes at a different UTC hour.
    return [CronJob(send_group_digests, cron="5 * * * *", timeout=300)]
