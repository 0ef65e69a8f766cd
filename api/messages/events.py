"""Messages' outbox events: a new message reaches the others in the conversation (pushed only, not
in the feed, and not while they have the conversation open; one lock-screen notification per
conversation), a message request the people asked, and a reported message the community's staff.
Nothing quotes the message or names a place: the app shows them once opened."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.communities.models import Membership, MembershipState
from api.communities.service import STAFF_ROLES
from api.messages.models import Conversation, Message, Participant, ParticipantState
from api.notifications.dispatch import Plan
from api.notifications.kinds import Kind
from api.outbox.models import OutboxEvent
from api.safety.models import Report

KINDS = (
    Kind(
        "message_new",
        "Conversation",
        {"en": "New message", "es": "Nuevo mensaje"},
        {"en": "{actor} sent you a message.", "es": "{actor} te envió un mensaje."},
        feed=False,
        collapse_by_subject=True,
        quiet_when_watching=True,
    ),
    Kind(
        "message_request",
        "Conversation",
        {"en": "New message request", "es": "Nueva solicitud de mensaje"},
        {
            "en": "{actor} would like to message you. You can accept or decline.",
            "es": "{actor} quiere enviarte mensajes. Puedes aceptar o rechazar.",
        },
        collapse_by_subject=True,
    ),
    Kind(
        "message_reported",
        "Report",
        {"en": "A message was reported", "es": "Se reportó un mensaje"},
        {
            "en": "A family reported a message they received. It is waiting in Reports.",
            "es": "Una familia reportó un mensaje que recibió. Está esperando en Reportes.",
        },
    ),
)


async def _verified(db: AsyncSession, community_id: uuid.UUID, q) -> list[uuid.UUID]:
    members = select(Membership.account_id).where(
        Membership.community_id == community_id, Membership.state == MembershipState.VERIFIED
    )
    return list((await db.scalars(q.where(Participant.account_id.in_(members)))).all())


async def message_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    p = event.payload
    match event.kind:
        case "message.sent":
            message = await db.get(Message, uuid.UUID(p["message_id"]))
            conversation = await db.get(Conversation, message.conversation_id) if message else None
            if message is None or conversation is None or message.sender_id is None or message.removed_at:
                return []
            # Those asked (a message request) were told once, when it started; not per message.
            others = await _verified(
                db,
                conversation.community_id,
                select(Participant.account_id).where(
                    Participant.conversation_id == conversation.id,
                    Participant.state == ParticipantState.ACTIVE,
                    Participant.account_id != message.sender_id,
                    Participant.read_seq < message.seq,  # read on another device already: nothing to push
                ),
            )
            return [Plan(a, "message_new", message.sender_id, "Conversation", conversation.id) for a in others]
        case "message.requested":
            conversation = await db.get(Conversation, uuid.UUID(p["conversation_id"]))
            if conversation is None:
                return []
            asked = await _verified(
                db,
                conversation.community_id,
                select(Participant.account_id).where(
                    Participant.conversation_id == conversation.id,
                    Participant.state == ParticipantState.REQUESTED,
                    Participant.account_id.in_([uuid.UUID(a) for a in p.get("to", [])]),
                ),
            )
            by = uuid.UUID(p["by"]) if p.get("by") else None
            return [Plan(a, "message_request", by, "Conversation", conversation.id) for a in asked]
        case "report.filed.message":
            report = await db.get(Report, uuid.UUID(p["report_id"]))
            if report is None or report.status != "open":
                return []
            staff = (
                await db.scalars(
                    select(Membership.account_id).where(
                        Membership.community_id == report.community_id,
                        Membership.state == MembershipState.VERIFIED,
                        Membership.role.in_(STAFF_ROLES),
                        Membership.account_id != report.reporter_id,
                    )
                )
            ).all()
            # The reporter is not named: staff see who reported on the report itself.
            return [Plan(s, "message_reported", None, "Report", report.id) for s in staff]
    return []


PLANS = dict.fromkeys(("message.sent", "message.requested", "report.filed.message"), message_plans)
