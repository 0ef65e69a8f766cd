"""Who the person already knows through carpools: the caregivers of the families approved in a
carpool their own family is approved in."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.accounts.models import Account
from api.carpools.models import CarpoolFamily, SeatState
from api.db import in_uuids


async def tied(
    db: AsyncSession, community_id: uuid.UUID, account_id: uuid.UUID, others: set[uuid.UUID]
) -> set[uuid.UUID]:
    me, mine, theirs, them = aliased(Account), aliased(CarpoolFamily), aliased(CarpoolFamily), aliased(Account)
    rows = await db.scalars(
        select(them.id)
        .join(theirs, theirs.family_id == them.family_id)
        .join(mine, mine.carpool_id == theirs.carpool_id)
        .join(me, me.family_id == mine.family_id)
        .where(
            me.id == account_id,
            mine.community_id == community_id,
            mine.state == SeatState.APPROVED,
            theirs.state == SeatState.APPROVED,
            in_uuids(them.id, others),
        )
        .distinct()
    )
    return set(rows.all())
