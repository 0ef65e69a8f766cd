"""Matching jobs: compute suggested matches when a need or a strength is created or changed.
Idempotent (recomputing stores the same suggestions), so at-least-once delivery is fine.

They are enqueued in one place: the dispatch of the change's outbox event (need.posted,
need.updated, strength.changed; api/skills/events.py FOLLOW_UPS), with `since` (the change's
time), so they run after a Redis outage too, and are skipped for a need whose matches were
already computed after that change."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import session_scope
from api.outbox.jobs import enqueue_dispatch
from api.outbox.service import take_emitted
from api.skills import matching
from api.skills.models import ACTIVE_NEED_STATES, Need

COMMUNITY_RECOMPUTE_LIMIT = 500  # open needs per community (MAX_OPEN_NEEDS per family bounds the rest)


async def _computed_since(db: AsyncSession, need_id: uuid.UUID, since: datetime | None) -> bool:
    if since is None:
        return False
    # Locked, as compute_matches locks it: a run under way finishes before this one looks.
    computed = await db.scalar(select(Need.matches_computed_at).where(Need.id == need_id).with_for_update())
    return computed is not None and computed >= since


async def compute_matches_for_need(ctx: dict[str, Any], *, need_id: str, since: str | None = None) -> dict[str, int]:
    pk = uuid.UUID(need_id)
    async with session_scope(ctx["sessions"]) as db:
        if await _computed_since(db, pk, datetime.fromisoformat(since) if since else None):
            return {"suggested": 0, "skipped": 1}
        new = await matching.compute_matches(db, pk)
        emitted = take_emitted(db)
    await enqueue_dispatch(ctx, emitted)  # tell the suggested helpers
    return {"suggested": len(new)}


async def compute_matches_for_strength(
    ctx: dict[str, Any], *, strength_id: str, since: str | None = None
) -> dict[str, int]:
    """A new or changed strength may serve open needs: recompute each, one short transaction apiece."""
    async with session_scope(ctx["sessions"]) as db:
        need_ids = await matching.needs_for_strength(db, uuid.UUID(strength_id))
    return await _recompute(ctx, need_ids, since)


async def compute_matches_for_community(
    ctx: dict[str, Any], *, community: str, since: str | None = None
) -> dict[str, int]:
    """The community's staff changed its matching words: recompute its open needs, newest first."""
    async with session_scope(ctx["sessions"]) as db:
        need_ids = list(
            await db.scalars(
                select(Need.id)
                .where(Need.community_id == uuid.UUID(community), Need.status.in_(ACTIVE_NEED_STATES))
                .order_by(Need.created_at.desc())
                .limit(COMMUNITY_RECOMPUTE_LIMIT)
            )
        )
    return await _recompute(ctx, need_ids, since)


async def _recompute(ctx: dict[str, Any], need_ids: list[uuid.UUID], since: str | None) -> dict[str, int]:
    """Each need in its own short transaction, skipped if computed after `since`."""
    after = datetime.fromisoformat(since) if since else None
    suggested = 0
    for need_id in need_ids:
        async with session_scope(ctx["sessions"]) as db:
            if await _computed_since(db, need_id, after):
                continue
            suggested += len(await matching.compute_matches(db, need_id))
            emitted = take_emitted(db)
        await enqueue_dispatch(ctx, emitted)
    return {"needs": len(need_ids), "suggested": suggested}


FUNCTIONS = [compute_matches_for_need, compute_matches_for_strength, compute_matches_for_community]
