"""The request path stays fast: documents are parsed and validated once, each request checks out
one connection and leaves none in a transaction, a busy pool answers 503 UNAVAILABLE as GraphQL,
and every screen's operation runs a fixed number of SQL statements however long its lists grow."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from strawberry.extensions.validation_cache import _get_validate_cache

from api.config import to_asyncpg_url
from api.db import HotRead, make_engine
from schema.schema import VillageSchema
from tests.support.operations import operation
from village.app import create_app


@dataclass
class Counts:
    statements: list[str] = field(default_factory=list)
    checkouts: int = 0


@contextmanager
def counting(app) -> Iterator[Counts]:
    """SQL statements and pool checkouts of the app's engine while the block runs."""
    engine = app.state.engine.sync_engine
    counts = Counts()

    def on_statement(conn, cursor, statement, *args) -> None:
        counts.statements.append(statement)

    def on_checkout(*args) -> None:
        counts.checkouts += 1

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine.pool, "checkout", on_checkout)

    def on_hot_read(statement: str, _connection) -> None:  # statements sent to asyncpg directly
        counts.statements.append(statement)

    HotRead.observers.append(on_hot_read)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine.pool, "checkout", on_checkout)
        HotRead.observers.remove(on_hot_read)


async def test_the_first_request_is_validated_through_the_cache_and_the_next_not_at_all(f):
    ana = await f.user("Ana")
    doc = operation("UnreadCount") + "\n# " + "first-time"  # a text this process has not seen
    before = _get_validate_cache(512).cache_info()
    first = await f.ok(doc, user=ana)
    after_first = _get_validate_cache(512).cache_info()
    assert after_first.misses == before.misses + 1  # validated once, and the answer kept
    refuse = mock.patch.object(VillageSchema, "_prepare_operation_async", side_effect=AssertionError("prepared again"))
    with refuse:
        second = await f.ok(doc, user=ana)  # schema/prepared.py: neither parsed nor validated
    assert _get_validate_cache(512).cache_info() == after_first
    assert second == first


async def test_a_request_checks_out_one_connection_and_returns_it(f, app):
    c = await f.community()
    ana = await f.member(c, "Ana")
    with counting(app) as counts:
        await f.ok(operation("HomeOverview"), user=ana)
    assert counts.checkouts == 1
    post = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id title } errors { code } } }"
    with counting(app) as counts:
        await f.ok(
            post,
            {"i": {"communityId": c.id, "category": "tutoring.math", "title": "Fractions", "mode": "VIRTUAL"}},
            ana,
        )
    assert counts.checkouts == 1  # the commit and the payload's reads share it
    assert app.state.engine.sync_engine.pool.checkedout() == 0  # nothing held, nothing idle in transaction


async def test_a_transaction_left_idle_is_ended_by_the_server_not_held_for_ever(database_url):
    # A request or job cut off mid-transaction (a socket closed during a subscription's read) must not
    # keep its locks until the process stops: the API's and the worker's engines (IDLE_TRANSACTION_
    # TIMEOUT_S) have PostgreSQL end such a session. Here with half a second instead of a minute.
    engine = make_engine(to_asyncpg_url(database_url), idle_transaction_timeout_s=0.5)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("select 1"))  # a transaction begins, then nothing
            await asyncio.sleep(1.5)
            with pytest.raises(DBAPIError):
                await conn.execute(text("select 1"))
    finally:
        await engine.dispose()


async def test_reads_run_outside_transactions_and_a_mutation_inside_one(f, app):
    """Nothing can be left "idle in transaction" while Python builds an answer: a query's
    statements run in autocommit mode; a mutation's writes commit or roll back as a whole."""
    c = await f.community()
    ana = await f.member(c, "Ana")
    engine = app.state.engine.sync_engine
    seen: list[tuple[str, bool]] = []

    def on_statement(conn, cursor, statement, *args) -> None:
        seen.append((statement.split()[0], conn.connection.driver_connection.is_in_transaction()))

    def on_hot_read(statement: str, connection) -> None:
        seen.append((statement.split()[0], connection.is_in_transaction()))

    event.listen(engine, "before_cursor_execute", on_statement)
    HotRead.observers.append(on_hot_read)
    try:
        await f.ok(operation("HomeOverview"), user=ana)
        reads, seen[:] = list(seen), []
        post = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { code } } }"
        await f.ok(
            post,
            {"i": {"communityId": c.id, "category": "tutoring.math", "title": "Fractions", "mode": "VIRTUAL"}},
            ana,
        )
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        HotRead.observers.remove(on_hot_read)
    assert reads and not any(in_tx for _, in_tx in reads), reads
    writes = [in_tx for verb, in_tx in seen if verb in ("INSERT", "UPDATE", "DELETE")]
    assert writes and all(writes), seen


