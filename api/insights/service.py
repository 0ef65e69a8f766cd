"""School insights: the worker's roll-up (activity → figures → suppression → published periods) and
what staff read (only the published periods, each release logged), as a dashboard or as CSV."""

from __future__ import annotations

import csv
import io
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.actor import Viewer
from api.communities.models import Community
from api.errors import Invalid, RateLimited
from api.insights import activity
from api.insights.metrics import BY_KEY, METRICS, Kind, Metric
from api.insights.models import InsightPeriod, InsightRelease, InsightRun
from api.insights.network import Layout, Period, compute
from api.insights.suppression import Shown, Table, shown_rate, suppress
from api.outbox.service import emit

MAX_MONTHS = 36  # the roll-up keeps three school years; a request may span as many
REFRESH_EVERY = timedelta(minutes=10)  # per community, however many staff ask
GRANULARITIES = ("month", "quarter")


def _now() -> datetime:
    return datetime.now(UTC)


# -- periods ------------------------------------------------------------------------------------
def _month_start(d: date) -> date:
    return d.replace(day=1)


def _add_months(d: date, n: int) -> date:
    m = d.year * 12 + d.month - 1 + n
    return date(m // 12, m % 12 + 1, 1)


def periods(zone: ZoneInfo, first: datetime | None, now: datetime) -> tuple[list[Period], list[Period]]:
    """Months and quarters in the community's time zone, from the quarter of its first family (at most
    MAX_MONTHS back) to the present one: whole quarters, so each quarter's months are all there."""
    today = now.astimezone(zone).date()
    start = _month_start(first.astimezone(zone).date()) if first else _month_start(today)
    start = max(start, _add_months(_month_start(today), -(MAX_MONTHS - 1)))
    start = start.replace(month=(start.month - 1) // 3 * 3 + 1)

    def at(d: date) -> datetime:
        return datetime(d.year, d.month, d.day, tzinfo=zone)

    months, quarters = [], []
    d = start
    while d <= today:
        months.append(Period("month", at(d), at(_add_months(d, 1))))
        if (d.month - 1) % 3 == 0:
            quarters.append(Period("quarter", at(d), at(_add_months(d, 3))))
        d = _add_months(d, 1)
    return months, quarters


# -- the roll-up ----------------------------------------------------------------------------------
def publish(table: Table, layout: Layout) -> dict[Period, list[dict]]:
    """Each period's figures as staff may see them: suppressed counts and rates carry no value."""
    suppress(table)
    out: dict[Period, list[dict]] = {}
    for p, cells in layout.cells.items():
        figures = []
        for c in cells:
            kind = BY_KEY[c.metric].kind
            if kind == Kind.COUNT:
                count = table.counts[c.key]
                shown, value = (Shown.SUPPRESSED, None) if count.hidden else (Shown.EXACT, count.value)
            elif kind == Kind.RATE:
                shown = shown_rate(table, c.key)
                value = table.rates[c.key].value if shown == Shown.EXACT else None
            elif kind == Kind.INDEX:
                rate_key = layout.indexes[c.key]
                shown = shown_rate(table, rate_key)
                share = table.rates[rate_key].value
                value = 2 * share - 1 if shown == Shown.EXACT and share is not None else None
            else:
                median, families = layout.medians[c.key]
                ok = median is not None and families >= 10
                shown, value = (Shown.EXACT, median) if ok else (Shown.SUPPRESSED, None)
            figures.append({"m": c.metric, "b": c.breakdown, "v": value, "s": shown.value})
        out[p] = figures
    return out


async def roll_up(
    db: AsyncSession, community_id: uuid.UUID, *, now: datetime | None = None, read: AsyncSession | None = None
) -> dict[str, int]:
    """Recompute and publish every period of a community (the nightly job and a staff refresh).
    The activity is read from `read` when given (the worker's replica session: the heavy read of a
    year of a community's activity, which tolerates a moment's lag); the figures are written to `db`."""
    started = time.perf_counter()
    now = now or _now()
    community = await db.get(Community, community_id)
    if community is None:
        return {"periods": 0}
    a = await activity.collect(read if read is not None else db, community_id)
    months, quarters = periods(ZoneInfo(community.timezone), min(a.joined.values(), default=None), now)
    table, layout = compute(a, months, quarters)
    published = publish(table, layout)
    await db.execute(delete(InsightPeriod).where(InsightPeriod.community_id == community_id))
    rows = [
        {
            "community_id": community_id,
            "granularity": p.granularity,
            "period_start": p.start.date(),
            "period_end": p.end.date(),
            "figures": figures,
            "computed_at": now,
        }
        for p, figures in published.items()
    ]
    if rows:
        await db.execute(insert(InsightPeriod), rows)
    ms = int((time.perf_counter() - started) * 1000)
    await db.execute(
        pg_insert(InsightRun)
        .values(community_id=community_id, computed_at=now, duration_ms=ms)
        .on_conflict_do_update(index_elements=[InsightRun.community_id], set_={"computed_at": now, "duration_ms": ms})
    )
    return {"periods": len(rows), "ms": ms}


async def tell_requester(db: AsyncSession, community_id: uuid.UUID) -> bool:
    """After a staff refresh's roll-up: tell whoever asked that the figures are ready (once)."""
    run = await db.scalar(select(InsightRun).where(InsightRun.community_id == community_id).with_for_update())
    if run is None or run.refresh_requested_by_id is None:
        return False
    await emit(
        db, "insights.ready", community_id=community_id, community=community_id, account=run.refresh_requested_by_id
    )
    run.refresh_requested_by_id = None
    return True


# -- what staff read ------------------------------------------------------------------------------
@dataclass
class Figure:
    metric: str
    breakdown: str
    value: float | None
    shown: Shown


@dataclass
class PeriodView:
    start: date
    end: date
    figures: list[Figure]


@dataclass
class InsightsView:
    community_id: uuid.UUID
    granularity: str
    start: date
    end: date
    computed_at: datetime | None
    refresh_available_at: datetime | None
    metrics: tuple[Metric, ...]
    periods: list[PeriodView]


async def _require_staff(db: AsyncSession, viewer: Viewer | None, community_id: uuid.UUID) -> Viewer:
    from api.communities.service import require_staff

    return await require_staff(db, viewer, community_id)


def _check_range(start: date, end: date, granularity: str) -> tuple[date, date]:
    if granularity not in GRANULARITIES:
        raise Invalid("Choose months or quarters.", field="granularity")
    if end < start:
        raise Invalid("The end of the range comes before its start.", field="to")
    first, last = _month_start(start), _month_start(end)
    if _add_months(first, MAX_MONTHS) <= last:
        raise Invalid(f"Ask for at most {MAX_MONTHS} months at a time.", field="to")
    return first, last


async def read(
    db: AsyncSession,
    viewer: Viewer | None,
    community_id: uuid.UUID,
    *,
    start: date,
    end: date,
    granularity: str = "month",
    release: str = "view",
) -> InsightsView:
    """The published periods that start within [start, end] (whole periods: a range never cuts one,
    so two ranges never differ by less than a period whose figures were suppressed as a whole)."""
    viewer = await _require_staff(db, viewer, community_id)
    first, last = _check_range(start, end, granularity)
    rows = (
        await db.scalars(
            select(InsightPeriod)
            .where(
                InsightPeriod.community_id == community_id,
                InsightPeriod.granularity == granularity,
                InsightPeriod.period_end > first,
                InsightPeriod.period_start <= last,
            )
            .order_by(InsightPeriod.period_start)
        )
    ).all()
    run = await db.get(InsightRun, community_id)
    db.add(
        InsightRelease(
            community_id=community_id,
            account_id=viewer.account_id,
            kind=release,
            granularity=granularity,
            period_from=first,
            period_to=last,
        )
    )
    await db.flush()
    return InsightsView(
        community_id,
        granularity,
        first,
        last,
        run.computed_at if run else None,
        _refresh_at(run),
        METRICS,
        [
            PeriodView(
                r.period_start,
                r.period_end,
                [Figure(f["m"], f["b"], f["v"], Shown(f["s"])) for f in r.figures if f["m"] in BY_KEY],
            )
            for r in rows
        ],
    )


def _refresh_at(run: InsightRun | None) -> datetime | None:
    if run is None or run.refresh_requested_at is None:
        return None
    at = run.refresh_requested_at + REFRESH_EVERY
    return at if at > _now() else None


def display(metric: Metric, f: Figure, language: str = "en") -> str:
    """The figure as written on the dashboard and in the CSV."""
    es = language == "es"
    pct = " %" if es else "%"
    if f.shown == Shown.SUPPRESSED or (f.shown == Shown.EXACT and f.value is None):
        return "oculto" if es else "hidden"
    if metric.kind == Kind.INDEX:
        if f.shown == Shown.AT_MOST:
            return "≤ −0.90" if not es else "≤ −0,90"
        if f.shown == Shown.AT_LEAST:
            return "≥ +0.90" if not es else "≥ +0,90"
        text = f"{f.value:+.2f}".replace("-", "−")
        return text.replace(".", ",") if es else text
    if f.shown == Shown.AT_MOST:
        return f"≤ 5{pct}"
    if f.shown == Shown.AT_LEAST:
        return f"≥ 95{pct}"
    if metric.kind == Kind.RATE:
        return f"{round(f.value * 100)}{pct}"
    if metric.kind == Kind.MEDIAN:
        text = f"{f.value:.1f}".removesuffix(".0")
        return text.replace(".", ",") if es else text
    text = f"{int(f.value):,}"
    return text.replace(",", ".") if es else text


async def csv_text(
    db: AsyncSession,
    viewer: Viewer | None,
    community_id: uuid.UUID,
    *,
    start: date,
    end: date,
    granularity: str = "month",
    language: str = "en",
) -> str:
    """The same published figures as a CSV file (logged as an export): one row per figure."""
    view = await read(db, viewer, community_id, start=start, end=end, granularity=granularity, release="csv")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["period_start", "period_end", "metric", "breakdown", "value", "shown", "title"])
    for p in view.periods:
        for f in p.figures:
            m = BY_KEY[f.metric]
            w.writerow(
                [
                    p.start.isoformat(),
                    (p.end - timedelta(days=1)).isoformat(),
                    f.metric,
                    f.breakdown,
                    display(m, f, "en") if f.shown != Shown.SUPPRESSED else "",
                    f.shown.value,
                    m.title.get(language) or m.title["en"],
                ]
            )
    return out.getvalue()


async def request_refresh(db: AsyncSession, viewer: Viewer | None, community_id: uuid.UUID) -> datetime:
    """Ask the worker to roll the community's figures up now (once per REFRESH_EVERY per community).
    Returns when the next refresh may be asked for."""
    viewer = await _require_staff(db, viewer, community_id)
    now = _now()
    await db.execute(pg_insert(InsightRun).values(community_id=community_id).on_conflict_do_nothing())
    run = await db.scalar(select(InsightRun).where(InsightRun.community_id == community_id).with_for_update())
    if run.refresh_requested_at is not None and run.refresh_requested_at + REFRESH_EVERY > now:
        wait = int((run.refresh_requested_at + REFRESH_EVERY - now).total_seconds()) + 1
        raise RateLimited(
            f"The figures were refreshed a moment ago. Try again in {wait} seconds.",
            retry_after=wait,
            field="communityId",
        )
    run.refresh_requested_at = now
    run.refresh_requested_by_id = viewer.account_id
    await db.flush()
    await emit(db, "insights.refresh_requested", community_id=community_id, community=community_id)
    return now + REFRESH_EVERY
