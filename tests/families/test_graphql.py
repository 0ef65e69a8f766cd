"""Families and children's strength circles: minimal data, visible to the family only."""

import pytest
from sqlalchemy import func, select

from api.families.models import Child

ADD = (
    "mutation($i: AddChildInput!) { addChild(input: $i) { child { id name grade strengths passions interests joy } "
    "errors { field code message } } }"
)
UPDATE = (
    "mutation($i: UpdateChildInput!) { updateChild(input: $i) { child { name grade strengths joy } "
    "errors { field code } } }"
)


async def children(sessions) -> int:
    async with sessions() as s:
        return await s.scalar(select(func.count()).select_from(Child))


async def test_add_a_child_with_their_strength_circle(f):
    u = await f.user()
    body = await f.ok(
        ADD,
        {
            "i": {
                "name": " Mia ",
                "grade": "k",
                "strengths": ["kind", "brave", "Kind"],
                "passions": ["drawing"],
                "interests": ["dinosaurs"],
                "joy": "Dancing in the kitchen",
            }
        },
        u,
    )
    child = body["addChild"]["child"]
    assert child | {"id": None} == {
        "id": None,
        "name": "Mia",
        "grade": "K",
        "strengths": ["kind", "brave"],
        "passions": ["drawing"],
        "interests": ["dinosaurs"],
        "joy": "Dancing in the kitchen",
    }
    fam = await f.ok("{ myFamily { children { name } caregivers { displayName } } }", user=u)
    assert fam["myFamily"]["children"] == [{"name": "Mia"}]


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"name": ""}, "name", "REQUIRED"),
        ({"name": "M" * 41}, "name", "TOO_LONG"),
        ({"name": "Mia Rosa Hernandez Lopez"}, "name", "TOO_LONG"),
        ({"name": "Mia", "grade": "13"}, "grade", "INVALID_GRADE"),
        ({"name": "Mia", "strengths": ["x" * 81]}, "strengths.0", "TOO_LONG"),
        ({"name": "Mia", "interests": ["a"] * 21}, "interests", "TOO_MANY"),
        ({"name": "Mia", "joy": "j" * 501}, "joy", "TOO_LONG"),
    ],
)
async def test_bad_child_input_changes_nothing(f, sessions, payload, field, code):
    u = await f.user()
    body = await f.gql(ADD, {"i": payload}, u)
    assert {"field": ["input", *field.split(".")], "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in body["data"]["addChild"]["errors"]
    ]
    assert await children(sessions) == 0


async def test_no_surname_birth_date_or_photo_fields_exist(f):
    u = await f.user()
    body = await f.gql('mutation { addChild(input: {name: "Mia", birthDate: "2018-01-01"}) { child { id } } }', user=u)
    assert body.get("data") is None and "birthDate" in body["errors"][0]["message"]
    body = await f.gql("{ myFamily { children { surname } } }", user=u)
    assert "surname" in body["errors"][0]["message"]


async def test_update_and_remove_a_child(f, sessions):
    u = await f.user()
    kid = await f.child(u, "Mia")
    body = await f.ok(UPDATE, {"i": {"childId": kid, "grade": "4", "joy": "soccer"}}, u)
    assert body["updateChild"]["child"] == {"name": "Mia", "grade": "4", "strengths": ["drawing"], "joy": "soccer"}
    bad = await f.gql(UPDATE, {"i": {"childId": kid, "grade": "Z", "name": "Changed"}}, u)
    assert bad["data"]["updateChild"]["errors"] == [{"field": ["input", "grade"], "code": "INVALID_GRADE"}]
    assert (await f.ok("{ myFamily { children { name grade } } }", user=u))["myFamily"]["children"] == [
        {"name": "Mia", "grade": "4"}
    ]
    await f.ok(
        "mutation($i: RemoveChildInput!) { removeChild(input: $i) { removedChildId errors { code } } }",
        {"i": {"childId": kid}},
        u,
    )
    assert await children(sessions) == 0
    again = await f.gql(
        "mutation($i: RemoveChildInput!) { removeChild(input: $i) { removedChildId errors { code } } }",
        {"i": {"childId": kid}},
        u,
    )
    assert again["data"]["removeChild"]["errors"][0]["code"] == "NOT_FOUND"


async def test_a_second_caregiver_joins_the_family_and_brings_their_children(f):
    ana = await f.user("Ana")
    luis = await f.user("Luis")
    await f.child(ana, "Mia")
    await f.child(luis, "Leo")
    invite = (
        await f.ok("mutation { inviteCaregiverToFamily { invite { code expiresAt } errors { code } } }", user=ana)
    )["inviteCaregiverToFamily"]["invite"]
    fam = (
        await f.ok(
            "mutation($i: JoinFamilyInput!) { joinFamily(input: $i) { family { caregivers { displayName } "
            "children { name } } errors { code } } }",
            {"i": {"code": invite["code"]}},
            luis,
        )
    )["joinFamily"]["family"]
    assert sorted(c["displayName"] for c in fam["caregivers"]) == ["Ana", "Luis"]
    assert sorted(c["name"] for c in fam["children"]) == ["Leo", "Mia"]
    seen_by_ana = (await f.ok("{ myFamily { children { name } } }", user=ana))["myFamily"]["children"]
    assert sorted(c["name"] for c in seen_by_ana) == ["Leo", "Mia"]
    # A code works once.
    reuse = await f.gql(
        "mutation($i: JoinFamilyInput!) { joinFamily(input: $i) { errors { code } } }",
        {"i": {"code": invite["code"]}},
        await f.user(),
    )
    assert reuse["data"]["joinFamily"]["errors"][0]["code"] == "INVALID_INVITE"


async def test_children_never_show_up_for_other_families_or_staff(f):
    c = await f.community()
    ana = await f.member(c, "Ana")
    await f.child(ana, "Mia")
    other = await f.member(c, "Bo")
    for viewer in (other, c.admin):
        fam = await f.ok("{ myFamily { children { name } } }", user=viewer)
        assert fam["myFamily"]["children"] == []
        d = await f.ok("query($id: ID!) { node(id: $id) { ... on Caregiver { displayName } } }", {"id": ana.id}, viewer)
        assert "Mia" not in str(d)


async def test_family_needs_sign_in(f):
    body = await f.gql("{ myFamily { id } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await f.gql(ADD, {"i": {"name": "Mia"}})
    assert body["data"]["addChild"]["errors"][0]["code"] == "UNAUTHENTICATED"
