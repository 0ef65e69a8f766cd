"""Peer groups: who may see, join and lead a group; posts and comments among its members; what its
leaders may do about content. Every rule about groups lives here.

Only verified members of a group's community see it; hidden groups only their own members (and
people invited or asking). Blocks hold inside groups too: a post or comment by someone the viewer
blocked (or who blocked them) is left out of what they read, and nobody is told about the other."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import Select, and_, delete, exists, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.accounts.models import Account
from api.accounts.privacy import PublicProfile, profiles_by_ids
from api.actor import Viewer, require_viewer
from api.communities.models import Membership, MembershipState
from api.communities.service import ORGANISER_ROLES, require_member
from api.db import in_uuids
from api.errors import Conflict, Forbidden, Invalid, NotFound, is_unique_violation
from api.groups.models import (
    Comment,
    Group,
    GroupMember,
    GroupMembershipState,
    GroupMode,
    GroupNotify,
    GroupRole,
    GroupVisibility,
    Post,
)
from api.outbox.service import emit
from api.safety.models import Block, Report
from api.safety.service import (
    hidden_account_ids,
    is_blocked_between,
    report_excerpt,
    report_remover,
    report_subject,
)
from api.validation import Checker

NAME_MAX, PURPOSE_MAX, QUESTION_MAX, ANSWER_MAX = 80, 2000, 300, 1000
POST_MAX, COMMENT_MAX, LINK_MAX, REASON_MAX, CLIENT_ID_MAX = 5000, 2000, 500, 500, 64
GRADE_BANDS = ("PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "K-2", "3-5", "6-8", "9-12")
LATEST_COMMENTS = 5


def _now() -> datetime:
    return datetime.now(UTC)


MISSING = "That group does not exist, or you cannot see it."


# --- who may see and do what ----------------------------------------------------------------------


async def _row(db: AsyncSession, group_id: uuid.UUID, account_id: uuid.UUID) -> GroupMember | None:
    return await db.scalar(
        select(GroupMember).where(GroupMember.group_id == group_id, GroupMember.account_id == account_id)
    )


async def visible_group(db: AsyncSession, viewer: Viewer | None, group_id: uuid.UUID) -> Group:
    """The group, when the viewer is verified in its community and it is listed (or they are in
    it, invited or asking); NotFound otherwise, so a hidden group's existence does not leak."""
    viewer = require_viewer(viewer)
    group = await db.get(Group, group_id)
    if group is None:
        raise NotFound(MISSING, field="groupId")
    try:
        await require_member(db, viewer, group.community_id)
    except (NotFound, Forbidden) as e:
        raise NotFound(MISSING, field="groupId") from e
    if group.hidden and await _row(db, group.id, viewer.account_id) is None:
        raise NotFound(MISSING, field="groupId")
    return group


async def group_for_member(db: AsyncSession, viewer: Viewer | None, group_id: uuid.UUID) -> tuple[Group, GroupMember]:
    """The group and the viewer's membership, when they are a member (not only invited or asking)."""
    group = await visible_group(db, viewer, group_id)
    assert viewer is not None
    mine = await _row(db, group.id, viewer.account_id)
    if mine is None or mine.state != GroupMembershipState.MEMBER:
        raise Forbidden("Only the group's members can do that. Join the group first.", code="NOT_GROUP_MEMBER")
    return group, mine


async def group_for_leader(db: AsyncSession, viewer: Viewer | None, group_id: uuid.UUID) -> tuple[Group, GroupMember]:
    group, mine = await group_for_member(db, viewer, group_id)
    if mine.role != GroupRole.LEADER:
        raise Forbidden("Only the group's leaders can do that.", code="NOT_GROUP_LEADER")
    return group, mine


def member_ids_of(group_id: uuid.UUID) -> Select:
    """The account ids of a group's members (not those invited or asking)."""
    return select(GroupMember.account_id).where(
        GroupMember.group_id == group_id, GroupMember.state == GroupMembershipState.MEMBER
    )


def instant_member_ids_of(group_id: uuid.UUID) -> Select:
    """Members told of each post and comment as it happens (the others get a digest, or nothing)."""
    return member_ids_of(group_id).where(GroupMember.notify == GroupNotify.INSTANT)


def leader_ids_of(group_id: uuid.UUID) -> Select:
    return member_ids_of(group_id).where(GroupMember.role == GroupRole.LEADER)


async def _leader_count(db: AsyncSession, group_id: uuid.UUID) -> int:
    return await db.scalar(select(func.count()).select_from(leader_ids_of(group_id).subquery())) or 0


# --- groups ---------------------------------------------------------------------------------------


@dataclass
class GroupFields:
    name: str | None = None
    purpose: str | None = None
    languages: list[str] | None = None
    grade_band: str | None = None
    mode: str | None = None
    visibility: str | None = None
    hidden: bool | None = None
    join_question: str | None = None


