"""Test data through the public API (as a person would create it), plus direct DB set-up where
the product has no API for it yet (the first platform admin comes from the CLI)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, delete, func, select, update

from api.accounts.models import Account
from api.communities.models import Membership
from api.ids import parse_global_id
from api.notifications.models import Notification
from api.outbox.models import OutboxEvent

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


@dataclass
class User:
    token: str
    id: str  # Caregiver global ID
    email: str
    name: str

    @property
    def pk(self):
        return parse_global_id(self.id)[1]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Community:
    id: str
    admin: User


class Factory:
    def __init__(self, client, sessions) -> None:
        self.client = client
        self.sessions = sessions

    async def gql(
        self, query: str, variables: dict | None = None, user: User | None = None, token: str | None = None
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token or user.token}"} if (user or token) else {}
        r = await self.client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        assert r.status_code in (200, 400), r.text
        return r.json()

    async def ok(self, query: str, variables: dict | None = None, user: User | None = None) -> dict[str, Any]:
        """Run a document that must succeed: no GraphQL errors and no UserErrors in any payload."""
        body = await self.gql(query, variables, user)
        assert "errors" not in body, body
        for value in (body.get("data") or {}).values():
            if isinstance(value, dict) and "errors" in value:
                assert value["errors"] == [], value["errors"]
        return body["data"]

    async def user(self, name: str | None = None, **profile: Any) -> User:
        n = next(_seq)
        name = name or f"Caregiver {n}"
        email = f"user{n}@example.org"
        data = await self.ok(
            "mutation($i: SignUpInput!) { signUp(input: $i) { token viewer { id } errors { message } } }",
            {"i": {"email": email, "password": PASSWORD, "displayName": name}},
        )
        u = User(token=data["signUp"]["token"], id=data["signUp"]["viewer"]["id"], email=email, name=name)
        if profile:
            await self.ok(
                "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { errors { message } } }",
                {"i": profile},
                u,
            )
        return u

    async def admin(self, name: str = "Platform Admin") -> User:
        u = await self.user(name)
        async with self.sessions() as s:
            await s.execute(update(Account).where(Account.id == u.pk).values(is_platform_admin=True))
            await s.commit()
        return u

    async def community(self, name: str = "Lincoln Elementary", admin: User | None = None) -> Community:
        admin = admin or await self.admin()
        data = await self.ok(
            "mutation($i: CreateCommunityInput!) { createCommunity(input: $i) { community { id } "
            "errors { message } } }",
            {"i": {"name": name, "timezone": "America/Chicago", "languages": ["en", "es"]}},
            admin,
        )
        return Community(id=data["createCommunity"]["community"]["id"], admin=admin)

    async def invite(self, community: Community, by: User | None = None, role: str = "CAREGIVER", **kw: Any) -> str:
        data = await self.ok(
            "mutation($i: CreateInviteInput!) { createInvite(input: $i) { invite { code } errors { message } } }",
            {"i": {"communityId": community.id, "role": role, **kw}},
            by or community.admin,
        )
        return data["createInvite"]["invite"]["code"]

    async def join(
        self,
        community: Community,
        user: User,
        *,
        verify: bool = True,
        role: str = "CAREGIVER",
        told: bool = False,
        note: str | None = None,
    ) -> str:
        """user joins with a fresh invite; the admin verifies unless verify=False. Returns the Member ID.
        The person is told they were verified only with told=True: for every other test that is set-up
        from long ago, and its notification would only blur the counts the test looks at."""
        code = await self.invite(community, role=role)
        data = await self.ok(
            "mutation($i: JoinCommunityInput!) { joinCommunity(input: $i) { membership { id } errors { message } } }",
            {"i": {"inviteCode": code, "note": note}},
            user,
        )
        member_id = data["joinCommunity"]["membership"]["id"]
        if verify:
            await self.ok(
                "mutation($i: VerifyMemberInput!) { verifyMember(input: $i) { member { id } errors { message } } }",
                {"i": {"memberId": member_id}},
                community.admin,
            )
            if not told:
                await self._forget_verification(user)
        return member_id

    async def _forget_verification(self, user: User) -> None:
        # The event first: once it is gone no dispatch can start; then what one already made.
        async with self.sessions() as s:
            await s.execute(
                delete(OutboxEvent).where(
                    OutboxEvent.kind == "member.verified",
                    OutboxEvent.payload["membership_id"].astext.in_(
                        select(func.cast(Membership.id, String)).where(Membership.account_id == user.pk)
                    ),
                )
            )
            await s.execute(
                delete(Notification).where(Notification.recipient_id == user.pk, Notification.kind == "member_verified")
            )
            await s.commit()

    async def member(
        self,
        community: Community,
        name: str | None = None,
        *,
        verify: bool = True,
        role: str = "CAREGIVER",
        **profile: Any,
    ) -> User:
        u = await self.user(name, **profile)
        await self.join(community, u, verify=verify, role=role)
        return u

    async def child(self, user: User, name: str = "Mia", **kw: Any) -> str:
        data = await self.ok(
            "mutation($i: AddChildInput!) { addChild(input: $i) { child { id } errors { message } } }",
            {"i": {"name": name, "grade": "3", "strengths": ["drawing"], **kw}},
            user,
        )
        return data["addChild"]["child"]["id"]
