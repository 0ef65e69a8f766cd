"""The groups part of exportMyData: the groups the person is in (or asked to join, or was invited
to) with their answer to the join question, and every post and comment they wrote. On deletion,
each group they alone led passes to its longest-standing member (a group always keeps a leader)
and a group with nobody else in it goes; their posts and comments stay in the conversation from
"a former member" (author SET NULL), as the group saw them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.export import iso
from api.groups.models import Comment, Group, GroupMember, Post
from api.groups.service import delete_memberships_of

EXPORTED = (GroupMember, Post, Comment)
# Groups are the community's (made by a leader for everyone in them): the creator's link is SET NULL.
NOT_EXPORTED: dict = {Group: "a group belongs to its members; the groups the person is in are exported"}


async def export(db: AsyncSession, a: Account) -> dict:
    rows = (
        await db.execute(
            select(GroupMember, Group.name)
            .join(Group, Group.id == GroupMember.group_id)
            .where(GroupMember.account_id == a.id)
            .order_by(GroupMember.created_at)
        )
    ).all()
    posts = (
        await db.execute(
            select(Post, Group.name)
            .join(Group, Group.id == Post.group_id)
            .where(Post.author_id == a.id)
            .order_by(Post.created_at)
        )
    ).all()
    comments = (await db.scalars(select(Comment).where(Comment.author_id == a.id).order_by(Comment.created_at))).all()
    return {
        "groups": [
            {
                "group": name,
                "groupId": str(m.group_id),
                "role": m.role,
                "state": m.state,
                "joinAnswer": m.join_answer,
                "since": iso(m.created_at),
            }
            for m, name in rows
        ],
        "groupPosts": [
            {
                "group": name,
                "body": p.body,
                "link": p.link,
                "createdAt": iso(p.created_at),
                "hiddenByLeaders": p.hidden_at is not None,
                "hiddenReason": p.hidden_reason or None,
            }
            for p, name in posts
        ],
        "groupComments": [
            {
                "postId": str(c.post_id),
                "body": c.body,
                "createdAt": iso(c.created_at),
                "hiddenByLeaders": c.hidden_at is not None,
            }
            for c in comments
        ],
    }


async def delete(db: AsyncSession, a: Account) -> None:
    await delete_memberships_of(db, a.id)
