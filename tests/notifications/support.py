"""Scenario helpers for the notification tests (and the account and browser tests that reuse
them): a community with someone who posts needs and someone who helps, push registration, reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from api.notifications.models import Notification, PushDelivery, PushSubscription
from tests.factories import Community, Factory, User
from tests.support.push_service import PushService

STRENGTH = "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { code } } }"
POST_NEED = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { code message } } }"
REGISTER = (
    "mutation($i: RegisterPushSubscriptionInput!) { registerPushSubscription(input: $i) {"
    " subscription { endpointOrigin } errors { field message code } } }"
)


async def register(f: Factory, user: User, push: PushService, **kw: Any) -> str:
    endpoint, p256dh, auth = push.new_subscription(**kw)
    await f.ok(REGISTER, {"i": {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}}, user)
    return endpoint


@dataclass
class Scene:
    community: Community
    ana: User  # posts needs
    maria: User  # helps with math


async def scene(f: Factory, *, maria_profile: dict | None = None) -> Scene:
    c = await f.community()
    ana = await f.member(c, "Ana")
    maria = await f.member(c, "María", **(maria_profile or {}))
    await f.ok(STRENGTH, {"i": {"category": "tutoring.math", "title": "Math tutoring", "modes": ["VIRTUAL"]}}, maria)
    return Scene(c, ana, maria)


async def post_need(f: Factory, s: Scene, title: str = "Fractions help") -> str:
    data = await f.ok(
        POST_NEED,
        {"i": {"communityId": s.community.id, "category": "tutoring.math", "title": title, "mode": "VIRTUAL"}},
        s.ana,
    )
    return data["postNeed"]["need"]["id"]


async def notifications_of(sessions, user: User) -> list[Notification]:
    async with sessions() as db:
        return list(
            (
                await db.scalars(
                    select(Notification).where(Notification.recipient_id == user.pk).order_by(Notification.created_at)
                )
            ).all()
        )


async def deliveries(sessions) -> list[PushDelivery]:
    async with sessions() as db:
        return list((await db.scalars(select(PushDelivery))).all())


async def subscriptions(sessions) -> list[PushSubscription]:
    async with sessions() as db:
        return list((await db.scalars(select(PushSubscription))).all())
