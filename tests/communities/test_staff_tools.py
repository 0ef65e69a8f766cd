"""The school's staff tools: verifying and declining newcomers (who are told, in their language),
invite codes (listed, revoked), the community's settings, the first staff invite made with a
community, and reports resolved with what was done about them."""

import pytest
from sqlalchemy import func, select

from api.communities.models import Community, Membership
from api.notifications.models import Notification
from api.safety.models import Report
from api.skills.models import Need

JOIN = (
    "mutation($i: JoinCommunityInput!) { joinCommunity(input: $i) { membership { id state joinNote } "
    "errors { field code message } } }"
)
VERIFY = "mutation($i: VerifyMemberInput!) { verifyMember(input: $i) { member { state } errors { code } } }"
DECLINE = "mutation($i: DeclineMemberInput!) { declineMember(input: $i) { memberId errors { field code message } } }"
REVOKE = (
    "mutation($i: RevokeInviteInput!) { revokeInvite(input: $i) { invite { active revokedAt } "
    "errors { field code message } } }"
)
INVITE = "mutation($i: CreateInviteInput!) { createInvite(input: $i) { invite { id code } errors { code } } }"
UPDATE = (
    "mutation($i: UpdateCommunityInput!) { updateCommunity(input: $i) { community { name description timezone "
    "languages } errors { field code message } } }"
)
RESOLVE = (
    "mutation($i: ResolveReportInput!) { resolveReport(input: $i) { report { status resolution resolutionNote "
    "resolvedAt resolvedBy { displayName } subjectCaregiver { displayName } } errors { field code message } } }"
)
REPORT = "mutation($i: ReportInput!) { report(input: $i) { reportId errors { code } } }"
FEED = "{ notifications(first: 10) { edges { node { kind title body } } } }"


async def _feed(f, user) -> list[dict]:
    return [e["node"] for e in (await f.ok(FEED, user=user))["notifications"]["edges"]]


async def test_a_newcomer_writes_a_note_staff_read_it_verify_and_the_newcomer_is_told_in_spanish(f, runner):
    c = await f.community()
    code = await f.invite(c)
    rosa = await f.user("Rosa", uiLanguage="es")
    joined = await f.ok(JOIN, {"i": {"inviteCode": code, "note": "  Mi hija Sofía está en 2º grado.  "}}, rosa)
    member = joined["joinCommunity"]["membership"]
    assert member["joinNote"] == "Mi hija Sofía está en 2º grado."  # they see their own note
    waiting = await f.ok(
        "query($id: ID!) { community(id: $id) { pendingMemberCount members(state: PENDING) { edges { node { "
        "id joinNote caregiver { displayName } } } } } }",
        {"id": c.id},
        c.admin,
    )
    assert waiting["community"]["pendingMemberCount"] == 1
    [edge] = waiting["community"]["members"]["edges"]
    assert edge["node"]["joinNote"] == "Mi hija Sofía está en 2º grado."
    await f.ok(VERIFY, {"i": {"memberId": member["id"]}}, c.admin)
    await runner.run()
    [told] = await _feed(f, rosa)
    assert told["kind"] == "MEMBER_VERIFIED"
    assert told["title"] == "Ya eres parte"
    assert "verificó tu membresía" in told["body"] and "Platform Admin" in told["body"]
    # ... and the whole app is open: the directory answers.
    d = await f.ok("query($id: ID!) { community(id: $id) { viewerMembership { state } } }", {"id": c.id}, rosa)
    assert d["community"]["viewerMembership"]["state"] == "VERIFIED"


async def test_a_note_that_is_too_long_joins_nobody(f, sessions):
    c = await f.community()
    code = await f.invite(c)
    body = await f.gql(JOIN, {"i": {"inviteCode": code, "note": "x" * 501}}, await f.user())
    [error] = body["data"]["joinCommunity"]["errors"]
    assert (error["field"], error["code"]) == (["input", "note"], "TOO_LONG")
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Membership).where(Membership.role == "caregiver")) == 0


