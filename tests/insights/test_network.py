"""Each metric on a small network worked out by hand (the figures before suppression: six families
are far below the ten any published figure needs, which tests/insights/test_privacy.py covers).

Six families joined in January: A and B speak English, C and D Spanish, E Vietnamese, F lists no
language. In the 90 days to the end of March: A helped C and C helped A; B helped D; B drove A and D;
C and E wrote in the same small group; A and F wrote to each other; B wrote to nobody who answered.
D leads a group. Ties: A–C, B–D, A–B, A–D, C–E, A–F."""

import uuid
from datetime import UTC, datetime

import pytest

from api.insights.network import Activity, NeedRow, Period, compute
from api.insights.suppression import Shown, shown_rate, suppress

A, B, C, D, E, F = (uuid.UUID(int=i) for i in range(1, 7))
G, X, Y = uuid.UUID(int=100), uuid.UUID(int=200), uuid.UUID(int=201)


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=UTC)


def month(m: int) -> Period:
    return Period("month", datetime(2026, m, 1, tzinfo=UTC), datetime(2026, m + 1, 1, tzinfo=UTC))


MONTHS = [month(1), month(2), month(3)]
QUARTER = Period("quarter", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))


def network() -> Activity:
    a = Activity()
    for fam, lang in ((A, "en"), (B, "en"), (C, "es"), (D, "es"), (E, "vi"), (F, "und")):
        a.joined[fam] = at(1, 5)
        a.language[fam] = lang
    a.help += [(at(3, 10), A, C), (at(3, 20), C, A), (at(2, 15), B, D)]
    a.drives.append((at(3, 3), B, frozenset({A, B, D})))
    a.group_size[G] = 4
    a.group_writes += [(at(3, 1), G, C), (at(3, 2), G, E)]
    a.conversation_size.update({X: 2, Y: 2})
    a.conversation_writes += [(at(3, 5), X, A), (at(3, 6), X, F), (at(3, 7), Y, B)]
    a.leads.append((at(2, 1), D))
    a.needs += [
        NeedRow(at(3, 8), C, "tutoring", True, at(3, 10)),
        NeedRow(at(3, 15), A, "meals", True, at(3, 20)),
        NeedRow(at(3, 20), E, "tutoring", True, None),
        NeedRow(at(2, 10), D, "transport", True, at(2, 15)),
    ]
    a.strengths += [(at(1, 6), A, "tutoring"), (at(1, 6), C, "tutoring"), (at(2, 1), B, "transport")]
    return a


@pytest.fixture(scope="module")
def figures():
    table, layout = compute(network(), MONTHS, [QUARTER])

    def count(metric: str, breakdown: str = "", p: Period = MONTHS[2]):
        return table.counts[(p.granularity, p.start.date().isoformat(), metric, breakdown)].value

    def rate(metric: str, breakdown: str = "", p: Period = MONTHS[2]):
        return table.rates[(p.granularity, p.start.date().isoformat(), metric, breakdown)].value

    def median(metric: str, breakdown: str = "", p: Period = MONTHS[2]):
        return layout.medians[(p.granularity, p.start.date().isoformat(), metric, breakdown)][0]

    return count, rate, median


def test_growth(figures):
    count, _, _ = figures
    assert count("families.members") == 6
    # Language groups under ten families are published together (here, all of them).
    assert count("families.members", "other") == 6
    assert count("families.joined", p=MONTHS[0]) == 6 and count("families.joined") == 0
    assert count("families.active") == 6  # everyone had a tie in March
    assert count("families.active", p=MONTHS[1]) == 2  # B and D (help in February)
    assert count("families.active", p=MONTHS[0]) == 0


def test_ties_and_their_distribution(figures):
    count, rate, _ = figures
    assert count("ties.pairs") == 6
    assert [count("ties.families", b) for b in ("0", "1-2", "3+")] == [0, 5, 1]
    assert rate("ties.connected_share") == 1.0
    # At the end of January nobody had done anything together yet.
    assert count("ties.pairs", p=MONTHS[0]) == 0
    assert count("ties.families", "0", p=MONTHS[0]) == 6


def test_bridging_leaves_out_ties_with_a_family_of_no_listed_language(figures):
    _, rate, _ = figures
    # Known-language ties: A–C, B–D, A–D, C–E cross; A–B stays within English. A–F is left out.
    assert rate("bridging.share") == pytest.approx(4 / 5)


def test_reciprocity(figures):
    _, rate, _ = figures
    assert rate("reciprocity.families") == pytest.approx(2 / 4)  # A and C gave and received; B gave, D received
    assert rate("reciprocity.ties") == pytest.approx(1 / 2)  # A–C both ways, B–D one way


def test_reach_in_two_steps(figures):
    _, _, median = figures
    # A 5, B 4, C 5, D 4, E 2, F 4 → median 4.
    assert median("reach.median") == 4


def test_mobilising(figures):
    count, rate, median = figures
    assert count("needs.posted") == 3 and count("needs.met") == 2
    assert count("needs.posted", "tutoring") == 2 and count("needs.met", "tutoring") == 1
    assert count("needs.posted", "meals") == 1 and count("needs.met", "meals") == 1
    assert rate("needs.met_share") == pytest.approx(2 / 3)
    assert median("needs.days_to_meet") == pytest.approx(3.5)  # 2 and 5 days
    assert count("groups.participating") == 2
    # A quarter's flows are its months' together.
    assert count("needs.posted", p=QUARTER) == 4 and count("families.joined", p=QUARTER) == 6


def test_asset_map(figures):
    count, _, _ = figures
    assert count("assets.strengths", "tutoring") == 2 and count("assets.strengths", "transport") == 1
    assert count("assets.needs", "tutoring") == 2 and count("assets.needs", "transport") == 1


def test_engagement_continuum(figures):
    count, _, _ = figures
    # A, B (drove), C helped; D leads a group; E and F have a tie.
    steps = [count("continuum.step", s) for s in ("joined", "two_way", "peer_tie", "helped", "leads")]
    assert steps == [0, 0, 2, 3, 1]
    assert count("continuum.moved_up") == 4  # A, C, E, F had no tie at the start of March
    # At the end of February: D leads; B helped D (a tie); the rest had done nothing.
    feb = [count("continuum.step", s, p=MONTHS[1]) for s in ("joined", "two_way", "peer_tie", "helped", "leads")]
    assert feb == [4, 0, 0, 1, 1]


def test_equity_by_home_language(figures):
    _, rate, _ = figures
    # March's needs: C (es) met, A (en) met, E (vi) answered but not met; all in the "other" group here.
    assert rate("equity.matched_share", "other") == 1.0
    assert rate("equity.met_share", "other") == pytest.approx(2 / 3)


def test_a_quarter_shows_its_last_months_network(figures):
    count, _, _ = figures
    assert count("ties.pairs", p=MONTHS[2]) == 6
    _, layout = compute(network(), MONTHS, [QUARTER])
    quarter_cells = {(c.metric, c.breakdown): c.key for c in layout.cells[QUARTER]}
    assert quarter_cells[("ties.pairs", "")] == ("month", "2026-03-01", "ties.pairs", "")


def test_six_families_show_nothing():
    table, _ = compute(network(), MONTHS, [QUARTER])
    suppress(table)
    assert all(c.hidden for c in table.counts.values())
    assert all(shown_rate(table, k) in (Shown.SUPPRESSED, Shown.AT_MOST, Shown.AT_LEAST) for k in table.rates)
    assert all(shown_rate(table, k) == Shown.SUPPRESSED for k in table.rates if table.rates[k].den_families < 10)
