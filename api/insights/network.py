"""The family network's figures for a series of periods, from one community's activity: plain
Python over what api/insights/activity.py read, so a small hand-made network can be checked number
by number (tests/insights/test_network.py). Every figure carries the families it covers, for the
suppression that follows (api/insights/suppression.py)."""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import combinations

from api.insights.metrics import BY_KEY, SMALL_GROUP, STEPS, TIE_BUCKETS, WINDOW_DAYS, Span
from api.insights.suppression import Count, K, Rate, Table

Fam = uuid.UUID
UNKNOWN = "und"  # BCP 47 "undetermined": a family that lists no language
OTHER = "other"  # the published group of small language groups and families that list none


@dataclass(frozen=True)
class NeedRow:
    posted: datetime
    family: Fam
    category: str
    responded: bool  # a helper offered, or agreed when asked
    met: datetime | None  # when the help was marked done


@dataclass(frozen=True)
class Carpool:
    runs_from: datetime
    runs_until: datetime  # its last day's end, or when it was called off
    seats: int
    riders: int  # children riding
    families: frozenset[Fam]


@dataclass
class Activity:
    """One community's families and what they did together (families no longer in it left no trace)."""

    joined: dict[Fam, datetime] = field(default_factory=dict)
    language: dict[Fam, str] = field(default_factory=dict)  # home language, UNKNOWN when none is listed
    help: list[tuple[datetime, Fam, Fam]] = field(default_factory=list)  # completed match: (when, giver, receiver)
    responses: list[tuple[datetime, Fam]] = field(default_factory=list)  # offered or asked for help
    drives: list[tuple[datetime, Fam, frozenset[Fam]]] = field(default_factory=list)  # (when, driver, all in the car)
    group_writes: list[tuple[datetime, uuid.UUID, Fam]] = field(default_factory=list)
    group_size: dict[uuid.UUID, int] = field(default_factory=dict)  # member families
    conversation_writes: list[tuple[datetime, uuid.UUID, Fam]] = field(default_factory=list)
    conversation_size: dict[uuid.UUID, int] = field(default_factory=dict)
    going: list[tuple[datetime, uuid.UUID, Fam]] = field(default_factory=list)  # (event start, event, family)
    events: list[tuple[datetime, uuid.UUID]] = field(default_factory=list)  # held, not called off
    needs: list[NeedRow] = field(default_factory=list)
    strengths: list[tuple[datetime, Fam, str]] = field(default_factory=list)  # (since, family, category)
    leads: list[tuple[datetime, Fam]] = field(default_factory=list)  # leads a group / organises a carpool since
    carpools: list[Carpool] = field(default_factory=list)


@dataclass(frozen=True)
class Period:
    granularity: str  # "month" | "quarter"
    start: datetime
    end: datetime  # exclusive


@dataclass
class Cell:
    metric: str
    breakdown: str  # "" for the whole community
    key: tuple  # into Table.counts or Table.rates


@dataclass
class Layout:
    """Which cells each period shows, in order, and the median figures (not suppressible by sums)."""

    cells: dict[Period, list[Cell]] = field(default_factory=dict)
    medians: dict[tuple, tuple[float | None, int]] = field(default_factory=dict)  # key -> (value, families)
    indexes: dict[tuple, tuple] = field(default_factory=dict)  # E-I key -> the rate key it follows


def _in(t: datetime, start: datetime, end: datetime) -> bool:
    return start <= t < end