def _checked(fields: GroupFields, *, creating: bool) -> GroupFields:
    c = Checker()
    name = c.text(
        "name",
        fields.name,
        min_len=3 if creating or fields.name is not None else 0,
        max_len=NAME_MAX,
        label="The group's name",
        multiline=False,
    )
    purpose = c.text("purpose", fields.purpose, max_len=PURPOSE_MAX, label="The purpose")
    languages = c.languages("languages", fields.languages)
    question = c.text("joinQuestion", fields.join_question, max_len=QUESTION_MAX, label="The join question")
    if fields.grade_band is not None and fields.grade_band not in ("", *GRADE_BANDS):
        c.add("gradeBand", f"Choose a grade or a band: {', '.join(GRADE_BANDS)}.", "INVALID_GRADE")
    if fields.mode is not None and fields.mode not in list(GroupMode):
        c.add("mode", "Choose in person, virtual or both.")
    if fields.visibility is not None and fields.visibility not in list(GroupVisibility):
        c.add("visibility", "Choose open, on request or by invitation.")
    c.done()
    return GroupFields(
        name=name,
        purpose=purpose,
        languages=languages,
        grade_band=fields.grade_band or None if fields.grade_band is not None else None,
        mode=fields.mode,
        visibility=fields.visibility,
        hidden=fields.hidden,
        join_question=question,
    )


async def create_group(
    db: AsyncSession, viewer: Viewer | None, *, community_id: uuid.UUID, fields: GroupFields
) -> Group:
    """A parent leader (or staff) starts a group and leads it. Caregivers become leaders when staff
    give them the role: a group is a space families trust because the school knows who runs it."""
    m = await require_member(db, viewer, community_id, roles=ORGANISER_ROLES)
    f = _checked(fields, creating=True)
    group = Group(
        community_id=community_id,
        name=f.name,
        purpose=f.purpose or "",
        languages=f.languages or [],
        grade_band=f.grade_band,
        mode=f.mode or GroupMode.BOTH,
        visibility=f.visibility or GroupVisibility.OPEN,
        hidden=bool(f.hidden),
        join_question=f.join_question or "",
        created_by_id=m.account_id,
    )
    db.add(group)
    await db.flush()
    db.add(
        GroupMember(
            group_id=group.id,
            community_id=group.community_id,
            account_id=m.account_id,
            role=GroupRole.LEADER,
            decided_at=_now(),
        )
    )
    await db.flush()
    return group


async def update_group(db: AsyncSession, viewer: Viewer | None, *, group_id: uuid.UUID, fields: GroupFields) -> Group:
    group, _ = await group_for_leader(db, viewer, group_id)
    f = _checked(fields, creating=False)
    for name in ("name", "purpose", "languages", "mode", "visibility", "hidden", "join_question"):
        value = getattr(f, name)
        if value is not None:
            setattr(group, name, value)
    if fields.grade_band is not None:
        group.grade_band = f.grade_band
    await db.flush()
    return group


@dataclass
class GroupFilter:
    community_id: uuid.UUID
    language: str | None = None
    grade_band: str | None = None
    mode: str | None = None
    mine: bool = False
    search: str | None = None


