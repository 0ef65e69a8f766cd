"""Skill-sharing's outbox events: the notifications its match lifecycle causes (who is told what),
and the matching runs that follow a need or a strength being posted or changed."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.notifications.dispatch import Plan
from api.notifications.kinds import Kind
from api.outbox.models import OutboxEvent
from api.skills.models import Match, MatchStatus

KINDS = (
    Kind(
        "match_suggested",
        "Match",
        {"en": "New match suggestion", "es": "Nueva sugerencia de ayuda"},
        {
            "en": "{actor} posted a need you could help with.",
            "es": "{actor} publicó una necesidad en la que podrías ayudar.",
        },
    ),
    Kind(
        "match_offered",
        "Match",
        {"en": "Someone offered to help", "es": "Alguien ofreció ayuda"},
        {"en": "{actor} offered to help with your need.", "es": "{actor} ofreció ayudar con tu necesidad."},
    ),
    Kind(
        "match_requested",
        "Match",
        {"en": "A family asked for your help", "es": "Una familia pidió tu ayuda"},
        {"en": "{actor} asked if you can help.", "es": "{actor} preguntó si puedes ayudar."},
    ),
    Kind(
        "match_accepted",
        "Match",
        {"en": "Match accepted", "es": "Ayuda aceptada"},
        {
            "en": "{actor} said yes. You can now contact each other.",
            "es": "{actor} dijo que sí. Ya pueden contactarse.",
        },
    ),
    Kind(
        "match_declined",
        "Match",
        {"en": "Match declined", "es": "Ayuda no aceptada"},
        {"en": "{actor} can't this time.", "es": "{actor} no puede esta vez."},
    ),
    Kind(
        "match_completed",
        "Match",
        {"en": "Help marked as done", "es": "Ayuda completada"},
        {"en": "{actor} marked your help as done.", "es": "{actor} marcó tu ayuda como completada."},
    ),
    Kind(
        "thanks_received",
        "Match",
        {"en": "You received a thank-you", "es": "Recibiste un agradecimiento"},
        {"en": "{actor} thanked you for your help.", "es": "{actor} te agradeció tu ayuda."},
    ),
)


async def match_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    match_id = event.payload.get("match_id")
    m = await db.get(Match, uuid.UUID(match_id)) if match_id else None
    if m is None:
        return []  # a suggestion replaced by a later matching run, or deleted with an account

    def plan(kind: str, recipient: uuid.UUID, actor: uuid.UUID) -> list[Plan]:
        return [Plan(recipient, kind, actor, "Match", m.id)]

    match event.kind:
        case "match.suggested":
            # A suggestion that expired (the need closed) or was acted on before we got here is old news.
            return plan("match_suggested", m.helper_id, m.requester_id) if m.status == MatchStatus.SUGGESTED else []
        case "match.offered":
            return plan("match_offered", m.requester_id, m.helper_id)
        case "match.requested":
            return plan("match_requested", m.helper_id, m.requester_id)
        case "match.accepted" | "match.declined":
            by = uuid.UUID(event.payload["by"]) if event.payload.get("by") else m.requester_id
            other = m.helper_id if by == m.requester_id else m.requester_id
            return plan("match_" + event.kind.split(".")[1], other, by)
        case "match.completed":
            return plan(
                "thanks_received" if event.payload.get("thanked") else "match_completed", m.helper_id, m.requester_id
            )
    return []


# Every lifecycle event of a match is planned by match_plans; need.* and strength.* tell nobody.
PLANS = dict.fromkeys(
    ("match.suggested", "match.offered", "match.requested", "match.accepted", "match.declined", "match.completed"),
    match_plans,
)

# The matching runs, enqueued once the event is dispatched (after a Redis outage too, by the
# sweeper). `since` (the event's time) lets the job skip a need whose matches were computed after.
FOLLOW_UPS = {
    "need.posted": ("compute_matches_for_need", "need_id"),
    "need.updated": ("compute_matches_for_need", "need_id"),
    "strength.changed": ("compute_matches_for_strength", "strength_id"),
    "matching.terms_changed": ("compute_matches_for_community", "community"),
}
