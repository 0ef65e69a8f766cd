"""Blocks and reports. `hidden_account_ids` is the one rule every feature uses to honour blocks."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Subquery, and_, delete, exists, func, or_, select, union
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.accounts.privacy import PublicProfile, profile_columns, profile_from_row, profiles_by_ids
from api.actor import Viewer, require_viewer
from api.communities.models import MembershipState
from api.db import in_uuids
from api.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from api.outbox.service import emit
from api.safety.models import REPORT_REASONS, Block, Report, ReportAction
from api.validation import Checker


def hidden_account_ids(viewer_id: uuid.UUID) -> Subquery:
    """Accounts the viewer must not see or reach: those they blocked and those who blocked them."""
    return union(
        select(Block.blocked_id.label("id")).where(Block.blocker_id == viewer_id),
        select(Block.blocker_id.label("id")).where(Block.blocked_id == viewer_id),
    ).subquery("hidden")


async def blocked_pairs(
    db: AsyncSession, these: set[uuid.UUID], those: set[uuid.UUID]
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """(one of these, one of those) pairs with a block between them, either way round, in both
    orders: one query for any number of people (a notification's recipients and its actors)."""
    if not these or not those:
        return set()
    rows = (
        await db.execute(
            select(Block.blocker_id, Block.blocked_id).where(
                or_(
                    and_(in_uuids(Block.blocker_id, these), in_uuids(Block.blocked_id, those)),
                    and_(in_uuids(Block.blocker_id, those), in_uuids(Block.blocked_id, these)),
                )
            )
        )
    ).all()
    return {(a, b) for a, b in rows} | {(b, a) for a, b in rows}


def blocked_between(a, b):
    """EXISTS: a block between a and b (ids or columns), either way round; to use inside a query."""
    return exists().where(
        or_(and_(Block.blocker_id == a, Block.blocked_id == b), and_(Block.blocker_id == b, Block.blocked_id == a))
    )


async def is_blocked_between(db: AsyncSession, a: uuid.UUID, b: uuid.UUID) -> bool:
    return bool(await db.scalar(select(blocked_between(a, b))))


async def block(db: AsyncSession, viewer: Viewer | None, *, account_id: uuid.UUID) -> None:
    """Block someone the viewer can see (or could see before). Blocking twice is harmless."""
    from sqlalchemy.orm import aliased

    from api.communities.models import Membership

    viewer = require_viewer(viewer)
    if account_id == viewer.account_id:
        raise Invalid("You cannot block yourself.", field="caregiverId")
    # Allowed for anyone sharing a community with the viewer (any state), so a pending member can
    # still protect themselves; not for arbitrary ids, which would reveal who exists.
    mine, theirs = aliased(Membership), aliased(Membership)
    shared = await db.scalar(
        select(
            exists().where(
                mine.account_id == viewer.account_id,
                theirs.community_id == mine.community_id,
                theirs.account_id == account_id,
            )
        )
    )
    already = await db.get(Block, (viewer.account_id, account_id))
    if not shared and already is None:
        raise NotFound("That caregiver does not exist.", field="caregiverId")
    await db.execute(insert(Block).values(blocker_id=viewer.account_id, blocked_id=account_id).on_conflict_do_nothing())


async def unblock(db: AsyncSession, viewer: Viewer | None, *, account_id: uuid.UUID) -> None:
    viewer = require_viewer(viewer)
    result = await db.execute(
        delete(Block).where(Block.blocker_id == viewer.account_id, Block.blocked_id == account_id)
    )
    if result.rowcount == 0:
        raise NotFound("You have not blocked that caregiver.", field="caregiverId", code="NOT_BLOCKED")


async def blocked_caregivers(db: AsyncSession, viewer: Viewer | None) -> list[PublicProfile]:
    """The people the viewer blocked, as anyone else sees them (directory privacy)."""
    viewer = require_viewer(viewer)
    q = (
        select(*profile_columns())
        .join(Block, Block.blocked_id == Account.id)
        .where(Block.blocker_id == viewer.account_id)
        .order_by(Block.created_at)
    )
    return [profile_from_row(r, viewer.account_id) for r in (await db.execute(q)).all()]  # type: ignore[misc]


# Report subjects: each feature registers how to find who is responsible for a subject in a
# community: (db, community id, subject id, reporter id) -> the account, or None when it does not
# exist there or the reporter cannot see it (a message of a conversation they are not in).
SubjectResolver = Callable[[AsyncSession, uuid.UUID, uuid.UUID, uuid.UUID], Awaitable[uuid.UUID | None]]
SUBJECT_RESOLVERS: dict[str, SubjectResolver] = {}


def report_subject(kind: str) -> Callable[[SubjectResolver], SubjectResolver]:
    def register(fn: SubjectResolver) -> SubjectResolver:
        SUBJECT_RESOLVERS[kind] = fn
        return fn

    return register


@report_subject("caregiver")
async def _caregiver_subject(
    db: AsyncSession, community_id: uuid.UUID, account_id: uuid.UUID, reporter_id: uuid.UUID
) -> uuid.UUID | None:
    from api.communities.models import Membership

    found = await db.scalar(
        select(Membership.account_id).where(
            Membership.community_id == community_id, Membership.account_id == account_id
        )
    )
    return found


async def report(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    community_id: uuid.UUID,
    subject_type: str,
    subject_id: uuid.UUID,
    reason: str,
    details: str | None,
) -> Report:
    from api.communities.service import require_member

    viewer = require_viewer(viewer)
    c = Checker()
    if reason not in REPORT_REASONS:
        c.add("reason", f"Choose a reason: {', '.join(REPORT_REASONS)}.")
    details_c = c.text("details", details or "", max_len=2000, label="Details")
    c.done()
    await require_member(db, viewer, community_id, verified=False)
    resolver = SUBJECT_RESOLVERS.get(subject_type)
    responsible = await resolver(db, community_id, subject_id, viewer.account_id) if resolver else None
    if responsible is None:
        raise NotFound("What you are reporting was not found in this community.", field="subjectId")
    if responsible == viewer.account_id:
        raise Invalid("You cannot report yourself or your own content.", field="subjectId")
    existing = await db.scalar(
        select(Report.id).where(
            Report.reporter_id == viewer.account_id,
            Report.subject_id == subject_id,
            Report.status == "open",
            Report.community_id == community_id,
        )
    )
    if existing:
        raise Conflict(
            "You have already reported this; the school's staff will look at it.",
            field="subjectId",
            code="ALREADY_REPORTED",
        )
    r = Report(
        community_id=community_id,
        reporter_id=viewer.account_id,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_account_id=responsible,
        reason=reason,
        details=details_c or "",
    )
    db.add(r)
    await db.flush()
    # The domain whose content it is may tell someone (a group's leaders): report.filed.<subject>.
    await emit(db, f"report.filed.{subject_type}", community_id=community_id, report_id=r.id)
    return r


async def list_reports(
    db: AsyncSession, viewer: Viewer | None, *, community_id: uuid.UUID, status: str | None, limit: int, after
) -> list[Report]:
    """Reports newest first; `after` is a (created_at, id) keyset position."""
    from api.communities.service import STAFF_ROLES, require_member

    await require_member(db, viewer, community_id, roles=STAFF_ROLES)
    q = select(Report).where(Report.community_id == community_id)
    if status is not None:
        if status not in ("open", "resolved"):
            raise Invalid("Status must be open or resolved.", field="status")
        q = q.where(Report.status == status)
    if after is not None:
        q = q.where(func.row(Report.created_at, Report.id) < func.row(after[0], after[1]))
    return list((await db.scalars(q.order_by(Report.created_at.desc(), Report.id.desc()).limit(limit))).all())


async def get_report(db: AsyncSession, viewer: Viewer | None, report_id: uuid.UUID) -> Report:
    from api.communities.service import STAFF_ROLES, require_member

    r = await db.get(Report, report_id)
    if r is None:
        raise NotFound("That report does not exist.")
    try:
        await require_member(db, viewer, r.community_id, roles=STAFF_ROLES)
    except Forbidden as e:
        raise NotFound("That report does not exist.") from e
    return r


# What staff see of reported content, for the kinds that have text: (db, subject ids) -> {id: text}.
# Only the reported item, so a report never opens the rest of a private conversation.
Excerpts = Callable[[AsyncSession, list[uuid.UUID]], Awaitable[dict[uuid.UUID, str]]]
EXCERPTS: dict[str, Excerpts] = {}


def report_excerpt(kind: str) -> Callable[[Excerpts], Excerpts]:
    def register(fn: Excerpts) -> Excerpts:
        EXCERPTS[kind] = fn
        return fn

    return register


@dataclass(frozen=True)
class ReportView:
    report: Report
    reporter: PublicProfile | None  # None once the reporter's account is gone
    subject_account: PublicProfile | None = None  # who is responsible for what was reported
    resolved_by: PublicProfile | None = None
    excerpt: str | None = None  # the reported text (a message, a post), when it has one


async def report_views(db: AsyncSession, viewer: Viewer | None, reports: list[Report]) -> list[ReportView]:
    """Reports the viewer may already see, with the people in them as the viewer may see them: one query."""
    ids = {r.reporter_id for r in reports}
    ids |= {r.subject_account_id for r in reports if r.subject_account_id}
    ids |= {r.resolved_by_id for r in reports if r.resolved_by_id}
    people = await profiles_by_ids(db, ids, viewer.account_id if viewer else None)
    texts: dict[uuid.UUID, str] = {}
    for kind in {r.subject_type for r in reports} & EXCERPTS.keys():
        texts |= await EXCERPTS[kind](db, [r.subject_id for r in reports if r.subject_type == kind])
    return [
        ReportView(
            r,
            people.get(r.reporter_id),
            people.get(r.subject_account_id) if r.subject_account_id else None,
            people.get(r.resolved_by_id) if r.resolved_by_id else None,
            texts.get(r.subject_id),
        )
        for r in reports
    ]


# What "content removed" does for each kind of subject: each feature registers how to take its
# content down (a need is closed). Kinds with none cannot be resolved that way.
ContentRemover = Callable[[AsyncSession, uuid.UUID, uuid.UUID], Awaitable[bool]]
CONTENT_REMOVERS: dict[str, ContentRemover] = {}


def report_remover(kind: str) -> Callable[[ContentRemover], ContentRemover]:
    def register(fn: ContentRemover) -> ContentRemover:
        CONTENT_REMOVERS[kind] = fn
        return fn

    return register


RESOLUTION_NOTE_MAX = 2000


async def resolve_report(
    db: AsyncSession, viewer: Viewer | None, *, report_id: uuid.UUID, action: str, note: str | None
) -> Report:
    """Staff close a report with what they did about it, recorded with their name and the time.
    "content_removed" takes the reported content down, "member_suspended" suspends the person
    responsible in this community (under the same rules as suspending them from the member list);
    either happens in the same transaction, so a report is never marked done when the action failed."""
    from api.communities.service import STAFF_ROLES, membership, require_member, suspend_member

    require_viewer(viewer)
    c = Checker()
    if action not in list(ReportAction):
        c.add("action", "Choose what was done: no action, warned, content removed or member suspended.")
    note_c = c.text("note", note or "", max_len=RESOLUTION_NOTE_MAX, label="The note")
    c.done()
    r = await db.get(Report, report_id, with_for_update=True)
    missing = NotFound("That report does not exist.", field="reportId")
    if r is None:
        raise missing
    try:
        actor = await require_member(db, viewer, r.community_id, roles=STAFF_ROLES)
    except DomainError as e:
        raise missing from e
    if r.status != "open":
        raise Conflict("This report was already resolved.", field="reportId", code="ALREADY_RESOLVED")
    if action == ReportAction.CONTENT_REMOVED:
        remover = CONTENT_REMOVERS.get(r.subject_type)
        if remover is None:
            raise Invalid(
                "A report about a person has no content to remove: choose another action.",
                field="action",
                code="NOTHING_TO_REMOVE",
            )
        if not await remover(db, r.community_id, r.subject_id):
            raise Conflict("That content is already gone.", field="action", code="ALREADY_REMOVED")
    elif action == ReportAction.MEMBER_SUSPENDED:
        target = await membership(db, r.subject_account_id, r.community_id) if r.subject_account_id else None
        if target is None:
            raise Conflict("That person is no longer a member of this community.", field="action", code="NOT_MEMBER")
        if target.state != MembershipState.SUSPENDED:
            await suspend_member(db, viewer, membership_id=target.id)
    r.status = "resolved"
    r.resolution = action
    r.resolution_note = note_c or ""
    r.resolved_at = datetime.now(UTC)
    r.resolved_by_id = actor.account_id
    await db.flush()
    return r


async def open_report_count(db: AsyncSession, viewer: Viewer | None, community_id: uuid.UUID) -> int | None:
    """Open reports, for the community's staff (None for anyone else)."""
    from api.communities.service import STAFF_ROLES, membership

    if viewer is None:
        return None
    m = await membership(db, viewer.account_id, community_id)
    if m is None or m.state != MembershipState.VERIFIED or m.role not in STAFF_ROLES:
        return None
    return await db.scalar(
        select(func.count()).select_from(Report).where(Report.community_id == community_id, Report.status == "open")
    )
