"""The accounts' jobs: the session purge against the test database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from api.accounts import jobs
from api.accounts.models import AuthSession
from api.security import hash_token, new_token


def ago(**kw) -> datetime:
    return datetime.now(UTC) - timedelta(**kw)


async def add_session(sessions, account_id, *, expires_at: datetime, revoked_at: datetime | None = None) -> bytes:
    token_hash = hash_token(new_token())
    async with sessions() as db:
        db.add(AuthSession(account_id=account_id, token_hash=token_hash, expires_at=expires_at, revoked_at=revoked_at))
        await db.commit()
    return token_hash


async def _remaining(sessions) -> set[bytes]:
    async with sessions() as db:
        return set((await db.scalars(select(AuthSession.token_hash))).all())


async def test_purge_deletes_sessions_ended_long_ago_and_keeps_the_rest(f, sessions, monkeypatch):
    u = await f.user("Ana")
    old_expired = await add_session(sessions, u.pk, expires_at=ago(days=31))
    old_revoked = await add_session(sessions, u.pk, expires_at=ago(days=-30), revoked_at=ago(days=45))
    old_both = await add_session(sessions, u.pk, expires_at=ago(days=90), revoked_at=ago(days=100))
    recently_expired = await add_session(sessions, u.pk, expires_at=ago(days=5))
    recently_revoked = await add_session(sessions, u.pk, expires_at=ago(days=-50), revoked_at=ago(days=2))
    before = await _remaining(sessions)
    # Slices of two rows: the job must keep going until the backlog is gone.
    monkeypatch.setattr(jobs, "PURGE_BATCH", 2)

    result = await jobs.purge_expired_sessions({"sessions": sessions})

    assert result == {"deleted": 3}
    left = await _remaining(sessions)
    assert left == before - {old_expired, old_revoked, old_both}
    assert {recently_expired, recently_revoked} <= left
    # The session from signing up is untouched and still signs Ana in.
    data = await f.ok("{ viewer { displayName } }", user=u)
    assert data["viewer"] == {"displayName": "Ana"}
    assert await jobs.purge_expired_sessions({"sessions": sessions}) == {"deleted": 0}
