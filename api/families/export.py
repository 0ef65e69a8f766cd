"""The families part of exportMyData (the other caregivers' names, every child's circle, the
family codes the person made) and of deleteAccount: when no other caregiver remains, the children
and the family go too; otherwise they stay with the family."""

from __future__ import annotations

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.export import iso
from api.families.models import Child, Family, FamilyInvite

EXPORTED = (Family, Child, FamilyInvite)
NOT_EXPORTED: dict = {}


async def export(db: AsyncSession, a: Account) -> dict:
    children, caregivers = [], []
    if a.family_id:
        children = (
            await db.scalars(select(Child).where(Child.family_id == a.family_id).order_by(Child.created_at))
        ).all()
        caregivers = (
            await db.scalars(select(Account.display_name).where(Account.family_id == a.family_id, Account.id != a.id))
        ).all()
    invites = (await db.scalars(select(FamilyInvite).where(FamilyInvite.invited_by_id == a.id))).all()
    return {
        "family": {
            "otherCaregivers": list(caregivers),
            "children": [
                {
                    "name": ch.name,
                    "grade": ch.grade,
                    "strengths": ch.strengths,
                    "passions": ch.passions,
                    "interests": ch.interests,
                    "joy": ch.joy,
                    "createdAt": iso(ch.created_at),
                }
                for ch in children
            ],
            "invitesSent": [{"createdAt": iso(i.created_at), "acceptedAt": iso(i.accepted_at)} for i in invites],
        },
    }


async def delete(db: AsyncSession, a: Account) -> None:
    family_id = a.family_id
    if family_id is None:
        return
    others = await db.scalar(
        select(func.count()).select_from(Account).where(Account.family_id == family_id, Account.id != a.id)
    )
    if not others:
        a.family_id = None
        await db.flush()
        await db.execute(sql_delete(Child).where(Child.family_id == family_id))
        await db.execute(sql_delete(Family).where(Family.id == family_id))
