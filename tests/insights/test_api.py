"""School insights through GraphQL: staff (and admins) of the community only; every reading and CSV
export logged; a refresh at most every ten minutes, done by the worker; nothing in an answer names a
family; bad ranges refused at their field."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from api.db import session_scope
from api.ids import parse_global_id
from api.insights import service
from api.insights.models import InsightPeriod, InsightRelease, InsightRun
from api.notifications.models import Notification
from api.skills.models import Match, MatchStatus, Need, NeedStatus
from tests.factories import PASSWORD

INSIGHTS = (
    "query($c: ID!, $from: Date!, $to: Date!, $g: InsightGranularity! = MONTH) {"
    " communityInsights(communityId: $c, from: $from, to: $to, granularity: $g) {"
    " communityId granularity from to minimumFamilies computedAt refreshAvailableAt"
    " metrics { key section kind title definition source }"
    " periods { start end figures { metric breakdown breakdownLabel value shown display } } } }"
)
CSV = "query($c: ID!, $from: Date!, $to: Date!) { communityInsightsCsv(communityId: $c, from: $from, to: $to) }"
REFRESH = (
    "mutation($i: RefreshCommunityInsightsInput!) { refreshCommunityInsights(input: $i) {"
    " refreshAvailableAt errors { field code message retryAfter } } }"
)


def this_year() -> dict:
    today = datetime.now(UTC).date()
    return {"from": (today - timedelta(days=365)).isoformat(), "to": today.isoformat()}


@pytest.fixture
def school(f, redis, settings):
    """A community with staff and `families` member families (the sign-up limit reset as it goes)."""

    async def make(families: int = 12):
        return await _school(f, redis, settings, families)

    return make


async def _school(f, redis, settings, families: int):
    c = await f.community("Lincoln Elementary")
    staff = await f.member(c, "Rosa D.", role="STAFF")
    people = []
    for i in range(families):
        if i % 6 == 5:  # ten sign-ups an hour from one address: this test's families all come from one
            keys = [k async for k in redis.scan_iter(match=f"{settings.redis_prefix}rl:*")]
            if keys:
                await redis.delete(*keys)
        people.append(await f.member(c, f"Parent {i}", languages=["es" if i % 3 else "en"]))
    return c, staff, people


async def helped(sessions, community_id, pairs) -> None:
    """Completed help between members (giver, receiver), as the skill-sharing flow leaves it."""
    cid = parse_global_id(community_id)[1]
    now = datetime.now(UTC)
    async with session_scope(sessions) as db:
        for giver, receiver in pairs:
            need = uuid.uuid4()
            await db.execute(
                insert(Need).values(
                    id=need,
                    community_id=cid,
                    requester_id=receiver.pk,
                    category_slug="tutoring.homework",
                    title="Help with homework",
                    mode="virtual",
                    status=NeedStatus.MET,
                    created_at=now - timedelta(hours=30),
                )
            )
            await db.execute(
                insert(Match).values(
                    community_id=cid,
                    need_id=need,
                    helper_id=giver.pk,
                    requester_id=receiver.pk,
                    score=1.0,
                    status=MatchStatus.COMPLETED,
                    responded_at=now - timedelta(hours=29),
                    completed_at=now - timedelta(hours=2),
                )
            )


async def roll_up(sessions, community) -> None:
    async with session_scope(sessions) as db:
        await service.roll_up(db, parse_global_id(community.id)[1])


def latest(body: dict) -> dict:
    return {(x["metric"], x["breakdown"]): x for x in body["periods"][-1]["figures"]}


async def test_staff_read_their_schools_network_and_each_reading_is_logged(f, sessions, school):
    c, staff, people = await school()
    await helped(sessions, c.id, [(people[i], people[i + 1]) for i in range(0, 12, 2)])
    await roll_up(sessions, c)
    data = (await f.ok(INSIGHTS, {"c": c.id, **this_year()}, staff))["communityInsights"]
    assert data["minimumFamilies"] == 10 and data["computedAt"]
    assert {m["key"] for m in data["metrics"]} >= {"ties.pairs", "bridging.ei", "continuum.step", "equity.met_share"}
    ties = next(m for m in data["metrics"] if m["key"] == "ties.pairs")
    assert "90 days" in ties["definition"] and "Christensen" in ties["source"]
    now = latest(data)
    # Twelve families joined this month; six pairs helped each other: twelve families with one tie.
    assert now[("families.members", None)]["value"] == 12 and now[("families.members", None)]["display"] == "12"
    assert now[("ties.families", "1-2")]["value"] == 12 and now[("ties.families", "1-2")]["shown"] == "EXACT"
    assert now[("ties.families", "1-2")]["breakdownLabel"] == "1–2 ties"
    # Six pairs cover twelve families, but a count of pairs is no count of families to hide behind.
    assert now[("ties.pairs", None)]["value"] == 6
    # No family is isolated: a zero, still written as hidden.
    assert now[("ties.families", "0")]["shown"] == "SUPPRESSED" and now[("ties.families", "0")]["display"] == "hidden"
    assert now[("ties.connected_share", None)]["shown"] == "AT_LEAST"
    connected = now[("ties.connected_share", None)]
    assert connected["display"] == "≥ 95%" and connected["value"] is None
    await f.ok(CSV, {"c": c.id, **this_year()}, staff)
    async with sessions() as s:
        log = (await s.scalars(select(InsightRelease).order_by(InsightRelease.at))).all()
    assert [(r.kind, r.account_id, r.granularity) for r in log] == [
        ("view", staff.pk, "month"),
        ("csv", staff.pk, "month"),
    ]


async def test_only_staff_and_admins_of_that_community_may_look(f, sessions, school):
    c, _, people = await school(2)
    leader = await f.member(c, "Lee", role="LEADER")
    other = await f.community("Roosevelt Middle")
    outsider = await f.member(other, "Otto", role="STAFF")
    await roll_up(sessions, c)
    assert (await f.gql(INSIGHTS, {"c": c.id, **this_year()}, c.admin)).get("data", {}).get("communityInsights")
    for who in (people[0], leader, outsider):
        body = await f.gql(INSIGHTS, {"c": c.id, **this_year()}, who)
        assert body["errors"] and not (body.get("data") or {}).get("communityInsights"), who.name
        assert (await f.gql(CSV, {"c": c.id, **this_year()}, who))["errors"]
        refused = await f.gql(REFRESH, {"i": {"communityId": c.id}}, who)
        assert refused["data"]["refreshCommunityInsights"]["errors"]
    assert (await f.gql(INSIGHTS, {"c": c.id, **this_year()}))["errors"]  # signed out
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(InsightRelease)) == 1  # the admin's


async def test_a_range_the_wrong_way_round_or_too_long_is_refused_at_its_field(f, sessions, school):
    c, staff, _ = await school(1)
    today = date.today()
    backwards = await f.gql(INSIGHTS, {"c": c.id, "from": today.isoformat(), "to": "2020-01-01"}, staff)
    assert backwards["errors"][0]["extensions"]["code"] == "INVALID"
    assert "before its start" in backwards["errors"][0]["message"]
    long = await f.gql(INSIGHTS, {"c": c.id, "from": "2020-01-01", "to": today.isoformat()}, staff)
    assert "at most 36 months" in long["errors"][0]["message"]
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(InsightRelease)) == 0  # nothing was released


async def test_nothing_in_the_answer_or_the_csv_names_a_family(f, sessions, school):
    c, staff, people = await school()
    await helped(sessions, c.id, [(people[i], people[(i + 1) % 12]) for i in range(12)])
    await roll_up(sessions, c)
    body = await f.gql(INSIGHTS, {"c": c.id, **this_year(), "g": "QUARTER"}, staff)
    csv = (await f.ok(CSV, {"c": c.id, **this_year()}, staff))["communityInsightsCsv"]
    assert csv.splitlines()[0] == "period_start,period_end,metric,breakdown,value,shown,title"
    assert any(",ties.pairs,," in line for line in csv.splitlines())
    text = str(body) + csv
    for p in people:
        for secret in (p.name, p.email, p.id, str(p.pk)):
            assert secret not in text
    async with sessions() as s:
        stored = str((await s.scalars(select(InsightPeriod.figures))).all())
    assert all(str(p.pk) not in stored and p.name not in stored for p in people)


async def test_a_refresh_runs_the_roll_up_once_per_ten_minutes(f, sessions, runner, school):
    c, staff, _ = await school()
    first = await f.ok(REFRESH, {"i": {"communityId": c.id}}, staff)
    assert first["refreshCommunityInsights"]["refreshAvailableAt"]
    await runner.run()  # the outbox event, then its follow-up: the roll-up
    data = (await f.ok(INSIGHTS, {"c": c.id, **this_year()}, staff))["communityInsights"]
    assert data["computedAt"] and data["refreshAvailableAt"]
    assert latest(data)[("families.members", None)]["value"] == 12
    # Whoever asked is told the figures are ready (once), and the notification opens the dashboard.
    async with sessions() as s:
        told = (await s.scalars(select(Notification.recipient_id).where(Notification.kind == "insights_ready"))).all()
    assert told == [staff.pk]
    again = await f.gql(REFRESH, {"i": {"communityId": c.id}}, staff)
    [error] = again["data"]["refreshCommunityInsights"]["errors"]
    assert error["code"] == "RATE_LIMITED" and 0 < error["retryAfter"] <= 600
    other_staff = await f.member(c, "Sam", role="STAFF")
    assert (await f.gql(REFRESH, {"i": {"communityId": c.id}}, other_staff))["data"]["refreshCommunityInsights"][
        "errors"
    ][0]["code"] == "RATE_LIMITED"  # per community, whoever asks


async def test_two_ranges_show_the_same_figures_for_the_months_they_share(f, sessions, school):
    c, staff, people = await school()
    await helped(sessions, c.id, [(people[0], people[1])])
    await roll_up(sessions, c)
    today = date.today()
    wide = (await f.ok(INSIGHTS, {"c": c.id, **this_year()}, staff))["communityInsights"]["periods"]
    narrow = (
        await f.ok(INSIGHTS, {"c": c.id, "from": today.replace(day=1).isoformat(), "to": today.isoformat()}, staff)
    )["communityInsights"]["periods"]
    assert len(narrow) == 1 and narrow[0] == next(p for p in wide if p["start"] == narrow[0]["start"])


async def test_the_log_is_in_the_staff_members_export_and_outlives_their_account(f, sessions, school):
    c, staff, _ = await school(1)
    await roll_up(sessions, c)
    await f.ok(INSIGHTS, {"c": c.id, **this_year()}, staff)
    export = (await f.ok("mutation { exportMyData { data errors { code } } }", user=staff))["exportMyData"]["data"]
    [release] = export["insightsReleases"]
    assert release["kind"] == "view" and release["communityId"] == str(parse_global_id(c.id)[1])
    await f.ok(
        "mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { ok errors { field code } } }",
        {"i": {"password": PASSWORD}},
        staff,
    )
    async with sessions() as s:
        [row] = (await s.scalars(select(InsightRelease))).all()
    assert row.account_id is None and row.kind == "view"


async def test_an_id_that_is_not_a_community_is_refused_at_its_field_and_changes_nothing(f, sessions, school):
    _, staff, people = await school(1)
    for bad in ("not-an-id", people[0].id):  # garbage, and a caregiver's id
        refused = await f.gql(REFRESH, {"i": {"communityId": bad}}, staff)
        [error] = refused["data"]["refreshCommunityInsights"]["errors"]
        assert (
            error["field"] == ["input", "communityId"]
            and refused["data"]["refreshCommunityInsights"]["refreshAvailableAt"] is None
        )
        read = await f.gql(INSIGHTS, {"c": bad, **this_year()}, staff)
        assert read["errors"] and read["errors"][0]["extensions"]["code"] in ("INVALID_ID", "NOT_FOUND")
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(InsightRelease)) == 0
        assert await s.scalar(select(func.count()).select_from(InsightRun)) == 0
