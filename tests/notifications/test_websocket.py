"""notificationAdded over graphql-transport-ws against the real server (a separate process): the
worker publishes through Redis, whichever API process holds the person's socket passes it on."""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import connect

from api.notifications.feed import channel
from tests.notifications.support import post_need, scene
from tests.support.polling import wait_for

SUBSCRIBE = "subscription { notificationAdded { id kind title read actor { displayName } } }"


async def _open(url: str, token: str | None):
    ws = await connect(url, subprotocols=["graphql-transport-ws"])
    await ws.send(
        json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"} if token else {}})
    )
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": SUBSCRIBE}}))
    return ws


async def test_a_new_notification_arrives_on_the_recipients_socket_only(
    live_server, f, settings, redis, running_worker
):
    s = await scene(f)
    url = live_server.replace("http://", "ws://") + "/graphql"
    maria_ws, ana_ws = await _open(url, s.maria.token), await _open(url, s.ana.token)
    try:

        async def listening() -> bool:
            counts = dict(await redis.pubsub_numsub(channel(settings, s.maria.pk), channel(settings, s.ana.pk)))
            return all(n >= 1 for n in counts.values())

        await wait_for(listening, timeout=10)
        await post_need(f, s)
        async with running_worker(settings, cron_jobs=[]):
            message = json.loads(await asyncio.wait_for(maria_ws.recv(), 15))
        assert message["type"] == "next" and message["id"] == "1"
        added = message["payload"]["data"]["notificationAdded"]
        assert (added["kind"], added["title"], added["read"], added["actor"]) == (
            "MATCH_SUGGESTED",
            "New match suggestion",
            False,
            {"displayName": "Ana"},
        )
        feed = await f.ok("{ notifications { edges { node { id } } } }", user=s.maria)
        assert added["id"] == feed["notifications"]["edges"][0]["node"]["id"]
        # Ana's socket hears nothing about María's notification (a deliberate half-second window:
        # proving that nothing arrives needs one).
        try:
            extra = await asyncio.wait_for(ana_ws.recv(), 0.5)
        except TimeoutError:
            extra = None
        assert extra is None
    finally:
        await maria_ws.close()
        await ana_ws.close()


async def test_the_subscription_needs_a_signed_in_person(live_server):
    url = live_server.replace("http://", "ws://") + "/graphql"
    ws = await _open(url, None)
    try:
        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    finally:
        await ws.close()
    assert message["type"] in ("error", "next")
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["message"] == "Please log in first."
