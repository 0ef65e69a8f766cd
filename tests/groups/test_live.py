"""groupActivity across API processes: a post made through one process reaches the sockets held
by another, through Redis pub/sub, and each process holds one pub/sub connection for all of its
sockets."""

from __future__ import annotations

import asyncio
import json

import httpx
from websockets.asyncio.client import connect

from api.groups.live import channel
from api.ids import parse_global_id
from tests.conftest import serve
from tests.groups.test_groups import JOIN, POST, make_group
from tests.support.polling import wait_for

SUBSCRIBE = (
    "subscription($g: ID!) { groupActivity(groupId: $g) { kind post { body author { displayName } } "
    "comment { body } } }"
)


async def _open(url: str, token: str, group_id: str):
    ws = await connect(url, subprotocols=["graphql-transport-ws"])
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(
        json.dumps({"type": "subscribe", "id": "1", "payload": {"query": SUBSCRIBE, "variables": {"g": group_id}}})
    )
    return ws


async def test_a_post_through_one_process_reaches_sockets_on_another_over_one_connection(
    f, live_server, database_url, settings, redis, tmp_path_factory
):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    ana, bo = await f.member(c, "Ana"), await f.member(c, "Bo")
    for person in (ana, bo):
        await f.ok(JOIN, {"i": {"groupId": gid}}, person)
    group_channel = channel(settings, parse_global_id(gid)[1])
    with serve(database_url, settings, tmp_path_factory.mktemp("second") / "uvicorn.log") as second:
        url = live_server.replace("http://", "ws://") + "/graphql"
        sockets = [await _open(url, leo.token, gid), await _open(url, bo.token, gid)]
        try:
            # Two sockets in the first process: one pub/sub connection listens on the group's channel.
            async def listening() -> bool:
                return dict(await redis.pubsub_numsub(group_channel))[group_channel.encode()] >= 1

            await wait_for(listening, timeout=10)
            await asyncio.sleep(0.3)  # both sockets subscribed (the second one adds no connection)
            assert dict(await redis.pubsub_numsub(group_channel))[group_channel.encode()] == 1

            async with httpx.AsyncClient(base_url=second, headers=ana.headers, timeout=30) as http:
                r = await http.post(
                    "/graphql", json={"query": POST, "variables": {"i": {"groupId": gid, "body": "Picnic Sunday?"}}}
                )
                assert r.json()["data"]["createPost"]["errors"] == []
            for ws in sockets:
                message = json.loads(await asyncio.wait_for(ws.recv(), 15))
                assert message["type"] == "next", message
                activity = message["payload"]["data"]["groupActivity"]
                assert activity == {
                    "kind": "POST",
                    "post": {"body": "Picnic Sunday?", "author": {"displayName": "Ana"}},
                    "comment": None,
                }
        finally:
            for ws in sockets:
                await ws.close()


async def test_only_members_can_open_a_groups_activity(f, live_server):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    outsider = await f.member(c, "Olga")
    ws = await _open(live_server.replace("http://", "ws://") + "/graphql", outsider.token, gid)
    try:
        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    finally:
        await ws.close()
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "NOT_GROUP_MEMBER"
