"""A made-up school's year of activity (deterministic), for the privacy tests and the roll-up bench:
families join through the year (most in August and September), speak English, Spanish and two
small languages, and help, drive, write in groups and talk, mostly within their language."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from api.insights.network import Activity, Carpool, NeedRow, Period

CATEGORIES = ("tutoring", "meals", "transport", "childcare", "translation", "tech")


def months(first: datetime, n: int) -> tuple[list[Period], list[Period]]:
    out, quarters = [], []
    y, m = first.year, first.month
    for _ in range(n):
        start = datetime(y, m, 1, tzinfo=UTC)
        y2, m2 = (y, m + 1) if m < 12 else (y + 1, 1)
        out.append(Period("month", start, datetime(y2, m2, 1, tzinfo=UTC)))
        if (m - 1) % 3 == 0:
            y3, m3 = (y, m + 3) if m <= 9 else (y + 1, m - 9)
            quarters.append(Period("quarter", start, datetime(y3, m3, 1, tzinfo=UTC)))
        y, m = y2, m2
    return out, quarters


def school(families: int = 150, *, seed: int = 7, start: datetime = datetime(2025, 7, 1, tzinfo=UTC)) -> Activity:
    rng = random.Random(seed)
    a = Activity()
    end = start + timedelta(days=365)
    languages = ["en"] * 55 + ["es"] * 37 + ["vi"] * 5 + ["ar"] * 3
    fams = [uuid.UUID(int=i + 1) for i in range(families)]
    for f in fams:
        month_weights = [1, 6, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1]  # July.. June: most join in Aug/Sep
        mth = rng.choices(range(12), month_weights)[0]
        a.joined[f] = start + timedelta(days=mth * 30.4 + rng.random() * 28)
        a.language[f] = rng.choice(languages)

    def joined_by(t: datetime) -> list[uuid.UUID]:
        return [f for f in fams if a.joined[f] < t]

    def partner(f: uuid.UUID, t: datetime) -> uuid.UUID | None:
        pool = joined_by(t)
        same = [g for g in pool if g != f and a.language[g] == a.language[f]]
        other = [g for g in pool if g != f]
        choice = same if same and rng.random() < 0.7 else other
        return rng.choice(choice) if choice else None

    quiet = set(rng.sample(fams, families // 6))  # never do anything together
    for day in range(365):
        t = start + timedelta(days=day, hours=10)
        active = [f for f in joined_by(t) if f not in quiet]
        if not active:
            continue
        for _ in range(rng.randint(0, 2)):
            asker = rng.choice(active)
            cat = rng.choice(CATEGORIES)
            helper = partner(asker, t)
            met = t + timedelta(days=rng.randint(1, 14)) if helper and rng.random() < 0.6 else None
            if met and met >= end:
                met = None
            a.needs.append(NeedRow(t, asker, cat, helper is not None and rng.random() < 0.85, met))
            if met:
                a.help.append((met, helper, asker))
                a.responses.append((t + timedelta(hours=3), helper))
                if rng.random() < 0.2:
                    a.help.append((met + timedelta(days=2), asker, helper))
        if rng.random() < 0.5:
            f = rng.choice(active)
            g = partner(f, t)
            if g:
                conv = uuid.uuid5(uuid.NAMESPACE_OID, f"{min(f, g)}{max(f, g)}")
                a.conversation_size[conv] = 2
                a.conversation_writes.append((t, conv, f))
                if rng.random() < 0.7:
                    a.conversation_writes.append((t + timedelta(hours=5), conv, g))
    groups = [uuid.UUID(int=10_000 + i) for i in range(8)]
    members: dict[uuid.UUID, list[uuid.UUID]] = {}
    for i, grp in enumerate(groups):
        pool = [f for f in fams if f not in quiet]
        members[grp] = rng.sample(pool, rng.randint(6, 14))
        a.group_size[grp] = len(members[grp])
        a.leads.append((start + timedelta(days=40 + i * 20), members[grp][0]))
    for day in range(0, 365, 3):
        t = start + timedelta(days=day, hours=18)
        grp = rng.choice(groups)
        for f in rng.sample(members[grp], min(3, len(members[grp]))):
            if a.joined[f] < t:
                a.group_writes.append((t, grp, f))
    for i in range(6):
        pool = [f for f in fams if f not in quiet]
        car = rng.sample(pool, rng.randint(3, 5))
        first = start + timedelta(days=45 + i * 30)
        until = first + timedelta(days=120)
        a.carpools.append(Carpool(first, until, 6, len(car) + 1, frozenset(car)))
        a.leads.append((first, car[0]))
        for week in range(17):
            t = first + timedelta(days=7 * week)
            if all(a.joined[f] < t for f in car):
                a.drives.append((t, car[week % len(car)], frozenset(car)))
    for i in range(30):
        t = start + timedelta(days=rng.randint(30, 360), hours=17)
        ev = uuid.UUID(int=20_000 + i)
        a.events.append((t, ev))
        for f in rng.sample(fams, 12):
            if a.joined[f] < t:
                a.going.append((t, ev, f))
    for f in fams:
        for cat in rng.sample(CATEGORIES, rng.randint(0, 2)):
            a.strengths.append((a.joined[f] + timedelta(days=3), f, cat))
    return a
