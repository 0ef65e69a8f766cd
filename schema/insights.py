"""School insights in GraphQL: the community's published figures by month or quarter (staff and admins
of the community only), the same as CSV, and a rate-limited refresh."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from typing import Annotated

import strawberry
from sqlalchemy import select

from api.ids import from_global_id, to_global_id
from api.insights import service
from api.insights.metrics import STEPS, Metric
from api.insights.network import OTHER
from api.insights.suppression import K
from api.skills.models import SkillCategory
from api.skills.reasons import LANGUAGE_NAMES
from schema.context import Info
from schema.core import UserError, run_mutation


@strawberry.enum(description="How long each period of the insights is.")
class InsightGranularity(enum.Enum):
    MONTH = "month"
    QUARTER = "quarter"


@strawberry.enum(description="How a figure is shown under the privacy rules.")
class InsightShown(enum.Enum):
    EXACT = "exact"
    AT_MOST = "at_most"  # a rate of 5 % or less, shown as "≤ 5 %"
    AT_LEAST = "at_least"  # 95 % or more, shown as "≥ 95 %"
    SUPPRESSED = "suppressed"  # it covers fewer than ten families, or would give such a figure away


@strawberry.enum(description="What kind of number a metric is.")
class InsightKind(enum.Enum):
    COUNT = "count"
    RATE = "rate"
    MEDIAN = "median"
    INDEX = "index"


@strawberry.type(description="A metric with its definition, in the reader's language.")
class InsightMetric:
    key: str
    section: str = strawberry.field(
        description="growth, ties, bridging, reciprocity, reach, mobilise, assets, continuum or equity."
    )
    kind: InsightKind
    title: str
    definition: str
    source: str = strawberry.field(description="Where the definition comes from (empty when it is ours).")


@strawberry.type(description="One figure of a period. Never about a single family.")
class InsightFigure:
    metric: str
    breakdown: str | None = strawberry.field(
        description="The part of the community it covers: a home language, a category, a number of ties "
        "(0, 1-2, 3+) or a continuum step; null for the whole community."
    )
    breakdown_label: str | None
    value: float | None = strawberry.field(description="Null unless shown EXACT. Rates are 0–1.")
    shown: InsightShown
    display: str = strawberry.field(description='As written on the dashboard: "34", "41%", "≤ 5%", "hidden".')


@strawberry.type(description="A month or a quarter of the community's figures.")
class InsightPeriod:
    start: date
    end: date = strawberry.field(description="Its last day.")
    figures: list[InsightFigure]


@strawberry.type(description="A community's family network over time, as its staff may see it.")
class CommunityInsights:
    community_id: strawberry.ID
    granularity: InsightGranularity
    from_: date = strawberry.field(name="from")
    to: date
    minimum_families: int = strawberry.field(description="No figure covers fewer families than this.")
    computed_at: datetime | None = strawberry.field(description="When the figures were last computed.")
    refresh_available_at: datetime | None = strawberry.field(
        description="When staff may ask for a refresh again; null: now."
    )
    metrics: list[InsightMetric]
    periods: list[InsightPeriod]


STEP_LABELS = {
    "en": {
        "joined": "Joined",
        "two_way": "Two-way contact",
        "peer_tie": "A peer tie",
        "helped": "Helped another family",
        "leads": "Leads a group or carpool",
    },
    "es": {
        "joined": "Se unió",
        "two_way": "Contacto de ida y vuelta",
        "peer_tie": "Un lazo",
        "helped": "Ayudó a otra familia",
        "leads": "Dirige un grupo o carpool",
    },
}
TIE_LABELS = {
    "en": {"0": "No tie (isolated)", "1-2": "1–2 ties", "3+": "3 or more"},
    "es": {"0": "Sin lazos (aisladas)", "1-2": "1–2 lazos", "3+": "3 o más"},
}


def _lang(info: Info) -> str:
    lang = info.context.viewer.ui_language if info.context.viewer else "en"
    return lang if lang in ("en", "es") else "en"


async def _labels(info: Info, lang: str) -> dict[str, str]:
    async with info.context.db() as db:
        rows = (await db.execute(select(SkillCategory.slug, SkillCategory.labels))).all()
    out = {slug: labels.get(lang) or labels["en"] for slug, labels in rows}
    out.update(LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"]))
    out[OTHER] = "Other languages, or none listed" if lang == "en" else "Otros idiomas, o ninguno indicado"
    return out


def _breakdown_label(metric: str, breakdown: str, lang: str, labels: dict[str, str]) -> str | None:
    if metric == "continuum.step" and breakdown in STEPS:
        return STEP_LABELS[lang][breakdown]
    if metric == "ties.families":
        return TIE_LABELS[lang].get(breakdown, breakdown)
    if not breakdown:
        return None
    return labels.get(breakdown, breakdown)


def _metric(m: Metric, lang: str) -> InsightMetric:
    return InsightMetric(
        key=m.key,
        section=m.section,
        kind=InsightKind(m.kind.value),
        title=m.title.get(lang) or m.title["en"],
        definition=m.definition.get(lang) or m.definition["en"],
        source=m.source,
    )


async def _logged(info: Info, fn):
    """Run a read that writes its release log: committed with the read, rolled back with an error."""
    async with info.context.db() as db:
        await info.context.begin_writes()
        try:
            result = await fn(db)
            await db.commit()
        except BaseException:
            await db.rollback()
            raise
        finally:
            await info.context.read_only()
    return result


From = Annotated[date, strawberry.argument(name="from", description="The first month wanted.")]
To = Annotated[date, strawberry.argument(description="The last month wanted (a day in it).")]


@strawberry.type
class InsightsQuery:
    @strawberry.field(
        description="The community's family network by month or quarter (staff and admins of the community): "
        "growth, ties, bridging, reciprocity, reach, mobilising, the asset map, the engagement continuum and "
        "equity. Whole periods that start in [from, to]; no figure covers fewer than ten families. Each "
        "reading is logged."
    )
    async def community_insights(
        self,
        info: Info,
        community_id: strawberry.ID,
        from_: From,
        to: To,
        granularity: InsightGranularity = InsightGranularity.MONTH,
    ) -> CommunityInsights:
        cid = from_global_id(community_id, "Community", field="communityId")
        lang = _lang(info)
        view = await _logged(
            info,
            lambda db: service.read(db, info.context.viewer, cid, start=from_, end=to, granularity=granularity.value),
        )
        labels = await _labels(info, lang)
        by_key = {m.key: m for m in view.metrics}
        return CommunityInsights(
            community_id=to_global_id("Community", cid),
            granularity=granularity,
            from_=view.start,
            to=view.end,
            minimum_families=K,
            computed_at=view.computed_at,
            refresh_available_at=view.refresh_available_at,
            metrics=[_metric(m, lang) for m in view.metrics],
            periods=[
                InsightPeriod(
                    start=p.start,
                    end=p.end - timedelta(days=1),
                    figures=[
                        InsightFigure(
                            metric=f.metric,
                            breakdown=f.breakdown or None,
                            breakdown_label=_breakdown_label(f.metric, f.breakdown, lang, labels),
                            value=f.value,
                            shown=InsightShown(f.shown.value),
                            display=service.display(by_key[f.metric], f, lang),
                        )
                        for f in p.figures
                    ],
                )
                for p in view.periods
            ],
        )

    @strawberry.field(
        description="The same figures as CSV (one row per figure; hidden ones have no value). Logged as an export."
    )
    async def community_insights_csv(
        self,
        info: Info,
        community_id: strawberry.ID,
        from_: From,
        to: To,
        granularity: InsightGranularity = InsightGranularity.MONTH,
    ) -> str:
        cid = from_global_id(community_id, "Community", field="communityId")
        lang = _lang(info)
        return await _logged(
            info,
            lambda db: service.csv_text(
                db, info.context.viewer, cid, start=from_, end=to, granularity=granularity.value, language=lang
            ),
        )


@strawberry.input
class RefreshCommunityInsightsInput:
    community_id: strawberry.ID


@strawberry.type
class RefreshCommunityInsightsPayload:
    refresh_available_at: datetime | None = strawberry.field(
        description="When the next refresh may be asked for; the figures change once the worker has run."
    )
    errors: list[UserError]


@strawberry.type
class InsightsMutation:
    @strawberry.mutation(
        description="Ask for the community's figures to be computed again now (staff; once every ten minutes)."
    )
    async def refresh_community_insights(
        self, info: Info, input: RefreshCommunityInsightsInput
    ) -> RefreshCommunityInsightsPayload:
        async def go():
            return await service.request_refresh(
                info.context.session,
                info.context.viewer,
                from_global_id(input.community_id, "Community", field="communityId"),
            )

        at, errors = await run_mutation(info, go)
        return RefreshCommunityInsightsPayload(refresh_available_at=at, errors=errors)
