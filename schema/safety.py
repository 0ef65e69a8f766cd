"""Safety: blocking caregivers and reporting to the community's staff."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import strawberry

from api.ids import from_global_id, parse_global_id, to_global_id
from api.safety import models, service
from schema.accounts import Caregiver
from schema.context import Info
from schema.core import (
    Node,
    PageInfo,
    UserError,
    decode_time_cursor,
    encode_time_cursor,
    node_resolver,
    page_size,
    run_mutation,
)


@strawberry.enum
class ReportReason(enum.Enum):
    SPAM = "spam"
    HARASSMENT = "harassment"
    SAFETY = "safety"
    INAPPROPRIATE = "inappropriate"
    OTHER = "other"


@strawberry.enum
class ReportStatus(enum.Enum):
    OPEN = "open"
    RESOLVED = "resolved"


ReportAction = strawberry.enum(
    models.ReportAction, name="ReportAction", description="What staff did about a report when they resolved it."
)

# Global ID type name -> report subject kind. Later features add Post, Need, Message.
REPORTABLE = {"Caregiver": "caregiver", "Post": "post", "Comment": "comment", "Need": "need", "Message": "message"}


@strawberry.type(description="A report, visible to the community's staff only.")
class Report(Node):
    subject_type: str
    subject_id: strawberry.ID
    reason: ReportReason
    details: str
    status: ReportStatus
    created_at: datetime
    reporter: Caregiver | None
    subject_caregiver: Caregiver | None = strawberry.field(
        description="The person responsible for what was reported (the caregiver, or the need's poster)."
    )
    excerpt: str | None = strawberry.field(
        description="The reported text (a message, post or comment), for staff to judge; only that item, never "
        "the rest of a conversation."
    )
    resolution: ReportAction | None = strawberry.field(description="What was done, once resolved.")
    resolution_note: str
    resolved_at: datetime | None
    resolved_by: Caregiver | None

    @classmethod
    def build(cls, view: service.ReportView) -> Report:
        r = view.report
        type_name = next(k for k, v in REPORTABLE.items() if v == r.subject_type)
        return cls(
            id=strawberry.ID(to_global_id("Report", r.id)),
            subject_type=r.subject_type,
            subject_id=strawberry.ID(to_global_id(type_name, r.subject_id)),
            reason=ReportReason(r.reason),
            details=r.details,
            status=ReportStatus(r.status),
            created_at=r.created_at,
            reporter=Caregiver.build(view.reporter) if view.reporter else None,
            subject_caregiver=Caregiver.build(view.subject_account) if view.subject_account else None,
            excerpt=view.excerpt,
            resolution=ReportAction(r.resolution) if r.resolution else None,
            resolution_note=r.resolution_note,
            resolved_at=r.resolved_at,
            resolved_by=Caregiver.build(view.resolved_by) if view.resolved_by else None,
        )


@strawberry.type
class ReportEdge:
    cursor: str
    node: Report


@strawberry.type
class ReportConnection:
    edges: list[ReportEdge]
    page_info: PageInfo


@node_resolver("Report")
async def resolve_report(info: Info, pk: uuid.UUID) -> Report:
    async with info.context.db() as db:
        views = await service.report_views(
            db, info.context.viewer, [await service.get_report(db, info.context.viewer, pk)]
        )
    return Report.build(views[0])


@strawberry.input
class BlockInput:
    caregiver_id: strawberry.ID


@strawberry.input
class UnblockInput:
    caregiver_id: strawberry.ID


@strawberry.type
class BlockPayload:
    ok: bool
    errors: list[UserError]


@strawberry.input
class ReportInput:
    community_id: strawberry.ID = strawberry.field(description="The community whose staff should look at it.")
    subject_id: strawberry.ID = strawberry.field(description="Global ID of a caregiver, post, need or message.")
    reason: ReportReason
    details: str | None = None


@strawberry.type
class ReportPayload:
    report_id: strawberry.ID | None = strawberry.field(
        description="Staff see the report; you get its ID for reference."
    )
    errors: list[UserError]


@strawberry.input
class ResolveReportInput:
    report_id: strawberry.ID
    action: ReportAction
    note: str | None = strawberry.field(default=None, description="What happened, for the other staff (optional).")


@strawberry.type
class ResolveReportPayload:
    report: Report | None
    errors: list[UserError]


@strawberry.type
class SafetyQuery:
    @strawberry.field(description="Caregivers I have blocked.")
    async def blocked_caregivers(self, info: Info) -> list[Caregiver]:
        async with info.context.db() as db:
            return [Caregiver.build(p) for p in await service.blocked_caregivers(db, info.context.viewer)]

    @strawberry.field(description="Reports filed in a community (staff only).")
    async def reports(
        self,
        info: Info,
        community_id: strawberry.ID,
        status: ReportStatus | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> ReportConnection:
        n = page_size(info, first)
        cursor = decode_time_cursor(after)
        pk = from_global_id(community_id, "Community", field="communityId")
        async with info.context.db() as db:
            rows = await service.list_reports(
                db,
                info.context.viewer,
                community_id=pk,
                status=status.value if status else None,
                limit=n + 1,
                after=cursor,
            )
            views = await service.report_views(db, info.context.viewer, rows[:n])
        edges = [
            ReportEdge(cursor=encode_time_cursor(v.report.created_at, v.report.id), node=Report.build(v)) for v in views
        ]
        return ReportConnection(
            edges=edges, page_info=PageInfo(has_next_page=len(rows) > n, end_cursor=edges[-1].cursor if edges else None)
        )


@strawberry.type
class SafetyMutation:
    @strawberry.mutation(description="Block a caregiver: they can no longer see or reach me, and I no longer see them.")
    async def block(self, info: Info, input: BlockInput) -> BlockPayload:
        async def go():
            pk = from_global_id(input.caregiver_id, "Caregiver", field="caregiverId")
            await service.block(info.context.session, info.context.viewer, account_id=pk)

        _, errors = await run_mutation(info, go)
        return BlockPayload(ok=not errors, errors=errors)

    @strawberry.mutation(description="Unblock a caregiver.")
    async def unblock(self, info: Info, input: UnblockInput) -> BlockPayload:
        async def go():
            pk = from_global_id(input.caregiver_id, "Caregiver", field="caregiverId")
            await service.unblock(info.context.session, info.context.viewer, account_id=pk)

        _, errors = await run_mutation(info, go)
        return BlockPayload(ok=not errors, errors=errors)

    @strawberry.mutation(
        description="Resolve a report with what was done (staff): content removed closes the reported need; "
        "member suspended suspends the person responsible in this community."
    )
    async def resolve_report(self, info: Info, input: ResolveReportInput) -> ResolveReportPayload:
        ctx = info.context

        async def go():
            pk = from_global_id(input.report_id, "Report", field="reportId")
            r = await service.resolve_report(
                ctx.session, ctx.viewer, report_id=pk, action=input.action.value, note=input.note
            )
            return (await service.report_views(ctx.session, ctx.viewer, [r]))[0]

        view, errors = await run_mutation(info, go)
        return ResolveReportPayload(report=Report.build(view) if view else None, errors=errors)

    @strawberry.mutation(description="Report a caregiver, post, need or message to the community's staff.")
    async def report(self, info: Info, input: ReportInput) -> ReportPayload:
        async def go():
            community = from_global_id(input.community_id, "Community", field="communityId")
            subject = from_global_id(input.subject_id, tuple(REPORTABLE), field="subjectId")
            type_name = parse_global_id(input.subject_id)[0]  # valid: from_global_id checked it
            r = await service.report(
                info.context.session,
                info.context.viewer,
                community_id=community,
                subject_type=REPORTABLE[type_name],
                subject_id=subject,
                reason=input.reason.value,
                details=input.details,
            )
            return strawberry.ID(to_global_id("Report", r.id))

        rid, errors = await run_mutation(info, go)
        return ReportPayload(report_id=rid, errors=errors)
