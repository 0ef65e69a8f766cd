"""What the insights roll-up reads: the community's families (verified caregivers, grouped by family),
then each domain's part of their activity (api/<domain>/insights.py `collect`), found through the
domain list like every other part."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.communities.models import MemberRole, Membership, MembershipState
from api.domains import parts
from api.insights.network import UNKNOWN, Activity

FAMILY_ROLES = (MemberRole.CAREGIVER, MemberRole.LEADER)


class Families:
    """The community's member families: account → family, for the domains' collectors."""

    def __init__(self) -> None:
        self.of: dict[uuid.UUID, uuid.UUID] = {}

    def __call__(self, account_id: uuid.UUID | None) -> uuid.UUID | None:
        return self.of.get(account_id) if account_id is not None else None


async def collect(db: AsyncSession, community_id: uuid.UUID) -> Activity:
    a = Activity()
    fams = Families()
    rows = await db.execute(
        select(
            Account.id,
            func.coalesce(Account.family_id, Account.id),
            Account.languages,
            Membership.created_at,
        )
        .join(Membership, Membership.account_id == Account.id)
        .where(
            Membership.community_id == community_id,
            Membership.state == MembershipState.VERIFIED,
            Membership.role.in_(FAMILY_ROLES),
        )
        .order_by(Membership.created_at, Account.id)
    )
    for account_id, family, languages, joined in rows.all():
        fams.of[account_id] = family
        if family not in a.joined:  # the family's first caregiver: its join date and home language
            a.joined[family] = joined
            a.language[family] = languages[0] if languages else UNKNOWN
    for module in parts("insights"):
        await module.collect(db, community_id, fams, a)
    return a
