"""Skill-sharing's part of the school insights: needs, who responded and when they were met, help
given (completed matches), and the strengths on offer (api/insights/activity.py)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.skills.models import Match, MatchStatus, Need, SkillCategory, Strength

RESPONDED = (MatchStatus.OFFERED, MatchStatus.REQUESTED, MatchStatus.ACCEPTED, MatchStatus.COMPLETED)


async def collect(db: AsyncSession, community_id: uuid.UUID, family, a) -> None:
    from api.insights.network import NeedRow

    parent = dict((await db.execute(select(SkillCategory.slug, SkillCategory.parent_slug))).all())

    def top(slug: str) -> str:
        while parent.get(slug):
            slug = parent[slug]
        return slug

    matches = (
        await db.execute(
            select(
                Match.need_id, Match.helper_id, Match.requester_id, Match.status, Match.responded_at, Match.completed_at
            ).where(Match.community_id == community_id, Match.status.in_(RESPONDED))
        )
    ).all()
    met: dict[uuid.UUID, object] = {}
    responded: set[uuid.UUID] = set()
    for need_id, helper, requester, status, responded_at, completed_at in matches:
        responded.add(need_id)
        g, r = family(helper), family(requester)
        if responded_at is not None:
            a.responses.extend((responded_at, f) for f in (g, r) if f is not None)
        if status == MatchStatus.COMPLETED and completed_at is not None:
            if g is not None and r is not None:
                a.help.append((completed_at, g, r))
            if need_id not in met or completed_at < met[need_id]:
                met[need_id] = completed_at
    for need_id, requester, category, posted in (
        await db.execute(
            select(Need.id, Need.requester_id, Need.category_slug, Need.created_at).where(
                Need.community_id == community_id
            )
        )
    ).all():
        f = family(requester)
        if f is not None:
            a.needs.append(NeedRow(posted, f, top(category), need_id in responded, met.get(need_id)))
    accounts = list(family.of)
    for i in range(0, len(accounts), 5000):
        for account_id, category, since in (
            await db.execute(
                select(Strength.account_id, Strength.category_slug, func.min(Strength.created_at))
                .where(Strength.account_id.in_(accounts[i : i + 5000]))
                .group_by(Strength.account_id, Strength.category_slug)
            )
        ).all():
            a.strengths.append((since, family(account_id), top(category)))
