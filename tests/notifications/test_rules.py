"""Who is told about what: the match lifecycle's recipients, blocks, preferences, quiet hours,
urgency, and nothing pushed about what was already read."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from api.db import session_scope
from api.ids import parse_global_id, to_global_id
from api.notifications import dispatch, kinds
from api.notifications.models import Notification, PushDelivery
from tests.notifications.support import STRENGTH, deliveries, notifications_of, post_need, register, scene

PREFS = (
    "mutation($i: UpdateNotificationPreferencesInput!) { updateNotificationPreferences(input: $i) {\n"
    "  preferences { kinds { kind inApp push urgent } quietHours { start end } timezone } "
    "errors { field code message } } }"
)
FEED = "{ notifications { unreadCount edges { node { id kind actor { displayName } } } } }"
MATCH = "match { id status } errors { code message }"


def _hhmm(minute: int) -> str:
    minute %= 1440
    return f"{minute // 60:02d}:{minute % 60:02d}"


async def _told(sessions, user) -> list[tuple[str, uuid.UUID | None]]:
    return [(n.kind, n.actor_id) for n in await notifications_of(sessions, user)]


async def test_each_step_of_a_match_tells_the_other_party(f, sessions, runner):
    s = await scene(f)
    luis = await f.member(s.community, "Luis")
    await f.ok(STRENGTH, {"i": {"category": "tutoring.math", "title": "Algebra", "modes": ["VIRTUAL"]}}, luis)
    need = await post_need(f, s, "Fractions")
    await runner.run()
    assert await _told(sessions, s.maria) == [("match_suggested", s.ana.pk)]
    assert await _told(sessions, luis) == [("match_suggested", s.ana.pk)]

    # María offers → Ana; Ana accepts → María; Ana marks it done without thanks → María.
    offer = await f.ok(
        f"mutation($i: OfferHelpInput!) {{ offerHelp(input: $i) {{ {MATCH} }} }}", {"i": {"needId": need}}, s.maria
    )
    match = offer["offerHelp"]["match"]["id"]
    await runner.run()
    await f.ok(
        f"mutation($i: RespondToMatchInput!) {{ respondToMatch(input: $i) {{ {MATCH} }} }}",
        {"i": {"matchId": match, "accept": True}},
        s.ana,
    )
    await runner.run()
    await f.ok(
        f"mutation($i: CompleteMatchInput!) {{ completeMatch(input: $i) {{ {MATCH} }} }}",
        {"i": {"matchId": match}},
        s.ana,
    )
    await runner.run()
    assert await _told(sessions, s.maria) == [
        ("match_suggested", s.ana.pk),
        ("match_accepted", s.ana.pk),
        ("match_completed", s.ana.pk),
    ]
    assert await _told(sessions, s.ana) == [("match_offered", s.maria.pk)]

    # A second need: Ana asks Luis → Luis; Luis accepts → Ana; thanks → Luis. María offers, Ana declines → María.
    need2 = await post_need(f, s, "Long division")
    await runner.run()
    suggested = (await f.ok("{ suggestedMatches { id need { title } } }", user=luis))["suggestedMatches"]
    luis_match = next(m["id"] for m in suggested if m["need"]["title"] == "Long division")
    await f.ok(
        f"mutation($i: RequestHelpInput!) {{ requestHelp(input: $i) {{ {MATCH} }} }}",
        {"i": {"matchId": luis_match}},
        s.ana,
    )
    await runner.run()
    offer2 = await f.ok(
        f"mutation($i: OfferHelpInput!) {{ offerHelp(input: $i) {{ {MATCH} }} }}", {"i": {"needId": need2}}, s.maria
    )
    await runner.run()
    await f.ok(
        f"mutation($i: RespondToMatchInput!) {{ respondToMatch(input: $i) {{ {MATCH} }} }}",
        {"i": {"matchId": offer2["offerHelp"]["match"]["id"], "accept": False}},
        s.ana,
    )
    await runner.run()
    await f.ok(
        f"mutation($i: RespondToMatchInput!) {{ respondToMatch(input: $i) {{ {MATCH} }} }}",
        {"i": {"matchId": luis_match, "accept": True}},
        luis,
    )
    await runner.run()
    await f.ok(
        f"mutation($i: CompleteMatchInput!) {{ completeMatch(input: $i) {{ {MATCH} }} }}",
        {"i": {"matchId": luis_match, "thanks": "¡Gracias!"}},
        s.ana,
    )
    await runner.run()
    assert (await _told(sessions, luis))[-3:] == [
        ("match_suggested", s.ana.pk),
        ("match_requested", s.ana.pk),
        ("thanks_received", s.ana.pk),
    ]
    assert (await _told(sessions, s.ana))[1:] == [("match_offered", s.maria.pk), ("match_accepted", luis.pk)]
    assert (await _told(sessions, s.maria))[-1] == ("match_declined", s.ana.pk)
    feed = (await f.ok(FEED, user=luis))["notifications"]
    assert [e["node"]["kind"] for e in feed["edges"]][:2] == ["THANKS_RECEIVED", "MATCH_REQUESTED"]


# --- blocks ------------------------------------------------------------------------------------------


async def _block(f, who, whom) -> None:
    await f.ok(
        "mutation($i: BlockInput!) { block(input: $i) { errors { code } } }", {"i": {"caregiverId": whom.id}}, who
    )


async def test_nobody_is_told_about_someone_they_blocked_or_who_blocked_them(f, sessions, push, runner):
    s = await scene(f)
    await register(f, s.maria, push)
    need = await post_need(f, s)
    # Matching ran (the suggestion's event waits in the outbox); then María blocks Ana.
    await runner.job("compute_matches_for_need", need_id=str(parse_global_id(need)[1]))
    await _block(f, s.maria, s.ana)
    await runner.run()
    assert await notifications_of(sessions, s.maria) == []
    assert await deliveries(sessions) == []
    assert push.requests == 0


async def test_a_block_hides_earlier_notifications_and_stops_their_pushes(f, sessions, push, runner):
    s = await scene(f)
    await register(f, s.maria, push)
    await post_need(f, s)
    await runner.run(hold=("send_pushes",))
    [n] = await notifications_of(sessions, s.maria)
    gid = to_global_id("Notification", n.id)
    assert (await f.ok(FEED, user=s.maria))["notifications"]["unreadCount"] == 1

    await _block(f, s.ana, s.maria)  # either direction counts

    assert (await f.ok(FEED, user=s.maria))["notifications"] == {"unreadCount": 0, "edges": []}
    assert (await f.ok("query($id: ID!) { node(id: $id) { id } }", {"id": gid}, s.maria))["node"] is None
    await runner.run()
    assert push.requests == 0
    assert [d.status for d in await deliveries(sessions)] == ["skipped"]


# --- read before pushed ------------------------------------------------------------------------------


async def test_nothing_is_pushed_about_a_notification_already_read(f, sessions, push, runner):
    s = await scene(f)
    await register(f, s.maria, push)
    await post_need(f, s)
    await runner.run(hold=("send_pushes",))
    [n] = await notifications_of(sessions, s.maria)
    marked = await f.ok(
        "mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { "
        "marked unreadCount errors { code } } }",
        {"i": {"ids": [to_global_id("Notification", n.id)]}},
        s.maria,
    )
    assert marked["markNotificationsRead"] == {"marked": 1, "unreadCount": 0, "errors": []}
    await runner.run()
    assert push.requests == 0
    assert [d.status for d in await deliveries(sessions)] == ["skipped"]


async def test_read_between_dispatch_and_sending_is_caught_when_sending(f, sessions, push, runner):
    s = await scene(f)
    await register(f, s.maria, push)
    await post_need(f, s)
    await runner.run(hold=("send_pushes",))
    async with session_scope(sessions) as db:  # read on another device, after the job's enqueue
        await db.execute(Notification.__table__.update().values(read_at=datetime.now(UTC)))
    await runner.run()
    assert push.requests == 0
    assert [d.status for d in await deliveries(sessions)] == ["skipped"]


# --- preferences ---------------------------------------------------------------------------------------


async def test_push_off_keeps_the_feed_in_app_off_keeps_the_push_both_off_nothing(f, sessions, push, runner):
    s = await scene(f)
    endpoint = await register(f, s.maria, push)

    async def prefer(in_app: bool, push_on: bool) -> None:
        data = await f.ok(
            PREFS, {"i": {"preferences": [{"kind": "MATCH_SUGGESTED", "inApp": in_app, "push": push_on}]}}, s.maria
        )
        row = next(
            k for k in data["updateNotificationPreferences"]["preferences"]["kinds"] if k["kind"] == "MATCH_SUGGESTED"
        )
        assert (row["inApp"], row["push"], row["urgent"]) == (in_app, push_on, False)

    await prefer(True, False)
    await post_need(f, s, "Fractions")
    await runner.run()
    assert (await f.ok(FEED, user=s.maria))["notifications"]["unreadCount"] == 1
    assert await deliveries(sessions) == [] and push.requests == 0

    await prefer(False, True)
    await post_need(f, s, "Decimals")
    await runner.run()
    feed = (await f.ok(FEED, user=s.maria))["notifications"]
    assert feed["unreadCount"] == 1 and len(feed["edges"]) == 1  # only the first one
    [pushed] = push.inbox(endpoint)
    assert pushed["kind"] == "match_suggested"
    # Not in the feed, but the person it was pushed to can open it.
    assert (
        await f.ok("query($id: ID!) { node(id: $id) { ... on Notification { kind } } }", {"id": pushed["id"]}, s.maria)
    )["node"] == {"kind": "MATCH_SUGGESTED"}

    await prefer(False, False)
    await post_need(f, s, "Percentages")
    await runner.run()
    assert len(await notifications_of(sessions, s.maria)) == 2
    assert push.requests == 1


# --- quiet hours and urgency ------------------------------------------------------------------------------


async def _quiet_now(f, user, tz: str) -> datetime:
    """Quiet hours from an hour ago to two hours from now, in `tz`; returns when they end (UTC)."""
    local = datetime.now(ZoneInfo(tz))
    minute = local.hour * 60 + local.minute
    data = await f.ok(PREFS, {"i": {"quietHours": {"start": _hhmm(minute - 60), "end": _hhmm(minute + 120)}}}, user)
    assert data["updateNotificationPreferences"]["preferences"]["timezone"] == tz
    return (local.replace(second=0, microsecond=0) + timedelta(minutes=120)).astimezone(UTC)


async def test_quiet_hours_hold_a_push_until_they_end(f, sessions, push, runner):
    s = await scene(f, maria_profile={"timezone": "America/Chicago"})
    endpoint = await register(f, s.maria, push)
    end = await _quiet_now(f, s.maria, "America/Chicago")
    await post_need(f, s)
    await runner.run()

    assert push.requests == 0
    [d] = await deliveries(sessions)
    assert (d.status, d.attempts, d.next_attempt_at) == ("pending", 0, end)
    [later] = runner.queue.scheduled("send_pushes")
    assert later.scheduled == int(end.timestamp())
    # The feed has it at once; only the push waits.
    assert (await f.ok(FEED, user=s.maria))["notifications"]["unreadCount"] == 1
    # When the quiet hours are over, the scheduled job sends it.
    await f.ok(PREFS, {"i": {"clearQuietHours": True}}, s.maria)
    async with session_scope(sessions) as db:
        await db.execute(PushDelivery.__table__.update().values(next_attempt_at=datetime.now(UTC)))
    await runner.run(include_scheduled=True)
    assert len(push.received(endpoint)) == 1


async def test_urgent_notifications_are_pushed_during_quiet_hours_with_high_urgency(
    f, sessions, push, runner, monkeypatch
):
    s = await scene(f)
    endpoint = await register(f, s.maria, push)
    await _quiet_now(f, s.maria, "UTC")
    # A kind that is urgent by default (as trip changes will be), and one notification an emitter
    # marks urgent although its kind is not.
    monkeypatch.setitem(
        kinds.registry(),
        "trip_changed",
        kinds.Kind(
            "trip_changed", "Trip", {"en": "Trip changed", "es": "Cambió el viaje"}, {"en": "", "es": ""}, urgent=True
        ),
    )
    plans = [
        dispatch.Plan(s.maria.pk, "trip_changed", s.ana.pk, "Trip", uuid.uuid4()),
        dispatch.Plan(s.maria.pk, "match_accepted", s.ana.pk, "Match", uuid.uuid4(), urgent=True),
        dispatch.Plan(s.maria.pk, "match_offered", s.ana.pk, "Match", uuid.uuid4()),
    ]
    created = []
    for i, plan in enumerate(plans):
        async with session_scope(sessions) as db:
            created += await dispatch.create_notifications(db, event_id=1000 + i, community_id=None, plans=[plan])
    for c in created:
        await runner.job("send_pushes", notification_id=str(c.notification_id))

    sent = push.received(endpoint)
    assert [(json_kind(m), m.headers["Urgency"]) for m in sent] == [
        ("trip_changed", "high"),
        ("match_accepted", "high"),
    ]
    async with sessions() as db:
        waiting = await db.scalar(
            select(PushDelivery).where(PushDelivery.notification_id == created[2].notification_id)
        )
    assert waiting.status == "pending" and waiting.next_attempt_at > datetime.now(UTC) + timedelta(minutes=100)


def json_kind(message) -> str:
    import json

    return json.loads(message.plaintext)["kind"]
