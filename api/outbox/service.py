"""Write outbox events inside the caller's transaction, and note their ids on the session so that
whoever commits it (a mutation, a job) can enqueue their dispatch right after the commit; find the
events still to dispatch."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.outbox.models import OutboxEvent

# session.info key: ids of events written in the session's current transaction.
_EMITTED = "outbox_ids"
# An event whose dispatch failed this often is left for a person to look at (it stops being swept).
MAX_DISPATCH_ATTEMPTS = 10


def _plain(value):
    return str(value) if isinstance(value, uuid.UUID) else value


def _note(db: AsyncSession, events: list[OutboxEvent]) -> None:
    note_emitted(db, [e.id for e in events])


def note_emitted(db: AsyncSession, event_ids: list[int]) -> None:
    """Note events written by plain SQL in this transaction (a match run writes its events in the
    statement that stores the matches), so they are dispatched after the commit like emit()'s."""
    db.info.setdefault(_EMITTED, []).extend(event_ids)


def take_emitted(db: AsyncSession) -> list[int]:
    """The ids of events emitted since the last call, forgotten as they are returned. Call it after
    a commit to enqueue their dispatch (best effort: the worker's sweeper finds any left behind),
    and after a rollback to forget events that never happened."""
    return db.info.pop(_EMITTED, [])


async def emit(db: AsyncSession, kind: str, *, community_id: uuid.UUID | None, **ids) -> OutboxEvent:
    """Record that something happened. Commits (or rolls back) with the change that caused it."""
    event = OutboxEvent(kind=kind, community_id=community_id, payload={k: _plain(v) for k, v in ids.items()})
    db.add(event)
    await db.flush()
    _note(db, [event])
    return event


async def emit_many(
    db: AsyncSession, kind: str, *, community_id: uuid.UUID | None, payloads: list[dict]
) -> list[OutboxEvent]:
    """Record several events of one kind in one INSERT (a match run suggests up to twenty helpers)."""
    events = [
        OutboxEvent(kind=kind, community_id=community_id, payload={k: _plain(v) for k, v in ids.items()})
        for ids in payloads
    ]
    db.add_all(events)
    await db.flush()
    _note(db, events)
    return events


async def lock_event(db: AsyncSession, event_id: int) -> OutboxEvent | None:
    """The event, locked for dispatch; None when it was dispatched already or another job holds it."""
    return await db.scalar(
        select(OutboxEvent)
        .where(OutboxEvent.id == event_id, OutboxEvent.dispatched_at.is_(None))
        .with_for_update(skip_locked=True)
    )


async def pending_events(db: AsyncSession, *, older_than: datetime, limit: int = 500) -> list[int]:
    q = (
        select(OutboxEvent.id)
        .where(
            OutboxEvent.dispatched_at.is_(None),
            OutboxEvent.created_at <= older_than,
            OutboxEvent.attempts < MAX_DISPATCH_ATTEMPTS,
        )
        .order_by(OutboxEvent.id)
        .limit(limit)
    )
    return list((await db.scalars(q)).all())


async def pending_follow_ups(db: AsyncSession, *, older_than: datetime, limit: int = 500) -> list[int]:
    """Dispatched events whose follow-up job has not run (its worker died, or Redis was down)."""
    q = (
        select(OutboxEvent.id)
        .where(
            OutboxEvent.dispatched_at.is_not(None),
            OutboxEvent.followed_up_at.is_(None),
            OutboxEvent.dispatched_at <= older_than,
            OutboxEvent.follow_up_attempts < MAX_DISPATCH_ATTEMPTS,
        )
        .order_by(OutboxEvent.id)
        .limit(limit)
    )
    return list((await db.scalars(q)).all())
