"""The schema can be distributed by community (docs/partitioning.md). Read from the migrated test
database, every table either is declared not to be one community's data (a domain's
`NOT_BY_COMMUNITY`, api/partitioning.py) or is a community table, which must have:

- `community_id` NOT NULL, a foreign key to communities(id) ON DELETE CASCADE;
- a primary key, unique constraint or index whose first column is community_id (its rows are found
  by community), or else a NOT NULL foreign key to another community table whose column leads a
  primary key, unique constraint or index (its rows are found through that co-located parent's id).

A table added later fails until it is declared or carries community_id. And the community a row
carries is its parent's, whichever way it was written (services, jobs, the demo's COPY history)."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from api.domains import all_models
from api.partitioning import not_by_community
from village import seed

all_models()


def _leading_columns(i, table: str, schema: str) -> set[str]:
    """The first column of the table's primary key, unique constraints and indexes."""
    keys = [i.get_pk_constraint(table, schema=schema)["constrained_columns"]]
    keys += [u["column_names"] for u in i.get_unique_constraints(table, schema=schema)]
    keys += [ix["column_names"] for ix in i.get_indexes(table, schema=schema)]
    return {k[0] for k in keys if k and k[0]}


def problems(conn: Connection, schema: str = "public") -> list[str]:
    """What keeps the tables of `schema` from being distributed by community, one line per problem."""
    i = inspect(conn)
    declared = not_by_community()
    tables = set(i.get_table_names(schema=schema))
    columns = {t: {c["name"]: c for c in i.get_columns(t, schema=schema)} for t in tables}
    community = {t for t in tables - declared.keys() if "community_id" in columns[t]}
    found = [
        f"{t}: no community_id, and no domain declares it in NOT_BY_COMMUNITY"
        for t in sorted(tables - declared.keys() - community)
    ]
    for t in sorted(community):
        if columns[t]["community_id"]["nullable"]:
            found.append(f"{t}: community_id may be null")
        fks = i.get_foreign_keys(t, schema=schema)
        if not any(
            fk["constrained_columns"] == ["community_id"]
            and fk["referred_table"] == "communities"
            and fk["referred_columns"] == ["id"]
            and fk["options"].get("ondelete", "").upper() == "CASCADE"
            for fk in fks
        ):
            found.append(f"{t}: community_id is not a foreign key to communities(id) ON DELETE CASCADE")
        leading = _leading_columns(i, t, schema)
        if "community_id" in leading:
            continue
        through_parent = any(
            len(fk["constrained_columns"]) == 1
            and fk["referred_schema"] in (None, schema)
            and fk["referred_table"] in community - {t}
            and not columns[t][fk["constrained_columns"][0]]["nullable"]
            and fk["constrained_columns"][0] in leading
            for fk in fks
        )
        if not through_parent:
            found.append(f"{t}: nothing indexed leads with community_id or with a community parent's id")
    return found


async def test_every_table_is_community_data_or_declared_otherwise(engine):
    async with engine.connect() as conn:
        assert await conn.run_sync(problems) == []
        tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    # A declaration for a table that no longer exists is stale.
    assert not_by_community().keys() - tables == set()


async def test_the_check_names_each_table_that_is_not_ready(engine):
    # Tables made in a schema of their own and rolled back: nobody else sees them.
    async with engine.connect() as conn, conn.begin():
        for ddl in (
            "create schema probe",
            # Forgotten: neither community data nor declared.
            "create table probe.gossip (id uuid primary key)",
            # community_id optional, cascading nowhere, nothing indexed by it.
            "create table probe.notes (id uuid primary key, community_id uuid references public.communities (id))",
            # Found by community.
            "create table probe.threads (id uuid primary key,"
            " community_id uuid not null references public.communities (id) on delete cascade)",
            "create index on probe.threads (community_id)",
            # Found through its thread.
            "create table probe.replies (thread_id uuid not null references probe.threads (id),"
            " community_id uuid not null references public.communities (id) on delete cascade,"
            " n int, primary key (thread_id, n))",
            # Points at its thread, but nothing finds its rows without reading them all.
            "create table probe.likes (thread_id uuid not null references probe.threads (id),"
            " community_id uuid not null references public.communities (id) on delete cascade)",
        ):
            await conn.execute(text(ddl))
        found = await conn.run_sync(problems, "probe")
        await conn.rollback()
    assert found == [
        "gossip: no community_id, and no domain declares it in NOT_BY_COMMUNITY",
        "likes: nothing indexed leads with community_id or with a community parent's id",
        "notes: community_id may be null",
        "notes: community_id is not a foreign key to communities(id) ON DELETE CASCADE",
        "notes: nothing indexed leads with community_id or with a community parent's id",
    ]


def _community_parents(conn: Connection) -> list[tuple[str, str, str]]:
    """(table, column, parent table) for each NOT NULL foreign key between two community tables."""
    i = inspect(conn)
    declared = not_by_community()
    tables = set(i.get_table_names()) - declared.keys()
    columns = {t: {c["name"]: c for c in i.get_columns(t)} for t in tables}
    community = {t for t in tables if "community_id" in columns[t]} - {"communities"}
    return [
        (t, fk["constrained_columns"][0], fk["referred_table"])
        for t in sorted(community)
        for fk in i.get_foreign_keys(t)
        if len(fk["constrained_columns"]) == 1
        and fk["referred_table"] in community - {t}
        and not columns[t][fk["constrained_columns"][0]]["nullable"]
    ]


async def test_every_row_is_in_its_parents_community(engine, sessions, settings):
    await seed.seed(sessions, settings, progress=lambda _: None)
    async with engine.connect() as conn:
        pairs = await conn.run_sync(_community_parents)
        assert ("messages", "conversation_id", "conversations") in pairs
        counts = {}
        for table, column, parent in pairs:
            counts[f"{table}.{column}"] = (
                await conn.execute(
                    text(
                        f"select count(*) filter (where c.community_id <> p.community_id), count(*)"
                        f" from {table} c join {parent} p on p.id = c.{column}"
                    )
                )
            ).one()
    assert {k: wrong for k, (wrong, _) in counts.items() if wrong} == {}
    assert counts["messages.conversation_id"][1] > 0  # the demo's conversations were checked