async def test_an_exhausted_pool_answers_503_unavailable_in_graphql_shape(settings):
    tiny = dataclasses.replace(settings, db_pool_size=1, db_max_overflow=0, db_pool_timeout=0.2)
    app = create_app(tiny)
    async with AsyncTestClient(app) as client:
        async with app.state.engine.connect():  # the only connection, busy
            r = await client.post("/graphql", json={"query": "{ viewer { id } }"})
        assert r.status_code == 503 and r.headers["retry-after"] == "2"
        assert r.json() == {
            "errors": [
                {
                    "message": "Village is busy or briefly unavailable. Please try again in a moment.",
                    "extensions": {"code": "UNAVAILABLE"},
                }
            ]
        }
        r = await client.post("/graphql", json={"query": "{ viewer { id } }"})  # free again
        assert r.status_code == 200 and r.json() == {"data": {"viewer": None}}


# --- SQL statements per screen ----------------------------------------------------------------------

NEED = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { code } } }"
STRENGTH = "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { code } } }"


async def _helper_with_suggestions(f, runner, families: int):
    """Ana offers maths; `families` families each ask for maths: Ana gets that many suggestions,
    and a notification about each (from a different person)."""
    c = await f.community()
    ana = await f.member(c, "Ana")
    await f.ok(STRENGTH, {"i": {"category": "tutoring.math", "title": "Math tutoring", "modes": ["VIRTUAL"]}}, ana)
    for i in range(families):
        family = await f.member(c, f"Family {i}")
        await f.ok(
            NEED,
            {"i": {"communityId": c.id, "category": "tutoring.math", "title": f"Fractions {i}", "mode": "VIRTUAL"}},
            family,
        )
    await runner.run()
    return c, ana


async def _statements(f, app, user, name: str, variables: dict | None = None) -> list[str]:
    with counting(app) as counts:
        data = await f.ok(operation(name), variables, user)
    return counts.statements, data


@pytest.mark.parametrize(("name", "limit"), [("UnreadCount", 2), ("HomeOverview", 5)])
async def test_a_screen_runs_a_fixed_number_of_statements_however_long_its_lists(f, app, runner, name, limit):
    _, few = await _helper_with_suggestions(f, runner, 1)
    small, data = await _statements(f, app, few, name)
    _, many = await _helper_with_suggestions(f, runner, 5)  # sign-ups: 10 an hour
    large, data = await _statements(f, app, many, name)
    if name == "HomeOverview":
        assert len(data["suggestedMatches"]) == 5 and len(data["notifications"]["edges"]) == 3
    assert len(large) == len(small), "\n\n".join(large)
    assert len(large) <= limit, "\n\n".join(large)


async def test_the_needs_list_runs_three_statements_however_many_needs(f, app):
    c = await f.community()
    ana = await f.member(c, "Ana")
    posters = [await f.member(c, f"Family {i}") for i in range(4)]
    counts = []
    for poster in posters:
        await f.ok(
            NEED,
            {"i": {"communityId": c.id, "category": "tutoring.math", "title": "Fractions", "mode": "VIRTUAL"}},
            poster,
        )
        statements, data = await _statements(f, app, ana, "SkillsNeeds", {"communityId": c.id, "first": 20})
        counts.append(len(statements))
    assert len(data["needs"]["edges"]) == 4
    assert counts == [counts[0]] * 4 and counts[0] <= 3, counts  # auth, membership, the page with requesters


async def test_the_onboarding_offers_step_runs_a_fixed_number_of_statements_however_many_strengths(f, app):
    c = await f.community()
    ana = await f.member(c, "Ana", strengths=["Cooking", "Sewing"], passions=["Salsa"])
    counts = []
    for title in ("Cooking", "Sewing", "Salsa"):
        await f.ok(STRENGTH, {"i": {"category": "cooking", "title": title}}, ana)
        statements, data = await _statements(f, app, ana, "OnboardingOffers")
        counts.append(len(statements))
    assert len(data["myStrengths"]) == 3 and data["en"] and data["es"]
    # auth, viewer, my strengths, the taxonomy once per language
    assert counts == [counts[0]] * 3 and counts[0] <= 5, counts


