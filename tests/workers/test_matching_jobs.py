"""Matching runs in the worker after a need or a strength is created or changed (enqueued after commit)."""

import asyncio

from sqlalchemy import select

from api.skills.models import Match, Need
from tests.workers.test_jobs import started
from workers.settings import make_worker


async def wait_for(predicate, timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_posting_a_need_and_adding_a_strength_are_matched_by_the_worker(f, sessions, settings):
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
    worker = make_worker(settings, cron_jobs=[], grace=5)  # the same queue the API enqueued onto
    worker.SIGNALS = []
    await worker.queue.connect()
    running = asyncio.create_task(worker.start())
    try:
        await started(worker.queue)

        async def suggested() -> bool:
            async with sessions() as s:
                return (await s.scalar(select(Need.matches_computed_at))) is not None and bool((await s.scalars(select(Match))).all())

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
    finally:
        await asyncio.wait_for(worker.stop(), 10)
        await asyncio.wait_for(running, 10)
        await worker.queue.disconnect()
    mine = await f.ok("{ suggestedMatches { need { title } reasons } }", user=luis)
    assert mine["suggestedMatches"][0]["need"]["title"] == "Fractions help"
