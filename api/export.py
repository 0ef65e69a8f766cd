"""exportMyData and deleteAccount across every domain: each api/<domain>/export.py gives its part
of the export and deletes (or anonymises) what it holds about the person; this runs them all.

A domain's export.py has:
    EXPORTED       the models whose rows about a person its export covers
    NOT_EXPORTED   {model: why} for models that mention a person but are not theirs to download
    export(db, account) -> dict   its top-level keys of the export (unique across domains)
    delete(db, account)           optional; runs before the account row is deleted, in reverse
                                  domain order (so accounts, listed first, deletes the row last)
tests/accounts/test_export_coverage.py fails when a model that references an account, a family or
a child is in neither list of any domain."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.domains import parts


def iso(d: datetime | None) -> str | None:
    return d.isoformat() if d else None


async def export_all(db: AsyncSession, account: Account) -> dict[str, Any]:
    out: dict[str, Any] = {"exportedAt": datetime.now(UTC).isoformat()}
    for module in parts("export"):
        part = await module.export(db, account)
        if clash := out.keys() & part.keys():
            raise RuntimeError(f"{module.__name__} exports keys another domain exports: {sorted(clash)}")
        out.update(part)
    return out


async def delete_all(db: AsyncSession, account: Account) -> None:
    for module in reversed(parts("export")):
        if (delete := getattr(module, "delete", None)) is not None:
            await delete(db, account)
    await db.flush()
