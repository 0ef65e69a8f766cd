"""Input a browser would never send but a person (or a script) can: clear errors naming the field,
nothing changed; and two requests racing each other end as if they had come one after the other."""

import asyncio
import base64
import json

import httpx
import pytest
from sqlalchemy import func, select

from api.communities.models import Community, Invite, Membership
from tests.support.polling import wait_for
from tests.support.races import inserts_held

JOIN = (
    "mutation($i: JoinCommunityInput!) { joinCommunity(input: $i) { membership { state } "
    "errors { field code message } } }"
)
CREATE = (
    "mutation($i: CreateCommunityInput!) { createCommunity(input: $i) { community { id } "
    "errors { field code message } } }"
)
MEMBERS = (
    "query($id: ID!, $after: String, $search: String) { community(id: $id) { "
    "members(first: 2, after: $after, search: $search) { edges { node { caregiver { displayName } } } } } }"
)


async def count(sessions, model) -> int:
    async with sessions() as s:
        return await s.scalar(select(func.count()).select_from(model))


def b64(value) -> str:
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("code", ["ABC\x00DEF", "\x00", "ABCDEF\x1b"])
async def test_control_characters_in_an_invite_code_are_refused(f, sessions, code):
    c = await f.community()
    before = await count(sessions, Membership)
    body = await f.gql(JOIN, {"i": {"inviteCode": code}}, await f.user())
    assert "errors" not in body, body
    assert [(e["field"], e["code"]) for e in body["data"]["joinCommunity"]["errors"]] == [
        (["input", "inviteCode"], "INVALID_CHARACTERS")
    ]
    assert await count(sessions, Membership) == before
    del c


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "Lincoln\x00"}, "name"),
        ({"name": "Lincoln\nElementary"}, "name"),
        ({"name": "Lincoln", "description": "A school\x00"}, "description"),
        ({"name": "Lincoln", "description": "bell\x07"}, "description"),
    ],
)
async def test_control_characters_in_a_new_community_are_refused(f, sessions, payload, field):
    admin = await f.admin()
    body = await f.gql(CREATE, {"i": {"timezone": "America/Chicago", **payload}}, admin)
    assert "errors" not in body, body
    assert [(e["field"], e["code"]) for e in body["data"]["createCommunity"]["errors"]] == [
        (["input", field], "INVALID_CHARACTERS")
    ]
    assert await count(sessions, Community) == 0


async def test_a_description_keeps_its_line_breaks(f):
    admin = await f.admin()
    await f.ok(CREATE, {"i": {"name": "Lincoln", "timezone": "UTC", "description": "Line one\n\tLine two"}}, admin)


@pytest.mark.parametrize("zone", ["localtime", "Factory", "EST5EDT"])
async def test_a_community_needs_a_real_time_zone(f, sessions, zone):
    body = await f.gql(CREATE, {"i": {"name": "Lincoln", "timezone": zone}}, await f.admin())
    assert [(e["field"], e["code"]) for e in body["data"]["createCommunity"]["errors"]] == [
        (["input", "timezone"], "INVALID_TIMEZONE")
    ]
    assert await count(sessions, Community) == 0


@pytest.mark.parametrize(
    "cursor",
    [
        b64(b"\xff\xfegarbage"),  # not JSON
        b64(b"not json at all"),
        b64(["Membership", "x"]),  # a wrong type name where the key should be
        b64(["ana", "not-a-uuid"]),
        b64(["ana", 12]),
        b64([12, "6f1c1a51-8c2a-4f4e-9d36-1f0c7c1b1b1b"]),
        b64([["ana"], "6f1c1a51-8c2a-4f4e-9d36-1f0c7c1b1b1b"]),
        b64(["ana\x00", "6f1c1a51-8c2a-4f4e-9d36-1f0c7c1b1b1b"]),
        b64([None, None]),
        b64({"a": 1}),
        "!!!",
        "",
    ],
)
async def test_a_malformed_members_cursor_is_a_clear_error(f, cursor):
    c = await f.community()
    await f.member(c, "Ana")
    body = await f.gql(MEMBERS, {"id": c.id, "after": cursor}, c.admin)
    assert body["data"] is None or body["data"]["community"] is None, body
    assert [(e["extensions"]["code"], e["message"]) for e in body["errors"]] == [
        ("INVALID_CURSOR", "That cursor is not valid.")
    ]


@pytest.mark.parametrize("search", ["an\x00", "\x1b[2J"])
async def test_a_directory_search_with_control_characters_is_a_clear_error(f, search):
    c = await f.community()
    await f.member(c, "Ana")
    body = await f.gql(MEMBERS, {"id": c.id, "search": search}, c.admin)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_CHARACTERS"], body


async def test_joining_with_two_invites_at_once_makes_one_membership(f, sessions, engine, live_server):
    c = await f.community()
    codes = [await f.invite(c), await f.invite(c)]
    ana = await f.user("Ana")
    async with httpx.AsyncClient(base_url=live_server, headers=ana.headers, timeout=30) as http:

        async def join(code: str) -> dict:
            r = await http.post("/graphql", json={"query": JOIN, "variables": {"i": {"inviteCode": code}}})
            assert r.status_code == 200, r.text
            return r.json()

        async with inserts_held(engine, "memberships", waiting=2) as queued:
            racing = asyncio.gather(*(join(code) for code in codes))
            await wait_for(queued, what="both joins past the membership check")
        bodies = await racing
    assert all("errors" not in b for b in bodies), bodies
    payloads = sorted((b["data"]["joinCommunity"] for b in bodies), key=lambda p: p["membership"] is None)
    assert payloads[0]["membership"] == {"state": "PENDING"} and payloads[0]["errors"] == []
    assert [(e["field"], e["code"]) for e in payloads[1]["errors"]] == [(["input", "inviteCode"], "ALREADY_MEMBER")]
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Membership).where(Membership.account_id == ana.pk)) == 1
        # The losing request used nothing up.
        assert sorted((await s.scalars(select(Invite.uses).where(Invite.code.in_(codes)))).all()) == [0, 1]
