"""A person's part of the insights is the log of what they viewed or exported; the published figures
are the community's aggregates, about no one. The log outlives the account without its name
(ON DELETE SET NULL): it is the school's record of who looked."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.insights.models import InsightPeriod, InsightRelease, InsightRun

EXPORTED = (InsightRelease,)
NOT_EXPORTED: dict = {
    InsightPeriod: "a community's published aggregates (no figure covers fewer than ten families)",
    InsightRun: "when a community's figures were last computed",
}


async def export(db: AsyncSession, a: Account) -> dict:
    rows = (
        await db.scalars(select(InsightRelease).where(InsightRelease.account_id == a.id).order_by(InsightRelease.at))
    ).all()
    return {
        "insightsReleases": [
            {
                "communityId": str(r.community_id),
                "kind": r.kind,
                "granularity": r.granularity,
                "from": r.period_from.isoformat(),
                "to": r.period_to.isoformat(),
                "at": r.at.isoformat(),
            }
            for r in rows
        ]
    }