class _Series:
    """Builds the table and layout for one community."""

    def __init__(self, a: Activity) -> None:
        self.a = a
        self.table = Table()
        self.layout = Layout()
        self._step_cache: dict[datetime, dict[Fam, int]] = {}
        self.group: dict[Fam, str] = {}  # the published language group of each family

    # -- cells ---------------------------------------------------------------------------------
    def count(self, p: Period, metric: str, breakdown: str, value: float, families: Iterable[Fam] | int) -> tuple:
        key = (p.granularity, p.start.date().isoformat(), metric, breakdown)
        n = families if isinstance(families, int) else len(set(families))
        self.table.counts[key] = Count(value, n)
        self.layout.cells.setdefault(p, []).append(Cell(metric, breakdown, key))
        return key

    def rate(
        self,
        p: Period,
        metric: str,
        breakdown: str,
        num: float,
        den: float,
        num_fams: set[Fam],
        den_fams: set[Fam],
        rest_fams: set[Fam],
        derived_from: tuple = (),
    ) -> tuple:
        key = (p.granularity, p.start.date().isoformat(), metric, breakdown)
        self.table.rates[key] = Rate(num, den, len(num_fams), len(den_fams), len(rest_fams), derived_from)
        self.layout.cells.setdefault(p, []).append(Cell(metric, breakdown, key))
        return key

    def median(self, p: Period, metric: str, breakdown: str, values: list[float], families: set[Fam]) -> None:
        key = (p.granularity, p.start.date().isoformat(), metric, breakdown)
        self.layout.medians[key] = (statistics.median(values) if values else None, len(families))
        self.layout.cells.setdefault(p, []).append(Cell(metric, breakdown, key))

    def reuse(self, p: Period, cell: Cell) -> None:
        self.layout.cells.setdefault(p, []).append(cell)

    # -- the network ---------------------------------------------------------------------------
    def members(self, at: datetime) -> set[Fam]:
        return {f for f, t in self.a.joined.items() if t < at}

    def ties(self, start: datetime, end: datetime, members: set[Fam]) -> dict[frozenset[Fam], set[str]]:
        """Family pairs tied in [start, end), with the kinds of tie."""
        pairs: dict[frozenset[Fam], set[str]] = defaultdict(set)

        def add(kind: str, fams: Iterable[Fam]) -> None:
            for x, y in combinations(sorted(set(fams) & members), 2):
                pairs[frozenset((x, y))].add(kind)

        for t, giver, receiver in self.a.help:
            if _in(t, start, end) and giver != receiver:
                add("help", (giver, receiver))
        for t, _, fams in self.a.drives:
            if _in(t, start, end):
                add("ride", fams)
        for kind, writes, size in (
            ("group", self.a.group_writes, self.a.group_size),
            ("conversation", self.a.conversation_writes, self.a.conversation_size),
        ):
            writers: dict[uuid.UUID, set[Fam]] = defaultdict(set)
            for t, place, fam in writes:
                if _in(t, start, end) and size.get(place, 0) <= SMALL_GROUP:
                    writers[place].add(fam)
            for fams in writers.values():
                add(kind, fams)
        return pairs

    def active(self, start: datetime, end: datetime, members: set[Fam], tied: set[Fam] | None = None) -> set[Fam]:
        """Families who did something two-way in [start, end); `tied`: those with a tie then, when
        the caller has them already."""
        out = set(tied) if tied is not None else {f for pair in self.ties(start, end, members) for f in pair}
        out |= {f for t, f in self.a.responses if _in(t, start, end)}
        out |= {f for t, _, f in self.a.group_writes if _in(t, start, end)}
        out |= {f for t, _, f in self.a.going if _in(t, start, end)}
        return out & members

    def steps(self, at: datetime) -> dict[Fam, int]:
        """Each member family's furthest step on the continuum by `at` (index into STEPS)."""
        if at in self._step_cache:
            return self._step_cache[at]
        members = self.members(at)
        begin = min(self.a.joined.values(), default=at)
        tied: set[Fam] = set()
        for pair in self.ties(begin, at, members):
            tied |= pair
        two_way = self.active(begin, at, members, tied)
        helped = {g for t, g, r in self.a.help if t < at and g != r}
        helped |= {driver for t, driver, fams in self.a.drives if t < at and len(fams) > 1}
        leads = {f for t, f in self.a.leads if t < at}
        out = {}
        for f in members:
            step = 0
            for i, group in ((1, two_way), (2, tied), (3, helped), (4, leads)):
                if f in group:
                    step = i
            out[f] = step
        self._step_cache[at] = out
        return out


def compute(a: Activity, months: list[Period], quarters: list[Period]) -> tuple[Table, Layout]:
    """Every figure of every period, with the constraints that tie the counts together."""
    s = _Series(a)
    categories = sorted({n.category for n in a.needs} | {c for _, _, c in a.strengths})
    # Language groups too small to ever show are published together as "other" (with the families who
    # list none): two hidden groups of five would otherwise give away their sum through the total.
    sizes: dict[str, int] = defaultdict(int)
    for lang in a.language.values():
        sizes[lang] += 1
    s.group = {f: lang if lang != UNKNOWN and sizes[lang] >= K else OTHER for f, lang in a.language.items()}
    languages = sorted(set(s.group.values()))
    level_cells: dict[Period, list[Cell]] = {}

    # Families by language only at each quarter's end (and now): a month's change in a language group
    # is mostly under ten families, and showing it monthly would hide most totals in a small school.
    language_months = [m for i, m in enumerate(months) if m.start.month % 3 == 0 or i == len(months) - 1]
    for p in months:
        before = len(s.layout.cells.get(p, []))
        _levels(s, p, categories, languages, p in language_months)
        level_cells[p] = s.layout.cells[p][before:]
        _flows(s, p, categories, languages)
    for q in quarters:
        _flows(s, q, categories, languages)
        last = [m for m in months if q.start <= m.start < q.end]
        if last:
            for cell in level_cells[last[-1]]:
                s.reuse(q, cell)
    _constraints(s, a, months, quarters, categories, languages, language_months)
    return s.table, s.layout


