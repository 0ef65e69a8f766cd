"""The safety part of exportMyData: the people the person blocked and the reports they filed.
Reports about the person are not theirs to download (that would expose who reported them); they
go with the account on deletion (CASCADE), as do blocks either way."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.export import iso
from api.safety.models import Block, Report

EXPORTED = (Block, Report)
NOT_EXPORTED: dict = {}


async def export(db: AsyncSession, a: Account) -> dict:
    blocks = (
        await db.execute(
            select(Account.display_name, Block.created_at)
            .join(Account, Account.id == Block.blocked_id)
            .where(Block.blocker_id == a.id)
        )
    ).all()
    reports = (await db.scalars(select(Report).where(Report.reporter_id == a.id).order_by(Report.created_at))).all()
    return {
        "blocks": [{"displayName": name, "since": iso(at)} for name, at in blocks],
        "reportsFiled": [
            {
                "subjectType": r.subject_type,
                "reason": r.reason,
                "details": r.details,
                "status": r.status,
                "createdAt": iso(r.created_at),
            }
            for r in reports
        ],
    }
