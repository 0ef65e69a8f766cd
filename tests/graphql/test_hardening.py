"""GraphQL hardening as an attacker or a buggy client meets it: masked internal errors, depth, alias
and token limits, and no schema discovery (introspection, suggestions) in production."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import pytest
from graphql import get_introspection_query
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

import api.accounts.service
from api.accounts.models import Account
from api.config import Settings
from api.families.models import Family
from schema.context import Context
from schema.schema import build_schema
from tests.factories import PASSWORD
from village.app import create_app

MASKED = "Something went wrong on our side. Please try again."
SIGN_UP = "mutation($i: SignUpInput!) { signUp(input: $i) { token errors { message } } }"


async def post(client, query: str, variables: dict | None = None, **headers: str) -> dict:
    r = await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


async def count(sessions, model) -> int:
    async with sessions() as s:
        return await s.scalar(select(func.count()).select_from(model))


@pytest.fixture(scope="module")
async def production(settings: Settings) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(create_app(dataclasses.replace(settings, environment="production"))) as c:
        yield c


@pytest.fixture(scope="module")
async def development(settings: Settings) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(create_app(dataclasses.replace(settings, environment="development"))) as c:
        yield c


def messages(body: dict) -> list[str]:
    return [e["message"] for e in body.get("errors", [])]


# --- Masked internal errors ------------------------------------------------------------------------


async def _fail_after_writing(*_args, **_kwargs):
    # Runs inside sign_up after the family and the account rows were flushed.
    raise RuntimeError("secret SQL: INSERT INTO auth_session (token_hash) VALUES ('…')")


async def test_an_unexpected_error_is_masked_and_its_writes_rolled_back(client, sessions, monkeypatch):
    monkeypatch.setattr(api.accounts.service, "_open_session", _fail_after_writing)
    r = await client.post(
        "/graphql",
        json={
            "query": SIGN_UP,
            "variables": {"i": {"email": "ana@example.org", "password": PASSWORD, "displayName": "Ana"}},
        },
    )
    assert r.status_code == 200
    body = r.json()
    assert body["data"] is None  # execution started, so `data` is there (null: signUp is non-null)
    assert messages(body) == [MASKED]
    assert body["errors"][0]["path"] == ["signUp"]
    assert "secret" not in r.text and "RuntimeError" not in r.text and "Traceback" not in r.text
    assert await count(sessions, Account) == 0
    assert await count(sessions, Family) == 0


async def test_masking_holds_for_concurrent_requests(settings, sessions, redis, monkeypatch):
    """Each operation gets its own extension instances. With instances shared by the schema, an
    operation that finished while another was running read the other's result and sent its own
    error unmasked. (Run on the schema itself: the test client sends one request at a time.)"""

    inside, release = asyncio.Event(), asyncio.Event()

    async def slow_failure(*_args, **_kwargs):
        inside.set()
        await release.wait()  # held inside the resolver until the other operation has finished
        raise RuntimeError("secret SQL")

    monkeypatch.setattr(api.accounts.service, "_open_session", slow_failure)
    schema = build_schema(settings)
    variables = {"i": {"email": "ana@example.org", "password": PASSWORD, "displayName": "Ana"}}
    async with sessions() as session:
        context = Context(
            session=session, redis=redis, settings=settings, viewer=None, client_ip="127.0.0.1", user_agent=None
        )
        failing = asyncio.create_task(schema.execute(SIGN_UP, variable_values=variables, context_value=context))
        await asyncio.wait_for(inside.wait(), 10)  # the failing operation is now waiting inside the resolver
        try:
            quick = await schema.execute("{ __typename }")
            assert quick.data == {"__typename": "Query"}
            assert not failing.done()  # the two operations really overlapped
        finally:
            release.set()
        result = await failing
    assert [e.message for e in result.errors] == [MASKED]


async def test_graphql_errors_stay_readable(client):
    body = await post(client, "{ viewer { displayNam } }")
    assert "data" not in body
    assert messages(body)[0].startswith("Cannot query field 'displayNam' on type 'Viewer'.")


# --- Depth, alias and token limits -----------------------------------------------------------------


def nested_introspection(levels: int) -> str:
    return "{ __schema { types { fields { type { " + "ofType { " * levels + "name" + " }" * levels + " } } } } }"


async def test_deeply_nested_introspection_is_refused(client, settings):
    body = await post(client, nested_introspection(settings.max_query_depth))
    assert "data" not in body
    assert messages(body) == [
        f"Operation 'anonymous' is nested too deeply (the limit is {settings.max_query_depth} levels)."
    ]


async def test_nesting_through_fragments_counts_too(client, settings):
    levels = settings.max_query_depth
    query = (
        "query Deep { __schema { types { ...F0 } } } "
        + " ".join(f"fragment F{i} on __Type {{ ofType {{ ...F{i + 1} }} }}" for i in range(levels))
        + f" fragment F{levels} on __Type {{ name }}"
    )
    assert "nested too deeply" in messages(await post(client, query))[0]


async def test_graphiql_introspection_query_still_works_in_development(development):
    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
        one_of=True,
    )
    body = await post(development, query)
    assert "errors" not in body, body["errors"]
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_too_many_aliases_are_refused(client, settings):
    def aliased(n: int) -> str:
        return "{ " + " ".join(f"a{i}: __typename" for i in range(n)) + " }"

    assert await post(client, aliased(settings.max_aliases)) == {
        "data": {f"a{i}": "Query" for i in range(settings.max_aliases)}
    }
    body = await post(client, aliased(settings.max_aliases + 1))
    assert "data" not in body
    assert messages(body) == [f"{settings.max_aliases + 1} aliases found. Allowed: {settings.max_aliases}"]


async def test_too_many_tokens_are_refused(client, settings):
    body = await post(client, "{ " + "__typename " * settings.max_tokens + "}")
    assert "data" not in body
    assert messages(body) == [
        f"Syntax Error: Document contains more than {settings.max_tokens} tokens. Parsing aborted."
    ]


# --- No schema discovery in production -------------------------------------------------------------


@pytest.mark.parametrize("query", ["{ __schema { queryType { name } } }", '{ __type(name: "Query") { name } }'])
async def test_introspection_is_off_in_production(production, client, query):
    body = await post(production, query)
    assert "data" not in body
    assert "introspection has been disabled" in messages(body)[0]
    assert "errors" not in await post(client, query)  # it is on elsewhere, so this test can fail
    assert await post(production, "{ __typename }") == {"data": {"__typename": "Query"}}


MISSPELLED = [
    pytest.param("{ viewer { displayNam } }", None, id="field"),
    pytest.param(
        'mutation { createInvite(input: {communityId: "x", role: ADMN}) { errors { message } } }',
        None,
        id="enum-literal",
    ),
    pytest.param(
        "mutation($i: CreateInviteInput!) { createInvite(input: $i) { errors { message } } }",
        {"i": {"communityId": "x", "role": "ADMN"}},
        id="enum-in-variables",
    ),
    pytest.param(
        SIGN_UP,
        {"i": {"email": "a@example.org", "password": PASSWORD, "displayName": "A", "uiLanguag": "en"}},
        id="input-field-in-variables",
    ),
]


@pytest.mark.parametrize(("query", "variables"), MISSPELLED)
async def test_no_suggestions_in_production(production, client, query, variables):
    elsewhere = messages(await post(client, query, variables))
    assert any("Did you mean" in m for m in elsewhere), elsewhere  # the test environment suggests
    body = await post(production, query, variables)
    assert "data" not in body
    assert messages(body) and not any("Did you mean" in m for m in messages(body)), messages(body)
