"""node(id:) for events and RSVPs, role by role: deny by default, as every other path."""

import pytest

from tests.events.support import create, iso, local, rsvp, world

NODE = "query($id: ID!) { node(id: $id) { id ... on Event { title virtualLink } ... on Rsvp { adults } } }"
ROLES = ["anonymous", "outsider", "pending", "caregiver", "organiser", "staff", "blocked", "not_in_group", "family"]


@pytest.fixture
async def scene(f):
    w = await world(f)
    outsider = await f.member(await f.community("Other School"), "Otto")
    pending = await f.member(w.community, "Pat", verify=False)
    blocked = await f.member(w.community, "Bert")
    await f.ok(
        "mutation($i: BlockInput!) { block(input: $i) { errors { code } } }",
        {"i": {"caregiverId": blocked.id}},
        w.leader,
    )
    community_event = await create(f, w, virtualLink="https://meet.example.org/x")
    answer = await rsvp(f, w.ana, community_event["id"], occurrence=iso(local())[:10])
    group = await f.ok(
        "mutation($i: CreateGroupInput!) { createGroup(input: $i) { group { id } errors { code } } }",
        {"i": {"communityId": w.community.id, "name": "Dads' breakfast"}},
        w.leader,
    )
    gid = group["createGroup"]["group"]["id"]
    await f.ok(
        "mutation($i: JoinGroupInput!) { joinGroup(input: $i) { errors { code } } }", {"i": {"groupId": gid}}, w.ana
    )
    group_event = await create(f, w, groupId=gid, communityId=None)
    users = {
        "anonymous": None,
        "outsider": outsider,
        "pending": pending,
        "caregiver": w.ben,
        "organiser": w.leader,
        "staff": w.community.admin,
        "blocked": blocked,
        "not_in_group": w.ben,
        "family": w.ana,
    }
    return users, community_event["id"], group_event["id"], answer["rsvp"]["id"]


async def _node(f, user, gid):
    body = await f.gql(NODE, {"id": gid}, user)
    assert "errors" not in body, body
    return body["data"]["node"]


def allowed(*roles):
    return [(r, r in roles) for r in ROLES]


@pytest.mark.parametrize(
    ("role", "ok"), allowed("caregiver", "organiser", "staff", "blocked", "not_in_group", "family")
)
async def test_a_community_event_is_for_its_verified_members(f, scene, role, ok):
    users, event_id, _, _ = scene
    seen = await _node(f, users[role], event_id)
    assert (seen is not None) == ok
    if seen is not None:
        # The link is for those who may attend: not someone the organiser blocked.
        assert (seen["virtualLink"] is None) == (role == "blocked")


@pytest.mark.parametrize(("role", "ok"), allowed("organiser", "family"))
async def test_a_group_event_is_for_the_groups_members(f, scene, role, ok):
    users, _, event_id, _ = scene
    assert (await _node(f, users[role], event_id) is not None) == ok


@pytest.mark.parametrize(("role", "ok"), allowed("organiser", "staff", "family"))
async def test_an_rsvp_is_for_its_family_and_the_events_organisers(f, scene, role, ok):
    users, _, _, rsvp_id = scene
    assert (await _node(f, users[role], rsvp_id) is not None) == ok
