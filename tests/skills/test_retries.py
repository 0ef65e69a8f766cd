"""Asking for help and offering it are exactly once per person and client id: the offline queue
resends what it is not sure arrived, and an answer lost on the way looks like a failure to the phone.
The second send returns what the first made; the same id with other content is refused and changes
nothing; a refused send is checked again when resent."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from api.ids import from_global_id, to_global_id
from api.outbox.models import OutboxEvent
from api.retries.models import ClientMutation
from api.skills.models import Match, Need
from tests.notifications.support import scene

POST_NEED = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id title } errors { field code message } } }"
OFFER = "mutation($i: OfferHelpInput!) { offerHelp(input: $i) { match { id status } errors { field code } } }"
REQUEST = "mutation($i: RequestHelpInput!) { requestHelp(input: $i) { match { id status } errors { field code } } }"


def need_input(s, title="Fractions help", **kw) -> dict:
    return {"communityId": s.community.id, "category": "tutoring.math", "title": title, "mode": "VIRTUAL", **kw}


async def count(sessions, model, *where) -> int:
    async with sessions() as db:
        return await db.scalar(select(func.count()).select_from(model).where(*where))


async def test_a_need_sent_again_after_a_lost_answer_is_posted_once(f, sessions):
    s = await scene(f)
    first = await f.ok(POST_NEED, {"i": need_input(s, clientMutationId="queue-1")}, s.ana)
    again = await f.ok(POST_NEED, {"i": need_input(s, clientMutationId="queue-1")}, s.ana)
    assert again == first
    assert await count(sessions, Need) == 1
    assert await count(sessions, OutboxEvent, OutboxEvent.kind == "need.posted") == 1
    # A new action (a new id) is a new need; another person may use the same id for their own.
    await f.ok(POST_NEED, {"i": need_input(s, "Reading help", clientMutationId="queue-2")}, s.ana)
    await f.ok(POST_NEED, {"i": need_input(s, "Spanish help", clientMutationId="queue-1")}, s.maria)
    assert await count(sessions, Need) == 3


async def test_two_sends_racing_make_one_need(f, sessions):
    s = await scene(f)
    bodies = await asyncio.gather(
        *(f.gql(POST_NEED, {"i": need_input(s, clientMutationId="same")}, s.ana) for _ in range(3))
    )
    ids = {b["data"]["postNeed"]["need"]["id"] for b in bodies}
    assert len(ids) == 1 and all(b["data"]["postNeed"]["errors"] == [] for b in bodies)
    assert await count(sessions, Need) == 1


async def test_the_same_id_with_other_content_is_refused_and_changes_nothing(f, sessions):
    s = await scene(f)
    await f.ok(POST_NEED, {"i": need_input(s, clientMutationId="queue-1")}, s.ana)
    body = await f.gql(POST_NEED, {"i": need_input(s, "Something else", clientMutationId="queue-1")}, s.ana)
    [error] = body["data"]["postNeed"]["errors"]
    assert (error["field"], error["code"]) == (["input", "clientMutationId"], "CLIENT_ID_REUSED")
    assert await count(sessions, Need) == 1


async def test_a_refused_send_is_checked_again_and_a_bad_id_is_refused(f, sessions):
    s = await scene(f)
    body = await f.gql(POST_NEED, {"i": need_input(s, "", clientMutationId="queue-1")}, s.ana)
    assert body["data"]["postNeed"]["errors"][0]["field"][-1] == "title"
    assert await count(sessions, ClientMutation) == 0  # rolled back with the refusal
    fixed = await f.ok(POST_NEED, {"i": need_input(s, "Fractions help", clientMutationId="queue-1")}, s.ana)
    assert fixed["postNeed"]["need"]["title"] == "Fractions help"
    for bad in ("", "x" * 65, "tab\there"):
        body = await f.gql(POST_NEED, {"i": need_input(s, clientMutationId=bad)}, s.ana)
        [error] = body["data"]["postNeed"]["errors"]
        assert (error["field"][-1], error["code"]) == ("clientMutationId", "INVALID")
    assert await count(sessions, Need) == 1


async def test_an_offer_and_a_request_sent_again_happen_once(f, sessions, runner):
    s = await scene(f)
    asked = (await f.ok(POST_NEED, {"i": need_input(s)}, s.ana))["postNeed"]["need"]["id"]
    await runner.run()  # María (maths) is suggested to Ana
    async with sessions() as db:
        suggested = await db.scalar(select(Match.id).where(Match.status == "suggested"))
    ask = {"matchId": to_global_id("Match", suggested), "message": "Could you?", "clientMutationId": "ask-1"}
    first = await f.ok(REQUEST, {"i": ask}, s.ana)
    assert (await f.ok(REQUEST, {"i": ask}, s.ana)) == first
    assert first["requestHelp"]["match"]["status"] == "REQUESTED"
    assert await count(sessions, OutboxEvent, OutboxEvent.kind == "match.requested") == 1

    other = (await f.ok(POST_NEED, {"i": need_input(s, "More fractions")}, s.ana))["postNeed"]["need"]["id"]
    offer = {"needId": other, "message": "Happy to help", "clientMutationId": "offer-1"}
    first = await f.ok(OFFER, {"i": offer}, s.maria)
    assert (await f.ok(OFFER, {"i": offer}, s.maria)) == first
    assert first["offerHelp"]["match"]["status"] == "OFFERED"
    assert await count(sessions, Match, Match.need_id == from_global_id(other, "Need", field="id")) == 1
    assert await count(sessions, OutboxEvent, OutboxEvent.kind == "match.offered") == 1
    assert asked != other


async def test_retry_keys_are_kept_a_week(f, sessions, runner):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    s = await scene(f)
    await f.ok(POST_NEED, {"i": need_input(s, clientMutationId="old")}, s.ana)
    await f.ok(POST_NEED, {"i": need_input(s, "Reading help", clientMutationId="new")}, s.ana)
    async with sessions() as db:
        await db.execute(
            update(ClientMutation)
            .where(ClientMutation.client_id == "old")
            .values(created_at=datetime.now(UTC) - timedelta(days=8))
        )
        await db.commit()
    assert await runner.job("purge_client_mutations") == {"deleted": 1}
    async with sessions() as db:
        assert (await db.scalars(select(ClientMutation.client_id))).all() == ["new"]
