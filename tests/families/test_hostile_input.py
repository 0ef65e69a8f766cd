"""Input a browser would never send but a person (or a script) can: clear errors naming the field,
and nothing changes."""

import pytest
from sqlalchemy import func, select

from api.families.models import Child

ADD = "mutation($i: AddChildInput!) { addChild(input: $i) { child { id } errors { field code message } } }"
UPDATE = "mutation($i: UpdateChildInput!) { updateChild(input: $i) { child { id } errors { field code message } } }"
JOIN = "mutation($i: JoinFamilyInput!) { joinFamily(input: $i) { family { id } errors { field code message } } }"


async def children(sessions) -> int:
    async with sessions() as s:
        return await s.scalar(select(func.count()).select_from(Child))


@pytest.mark.parametrize("code", ["ABC\x00DEF", "\x00", "ABCDEF\x1f"])
async def test_control_characters_in_a_family_code_are_refused(f, code):
    ana, luis = await f.user("Ana"), await f.user("Luis")
    await f.ok("mutation { inviteCaregiverToFamily { invite { code } errors { code } } }", user=ana)
    before = (await f.ok("{ myFamily { id } }", user=luis))["myFamily"]["id"]
    body = await f.gql(JOIN, {"i": {"code": code}}, luis)
    assert "errors" not in body, body
    assert [(e["field"], e["code"]) for e in body["data"]["joinFamily"]["errors"]] == [
        (["input", "code"], "INVALID_CHARACTERS")
    ]
    assert (await f.ok("{ myFamily { id } }", user=luis))["myFamily"]["id"] == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "Mia\x00"}, "name"),
        ({"name": "Mia\nRosa"}, "name"),
        ({"name": "Mia", "grade": "K\x00"}, "grade"),
        ({"name": "Mia", "strengths": ["kind\x00"]}, "strengths.0"),
        ({"name": "Mia", "passions": ["a", "\x00"]}, "passions.1"),
        ({"name": "Mia", "interests": ["\x08"]}, "interests.0"),
        ({"name": "Mia", "joy": "Dancing\x00"}, "joy"),
    ],
)
async def test_control_characters_in_a_child_are_refused(f, sessions, payload, field):
    u = await f.user()
    body = await f.gql(ADD, {"i": payload}, u)
    assert "errors" not in body, body
    errors = body["data"]["addChild"]["errors"]
    assert {"field": ["input", *field.split(".")], "code": "INVALID_CHARACTERS"} in [
        {"field": e["field"], "code": e["code"]} for e in errors
    ]
    assert await children(sessions) == 0
    kid = await f.child(u, "Mia")
    body = await f.gql(UPDATE, {"i": {"childId": kid, **payload}}, u)
    assert {"field": ["input", *field.split(".")], "code": "INVALID_CHARACTERS"} in [
        {"field": e["field"], "code": e["code"]} for e in body["data"]["updateChild"]["errors"]
    ]
    assert (await f.ok("{ myFamily { children { name strengths joy } } }", user=u))["myFamily"]["children"] == [
        {"name": "Mia", "strengths": ["drawing"], "joy": ""}
    ]


async def test_a_childs_joy_keeps_its_line_breaks(f):
    u = await f.user()
    body = await f.ok(ADD, {"i": {"name": "Mia", "joy": "Dancing\nand\tsinging"}}, u)
    assert body["addChild"]["child"]["id"]
