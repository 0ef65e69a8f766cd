"""Shared groups feed matching: a helper in one of the family's groups ranks above an otherwise
equal helper, and the reason names the group; a hidden group is never named (nor counted)."""

from __future__ import annotations

import pytest

from tests.e2e.test_skills import ADD_STRENGTH, MATH, POST_NEED
from tests.groups.test_groups import JOIN, make_group

MATCHES = "query($id: ID!) { matchesForNeed(needId: $id) { helper { displayName } reasons } }"


@pytest.mark.parametrize("hidden", [False, True])
async def test_a_helper_in_the_familys_group_ranks_first_and_the_reason_names_the_group(f, runner, hidden):
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo, name="Grade 3 families", hidden=hidden)
    ana = await f.member(c, "Ana")
    # Two helpers alike in every way, but for the group ("Bea" first by name, so the tie-break
    # would favour her).
    bea, zoe = await f.member(c, "Bea"), await f.member(c, "Zoe")
    for helper in (bea, zoe):
        await f.ok(ADD_STRENGTH, {"i": MATH}, helper)
    for person in (ana, zoe):
        if hidden:
            await f.ok(
                "mutation($i: InviteToGroupInput!) { inviteToGroup(input: $i) { errors { code } } }",
                {"i": {"groupId": gid, "caregiverId": person.id}},
                leo,
            )
        await f.ok(JOIN, {"i": {"groupId": gid}}, person)
    need = (
        await f.ok(
            POST_NEED,
            {"i": {"communityId": c.id, "category": "tutoring.math", "title": "Fractions help", "mode": "VIRTUAL"}},
            ana,
        )
    )["postNeed"]["need"]["id"]
    await runner.run()
    matches = (await f.ok(MATCHES, {"id": need}, ana))["matchesForNeed"]
    by_name = {m["helper"]["displayName"]: m["reasons"] for m in matches}
    if hidden:
        assert not any("Grade 3 families" in r for reasons in by_name.values() for r in reasons)
    else:
        assert matches[0]["helper"]["displayName"] == "Zoe"
        assert "both in “Grade 3 families”" in by_name["Zoe"]
        assert not any("both in" in r for r in by_name["Bea"])