def _levels(s: _Series, p: Period, categories: list[str], languages: list[str], by_language: bool) -> None:
    a, end = s.a, p.end
    members = s.members(end)
    s.count(p, "families.members", "", len(members), members)
    if by_language:
        for lang in languages:
            fams = {f for f in members if s.group.get(f) == lang}
            s.count(p, "families.members", lang, len(fams), fams)

    window = end - timedelta(days=WINDOW_DAYS)
    pairs = s.ties(window, end, members)
    degree: dict[Fam, int] = defaultdict(int)
    neighbours: dict[Fam, set[Fam]] = defaultdict(set)
    for pair in pairs:
        x, y = tuple(pair)
        degree[x] += 1
        degree[y] += 1
        neighbours[x].add(y)
        neighbours[y].add(x)
    tied = set(degree)
    s.count(p, "ties.pairs", "", len(pairs), tied)
    buckets = {
        "0": members - tied,
        "1-2": {f for f in tied if degree[f] <= 2},
        "3+": {f for f in tied if degree[f] >= 3},
    }
    for b in TIE_BUCKETS:
        s.count(p, "ties.families", b, len(buckets[b]), buckets[b])
    # Connected = members − isolated: shown exactly only when both of those are.
    key0 = (p.granularity, p.start.date().isoformat(), "ties.families", "0")
    members_key = (p.granularity, p.start.date().isoformat(), "families.members", "")
    s.rate(p, "ties.connected_share", "", len(tied), len(members), tied, members, members - tied, (key0, members_key))

    known = [pair for pair in pairs if all(a.language.get(f, UNKNOWN) != UNKNOWN for f in pair)]
    external = [pair for pair in known if len({a.language[f] for f in pair}) == 2]
    internal = [pair for pair in known if len({a.language[f] for f in pair}) == 1]
    ext_f = set().union(*external) if external else set()
    int_f = set().union(*internal) if internal else set()
    share = s.rate(p, "bridging.share", "", len(external), len(known), ext_f, ext_f | int_f, int_f)
    ei_key = (p.granularity, p.start.date().isoformat(), "bridging.ei", "")
    s.layout.indexes[ei_key] = share
    s.layout.cells[p].append(Cell("bridging.ei", "", ei_key))

    gave: set[Fam] = set()
    got: set[Fam] = set()
    directed: set[tuple[Fam, Fam]] = set()
    for t, g, r in a.help:
        if _in(t, window, end) and g != r and g in members and r in members:
            gave.add(g)
            got.add(r)
            directed.add((g, r))
    either, both = gave | got, gave & got
    s.rate(p, "reciprocity.families", "", len(both), len(either), both, either, either - both)
    help_pairs = {frozenset(d) for d in directed}
    two_way = {pr for pr in help_pairs if len(pr) == 2 and all((x, y) in directed for x in pr for y in pr if x != y)}
    one_way = help_pairs - two_way
    tw_f = set().union(*two_way) if two_way else set()
    ow_f = set().union(*one_way) if one_way else set()
    s.rate(p, "reciprocity.ties", "", len(two_way), len(help_pairs), tw_f, tw_f | ow_f, ow_f)

    reach = []
    for f in tied:
        near = set(neighbours[f])
        for n in neighbours[f]:
            near |= neighbours[n]
        near.discard(f)
        reach.append(len(near))
    s.median(p, "reach.median", "", reach, tied)

    running = [c for c in a.carpools if c.runs_from < end <= c.runs_until]
    in_pools = set().union(*(c.families for c in running)) & members if running else set()
    s.count(p, "carpools.families", "", len(in_pools), in_pools)
    riders, seats = sum(c.riders for c in running), sum(c.seats for c in running)
    s.rate(p, "carpools.seats_filled", "", riders, seats, in_pools, in_pools, in_pools)

    for cat in categories:
        offering = {f for t, f, c in a.strengths if c == cat and t < end} & members
        s.count(p, "assets.strengths", cat, len(offering), offering)
    for cat in categories:
        asking = {n.family for n in a.needs if n.category == cat and _in(n.posted, window, end)} & members
        s.count(p, "assets.needs", cat, len(asking), asking)

    steps = s.steps(end)
    for i, name in enumerate(STEPS):
        fams = {f for f, st in steps.items() if st == i}
        s.count(p, "continuum.step", name, len(fams), fams)