# --- the group and event screens -------------------------------------------------------------------

GROUP = "mutation($i: CreateGroupInput!) { createGroup(input: $i) { group { id } errors { code } } }"
JOIN_GROUP = "mutation($i: JoinGroupInput!) { joinGroup(input: $i) { membership { id } errors { code } } }"
GROUP_POST = "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } errors { code } } }"
GROUP_COMMENT = "mutation($i: CommentInput!) { comment(input: $i) { comment { id } errors { code } } }"
EVENT = "mutation($i: CreateEventInput!) { createEvent(input: $i) { event { id } errors { code message } } }"
RSVP = "mutation($i: RsvpInput!) { rsvp(input: $i) { rsvp { id } errors { code message } } }"


async def _a_busy_group(f, c, leo, people: list, name: str) -> str:
    """A group of `people` (the first of them Ana, who looks at it): a post by each with comments,
    and a weekly event for each that they all go to."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    gid = (await f.ok(GROUP, {"i": {"communityId": c.id, "name": name}}, leo))["createGroup"]["group"]["id"]
    start = (datetime.now(ZoneInfo("America/Chicago")) + timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0, tzinfo=None
    )
    until = (start + timedelta(days=21)).date().isoformat()
    for who in people:
        await f.ok(JOIN_GROUP, {"i": {"groupId": gid}}, who)
    for i, who in enumerate(people):
        post = (await f.ok(GROUP_POST, {"i": {"groupId": gid, "body": f"News {i}"}}, who))["createPost"]["post"]["id"]
        for other in people:
            await f.ok(GROUP_COMMENT, {"i": {"postId": post, "body": "Thanks!"}}, other)
        times = {
            "startsAt": (start + timedelta(hours=i)).isoformat(),
            "endsAt": (start + timedelta(hours=i, minutes=45)).isoformat(),
        }
        event = (
            await f.ok(
                EVENT,
                {
                    "i": {
                        "groupId": gid,
                        "title": f"Playdate {i}",
                        "placeName": "Lincoln Park",
                        **times,
                        "recurrence": {"frequency": "WEEKLY", "interval": 1, "until": until},
                    }
                },
                leo,
            )
        )["createEvent"]["event"]["id"]
        for who_goes in people:
            await f.ok(RSVP, {"i": {"eventId": event, "going": True}}, who_goes)
    return gid


@pytest.mark.parametrize(
    ("name", "variables", "limit"),
    [
        ("GroupsList", lambda c, g: {"communityId": c.id}, 5),
        ("GroupsGroup", lambda c, g: {"id": g}, 7),
        ("GroupsPosts", lambda c, g: {"id": g, "first": 20}, 10),
        ("GroupsMembers", lambda c, g: {"id": g, "state": "MEMBER", "first": 20}, 8),
        ("GroupsNews", lambda c, g: {"first": 5}, 5),
        ("EventsUpcoming", lambda c, g: {"communityId": c.id, "groupId": g}, 10),
        ("EventsMine", lambda c, g: {}, 8),
        ("EventsHome", lambda c, g: {}, 7),
    ],
)
async def test_group_and_event_screens_run_a_fixed_number_of_statements(f, app, name, variables, limit):
    """Two families or four, two posts or four (each with comments), two events or four: the same
    statements. The limits are today's counts: a screen that needs more says so here."""
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    people = [await f.member(c, "Ana")] + [await f.member(c, f"Family {i}") for i in range(3)]
    counts = []
    for size in (2, 4):
        gid = await _a_busy_group(f, c, leo, people[:size], f"Group of {size}")
        statements, _data = await _statements(f, app, people[0], name, variables(c, gid))
        counts.append(statements)
    assert len(counts[1]) == len(counts[0]), "\n\n".join(counts[1])
    assert len(counts[1]) <= limit, "\n\n".join(counts[1])


