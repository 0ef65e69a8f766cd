"""The one list of domains. Shared machinery discovers each domain's parts from it by module name,
so adding a domain means adding its package and one line here (docs/adding-a-domain.md):

    api/<domain>/models.py   its tables (imported for Base.metadata: Alembic, the tests)
    api/<domain>/events.py   KINDS (notification kinds), PLANS (outbox event kind -> who is told),
                             FOLLOW_UPS (outbox event kind -> a job to run after it)
    api/<domain>/jobs.py     FUNCTIONS (worker jobs), cron_jobs(settings) -> [CronJob],
                             periodic(settings) -> [Periodic] (timers every worker runs itself)
    api/<domain>/ties.py     tied(db, community_id, account_id, others) -> set (who the person knows
                             through it: a first message from them is not a message request)
    api/<domain>/insights.py collect(db, community_id, families, activity): its part of what the school
                             insights count (api/insights/activity.py)
    api/<domain>/export.py   export(db, account) -> dict (its part of exportMyData), delete(db, account)
                             (run before the account row goes), EXPORTED / NOT_EXPORTED (coverage)
    schema/<domain>.py       <Domain>Query, <Domain>Mutation, <Domain>Subscription (all optional)

Every part is optional: a domain provides what it has."""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache
from types import ModuleType

# Order matters only where a later domain's export or deletion reads an earlier one's rows:
# accounts last among deletions (see api.accounts.export), so it is listed first and deleted last.
DOMAINS: tuple[str, ...] = (
    "accounts",
    "communities",
    "families",
    "safety",
    "skills",
    "groups",
    "events",
    "messages",
    "carpools",
    "insights",
    "notifications",
    "outbox",
    "platform",
    "retries",
)


@cache
def parts(part: str, *, package: str = "api") -> tuple[ModuleType, ...]:
    """The `<package>.<domain>.<part>` modules that exist, in domain order (e.g. every events.py)."""
    found = []
    for name in DOMAINS:
        module_name = f"{package}.{name}.{part}" if part else f"{package}.{name}"
        try:
            spec = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:  # the domain has no package on this side (e.g. no schema module)
            spec = None
        if spec is not None:
            found.append(importlib.import_module(module_name))
    return tuple(found)


def all_models() -> None:
    """Import every domain's models so Base.metadata is complete (Alembic, the tests)."""
    parts("models")
