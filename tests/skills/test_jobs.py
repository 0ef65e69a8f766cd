"""Matching runs in the worker after a need or a strength is created or changed (enqueued after commit)."""

import dataclasses

from sqlalchemy import select

from api.skills.models import Match, Need
from tests.support.polling import wait_for


async def test_posting_a_need_and_adding_a_strength_are_matched_by_the_worker(f, sessions, settings, running_worker):
    c = await f.community()
    ana = await f.member(c, "Ana")
    maria = await f.member(c, "María")
    await f.ok(
        "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { code } } }",
        {"i": {"category": "tutoring.math", "title": "Math tutoring", "modes": ["VIRTUAL"]}},
        maria,
    )
    await f.ok(
        "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { code } } }",
        {"i": {"communityId": c.id, "category": "tutoring.math", "title": "Fractions help", "mode": "VIRTUAL"}},
        ana,
    )
    # The same queue the API enqueued onto. The sweeper runs too: the after-commit enqueue is best
    # effort (it gives up after 2 s, as on a busy machine), and the outbox is what guarantees the run.
    fast_sweep = dataclasses.replace(settings, outbox_sweep_every=1, outbox_sweep_after=0.5)
    async with running_worker(fast_sweep):

        async def suggested() -> bool:
            async with sessions() as s:
                return (await s.scalar(select(Need.matches_computed_at))) is not None and bool(
                    (await s.scalars(select(Match))).all()
                )

        await wait_for(suggested)
        # A strength added later reaches the open need through the worker as well.
        luis = await f.member(c, "Luis")
        await f.ok(
            "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { code } } }",
            {"i": {"category": "tutoring.math", "title": "Fractions and decimals", "modes": ["VIRTUAL"]}},
            luis,
        )

        async def two_helpers() -> bool:
            async with sessions() as s:
                return len((await s.scalars(select(Match.helper_id))).all()) == 2

        await wait_for(two_helpers)
    mine = await f.ok("{ suggestedMatches { need { title } reasons } }", user=luis)
    assert mine["suggestedMatches"][0]["need"]["title"] == "Fractions help"