async def test_the_group_reports_screen_runs_the_same_statements_for_one_report_or_three(f, app):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    ana = await f.member(c, "Ana")
    gid = (await f.ok(GROUP, {"i": {"communityId": c.id, "name": "Grade 3 families"}}, leo))["createGroup"]["group"][
        "id"
    ]
    await f.ok(JOIN_GROUP, {"i": {"groupId": gid}}, ana)
    report = "mutation($i: ReportInput!) { report(input: $i) { reportId errors { code } } }"
    counts = []
    for i in range(3):
        post = (await f.ok(GROUP_POST, {"i": {"groupId": gid, "body": f"Sale {i}"}}, leo))["createPost"]["post"]["id"]
        await f.ok(report, {"i": {"communityId": c.id, "subjectId": post, "reason": "SPAM"}}, ana)
        statements, data = await _statements(f, app, leo, "GroupsReports", {"id": gid})
        counts.append(len(statements))
    assert len(data["group"]["reports"]) == 3
    assert counts == [counts[0]] * 3 and counts[0] <= 8, counts


# --- the message screens ---------------------------------------------------------------------------

START_CONVERSATION = (
    "mutation($i: StartConversationInput!) { startConversation(input: $i) { conversation { id } errors { code } } }"
)
SEND_MESSAGE = "mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } errors { code } } }"


@pytest.mark.parametrize(
    ("name", "variables", "limit"),
    [
        ("MessagesConversations", lambda cid: {"first": 20, "requests": False}, 9),
        ("MessagesConversation", lambda cid: {"id": cid, "first": 30}, 13),
        ("MessagesCounts", lambda cid: {}, 3),
    ],
)
async def test_the_message_screens_run_a_fixed_number_of_statements(f, app, name, variables, limit):
    """Two conversations or four, with two people or four each, and more messages: the same
    statements. The limits are today's counts: a screen that needs more says so here."""
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    ana = await f.member(c, "Ana")
    people = [await f.member(c, f"Family {i}") for i in range(4)]
    gid = (await f.ok(GROUP, {"i": {"communityId": c.id, "name": "Grade 3 families"}}, leo))["createGroup"]["group"][
        "id"
    ]
    for who in (ana, *people):
        await f.ok(JOIN_GROUP, {"i": {"groupId": gid}}, who)
    counts = []
    for size in (2, 4):
        for i in range(size):
            others = people[: 1 + i % size]
            cid = (
                await f.ok(
                    START_CONVERSATION,
                    {"i": {"communityId": c.id, "caregiverIds": [p.id for p in others], "body": f"Hello {size}.{i}"}},
                    ana,
                )
            )["startConversation"]["conversation"]["id"]
            for other in others:
                await f.ok(SEND_MESSAGE, {"i": {"conversationId": cid, "body": "Hi back"}}, other)
        statements, _data = await _statements(f, app, ana, name, variables(cid))
        counts.append(statements)
    assert len(counts[1]) == len(counts[0]), "\n\n".join(counts[1])
    assert len(counts[1]) <= limit, "\n\n".join(counts[1])


async def test_the_matching_words_screen_runs_a_fixed_number_of_statements_however_many_words(f, app):
    c = await f.community()
    staff = await f.member(c, "Liaison", role="STAFF")
    add = "mutation($i: AddMatchingTermInput!) { addMatchingTerm(input: $i) { errors { code } } }"
    counts = []
    for words in (("APM",), ("planas", "huerto de Lincoln", "la tiendita")):
        for w in words:
            await f.ok(add, {"i": {"communityId": c.id, "concept": "school_words", "language": "es", "term": w}}, staff)
        statements, data = await _statements(f, app, staff, "StaffMatchingConcepts", {"communityId": c.id, "first": 50})
        assert data["matchingConcepts"][0]["key"] == "school_words"
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 3, counts


async def test_the_insights_screen_runs_a_fixed_number_of_statements_however_many_periods(f, app, sessions):
    from datetime import date, timedelta

    from api.db import session_scope
    from api.ids import parse_global_id
    from api.insights import service as insights

    c = await f.community()
    staff = await f.member(c, "Rosa", role="STAFF")
    async with session_scope(sessions) as db:
        await insights.roll_up(db, parse_global_id(c.id)[1])
    today = date.today()
    counts = []
    for months in (1, 12):
        start = (today.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
        variables = {"communityId": c.id, "from": start.isoformat(), "to": today.isoformat(), "granularity": "MONTH"}
        statements, data = await _statements(f, app, staff, "StaffInsights", variables)
        counts.append(len(statements))
    assert data["communityInsights"]["periods"]
    # auth, membership, the periods, the roll-up state, the release log, the category labels
    assert counts[0] == counts[1] <= 8, counts
