"""The in-app feed: a person's notifications (never one caused by someone blocked either way), the
unread count, read state, and the Redis channel on which new ones are announced."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Integer, and_, bindparam, func, or_, select, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.accounts.privacy import PublicProfile, profile_columns, profile_from_row
from api.actor import Viewer, require_viewer
from api.config import Settings
from api.db import Columns, HotRead, labelled_columns
from api.errors import Invalid, NotFound
from api.notifications.models import (
    Notification,
    PushDelivery,
)
from api.safety.service import hidden_account_ids, is_blocked_between

log = logging.getLogger(__name__)


def channel(settings: Settings, account_id: uuid.UUID) -> str:
    """The Redis pub/sub channel on which a person's new notifications are announced (ids only)."""
    return f"{settings.redis_prefix}notifications:{account_id}"


# --- the feed -------------------------------------------------------------------------------------


# Built once (these run on every screen, the unread badge above all), with the viewer as a parameter.
_VIEWER = bindparam("viewer_id", type_=UUID(as_uuid=True))
# A person's own feed rows, without anything caused by someone they blocked or who blocked them.
_VISIBLE = and_(
    Notification.recipient_id == _VIEWER,
    Notification.in_feed.is_(True),
    or_(Notification.actor_id.is_(None), Notification.actor_id.not_in(select(hidden_account_ids(_VIEWER).c.id))),
)
_AFTER_AT = bindparam("after_at", type_=DateTime(timezone=True))
# A page of the feed; `unread_only` and the cursor (`after_at`, `after_id`) are parameters that
# leave the page whole when false / null, so one statement serves every page.
_PAGE = HotRead(
    select(*labelled_columns(Notification, "n_"), *profile_columns(Account, "a_"))
    .outerjoin(Account, Account.id == Notification.actor_id)
    .where(
        _VISIBLE,
        or_(bindparam("unread_only", type_=Boolean).is_(False), Notification.read_at.is_(None)),
        or_(
            _AFTER_AT.is_(None),
            func.row(Notification.created_at, Notification.id)
            < func.row(_AFTER_AT, bindparam("after_id", type_=UUID(as_uuid=True))),
        ),
    )
    .order_by(Notification.created_at.desc(), Notification.id.desc())
    .limit(bindparam("limit", type_=Integer))
)
_UNREAD_COUNT = HotRead(select(func.count()).select_from(Notification).where(_VISIBLE, Notification.read_at.is_(None)))


async def list_notifications(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
    unread_only: bool = False,
) -> list[NotificationView]:
    """A page of my feed, newest first, with each actor as I may see them: one query."""
    viewer = require_viewer(viewer)
    rows = await _PAGE.fetch(
        db,
        viewer_id=viewer.account_id,
        unread_only=unread_only,
        after_at=after[0] if after else None,
        after_id=after[1] if after else None,
        limit=limit,
    )
    return [
        NotificationView(Columns(r, "n_"), profile_from_row(Columns(r), viewer.account_id, "a_"))  # type: ignore[arg-type]
        for r in rows
    ]


async def unread_count(db: AsyncSession, viewer: Viewer | None) -> int:
    viewer = require_viewer(viewer)
    return (await _UNREAD_COUNT.fetchval(db, viewer_id=viewer.account_id)) or 0


async def get_notification(db: AsyncSession, viewer: Viewer | None, notification_id: uuid.UUID) -> Notification:
    """Only its recipient sees a notification (in the feed or not), and not one caused by someone blocked."""
    viewer = require_viewer(viewer)
    n = await db.get(Notification, notification_id)
    if (
        n is None
        or n.recipient_id != viewer.account_id
        or (n.actor_id and await is_blocked_between(db, n.recipient_id, n.actor_id))
    ):
        raise NotFound("That notification does not exist.", field="id")
    return n


async def mark_read(db: AsyncSession, viewer: Viewer | None, *, ids: list[uuid.UUID] | None, all_: bool) -> int:
    """Mark some (or all) of my notifications read; others' ids are ignored. Pushes not yet sent for
    them are dropped: nothing is pushed about something already seen."""
    viewer = require_viewer(viewer)
    if all_ == bool(ids):
        raise Invalid("Give the ids to mark read, or all: true.", field="ids")
    if ids is not None and len(ids) > 500:
        raise Invalid("Mark at most 500 notifications at once, or use all: true.", field="ids", code="TOO_MANY")
    return await _mark(db, viewer.account_id, None if all_ else Notification.id.in_(ids or []))


async def mark_read_about(
    db: AsyncSession, account_id: uuid.UUID, subject_id: uuid.UUID, kinds: tuple[str, ...]
) -> int:
    """Mark someone's notifications of these kinds about one subject read, because they saw it
    where it lives (a conversation they read): pushes not yet sent for them are dropped too."""
    return await _mark(db, account_id, and_(Notification.subject_id == subject_id, Notification.kind.in_(kinds)))


async def _mark(db: AsyncSession, account_id: uuid.UUID, which) -> int:
    q = update(Notification).where(Notification.recipient_id == account_id, Notification.read_at.is_(None))
    if which is not None:
        q = q.where(which)
    marked = (await db.scalars(q.values(read_at=_now()).returning(Notification.id))).all()
    if marked:
        await db.execute(
            update(PushDelivery)
            .where(PushDelivery.notification_id.in_(marked), PushDelivery.status == "pending")
            .values(status="skipped")
        )
    return len(marked)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class NotificationView:
    notification: Notification
    actor: PublicProfile | None  # who caused it, as the recipient may see them


async def notification_views(
    db: AsyncSession, viewer: Viewer | None, rows: list[Notification]
) -> list[NotificationView]:
    """Notifications with their actors as the recipient may see them, in one query for the actors."""
    viewer = require_viewer(viewer)
    ids = {n.actor_id for n in rows if n.actor_id}
    q = select(*profile_columns(Account)).where(Account.id.in_(ids))
    actors = {r.id: profile_from_row(r, viewer.account_id) for r in (await db.execute(q)).all()} if ids else {}
    return [NotificationView(n, actors.get(n.actor_id) if n.actor_id else None) for n in rows]
