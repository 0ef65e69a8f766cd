"""The notifications part of exportMyData: devices (the push service's origin only), preferences,
quiet hours and the notifications themselves. All of it goes with the account (CASCADE)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.export import iso
from api.notifications.models import (
    Notification,
    NotificationPreference,
    NotificationSettings,
    PushSubscription,
)
from api.notifications.webpush import origin_of

EXPORTED = (Notification, NotificationPreference, NotificationSettings, PushSubscription)
NOT_EXPORTED: dict = {}


async def export(db: AsyncSession, a: Account) -> dict:
    """Push service origin only: the endpoint is a secret capability URL."""
    account_id = a.id
    subs = (
        await db.scalars(
            select(PushSubscription)
            .where(PushSubscription.account_id == account_id)
            .order_by(PushSubscription.created_at)
        )
    ).all()
    prefs = (
        await db.scalars(select(NotificationPreference).where(NotificationPreference.account_id == account_id))
    ).all()
    s = await db.get(NotificationSettings, account_id)
    notes = (
        await db.scalars(
            select(Notification).where(Notification.recipient_id == account_id).order_by(Notification.created_at)
        )
    ).all()

    def hhmm(m: int | None) -> str | None:
        return None if m is None else f"{m // 60:02d}:{m % 60:02d}"

    return {
        "pushSubscriptions": [
            {
                "endpointOrigin": origin_of(x.endpoint),
                "userAgent": x.user_agent,
                "createdAt": iso(x.created_at),
                "lastSuccessAt": iso(x.last_success_at),
            }
            for x in subs
        ],
        "notificationPreferences": {
            "kinds": [{"kind": p.kind, "inApp": p.in_app, "push": p.push} for p in prefs],
            "quietHours": {"start": hhmm(s.quiet_start), "end": hhmm(s.quiet_end)}
            if s and s.quiet_start is not None
            else None,
        },
        "notifications": [
            {"kind": n.kind, "subjectType": n.subject_type, "createdAt": iso(n.created_at), "readAt": iso(n.read_at)}
            for n in notes
        ],
    }
