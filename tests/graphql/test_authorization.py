"""The authorization matrix: who may read and change what, on every path including node(id:).

Roles, all relative to Sam (a verified caregiver in Lincoln who has a child, Kai):
anonymous · outsider (verified in another school) · other_family (verified in Lincoln) · pending (not yet
verified in Lincoln) · member (verified) · leader · staff · blocked (Sam blocked them) · self (Sam).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import pytest

from tests.factories import Community, User

ROLES = ["anonymous", "outsider", "other_family", "pending", "member", "leader", "staff", "blocked", "self"]


@dataclass
class World:
    lincoln: Community
    roosevelt: Community
    sam: User
    sam_member_id: str
    kai: str  # Sam's child
    users: dict[str, User | None]
    pending_member_id: str
    report_id: str
    invite_id: str  # made by staff
    leader_invite_id: str  # made by the leader
    group_id: str  # an open group the leader runs; Sam is in it
    post_id: str  # Sam's post there


@pytest.fixture
async def world(f) -> World:
    lincoln = await f.community("Lincoln Elementary")
    roosevelt = await f.community("Roosevelt Middle")
    sam = await f.user("Sam")
    sam_member_id = await f.join(lincoln, sam, note="Kai is in 3rd grade.")
    kai = await f.child(sam, "Kai")
    staff = await f.member(lincoln, "Stella Staff", role="STAFF")
    leader = await f.member(lincoln, "Leo Leader", role="LEADER")
    member = await f.member(lincoln, "Maya Member")
    other = await f.member(lincoln, "Olga Other")
    pending = await f.user("Pat Pending")
    pending_member_id = await f.join(lincoln, pending, verify=False)
    blocked = await f.member(lincoln, "Bert Blocked")
    outsider = await f.member(roosevelt, "Otto Outsider")
    await f.ok(
        "mutation($i: BlockInput!) { block(input: $i) { ok errors { message } } }",
        {"i": {"caregiverId": blocked.id}},
        sam,
    )
    report = await f.ok(
        "mutation($i: ReportInput!) { report(input: $i) { reportId errors { message } } }",
        {"i": {"communityId": lincoln.id, "subjectId": blocked.id, "reason": "HARASSMENT"}},
        sam,
    )
    make_invite = "mutation($i: CreateInviteInput!) { createInvite(input: $i) { invite { id } errors { message } } }"
    invite = await f.ok(make_invite, {"i": {"communityId": lincoln.id}}, staff)
    leader_invite = await f.ok(make_invite, {"i": {"communityId": lincoln.id}}, leader)
    group = await f.ok(
        "mutation($i: CreateGroupInput!) { createGroup(input: $i) { group { id } errors { message } } }",
        {"i": {"communityId": lincoln.id, "name": "Grade 3 families"}},
        leader,
    )
    group_id = group["createGroup"]["group"]["id"]
    await f.ok(
        "mutation($i: JoinGroupInput!) { joinGroup(input: $i) { errors { message } } }",
        {"i": {"groupId": group_id}},
        sam,
    )
    post = await f.ok(
        "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } errors { message } } }",
        {"i": {"groupId": group_id, "body": "Hello, families"}},
        sam,
    )
    return World(
        group_id=group_id,
        post_id=post["createPost"]["post"]["id"],
        lincoln=lincoln,
        roosevelt=roosevelt,
        sam=sam,
        sam_member_id=sam_member_id,
        kai=kai,
        users={
            "anonymous": None,
            "outsider": outsider,
            "other_family": other,
            "pending": pending,
            "member": member,
            "leader": leader,
            "staff": staff,
            "blocked": blocked,
            "self": sam,
        },
        pending_member_id=pending_member_id,
        report_id=report["report"]["reportId"],
        invite_id=invite["createInvite"]["invite"]["id"],
        leader_invite_id=leader_invite["createInvite"]["invite"]["id"],
    )


async def node(f, w: World, role: str, gid: str) -> dict | None:
    body = await f.gql("query($id: ID!) { node(id: $id) { __typename id } }", {"id": gid}, w.users[role])
    assert "errors" not in body, body
    return body["data"]["node"]


def allowed(*roles: str) -> list[tuple[str, bool]]:
    return [(r, r in roles) for r in ROLES]


@pytest.mark.parametrize(("role", "ok"), allowed("member", "leader", "staff", "other_family", "self"))
async def test_node_caregiver(f, world, role, ok):
    got = await node(f, world, role, world.sam.id)
    assert (got is not None) == ok
    if ok:
        assert got == {"__typename": "Caregiver", "id": world.sam.id}


@pytest.mark.parametrize(("role", "ok"), allowed("member", "leader", "staff", "other_family", "self"))
async def test_node_member(f, world, role, ok):
    assert (await node(f, world, role, world.sam_member_id) is not None) == ok


@pytest.mark.parametrize(("role", "ok"), allowed("self"))
async def test_node_child_only_for_own_family(f, world, role, ok):
    assert (await node(f, world, role, world.kai) is not None) == ok


@pytest.mark.parametrize(("role", "ok"), allowed("self"))
async def test_child_fields_are_never_reachable_from_others(f, world, role, ok):
    body = await f.gql(
        "query($id: ID!) { node(id: $id) { ... on Child { name grade joy } } }", {"id": world.kai}, world.users[role]
    )
    assert (body["data"]["node"] is not None) == ok
    assert ("Kai" in str(body)) == ok


@pytest.mark.parametrize(
    ("role", "ok"), allowed("member", "leader", "staff", "other_family", "self", "pending", "blocked")
)
async def test_node_community(f, world, role, ok):
    assert (await node(f, world, role, world.lincoln.id) is not None) == ok


@pytest.mark.parametrize(("role", "ok"), allowed("staff"))
async def test_node_report_is_staff_only(f, world, role, ok):
    assert (await node(f, world, role, world.report_id) is not None) == ok


@pytest.mark.parametrize(("role", "ok"), allowed("member", "leader", "staff", "other_family", "self", "blocked"))
async def test_node_group_is_for_verified_members_of_its_community(f, world, role, ok):
    assert (await node(f, world, role, world.group_id) is not None) == ok


@pytest.mark.parametrize(("role", "ok"), allowed("leader", "self"))
async def test_node_post_is_for_the_groups_members(f, world, role, ok):
    assert (await node(f, world, role, world.post_id) is not None) == ok


@pytest.mark.parametrize(("role", "ok"), allowed("staff"))
async def test_node_invite_made_by_staff_is_for_staff(f, world, role, ok):
    assert (await node(f, world, role, world.invite_id) is not None) == ok


@pytest.mark.parametrize(("role", "ok"), allowed("staff", "leader"))
async def test_node_invite_made_by_a_leader_is_for_them_and_staff(f, world, role, ok):
    assert (await node(f, world, role, world.leader_invite_id) is not None) == ok


@pytest.mark.parametrize(("role", "ok"), allowed("staff", "leader"))
async def test_invite_list_is_for_organisers(f, world, role, ok):
    body = await f.gql(
        "query($id: ID!) { community(id: $id) { invites { id } } }", {"id": world.lincoln.id}, world.users[role]
    )
    if not ok:
        assert body["data"] is None
        return
    ids = {i["id"] for i in body["data"]["community"]["invites"]}
    if role == "staff":  # every invite of the school (the set-up's joins used more)
        assert {world.invite_id, world.leader_invite_id} <= ids
    else:
        assert ids == {world.leader_invite_id}


@pytest.mark.parametrize(("role", "ok"), allowed("staff"))
async def test_staff_counts_are_for_staff(f, world, role, ok):
    body = await f.gql(
        "query($id: ID!) { community(id: $id) { pendingMemberCount openReportCount } }",
        {"id": world.lincoln.id},
        world.users[role],
    )
    counts = (body.get("data") or {}).get("community") or {}
    assert (counts.get("pendingMemberCount"), counts.get("openReportCount")) == ((1, 1) if ok else (None, None))


@pytest.mark.parametrize(("role", "ok"), allowed("staff", "self"))
async def test_join_note_is_for_staff_and_the_member(f, world, role, ok):
    body = await f.gql(
        "query($id: ID!) { node(id: $id) { ... on Member { joinNote } } }",
        {"id": world.sam_member_id},
        world.users[role],
    )
    member = (body.get("data") or {}).get("node")
    assert (member is not None and member["joinNote"] == "Kai is in 3rd grade.") == ok


@pytest.mark.parametrize(("role", "ok"), allowed("member", "leader", "staff", "other_family", "self", "blocked"))
async def test_directory(f, world, role, ok):
    body = await f.gql(
        "query($id: ID!) { community(id: $id) { members(first: 50) { "
        "edges { node { caregiver { displayName } } } } } }",
        {"id": world.lincoln.id},
        world.users[role],
    )
    if not ok:
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] in ("UNAUTHENTICATED", "NOT_FOUND", "NOT_VERIFIED")
        return
    names = {e["node"]["caregiver"]["displayName"] for e in body["data"]["community"]["members"]["edges"]}
    assert "Pat Pending" not in names or role == "staff"
    # Sam blocked Bert: they disappear from each other's directory.
    assert ("Sam" in names) == (role != "blocked")
    assert ("Bert Blocked" in names) == (role != "self")


@pytest.mark.parametrize(("role", "ok"), allowed("staff"))
async def test_pending_members_list_is_staff_only(f, world, role, ok):
    body = await f.gql(
        "query($id: ID!) { community(id: $id) { members(state: PENDING) { "
        "edges { node { id caregiver { displayName } } } } } }",
        {"id": world.lincoln.id},
        world.users[role],
    )
    if ok:
        assert [e["node"]["caregiver"]["displayName"] for e in body["data"]["community"]["members"]["edges"]] == [
            "Pat Pending"
        ]
    else:
        assert body["data"] is None and body["errors"]


@pytest.mark.parametrize(("role", "ok"), allowed("staff"))
async def test_verify_member(f, world, role, ok):
    body = await f.gql(
        "mutation($i: VerifyMemberInput!) { verifyMember(input: $i) { member { state } errors { code } } }",
        {"i": {"memberId": world.pending_member_id}},
        world.users[role],
    )
    payload = body["data"]["verifyMember"]
    assert (payload["errors"] == []) == ok
    staff_view = await f.gql(
        "query($id: ID!) { node(id: $id) { ... on Member { state } } }",
        {"id": world.pending_member_id},
        world.users["staff"],
    )
    assert staff_view["data"]["node"]["state"] == ("VERIFIED" if ok else "PENDING")


@pytest.mark.parametrize(("role", "ok"), allowed("staff"))
async def test_suspend_member(f, world, role, ok):
    body = await f.gql(
        "mutation($i: SuspendMemberInput!) { suspendMember(input: $i) { member { state } errors { code } } }",
        {"i": {"memberId": world.sam_member_id if role != "self" else world.pending_member_id}},
        world.users[role],
    )
    assert (body["data"]["suspendMember"]["errors"] == []) == ok
    # A suspended member loses the directory at once; everyone else is untouched.
    d = await f.gql(
        "query($id: ID!) { community(id: $id) { members { edges { node { id } } } } }",
        {"id": world.lincoln.id},
        world.sam,
    )
    if ok:
        assert d["errors"][0]["extensions"]["code"] == "SUSPENDED"
    else:
        assert d["data"]["community"]["members"]["edges"]


@pytest.mark.parametrize(("role", "ok"), allowed("staff", "leader"))
async def test_create_invite(f, world, role, ok):
    body = await f.gql(
        "mutation($i: CreateInviteInput!) { createInvite(input: $i) { invite { code } errors { code } } }",
        {"i": {"communityId": world.lincoln.id}},
        world.users[role],
    )
    assert (body["data"]["createInvite"]["invite"] is not None) == ok


@pytest.mark.parametrize(("role", "ok"), allowed("staff"))
async def test_reports_list_is_staff_only(f, world, role, ok):
    body = await f.gql(
        "query($id: ID!) { reports(communityId: $id) { edges { node { reason reporter { displayName } } } } }",
        {"id": world.lincoln.id},
        world.users[role],
    )
    if ok:
        assert body["data"]["reports"]["edges"][0]["node"] == {
            "reason": "HARASSMENT",
            "reporter": {"displayName": "Sam"},
        }
    else:
        assert body["data"] is None and body["errors"]


@pytest.mark.parametrize(("role", "ok"), allowed("self"))
async def test_update_and_remove_child_only_by_own_family(f, world, role, ok):
    body = await f.gql(
        "mutation($i: UpdateChildInput!) { updateChild(input: $i) { child { name } errors { code } } }",
        {"i": {"childId": world.kai, "name": "Changed"}},
        world.users[role],
    )
    assert (body["data"]["updateChild"]["errors"] == []) == ok
    body = await f.gql(
        "mutation($i: RemoveChildInput!) { removeChild(input: $i) { removedChildId errors { code } } }",
        {"i": {"childId": world.kai}},
        world.users[role],
    )
    assert (body["data"]["removeChild"]["errors"] == []) == ok
    kids = (await f.ok("{ myFamily { children { name } } }", user=world.sam))["myFamily"]["children"]
    assert kids == ([] if ok else [{"name": "Kai"}])


@pytest.mark.parametrize(("role", "ok"), allowed("member", "leader", "staff", "other_family", "pending"))
async def test_block_needs_a_shared_community(f, world, role, ok):
    body = await f.gql(
        "mutation($i: BlockInput!) { block(input: $i) { ok errors { code } } }",
        {"i": {"caregiverId": world.sam.id}},
        world.users[role],
    )
    # Bert is already blocked by Sam and may block back; Sam cannot block himself.
    expected = ok or role == "blocked"
    assert body["data"]["block"]["ok"] == expected


@pytest.mark.parametrize(("role", "ok"), allowed("member", "leader", "staff", "other_family", "pending", "blocked"))
async def test_report_needs_membership_in_that_community(f, world, role, ok):
    body = await f.gql(
        "mutation($i: ReportInput!) { report(input: $i) { reportId errors { code } } }",
        {"i": {"communityId": world.lincoln.id, "subjectId": world.sam.id, "reason": "SPAM"}},
        world.users[role],
    )
    assert (body["data"]["report"]["reportId"] is not None) == ok


async def test_type_confused_and_foreign_ids_resolve_to_nothing(f, world):
    sam = world.sam

    # A community's UUID dressed up as a Child, a child's UUID as a Caregiver.
    def swap(gid: str, new_type: str) -> str:
        raw = base64.urlsafe_b64decode(gid + "=" * (-len(gid) % 4)).decode()
        return base64.urlsafe_b64encode(f"{new_type}:{raw.split(':', 1)[1]}".encode()).decode().rstrip("=")

    assert await node(f, world, "self", swap(world.lincoln.id, "Child")) is None
    assert await node(f, world, "self", swap(world.kai, "Caregiver")) is None
    assert await node(f, world, "self", swap(world.kai, "Unknown")) is None
    body = await f.gql(
        "mutation($i: UpdateChildInput!) { updateChild(input: $i) { child { name } errors { field code } } }",
        {"i": {"childId": sam.id, "name": "X"}},
        sam,
    )
    assert body["data"]["updateChild"]["errors"] == [{"field": ["input", "childId"], "code": "INVALID_ID"}]
    body = await f.gql("query($id: ID!) { node(id: $id) { id } }", {"id": "not base64!!"}, sam)
    assert body["data"]["node"] is None and body["errors"][0]["extensions"]["code"] == "INVALID_ID"


async def test_create_community_is_for_platform_admins(f, world):
    for role in ROLES:
        body = await f.gql(
            'mutation { createCommunity(input: {name: "Hijack", timezone: "UTC"}) '
            "{ community { id } errors { code } } }",
            user=world.users[role],
        )
        assert body["data"]["createCommunity"]["errors"][0]["code"] in ("FORBIDDEN", "UNAUTHENTICATED")
    mine = await f.ok("{ myMemberships { communityId } }", user=world.lincoln.admin)
    assert len(mine["myMemberships"]) == 1
