"""Joining a school with an invite, verification, roles, and the directory's per-person privacy."""

import pytest
from sqlalchemy import func, select, text

from api.communities.models import Community, Invite, Membership

JOIN = (
    "mutation($i: JoinCommunityInput!) { joinCommunity(input: $i) { membership { state role } community { name } "
    "errors { field code message } } }"
)
INVITE = (
    "mutation($i: CreateInviteInput!) { createInvite(input: $i) { invite { code role expiresAt maxUses uses } "
    "errors { field code } } }"
)


async def memberships(sessions) -> int:
    async with sessions() as s:
        return await s.scalar(select(func.count()).select_from(Membership))


async def test_join_with_invite_is_pending_until_staff_verify(f):
    c = await f.community("Lincoln Elementary")
    code = await f.invite(c)
    ana = await f.user("Ana")
    body = await f.ok(JOIN, {"i": {"inviteCode": code.lower()}}, ana)
    assert body["joinCommunity"]["membership"] == {"state": "PENDING", "role": "CAREGIVER"}
    assert body["joinCommunity"]["community"]["name"] == "Lincoln Elementary"
    # Pending: sees the community's name, not its families.
    d = await f.gql(
        "query($id: ID!) { community(id: $id) { name viewerMembership { state } members { edges { node { id } } } } }",
        {"id": c.id},
        ana,
    )
    assert d["errors"][0]["extensions"]["code"] == "NOT_VERIFIED"
    staff_view = await f.ok(
        "query($id: ID!) { community(id: $id) { members(state: PENDING) { edges { node { id } } } } }",
        {"id": c.id},
        c.admin,
    )
    member_id = staff_view["community"]["members"]["edges"][0]["node"]["id"]
    await f.ok(
        "mutation($i: VerifyMemberInput!) { verifyMember(input: $i) { member { state } errors { code } } }",
        {"i": {"memberId": member_id}},
        c.admin,
    )
    d = await f.ok(
        "query($id: ID!) { community(id: $id) { viewerMembership { state } "
        "members { edges { node { caregiver { displayName } } } } } }",
        {"id": c.id},
        ana,
    )
    assert d["community"]["viewerMembership"]["state"] == "VERIFIED"
    assert len(d["community"]["members"]["edges"]) == 2


@pytest.mark.parametrize(
    ("code", "expected"),
    [("", "INVALID_INVITE"), ("NOPE-NOPE", "INVALID_INVITE"), ("x" * 300, "INVALID_INVITE")],
)
async def test_bad_invite_codes_change_nothing(f, sessions, code, expected):
    c = await f.community()
    before = await memberships(sessions)
    body = await f.gql(JOIN, {"i": {"inviteCode": code}}, await f.user())
    assert body["data"]["joinCommunity"]["errors"][0]["code"] == expected
    assert body["data"]["joinCommunity"]["errors"][0]["field"] == ["input", "inviteCode"]
    assert await memberships(sessions) == before
    del c


async def test_expired_and_used_up_invites(f, sessions):
    c = await f.community()
    one_use = await f.invite(c, maxUses=1)
    await f.ok(JOIN, {"i": {"inviteCode": one_use}}, await f.user())
    body = await f.gql(JOIN, {"i": {"inviteCode": one_use}}, await f.user())
    assert body["data"]["joinCommunity"]["errors"][0]["code"] == "INVITE_USED_UP"
    expiring = await f.invite(c, expiresInDays=1)
    async with sessions() as s:
        await s.execute(
            text("update invites set expires_at = now() - interval '1 second' where code = :c"), {"c": expiring}
        )
        await s.commit()
    before = await memberships(sessions)
    body = await f.gql(JOIN, {"i": {"inviteCode": expiring}}, await f.user())
    assert body["data"]["joinCommunity"]["errors"][0]["code"] == "INVITE_EXPIRED"
    assert await memberships(sessions) == before


async def test_joining_twice_is_a_clear_conflict(f):
    c = await f.community()
    u = await f.member(c)
    body = await f.gql(JOIN, {"i": {"inviteCode": await f.invite(c)}}, u)
    assert body["data"]["joinCommunity"]["errors"][0]["code"] == "ALREADY_MEMBER"


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"expiresInDays": 0}, "expiresInDays", "OUT_OF_RANGE"),
        ({"expiresInDays": 1000}, "expiresInDays", "OUT_OF_RANGE"),
        ({"maxUses": -1}, "maxUses", "OUT_OF_RANGE"),
        ({"role": "STAFF"}, "role", "FORBIDDEN"),  # only admins invite staff; a leader invites caregivers
    ],
)
async def test_bad_invite_input(f, sessions, payload, field, code):
    c = await f.community()
    leader = await f.member(c, "Leo", role="LEADER")
    async with sessions() as s:
        before = await s.scalar(select(func.count()).select_from(Invite))
    body = await f.gql(INVITE, {"i": {"communityId": c.id, **payload}}, leader)
    assert body["data"]["createInvite"]["errors"] == [{"field": ["input", field], "code": code}]
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Invite)) == before


async def test_invite_roles_follow_the_hierarchy(f):
    c = await f.community()
    staff = await f.member(c, "Stella", role="STAFF")
    body = await f.ok(INVITE, {"i": {"communityId": c.id, "role": "LEADER", "expiresInDays": 7, "maxUses": 30}}, staff)
    assert body["createInvite"]["invite"]["role"] == "LEADER" and body["createInvite"]["invite"]["maxUses"] == 30
    denied = await f.gql(INVITE, {"i": {"communityId": c.id, "role": "STAFF"}}, staff)
    assert denied["data"]["createInvite"]["errors"][0]["code"] == "FORBIDDEN"
    assert (await f.ok(INVITE, {"i": {"communityId": c.id, "role": "STAFF"}}, c.admin))["createInvite"]["invite"][
        "role"
    ] == "STAFF"


