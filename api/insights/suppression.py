"""Small-cell suppression for school insights: no published figure covers fewer than 10 families,
and no hidden one can be worked out from those that are shown (docs/insights.md).

Counts are cells tied together by linear constraints (a total is the sum of its parts; a quarter the
sum of its months; this month's families are last month's plus those who joined). A cell covering
fewer than K families is hidden (primary suppression). Then, while any protected cell can be worked
out exactly from the shown ones by any combination of the constraints (checked with linear algebra:
its column vanishes from every solution of the system over the hidden cells), or while the hidden
cells of one constraint add up to fewer than K families (their sum would be known), the smallest
shown cell of the nearest constraint is hidden too (complementary suppression). A constraint
may hold a virtual cell, never published (last month's change in Spanish-speaking families): it
must not become known either unless it is zero or covers K families.

Rates are shown as a range when near 0 or 100 % ("≤ 5 %", "≥ 95 %"), hidden when their denominator
covers fewer than K families, and exact only when both sides of the split cover K families and
every count they are derived from is shown (else rate × shown count would give the hidden one)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

K = 10  # families: the modal minimum cell size of US state education statistics (NCES 2011-603)
LOW, HIGH = 0.05, 0.95  # rates beyond these are shown as ranges


class Shown(StrEnum):
    EXACT = "exact"
    AT_MOST = "at_most"  # ≤ 5 %
    AT_LEAST = "at_least"  # ≥ 95 %
    SUPPRESSED = "suppressed"


Key = Hashable


@dataclass
class Count:
    value: float
    families: int  # how many distinct families the figure covers
    virtual: bool = False  # never published; only guarded against being worked out
    hidden: bool = False
    primary: bool = False


@dataclass
class Rate:
    numerator: float
    denominator: float
    num_families: int
    den_families: int
    rest_families: int  # families on the other side of the split (in the denominator, not the numerator)
    derived_from: tuple[Key, ...] = ()  # published counts it could be combined with

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass
class Table:
    """The counts and rates of one community's whole series, with the constraints among the counts."""

    counts: dict[Key, Count] = field(default_factory=dict)
    rates: dict[Key, Rate] = field(default_factory=dict)
    constraints: list[list[Key]] = field(default_factory=list)

    def constrain(self, cells: Iterable[Key]) -> None:
        present = [c for c in cells if c in self.counts]
        if len(present) > 1:
            self.constraints.append(present)


def suppress(table: Table) -> None:
    """Mark table.counts hidden where they must be (in place)."""
    for c in table.counts.values():
        c.hidden = c.virtual or c.families < K
        c.primary = not c.virtual and c.families < K
    by_cell: dict[Key, list[int]] = {}
    for i, cells in enumerate(table.constraints):
        for k in cells:
            by_cell.setdefault(k, []).append(i)
    while True:
        to_hide = _leaks(table, by_cell)
        if not to_hide:
            return
        for k in to_hide:
            table.counts[k].hidden = True


def _cost(table: Table, key: Key) -> tuple:
    """Which shown cell to give up first: a part before a whole (a total is what staff read first),
    then the smallest."""
    whole = isinstance(key, tuple) and len(key) == 4 and key[3] == ""
    return (whole, table.counts[key].families, str(key))


def _unsafe(c: Count) -> bool:
    # A zero may be worked out (still shown as hidden): "no family" singles nobody out.
    return c.value != 0 and (c.primary or (c.virtual and c.families < K))


def _determinable(table: Table, hidden: list[Key]) -> set[Key]:
    """The hidden cells an attacker can work out exactly from the shown ones by any combination of
    the constraints: those whose column is zero in every solution of the homogeneous system over
    the hidden cells (each constraint reads first − the rest = 0)."""
    # Imported here: only the roll-up (in the worker) suppresses, and numpy costs an API process
    # that never does about 15 MB (bench/load.py measures the processes' memory).
    import numpy as np

    col = {k: j for j, k in enumerate(hidden)}
    rows = []
    for cells in table.constraints:
        if any(k in col for k in cells):
            row = np.zeros(len(hidden))
            for n, k in enumerate(cells):
                if k in col:
                    row[col[k]] += 1.0 if n == 0 else -1.0
            rows.append(row)
    if not rows:
        return set()
    a = np.array(rows)
    _, sv, vt = np.linalg.svd(a, full_matrices=True)
    rank = int((sv > 1e-9).sum())
    null = vt[rank:].T  # columns span the solutions
    if null.shape[1] == 0:
        return set(hidden)
    return {k for k, j in col.items() if np.abs(null[j]).max() < 1e-9}


def _hide_near(table: Table, by_cell: dict[Key, list[int]], start: Key) -> Key | None:
    """The shown cell to hide for a leak at `start`: the smallest shown cell of the nearest
    constraint (through hidden cells) that has one."""
    seen_cells, seen_rows, frontier = {start}, set(), [start]
    while frontier:
        nxt = []
        for k in frontier:
            for i in by_cell.get(k, ()):
                if i in seen_rows:
                    continue
                seen_rows.add(i)
                shown = [c for c in table.constraints[i] if not table.counts[c].hidden]
                if shown:
                    return min(shown, key=lambda c: _cost(table, c))
                for c in table.constraints[i]:
                    if c not in seen_cells:
                        seen_cells.add(c)
                        nxt.append(c)
        frontier = nxt
    return None


def _leaks(table: Table, by_cell: dict[Key, list[int]]) -> set[Key]:
    """Shown cells to hide so that fewer protected cells (or small sums of them) can be worked out."""
    counts = table.counts
    hidden = [k for k in counts if counts[k].hidden and k in by_cell]
    known = _determinable(table, hidden)
    out = set()
    for k in sorted(known, key=str):  # a fixed order: the same data always hides the same cells
        if _unsafe(counts[k]):
            cell = _hide_near(table, by_cell, k)
            if cell is not None:
                out.add(cell)
    if out:
        return out
    # A constraint whose unknown cells add up to fewer than K families gives that small sum away.
    for cells in table.constraints:
        rest = [counts[k] for k in cells if counts[k].hidden and k not in known]
        if 2 <= len(rest) < len(cells) and any(_unsafe(c) for c in rest) and sum(c.families for c in rest) < K:
            shown = [k for k in cells if not counts[k].hidden]
            if shown:
                out.add(min(shown, key=lambda k: _cost(table, k)))
    return out


def shown_rate(table: Table, key: Key) -> Shown:
    r = table.rates[key]
    v = r.value
    if v is None or r.den_families < K:
        return Shown.SUPPRESSED
    if v <= LOW:
        return Shown.AT_MOST
    if v >= HIGH:
        return Shown.AT_LEAST
    if r.num_families < K or r.rest_families < K:
        return Shown.SUPPRESSED
    if any(d in table.counts and table.counts[d].hidden for d in r.derived_from):
        return Shown.SUPPRESSED
    return Shown.EXACT
