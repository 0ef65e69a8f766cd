"""Retry keys are not the person's to download (what each made is, in its own domain's part); they
go with the account (ON DELETE CASCADE)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.retries.models import ClientMutation

EXPORTED: tuple = ()
NOT_EXPORTED: dict = {ClientMutation: "retry keys of the offline queue, kept a week; what they made is exported"}


async def export(db: AsyncSession, a: Account) -> dict:
    return {}
