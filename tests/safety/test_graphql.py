"""Blocks and reports."""

import pytest
from sqlalchemy import func, select

from api.safety.models import Block, Report
from api.safety.service import hidden_account_ids

BLOCK = "mutation($i: BlockInput!) { block(input: $i) { ok errors { field code } } }"
UNBLOCK = "mutation($i: UnblockInput!) { unblock(input: $i) { ok errors { field code } } }"
REPORT = "mutation($i: ReportInput!) { report(input: $i) { reportId errors { field code message } } }"


async def test_block_hides_both_ways_and_unblock_restores(f, sessions):
    c = await f.community()
    ana = await f.member(c, "Ana")
    bo = await f.member(c, "Bo")
    await f.ok(BLOCK, {"i": {"caregiverId": bo.id}}, ana)
    await f.ok(BLOCK, {"i": {"caregiverId": bo.id}}, ana)  # twice is harmless
    for viewer, other in ((ana, bo), (bo, ana)):
        d = await f.ok("query($id: ID!) { node(id: $id) { id } }", {"id": other.id}, viewer)
        assert d["node"] is None
    assert [
        x["displayName"] for x in (await f.ok("{ blockedCaregivers { displayName } }", user=ana))["blockedCaregivers"]
    ] == ["Bo"]
    async with sessions() as s:
        hidden_for_bo = (await s.execute(select(hidden_account_ids(bo.pk).c.id))).scalars().all()
    assert hidden_for_bo == [ana.pk]
    await f.ok(UNBLOCK, {"i": {"caregiverId": bo.id}}, ana)
    assert (await f.ok("query($id: ID!) { node(id: $id) { id } }", {"id": ana.id}, bo))["node"] == {"id": ana.id}
    again = await f.gql(UNBLOCK, {"i": {"caregiverId": bo.id}}, ana)
    assert again["data"]["unblock"]["errors"][0]["code"] == "NOT_BLOCKED"


@pytest.mark.parametrize("target", ["self", "stranger", "garbage", "child"])
async def test_bad_block_targets(f, sessions, target):
    c = await f.community()
    ana = await f.member(c, "Ana")
    stranger = await f.user("Stranger")
    kid = await f.child(ana)
    gid = {"self": ana.id, "stranger": stranger.id, "garbage": "@@@", "child": kid}[target]
    body = await f.gql(BLOCK, {"i": {"caregiverId": gid}}, ana)
    assert body["data"]["block"]["ok"] is False
    assert (
        body["data"]["block"]["errors"][0]["code"]
        in {"self": ["INVALID"], "stranger": ["NOT_FOUND"], "garbage": ["INVALID_ID"], "child": ["INVALID_ID"]}[target]
    )
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Block)) == 0


async def test_report_reaches_staff_only_once(f, sessions):
    c = await f.community()
    ana = await f.member(c, "Ana")
    bo = await f.member(c, "Bo")
    rid = (
        await f.ok(
            REPORT,
            {
                "i": {
                    "communityId": c.id,
                    "subjectId": bo.id,
                    "reason": "HARASSMENT",
                    "details": "  said unkind things  ",
                }
            },
            ana,
        )
    )["report"]["reportId"]
    dup = await f.gql(REPORT, {"i": {"communityId": c.id, "subjectId": bo.id, "reason": "SPAM"}}, ana)
    assert dup["data"]["report"]["errors"][0]["code"] == "ALREADY_REPORTED"
    staff = await f.ok(
        "query($id: ID!) { node(id: $id) { ... on Report { reason details status subjectType subjectId } } }",
        {"id": rid},
        c.admin,
    )
    assert staff["node"] == {
        "reason": "HARASSMENT",
        "details": "said unkind things",
        "status": "OPEN",
        "subjectType": "caregiver",
        "subjectId": bo.id,
    }
    assert (await f.ok("query($id: ID!) { node(id: $id) { id } }", {"id": rid}, bo))["node"] is None


@pytest.mark.parametrize(
    ("case", "field", "code"),
    [
        ("self", "subjectId", "INVALID"),
        ("foreign", "subjectId", "NOT_FOUND"),
        ("details", "details", "TOO_LONG"),
        ("need", "subjectId", "NOT_FOUND"),
    ],
)
async def test_bad_reports_change_nothing(f, sessions, case, field, code):
    c = await f.community()
    ana = await f.member(c, "Ana")
    elsewhere = await f.community("Elsewhere")
    outsider = await f.member(elsewhere, "Otto")
    import base64
    import uuid

    fake_need = base64.urlsafe_b64encode(f"Need:{uuid.uuid4()}".encode()).decode().rstrip("=")
    subject = {"self": ana.id, "foreign": outsider.id, "details": outsider.id, "need": fake_need}[case]
    details = "x" * 2001 if case == "details" else None
    body = await f.gql(
        REPORT, {"i": {"communityId": c.id, "subjectId": subject, "reason": "OTHER", "details": details}}, ana
    )
    assert body["data"]["report"]["errors"][0]["field"] == ["input", field]
    assert body["data"]["report"]["errors"][0]["code"] == code
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Report)) == 0
