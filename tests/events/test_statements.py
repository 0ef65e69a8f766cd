"""The events screens run a fixed number of SQL statements however many events they list."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from api.db import HotRead
from tests.events.support import create, iso, local, rsvp, world

LIST = (
    "query($c: ID!) { events(communityId: $c) { date startsAt goingCount spotsLeft waitlistCount"
    " viewerRsvp { status waitlistPosition } event { id title placeName virtualLink viewerCanManage"
    " organiser { displayName } } } }"
)
CALENDAR = "{ myEvents { date startsAt event { title organiser { displayName } } } }"


@contextmanager
def counting(app) -> Iterator[list[str]]:
    engine, seen = app.state.engine.sync_engine, []

    def on_statement(conn, cursor, statement, *args) -> None:
        seen.append(statement)

    def on_hot_read(statement: str, _connection) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", on_statement)
    HotRead.observers.append(on_hot_read)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        HotRead.observers.remove(on_hot_read)


async def test_the_events_list_and_my_calendar_do_not_grow_with_the_number_of_events(f, app):
    w = await world(f)
    other_leader = await f.member(w.community, "Olga", role="LEADER")
    counts = []
    for i in range(3):
        e = await create(f, w, user=(w.leader, other_leader)[i % 2], start=local(days=2 + i), capacity=5)
        await rsvp(f, w.ana, e["id"], occurrence=iso(local(days=2 + i))[:10])
        with counting(app) as listed:
            data = await f.ok(LIST, {"c": w.community.id}, w.ana)
        with counting(app) as calendar:
            mine = await f.ok(CALENDAR, user=w.ana)
        counts.append((len(listed), len(calendar)))
    assert len(data["events"]) == 3 and len(mine["myEvents"]) == 3
    assert counts == [counts[0]] * 3, counts
    # Session, membership, the events, access (memberships, blocks), date changes, answers, organisers.
    assert counts[0][0] <= 8 and counts[0][1] <= 7, counts
