"""Who may see, make, change and answer events, and bad input: each refusal is a clear error that
changes nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from api.events.models import Event, OccurrenceChange, Rsvp
from tests.events.support import (
    CANCEL,
    CREATE,
    EVENT,
    MOVE,
    UPDATE,
    create,
    event_input,
    iso,
    local,
    occurrences,
    rsvp,
    world,
)

BLOCK = "mutation($i: BlockInput!) { block(input: $i) { errors { code } } }"


async def count(sessions, model) -> int:
    async with sessions() as s:
        return await s.scalar(select(func.count()).select_from(model))


async def test_leaders_and_staff_make_community_events_and_nobody_else(f, sessions):
    w = await world(f)
    other = await f.community("Other School")
    stranger = await f.member(other, "Sam")
    pending = await f.member(w.community, "Pat", verify=False)
    assert (await create(f, w))["viewerCanManage"] is True
    assert (await create(f, w, user=w.community.admin))["title"] == "Family picnic"
    for who, code in ((w.ana, "FORBIDDEN"), (pending, "NOT_VERIFIED"), (stranger, "NOT_FOUND")):
        body = await f.gql(CREATE, {"i": event_input(w)}, who)
        assert [e["code"] for e in body["data"]["createEvent"]["errors"]] == [code], who.name
    body = await f.gql(CREATE, {"i": event_input(w)})
    assert [e["code"] for e in body["data"]["createEvent"]["errors"]] == ["UNAUTHENTICATED"]
    assert await count(sessions, Event) == 2


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"title": ""}, "title", "REQUIRED"),
        ({"title": "   "}, "title", "REQUIRED"),
        ({"title": "T" * 121}, "title", "TOO_LONG"),
        ({"title": "Picnic\x00"}, "title", "INVALID_CHARACTERS"),
        ({"description": "d" * 4001}, "description", "TOO_LONG"),
        ({"placeName": None}, "placeName", "REQUIRED"),
        ({"virtualLink": "javascript:alert(1)"}, "virtualLink", "INVALID_LINK"),
        ({"postalCode": "ABCDE"}, "postalCode", "UNKNOWN_POSTAL_CODE"),
        ({"capacity": 0}, "capacity", "OUT_OF_RANGE"),
        ({"capacity": -3}, "capacity", "OUT_OF_RANGE"),
        ({"start": local(days=-2)}, "startsAt", "IN_THE_PAST"),
        ({"start": local(days=400)}, "startsAt", "OUT_OF_RANGE"),
        ({"recurrence": {"frequency": "WEEKLY"}}, "recurrence.until", "REQUIRED"),
        ({"recurrence": {"frequency": "WEEKLY", "until": "2029-12-31"}}, "recurrence.until", "OUT_OF_RANGE"),
        ({"recurrence": {"frequency": "MONTHLY", "until": "2020-01-01"}}, "recurrence.until", "INVALID"),
        (
            {"recurrence": {"frequency": "WEEKLY", "interval": 0, "until": iso(local(30))[:10]}},
            "recurrence.interval",
            "OUT_OF_RANGE",
        ),
    ],
)
async def test_bad_event_input_is_a_clear_error_and_changes_nothing(f, sessions, change, field, code):
    w = await world(f)
    body = await f.gql(CREATE, {"i": event_input(w, **change)}, w.leader)
    errors = body["data"]["createEvent"]["errors"]
    assert {"field": ["input", *field.split(".")], "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in errors
    ], errors
    assert all(e["message"] for e in errors)
    assert await count(sessions, Event) == 0


async def test_an_end_before_the_start_or_days_later_is_refused(f, sessions):
    w = await world(f)
    start = local()
    for end, code in ((start - timedelta(hours=1), "INVALID"), (start + timedelta(days=4), "OUT_OF_RANGE")):
        body = await f.gql(CREATE, {"i": {**event_input(w), "endsAt": iso(end)}}, w.leader)
        assert [(e["field"], e["code"]) for e in body["data"]["createEvent"]["errors"]] == [(["input", "endsAt"], code)]
    assert await count(sessions, Event) == 0


async def test_only_verified_members_of_the_community_see_an_event(f):
    w = await world(f)
    other = await f.community("Other School")
    stranger = await f.member(other, "Sam")
    pending = await f.member(w.community, "Pat", verify=False)
    e = await create(f, w, virtualLink="https://meet.example.org/picnic")
    seen = (await f.ok(EVENT, {"id": e["id"]}, w.ana))["event"]
    assert seen["virtualLink"] == "https://meet.example.org/picnic" and seen["viewerCanManage"] is False
    for who in (stranger, pending):
        body = await f.gql(EVENT, {"id": e["id"]}, who)
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND", who.name
        node = await f.gql("query($id: ID!) { node(id: $id) { id } }", {"id": e["id"]}, who)
        assert node["data"] == {"node": None}
        body = await f.gql("query($c: ID!) { events(communityId: $c) { date } }", {"c": w.community.id}, who)
        assert body["data"] is None, body
    anon = await f.gql(EVENT, {"id": e["id"]})
    assert anon["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_someone_blocked_by_the_organiser_cannot_rsvp_nor_see_the_link(f, sessions):
    w = await world(f)
    e = await create(f, w, virtualLink="https://meet.example.org/picnic")
    await f.ok(BLOCK, {"i": {"caregiverId": w.ana.id}}, w.leader)
    seen = (await f.ok(EVENT, {"id": e["id"]}, w.ana))["event"]
    assert seen["virtualLink"] is None and seen["viewerCanRsvp"] is False
    organiser = await f.ok("query($id: ID!) { event(id: $id) { organiser { id } } }", {"id": e["id"]}, w.ana)
    assert organiser["event"]["organiser"] is None
    ics = (await f.ok("query($id: ID!) { event(id: $id) { ics } }", {"id": e["id"]}, w.ana))["event"]["ics"]
    assert "meet.example.org" not in ics
    r = await rsvp(f, w.ana, e["id"])
    assert r["rsvp"] is None and [x["code"] for x in r["errors"]] == ["FORBIDDEN"]
    assert await count(sessions, Rsvp) == 0


async def test_only_organisers_change_cancel_or_move_an_event(f, sessions):
    w = await world(f)
    other_leader = await f.member(w.community, "Olga", role="LEADER")
    e = await create(f, w, recurrence={"frequency": "WEEKLY", "until": iso(local(20))[:10]})
    first = iso(local())[:10]
    for who in (w.ana, other_leader):
        for doc, name, i in (
            (UPDATE, "updateEvent", {"eventId": e["id"], "title": "Mine now"}),
            (CANCEL, "cancelEvent", {"eventId": e["id"]}),
            (MOVE, "moveOccurrence", {"eventId": e["id"], "occurrence": first, "startsAt": iso(local(4))}),
        ):
            body = await f.gql(doc, {"i": i}, who)
            assert [x["code"] for x in body["data"][name]["errors"]] == ["FORBIDDEN"], (who.name, name)
    assert (await f.ok(EVENT, {"id": e["id"]}, w.ana))["event"]["title"] == "Family picnic"
    assert await count(sessions, OccurrenceChange) == 0
    # The organiser who made it, and the community's staff, may.
    await f.ok(UPDATE, {"i": {"eventId": e["id"], "title": "Autumn picnic"}}, w.leader)
    await f.ok(CANCEL, {"i": {"eventId": e["id"], "occurrence": first}}, w.community.admin)
    occ = await occurrences(f, w.ana, e["id"])
    assert occ[0]["cancelled"] is True and occ[1]["cancelled"] is False


async def test_rsvp_refusals_change_nothing(f, sessions):
    w = await world(f)
    e = await create(f, w, capacity=4, recurrence={"frequency": "WEEKLY", "until": iso(local(20))[:10]})
    first, second = iso(local())[:10], iso(local(10))[:10]
    await f.ok(CANCEL, {"i": {"eventId": e["id"], "occurrence": first}}, w.leader)
    cases = [
        ({"occurrence": first}, "OCCURRENCE_CANCELLED"),
        ({"occurrence": iso(local(1))[:10]}, "NO_SUCH_OCCURRENCE"),
        ({"occurrence": second, "adults": 0, "children": 0}, "REQUIRED"),
        ({"occurrence": second, "adults": 3, "children": 2}, "PARTY_TOO_BIG"),
        ({"occurrence": second, "adults": 50}, "OUT_OF_RANGE"),
        ({"occurrence": second, "guestName": "The Ortiz family"}, "FORBIDDEN"),
        ({"occurrence": second, "caregiverId": w.ben.id}, "FORBIDDEN"),
    ]
    for extra, code in cases:
        r = await rsvp(f, w.ana, e["id"], **extra)
        assert [x["code"] for x in r["errors"]] == [code], extra
    await f.ok(CANCEL, {"i": {"eventId": e["id"]}}, w.leader)
    r = await rsvp(f, w.ana, e["id"], occurrence=second)
    assert [x["code"] for x in r["errors"]] == ["EVENT_CANCELLED"]
    body = await f.gql(CANCEL, {"i": {"eventId": e["id"]}}, w.leader)
    assert [x["code"] for x in body["data"]["cancelEvent"]["errors"]] == ["EVENT_CANCELLED"]
    assert await count(sessions, Rsvp) == 0


async def test_a_leader_answers_for_a_family_without_the_app_and_for_a_member(f):
    w = await world(f)
    e = await create(f, w, capacity=10)
    day = iso(local())[:10]
    guest = await rsvp(f, w.leader, e["id"], occurrence=day, guestName="The Ortiz family", adults=2, children=3)
    assert guest["rsvp"]["onBehalf"] is True and guest["rsvp"]["guestName"] == "The Ortiz family"
    assert guest["rsvp"]["status"] == "GOING"
    # The same family changes its answer through the leader, by the RSVP's id.
    changed = await rsvp(f, w.leader, e["id"], occurrence=day, rsvpId=guest["rsvp"]["id"], adults=1, children=1)
    assert changed["rsvp"]["id"] == guest["rsvp"]["id"] and changed["rsvp"]["children"] == 1
    member = await rsvp(f, w.leader, e["id"], occurrence=day, caregiverId=w.ana.id, adults=1)
    assert member["rsvp"]["onBehalf"] is True
    mine = (await occurrences(f, w.ana, e["id"]))[0]
    assert mine["viewerRsvp"] == {"status": "GOING", "waitlistPosition": None} and mine["goingCount"] == 3
    listed = await f.ok(
        "query($id: ID!, $d: Date) { event(id: $id) { rsvps(occurrence: $d) { guestName onBehalf"
        " caregiver { displayName } adults children } } }",
        {"id": e["id"], "d": day},
        w.leader,
    )
    assert sorted((r["guestName"] or r["caregiver"]["displayName"]) for r in listed["event"]["rsvps"]) == [
        "Ana",
        "The Ortiz family",
    ]
    body = await f.gql("query($id: ID!) { event(id: $id) { rsvps { adults } } }", {"id": e["id"]}, w.ben)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_group_events_are_for_the_group(f, sessions):
    w = await world(f)
    group = await f.ok(
        "mutation($i: CreateGroupInput!) { createGroup(input: $i) { group { id } errors { code } } }",
        {"i": {"communityId": w.community.id, "name": "Grade 3 families"}},
        w.leader,
    )
    gid = group["createGroup"]["group"]["id"]
    await f.ok(
        "mutation($i: JoinGroupInput!) { joinGroup(input: $i) { errors { code } } }", {"i": {"groupId": gid}}, w.ana
    )
    e = await create(f, w, groupId=gid, communityId=None)
    assert (await f.ok(EVENT, {"id": e["id"]}, w.ana))["event"]["title"] == "Family picnic"
    body = await f.gql(EVENT, {"id": e["id"]}, w.ben)  # in the community, not in the group
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    r = await rsvp(f, w.ben, e["id"])
    assert [x["code"] for x in r["errors"]] == ["NOT_FOUND"]
    listed = await f.ok("query($c: ID!) { events(communityId: $c) { event { id } } }", {"c": w.community.id}, w.ben)
    assert listed["events"] == []
    listed = await f.ok("query($c: ID!) { events(communityId: $c) { event { id } } }", {"c": w.community.id}, w.ana)
    assert [o["event"]["id"] for o in listed["events"]] == [e["id"]]
    # A member who is not a leader of the group cannot make its events; staff of the school are not its leaders.
    for who in (w.ana, w.community.admin):
        body = await f.gql(CREATE, {"i": event_input(w, groupId=gid, communityId=None)}, who)
        assert body["data"]["createEvent"]["errors"][0]["code"] in ("NOT_GROUP_LEADER", "NOT_GROUP_MEMBER", "NOT_FOUND")
    assert await count(sessions, Event) == 1


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"title": ""}, "title", "REQUIRED"),
        ({"capacity": 0}, "capacity", "OUT_OF_RANGE"),
        ({"until": "2031-01-01"}, "until", "OUT_OF_RANGE"),
        ({"placeName": ""}, "placeName", "REQUIRED"),
        ({"virtualLink": "http://insecure.example.org"}, "virtualLink", "INVALID_LINK"),
        ({"endsAt": "2020-01-01T10:00:00"}, "endsAt", "INVALID"),
    ],
)
async def test_bad_changes_to_an_event_change_nothing(f, change, field, code):
    w = await world(f)
    e = await create(f, w, capacity=5, recurrence={"frequency": "WEEKLY", "until": iso(local(20))[:10]})
    body = await f.gql(UPDATE, {"i": {"eventId": e["id"], **change}}, w.leader)
    errors = body["data"]["updateEvent"]["errors"]
    assert [(x["field"], x["code"]) for x in errors] == [(["input", *field.split(".")], code)], errors
    assert (await f.ok(EVENT, {"id": e["id"]}, w.leader))["event"] == e


async def test_times_at_the_edges_of_the_calendar_are_clear_errors(f, sessions):
    w = await world(f)
    far = "9999-12-31T23:59:00"
    body = await f.gql(CREATE, {"i": {**event_input(w), "startsAt": far, "endsAt": far}}, w.leader)
    assert [x["code"] for x in body["data"]["createEvent"]["errors"]] == ["OUT_OF_RANGE"]
    e = await create(f, w)
    for doc, name, i in (
        (MOVE, "moveOccurrence", {"eventId": e["id"], "occurrence": iso(local())[:10], "startsAt": far}),
        (UPDATE, "updateEvent", {"eventId": e["id"], "startsAt": far}),
    ):
        body = await f.gql(doc, {"i": i}, w.leader)
        assert [x["code"] for x in body["data"][name]["errors"]] == ["OUT_OF_RANGE"], name
    body = await f.gql(
        'query($c: ID!) { events(communityId: $c, from: "0001-01-01T00:00:00+00:00") { date } }',
        {"c": w.community.id},
        w.ana,
    )
    assert body["errors"][0]["extensions"]["code"] == "OUT_OF_RANGE"
    assert await count(sessions, OccurrenceChange) == 0
