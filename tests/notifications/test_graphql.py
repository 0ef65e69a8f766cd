"""The notification API as the PWA uses it: registering devices (and what is refused), what a
password change, a log-out and an account deletion do to them, the feed and who may see it,
preferences, the VAPID key, and the data export."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from sqlalchemy import select

from api.db import session_scope
from api.ids import to_global_id
from api.notifications.devices import VAPID_SECRET, vapid_keys
from api.notifications.webpush import VapidKeyError, VapidKeys, b64url_encode
from api.platform.models import Secret
from tests.factories import PASSWORD
from tests.notifications.support import REGISTER, notifications_of, post_need, register, scene, subscriptions

FEED = (
    "query($first: Int, $after: String, $unread: Boolean) { "
    "notifications(first: $first, after: $after, unreadOnly: $unread) {\n"
    "  unreadCount pageInfo { hasNextPage endCursor } edges { cursor node { id kind read } } } }"
)
MARK = (
    "mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { marked unreadCount "
    "errors { field code message } } }"
)
REMOVE = "mutation($i: RemovePushSubscriptionInput!) { removePushSubscription(input: $i) { ok errors { field code } } }"
PREFS = """mutation($i: UpdateNotificationPreferencesInput!) { updateNotificationPreferences(input: $i) {
  preferences { quietHours { start end } } errors { field code message } } }"""


# --- registering devices ----------------------------------------------------------------------------


async def test_bad_subscriptions_get_clear_errors_and_nothing_is_stored(f, sessions, push):
    u = await f.user("Ana")
    endpoint, p256dh, auth = push.new_subscription()
    not_on_curve = b64url_encode(b"\x04" + b"\x01" * 64)
    cases = [
        ({"endpoint": "http://push.example.org/send/abc"}, [(["input", "endpoint"], "INVALID_ENDPOINT")]),
        ({"endpoint": "ftp://push.example.org/x"}, [(["input", "endpoint"], "INVALID_ENDPOINT")]),
        ({"p256dh": "BAAA"}, [(["input", "p256dh"], "INVALID_KEY")]),
        ({"p256dh": not_on_curve}, [(["input", "p256dh"], "INVALID_KEY")]),
        ({"p256dh": p256dh.replace("-", "+").replace("_", "/") + "x"}, [(["input", "p256dh"], "INVALID_KEY")]),
        ({"auth": b64url_encode(b"\x00" * 8)}, [(["input", "auth"], "INVALID_AUTH")]),
        (
            {"endpoint": "http://push.example.org/x", "p256dh": "", "auth": "!!"},
            [
                (["input", "endpoint"], "INVALID_ENDPOINT"),
                (["input", "p256dh"], "INVALID_KEY"),
                (["input", "auth"], "INVALID_AUTH"),
            ],
        ),
    ]
    for change, expected in cases:
        body = await f.gql(REGISTER, {"i": {"endpoint": endpoint, "p256dh": p256dh, "auth": auth, **change}}, u)
        payload = body["data"]["registerPushSubscription"]
        assert payload["subscription"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == expected, change
        assert all(e["message"] for e in payload["errors"])
    http = await f.gql(REGISTER, {"i": {"endpoint": "http://push.example.org/x", "p256dh": p256dh, "auth": auth}}, u)
    assert http["data"]["registerPushSubscription"]["errors"][0]["message"] == "The endpoint must be an https URL."
    assert await subscriptions(sessions) == []


async def test_plain_http_to_localhost_is_only_for_the_test_environment(f, sessions, settings):
    from api.errors import ValidationErrors
    from api.notifications.devices import register_subscription
    from tests.support.push_service import PushService

    u = await f.user("Ana")
    viewer = await _viewer(sessions, u)
    endpoint, p256dh, auth = PushService().new_subscription()
    for environment in ("development", "production"):
        with pytest.raises(ValidationErrors) as refused:
            async with session_scope(sessions) as db:
                await register_subscription(
                    db,
                    viewer,
                    dataclasses.replace(settings, environment=environment),
                    endpoint=endpoint,
                    p256dh=p256dh,
                    auth=auth,
                    user_agent=None,
                )
        assert refused.value.errors[0].field == "endpoint"


async def _viewer(sessions, user):
    from api.accounts.service import authenticate

    async with sessions() as db:
        return await authenticate(db, user.token)


async def test_registering_again_updates_and_moves_a_device_to_whoever_signed_in(f, sessions, push):
    ana, luis = await f.user("Ana"), await f.user("Luis")
    endpoint, p256dh, auth = push.new_subscription()
    await f.ok(REGISTER, {"i": {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}}, ana)
    await f.ok(REGISTER, {"i": {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}}, ana)
    [sub] = await subscriptions(sessions)
    assert sub.account_id == ana.pk
    # Luis signs in on the same browser: the endpoint is his now, and Ana's pushes stop going there.
    await f.ok(REGISTER, {"i": {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}}, luis)
    [sub] = await subscriptions(sessions)
    assert sub.account_id == luis.pk
    assert (await f.ok("{ myPushSubscriptions { endpointOrigin } }", user=ana))["myPushSubscriptions"] == []
    # Only its owner can remove it.
    body = await f.gql(REMOVE, {"i": {"endpoint": endpoint}}, ana)
    assert body["data"]["removePushSubscription"] == {
        "ok": False,
        "errors": [{"field": ["input", "endpoint"], "code": "NOT_FOUND"}],
    }
    assert len(await subscriptions(sessions)) == 1
    assert (await f.ok(REMOVE, {"i": {"endpoint": endpoint}}, luis))["removePushSubscription"]["ok"] is True
    assert await subscriptions(sessions) == []


async def test_changing_the_password_removes_the_other_devices_subscriptions(f, sessions, push):
    ana = await f.user("Ana")
    phone = await register(f, ana, push)
    login = await f.ok(
        "mutation($i: LogInInput!) { logIn(input: $i) { token errors { code } } }",
        {"i": {"email": ana.email, "password": PASSWORD}},
    )
    other_token = login["logIn"]["token"]
    laptop_ep, p256dh, auth = push.new_subscription()
    body = await f.gql(REGISTER, {"i": {"endpoint": laptop_ep, "p256dh": p256dh, "auth": auth}}, token=other_token)
    assert body["data"]["registerPushSubscription"]["errors"] == []
    assert len(await subscriptions(sessions)) == 2

    await f.ok(
        "mutation($i: ChangePasswordInput!) { changePassword(input: $i) { revokedSessions errors { code } } }",
        {"i": {"currentPassword": PASSWORD, "newPassword": "a brand new passphrase"}},
        ana,
    )

    assert [s.endpoint for s in await subscriptions(sessions)] == [phone]


async def test_logging_out_removes_that_devices_subscription(f, sessions, push):
    ana = await f.user("Ana")
    await register(f, ana, push)
    await f.ok("mutation { logOut { errors { code } } }", user=ana)
    assert await subscriptions(sessions) == []


async def test_deleting_the_account_deletes_its_subscriptions_and_notifications(f, sessions, push, runner):
    s = await scene(f)
    await register(f, s.maria, push)
    await post_need(f, s)
    await runner.run()
    assert len(await notifications_of(sessions, s.maria)) == 1
    await f.ok(
        "mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { ok errors { code } } }",
        {"i": {"password": PASSWORD}},
        s.maria,
    )
    assert await subscriptions(sessions) == []
    assert await notifications_of(sessions, s.maria) == []


async def test_the_export_lists_devices_by_push_service_only_and_the_preferences(f, push):
    ana = await f.user("Ana")
    endpoint = await register(f, ana, push)
    await f.ok(
        PREFS,
        {
            "i": {
                "quietHours": {"start": "22:00", "end": "07:00"},
                "preferences": [{"kind": "MATCH_SUGGESTED", "inApp": True, "push": False}],
            }
        },
        ana,
    )
    data = (await f.ok("mutation { exportMyData { data errors { code } } }", user=ana))["exportMyData"]["data"]
    assert [d["endpointOrigin"] for d in data["pushSubscriptions"]] == [push.origin]
    assert endpoint not in str(data)
    assert data["notificationPreferences"] == {
        "kinds": [{"kind": "match_suggested", "inApp": True, "push": False}],
        "quietHours": {"start": "22:00", "end": "07:00"},
    }


# --- the feed and who sees it -------------------------------------------------------------------------


async def test_people_see_only_their_own_notifications(f, sessions, push, runner):
    s = await scene(f)
    for title in ("Fractions", "Decimals", "Percentages"):
        await post_need(f, s, title)
    await runner.run()
    mine = await notifications_of(sessions, s.maria)
    assert len(mine) == 3
    ids = [to_global_id("Notification", n.id) for n in mine]

    # Ana (who caused them) and a stranger see none of María's, by any path.
    stranger = await f.user("Stranger")
    for other in (s.ana, stranger):
        feed = (await f.ok(FEED, user=other))["notifications"]
        assert (feed["unreadCount"], feed["edges"]) == (0, [])
        assert (await f.ok("query($id: ID!) { node(id: $id) { id } }", {"id": ids[0]}, other))["node"] is None
        marked = (await f.ok(MARK, {"i": {"ids": ids}}, other))["markNotificationsRead"]
        assert marked == {"marked": 0, "unreadCount": 0, "errors": []}
    anonymous = await f.gql("{ notifications { unreadCount } }")
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await f.gql("query($id: ID!) { node(id: $id) { id } }", {"id": ids[0]}))["data"]["node"] is None

    # María pages through hers, newest first, and marks them read.
    page1 = (await f.ok(FEED, {"first": 2}, s.maria))["notifications"]
    assert page1["unreadCount"] == 3 and page1["pageInfo"]["hasNextPage"] is True
    page2 = (await f.ok(FEED, {"first": 2, "after": page1["pageInfo"]["endCursor"]}, s.maria))["notifications"]
    assert page2["pageInfo"]["hasNextPage"] is False
    assert [e["node"]["id"] for e in page1["edges"] + page2["edges"]] == ids[::-1]
    assert (await f.ok("query($id: ID!) { node(id: $id) { id } }", {"id": ids[0]}, s.maria))["node"] == {"id": ids[0]}
    marked = (await f.ok(MARK, {"i": {"ids": ids[:1]}}, s.maria))["markNotificationsRead"]
    assert marked == {"marked": 1, "unreadCount": 2, "errors": []}
    unread = (await f.ok(FEED, {"unread": True}, s.maria))["notifications"]
    assert [e["node"]["id"] for e in unread["edges"]] == ids[:0:-1]
    assert (await f.ok(MARK, {"i": {"all": True}}, s.maria))["markNotificationsRead"] == {
        "marked": 2,
        "unreadCount": 0,
        "errors": [],
    }
    bad = (await f.gql(MARK, {"i": {}}, s.maria))["data"]["markNotificationsRead"]
    assert bad["errors"][0]["field"] == ["input", "ids"]
    wrong_type = (await f.gql(MARK, {"i": {"ids": [s.ana.id]}}, s.maria))["data"]["markNotificationsRead"]
    assert wrong_type["errors"][0]["code"] == "INVALID_ID"


async def test_preferences_validate_their_input(f):
    ana = await f.user("Ana")
    for value, field in (
        ({"start": "25:00", "end": "07:00"}, "start"),
        ({"start": "22:00", "end": "7"}, "end"),
        ({"start": "22:00", "end": "22:00"}, "end"),
    ):
        errors = (await f.gql(PREFS, {"i": {"quietHours": value}}, ana))["data"]["updateNotificationPreferences"][
            "errors"
        ]
        assert errors[0]["field"] == ["input", "quietHours", field] and errors[0]["code"] == "INVALID_TIME"
    errors = await f.gql(PREFS, {"i": {"quietHours": {"start": "22:00", "end": "07:00"}, "clearQuietHours": True}}, ana)
    assert errors["data"]["updateNotificationPreferences"]["errors"][0]["field"] == ["input", "clearQuietHours"]
    dup = [{"kind": "MATCH_SUGGESTED", "inApp": True, "push": True}] * 2
    errors = (await f.gql(PREFS, {"i": {"preferences": dup}}, ana))["data"]["updateNotificationPreferences"]["errors"]
    assert errors[0]["code"] == "DUPLICATE"
    ok = await f.ok(PREFS, {"i": {"quietHours": {"start": "21:30", "end": "06:45"}}}, ana)
    assert ok["updateNotificationPreferences"]["preferences"]["quietHours"] == {"start": "21:30", "end": "06:45"}
    shown = await f.ok(
        "{ notificationPreferences { quietHours { start end } timezone kinds { kind inApp push } } }", user=ana
    )
    assert shown["notificationPreferences"]["quietHours"] == {"start": "21:30", "end": "06:45"}
    assert {k["kind"] for k in shown["notificationPreferences"]["kinds"]} >= {"MATCH_SUGGESTED", "THANKS_RECEIVED"}
    cleared = await f.ok(PREFS, {"i": {"clearQuietHours": True}}, ana)
    assert cleared["updateNotificationPreferences"]["preferences"]["quietHours"] is None


# --- the VAPID key ------------------------------------------------------------------------------------------


async def test_the_vapid_key_is_made_once_kept_in_the_database_and_never_replaced(f, sessions, settings):
    first = (await f.gql("{ vapidPublicKey }"))["data"]["vapidPublicKey"]
    assert (await f.gql("{ vapidPublicKey }"))["data"]["vapidPublicKey"] == first
    async with sessions() as db:
        stored = await db.get(Secret, VAPID_SECRET)
    assert VapidKeys.from_pem(stored.value.encode()).application_server_key == first

    # A damaged stored key is an error, not a reason to make a new one.
    async with session_scope(sessions) as db:
        (await db.get(Secret, VAPID_SECRET)).value = "-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n"
    with pytest.raises(VapidKeyError, match="Restore it from a backup"):
        async with session_scope(sessions) as db:
            await vapid_keys(db, settings)
    async with sessions() as db:
        assert "garbage" in (await db.get(Secret, VAPID_SECRET)).value

    # VAPID_PRIVATE_KEY, when set, wins.
    own = VapidKeys.generate()
    async with session_scope(sessions) as db:
        keys = await vapid_keys(
            db, dataclasses.replace(settings, vapid_private_key=own.private_pem().decode().replace("\n", "\\n"))
        )
    assert keys.application_server_key == own.application_server_key


async def test_workers_starting_together_agree_on_one_new_key(sessions, settings, clean):
    async def start() -> str:
        async with session_scope(sessions) as db:
            return (await vapid_keys(db, settings)).application_server_key

    keys = await asyncio.gather(*(start() for _ in range(5)))
    assert len(set(keys)) == 1
    async with sessions() as db:
        assert len((await db.scalars(select(Secret))).all()) == 1


async def test_a_person_keeps_a_bounded_number_of_devices_the_oldest_go_first(f, sessions, push, monkeypatch):
    from api.notifications import devices as service

    monkeypatch.setattr(service, "MAX_DEVICES", 3)
    ana = await f.user("Ana")
    endpoints = [await register(f, ana, push) for _ in range(5)]
    assert sorted(s.endpoint for s in await subscriptions(sessions)) == sorted(endpoints[2:])
