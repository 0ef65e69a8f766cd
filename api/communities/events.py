"""Communities' outbox events: a person waiting to join is told when the school's staff verify or
decline them, in their own language (texts never name the community: pushes cross third parties)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.communities.models import Membership, MembershipState
from api.notifications.dispatch import Plan
from api.notifications.kinds import Kind
from api.outbox.models import OutboxEvent

KINDS = (
    Kind(
        "member_verified",
        "Community",
        {"en": "You're in", "es": "Ya eres parte"},
        {
            "en": "{actor} verified your membership. The whole app is open to you now.",
            "es": "{actor} verificó tu membresía. Ya tienes acceso a toda la aplicación.",
        },
    ),
    Kind(
        "member_declined",
        "Community",
        {"en": "Your request to join", "es": "Tu solicitud para unirte"},
        {
            "en": "The school could not verify your membership. If this is a mistake, ask them for a new invite.",
            "es": "La escuela no pudo verificar tu membresía. Si es un error, pídeles una nueva invitación.",
        },
    ),
)


async def member_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    by = uuid.UUID(event.payload["by"]) if event.payload.get("by") else None
    match event.kind:
        case "member.verified":
            m = await db.get(Membership, uuid.UUID(event.payload["membership_id"]))
            # Suspended again (or gone with the account) before we got here: old news.
            if m is None or m.state != MembershipState.VERIFIED:
                return []
            return [Plan(m.account_id, "member_verified", by, "Community", m.community_id)]
        case "member.declined":
            person = await db.get(Account, uuid.UUID(event.payload["account_id"]))
            if person is None or event.community_id is None:
                return []  # the account was deleted meanwhile
            return [Plan(person.id, "member_declined", None, "Community", event.community_id)]
    return []


PLANS = dict.fromkeys(("member.verified", "member.declined"), member_plans)