async def test_declining_removes_the_pending_membership_and_tells_the_person(f, sessions, runner):
    c = await f.community()
    pat = await f.user("Pat")
    member_id = await f.join(c, pat, verify=False)
    body = await f.ok(DECLINE, {"i": {"memberId": member_id}}, c.admin)
    assert body["declineMember"]["memberId"] == member_id
    await runner.run()
    [told] = await _feed(f, pat)
    assert told["kind"] == "MEMBER_DECLINED" and "new invite" in told["body"]
    d = await f.gql("query($id: ID!) { community(id: $id) { name } }", {"id": c.id}, pat)
    assert d["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    # They may try again with a new code.
    await f.join(c, pat, verify=False)


async def test_only_waiting_members_can_be_declined_and_only_by_staff(f, sessions):
    c = await f.community()
    bo = await f.user("Bo")
    verified = await f.join(c, bo)
    leader = await f.member(c, "Leo", role="LEADER")
    pending = await f.join(c, await f.user("Pat"), verify=False)
    body = await f.gql(DECLINE, {"i": {"memberId": verified}}, c.admin)
    assert body["data"]["declineMember"]["errors"][0]["code"] == "INVALID_TRANSITION"
    body = await f.gql(DECLINE, {"i": {"memberId": pending}}, leader)
    assert body["data"]["declineMember"]["errors"][0]["code"] == "FORBIDDEN"
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Membership).where(Membership.state == "pending")) == 1


async def test_a_revoked_invite_stops_working_and_leaders_revoke_only_their_own(f):
    c = await f.community()
    leader = await f.member(c, "Leo", role="LEADER")
    staff_made = (await f.ok(INVITE, {"i": {"communityId": c.id}}, c.admin))["createInvite"]["invite"]
    leader_made = (await f.ok(INVITE, {"i": {"communityId": c.id}}, leader))["createInvite"]["invite"]

    body = await f.gql(REVOKE, {"i": {"inviteId": staff_made["id"]}}, leader)
    assert body["data"]["revokeInvite"]["errors"][0]["code"] == "FORBIDDEN"
    done = await f.ok(REVOKE, {"i": {"inviteId": leader_made["id"]}}, leader)
    assert done["revokeInvite"]["invite"]["active"] is False and done["revokeInvite"]["invite"]["revokedAt"]
    again = await f.gql(REVOKE, {"i": {"inviteId": leader_made["id"]}}, c.admin)
    assert again["data"]["revokeInvite"]["errors"][0]["code"] == "ALREADY_REVOKED"

    refused = await f.gql(JOIN, {"i": {"inviteCode": leader_made["code"]}}, await f.user())
    assert refused["data"]["joinCommunity"]["errors"][0]["code"] == "INVALID_INVITE"
    listed = await f.ok(
        "query($id: ID!) { community(id: $id) { active: invites { code } "
        "all: invites(includeInactive: true) { code } } }",
        {"id": c.id},
        leader,
    )
    assert listed["community"]["active"] == []
    assert [i["code"] for i in listed["community"]["all"]] == [leader_made["code"]]


async def test_staff_change_the_communitys_settings_and_bad_values_change_nothing(f, sessions):
    c = await f.community("Lincoln Elementary")
    done = await f.ok(
        UPDATE,
        {
            "i": {
                "communityId": c.id,
                "name": "Lincoln Elementary School",
                "timezone": "America/Denver",
                "languages": ["es", "en", "vi"],
            }
        },
        c.admin,
    )
    assert done["updateCommunity"]["community"] == {
        "name": "Lincoln Elementary School",
        "description": "",
        "timezone": "America/Denver",
        "languages": ["es", "en", "vi"],
    }
    body = await f.gql(
        UPDATE, {"i": {"communityId": c.id, "name": "", "timezone": "Mars/Olympus", "languages": []}}, c.admin
    )
    codes = {e["field"][-1]: e["code"] for e in body["data"]["updateCommunity"]["errors"]}
    assert codes == {"name": "REQUIRED", "timezone": "INVALID_TIMEZONE", "languages": "REQUIRED"}
    member = await f.member(c, "Ana")
    body = await f.gql(UPDATE, {"i": {"communityId": c.id, "name": "Mine now"}}, member)
    assert body["data"]["updateCommunity"]["errors"][0]["code"] == "FORBIDDEN"
    async with sessions() as s:
        [(name, zone)] = (await s.execute(select(Community.name, Community.timezone))).all()
    assert (name, zone) == ("Lincoln Elementary School", "America/Denver")


async def test_a_new_community_comes_with_one_staff_invite_for_its_first_staff_member(f):
    admin = await f.admin()
    made = (
        await f.ok(
            "mutation($i: CreateCommunityInput!) { createCommunity(input: $i) { community { id } staffInvite { code "
            "role maxUses expiresAt active } errors { message } } }",
            {"i": {"name": "Roosevelt Middle", "timezone": "America/Chicago", "languages": ["en"]}},
            admin,
        )
    )["createCommunity"]
    invite = made["staffInvite"]
    assert (invite["role"], invite["maxUses"], invite["active"]) == ("STAFF", 1, True) and invite["expiresAt"]
    principal = await f.user("Principal Park")
    joined = await f.ok(JOIN, {"i": {"inviteCode": invite["code"]}}, principal)
    await f.ok(VERIFY, {"i": {"memberId": joined["joinCommunity"]["membership"]["id"]}}, admin)
    me = await f.ok(
        "query($id: ID!) { community(id: $id) { viewerMembership { role state } pendingMemberCount } }",
        {"id": made["community"]["id"]},
        principal,
    )
    assert me["community"] == {"viewerMembership": {"role": "STAFF", "state": "VERIFIED"}, "pendingMemberCount": 0}
    used_up = await f.gql(JOIN, {"i": {"inviteCode": invite["code"]}}, await f.user())
    assert used_up["data"]["joinCommunity"]["errors"][0]["code"] == "INVITE_USED_UP"


