"""Deleting an account for real, and exporting everything held about a person."""

from sqlalchemy import text

from tests.conftest import REFERENCE_TABLES
from tests.factories import PASSWORD

DELETE = "mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { ok errors { field code } } }"
EXPORT = "mutation { exportMyData { data errors { code } } }"


async def rows_mentioning(sessions, needle: str) -> list[str]:
    """Every row in every table whose text form contains the needle (an id or an email)."""
    found = []
    async with sessions() as s:
        tables = (await s.execute(text("select tablename from pg_tables where schemaname='public'"))).scalars().all()
        for t in set(tables) - REFERENCE_TABLES:  # reference data (ZIP codes: "Miami" holds "Mia") is nobody's
            n = await s.scalar(
                text(f'select count(*) from "{t}" x where row_to_json(x)::text ilike :n'), {"n": f"%{needle}%"}
            )
            if n:
                found.append(f"{t}:{n}")
    return found


async def test_delete_account_leaves_no_rows_of_that_person(f, sessions):
    c = await f.community()
    ana = await f.member(c, "Ana")
    bo = await f.member(c, "Bo")
    await f.child(ana, "Mia")
    await f.ok(
        "mutation($i: BlockInput!) { block(input: $i) { ok errors { message } } }", {"i": {"caregiverId": bo.id}}, ana
    )
    await f.ok(
        "mutation($i: BlockInput!) { block(input: $i) { ok errors { message } } }", {"i": {"caregiverId": ana.id}}, bo
    )
    await f.ok(
        "mutation($i: ReportInput!) { report(input: $i) { reportId errors { message } } }",
        {"i": {"communityId": c.id, "subjectId": ana.id, "reason": "SPAM"}},
        bo,
    )
    await f.ok("mutation { inviteCaregiverToFamily { invite { code } errors { message } } }", user=ana)

    wrong = await f.gql(DELETE, {"i": {"password": "not my password"}}, user=ana)
    assert wrong["data"]["deleteAccount"]["errors"][0]["code"] == "BAD_PASSWORD"
    assert await rows_mentioning(sessions, str(ana.pk))

    body = await f.gql(DELETE, {"i": {"password": PASSWORD}}, user=ana)
    assert body["data"]["deleteAccount"] == {"ok": True, "errors": []}
    assert await rows_mentioning(sessions, str(ana.pk)) == []
    assert await rows_mentioning(sessions, ana.email) == []
    assert await rows_mentioning(sessions, "Mia") == []
    # Her token is dead; Bo is untouched.
    assert (await f.gql("{ viewer { id } }", user=ana))["data"]["viewer"] is None
    assert (await f.gql("{ viewer { displayName } }", user=bo))["data"]["viewer"]["displayName"] == "Bo"


async def test_children_stay_when_another_caregiver_remains(f):
    ana = await f.user("Ana")
    luis = await f.user("Luis")
    await f.child(ana, "Mia")
    code = (await f.ok("mutation { inviteCaregiverToFamily { invite { code } errors { message } } }", user=ana))[
        "inviteCaregiverToFamily"
    ]["invite"]["code"]
    await f.ok(
        "mutation($i: JoinFamilyInput!) { joinFamily(input: $i) { family { id } errors { message } } }",
        {"i": {"code": code}},
        luis,
    )
    await f.ok(DELETE, {"i": {"password": PASSWORD}}, ana)
    fam = (await f.ok("{ myFamily { caregivers { displayName } children { name } } }", user=luis))["myFamily"]
    assert fam == {"caregivers": [{"displayName": "Luis"}], "children": [{"name": "Mia"}]}


async def test_export_contains_everything_about_me_and_my_children(f):
    c = await f.community("Lincoln Elementary")
    ana = await f.member(c, "Ana", languages=["es"], strengths=["cooking"], postalCode="78701")
    bo = await f.member(c, "Bo")
    await f.child(ana, "Mia", joy="dancing", interests=["dinosaurs"])
    await f.ok(
        "mutation($i: BlockInput!) { block(input: $i) { ok errors { message } } }", {"i": {"caregiverId": bo.id}}, ana
    )
    await f.ok(
        "mutation($i: ReportInput!) { report(input: $i) { reportId errors { message } } }",
        {"i": {"communityId": c.id, "subjectId": bo.id, "reason": "OTHER", "details": "rude"}},
        ana,
    )
    data = (await f.ok(EXPORT, user=ana))["exportMyData"]["data"]
    assert data["account"]["email"] == ana.email
    assert data["account"]["languages"] == ["es"]
    assert data["account"]["strengthCircle"]["strengths"] == ["cooking"]
    assert data["account"]["homeArea"]["label"] == "Austin, TX"
    assert [m["community"] for m in data["memberships"]] == ["Lincoln Elementary"]
    assert data["family"]["children"][0] | {"createdAt": None} == {
        "name": "Mia",
        "grade": "3",
        "strengths": ["drawing"],
        "passions": [],
        "interests": ["dinosaurs"],
        "joy": "dancing",
        "createdAt": None,
    }
    assert data["blocks"][0]["displayName"] == "Bo"
    assert data["reportsFiled"][0]["details"] == "rude"
    assert len(data["sessions"]) == 1
    assert "passwordHash" not in str(data) and "$argon2" not in str(data)


async def test_export_and_delete_need_a_signed_in_person(f):
    assert (await f.gql(EXPORT))["data"]["exportMyData"]["errors"][0]["code"] == "UNAUTHENTICATED"
    assert (await f.gql(DELETE, {"i": {"password": PASSWORD}}))["data"]["deleteAccount"]["errors"][0][
        "code"
    ] == "UNAUTHENTICATED"
