"""A membership's states: pending → verified or suspended; a suspended member can be verified again;
doing it twice says so (ALREADY_VERIFIED, ALREADY_SUSPENDED) and changes nothing."""

from api.communities.models import MEMBERSHIP_TRANSITIONS, MembershipState

VERIFY = "mutation($i: VerifyMemberInput!) { verifyMember(input: $i) { member { state } errors { code message } } }"
SUSPEND = "mutation($i: SuspendMemberInput!) { suspendMember(input: $i) { member { state } errors { code message } } }"


def test_every_state_has_its_transitions():
    assert set(MEMBERSHIP_TRANSITIONS) == set(MembershipState)


async def test_verify_suspend_and_verify_again(f):
    c = await f.community()
    sam = await f.user("Sam")
    member_id = await f.join(c, sam, verify=False)
    assert (await f.ok(VERIFY, {"i": {"memberId": member_id}}, c.admin))["verifyMember"]["member"][
        "state"
    ] == "VERIFIED"
    again = (await f.gql(VERIFY, {"i": {"memberId": member_id}}, c.admin))["data"]["verifyMember"]
    assert again["member"] is None and [e["code"] for e in again["errors"]] == ["ALREADY_VERIFIED"]
    assert (await f.ok(SUSPEND, {"i": {"memberId": member_id}}, c.admin))["suspendMember"]["member"][
        "state"
    ] == "SUSPENDED"
    twice = (await f.gql(SUSPEND, {"i": {"memberId": member_id}}, c.admin))["data"]["suspendMember"]
    assert twice["member"] is None and [e["code"] for e in twice["errors"]] == ["ALREADY_SUSPENDED"]
    assert twice["errors"][0]["message"] == "This member is already suspended."
    back = await f.ok(VERIFY, {"i": {"memberId": member_id}}, c.admin)
    assert back["verifyMember"]["member"]["state"] == "VERIFIED"


async def test_a_pending_member_can_be_suspended(f):
    c = await f.community()
    member_id = await f.join(c, await f.user("Lee"), verify=False)
    assert (await f.ok(SUSPEND, {"i": {"memberId": member_id}}, c.admin))["suspendMember"]["member"][
        "state"
    ] == "SUSPENDED"
