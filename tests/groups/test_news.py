"""Home's "news from my groups": the newest posts by others in the groups I am a member of, each
named with its group and marked new until I open the group; never my own posts, hidden ones, people
across a block, groups I only asked to join, or another community's groups."""

from __future__ import annotations

from tests.graphql.test_request_path import counting
from tests.groups.test_digest import SEEN
from tests.groups.test_groups import HIDE, JOIN, POST, make_group

NEWS = "query($n: Int) { groupNews(first: $n) { unread group { name } post { body author { displayName } } } }"
BLOCK = "mutation($i: BlockInput!) { block(input: $i) { ok errors { code } } }"


def news(body) -> list[tuple[str, str, bool]]:
    return [(i["group"]["name"], i["post"]["body"], i["unread"]) for i in body["groupNews"]]


async def _post(f, gid, body, user) -> str:
    return (await f.ok(POST, {"i": {"groupId": gid, "body": body}}, user))["createPost"]["post"]["id"]


async def test_news_from_my_groups_newest_first_marked_new_until_i_open_the_group(f):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    ana = await f.member(c, "Ana")
    grade3 = await make_group(f, c, leo, name="Grade 3 families")
    dads = await make_group(f, c, leo, name="Dads' breakfast")
    for gid in (grade3, dads):
        await f.ok(JOIN, {"i": {"groupId": gid}}, ana)
    await _post(f, grade3, "Picnic Sunday?", leo)
    await _post(f, dads, "Pancakes at 9", leo)
    await _post(f, grade3, "My own question", ana)  # not news to me
    assert news(await f.ok(NEWS, user=ana)) == [
        ("Dads' breakfast", "Pancakes at 9", True),
        ("Grade 3 families", "Picnic Sunday?", True),
    ]
    await f.ok(SEEN, {"i": {"groupId": grade3}}, ana)
    assert news(await f.ok(NEWS, {"n": 1}, ana)) == [("Dads' breakfast", "Pancakes at 9", True)]
    assert news(await f.ok(NEWS, user=ana))[1] == ("Grade 3 families", "Picnic Sunday?", False)


async def test_news_leaves_out_hidden_posts_blocked_people_pending_groups_and_other_communities(f):
    c, other = await f.community(), await f.community("Other school")
    leo = await f.member(c, "Leo", role="LEADER")
    ana, bo = await f.member(c, "Ana"), await f.member(c, "Bo")
    asks = await make_group(f, c, leo, name="Ask first", visibility="REQUEST")
    open_group = await make_group(f, c, leo, name="Open")
    await f.ok(JOIN, {"i": {"groupId": asks}}, ana)  # a request, not yet decided
    for who in (ana, bo):
        await f.ok(JOIN, {"i": {"groupId": open_group}}, who)
    await _post(f, asks, "Members only", leo)
    hidden = await _post(f, open_group, "Buy my stuff", bo)
    await f.ok(HIDE, {"i": {"contentId": hidden, "reason": "No selling, please."}}, leo)
    await _post(f, open_group, "Bo again", bo)
    await f.ok(BLOCK, {"i": {"caregiverId": bo.id}}, ana)
    elsewhere = await f.member(other, "Eve", role="LEADER")
    await f.join(other, ana)
    await _post(f, await make_group(f, other, elsewhere, name="Elsewhere"), "Not for you", elsewhere)
    assert news(await f.ok(NEWS, user=ana)) == []
    assert [b for _g, b, _u in news(await f.ok(NEWS, user=leo))] == ["Bo again"]


async def test_news_runs_the_same_statements_for_one_post_or_five(f, app):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    ana = await f.member(c, "Ana")
    gid = await make_group(f, c, leo)
    await f.ok(JOIN, {"i": {"groupId": gid}}, ana)
    counts = []
    for i in range(5):
        await _post(f, gid, f"News {i}", leo)
        with counting(app) as seen:
            await f.ok(NEWS, user=ana)
        counts.append(len(seen.statements))
    assert counts == [counts[0]] * 5 and counts[0] <= 6, counts
