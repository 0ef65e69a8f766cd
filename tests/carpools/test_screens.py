"""The PWA's carpool screens (their operations as the app sends them) run a fixed number of SQL
statements however many carpools, families, trips and ledger lines they show. The limits are
today's counts: a screen that needs more says so here."""

import pytest

from tests.carpools.support import approve, ask, create, world
from tests.graphql.test_request_path import _statements


async def _pools(f, w, n: int) -> list[dict]:
    """n carpools of Olga's; Ben's family in each, Cara's asking."""
    pools = []
    for i in range(n):
        c = await create(f, w, title=f"Run {i}")
        await approve(f, w.olga, (await ask(f, w.ben, c["id"], [w.bea, w.bo], canDrive=True))["id"])
        await ask(f, w.cara, c["id"], [w.cal])
        pools.append(c)
    return pools


@pytest.mark.parametrize(
    ("name", "who", "variables", "limit"),
    [
        ("CarpoolsMine", "olga", lambda w, c: {}, 5),
        ("CarpoolsNear", "cara", lambda w, c: {"communityId": w.community.id}, 10),
        ("CarpoolsNear", "cara", lambda w, c: {"communityId": w.community.id, "near": "78702"}, 10),
        ("CarpoolsCarpool", "olga", lambda w, c: {"id": c["id"]}, 12),
        ("CarpoolsActivity", "ben", lambda w, c: {"id": c["id"], "first": 40}, 17),
        ("CarpoolsHome", "ben", lambda w, c: {}, 10),
    ],
)
async def test_the_carpool_screens_run_a_fixed_number_of_statements(f, app, name, who, variables, limit):
    w = await world(f)
    counts = []
    for n in (1, 3):
        pools = await _pools(f, w, n if not counts else n - 1)
        statements, _data = await _statements(f, app, getattr(w, who), name, variables(w, pools[-1]))
        counts.append(statements)
    assert len(counts[1]) == len(counts[0]), "\n\n".join(counts[1])
    assert len(counts[1]) <= limit, "\n\n".join(counts[1])