def _flows(s: _Series, p: Period, categories: list[str], languages: list[str]) -> None:
    a, start, end = s.a, p.start, p.end
    members = s.members(end)
    joined = {f for f, t in a.joined.items() if _in(t, start, end)}
    s.count(p, "families.joined", "", len(joined), joined)
    active = s.active(start, end, members)
    s.count(p, "families.active", "", len(active), active)

    needs = [n for n in a.needs if _in(n.posted, start, end) and n.family in members]
    for cat in ["", *categories]:
        mine = [n for n in needs if not cat or n.category == cat]
        met = [n for n in mine if n.met is not None]
        posted_key = s.count(p, "needs.posted", cat, len(mine), {n.family for n in mine})
        met_key = s.count(p, "needs.met", cat, len(met), {n.family for n in met})
        s.rate(
            p,
            "needs.met_share",
            cat,
            len(met),
            len(mine),
            {n.family for n in met},
            {n.family for n in mine},
            {n.family for n in mine if n.met is None},
            (met_key, posted_key),
        )
        s.median(
            p,
            "needs.days_to_meet",
            cat,
            [(n.met - n.posted).total_seconds() / 86400 for n in met],
            {n.family for n in met},
        )

    writers = {f for t, _, f in a.group_writes if _in(t, start, end)} & members
    s.count(p, "groups.participating", "", len(writers), writers)
    held = {e for t, e in a.events if _in(t, start, end)}
    goers = {f for t, e, f in a.going if e in held} & members
    s.count(p, "events.held", "", len(held), goers)

    was, now = s.steps(start), s.steps(end)
    moved = {f for f, st in now.items() if f in was and st > was[f]}
    s.count(p, "continuum.moved_up", "", len(moved), moved)

    for lang in languages:
        mine = [n for n in needs if s.group.get(n.family) == lang]
        posted_f = {n.family for n in mine}
        for metric, hit in (("equity.matched_share", lambda n: n.responded), ("equity.met_share", lambda n: n.met)):
            yes = [n for n in mine if hit(n)]
            s.rate(
                p,
                metric,
                lang,
                len(yes),
                len(mine),
                {n.family for n in yes},
                posted_f,
                {n.family for n in mine if not hit(n)},
            )


def _constraints(
    s: _Series,
    a: Activity,
    months: list[Period],
    quarters: list[Period],
    categories: list[str],
    languages: list[str],
    language_months: list[Period],
) -> None:
    t = s.table

    def k(p: Period, metric: str, breakdown: str = "") -> tuple:
        return (p.granularity, p.start.date().isoformat(), metric, breakdown)

    for p in [*months, *quarters]:
        # A total and its parts.
        if p in language_months:
            t.constrain([k(p, "families.members"), *(k(p, "families.members", lang) for lang in languages)])
        if p.granularity == "month":
            t.constrain([k(p, "families.members"), *(k(p, "ties.families", b) for b in TIE_BUCKETS)])
            t.constrain([k(p, "families.members"), *(k(p, "continuum.step", st) for st in STEPS)])
        for metric in ("needs.posted", "needs.met"):
            t.constrain([k(p, metric), *(k(p, metric, c) for c in categories)])

    # Month to month: this month's families are last month's and those who joined. Quarter to quarter,
    # each language group's change is a virtual cell that must stay hidden unless it covers ten families.
    previous: Period | None = None
    for p in months:
        if previous is None:
            before = {f for f, j in a.joined.items() if j < p.start}
            v = ("virtual", p.start.date().isoformat(), "families.before", "")
            t.counts[v] = Count(len(before), len(before), virtual=True)
            t.constrain([k(p, "families.members"), v, k(p, "families.joined")])
        else:
            t.constrain([k(p, "families.members"), k(previous, "families.members"), k(p, "families.joined")])
        previous = p
    previous = None
    for p in language_months:
        if previous is not None:
            for lang in languages:
                change = (
                    t.counts[k(p, "families.members", lang)].value
                    - t.counts[k(previous, "families.members", lang)].value
                )
                v = ("virtual", p.start.date().isoformat(), "families.change", lang)
                t.counts[v] = Count(change, int(abs(change)), virtual=True)
                t.constrain([k(p, "families.members", lang), k(previous, "families.members", lang), v])
        previous = p

    # A quarter's flows are the sums of its months'.
    for q in quarters:
        inside = [m for m in months if q.start <= m.start < q.end]
        for metric in (m.key for m in BY_KEY.values() if m.additive and m.span == Span.FLOW):
            breakdowns = [""] + (categories if metric.startswith("needs.") else [])
            for b in breakdowns:
                t.constrain([k(q, metric, b), *(k(m, metric, b) for m in inside)])
