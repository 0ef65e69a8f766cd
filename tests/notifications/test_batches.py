"""A post in a large group: its notifications' pushes go to the sender in batches (one job, one claim
and a few writes for hundreds of notifications), and every device still gets exactly one push."""

from __future__ import annotations

from sqlalchemy import event

from api.notifications import jobs
from tests.groups.test_groups import JOIN, POST, make_group
from tests.notifications.support import register


async def test_a_post_in_a_group_pushes_each_member_once_through_batched_jobs(f, push, runner, engine, monkeypatch):
    monkeypatch.setattr(jobs, "PUSH_BATCH", 3)
    c = await f.community()
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    members = [await f.member(c, f"Family {i}") for i in range(4)]
    endpoints = []
    for m in members:
        await f.ok(JOIN, {"i": {"groupId": gid}}, m)
        endpoints.append(await register(f, m, push))
    await runner.run()  # the joins' news to the leader
    runner.ran.clear()

    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", seen)
    try:
        await f.ok(POST, {"i": {"groupId": gid, "body": "Picnic on Sunday?"}}, leo)
        await runner.run()
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", seen)

    assert [len(push.received(e)) for e in endpoints] == [1, 1, 1, 1]
    batches = sorted(
        len(kw.get("notification_ids") or [kw["notification_id"]]) for fn, kw, _ in runner.ran if fn == "send_pushes"
    )
    assert batches == [1, 3]
    outcomes = [r for fn, _, r in runner.ran if fn == "send_pushes"]
    assert sum(o.get("delivered", 0) for o in outcomes) == 4
    # One claim per job, however many notifications it holds.
    claims = [s for s in statements if s.startswith("UPDATE push_deliveries SET attempts=")]
    assert len(claims) == 2, claims