async def _reported_need(f):
    c = await f.community()
    ana = await f.member(c, "Ana")
    bo = await f.member(c, "Bo")
    need = await f.ok(
        "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { message } } }",
        {"i": {"communityId": c.id, "category": "childcare", "title": "Paid nanny wanted", "mode": "IN_PERSON"}},
        bo,
    )
    need_id = need["postNeed"]["need"]["id"]
    rid = (await f.ok(REPORT, {"i": {"communityId": c.id, "subjectId": need_id, "reason": "SPAM"}}, ana))["report"][
        "reportId"
    ]
    return c, bo, need_id, rid


async def test_resolving_a_report_by_removing_the_need_closes_it_and_records_who_did_what(f, sessions):
    c, _bo, _need_id, rid = await _reported_need(f)
    counts = "query($id: ID!) { community(id: $id) { openReportCount } }"
    assert (await f.ok(counts, {"id": c.id}, c.admin))["community"]["openReportCount"] == 1
    done = await f.ok(
        RESOLVE, {"i": {"reportId": rid, "action": "CONTENT_REMOVED", "note": "Job ads are not needs."}}, c.admin
    )
    report = done["resolveReport"]["report"]
    assert report["status"] == "RESOLVED" and report["resolution"] == "CONTENT_REMOVED"
    assert report["resolutionNote"] == "Job ads are not needs." and report["resolvedAt"]
    assert report["resolvedBy"]["displayName"] == "Platform Admin"
    assert report["subjectCaregiver"]["displayName"] == "Bo"
    async with sessions() as s:
        assert (await s.scalars(select(Need.status))).all() == ["closed"]
    assert (await f.ok(counts, {"id": c.id}, c.admin))["community"]["openReportCount"] == 0
    again = await f.gql(RESOLVE, {"i": {"reportId": rid, "action": "NO_ACTION"}}, c.admin)
    assert again["data"]["resolveReport"]["errors"][0]["code"] == "ALREADY_RESOLVED"


async def test_resolving_by_suspending_suspends_the_person_responsible(f):
    c, bo, _need_id, rid = await _reported_need(f)
    await f.ok(RESOLVE, {"i": {"reportId": rid, "action": "MEMBER_SUSPENDED"}}, c.admin)
    body = await f.gql("query($id: ID!) { community(id: $id) { members { edges { cursor } } } }", {"id": c.id}, bo)
    assert body["errors"][0]["extensions"]["code"] == "SUSPENDED"


@pytest.mark.parametrize("who", ["caregiver", "leader"])
async def test_only_staff_resolve_reports_and_a_refused_resolution_changes_nothing(f, sessions, who):
    c, _bo, _need_id, rid = await _reported_need(f)
    someone = await f.member(c, "Someone", role=who.upper())
    body = await f.gql(RESOLVE, {"i": {"reportId": rid, "action": "CONTENT_REMOVED"}}, someone)
    assert body["data"]["resolveReport"]["errors"][0]["code"] == "NOT_FOUND"
    async with sessions() as s:
        assert (await s.scalars(select(Report.status))).all() == ["open"]
        assert (await s.scalars(select(Need.status))).all() == ["open"]


async def test_a_report_about_a_person_has_no_content_to_remove(f, sessions):
    c = await f.community()
    ana = await f.member(c, "Ana")
    bo = await f.member(c, "Bo")
    rid = (await f.ok(REPORT, {"i": {"communityId": c.id, "subjectId": bo.id, "reason": "HARASSMENT"}}, ana))["report"][
        "reportId"
    ]
    body = await f.gql(RESOLVE, {"i": {"reportId": rid, "action": "CONTENT_REMOVED"}}, c.admin)
    assert body["data"]["resolveReport"]["errors"][0]["code"] == "NOTHING_TO_REMOVE"
    async with sessions() as s:
        assert (await s.scalars(select(Report.status))).all() == ["open"]
        assert await s.scalar(select(func.count()).select_from(Notification)) == 0
