"""Groups' outbox events: join requests reach the leaders, decisions and invitations the person,
posts the members, comments the post's author and the others in the conversation, a hidden post
its author, and a report about group content the group's leaders. Texts never quote what was
written (pushes cross third parties): the app shows it once opened."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.groups.models import Comment, Group, GroupMember, GroupMembershipState, Post
from api.groups.service import group_of_content, instant_member_ids_of, leader_ids_of
from api.notifications.dispatch import Plan
from api.notifications.kinds import Kind
from api.outbox.models import OutboxEvent
from api.safety.models import Report

KINDS = (
    Kind(
        "group_join_requested",
        "Group",
        {"en": "Someone asked to join your group", "es": "Alguien pidió unirse a tu grupo"},
        {
            "en": "{actor} asked to join. Their answer is waiting for you.",
            "es": "{actor} pidió unirse. Su respuesta te espera.",
        },
    ),
    Kind(
        "group_join_approved",
        "Group",
        {"en": "You're in the group", "es": "Ya estás en el grupo"},
        {"en": "{actor} let you in. Say hello!", "es": "{actor} te dejó entrar. ¡Saluda!"},
    ),
    Kind(
        "group_join_declined",
        "Group",
        {"en": "Your request to join a group", "es": "Tu solicitud para unirte a un grupo"},
        {
            "en": "The group's leaders could not take your request this time.",
            "es": "Los líderes del grupo no pudieron aceptar tu solicitud esta vez.",
        },
    ),
    Kind(
        "group_invited",
        "Group",
        {"en": "You're invited to a group", "es": "Te invitaron a un grupo"},
        {"en": "{actor} invited you to join their group.", "es": "{actor} te invitó a unirte a su grupo."},
    ),
    Kind(
        "group_post",
        "Post",
        {"en": "New post in your group", "es": "Nueva publicación en tu grupo"},
        {"en": "{actor} posted in your group.", "es": "{actor} publicó en tu grupo."},
    ),
    Kind(
        "group_comment",
        "Post",
        {"en": "New comment", "es": "Nuevo comentario"},
        {"en": "{actor} commented on a post you follow.", "es": "{actor} comentó una publicación que sigues."},
    ),
    Kind(
        "group_digest",
        "Group",
        {"en": "Today in your group", "es": "Hoy en tu grupo"},
        {"en": "New posts and comments are waiting for you.", "es": "Hay publicaciones y comentarios nuevos para ti."},
    ),
    Kind(
        "group_content_hidden",
        "Group",
        {"en": "Your post was hidden", "es": "Tu publicación fue ocultada"},
        {
            "en": "A leader hid something you wrote and said why.",
            "es": "Un líder ocultó algo que escribiste y explicó por qué.",
        },
    ),
    Kind(
        "group_content_reported",
        "Group",
        {"en": "A report in your group", "es": "Un reporte en tu grupo"},
        {
            "en": "Someone reported a post or comment in your group.",
            "es": "Alguien reportó una publicación o comentario en tu grupo.",
        },
    ),
)


async def _ids(db: AsyncSession, q) -> list[uuid.UUID]:
    return list((await db.scalars(q)).all())


async def group_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    p = event.payload
    match event.kind:
        case "group.join_requested":
            row = await db.get(GroupMember, uuid.UUID(p["membership_id"]))
            if row is None or row.state != GroupMembershipState.REQUESTED:
                return []  # decided (or withdrawn) before we got here
            leaders = await _ids(db, leader_ids_of(row.group_id))
            return [Plan(lid, "group_join_requested", row.account_id, "Group", row.group_id) for lid in leaders]
        case "group.join_decided":
            kind = "group_join_approved" if p.get("approved") else "group_join_declined"
            by = uuid.UUID(p["by"]) if p.get("approved") and p.get("by") else None
            return [Plan(uuid.UUID(p["account_id"]), kind, by, "Group", uuid.UUID(p["group_id"]))]
        case "group.invited":
            row = await db.get(GroupMember, uuid.UUID(p["membership_id"]))
            if row is None or row.state != GroupMembershipState.INVITED:
                return []
            by = uuid.UUID(p["by"]) if p.get("by") else None
            return [Plan(row.account_id, "group_invited", by, "Group", row.group_id)]
        case "group.posted":
            post = await db.get(Post, uuid.UUID(p["post_id"]))
            if post is None or post.hidden_at is not None or post.author_id is None:
                return []
            members = await _ids(
                db, instant_member_ids_of(post.group_id).where(GroupMember.account_id != post.author_id)
            )
            return [Plan(m, "group_post", post.author_id, "Post", post.id) for m in members]
        case "group.commented":
            comment = await db.get(Comment, uuid.UUID(p["comment_id"]))
            post = await db.get(Post, comment.post_id) if comment else None
            if comment is None or post is None or comment.author_id is None or comment.hidden_at is not None:
                return []
            earlier = await _ids(
                db,
                select(Comment.author_id)
                .where(
                    Comment.post_id == post.id, Comment.created_at < comment.created_at, Comment.author_id.is_not(None)
                )
                .distinct(),
            )
            members = set(await _ids(db, instant_member_ids_of(post.group_id)))
            told = ({post.author_id} if post.author_id else set()) | set(earlier)
            return [
                Plan(a, "group_comment", comment.author_id, "Post", post.id)
                for a in sorted(told & members - {comment.author_id})
            ]
        case "group.digest":
            return [Plan(uuid.UUID(p["account_id"]), "group_digest", None, "Group", uuid.UUID(p["group_id"]))]
        case "group.content_hidden":
            return [Plan(uuid.UUID(p["account_id"]), "group_content_hidden", None, "Group", uuid.UUID(p["group_id"]))]
        case "report.filed.post" | "report.filed.comment":
            report = await db.get(Report, uuid.UUID(p["report_id"]))
            group_id = await group_of_content(db, report.subject_type, report.subject_id) if report else None
            if report is None or group_id is None or await db.get(Group, group_id) is None:
                return []
            leaders = await _ids(db, leader_ids_of(group_id))
            # The reporter is not named to the leaders (nor is a leader told about their own report).
            return [
                Plan(lid, "group_content_reported", None, "Group", group_id)
                for lid in leaders
                if lid != report.reporter_id
            ]
    return []


PLANS = dict.fromkeys(
    (
        "group.join_requested",
        "group.join_decided",
        "group.invited",
        "group.posted",
        "group.commented",
        "group.content_hidden",
        "group.digest",
        "report.filed.post",
        "report.filed.comment",
    ),
    group_plans,
)
