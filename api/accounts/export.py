"""The accounts part of exportMyData (the profile, its privacy choices, sign-in sessions) and of
deleteAccount (the account row itself, last: most other rows go with it by ON DELETE CASCADE)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account, AuthSession
from api.export import iso

EXPORTED = (Account, AuthSession)
NOT_EXPORTED: dict = {}


async def export(db: AsyncSession, a: Account) -> dict:
    sessions = (
        await db.scalars(select(AuthSession).where(AuthSession.account_id == a.id).order_by(AuthSession.created_at))
    ).all()
    return {
        "account": {
            "id": str(a.id),
            "email": a.email,
            "displayName": a.display_name,
            "languages": a.languages,
            "uiLanguage": a.ui_language,
            "timezone": a.timezone,
            "homeArea": {"h3Cell": a.home_cell, "label": a.home_area_label} if a.home_cell else None,
            "strengthCircle": {"strengths": a.strengths, "passions": a.passions, "interests": a.interests},
            "directoryPrivacy": {
                "listed": a.listed_in_directory,
                "showLanguages": a.show_languages,
                "showStrengths": a.show_strengths,
                "showArea": a.show_area,
            },
            "createdAt": iso(a.created_at),
        },
        "sessions": [
            {
                "createdAt": iso(s.created_at),
                "userAgent": s.user_agent,
                "revokedAt": iso(s.revoked_at),
                "expiresAt": iso(s.expires_at),
            }
            for s in sessions
        ],
    }


async def delete(db: AsyncSession, a: Account) -> None:
    await db.delete(a)
