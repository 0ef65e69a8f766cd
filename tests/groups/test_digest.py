"""The daily digest: a member who chose it hears of the group's day once, at 18:00 in the
community's time; never of their own posts, never of what they already saw, never an empty one,
and never twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.groups.test_groups import JOIN, POST, kinds, make_group

NOTIFY = (
    "mutation($i: SetGroupNotificationsInput!) { setGroupNotifications(input: $i) { membership { notify } "
    "errors { code } } }"
)
SEEN = "mutation($i: MarkGroupSeenInput!) { markGroupSeen(input: $i) { errors { code } } }"


def evening(hour: int, minute: int) -> datetime:
    """The next time it is hour:minute in Chicago (the test community's zone), at least an hour away,
    so that everything the test writes now comes before it."""
    zone = ZoneInfo("America/Chicago")
    now = datetime.now(zone)
    at = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    while at < now + timedelta(hours=1):
        at += timedelta(days=1)
    return at.astimezone(UTC)


async def _group_with_a_daily_member(f):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    ana = await f.member(c, "Ana", uiLanguage="es")
    await f.ok(JOIN, {"i": {"groupId": gid}}, ana)
    done = await f.ok(NOTIFY, {"i": {"groupId": gid, "notify": "DAILY"}}, ana)
    assert done["setGroupNotifications"]["membership"]["notify"] == "DAILY"
    return c, leo, gid, ana


async def test_a_daily_member_gets_one_digest_at_six_in_the_evening_and_no_post_by_post_news(f, runner):
    _c, leo, gid, ana = await _group_with_a_daily_member(f)
    await f.ok(POST, {"i": {"groupId": gid, "body": "Picnic Sunday?"}}, leo)
    await runner.run()
    assert await kinds(f, ana) == []  # not told post by post
    before = await runner.job("send_group_digests", now=evening(17, 55).isoformat())
    assert before == {"digests": 0}
    first = await runner.job("send_group_digests", now=evening(18, 5).isoformat())
    again = await runner.job("send_group_digests", now=(evening(18, 5) + timedelta(hours=1)).isoformat())
    assert (first, again) == ({"digests": 1}, {"digests": 0})
    await runner.run()
    told = (await f.ok("{ notifications { edges { node { kind title } } } }", user=ana))["notifications"]["edges"]
    assert [n["node"] for n in told] == [{"kind": "GROUP_DIGEST", "title": "Hoy en tu grupo"}]


async def test_no_digest_of_ones_own_posts_or_of_what_one_already_saw(f, runner):
    _c, leo, gid, ana = await _group_with_a_daily_member(f)
    await f.ok(POST, {"i": {"groupId": gid, "body": "My own news"}}, ana)
    assert await runner.job("send_group_digests", now=evening(18, 5).isoformat()) == {"digests": 0}

    _c, leo, gid, ana = await _group_with_a_daily_member(f)
    await f.ok(POST, {"i": {"groupId": gid, "body": "Seen already"}}, leo)
    await f.ok(SEEN, {"i": {"groupId": gid}}, ana)
    assert await runner.job("send_group_digests", now=evening(18, 5).isoformat()) == {"digests": 0}


async def test_off_means_no_news_of_posts_at_all(f, runner):
    _c, leo, gid, ana = await _group_with_a_daily_member(f)
    await f.ok(NOTIFY, {"i": {"groupId": gid, "notify": "OFF"}}, ana)
    await f.ok(POST, {"i": {"groupId": gid, "body": "Anyone?"}}, leo)
    await runner.run()
    assert await runner.job("send_group_digests", now=evening(18, 5).isoformat()) == {"digests": 0}
    assert await kinds(f, ana) == []
