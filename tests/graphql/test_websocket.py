"""GraphQL over WebSocket (graphql-transport-ws), authenticated by the connection_init payload."""

import json

from litestar.testing import TestClient


def run_over_ws(app, token: str | None, query: str) -> dict:
    with TestClient(app) as tc, tc.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_text(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"} if token else {}})
        )
        assert json.loads(ws.receive_text())["type"] == "connection_ack"
        ws.send_text(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": query}}))
        message = json.loads(ws.receive_text())
        assert message["type"] == "next", message
        assert json.loads(ws.receive_text()) == {"type": "complete", "id": "1"}
        return message["payload"]


async def test_query_over_websocket_knows_the_viewer(f, settings):
    import asyncio

    from village.app import create_app

    u = await f.user("Ana")
    app = create_app(settings)  # its own app: TestClient runs the lifespan in another event loop

    signed_in = await asyncio.to_thread(run_over_ws, app, u.token, "{ viewer { displayName } }")
    assert signed_in == {"data": {"viewer": {"displayName": "Ana"}}}
    anonymous = await asyncio.to_thread(run_over_ws, app, None, "{ viewer { displayName } }")
    assert anonymous == {"data": {"viewer": None}}
    revoked = await asyncio.to_thread(run_over_ws, app, "not-a-token", "{ viewer { displayName } }")
    assert revoked == {"data": {"viewer": None}}
