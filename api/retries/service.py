"""Exactly once per person and client id, for every action a client may send again: the offline
queue resends what it is not sure arrived, and an answer lost on a bad connection looks like a
failure to the phone. A mutation that takes a `clientMutationId` calls `once()` first, in its own
transaction:

    attempt = await once(db, viewer, client_id, "postNeed", {…the input…})
    if attempt.replay:
        return await get_need(db, viewer, attempt.subject_id)   # what the first send made
    need = …                                                   # do it
    await attempt.done(db, need.id)

The key is inserted before the work, in the same transaction: a second send racing the first waits
on the key's unique index until the first commits, then replays it (or, if the first rolled back,
goes ahead itself). A refused action (bad input) rolls back its key too, so sending it again is
checked again. The same id with other content is refused (CLIENT_ID_REUSED) and changes nothing.
Keys are kept a week (jobs.py), far longer than any queue waits."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.actor import Viewer, require_viewer
from api.errors import Conflict, Invalid
from api.retries.models import ClientMutation

CLIENT_ID_MAX = 64
FIELD = "clientMutationId"


@dataclass
class Attempt:
    account_id: uuid.UUID | None = None
    client_id: str | None = None
    replay: bool = False
    subject_id: uuid.UUID | None = None

    async def done(self, db: AsyncSession, subject_id: uuid.UUID | None) -> None:
        """Record what this first send made, for the sends that follow it."""
        if self.client_id is None or self.replay:
            return
        await db.execute(
            update(ClientMutation)
            .where(ClientMutation.account_id == self.account_id, ClientMutation.client_id == self.client_id)
            .values(subject_id=subject_id)
        )


def fingerprint(operation: str, payload: dict[str, Any]) -> bytes:
    text = json.dumps([operation, payload], sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).digest()


async def once(
    db: AsyncSession, viewer: Viewer | None, client_id: str | None, operation: str, payload: dict[str, Any]
) -> Attempt:
    """Claim `client_id` for this action, or find the send that claimed it first. Without a
    client id every send acts (the attempt records nothing)."""
    if client_id is None:
        return Attempt()
    if not (1 <= len(client_id) <= CLIENT_ID_MAX and client_id.isprintable()):
        raise Invalid(f"{FIELD} is 1 to {CLIENT_ID_MAX} printable characters.", field=FIELD, code="INVALID")
    viewer = require_viewer(viewer)
    mark = fingerprint(operation, payload)
    claimed = await db.scalar(
        insert(ClientMutation)
        .values(account_id=viewer.account_id, client_id=client_id, operation=operation, fingerprint=mark)
        .on_conflict_do_nothing()
        .returning(ClientMutation.client_id)
    )
    if claimed is not None:
        return Attempt(viewer.account_id, client_id)
    first = await db.scalar(
        select(ClientMutation).where(
            ClientMutation.account_id == viewer.account_id, ClientMutation.client_id == client_id
        )
    )
    assert first is not None  # it conflicted, and keys are only deleted after a week
    if first.fingerprint != mark:
        raise Conflict(
            f"This {FIELD} was already used for a different action; send a new one for a new action.",
            field=FIELD,
            code="CLIENT_ID_REUSED",
        )
    return Attempt(viewer.account_id, client_id, replay=True, subject_id=first.subject_id)
