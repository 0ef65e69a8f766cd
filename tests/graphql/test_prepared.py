"""A document that went the whole way once runs straight through graphql-core after that
(schema/prepared.py), and nobody can tell from the answers: the same data, the same domain errors,
bugs masked the same way and counted in the metrics, bad variables refused the same way."""

from __future__ import annotations

import uuid
from unittest import mock

from api import metrics
from schema.schema import VillageSchema
from schema.skills import SkillsQuery
from tests.graphql.test_hardening import MASKED

COMMUNITY = "query Members($id: ID!) { community(id: $id) { name members(first: 5) { edges { node { role } } } } }"


def _unique(doc: str) -> str:
    """The document as a text this process has not seen yet (prepared documents are kept by text)."""
    return f"{doc}\n# {uuid.uuid4()}"


def _refusing_to_prepare():
    """Strawberry's parse-and-validate step: a prepared document never reaches it."""
    return mock.patch.object(VillageSchema, "_prepare_operation_async", side_effect=AssertionError("prepared"))


async def test_a_domain_error_reads_the_same_the_second_time(f):
    c = await f.community()
    outsider = await f.user("Olga")
    doc = _unique(COMMUNITY)
    first = await f.gql(doc, {"id": c.id}, outsider)
    with _refusing_to_prepare():
        second = await f.gql(doc, {"id": c.id}, outsider)
    assert first == second
    assert first["errors"][0]["extensions"]["code"] in ("NOT_FOUND", "NOT_VERIFIED", "FORBIDDEN")


async def test_a_bug_is_masked_and_counted_the_same_the_second_time(f, monkeypatch):
    c = await f.community()
    ana = await f.member(c, "Ana")
    doc = _unique("query Needs($id: ID!) { needs(communityId: $id, first: 5) { edges { node { title } } } }")
    await f.ok(doc, {"id": c.id}, ana)  # prepared now

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret SQL: SELECT password_hash FROM accounts")

    field = next(f for f in SkillsQuery.__strawberry_definition__.fields if f.python_name == "needs")
    monkeypatch.setattr(field.base_resolver, "wrapped_func", broken)
    internal = metrics.graphql_errors.labels("INTERNAL")
    before = internal._value.get()
    with _refusing_to_prepare():
        body = await f.gql(doc, {"id": c.id}, ana)
    assert [e["message"] for e in body["errors"]] == [MASKED]
    assert "secret" not in str(body) and body["errors"][0]["path"] == ["needs"]
    assert internal._value.get() == before + 1


async def test_bad_variables_are_refused_the_same_way_before_and_after(f):
    c = await f.community()
    ana = await f.member(c, "Ana")
    doc = _unique(COMMUNITY)
    not_prepared = await f.gql(doc, {"id": [1, 2]}, ana)  # refused before execution: not kept
    await f.ok(doc, {"id": c.id}, ana)  # kept
    with _refusing_to_prepare():
        prepared = await f.gql(doc, {"id": [1, 2]}, ana)
        missing = await f.gql(doc, {}, ana)
    assert prepared == not_prepared
    assert "data" not in prepared and "$id" in prepared["errors"][0]["message"]
    assert "data" not in missing and "$id" in missing["errors"][0]["message"]
