"""The communities part of exportMyData: memberships and the invite codes the person made. On
deletion, memberships go with the account (CASCADE); invites they made stay for the community,
with their maker set to null (SET NULL)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.communities.models import Community, Invite, Membership
from api.export import iso

EXPORTED = (Membership, Invite)
NOT_EXPORTED: dict = {}


async def export(db: AsyncSession, a: Account) -> dict:
    memberships = (
        await db.execute(
            select(Membership, Community.name)
            .join(Community, Community.id == Membership.community_id)
            .where(Membership.account_id == a.id)
        )
    ).all()
    invites = (await db.scalars(select(Invite).where(Invite.created_by_id == a.id))).all()
    return {
        "memberships": [
            {
                "community": name,
                "communityId": str(m.community_id),
                "role": m.role,
                "state": m.state,
                "joinNote": m.join_note,
                "joinedAt": iso(m.created_at),
            }
            for m, name in memberships
        ],
        "communityInvitesCreated": [
            {"code": i.code, "role": i.role, "uses": i.uses, "maxUses": i.max_uses, "expiresAt": iso(i.expires_at)}
            for i in invites
        ],
    }
