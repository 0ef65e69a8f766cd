"""What each person wants told, and how: per kind in the feed and/or pushed, and quiet hours in
their own timezone (non-urgent pushes wait until they end)."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.actor import Viewer, require_viewer
from api.db import in_uuids
from api.notifications import kinds
from api.notifications.models import (
    Notification,
    NotificationPreference,
    NotificationSettings,
    PushDelivery,
)
from api.validation import Checker

log = logging.getLogger(__name__)

_HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")


# --- preferences and quiet hours -----------------------------------------------------------------


@dataclass
class KindPreference:
    kind: str
    in_app: bool
    push: bool


@dataclass
class Preferences:
    kinds: list[KindPreference]
    quiet_start: int | None
    quiet_end: int | None
    timezone: str


async def preferences(db: AsyncSession, viewer: Viewer | None) -> Preferences:
    viewer = require_viewer(viewer)
    rows = {
        p.kind: p
        for p in (
            await db.scalars(
                select(NotificationPreference).where(NotificationPreference.account_id == viewer.account_id)
            )
        ).all()
    }
    s = await db.get(NotificationSettings, viewer.account_id)
    tz = await db.scalar(select(Account.timezone).where(Account.id == viewer.account_id)) or "UTC"
    return Preferences(
        kinds=[
            KindPreference(k, rows[k].in_app if k in rows else True, rows[k].push if k in rows else True)
            for k in kinds.registry()
        ],
        quiet_start=s.quiet_start if s else None,
        quiet_end=s.quiet_end if s else None,
        timezone=tz,
    )


def _minutes(c: Checker, field: str, value: str) -> int | None:
    if not isinstance(value, str) or not _HHMM.match(value):
        c.add(field, "Times look like 22:00 or 07:30.", "INVALID_TIME")
        return None
    return int(value[:2]) * 60 + int(value[3:])


async def update_preferences(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    kinds_: list[KindPreference] | None = None,
    quiet_hours: tuple[str, str] | None = None,
    clear_quiet_hours: bool = False,
) -> Preferences:
    viewer = require_viewer(viewer)
    c = Checker()
    seen: set[str] = set()
    for i, p in enumerate(kinds_ or []):
        if p.kind not in kinds.registry():
            c.add(f"preferences.{i}.kind", f"'{p.kind[:48]}' is not a kind of notification.", "UNKNOWN_KIND")
        elif p.kind in seen:
            c.add(f"preferences.{i}.kind", "Each kind may appear once.", "DUPLICATE")
        seen.add(p.kind)
    start = end = None
    if quiet_hours is not None and clear_quiet_hours:
        c.add("clearQuietHours", "Set quiet hours or clear them, not both.")
    elif quiet_hours is not None:
        start = _minutes(c, "quietHours.start", quiet_hours[0])
        end = _minutes(c, "quietHours.end", quiet_hours[1])
        if start is not None and start == end:
            c.add("quietHours.end", "Quiet hours must end at a different time than they start.", "INVALID_TIME")
    c.done()
    for p in kinds_ or []:
        stmt = insert(NotificationPreference).values(
            account_id=viewer.account_id, kind=p.kind, in_app=p.in_app, push=p.push
        )
        await db.execute(
            stmt.on_conflict_do_update(index_elements=["account_id", "kind"], set_={"in_app": p.in_app, "push": p.push})
        )
    if quiet_hours is not None or clear_quiet_hours:
        stmt = insert(NotificationSettings).values(account_id=viewer.account_id, quiet_start=start, quiet_end=end)
        await db.execute(
            stmt.on_conflict_do_update(index_elements=["account_id"], set_={"quiet_start": start, "quiet_end": end})
        )
    if any(not p.push for p in kinds_ or []):
        # Pushes already waiting (quiet hours, retries) for a kind just turned off are not sent.
        off = [p.kind for p in kinds_ or [] if not p.push]
        await db.execute(
            update(PushDelivery)
            .where(
                PushDelivery.status == "pending",
                PushDelivery.notification_id.in_(
                    select(Notification.id).where(
                        Notification.recipient_id == viewer.account_id, Notification.kind.in_(off)
                    )
                ),
            )
            .values(status="skipped")
        )
    await db.flush()
    db.expire_all()
    return await preferences(db, viewer)


def quiet_until(tz: str, start: int | None, end: int | None, now: datetime) -> datetime | None:
    """When the quiet hours around `now` end (UTC), or None when `now` is not in quiet hours."""
    if start is None or end is None or start == end:
        return None
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = now.astimezone(zone)
    minute = local.hour * 60 + local.minute
    inside = start <= minute < end if start < end else (minute >= start or minute < end)
    if not inside:
        return None
    day = local.date() if minute < end else local.date() + timedelta(days=1)
    return datetime.combine(day, time(end // 60, end % 60), tzinfo=zone).astimezone(UTC)


async def quiet_until_many(db: AsyncSession, account_ids: set[uuid.UUID], now: datetime) -> dict[uuid.UUID, datetime]:
    """For each person in quiet hours now, when they end (one query for everyone)."""
    if not account_ids:
        return {}
    rows = (
        await db.execute(
            select(Account.id, Account.timezone, NotificationSettings.quiet_start, NotificationSettings.quiet_end)
            .join(NotificationSettings, NotificationSettings.account_id == Account.id)
            .where(in_uuids(Account.id, account_ids), NotificationSettings.quiet_start.is_not(None))
        )
    ).all()
    out = {}
    for account_id, tz, start, end in rows:
        until = quiet_until(tz, start, end, now)
        if until is not None:
            out[account_id] = until
    return out


async def kind_preferences(
    db: AsyncSession, account_ids: set[uuid.UUID], kind_names: set[str]
) -> dict[tuple[uuid.UUID, str], tuple[bool, bool]]:
    """(in app, push) for each (person, kind) someone set; the rest default to both on."""
    if not account_ids or not kind_names:
        return {}
    rows = await db.scalars(
        select(NotificationPreference).where(
            in_uuids(NotificationPreference.account_id, account_ids), NotificationPreference.kind.in_(kind_names)
        )
    )
    return {(p.account_id, p.kind): (p.in_app, p.push) for p in rows.all()}
