"""Who the person already knows through peer groups: members of a group they are in too."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.db import in_uuids
from api.groups.models import Group, GroupMember, GroupMembershipState


async def tied(
    db: AsyncSession, community_id: uuid.UUID, account_id: uuid.UUID, others: set[uuid.UUID]
) -> set[uuid.UUID]:
    mine, theirs = aliased(GroupMember), aliased(GroupMember)
    rows = await db.scalars(
        select(theirs.account_id)
        .join(mine, mine.group_id == theirs.group_id)
        .join(Group, Group.id == mine.group_id)
        .where(
            Group.community_id == community_id,
            mine.account_id == account_id,
            mine.state == GroupMembershipState.MEMBER,
            theirs.state == GroupMembershipState.MEMBER,
            in_uuids(theirs.account_id, others),
        )
        .distinct()
    )
    return set(rows.all())
