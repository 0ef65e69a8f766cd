"""Where each table goes when the schema is distributed by community (Citus, docs/partitioning.md).
A table holding one community's rows carries a required community_id and is declared nowhere; a table
that does not is declared by its domain's models.py in `NOT_BY_COMMUNITY` ({model: (Placement, why)}).
tests/operations/test_partition_ready.py fails for a table that is neither."""

from __future__ import annotations

from enum import StrEnum

from api.domains import parts


class Placement(StrEnum):
    # Small, read with every community's rows: a copy on every node, so any shard joins it locally.
    REFERENCE = "reference"
    # A person's own rows, too many or too busy to copy everywhere: distributed by the account's id.
    BY_ACCOUNT = "by_account"
    # Platform machinery no community query joins: a plain table on the coordinator.
    COORDINATOR = "coordinator"


# Tables no domain's models declare.
_OWN = {"alembic_version": (Placement.COORDINATOR, "Alembic's record of the applied migration.")}


def not_by_community() -> dict[str, tuple[Placement, str]]:
    """Every table that is not one community's data: its placement and why, by table name."""
    found = dict(_OWN)
    for module in parts("models"):
        for model, placed in getattr(module, "NOT_BY_COMMUNITY", {}).items():
            found[model.__tablename__] = placed
    return found