async def test_malformed_community_ids(f):
    u = await f.user()
    body = await f.gql(INVITE, {"i": {"communityId": "%%%"}}, u)
    assert body["data"]["createInvite"]["errors"][0] == {"field": ["input", "communityId"], "code": "INVALID_ID"}
    body = await f.gql(INVITE, {"i": {"communityId": u.id}}, u)  # a Caregiver ID where a Community ID belongs
    assert body["data"]["createInvite"]["errors"][0]["code"] == "INVALID_ID"


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"name": "", "timezone": "UTC"}, "name", "REQUIRED"),
        ({"name": "X" * 121, "timezone": "UTC"}, "name", "TOO_LONG"),
        ({"name": "Lincoln", "timezone": "Nowhere/Else"}, "timezone", "INVALID_TIMEZONE"),
        ({"name": "Lincoln", "timezone": "UTC", "languages": ["??"]}, "languages", "INVALID_LANGUAGE"),
    ],
)
async def test_bad_community_input(f, sessions, payload, field, code):
    admin = await f.admin()
    body = await f.gql(
        "mutation($i: CreateCommunityInput!) { createCommunity(input: $i) { community { id } errors { field code } } }",
        {"i": payload},
        admin,
    )
    assert {"field": ["input", field], "code": code} in body["data"]["createCommunity"]["errors"]
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Community)) == 0


async def test_directory_respects_each_persons_choices(f):
    c = await f.community()
    viewer = await f.member(c, "Vera")
    await f.member(
        c, "Private Pia", languages=["es"], strengths=["sewing"], postalCode="78701", listedInDirectory=False
    )
    await f.member(
        c, "Open Omar", languages=["ar"], strengths=["carpentry"], postalCode="78701", showArea=True, showStrengths=True
    )
    await f.member(c, "Quiet Quinn", languages=["fr"], strengths=["chess"], showLanguages=False, showStrengths=False)
    data = await f.ok(
        "query($id: ID!) { community(id: $id) { members(first: 10) { edges { node { "
        "caregiver { displayName languages areaLabel strengthCircle { strengths } } } } } } }",
        {"id": c.id},
        viewer,
    )
    people = {
        e["node"]["caregiver"]["displayName"]: e["node"]["caregiver"] for e in data["community"]["members"]["edges"]
    }
    assert "Private Pia" not in people
    assert people["Open Omar"] == {
        "displayName": "Open Omar",
        "languages": ["ar"],
        "areaLabel": "Austin, TX",
        "strengthCircle": {"strengths": ["carpentry"]},
    }
    assert people["Quiet Quinn"] == {
        "displayName": "Quiet Quinn",
        "languages": None,
        "areaLabel": None,
        "strengthCircle": None,
    }
    # Staff see every member to verify them, but still not what a person keeps private.
    staff = await f.ok(
        "query($id: ID!) { community(id: $id) { members { edges { node { caregiver { displayName languages } } } } } }",
        {"id": c.id},
        c.admin,
    )
    names = [e["node"]["caregiver"]["displayName"] for e in staff["community"]["members"]["edges"]]
    assert "Private Pia" in names
    assert {"displayName": "Quiet Quinn", "languages": None} in [
        e["node"]["caregiver"] for e in staff["community"]["members"]["edges"]
    ]


async def test_directory_pages_with_cursors_and_a_maximum_page_size(f, settings):
    c = await f.community()
    for i in range(5):
        await f.member(c, f"Parent {i}")
    seen, after = [], None
    while True:
        data = await f.ok(
            "query($id: ID!, $after: String) { community(id: $id) { members(first: 2, after: $after) { "
            "edges { node { caregiver { displayName } } } pageInfo { hasNextPage endCursor } } } }",
            {"id": c.id, "after": after},
            c.admin,
        )
        conn = data["community"]["members"]
        seen += [e["node"]["caregiver"]["displayName"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == sorted(seen, key=str.lower) and len(seen) == 6
    too_big = await f.gql(
        "query($id: ID!) { community(id: $id) { members(first: 1000) { edges { cursor } } } }", {"id": c.id}, c.admin
    )
    assert too_big["errors"][0]["extensions"]["code"] == "OUT_OF_RANGE"
    bad_cursor = await f.gql(
        'query($id: ID!) { community(id: $id) { members(after: "zzz") { edges { cursor } } } }', {"id": c.id}, c.admin
    )
    assert bad_cursor["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
    del settings


async def test_roles_can_be_changed_by_staff_within_limits(f):
    c = await f.community()
    staff = await f.member(c, "Stella", role="STAFF")
    u = await f.user("Ana")
    member_id = await f.join(c, u)
    q = "mutation($i: SetMemberRoleInput!) { setMemberRole(input: $i) { member { role } errors { code } } }"
    assert (await f.ok(q, {"i": {"memberId": member_id, "role": "LEADER"}}, staff))["setMemberRole"]["member"][
        "role"
    ] == "LEADER"
    denied = await f.gql(q, {"i": {"memberId": member_id, "role": "STAFF"}}, staff)
    assert denied["data"]["setMemberRole"]["errors"][0]["code"] == "FORBIDDEN"
    assert (await f.ok(q, {"i": {"memberId": member_id, "role": "STAFF"}}, c.admin))["setMemberRole"]["member"][
        "role"
    ] == "STAFF"