async def list_groups(
    db: AsyncSession, viewer: Viewer | None, flt: GroupFilter, *, after: tuple[str, uuid.UUID] | None, limit: int
) -> list[Group]:
    """Groups to discover (listed ones, and hidden ones the viewer is in), by name; `mine`: the
    groups the viewer is a member of. A virtual-only search never includes in-person-only groups."""
    await require_member(db, viewer, flt.community_id)
    assert viewer is not None
    mine = select(GroupMember.group_id).where(
        GroupMember.community_id == flt.community_id, GroupMember.account_id == viewer.account_id
    )
    q = select(Group).where(Group.community_id == flt.community_id)
    if flt.mine:
        q = q.where(Group.id.in_(mine.where(GroupMember.state == GroupMembershipState.MEMBER)))
    else:
        q = q.where(or_(Group.hidden.is_(False), Group.id.in_(mine)))
    if flt.language:
        q = q.where(Group.languages.any(flt.language))
    if flt.grade_band:
        q = q.where(Group.grade_band == flt.grade_band)
    if flt.mode:
        if flt.mode not in list(GroupMode):
            raise Invalid("Mode must be in person, virtual or both.", field="mode")
        q = q.where(Group.mode.in_((flt.mode, GroupMode.BOTH)))
    if flt.search:
        c = Checker()
        term = c.text("search", flt.search, max_len=100, label="The search", multiline=False)
        c.done()
        like = "%" + (term or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        q = q.where(or_(Group.name.ilike(like), Group.purpose.ilike(like)))
    if after is not None:
        q = q.where(func.row(func.lower(Group.name), Group.id) > func.row(after[0], after[1]))
    return list((await db.scalars(q.order_by(func.lower(Group.name), Group.id).limit(limit))).all())


async def member_counts(db: AsyncSession, group_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    rows = await db.execute(
        select(GroupMember.group_id, func.count())
        .where(GroupMember.group_id.in_(group_ids), GroupMember.state == GroupMembershipState.MEMBER)
        .group_by(GroupMember.group_id)
    )
    return dict(rows.all())


async def my_group_rows(
    db: AsyncSession, viewer: Viewer | None, group_ids: list[uuid.UUID]
) -> dict[uuid.UUID, GroupMember]:
    if viewer is None or not group_ids:
        return {}
    rows = await db.scalars(
        select(GroupMember).where(GroupMember.group_id.in_(group_ids), GroupMember.account_id == viewer.account_id)
    )
    return {r.group_id: r for r in rows.all()}


async def leaders_of(
    db: AsyncSession, viewer: Viewer | None, group_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[PublicProfile]]:
    rows = (
        await db.execute(
            select(GroupMember.group_id, GroupMember.account_id)
            .where(
                GroupMember.group_id.in_(group_ids),
                GroupMember.role == GroupRole.LEADER,
                GroupMember.state == GroupMembershipState.MEMBER,
            )
            .order_by(GroupMember.created_at)
        )
    ).all()
    people = await profiles_by_ids(db, {a for _, a in rows}, viewer.account_id if viewer else None)
    out: dict[uuid.UUID, list[PublicProfile]] = {g: [] for g in group_ids}
    for g, a in rows:
        if a in people:
            out[g].append(people[a])
    return out


# --- membership -----------------------------------------------------------------------------------


async def join_group(
    db: AsyncSession, viewer: Viewer | None, *, group_id: uuid.UUID, answer: str | None
) -> GroupMember:
    """Open groups: in at once. On request: waiting for a leader, with the answer to the group's
    question (the leaders are told). By invitation: only someone invited gets in (their yes)."""
    group = await visible_group(db, viewer, group_id)
    assert viewer is not None
    c = Checker()
    answer_c = c.text("answer", answer or "", max_len=ANSWER_MAX, label="Your answer")
    if group.visibility == GroupVisibility.REQUEST and group.join_question and not answer_c:
        c.add("answer", "Answer the group's question so its leaders know who is asking.", "REQUIRED")
    c.done()
    row = await _row(db, group.id, viewer.account_id)
    if row is not None:
        if row.state == GroupMembershipState.INVITED:
            row.state, row.decided_at = GroupMembershipState.MEMBER, _now()
            await db.flush()
            return row
        if row.state == GroupMembershipState.REQUESTED:
            raise Conflict(
                "You already asked to join; a leader will answer.", field="groupId", code="ALREADY_REQUESTED"
            )
        raise Conflict("You are already a member of this group.", field="groupId", code="ALREADY_MEMBER")
    if group.visibility == GroupVisibility.INVITE:
        raise Forbidden(
            "This group is by invitation only. Ask one of its leaders.", field="groupId", code="INVITE_ONLY"
        )
    waiting = group.visibility == GroupVisibility.REQUEST
    row = GroupMember(
        group_id=group.id,
        community_id=group.community_id,
        account_id=viewer.account_id,
        state=GroupMembershipState.REQUESTED if waiting else GroupMembershipState.MEMBER,
        join_answer=answer_c or "",
        decided_at=None if waiting else _now(),
    )
    try:
        async with db.begin_nested():  # the same person joining twice at once: one row
            db.add(row)
    except IntegrityError as e:
        if is_unique_violation(e, "uq_group_members_group_id"):
            raise Conflict("You are already in this group.", field="groupId", code="ALREADY_MEMBER") from e
        raise
    if waiting:
        await emit(db, "group.join_requested", community_id=group.community_id, membership_id=row.id)
    return row


async def _target(
    db: AsyncSession, viewer: Viewer | None, membership_id: uuid.UUID
) -> tuple[Group, GroupMember, GroupMember]:
    """A membership a leader acts on: (group, the leader's own row, the target row)."""
    require_viewer(viewer)
    target = await db.get(GroupMember, membership_id)
    if target is None:
        raise NotFound("That group member does not exist.", field="membershipId")
    try:
        group, mine = await group_for_leader(db, viewer, target.group_id)
    except NotFound as e:
        raise NotFound("That group member does not exist.", field="membershipId") from e
    return group, mine, target


async def decide_join_request(
    db: AsyncSession, viewer: Viewer | None, *, membership_id: uuid.UUID, approve: bool
) -> GroupMember | None:
    """A leader lets someone in, or not; they are told either way. Declined requests are removed
    (they may ask again later)."""
    group, mine, target = await _target(db, viewer, membership_id)
    if target.state != GroupMembershipState.REQUESTED:
        raise Conflict("That request was already decided.", field="membershipId", code="ALREADY_DECIDED")
    await emit(
        db,
        "group.join_decided",
        community_id=group.community_id,
        group_id=group.id,
        account_id=target.account_id,
        approved=approve,
        by=mine.account_id,
    )
    if not approve:
        await db.delete(target)
        await db.flush()
        return None
    target.state, target.decided_at, target.decided_by_id = GroupMembershipState.MEMBER, _now(), mine.account_id
    await db.flush()
    return target


async def invite_to_group(
    db: AsyncSession, viewer: Viewer | None, *, group_id: uuid.UUID, account_id: uuid.UUID
) -> GroupMember:
    group, mine = await group_for_leader(db, viewer, group_id)
    verified = await db.scalar(
        select(Membership.id).where(
            Membership.community_id == group.community_id,
            Membership.account_id == account_id,
            Membership.state == MembershipState.VERIFIED,
        )
    )
    if verified is None or await is_blocked_between(db, mine.account_id, account_id):
        raise NotFound("That person is not a member of this community.", field="caregiverId")
    existing = await _row(db, group.id, account_id)
    if existing is not None:
        if existing.state == GroupMembershipState.REQUESTED:  # they asked: inviting them is a yes
            existing.state, existing.decided_at, existing.decided_by_id = (
                GroupMembershipState.MEMBER,
                _now(),
                mine.account_id,
            )
            await db.flush()
            return existing
        raise Conflict("That person is already in this group or invited.", field="caregiverId", code="ALREADY_MEMBER")
    row = GroupMember(
        group_id=group.id,
        community_id=group.community_id,
        account_id=account_id,
        state=GroupMembershipState.INVITED,
        decided_by_id=mine.account_id,
    )
    db.add(row)
    await db.flush()
    await emit(db, "group.invited", community_id=group.community_id, membership_id=row.id, by=mine.account_id)
    return row


async def leave_group(
    db: AsyncSession, viewer: Viewer | None, *, group_id: uuid.UUID, hand_over_to: uuid.UUID | None
) -> uuid.UUID:
    """Leave (or withdraw a request, or turn down an invitation). A group always keeps a leader:
    its last leader hands over to another member first; the last member of all takes the group
    with them (nobody is left to read it)."""
    viewer = require_viewer(viewer)
    group = await db.get(Group, group_id, with_for_update=True)
    mine = await _row(db, group_id, viewer.account_id) if group else None
    if group is None or mine is None:
        raise NotFound("You are not in that group.", field="groupId")
    if mine.role == GroupRole.LEADER and mine.state == GroupMembershipState.MEMBER:
        others = await db.scalar(
            select(func.count()).select_from(
                member_ids_of(group.id).where(GroupMember.account_id != viewer.account_id).subquery()
            )
        )
        if not others:
            await db.delete(group)
            await db.flush()
            return group_id
        if await _leader_count(db, group.id) == 1:
            if hand_over_to is None:
                raise Conflict(
                    "You are this group's only leader: choose a member to lead it before you leave.",
                    field="handOverTo",
                    code="LAST_LEADER",
                )
            heir = await _row(db, group.id, hand_over_to)
            if heir is None or heir.state != GroupMembershipState.MEMBER or heir.account_id == viewer.account_id:
                raise Invalid("Choose one of the group's members.", field="handOverTo", code="NOT_GROUP_MEMBER")
            heir.role = GroupRole.LEADER
    await db.delete(mine)
    await db.flush()
    return group_id


async def remove_group_member(db: AsyncSession, viewer: Viewer | None, *, membership_id: uuid.UUID) -> uuid.UUID:
    group, mine, target = await _target(db, viewer, membership_id)
    if target.id == mine.id:
        raise Invalid("To leave the group yourself, use Leave.", field="membershipId")
    if target.role == GroupRole.LEADER:
        raise Forbidden("Make a leader a member first, then remove them.", field="membershipId", code="IS_LEADER")
    await db.delete(target)
    await db.flush()
    return group.id


async def set_group_role(
    db: AsyncSession, viewer: Viewer | None, *, membership_id: uuid.UUID, role: str
) -> GroupMember:
    group, _mine, target = await _target(db, viewer, membership_id)
    if role not in list(GroupRole):
        raise Invalid("A group member is a leader or a member.", field="role")
    if target.state != GroupMembershipState.MEMBER:
        raise Conflict(
            "Only members can lead; this person has not joined yet.", field="membershipId", code="NOT_GROUP_MEMBER"
        )
    if role == GroupRole.MEMBER and target.role == GroupRole.LEADER and await _leader_count(db, group.id) == 1:
        raise Conflict("A group keeps at least one leader: name another one first.", field="role", code="LAST_LEADER")
    target.role = role
    await db.flush()
    return target


async def group_memberships(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    group_id: uuid.UUID,
    state: str,
    after: tuple[str, uuid.UUID] | None,
    limit: int,
) -> tuple[list[tuple[GroupMember, PublicProfile]], bool]:
    """The group's members by name (for its members); people waiting (asked, invited) for leaders.
    With whether the viewer leads the group (leaders see join answers)."""
    group, mine = await group_for_member(db, viewer, group_id)
    assert viewer is not None
    if state not in list(GroupMembershipState):
        raise Invalid("State must be member, requested or invited.", field="state")
    if state != GroupMembershipState.MEMBER and mine.role != GroupRole.LEADER:
        raise Forbidden("Only the group's leaders see who is waiting.", field="state", code="NOT_GROUP_LEADER")
    q = (
        select(GroupMember, Account.display_name)
        .join(Account, Account.id == GroupMember.account_id)
        .where(
            GroupMember.group_id == group.id,
            GroupMember.state == state,
            GroupMember.account_id.not_in(select(hidden_account_ids(viewer.account_id).c.id)),
        )
    )
    if after is not None:
        q = q.where(func.row(func.lower(Account.display_name), GroupMember.id) > func.row(after[0], after[1]))
    rows = (await db.execute(q.order_by(func.lower(Account.display_name), GroupMember.id).limit(limit))).all()
    people = await profiles_by_ids(db, {m.account_id for m, _ in rows}, viewer.account_id)
    return [(m, people[m.account_id]) for m, _ in rows if m.account_id in people], mine.role == GroupRole.LEADER


async def set_group_notify(db: AsyncSession, viewer: Viewer | None, *, group_id: uuid.UUID, notify: str) -> GroupMember:
    """How I hear of this group's posts and comments: at once, a daily digest, or not at all
    (requests, decisions and reports reach leaders whatever they choose here)."""
    _group, mine = await group_for_member(db, viewer, group_id)
    if notify not in list(GroupNotify):
        raise Invalid("Choose instant, daily or off.", field="notify")
    mine.notify = notify
    await db.flush()
    return mine


async def mark_group_seen(db: AsyncSession, viewer: Viewer | None, *, group_id: uuid.UUID) -> GroupMember:
    """The member opened the group: what they have seen stays out of their next digest."""
    _group, mine = await group_for_member(db, viewer, group_id)
    mine.digest_after = max(mine.digest_after, _now())
    await db.flush()
    return mine


DIGEST_HOUR = 18  # local time in the community: after school, before dinner


async def due_digests(db: AsyncSession, now: datetime) -> list[tuple[GroupMember, int, int]]:
    """Daily-digest members whose community's 18:00 has passed today and who have not had today's:
    each with the posts and comments that came after their digest_after, leaving out their own,
    hidden ones, and people across a block. One statement, whatever the number of members: the
    community's local 18:00 is worked out by PostgreSQL (DST included)."""
    from api.communities.models import Community

    local_now = func.timezone(Community.timezone, now)
    digest_time = func.timezone(
        Community.timezone, func.date_trunc("day", local_now) + text(f"interval '{DIGEST_HOUR} hours'")
    )

    def new_items(model):
        return (
            select(func.count())
            .select_from(model)
            .where(
                model.group_id == GroupMember.group_id,
                model.created_at > GroupMember.digest_after,
                model.hidden_at.is_(None),
                model.author_id.is_not(None),
                model.author_id != GroupMember.account_id,
                ~exists().where(
                    or_(
                        and_(Block.blocker_id == GroupMember.account_id, Block.blocked_id == model.author_id),
                        and_(Block.blocked_id == GroupMember.account_id, Block.blocker_id == model.author_id),
                    )
                ),
            )
            .scalar_subquery()
        )

    rows = (
        await db.execute(
            select(GroupMember, new_items(Post), new_items(Comment))
            .join(Group, Group.id == GroupMember.group_id)
            .join(Community, Community.id == Group.community_id)
            .where(
                GroupMember.notify == GroupNotify.DAILY,
                GroupMember.state == GroupMembershipState.MEMBER,
                digest_time <= now,
                GroupMember.digest_after < digest_time,
            )
        )
    ).all()
    return [(m, posts or 0, comments or 0) for m, posts, comments in rows]


@dataclass(frozen=True)
class NewsItem:
    post: PostView
    group: Group
    unread: bool


async def group_news(db: AsyncSession, viewer: Viewer | None, *, limit: int) -> list[NewsItem]:
    """The newest posts in my groups, by others, for the home screen: only groups I am a member of
    in communities where I am verified; nothing hidden, nothing across a block. `unread`: posted
    since I last opened the group. Five statements whatever the number."""
    viewer = require_viewer(viewer)
    rows = (
        await db.execute(
            select(Post, Group, GroupMember.digest_after)
            .join(Group, Group.id == Post.group_id)
            .join(
                GroupMember,
                and_(
                    GroupMember.group_id == Post.group_id,
                    GroupMember.account_id == viewer.account_id,
                    GroupMember.state == GroupMembershipState.MEMBER,
                ),
            )
            .join(
                Membership,
                and_(
                    Membership.community_id == Group.community_id,
                    Membership.account_id == viewer.account_id,
                    Membership.state == MembershipState.VERIFIED,
                ),
            )
            .where(
                Post.hidden_at.is_(None),
                Post.author_id.is_not(None),
                Post.author_id != viewer.account_id,
                _readable(Post, viewer.account_id, False),
            )
            .order_by(Post.created_at.desc(), Post.id.desc())
            .limit(limit)
        )
    ).all()
    views = await post_views(db, viewer, [r[0] for r in rows], leader=False)
    return [NewsItem(v, g, v.post.created_at > seen) for v, (_p, g, seen) in zip(views, rows, strict=True)]


# --- posts and comments ---------------------------------------------------------------------------


def _link(c: Checker, link: str | None) -> str | None:
    if not link or not link.strip():
        return None
    link = link.strip()
    parts = urlsplit(link) if len(link) <= LINK_MAX and not any(ch.isspace() for ch in link) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        c.add(
            "link",
            "A link starts with https:// (or http://), has no spaces and is at most 500 characters.",
            "INVALID_LINK",
        )
    return link


def _client_id(c: Checker, client_id: str | None) -> str | None:
    if client_id is not None and not (1 <= len(client_id) <= CLIENT_ID_MAX and client_id.isprintable()):
        c.add("clientId", "clientId is 1 to 64 printable characters.", "INVALID")
    return client_id


def _same_again(first: Post | Comment | None, group_or_post_id: uuid.UUID, body: str, link: str | None = None):
    """A resend with a client id already used: the first item when it is the same action; an error
    (nothing changes) when the id comes with other content (api/retries does the same elsewhere)."""
    if first is None:
        return None
    where = first.group_id if isinstance(first, Post) else first.post_id
    if (where, first.body, getattr(first, "link", None)) != (group_or_post_id, body, link):
        raise Conflict(
            "This clientId was already used for something else; send a new one for a new post or comment.",
            field="clientId",
            code="CLIENT_ID_REUSED",
        )
    return first


async def create_post(
    db: AsyncSession, viewer: Viewer | None, *, group_id: uuid.UUID, body: str, link: str | None, client_id: str | None
) -> Post:
    """A member posts to the group; its members are told. Sent again with the same clientId (an
    offline queue retrying), it returns the post already made instead of posting twice."""
    group, mine = await group_for_member(db, viewer, group_id)
    c = Checker()
    body_c = c.text("body", body, min_len=1, max_len=POST_MAX, label="Your post")
    link_c = _link(c, link)
    cid = _client_id(c, client_id)
    c.done()
    if cid is not None:
        again = await db.scalar(select(Post).where(Post.author_id == mine.account_id, Post.client_id == cid))
        if _same_again(again, group.id, body_c, link_c) is not None:
            return again
    post = Post(
        group_id=group.id,
        community_id=group.community_id,
        author_id=mine.account_id,
        body=body_c,
        link=link_c,
        client_id=cid,
    )
    try:
        async with db.begin_nested():
            db.add(post)
    except IntegrityError as e:  # the same retry twice at once: the first one's post
        if is_unique_violation(e, "uq_group_posts_client"):
            first = await db.scalar(select(Post).where(Post.author_id == mine.account_id, Post.client_id == cid))
            return _same_again(first, group.id, body_c, link_c)
        raise
    await emit(db, "group.posted", community_id=group.community_id, post_id=post.id)
    return post


async def _post_for_member(
    db: AsyncSession, viewer: Viewer | None, post_id: uuid.UUID
) -> tuple[Post, Group, GroupMember]:
    require_viewer(viewer)
    post = await db.get(Post, post_id)
    if post is None:
        raise NotFound("That post does not exist.", field="postId")
    try:
        group, mine = await group_for_member(db, viewer, post.group_id)
    except NotFound as e:
        raise NotFound("That post does not exist.", field="postId") from e
    return post, group, mine


async def add_comment(
    db: AsyncSession, viewer: Viewer | None, *, post_id: uuid.UUID, body: str, client_id: str | None
) -> Comment:
    post, group, mine = await _post_for_member(db, viewer, post_id)
    c = Checker()
    body_c = c.text("body", body, min_len=1, max_len=COMMENT_MAX, label="Your comment")
    cid = _client_id(c, client_id)
    c.done()
    if post.hidden_at is not None:
        raise Conflict("This post was hidden by the group's leaders.", field="postId", code="POST_HIDDEN")
    if post.author_id and await is_blocked_between(db, mine.account_id, post.author_id):
        raise NotFound("That post does not exist.", field="postId")
    if cid is not None:
        again = await db.scalar(select(Comment).where(Comment.author_id == mine.account_id, Comment.client_id == cid))
        if _same_again(again, post.id, body_c) is not None:
            return again
    comment = Comment(
        post_id=post.id,
        group_id=group.id,
        community_id=group.community_id,
        author_id=mine.account_id,
        body=body_c,
        client_id=cid,
    )
    try:
        async with db.begin_nested():
            db.add(comment)
    except IntegrityError as e:
        if is_unique_violation(e, "uq_group_comments_client"):
            first = await db.scalar(
                select(Comment).where(Comment.author_id == mine.account_id, Comment.client_id == cid)
            )
            return _same_again(first, post.id, body_c)
        raise
    await emit(db, "group.commented", community_id=group.community_id, comment_id=comment.id)
    return comment


async def pin_post(db: AsyncSession, viewer: Viewer | None, *, post_id: uuid.UUID, pinned: bool) -> Post:
    post, group, _ = await _post_for_member(db, viewer, post_id)
    await group_for_leader(db, viewer, group.id)
    post.pinned_at = _now() if pinned else None
    await db.flush()
    return post


async def hide_content(
    db: AsyncSession, viewer: Viewer | None, *, kind: str, content_id: uuid.UUID, reason: str
) -> uuid.UUID:
    """A leader hides a post or comment, with a reason its author is told. Hidden content stays
    visible to its author and the leaders (marked), so nothing is silently lost."""
    require_viewer(viewer)
    c = Checker()
    reason_c = c.text("reason", reason, min_len=3, max_len=REASON_MAX, label="The reason")
    c.done()
    item: Post | Comment | None = await db.get(Post if kind == "post" else Comment, content_id)
    if item is None:
        raise NotFound("That post or comment does not exist.", field="contentId")
    try:
        group, mine = await group_for_leader(db, viewer, item.group_id)
    except NotFound as e:
        raise NotFound("That post or comment does not exist.", field="contentId") from e
    if item.hidden_at is not None:
        raise Conflict("It is already hidden.", field="contentId", code="ALREADY_HIDDEN")
    item.hidden_at, item.hidden_reason, item.hidden_by_id = _now(), reason_c or "", mine.account_id
    await db.flush()
    if item.author_id is not None and item.author_id != mine.account_id:
        await emit(
            db, "group.content_hidden", community_id=group.community_id, group_id=group.id, account_id=item.author_id
        )
    return item.id


# --- reading a group's posts ----------------------------------------------------------------------


@dataclass(frozen=True)
class PostView:
    post: Post
    author: PublicProfile | None  # None: a former member, or someone the viewer may not see
    comment_count: int
    latest: list[CommentView]
    viewer_is_author: bool
    viewer_is_leader: bool


@dataclass(frozen=True)
class CommentView:
    comment: Comment
    author: PublicProfile | None
    viewer_is_author: bool
    viewer_is_leader: bool


def _readable(model, viewer_id: uuid.UUID, leader: bool):
    """What the viewer reads: nothing by people across a block; hidden items only for leaders and
    their author."""
    conds = [or_(model.author_id.is_(None), model.author_id.not_in(select(hidden_account_ids(viewer_id).c.id)))]
    if not leader:
        conds.append(or_(model.hidden_at.is_(None), model.author_id == viewer_id))
    return and_(*conds)


async def list_posts(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    group_id: uuid.UUID,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[PostView]:
    """A page of the group's posts, pinned first on the first page, then newest first; each with
    its author, comment count and latest comments: four statements whatever the page size."""
    group, mine = await group_for_member(db, viewer, group_id)
    assert viewer is not None
    leader = mine.role == GroupRole.LEADER
    q = select(Post).where(Post.group_id == group.id, _readable(Post, viewer.account_id, leader))
    if after is not None:
        q = q.where(Post.pinned_at.is_(None), func.row(Post.created_at, Post.id) < func.row(after[0], after[1]))
        order = (Post.created_at.desc(), Post.id.desc())
    else:
        order = (Post.pinned_at.desc().nulls_last(), Post.created_at.desc(), Post.id.desc())
    posts = list((await db.scalars(q.order_by(*order).limit(limit))).all())
    return await post_views(db, viewer, posts, leader=leader)


async def post_views(db: AsyncSession, viewer: Viewer, posts: list[Post], *, leader: bool) -> list[PostView]:
    if not posts:
        return []
    ids = [p.id for p in posts]
    readable = _readable(Comment, viewer.account_id, leader)
    counts = dict(
        (
            await db.execute(
                select(Comment.post_id, func.count())
                .where(Comment.post_id.in_(ids), readable)
                .group_by(Comment.post_id)
            )
        ).all()
    )
    ranked = (
        select(
            Comment,
            func.row_number()
            .over(partition_by=Comment.post_id, order_by=(Comment.created_at.desc(), Comment.id.desc()))
            .label("n"),
        )
        .where(Comment.post_id.in_(ids), readable)
        .subquery()
    )
    c_alias = aliased(Comment, ranked)
    latest = list(
        (
            await db.scalars(
                select(c_alias).where(ranked.c.n <= LATEST_COMMENTS).order_by(ranked.c.created_at, ranked.c.id)
            )
        ).all()
    )
    people = await profiles_by_ids(
        db,
        {p.author_id for p in posts if p.author_id} | {c.author_id for c in latest if c.author_id},
        viewer.account_id,
    )
    by_post: dict[uuid.UUID, list[CommentView]] = {}
    for c in latest:
        by_post.setdefault(c.post_id, []).append(
            CommentView(c, people.get(c.author_id) if c.author_id else None, c.author_id == viewer.account_id, leader)
        )
    return [
        PostView(
            p,
            people.get(p.author_id) if p.author_id else None,
            counts.get(p.id, 0),
            by_post.get(p.id, []),
            p.author_id == viewer.account_id,
            leader,
        )
        for p in posts
    ]


async def get_post(db: AsyncSession, viewer: Viewer | None, post_id: uuid.UUID) -> PostView:
    post, _group, mine = await _post_for_member(db, viewer, post_id)
    assert viewer is not None
    leader = mine.role == GroupRole.LEADER
    visible = await db.scalar(select(Post.id).where(Post.id == post.id, _readable(Post, viewer.account_id, leader)))
    if visible is None:
        raise NotFound("That post does not exist.", field="postId")
    return (await post_views(db, viewer, [post], leader=leader))[0]


async def list_comments(
    db: AsyncSession, viewer: Viewer | None, *, post_id: uuid.UUID, after: tuple[datetime, uuid.UUID] | None, limit: int
) -> list[CommentView]:
    """A post's comments, oldest first (a conversation reads down)."""
    view = await get_post(db, viewer, post_id)
    assert viewer is not None
    q = select(Comment).where(Comment.post_id == post_id, _readable(Comment, viewer.account_id, view.viewer_is_leader))
    if after is not None:
        q = q.where(func.row(Comment.created_at, Comment.id) > func.row(after[0], after[1]))
    comments = list((await db.scalars(q.order_by(Comment.created_at, Comment.id).limit(limit))).all())
    people = await profiles_by_ids(db, {c.author_id for c in comments if c.author_id}, viewer.account_id)
    return [
        CommentView(
            c, people.get(c.author_id) if c.author_id else None, c.author_id == viewer.account_id, view.viewer_is_leader
        )
        for c in comments
    ]


async def get_comment(db: AsyncSession, viewer: Viewer | None, comment_id: uuid.UUID) -> CommentView:
    comment = await db.get(Comment, comment_id)
    if comment is None:
        raise NotFound("That comment does not exist.")
    view = await get_post(db, viewer, comment.post_id)
    assert viewer is not None
    ok = await db.scalar(
        select(Comment.id).where(Comment.id == comment.id, _readable(Comment, viewer.account_id, view.viewer_is_leader))
    )
    if ok is None:
        raise NotFound("That comment does not exist.")
    people = await profiles_by_ids(db, {comment.author_id} if comment.author_id else set(), viewer.account_id)
    return CommentView(
        comment,
        people.get(comment.author_id) if comment.author_id else None,
        comment.author_id == viewer.account_id,
        view.viewer_is_leader,
    )


# --- reports about group content -------------------------------------------------------------------


@dataclass(frozen=True)
class ContentReport:
    """A report about a post or comment in a group, as its leaders see it: what and why, never who
    reported it or their note (the school's staff see those)."""

    report: Report
    kind: str  # "post" | "comment"
    body: str
    hidden: bool
    author: PublicProfile | None
    post_id: uuid.UUID


async def group_reports(
    db: AsyncSession, viewer: Viewer | None, *, group_id: uuid.UUID, open_only: bool = True, limit: int = 50
) -> list[ContentReport]:
    """Reports about the group's posts and comments, newest first: its leaders only. Three
    statements whatever the number."""
    group, _mine = await group_for_leader(db, viewer, group_id)
    assert viewer is not None
    commented = aliased(Post)
    q = (
        select(Report, Post, Comment)
        .outerjoin(Post, and_(Report.subject_type == "post", Post.id == Report.subject_id))
        .outerjoin(Comment, and_(Report.subject_type == "comment", Comment.id == Report.subject_id))
        .outerjoin(commented, commented.id == Comment.post_id)
        .where(
            Report.community_id == group.community_id,
            or_(Post.group_id == group.id, commented.group_id == group.id),
        )
        .order_by(Report.created_at.desc(), Report.id.desc())
        .limit(limit)
    )
    if open_only:
        q = q.where(Report.status == "open")
    rows = (await db.execute(q)).all()
    authors = {(p or c).author_id for _r, p, c in rows if (p or c).author_id}
    people = await profiles_by_ids(db, authors, viewer.account_id)
    out = []
    for r, p, c in rows:
        item = p or c
        out.append(
            ContentReport(
                r,
                "post" if p is not None else "comment",
                item.body,
                item.hidden_at is not None,
                people.get(item.author_id) if item.author_id else None,
                p.id if p is not None else c.post_id,
            )
        )
    return out


@report_subject("post")
async def _post_subject(
    db: AsyncSession, community_id: uuid.UUID, post_id: uuid.UUID, _by: uuid.UUID
) -> uuid.UUID | None:
    return await db.scalar(select(Post.author_id).where(Post.id == post_id, Post.community_id == community_id))


@report_subject("comment")
async def _comment_subject(
    db: AsyncSession, community_id: uuid.UUID, comment_id: uuid.UUID, _by: uuid.UUID
) -> uuid.UUID | None:
    return await db.scalar(
        select(Comment.author_id)
        .join(Group, Group.id == Comment.group_id)
        .where(Comment.id == comment_id, Group.community_id == community_id)
    )


@report_excerpt("post")
async def _post_texts(db: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    return dict((await db.execute(select(Post.id, Post.body).where(in_uuids(Post.id, ids)))).all())  # type: ignore[arg-type]


@report_excerpt("comment")
async def _comment_texts(db: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    return dict((await db.execute(select(Comment.id, Comment.body).where(in_uuids(Comment.id, ids)))).all())  # type: ignore[arg-type]


async def _remove(db: AsyncSession, model, community_id: uuid.UUID, item_id: uuid.UUID) -> bool:
    group_ids = select(Group.id).where(Group.community_id == community_id)
    done = await db.execute(
        update(model)
        .where(model.id == item_id, model.group_id.in_(group_ids), model.hidden_at.is_(None))
        .values(hidden_at=_now(), hidden_reason="Removed by the school's staff after a report.")
    )
    return bool(done.rowcount)


@report_remover("post")
async def _remove_post(db: AsyncSession, community_id: uuid.UUID, post_id: uuid.UUID) -> bool:
    return await _remove(db, Post, community_id, post_id)


@report_remover("comment")
async def _remove_comment(db: AsyncSession, community_id: uuid.UUID, comment_id: uuid.UUID) -> bool:
    return await _remove(db, Comment, community_id, comment_id)


async def group_of_content(db: AsyncSession, kind: str, item_id: uuid.UUID) -> uuid.UUID | None:
    model = Post if kind == "post" else Comment if kind == "comment" else None
    return await db.scalar(select(model.group_id).where(model.id == item_id)) if model is not None else None


async def delete_memberships_of(db: AsyncSession, account_id: uuid.UUID) -> None:
    """Before an account goes: hand each group it alone leads to its longest-standing member (a
    group always keeps a leader), and delete groups nobody else is in."""
    led = (
        await db.scalars(
            select(GroupMember.group_id).where(
                GroupMember.account_id == account_id,
                GroupMember.role == GroupRole.LEADER,
                GroupMember.state == GroupMembershipState.MEMBER,
            )
        )
    ).all()
    for group_id in led:
        if await _leader_count(db, group_id) > 1:
            continue
        heir = await db.scalar(
            select(GroupMember)
            .where(member_ids_of(group_id).whereclause, GroupMember.account_id != account_id)
            .order_by(GroupMember.created_at)
            .limit(1)
        )
        if heir is None:
            await db.execute(delete(Group).where(Group.id == group_id))
        else:
            heir.role = GroupRole.LEADER
    await db.flush()
