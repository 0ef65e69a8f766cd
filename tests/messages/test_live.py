"""Messages live and pushed: a message sent through one API process reaches the open conversation
and the inbox of the others on another process (Redis pub/sub, one connection per process); pushes
carry ids only, collapse per conversation, and are not sent to someone who has it open."""

from __future__ import annotations

import asyncio
import json

import httpx
from sqlalchemy import select
from websockets.asyncio.client import connect

from api import presence
from api.ids import parse_global_id
from api.messages.live import conversation_channel
from api.notifications.models import PushDelivery
from tests.conftest import serve
from tests.messages.test_messages import SEND, send, started, tied
from tests.notifications.support import register
from tests.support.polling import wait_for

ADDED = (
    "subscription($c: ID!) { messageAdded(conversationId: $c) { id body mine fromFormerMember "
    "sender { displayName } } }"
)
INBOX = "subscription { inboxChanged { conversationId unreadCount requestCount } }"


async def _open(url: str, token: str, query: str, variables: dict | None = None):
    ws = await connect(url, subprotocols=["graphql-transport-ws"])
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(
        json.dumps({"type": "subscribe", "id": "1", "payload": {"query": query, "variables": variables or {}}})
    )
    return ws


async def _next(ws) -> dict:
    message = json.loads(await asyncio.wait_for(ws.recv(), 15))
    assert message["type"] == "next", message
    return message["payload"]["data"]


async def test_a_message_sent_through_one_process_arrives_live_on_another(
    f, live_server, database_url, settings, redis, tmp_path_factory
):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    cid = (await started(f, c, ana, [ben], "Hi Ben"))["conversation"]["id"]
    channel = conversation_channel(settings, parse_global_id(cid)[1])
    url = live_server.replace("http://", "ws://") + "/graphql"
    with serve(database_url, settings, tmp_path_factory.mktemp("second") / "uvicorn.log") as second:
        bens_screen = await _open(url, ben.token, ADDED, {"c": cid})
        anas_screen = await _open(url, ana.token, ADDED, {"c": cid})
        bens_inbox = await _open(url, ben.token, INBOX)
        try:
            assert await _next(bens_inbox) == {
                "inboxChanged": {"conversationId": None, "unreadCount": 1, "requestCount": 0}
            }

            async def listening() -> bool:
                return dict(await redis.pubsub_numsub(channel))[channel.encode()] >= 1

            await wait_for(listening, timeout=10)
            await asyncio.sleep(0.3)
            # Two screens in the first process share its one pub/sub connection.
            assert dict(await redis.pubsub_numsub(channel))[channel.encode()] == 1

            async with httpx.AsyncClient(base_url=second, headers=ana.headers, timeout=30) as http:
                r = await http.post(
                    "/graphql",
                    json={"query": SEND, "variables": {"i": {"conversationId": cid, "body": "Running 5 min late"}}},
                )
                assert r.json()["data"]["sendMessage"]["errors"] == []
            assert (await _next(bens_screen))["messageAdded"] | {"id": None} == {
                "id": None,
                "body": "Running 5 min late",
                "mine": False,
                "fromFormerMember": False,
                "sender": {"displayName": "Ana"},
            }
            mine = (await _next(anas_screen))["messageAdded"]
            assert mine["mine"] is True and mine["sender"] is None
            assert await _next(bens_inbox) == {
                "inboxChanged": {"conversationId": cid, "unreadCount": 2, "requestCount": 0}
            }
        finally:
            for ws in (bens_screen, anas_screen, bens_inbox):
                await ws.close()


async def test_someone_outside_the_conversation_cannot_listen_to_it(f, live_server):
    c = await f.community()
    ana, ben, olga = await f.member(c, "Ana"), await f.member(c, "Ben"), await f.member(c, "Olga")
    await tied(f, c, ana, ben)
    cid = (await started(f, c, ana, [ben], "Private"))["conversation"]["id"]
    ws = await _open(live_server.replace("http://", "ws://") + "/graphql", olga.token, ADDED, {"c": cid})
    try:
        message = json.loads(await asyncio.wait_for(ws.recv(), 15))
        assert message["type"] == "error" or (message["type"] == "next" and message["payload"].get("errors"))
        assert "not in it" in json.dumps(message)
    finally:
        await ws.close()


async def test_pushes_carry_ids_only_and_collapse_per_conversation(f, sessions, push, runner):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    endpoint = await register(f, ben, push)
    await runner.run()
    cid = (await started(f, c, ana, [ben], "Secret plans for the bake sale"))["conversation"]["id"]
    await runner.run()
    assert (await send(f, ana, cid, "Bring the lemon bars"))["errors"] == []
    await runner.run()
    held = push.inbox(endpoint)
    # Ben's phone was offline: the second push replaced the first (one Topic per conversation).
    assert len(held) == 1 and push.accepted[endpoint] == 2
    payload = held[0]
    assert payload["kind"] == "message_new" and payload["subject"] == cid and payload["tag"] == cid
    assert payload["title"] == "New message"
    text = json.dumps(payload)
    assert "bake" not in text and "lemon" not in text and "Ana" not in text


async def test_no_push_while_the_conversation_is_open_on_the_persons_screen(f, sessions, push, runner, redis, settings):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    endpoint = await register(f, ben, push)
    cid = (await started(f, c, ana, [ben], "Hi"))["conversation"]["id"]
    await runner.run()
    assert push.accepted[endpoint] == 1
    pk = parse_global_id(cid)[1]
    # Ben opens the conversation on his phone and laptop; closing the laptop leaves the phone looking.
    async with presence.watching(redis, settings.redis_prefix, pk, ben.pk):
        async with presence.watching(redis, settings.redis_prefix, pk, ben.pk):
            pass
        assert (await send(f, ana, cid, "Are you there?"))["errors"] == []
        await runner.run()
    assert push.accepted[endpoint] == 1  # nothing more was pushed
    async with sessions() as s:
        statuses = sorted((await s.scalars(select(PushDelivery.status))).all())
    assert statuses == ["delivered", "skipped"]
    # Once he closed it, the next message is pushed again.
    assert (await send(f, ana, cid, "Call me"))["errors"] == []
    await runner.run()
    assert push.accepted[endpoint] == 2
