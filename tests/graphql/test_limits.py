"""Documents built to be expensive to validate are refused before graphql-core's quadratic rules see
them, in a few milliseconds; every operation the PWA sends stays well inside the limits."""

from __future__ import annotations

import dataclasses
import gc
import json
import time
from collections.abc import AsyncIterator

import pytest
from graphql import parse, specified_rules, validate
from litestar.testing import AsyncTestClient

from api.config import ROOT, Settings
from schema.limits import DocumentLimits, document_limit_errors, document_limits_rule
from schema.schema import build_schema
from village.app import create_app

# A refusal must stay far under this much CPU time (client, server and parse together, in-process).
REFUSAL_BUDGET = 0.05

REPEATED = "query Repeated { " + " ".join(["viewer { id }"] * 700) + " }"
# 2²⁰ `viewer { id }` from 21 small fragments: each spreads the next one twice.
AMPLIFIED = (
    "query Amplified { ...F0 } "
    + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(20))
    + " fragment F20 on Query { viewer { id } }"
)
# One field per level, far deeper than the depth limit.
DEEP = "query Deep " + "{ __schema { types " + "{ ofType " * 150 + "{ name }" + " }" * 150 + " } }"
# A long chain of fragments that adds no depth but would still walk down Python's stack.
CHAINED = (
    "query Chained { ...F0 } "
    + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(300))
    + " fragment F300 on Query { viewer { id } }"
)


async def post(client: AsyncTestClient, query: str) -> tuple[dict, float]:
    """The answer to `query` and the CPU time it took. The garbage collector runs first: a full
    collection of the test process's heap (~0.15 s) would otherwise land inside whichever request
    happens to allocate past its threshold, and measure pytest rather than the server."""
    gc.collect()
    started = time.process_time()
    r = await client.post("/graphql", json={"query": query})
    spent = time.process_time() - started
    assert r.status_code == 200, r.text
    return r.json(), spent


def messages(body: dict) -> list[str]:
    return [e["message"] for e in body.get("errors", [])]


@pytest.fixture(scope="module")
async def unlimited(settings: Settings) -> AsyncIterator[AsyncTestClient]:
    """The same app with the selection limits raised out of the way (depth and tokens unchanged)."""
    raised = dataclasses.replace(settings, max_selections=10**9, max_field_repeats=10**9)
    async with AsyncTestClient(create_app(raised)) as c:
        yield c


async def test_repeated_fields_are_refused_before_the_expensive_rules(client, unlimited, settings):
    await post(client, "{ __typename }")  # warm-up: first-request work is not the refusal's
    body, refused = await post(client, REPEATED)
    assert "data" not in body
    assert messages(body) == [
        f"Operation 'Repeated' selects too many fields: 1400, counting each fragment once per use "
        f"(the limit is {settings.max_selections}).",
        f"Operation 'Repeated' selects 'viewer' 700 times in one selection set "
        f"(the limit is {settings.max_field_repeats}).",
    ]
    assert refused < REFUSAL_BUDGET

    # Without the limits the same document reaches OverlappingFieldsCanBeMerged: far slower.
    await post(unlimited, "{ __typename }")
    body, validated = await post(unlimited, REPEATED)
    # (graphql-core gives up on it, after seconds, with "Validation aborted.")
    assert not any("selects" in m for m in messages(body)), body
    assert validated > 10 * refused, (validated, refused)


async def test_repeats_merged_from_fragments_count_in_one_selection_set(client, settings):
    limit = settings.max_field_repeats
    fragments = " ".join(f"fragment V{i} on Query {{ viewer {{ id }} }}" for i in range(limit + 1))
    query = "query Spread { " + " ".join(f"...V{i}" for i in range(limit + 1)) + " } " + fragments
    body, _ = await post(client, query)
    assert messages(body) == [
        f"Operation 'Spread' selects 'viewer' {limit + 1} times in one selection set (the limit is {limit})."
    ]
    # At the limit the same shape is fine.
    fragments = fragments.rsplit(" fragment", 1)[0]
    query = "query Spread { " + " ".join(f"...V{i}" for i in range(limit)) + " } " + fragments
    body, _ = await post(client, query)
    assert "errors" not in body, body


async def test_fragment_amplification_is_refused_quickly(client, settings):
    await post(client, "{ __typename }")
    body, spent = await post(client, AMPLIFIED)
    assert "data" not in body
    assert messages(body)[0] == (
        f"Operation 'Amplified' selects too many fields: {2**20 * 2}, counting each fragment once per use "
        f"(the limit is {settings.max_selections})."
    )
    assert spent < REFUSAL_BUDGET


@pytest.mark.parametrize("query", [DEEP, CHAINED], ids=["deep", "chained"])
async def test_deep_narrow_documents_are_refused_quickly(client, settings, query):
    await post(client, "{ __typename }")
    body, spent = await post(client, query)
    assert "data" not in body
    name = query.split()[1]
    assert messages(body) == [
        f"Operation '{name}' is nested too deeply (the limit is {settings.max_query_depth} levels)."
    ]
    assert spent < REFUSAL_BUDGET


async def test_fragment_cycles_still_get_graphql_cores_answer(client):
    cycle = "query C { ...A } fragment A on Query { viewer { id } ...B } fragment B on Query { ...A }"
    body, _ = await post(client, cycle)
    assert "data" not in body
    assert any("Cannot spread fragment 'A' within itself" in m for m in messages(body)), body


@pytest.mark.parametrize("environment", ["development", "production"])
def test_every_pwa_operation_validates_well_inside_the_limits(settings, environment):
    operations = json.loads((ROOT / "schema" / "operations.json").read_text())
    assert operations
    # The PWA needs less than a third of the default limits: tightened that far, it still validates.
    tight = dataclasses.replace(
        settings, environment=environment, max_selections=settings.max_selections // 3, max_field_repeats=2
    )
    limits = DocumentLimits(tight.max_query_depth, tight.max_selections, tight.max_field_repeats)
    rules = [*specified_rules, document_limits_rule(limits)]
    schema = build_schema(tight)._schema
    for op in operations.values():
        document = parse(op["document"])
        assert document_limit_errors(document, limits) == [], op["name"]
        assert validate(schema, document, rules) == [], op["name"]
