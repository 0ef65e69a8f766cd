"""Who the person already knows through skill-sharing: the other family of a match one of them
offered or asked for (messages from them are not message requests)."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import in_uuids
from api.skills.models import Match, MatchStatus

# A suggestion nobody acted on is not a tie; one that was offered, asked for, agreed or done is.
TIED = (MatchStatus.OFFERED, MatchStatus.REQUESTED, MatchStatus.ACCEPTED, MatchStatus.COMPLETED)


async def tied(
    db: AsyncSession, community_id: uuid.UUID, account_id: uuid.UUID, others: set[uuid.UUID]
) -> set[uuid.UUID]:
    rows = await db.execute(
        select(Match.helper_id, Match.requester_id).where(
            Match.community_id == community_id,
            Match.status.in_(TIED),
            or_(
                and_(Match.helper_id == account_id, in_uuids(Match.requester_id, others)),
                and_(Match.requester_id == account_id, in_uuids(Match.helper_id, others)),
            ),
        )
    )
    return {a if a != account_id else b for a, b in rows.all()}
