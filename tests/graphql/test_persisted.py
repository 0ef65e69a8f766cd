"""Persisted operations: the PWA sends the SHA-256 of a registered document instead of its text
(Apollo's APQ protocol), schema/operations.json is what pwa/scripts/codegen.mjs writes from the
current operations, and with `persisted_only` the API runs nothing else."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from schema.persisted import MANIFEST_PATH, registry
from tests.support.operations import operation, operation_names
from village.app import create_app

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
UNREAD = next((sha, op) for sha, op in registry().items() if op.name == "UnreadCount")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def by_hash(sha: str, **extra) -> dict:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha}}, **extra}


def expected_manifest() -> str:
    """What codegen.mjs writes, rebuilt from the PWA's .graphql files."""
    documents = [(name, operation(name)) for name in operation_names()]
    manifest = {sha256(document): {"name": name, "document": document} for name, document in documents}
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def test_operations_json_is_current():
    assert MANIFEST_PATH.read_text(encoding="utf-8") == expected_manifest(), (
        "schema/operations.json is stale: run `npm run codegen` in pwa/"
    )


def test_a_missing_manifest_registers_nothing(tmp_path):
    assert registry(tmp_path / "operations.json") == {}


async def test_a_registered_operation_runs_by_its_hash_alone(client, f):
    ana = await f.user("Ana")
    sha, _ = UNREAD
    r = await client.post("/graphql", json=by_hash(sha, operationName="UnreadCount"), headers=ana.headers)
    assert r.status_code == 200
    assert r.json() == {"data": {"notifications": {"unreadCount": 0}}}
    # operationName is optional; the hash names the operation.
    r = await client.post("/graphql", json=by_hash(sha), headers=ana.headers)
    assert r.json() == {"data": {"notifications": {"unreadCount": 0}}}


@pytest.mark.parametrize(("accept", "status"), [(JSON, 200), (GRAPHQL_RESPONSE, 400)])
async def test_an_unknown_hash_asks_the_client_for_the_document(client, accept, status):
    r = await client.post("/graphql", json=by_hash("0" * 64, operationName="Gone"), headers={"Accept": accept})
    assert r.status_code == status
    assert r.json() == {
        "errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]
    }


async def test_the_document_sent_with_its_hash_runs(client, f):
    ana = await f.user("Ana")
    query = "query Mine { notifications(first: 1) { unreadCount } }"
    r = await client.post("/graphql", json=by_hash(sha256(query), query=query), headers=ana.headers)
    assert r.json() == {"data": {"notifications": {"unreadCount": 0}}}


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
async def test_a_hash_that_is_not_the_documents_is_refused(client, accept):
    sha, _ = UNREAD
    r = await client.post("/graphql", json=by_hash(sha, query="{ __typename }"), headers={"Accept": accept})
    assert r.status_code == 400
    assert r.json() == {"errors": [{"message": "provided sha does not match query"}]}


async def test_the_operation_name_must_be_the_registered_ones(client):
    sha, _ = UNREAD
    r = await client.post("/graphql", json=by_hash(sha, operationName="DeleteAccount"))
    assert r.status_code == 400
    assert "is not the persisted operation 'UnreadCount'" in r.json()["errors"][0]["message"]


@pytest.fixture
async def persisted_only(settings, clean) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(create_app(dataclasses.replace(settings, persisted_only=True))) as c:
        yield c


async def test_persisted_only_runs_the_apps_operations_and_nothing_else(persisted_only, f):
    ana = await f.user("Ana")
    sha, operation = UNREAD
    r = await persisted_only.post("/graphql", json={"query": "{ __typename }"}, headers=ana.headers)
    assert r.status_code == 200
    assert r.json()["errors"][0]["extensions"] == {"code": "PERSISTED_ONLY"}
    assert "data" not in r.json()
    # The same text as a registered operation, but not byte for byte, is another document.
    r = await persisted_only.post("/graphql", json={"query": operation.document + " "}, headers=ana.headers)
    assert r.json()["errors"][0]["extensions"] == {"code": "PERSISTED_ONLY"}

    expected = {"data": {"notifications": {"unreadCount": 0}}}
    r = await persisted_only.post("/graphql", json=by_hash(sha), headers=ana.headers)
    assert r.json() == expected
    r = await persisted_only.post("/graphql", json=by_hash(sha, query=operation.document), headers=ana.headers)
    assert r.json() == expected
    r = await persisted_only.post("/graphql", json={"query": operation.document}, headers=ana.headers)
    assert r.json() == expected
