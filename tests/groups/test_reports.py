"""A group's leaders see the reports about its posts and comments: what was reported and why, never
who reported it or their note; nobody else in the group sees them, and another group's reports stay
with that group's leaders."""

from __future__ import annotations

from tests.groups.test_groups import COMMENT, HIDE, JOIN, POST, make_group

REPORT = "mutation($i: ReportInput!) { report(input: $i) { reportId errors { code } } }"
RESOLVE = "mutation($i: ResolveReportInput!) { resolveReport(input: $i) { report { status } errors { code } } }"
REPORTS = (
    "query($id: ID!, $all: Boolean!) { group(id: $id) { reports(includeResolved: $all) { reason status body "
    "hidden contentId postId author { displayName } } } }"
)


async def _report(f, c, subject, reason, who, details=None) -> str:
    body = {"communityId": c.id, "subjectId": subject, "reason": reason, "details": details}
    return (await f.ok(REPORT, {"i": body}, who))["report"]["reportId"]


async def test_leaders_see_what_was_reported_and_why_but_not_by_whom(f):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    other = await make_group(f, c, leo, name="Other group")
    ana, bo = await f.member(c, "Ana"), await f.member(c, "Bo")
    for person in (ana, bo):
        await f.ok(JOIN, {"i": {"groupId": gid}}, person)
        await f.ok(JOIN, {"i": {"groupId": other}}, person)
    post = (await f.ok(POST, {"i": {"groupId": gid, "body": "Buy my stuff"}}, bo))["createPost"]["post"]["id"]
    comment = (await f.ok(COMMENT, {"i": {"postId": post, "body": "You are all idiots"}}, bo))["comment"]["comment"][
        "id"
    ]
    elsewhere = (await f.ok(POST, {"i": {"groupId": other, "body": "Elsewhere"}}, bo))["createPost"]["post"]["id"]
    await _report(f, c, post, "SPAM", ana, details="Ana here, he keeps selling")
    await _report(f, c, comment, "HARASSMENT", ana)
    await _report(f, c, elsewhere, "OTHER", ana)

    seen = (await f.ok(REPORTS, {"id": gid, "all": False}, leo))["group"]["reports"]
    assert seen == [
        {
            "reason": "HARASSMENT",
            "status": "OPEN",
            "body": "You are all idiots",
            "hidden": False,
            "contentId": comment,
            "postId": post,
            "author": {"displayName": "Bo"},
        },
        {
            "reason": "SPAM",
            "status": "OPEN",
            "body": "Buy my stuff",
            "hidden": False,
            "contentId": post,
            "postId": post,
            "author": {"displayName": "Bo"},
        },
    ]
    # From the list, the leader hides the comment; the report shows it hidden.
    await f.ok(HIDE, {"i": {"contentId": comment, "reason": "Please be kind here."}}, leo)
    assert (await f.ok(REPORTS, {"id": gid, "all": False}, leo))["group"]["reports"][0]["hidden"] is True


async def test_members_and_outsiders_do_not_see_a_groups_reports_and_resolved_ones_leave_the_list(f):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    ana, bo = await f.member(c, "Ana"), await f.member(c, "Bo")
    await f.ok(JOIN, {"i": {"groupId": gid}}, ana)
    post = (await f.ok(POST, {"i": {"groupId": gid, "body": "Buy my stuff"}}, leo))["createPost"]["post"]["id"]
    rid = await _report(f, c, post, "SPAM", ana)
    for who, code in ((ana, "NOT_GROUP_LEADER"), (bo, "NOT_GROUP_MEMBER")):
        body = await f.gql(REPORTS, {"id": gid, "all": False}, who)
        assert body["errors"][0]["extensions"]["code"] == code
    await f.ok(RESOLVE, {"i": {"reportId": rid, "action": "NO_ACTION"}}, c.admin)
    assert (await f.ok(REPORTS, {"id": gid, "all": False}, leo))["group"]["reports"] == []
    [resolved] = (await f.ok(REPORTS, {"id": gid, "all": True}, leo))["group"]["reports"]
    assert resolved["status"] == "RESOLVED"
