"""School insights' outbox events: a staff refresh is followed by the community's roll-up, and whoever
asked is told when the figures are ready (texts never name the community: pushes cross third parties)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.notifications.dispatch import Plan
from api.notifications.kinds import Kind
from api.outbox.models import OutboxEvent

KINDS = (
    Kind(
        "insights_ready",
        "Community",
        {"en": "School insights updated", "es": "Datos de la escuela al día"},
        {
            "en": "The figures you asked for are up to date.",
            "es": "Las cifras que pediste ya están al día.",
        },
    ),
)


async def ready_plans(db: AsyncSession, event: OutboxEvent) -> list[Plan]:
    account = event.payload.get("account")
    if not account or event.community_id is None:
        return []
    return [Plan(uuid.UUID(account), "insights_ready", None, "Community", event.community_id)]


PLANS = {"insights.ready": ready_plans}
FOLLOW_UPS = {"insights.refresh_requested": ("roll_up_insights", "community")}
