"""Write outbox events inside the caller's transaction, and note their ids on the session so that
whoever commits it (a mutation, a job) can enqueue their dispatch right after the commit."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.outbox.models import OutboxEvent

# session.info key: ids of events written in the session's current transaction.
_EMITTED = "outbox_ids"


def _plain(value):
    return str(value) if isinstance(value, uuid.UUID) else value


def _note(db: AsyncSession, events: list[OutboxEvent]) -> None:
    db.info.setdefault(_EMITTED, []).extend(e.id for e in events)


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


async def emit_many(db: AsyncSession, kind: str, *, community_id: uuid.UUID | None, payloads: list[dict]) -> list[OutboxEvent]:
    """Record several events of one kind in one INSERT (a match run suggests up to twenty helpers)."""
    events = [OutboxEvent(kind=kind, community_id=community_id, payload={k: _plain(v) for k, v in ids.items()}) for ids in payloads]
    db.add_all(events)
    await db.flush()
    _note(db, events)
    return events
