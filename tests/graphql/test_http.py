"""/graphql as HTTP and WebSocket clients meet it: JSON-only POST (the CSRF defence), queries but
never mutations over GET, the media types and status codes of the GraphQL-over-HTTP spec (checked
by the graphql-http audit suite against the live server), GraphiQL in development only."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosedError, InvalidStatus

from api.accounts.models import Account
from tests.factories import PASSWORD
from village.app import create_app

AUDIT_DIR = Path(__file__).parent / "audit"
GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
SIGN_UP = "mutation SignUp($i: SignUpInput!) { signUp(input: $i) { token errors { message } } }"
NEW_USER = {"i": {"email": "ana@example.org", "password": PASSWORD, "displayName": "Ana"}}


async def accounts(sessions) -> int:
    async with sessions() as s:
        return await s.scalar(select(func.count()).select_from(Account))


def media_type(response) -> str:
    return response.headers["content-type"].split(";")[0]


# --- GET: queries only -----------------------------------------------------------------------------


async def test_queries_work_over_get(client):
    r = await client.get(
        "/graphql", params={"query": "query($t: String!) { __type(name: $t) { name } }", "variables": '{"t": "Query"}'}
    )
    assert r.status_code == 200
    assert r.json() == {"data": {"__type": {"name": "Query"}}}


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
async def test_a_mutation_over_get_is_refused_and_changes_nothing(client, sessions, accept):
    r = await client.get(
        "/graphql", params={"query": SIGN_UP, "variables": json.dumps(NEW_USER)}, headers={"Accept": accept}
    )
    assert r.status_code == 405
    assert r.headers["allow"] == "POST"
    assert r.json() == {"errors": [{"message": "Mutations must be sent with POST."}]}
    assert await accounts(sessions) == 0


async def test_get_refuses_by_the_operation_it_would_run(client, sessions):
    document = "query Ping { __typename } " + SIGN_UP
    ping = await client.get("/graphql", params={"query": document, "operationName": "Ping"})
    assert ping.json() == {"data": {"__typename": "Query"}}
    sign_up = await client.get(
        "/graphql", params={"query": document, "operationName": "SignUp", "variables": json.dumps(NEW_USER)}
    )
    assert sign_up.status_code == 405
    assert await accounts(sessions) == 0


# --- POST: JSON bodies only ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"data": {"query": SIGN_UP, "variables": json.dumps(NEW_USER)}}, id="form-urlencoded"),
        pytest.param(
            {"files": {"operations": (None, json.dumps({"query": SIGN_UP, "variables": NEW_USER}))}}, id="multipart"
        ),
        pytest.param(
            {
                "content": json.dumps({"query": SIGN_UP, "variables": NEW_USER}),
                "headers": {"Content-Type": "text/plain"},
            },
            id="text-plain",
        ),
        pytest.param({"content": json.dumps({"query": SIGN_UP, "variables": NEW_USER})}, id="no-content-type"),
    ],
)
async def test_posts_that_a_cross_site_form_could_send_are_refused(client, sessions, body):
    r = await client.post("/graphql", **body)
    assert r.status_code == 415
    assert r.headers["accept-post"] == JSON
    assert r.json() == {"errors": [{"message": "Send GraphQL requests as application/json."}]}
    assert await accounts(sessions) == 0


async def test_json_with_a_charset_is_accepted(client, sessions):
    body = json.dumps({"query": SIGN_UP, "variables": NEW_USER})
    r = await client.post("/graphql", content=body, headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 200
    assert r.json()["data"]["signUp"]["errors"] == []
    assert await accounts(sessions) == 1


# --- Media types and status codes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("*/*", JSON),
        (JSON, JSON),
        ("text/html", JSON),  # nothing we offer: answer JSON, as the spec allows
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, {JSON};q=0.9", GRAPHQL_RESPONSE),
        (f"{JSON}, {GRAPHQL_RESPONSE}", JSON),
        (f"{JSON};q=0.5, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
    ],
)
async def test_the_response_type_follows_the_clients_preference(client, accept, expected):
    r = await client.post("/graphql", json={"query": "{ __typename }"}, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200
    assert media_type(r) == expected
    assert r.json() == {"data": {"__typename": "Query"}}


REQUEST_ERRORS = [
    pytest.param({"query": "{ viewer { "}, "Syntax Error", id="parse"),
    pytest.param({"query": "{ viewer { nope } }"}, "Cannot query field 'nope'", id="validation"),
    pytest.param(
        {"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": None}},
        "Variable '$id'",
        id="coercion",
    ),
    pytest.param(
        {"query": "query A { __typename }", "operationName": "B"}, 'Unknown operation named "B"', id="unknown-operation"
    ),
]


@pytest.mark.parametrize(("payload", "message"), REQUEST_ERRORS)
@pytest.mark.parametrize(("accept", "status"), [(GRAPHQL_RESPONSE, 400), (JSON, 200)])
async def test_request_errors_have_no_data_and_the_spec_status(client, payload, message, accept, status):
    r = await client.post("/graphql", json=payload, headers={"Accept": accept})
    assert (r.status_code, media_type(r)) == (status, accept)
    body = r.json()
    assert "data" not in body  # not even `"data": null`: nothing was executed
    assert message in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        pytest.param({"content": b'{"query": '}, "Unable to parse request body as JSON", id="broken-json"),
        pytest.param({"content": b'{"query": "{ \xff\xfe }"}'}, "Unable to parse request body as JSON", id="not-utf-8"),
        pytest.param({"content": b"[" * 100_000}, "Unable to parse request body as JSON", id="absurd-nesting"),
        pytest.param({"content": b'"{ __typename }"'}, "must be a JSON object", id="not-an-object"),
        pytest.param({"json": [{"query": "{ __typename }"}]}, "Batching is not enabled", id="batch"),
        pytest.param({"json": {"qeury": "{ __typename }"}}, "No GraphQL query found in the request", id="no-query"),
        pytest.param(
            {"json": {"query": "{ __typename }", "variables": "[]"}},
            "`variables` must be an object",
            id="variables-not-a-map",
        ),
        pytest.param(
            {"json": {"query": "{ __typename }", "operationName": 1}},
            "`operationName` must be a string",
            id="operation-name-not-a-string",
        ),
    ],
)
@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, JSON])
async def test_malformed_requests_get_400_in_the_graphql_shape(client, payload, message, accept):
    headers = {"Accept": accept, "Content-Type": JSON}
    r = await client.post("/graphql", headers=headers, **payload)
    assert (r.status_code, media_type(r)) == (400, accept)
    assert message in r.json()["errors"][0]["message"]
    assert "data" not in r.json()


async def test_field_errors_keep_data_and_status_200(client):
    """A field error is part of a result, not a failed request, even with graphql-response+json."""
    r = await client.post(
        "/graphql",
        json={"query": f'{{ node(id: "{"x" * 101}") {{ id }} __typename }}'},
        headers={"Accept": GRAPHQL_RESPONSE},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["data"] == {"node": None, "__typename": "Query"}
    assert body["errors"][0]["path"] == ["node"]


# --- GraphiQL --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("environment", "served"), [("development", True), ("test", False), ("production", False)])
async def test_graphiql_is_served_only_in_development(settings, clean, environment, served):
    async with AsyncTestClient(create_app(dataclasses.replace(settings, environment=environment))) as c:
        r = await c.get("/graphql", headers={"Accept": "text/html"})
    if served:
        assert (r.status_code, media_type(r)) == (200, "text/html")
        assert "graphiql" in r.text.lower()
    else:
        assert r.status_code == 404
        assert media_type(r) != "text/html" and "graphiql" not in r.text.lower()


# --- WebSocket (graphql-transport-ws), against the live server --------------------------------------


async def test_websocket_speaks_graphql_transport_ws_and_signs_in_from_connection_init(live_server, f):
    ana = await f.user("Ana")
    url = live_server.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        assert ws.subprotocol == "graphql-transport-ws"
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {ana.token}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": "{ viewer { displayName } }"}}))
        assert json.loads(await ws.recv()) == {
            "type": "next",
            "id": "1",
            "payload": {"data": {"viewer": {"displayName": "Ana"}}},
        }
        assert json.loads(await ws.recv()) == {"type": "complete", "id": "1"}


async def test_websocket_refuses_the_legacy_subprotocol(live_server):
    url = live_server.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=["graphql-ws"]) as ws:
        with pytest.raises(ConnectionClosedError) as closed:
            await ws.recv()
    assert closed.value.rcvd.code == 4406


async def test_websocket_refuses_pages_of_other_origins(live_server):
    """Browsers always send Origin on a handshake: only our own pages (same origin) and clients
    that are not browsers (no Origin) may open a socket."""
    url = live_server.replace("http://", "ws://") + "/graphql"
    with pytest.raises(InvalidStatus) as refused:
        async with connect(url, subprotocols=["graphql-transport-ws"], origin="https://evil.example"):
            pass
    assert refused.value.response.status_code == 403


# --- The GraphQL-over-HTTP audit suite, against the live server ------------------------------------


@pytest.mark.e2e
def test_graphql_over_http_audit_passes_without_warnings(live_server, capsys):
    node, npm = shutil.which("node"), shutil.which("npm")
    assert node and npm, "Node.js and npm are needed to run the graphql-http audit suite"
    if not (AUDIT_DIR / "node_modules").exists():
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=AUDIT_DIR, check=True, capture_output=True, timeout=300
        )
    done = subprocess.run(
        [node, "audit.mjs", f"{live_server}/graphql"], cwd=AUDIT_DIR, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    with capsys.disabled():
        print(
            f"\ngraphql-http audit: {report['ok']}/{report['total']} ok, "
            f"{report['notice']} notices, {report['warn']} warnings, {report['error']} errors"
        )
    assert [a for a in report["audits"] if a["status"] != "ok"] == []
    assert report["ok"] == report["total"] > 0


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
async def test_other_methods_get_405_in_the_graphql_shape(client, method):
    r = await client.request(method, "/graphql", json={"query": "{ __typename }"})
    assert r.status_code == 405
    assert r.json() == {"errors": [{"message": "Method Not Allowed"}]}
    assert set(r.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


async def test_a_body_over_the_size_limit_gets_413_in_the_graphql_shape(client, sessions):
    r = await client.post("/graphql", content=b" " * (300 * 1024), headers={"Content-Type": JSON})
    assert r.status_code == 413
    assert r.json() == {"errors": [{"message": "Request Entity Too Large"}]}


async def test_other_paths_keep_their_own_error_shape(client):
    r = await client.put("/healthz")
    assert r.status_code == 405 and "errors" not in r.json()
