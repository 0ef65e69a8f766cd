"""Peer groups' part of the school insights: who wrote in which group and when (posts and comments
still shown), how many families each group has, and who leads one."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.groups.models import Comment, Group, GroupMember, GroupMembershipState, GroupRole, Post


async def collect(db: AsyncSession, community_id: uuid.UUID, family, a) -> None:
    rows = (
        await db.execute(
            select(GroupMember.group_id, GroupMember.account_id, GroupMember.role, GroupMember.created_at).where(
                GroupMember.community_id == community_id, GroupMember.state == GroupMembershipState.MEMBER
            )
        )
    ).all()
    families: dict[uuid.UUID, set] = {}
    for group_id, account_id, role, since in rows:
        f = family(account_id)
        if f is None:
            continue
        families.setdefault(group_id, set()).add(f)
        if role == GroupRole.LEADER:
            a.leads.append((since, f))
    a.group_size.update({g: len(fs) for g, fs in families.items()})
    for table in (Post, Comment):
        for group_id, author, at in (
            await db.execute(
                select(table.group_id, table.author_id, table.created_at).where(
                    table.group_id.in_(select(Group.id).where(Group.community_id == community_id)),
                    table.hidden_at.is_(None),
                )
            )
        ).all():
            f = family(author)
            if f is not None:
                a.group_writes.append((at, group_id, f))
