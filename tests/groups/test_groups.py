"""Peer groups: who may see, start, join and lead them; posts and comments among members; leaders'
moderation; and who is told what."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from api.groups.models import Comment, Group, GroupMember, Post

CREATE = (
    "mutation($i: CreateGroupInput!) { createGroup(input: $i) { group { id name visibility hidden memberCount "
    "viewerMembership { role state } leaders { displayName } } errors { field code message } } }"
)
JOIN = (
    "mutation($i: JoinGroupInput!) { joinGroup(input: $i) { membership { id state role joinAnswer } "
    "errors { field code message } } }"
)
DECIDE = (
    "mutation($i: DecideJoinRequestInput!) { decideJoinRequest(input: $i) { membership { state } "
    "errors { code message } } }"
)
LEAVE = "mutation($i: LeaveGroupInput!) { leaveGroup(input: $i) { groupId errors { field code message } } }"
POST = (
    "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id body link pinned author { displayName } } "
    "errors { field code message } } }"
)
COMMENT = "mutation($i: CommentInput!) { comment(input: $i) { comment { id body } errors { field code message } } }"
HIDE = "mutation($i: HideContentInput!) { hideContent(input: $i) { contentId errors { field code message } } }"
FEED = (
    "query($id: ID!) { group(id: $id) { posts { edges { node { id body pinned hidden hiddenReason commentCount "
    "author { displayName } latestComments { body hidden author { displayName } } } } } } }"
)
GROUPS = "query($c: ID!, $f: GroupFilter) { groups(communityId: $c, filter: $f) { edges { node { name } } } }"
FEED_NOTIFICATIONS = "{ notifications(first: 20) { edges { node { kind } } } }"


async def make_group(f, c, leader, **kw) -> str:
    body = await f.ok(CREATE, {"i": {"communityId": c.id, "name": kw.pop("name", "Grade 3 families"), **kw}}, leader)
    return body["createGroup"]["group"]["id"]


async def kinds(f, user) -> list[str]:
    return [e["node"]["kind"] for e in (await f.ok(FEED_NOTIFICATIONS, user=user))["notifications"]["edges"]]


async def test_a_leader_starts_a_group_and_leads_it_but_a_caregiver_cannot_start_one(f, sessions):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    body = await f.ok(
        CREATE, {"i": {"communityId": c.id, "name": "Dads' Saturday breakfast", "languages": ["en", "es"]}}, leo
    )
    group = body["createGroup"]["group"]
    assert group["viewerMembership"] == {"role": "LEADER", "state": "MEMBER"}
    assert group["memberCount"] == 1 and group["leaders"] == [{"displayName": "Leo"}]
    ana = await f.member(c, "Ana")
    refused = await f.gql(CREATE, {"i": {"communityId": c.id, "name": "Mine"}}, ana)
    assert refused["data"]["createGroup"]["errors"][0]["code"] == "FORBIDDEN"
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Group)) == 1


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"name": ""}, "name", "REQUIRED"),
        ({"name": "x" * 81}, "name", "TOO_LONG"),
        ({"name": "Ok name", "gradeBand": "13"}, "gradeBand", "INVALID_GRADE"),
        ({"name": "Ok name", "joinQuestion": "q" * 301}, "joinQuestion", "TOO_LONG"),
        ({"name": "Bad\u0000name"}, "name", "INVALID_CHARACTERS"),
    ],
)
async def test_bad_group_input_makes_nothing(f, sessions, fields, field, code):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    body = await f.gql(CREATE, {"i": {"communityId": c.id, **fields}}, leo)
    [error] = body["data"]["createGroup"]["errors"]
    assert (error["field"][-1], error["code"]) == (field, code)
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Group)) == 0


async def test_on_request_the_leaders_see_the_answer_decide_and_the_person_is_told(f, runner):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo, visibility="REQUEST", joinQuestion="Which grade is your child in?")
    ana = await f.member(c, "Ana", uiLanguage="es")
    no_answer = await f.gql(JOIN, {"i": {"groupId": gid}}, ana)
    assert no_answer["data"]["joinGroup"]["errors"][0]["code"] == "REQUIRED"
    asked = (await f.ok(JOIN, {"i": {"groupId": gid, "answer": "Third, with Ms. López"}}, ana))["joinGroup"]
    assert asked["membership"]["state"] == "REQUESTED"
    again = await f.gql(JOIN, {"i": {"groupId": gid, "answer": "x"}}, ana)
    assert again["data"]["joinGroup"]["errors"][0]["code"] == "ALREADY_REQUESTED"
    # Ana is not a member yet: no posts for her.
    early = await f.gql(FEED, {"id": gid}, ana)
    assert early["errors"][0]["extensions"]["code"] == "NOT_GROUP_MEMBER"
    await runner.run()
    assert await kinds(f, leo) == ["GROUP_JOIN_REQUESTED"]
    waiting = await f.ok(
        "query($id: ID!) { group(id: $id) { members(state: REQUESTED) { edges { node { id joinAnswer "
        "caregiver { displayName } } } } } }",
        {"id": gid},
        leo,
    )
    [req] = waiting["group"]["members"]["edges"]
    assert req["node"]["joinAnswer"] == "Third, with Ms. López"
    await f.ok(DECIDE, {"i": {"membershipId": req["node"]["id"], "approve": True}}, leo)
    await runner.run()
    told = await f.ok(FEED_NOTIFICATIONS + "", user=ana)
    assert [e["node"]["kind"] for e in told["notifications"]["edges"]] == ["GROUP_JOIN_APPROVED"]
    assert (await f.ok(FEED, {"id": gid}, ana))["group"]["posts"]["edges"] == []


async def test_invite_only_groups_take_only_the_invited(f):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo, visibility="INVITE")
    ana = await f.member(c, "Ana")
    bo = await f.member(c, "Bo")
    refused = await f.gql(JOIN, {"i": {"groupId": gid}}, bo)
    assert refused["data"]["joinGroup"]["errors"][0]["code"] == "INVITE_ONLY"
    await f.ok(
        "mutation($i: InviteToGroupInput!) { inviteToGroup(input: $i) { membership { state } errors { code } } }",
        {"i": {"groupId": gid, "caregiverId": ana.id}},
        leo,
    )
    joined = await f.ok(JOIN, {"i": {"groupId": gid}}, ana)
    assert joined["joinGroup"]["membership"]["state"] == "MEMBER"


@pytest.mark.parametrize("who", ["outsider", "pending", "other_community"])
async def test_people_outside_the_community_neither_see_nor_join_a_group(f, who):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    if who == "outsider":
        person = await f.user("Olga")
    elif who == "pending":
        person = await f.member(c, "Pat", verify=False)
    else:
        other = await f.community("Roosevelt Middle")
        person = await f.member(other, "Otto")
    seen = await f.gql("query($id: ID!) { node(id: $id) { id } }", {"id": gid}, person)
    assert seen["data"]["node"] is None
    body = await f.gql(JOIN, {"i": {"groupId": gid}}, person)
    assert body["data"]["joinGroup"]["errors"][0]["code"] == "NOT_FOUND"


async def test_a_hidden_group_is_listed_only_to_its_members(f):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    await make_group(f, c, leo, name="Foster families", hidden=True, visibility="INVITE")
    await make_group(f, c, leo, name="Grade 3 families")
    ana = await f.member(c, "Ana")
    names = lambda body: [e["node"]["name"] for e in body["groups"]["edges"]]  # noqa: E731
    assert names(await f.ok(GROUPS, {"c": c.id}, ana)) == ["Grade 3 families"]
    assert names(await f.ok(GROUPS, {"c": c.id}, leo)) == ["Foster families", "Grade 3 families"]
    assert names(await f.ok(GROUPS, {"c": c.id, "f": {"mine": True}}, ana)) == []


async def test_the_only_leader_hands_over_before_leaving(f, sessions):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    ana = await f.member(c, "Ana")
    await f.ok(JOIN, {"i": {"groupId": gid}}, ana)
    body = await f.gql(LEAVE, {"i": {"groupId": gid}}, leo)
    assert body["data"]["leaveGroup"]["errors"][0]["code"] == "LAST_LEADER"
    await f.ok(LEAVE, {"i": {"groupId": gid, "handOverTo": ana.id}}, leo)
    g = await f.ok("query($id: ID!) { group(id: $id) { leaders { displayName } memberCount } }", {"id": gid}, ana)
    assert g["group"] == {"leaders": [{"displayName": "Ana"}], "memberCount": 1}
    # The last member of all takes the group with them.
    await f.ok(LEAVE, {"i": {"groupId": gid}}, ana)
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Group)) == 0


async def test_posts_and_comments_reach_the_members_once_even_when_retried(f, runner, sessions):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    ana = await f.member(c, "Ana")
    bo = await f.member(c, "Bo")
    for person in (ana, bo):
        await f.ok(JOIN, {"i": {"groupId": gid}}, person)
    made = [
        (await f.ok(POST, {"i": {"groupId": gid, "body": "Park on Saturday?", "clientId": "p-1"}}, ana))["createPost"]
        for _ in range(2)
    ]
    assert made[0]["post"]["id"] == made[1]["post"]["id"]  # an offline retry: one post
    post_id = made[0]["post"]["id"]
    await f.ok(COMMENT, {"i": {"postId": post_id, "body": "Yes! 10am?", "clientId": "c-1"}}, bo)
    await f.ok(COMMENT, {"i": {"postId": post_id, "body": "10am works", "clientId": "c-1"}}, leo)
    await runner.run()
    # Leo was not in the conversation when Bo commented; Ana (the author) hears of both comments,
    # Bo of the post and of Leo's answer after him.
    assert await kinds(f, leo) == ["GROUP_POST"]
    assert sorted(await kinds(f, ana)) == ["GROUP_COMMENT", "GROUP_COMMENT"]
    assert sorted(await kinds(f, bo)) == ["GROUP_COMMENT", "GROUP_POST"]
    feed = (await f.ok(FEED, {"id": gid}, bo))["group"]["posts"]["edges"]
    [node] = [e["node"] for e in feed]
    assert node["commentCount"] == 2 and [x["body"] for x in node["latestComments"]] == ["Yes! 10am?", "10am works"]
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Post)) == 1
    # The same clientId with other content is refused, and nothing is posted.
    for doc, fields, name in (
        (POST, {"groupId": gid, "body": "Something else", "clientId": "p-1"}, "createPost"),
        (COMMENT, {"postId": post_id, "body": "Changed my mind", "clientId": "c-1"}, "comment"),
    ):
        [error] = (await f.gql(doc, {"i": fields}, ana if name == "createPost" else bo))["data"][name]["errors"]
        assert (error["field"][-1], error["code"]) == ("clientId", "CLIENT_ID_REUSED")
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Post)) == 1
        assert await s.scalar(select(func.count()).select_from(Comment)) == 2


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"body": "  "}, "body", "REQUIRED"),
        ({"body": "x" * 5001}, "body", "TOO_LONG"),
        ({"body": "See", "link": "javascript:alert(1)"}, "link", "INVALID_LINK"),
        ({"body": "See", "link": "https://exa mple.org"}, "link", "INVALID_LINK"),
    ],
)
async def test_bad_posts_are_refused_and_post_nothing(f, sessions, fields, field, code):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    body = await f.gql(POST, {"i": {"groupId": gid, **fields}}, leo)
    [error] = body["data"]["createPost"]["errors"]
    assert (error["field"][-1], error["code"]) == (field, code)
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Post)) == 0


async def test_non_members_cannot_post_or_comment(f):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    post_id = (await f.ok(POST, {"i": {"groupId": gid, "body": "Hello"}}, leo))["createPost"]["post"]["id"]
    ana = await f.member(c, "Ana")
    body = await f.gql(POST, {"i": {"groupId": gid, "body": "Me too"}}, ana)
    assert body["data"]["createPost"]["errors"][0]["code"] == "NOT_GROUP_MEMBER"
    body = await f.gql(COMMENT, {"i": {"postId": post_id, "body": "Hi"}}, ana)
    assert body["data"]["comment"]["errors"][0]["code"] == "NOT_GROUP_MEMBER"


async def test_a_leader_hides_a_comment_with_a_reason_its_author_sees_and_is_told(f, runner):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    ana, bo = await f.member(c, "Ana"), await f.member(c, "Bo")
    for person in (ana, bo):
        await f.ok(JOIN, {"i": {"groupId": gid}}, person)
    post_id = (await f.ok(POST, {"i": {"groupId": gid, "body": "Carpool to the fair?"}}, ana))["createPost"]["post"][
        "id"
    ]
    comment_id = (await f.ok(COMMENT, {"i": {"postId": post_id, "body": "Buy my stuff"}}, bo))["comment"]["comment"][
        "id"
    ]
    refused = await f.gql(HIDE, {"i": {"contentId": comment_id, "reason": "Selling"}}, ana)
    assert refused["data"]["hideContent"]["errors"][0]["code"] == "NOT_GROUP_LEADER"
    await f.ok(HIDE, {"i": {"contentId": comment_id, "reason": "No selling in this group, please."}}, leo)
    ana_sees = (await f.ok(FEED, {"id": gid}, ana))["group"]["posts"]["edges"][0]["node"]
    assert ana_sees["commentCount"] == 0 and ana_sees["latestComments"] == []
    bo_sees = (await f.ok(FEED, {"id": gid}, bo))["group"]["posts"]["edges"][0]["node"]["latestComments"]
    assert bo_sees == [{"body": "Buy my stuff", "hidden": True, "author": {"displayName": "Bo"}}]
    await runner.run()
    assert "GROUP_CONTENT_HIDDEN" in await kinds(f, bo)


async def test_a_report_about_a_post_reaches_the_groups_leaders_and_staff_can_take_it_down(f, runner, sessions):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    ana, bo = await f.member(c, "Ana"), await f.member(c, "Bo")
    for person in (ana, bo):
        await f.ok(JOIN, {"i": {"groupId": gid}}, person)
    post_id = (await f.ok(POST, {"i": {"groupId": gid, "body": "Spam spam"}}, bo))["createPost"]["post"]["id"]
    rid = (
        await f.ok(
            "mutation($i: ReportInput!) { report(input: $i) { reportId errors { code } } }",
            {"i": {"communityId": c.id, "subjectId": post_id, "reason": "SPAM"}},
            ana,
        )
    )["report"]["reportId"]
    await runner.run()
    assert "GROUP_CONTENT_REPORTED" in await kinds(f, leo)
    await f.ok(
        "mutation($i: ResolveReportInput!) { resolveReport(input: $i) { report { status } errors { code } } }",
        {"i": {"reportId": rid, "action": "CONTENT_REMOVED"}},
        c.admin,
    )
    assert (await f.ok(FEED, {"id": gid}, ana))["group"]["posts"]["edges"] == []


async def test_blocks_hold_inside_groups(f):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    ana, bo = await f.member(c, "Ana"), await f.member(c, "Bo")
    for person in (ana, bo):
        await f.ok(JOIN, {"i": {"groupId": gid}}, person)
    await f.ok(POST, {"i": {"groupId": gid, "body": "From Bo"}}, bo)
    await f.ok(
        "mutation($i: BlockInput!) { block(input: $i) { ok errors { code } } }", {"i": {"caregiverId": bo.id}}, ana
    )
    assert (await f.ok(FEED, {"id": gid}, ana))["group"]["posts"]["edges"] == []
    assert len((await f.ok(FEED, {"id": gid}, leo))["group"]["posts"]["edges"]) == 1


async def test_a_deleted_members_posts_stay_from_a_former_member_and_their_groups_keep_a_leader(f, sessions):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    ana = await f.member(c, "Ana")
    await f.ok(JOIN, {"i": {"groupId": gid}}, ana)
    await f.ok(POST, {"i": {"groupId": gid, "body": "Welcome, everyone"}}, leo)
    exported = await f.ok("mutation { exportMyData { data } }", user=leo)
    assert "Welcome, everyone" in str(exported)
    await f.ok(
        "mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { errors { code } } }",
        {"i": {"password": "correct horse battery"}},
        leo,
    )
    g = await f.ok(
        "query($id: ID!) { group(id: $id) { leaders { displayName } "
        "posts { edges { node { body author { displayName } } } } } }",
        {"id": gid},
        ana,
    )
    assert g["group"]["leaders"] == [{"displayName": "Ana"}]
    assert g["group"]["posts"]["edges"] == [{"node": {"body": "Welcome, everyone", "author": None}}]
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(GroupMember)) == 1
        assert await s.scalar(select(func.count()).select_from(Comment)) == 0


async def test_the_group_feed_runs_the_same_statements_for_2_posts_as_for_20(f, app):
    """Each post with its author, comment count and latest comments with their authors: a fixed
    number of SQL statements whatever the page holds."""
    from tests.graphql.test_request_path import counting

    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    people = [await f.member(c, f"Member {i}") for i in range(3)]
    for person in people:
        await f.ok(JOIN, {"i": {"groupId": gid}}, person)
    counts = []
    for posts in (2, 20):
        while len((await f.ok(FEED, {"id": gid}, leo))["group"]["posts"]["edges"]) < posts:
            post = (await f.ok(POST, {"i": {"groupId": gid, "body": "News"}}, people[0]))["createPost"]["post"]["id"]
            for person in people:
                await f.ok(COMMENT, {"i": {"postId": post, "body": "Thanks"}}, person)
        with counting(app) as seen:
            await f.ok(FEED, {"id": gid}, leo)
        counts.append(len(seen.statements))
    assert counts[0] == counts[1], counts


async def test_a_post_to_a_larger_group_is_dispatched_in_the_same_statements_as_to_a_small_one(
    f, runner, engine, sessions
):
    """Blocks, preferences, quiet hours and the rows of every recipient are read and written set-wise:
    dispatching a post to 6 members runs as many statements as to 1."""
    from sqlalchemy import event

    from api.outbox.models import OutboxEvent

    c = await f.community()
    counts = []
    for size in (1, 6):  # ten sign-ups per network and hour: the most one test may make
        leo = await f.member(c, f"Leader {size}", role="LEADER")
        gid = await make_group(f, c, leo, name=f"Group of {size}")
        for i in range(size):
            member = await f.member(c, f"Member {size}-{i}")
            await f.ok(JOIN, {"i": {"groupId": gid}}, member)
        await runner.run()
        await f.ok(POST, {"i": {"groupId": gid, "body": "Hello"}}, leo)
        async with sessions() as s:
            event_id = await s.scalar(select(func.max(OutboxEvent.id)).where(OutboxEvent.kind == "group.posted"))
        seen: list[str] = []

        def count(conn, cursor, statement, *args, seen=seen) -> None:
            seen.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", count)
        try:
            result = await runner.job("dispatch_outbox", event_id=event_id)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", count)
        assert result["notifications"] == size
        counts.append(len(seen))
    assert counts[0] == counts[1], counts


async def test_members_outsiders_and_bad_input_change_nothing_through_the_leaders_tools(f, sessions):
    """Every group mutation a member or an outsider may not use, and each bad input, answers with a
    specific code and leaves the group as it was."""
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo, visibility="REQUEST")
    ana, olga = await f.member(c, "Ana"), await f.member(c, "Olga")
    asked = (await f.ok(JOIN, {"i": {"groupId": gid, "answer": "Hi"}}, olga))["joinGroup"]["membership"]["id"]
    bo = await f.member(c, "Bo")
    await f.ok(JOIN, {"i": {"groupId": gid, "answer": "Hi"}}, bo)
    requests = await f.ok(
        "query($id: ID!) { group(id: $id) { members(state: REQUESTED) { edges { node { id caregiver { id } } } } } }",
        {"id": gid},
        leo,
    )
    bo_row = next(
        e["node"]["id"] for e in requests["group"]["members"]["edges"] if e["node"]["caregiver"]["id"] == bo.id
    )
    await f.ok(DECIDE, {"i": {"membershipId": bo_row, "approve": True}}, leo)
    leo_row = (await f.ok("query($id: ID!) { group(id: $id) { viewerMembership { id } } }", {"id": gid}, leo))["group"][
        "viewerMembership"
    ]["id"]
    post = (await f.ok(POST, {"i": {"groupId": gid, "body": "Hello"}}, leo))["createPost"]["post"]["id"]
    cases = [
        ("updateGroup", "UpdateGroupInput", {"groupId": gid, "name": "Taken over"}, bo, "NOT_GROUP_LEADER"),
        ("pinPost", "PinPostInput", {"postId": post, "pinned": False}, bo, "NOT_GROUP_LEADER"),
        (
            "decideJoinRequest",
            "DecideJoinRequestInput",
            {"membershipId": asked, "approve": True},
            bo,
            "NOT_GROUP_LEADER",
        ),
        ("removeGroupMember", "RemoveGroupMemberInput", {"membershipId": leo_row}, bo, "NOT_GROUP_LEADER"),
        ("inviteToGroup", "InviteToGroupInput", {"groupId": gid, "caregiverId": ana.id}, bo, "NOT_GROUP_LEADER"),
        ("setGroupRole", "SetGroupRoleInput", {"membershipId": leo_row, "role": "MEMBER"}, leo, "LAST_LEADER"),
        (
            "setGroupNotifications",
            "SetGroupNotificationsInput",
            {"groupId": gid, "notify": "OFF"},
            ana,
            "NOT_GROUP_MEMBER",
        ),
        ("markGroupSeen", "MarkGroupSeenInput", {"groupId": gid}, ana, "NOT_GROUP_MEMBER"),
        ("comment", "CommentInput", {"postId": post, "body": " "}, bo, "REQUIRED"),
        ("comment", "CommentInput", {"postId": post, "body": "Hi"}, ana, "NOT_GROUP_MEMBER"),
        ("hideContent", "HideContentInput", {"contentId": post, "reason": "x"}, leo, "TOO_SHORT"),
    ]
    for name, input_type, variables, who, code in cases:
        body = await f.gql(
            f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ errors {{ code }} }} }}", {"i": variables}, who
        )
        assert [e["code"] for e in body["data"][name]["errors"]] == [code], (name, body)
    async with sessions() as s:
        group = await s.scalar(select(Group))
        states = sorted((await s.scalars(select(GroupMember.state))).all())
        roles = sorted((await s.scalars(select(GroupMember.role))).all())
        [p] = (await s.scalars(select(Post))).all()
        assert (group.name, states, roles) == (
            "Grade 3 families",
            ["member", "member", "requested"],
            ["leader", "member", "member"],
        )
        assert p.hidden_at is None and await s.scalar(select(func.count()).select_from(Comment)) == 0
