"""The privacy rules on a made-up school of 150 families (tests/insights/synthetic.py): no shown
figure covers fewer than ten families, and the differencing attacks — a total minus its other
parts, this month minus last month, a quarter minus its months, one range minus another — recover
nothing that was hidden. Attacks use only what is published; the raw figures say what they must
not find."""

import itertools
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from api.insights.metrics import STEPS, TIE_BUCKETS
from api.insights.network import compute
from api.insights.service import publish
from api.insights.suppression import Count, K, Rate, Shown, Table, shown_rate, suppress
from tests.insights.synthetic import CATEGORIES, months, school

START = datetime(2025, 7, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def released():
    a = school(150)
    ms, qs = months(START, 12)
    table, layout = compute(a, ms, qs)
    published = publish(table, layout)
    shown = {}  # what an attacker sees: (granularity, start, metric, breakdown) -> value or None
    for p, figures in published.items():
        for f in figures:
            shown[(p.granularity, p.start.date().isoformat(), f["m"], f["b"])] = (f["v"], f["s"])
    return table, ms, qs, shown


def value(shown, key):
    v, s = shown.get(key, (None, "suppressed"))
    return v if s == "exact" else None


def test_every_shown_count_covers_at_least_ten_families(released):
    table, _, _, shown = released
    counts = [(k, c) for k, c in table.counts.items() if not c.virtual]
    assert any(c.families < K for _, c in counts), "the made-up school must have small cells to protect"
    for k, c in counts:
        if shown.get(k, (None, "suppressed"))[1] == "exact":
            assert c.families >= K, k
    assert any(s == "exact" for _, s in shown.values()), "and something must still show"


def partitions(ms, qs):
    langs = ("en", "es", "other")
    for p in ms:
        d = ("month", p.start.date().isoformat())
        yield (*d, "families.members", ""), [(*d, "families.members", lang) for lang in langs]
        yield (*d, "families.members", ""), [(*d, "ties.families", b) for b in TIE_BUCKETS]
        yield (*d, "families.members", ""), [(*d, "continuum.step", st) for st in STEPS]
    for p in [*ms, *qs]:
        d = (p.granularity, p.start.date().isoformat())
        for metric in ("needs.posted", "needs.met"):
            yield (*d, metric, ""), [(*d, metric, c) for c in CATEGORIES]


def test_a_total_minus_its_other_parts_recovers_no_hidden_part(released):
    table, ms, qs, shown = released
    attacked = 0
    for total, parts in partitions(ms, qs):
        whole = value(shown, total)
        parts = [k for k in parts if k in table.counts]
        hidden = [k for k in parts if value(shown, k) is None]
        if whole is None or not hidden:
            continue
        attacked += 1
        assert len(hidden) >= 2, f"{hidden[0]} = {total} minus the rest"
        # What the attacker learns is the hidden parts' sum: never a group under ten families.
        assert sum(table.counts[k].families for k in hidden) >= K, hidden
    assert attacked > 10


def test_this_month_minus_last_month_recovers_no_hidden_count(released):
    table, ms, _, shown = released
    attacked = 0
    for before, p in itertools.pairwise(ms):
        now = value(shown, ("month", p.start.date().isoformat(), "families.members", ""))
        then = value(shown, ("month", before.start.date().isoformat(), "families.members", ""))
        joined = ("month", p.start.date().isoformat(), "families.joined", "")
        if now is None or then is None:
            continue
        attacked += 1
        # The difference is the month's new families: it may only be known when that is shown.
        assert value(shown, joined) == now - then and table.counts[joined].families >= K
    # Two months apart, past a hidden month: the two months' new families together, never one.
    for a, b, c in zip(ms, ms[1:], ms[2:], strict=False):
        first = value(shown, ("month", a.start.date().isoformat(), "families.members", ""))
        last = value(shown, ("month", c.start.date().isoformat(), "families.members", ""))
        j_b = value(shown, ("month", b.start.date().isoformat(), "families.joined", ""))
        j_c = value(shown, ("month", c.start.date().isoformat(), "families.joined", ""))
        if first is not None and last is not None:
            attacked += 1
            assert not (j_b is None) ^ (j_c is None), "one month's joiners would follow from the other's"
    # Quarter-end language groups: a change under ten families is never given away.
    for lang in ("en", "es", "other"):
        ends = [m for m in ms if ("month", m.start.date().isoformat(), "families.members", lang) in table.counts]
        for x, y in itertools.pairwise(ends):
            vx = value(shown, ("month", x.start.date().isoformat(), "families.members", lang))
            vy = value(shown, ("month", y.start.date().isoformat(), "families.members", lang))
            if vx is not None and vy is not None:
                attacked += 1
                assert vy == vx or abs(vy - vx) >= K
    assert attacked > 0


def test_a_quarter_minus_its_months_recovers_no_hidden_month(released):
    table, ms, qs, shown = released
    attacked = 0
    for q in qs:
        inside = [m for m in ms if q.start <= m.start < q.end]
        for metric, breakdowns in (("families.joined", [""]), ("needs.posted", ["", *CATEGORIES])):
            for b in breakdowns:
                whole = value(shown, ("quarter", q.start.date().isoformat(), metric, b))
                hidden = [m for m in inside if value(shown, ("month", m.start.date().isoformat(), metric, b)) is None]
                if whole is None or not hidden:
                    continue
                attacked += 1
                assert len(hidden) >= 2
                keys = [("month", m.start.date().isoformat(), metric, b) for m in hidden]
                assert sum(table.counts[k].families for k in keys) >= K
    assert attacked > 0


def test_an_exact_rate_never_combines_with_a_shown_count_into_a_hidden_one(released):
    _, ms, qs, shown = released
    for p in [*ms, *qs]:
        d = (p.granularity, p.start.date().isoformat())
        for c in ("", *CATEGORIES):
            share = value(shown, (*d, "needs.met_share", c))
            if share is not None:
                assert value(shown, (*d, "needs.met", c)) is not None
                assert value(shown, (*d, "needs.posted", c)) is not None


def test_rates_near_the_ends_are_ranges_and_small_splits_are_hidden():
    t = Table()
    t.rates["low"] = Rate(2, 60, 2, 60, 58)
    t.rates["high"] = Rate(58, 60, 58, 60, 2)
    t.rates["small split"] = Rate(6, 20, 6, 20, 14)  # 30 %, but only six families on one side
    t.rates["small base"] = Rate(4, 8, 4, 8, 4)
    t.rates["fine"] = Rate(25, 60, 25, 60, 35)
    assert shown_rate(t, "low") == Shown.AT_MOST and shown_rate(t, "high") == Shown.AT_LEAST
    assert shown_rate(t, "small split") == Shown.SUPPRESSED and shown_rate(t, "small base") == Shown.SUPPRESSED
    assert shown_rate(t, "fine") == Shown.EXACT


def test_a_cell_given_away_through_a_chain_of_relations_is_hidden_too():
    # total = a + b; a = c + d. With c and d shown and b hidden, total − (c + d) gives b away: a must
    # not be the only cell that protects it, and nothing can be solved for b.
    t = Table()
    for k, v in {"total": 40, "a": 35, "b": 5, "c": 20, "d": 15}.items():
        t.counts[k] = Count(v, v)
    t.constrain(["total", "a", "b"])
    t.constrain(["a", "c", "d"])
    suppress(t)
    shown = {k for k, c in t.counts.items() if not c.hidden}
    assert "b" not in shown
    assert not ({"total", "a"} <= shown) and not ({"total", "c", "d"} <= shown)


def test_the_same_data_always_hides_the_same_cells():
    # Suppression decided differently on two runs would let the two releases be combined.
    code = (
        "import json, hashlib; from datetime import UTC, datetime;"
        "from api.insights.network import compute; from api.insights.service import publish;"
        "from tests.insights.synthetic import school, months;"
        "ms, qs = months(datetime(2025, 7, 1, tzinfo=UTC), 12); t, l = compute(school(120, seed=3), ms, qs);"
        "p = publish(t, l); print(hashlib.sha256(json.dumps([p[k] for k in ms + qs]).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin", "PYTHONPATH": "."},
        ).stdout
        for seed in (1, 2)
    }
    assert len(digests) == 1, digests
