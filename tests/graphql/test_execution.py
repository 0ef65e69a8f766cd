"""The executor's shortcut for plain fields (schema/execution.py) answers exactly what graphql-core's
ordinary way answers: the same data for the PWA's screens, and the same errors, with the same
messages and paths, when a plain field holds something it may not return."""

from __future__ import annotations

import dataclasses
from enum import Enum
from unittest import mock

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.execution import FastExecutionContext
from tests.graphql.test_request_path import NEED, _helper_with_suggestions
from tests.support.operations import operation


async def test_the_screens_answer_the_same_with_and_without_the_shortcut(f, runner):
    c, ana = await _helper_with_suggestions(f, runner, 3)
    poster = await f.member(c, "Poster")
    await f.ok(
        NEED,
        {
            "i": {
                "communityId": c.id,
                "category": "tutoring.reading",
                "title": "Reading practice",
                "mode": "IN_PERSON",
                "startsAt": "2027-01-05T17:00:00Z",
                "endsAt": "2027-01-05T18:00:00Z",
            }
        },
        poster,
    )
    screens = [
        ("HomeOverview", {}),
        ("UnreadCount", {}),
        ("SkillsNeeds", {"communityId": c.id, "first": 20}),
    ]
    fast = [await f.ok(operation(name), variables, ana) for name, variables in screens]
    with mock.patch.object(
        FastExecutionContext, "execute_fields", StrawberryGraphQLCoreExecutionContext.execute_fields
    ):
        slow = [await f.ok(operation(name), variables, ana) for name, variables in screens]
    assert fast == slow
    needs = fast[2]["needs"]["edges"]
    assert len(needs) == 4 and {n["node"]["mode"] for n in needs} == {"VIRTUAL", "IN_PERSON"}
    assert len(fast[0]["suggestedMatches"]) == 3


# A schema of its own, to put into plain fields what our types never hold.


@strawberry.enum
class Colour(Enum):
    RED = "red"


@strawberry.type
class Thing:
    name: str
    nickname: str | None
    count: int
    colour: Colour
    when: str | None = None

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


@dataclasses.dataclass
class Raw:
    """What a resolver might hand over: any values, and one attribute that fails when read."""

    name: object = "ok"
    nickname: object = None
    count: object = 1
    colour: object = Colour.RED

    @property
    def when(self) -> str:
        raise RuntimeError("cannot read this")


def _schema(things: list[Raw], context_class) -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def things(self) -> list[Thing | None]:
            return things  # type: ignore[return-value]

    return strawberry.Schema(query=Query, execution_context_class=context_class)


DOCUMENT = "{ things { name nickname count colour when shout } }"


@pytest.mark.parametrize(
    "raw",
    [
        Raw(),  # only `when` fails
        Raw(name=None),  # null for a non-null field: the item becomes null
        Raw(count="many"),  # a value the serializer refuses
        Raw(colour="blue"),  # not a value of the enum
        Raw(nickname=7),  # an int where a string is expected: graphql-core turns it into "7"
    ],
)
async def test_a_plain_field_fails_exactly_as_the_ordinary_way_fails(raw):
    fast = await _schema([raw, Raw()], FastExecutionContext).execute(DOCUMENT)
    slow = await _schema([raw, Raw()], StrawberryGraphQLCoreExecutionContext).execute(DOCUMENT)
    assert fast.data == slow.data
    assert [(e.message, e.path) for e in fast.errors or []] == [(e.message, e.path) for e in slow.errors or []]
    assert fast.errors, "every case has at least the failing `when`"


async def test_plain_fields_skip_the_per_field_machinery_and_the_rest_keep_it():
    schema = _schema([Raw(), Raw()], FastExecutionContext)
    built: list[str] = []
    real = StrawberryGraphQLCoreExecutionContext.build_resolve_info

    def spy(self, field_def, field_nodes, parent_type, path):
        built.append(f"{parent_type.name}.{field_nodes[0].name.value}")
        return real(self, field_def, field_nodes, parent_type, path)

    with mock.patch.object(StrawberryGraphQLCoreExecutionContext, "build_resolve_info", spy):
        result = await schema.execute("{ things { name nickname count colour shout } }")
    assert result.errors is None
    assert result.data == {"things": [{"name": "ok", "nickname": None, "count": 1, "colour": "RED", "shout": "OK"}] * 2}
    # The root field and the field with a resolver, once per item; the plain fields never.
    assert built == ["Query.things", "Thing.shout", "Thing.shout"]
