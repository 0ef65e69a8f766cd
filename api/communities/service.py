"""Communities, memberships, invites and the member directory. The tenancy rules live here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.accounts.models import Account
from api.accounts.privacy import PublicProfile, profiles_by_ids, public_profile
from api.actor import Viewer, require_viewer
from api.communities.models import (
    INVITE_ROLES,
    MEMBERSHIP_TRANSITIONS,
    Community,
    Invite,
    MemberRole,
    Membership,
    MembershipState,
)
from api.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, is_unique_violation
from api.outbox.service import emit
from api.safety.service import hidden_account_ids
from api.security import new_code
from api.validation import Checker, refuse_control_characters

STAFF_ROLES = (MemberRole.STAFF, MemberRole.ADMIN)
ORGANISER_ROLES = (MemberRole.LEADER, MemberRole.STAFF, MemberRole.ADMIN)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class MemberView:
    """A membership with its caregiver as the viewer may see them (directory privacy)."""

    membership: Membership
    caregiver: PublicProfile
    join_note: str | None = None  # what they wrote when joining: for the school's staff and themselves


async def member_views(db: AsyncSession, viewer: Viewer | None, memberships: list[Membership]) -> list[MemberView]:
    """Memberships the viewer may already see, with their caregivers: one query (two when a join
    note is there to show or hide)."""
    viewer_id = viewer.account_id if viewer else None
    people = await profiles_by_ids(db, {m.account_id for m in memberships}, viewer_id)
    staff_of: set[uuid.UUID] = set()
    if viewer_id is not None and any(m.join_note and m.account_id != viewer_id for m in memberships):
        staff_of = set(
            (
                await db.scalars(
                    select(Membership.community_id).where(
                        Membership.account_id == viewer_id,
                        Membership.role.in_(STAFF_ROLES),
                        Membership.state == MembershipState.VERIFIED,
                    )
                )
            ).all()
        )

    def note(m: Membership) -> str | None:
        return m.join_note if m.account_id == viewer_id or m.community_id in staff_of else None

    return [MemberView(m, people[m.account_id], note(m)) for m in memberships]


async def my_membership(db: AsyncSession, viewer: Viewer | None, community_id: uuid.UUID) -> MemberView | None:
    """The viewer's own membership of a community, in any state (None when they are not a member)."""
    if viewer is None:
        return None
    m = await membership(db, viewer.account_id, community_id)
    return (await member_views(db, viewer, [m]))[0] if m else None


async def membership(db: AsyncSession, account_id: uuid.UUID, community_id: uuid.UUID) -> Membership | None:
    return await db.scalar(
        select(Membership).where(Membership.account_id == account_id, Membership.community_id == community_id)
    )


async def require_member(
    db: AsyncSession,
    viewer: Viewer | None,
    community_id: uuid.UUID,
    *,
    roles: Sequence[str] | None = None,
    verified: bool = True,
) -> Membership:
    """The viewer's membership, or an error. Non-members get NotFound so a community's existence does
    not leak; members lacking the state or role get Forbidden."""
    viewer = require_viewer(viewer)
    m = await membership(db, viewer.account_id, community_id)
    if m is None:
        raise NotFound("That community does not exist, or you are not a member.", code="NOT_FOUND")
    if m.state == MembershipState.SUSPENDED:
        raise Forbidden("Your membership in this community is suspended.", code="SUSPENDED")
    if verified and m.state != MembershipState.VERIFIED:
        raise Forbidden("Your membership is waiting for the school's verification.", code="NOT_VERIFIED")
    if roles is not None and m.role not in roles:
        raise Forbidden("Your role in this community does not allow that.", code="FORBIDDEN")
    return m


async def require_staff(db: AsyncSession, viewer: Viewer | None, community_id: uuid.UUID) -> Viewer:
    """The signed-in viewer, when they are verified staff or an admin of the community (else as
    require_member refuses)."""
    viewer = require_viewer(viewer)
    await require_member(db, viewer, community_id, roles=STAFF_ROLES)
    return viewer


def shares_verified_community(viewer_id: uuid.UUID, other_id) -> Select:
    """EXISTS: both accounts are verified members of one community."""
    mine, theirs = aliased(Membership), aliased(Membership)
    return exists().where(
        mine.account_id == viewer_id,
        mine.state == MembershipState.VERIFIED,
        theirs.community_id == mine.community_id,
        theirs.account_id == other_id,
        theirs.state == MembershipState.VERIFIED,
    )


async def can_see_account(db: AsyncSession, viewer: Viewer | None, account_id: uuid.UUID) -> bool:
    """Another caregiver is visible when both are verified in a shared community and neither blocked the other."""
    if viewer is None:
        return False
    if account_id == viewer.account_id:
        return True
    return bool(
        await db.scalar(
            select(
                and_(
                    shares_verified_community(viewer.account_id, account_id),
                    ~exists().where(hidden_account_ids(viewer.account_id).c.id == account_id),
                )
            )
        )
    )


# The invite made with a community for its first staff member (the principal, the family liaison).
FIRST_STAFF_INVITE_DAYS = 14


async def create_community(
    db: AsyncSession, viewer: Viewer | None, *, name: str, timezone: str, languages: list[str], description: str | None
) -> tuple[Community, Invite]:
    """A new community, with its creator as its admin and a single-use staff invite (two weeks) to
    hand to the school's first staff member, who then runs the community from the app."""
    viewer = require_viewer(viewer)
    if not viewer.is_platform_admin:
        raise Forbidden("Only Village administrators can create communities.")
    c = Checker()
    name_c = c.text("name", name, min_len=2, max_len=120, label="The community's name", multiline=False)
    desc = c.text("description", description or "", max_len=2000, label="The description")
    c.timezone("timezone", timezone)
    langs = c.languages("languages", languages)
    c.done()
    community = Community(name=name_c, timezone=timezone, languages=langs or [], description=desc or "")
    db.add(community)
    await db.flush()
    db.add(
        Membership(
            community_id=community.id,
            account_id=viewer.account_id,
            role=MemberRole.ADMIN,
            state=MembershipState.VERIFIED,
            verified_at=_now(),
        )
    )
    await db.flush()
    staff_invite = await create_invite(
        db,
        viewer,
        community_id=community.id,
        role=MemberRole.STAFF,
        expires_in_days=FIRST_STAFF_INVITE_DAYS,
        max_uses=1,
    )
    return community, staff_invite


COMMUNITY_LANGUAGES_MAX = 12


async def update_community(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    community_id: uuid.UUID,
    name: str | None = None,
    description: str | None = None,
    timezone: str | None = None,
    languages: list[str] | None = None,
) -> Community:
    """Staff change the community's name, description, timezone and languages (what is left out
    stays as it is)."""
    await require_member(db, viewer, community_id, roles=STAFF_ROLES)
    c = Checker()
    name_c = c.text("name", name, min_len=2, max_len=120, label="The community's name", multiline=False)
    desc = c.text("description", description, max_len=2000, label="The description")
    c.timezone("timezone", timezone)
    langs = c.languages("languages", languages)
    if languages is not None and not langs:
        c.add("languages", "Choose at least one language the families speak.", "REQUIRED")
    c.done()
    community = await db.get(Community, community_id, with_for_update=True)
    assert community is not None  # require_member found a membership of it
    if name_c is not None:
        community.name = name_c
    if desc is not None:
        community.description = desc
    if timezone is not None:
        community.timezone = timezone
    if langs:
        community.languages = langs
    await db.flush()
    return community


async def get_community(db: AsyncSession, viewer: Viewer | None, community_id: uuid.UUID) -> Community:
    """Members in any state see their community's name (pending members need it while they wait)."""
    viewer = require_viewer(viewer)
    m = await membership(db, viewer.account_id, community_id)
    if m is None and not viewer.is_platform_admin:
        raise NotFound("That community does not exist, or you are not a member.")
    community = await db.get(Community, community_id)
    if community is None:
        raise NotFound("That community does not exist, or you are not a member.")
    return community


async def my_memberships(db: AsyncSession, viewer: Viewer | None) -> list[Membership]:
    viewer = require_viewer(viewer)
    return list(
        (
            await db.scalars(
                select(Membership).where(Membership.account_id == viewer.account_id).order_by(Membership.created_at)
            )
        ).all()
    )


JOIN_NOTE_MAX = 500


async def join_community(
    db: AsyncSession, viewer: Viewer | None, *, invite_code: str, note: str | None = None
) -> Membership:
    """A pending membership from an invite code, with an optional note for the staff who verify it."""
    viewer = require_viewer(viewer)
    refuse_control_characters("inviteCode", invite_code, label="The invite code")
    c = Checker()
    note_c = c.text("note", note or "", max_len=JOIN_NOTE_MAX, label="Your note to the school")
    c.done()
    code = invite_code.strip().upper().replace("-", "").replace(" ", "")
    if not code or len(code) > 32:
        raise Invalid("Enter the invite code from your school.", field="inviteCode", code="INVALID_INVITE")
    invite = await db.scalar(select(Invite).where(Invite.code == code).with_for_update())
    bad = Invalid(
        "That invite code is not valid. Check it with your school.", field="inviteCode", code="INVALID_INVITE"
    )
    if invite is None or invite.revoked_at is not None:
        raise bad
    if invite.expires_at is not None and invite.expires_at <= _now():
        raise Invalid(
            "That invite code has expired. Ask your school for a new one.", field="inviteCode", code="INVITE_EXPIRED"
        )
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        raise Invalid(
            "That invite code has been used up. Ask your school for a new one.",
            field="inviteCode",
            code="INVITE_USED_UP",
        )
    already = Conflict("You are already a member of this community.", field="inviteCode", code="ALREADY_MEMBER")
    existing = await membership(db, viewer.account_id, invite.community_id)
    if existing is not None:
        if existing.state == MembershipState.SUSPENDED:
            raise Forbidden("Your membership in this community is suspended.", code="SUSPENDED")
        raise already
    m = Membership(
        community_id=invite.community_id,
        account_id=viewer.account_id,
        role=invite.role,
        state=MembershipState.PENDING,
        join_note=note_c or "",
    )
    try:
        # A savepoint: the same person joining with another invite of this community at the same time
        # passed the check above too; the unique constraint refuses the second membership.
        async with db.begin_nested():
            db.add(m)
    except IntegrityError as e:
        if is_unique_violation(e, "uq_memberships_community_id"):
            raise already from e
        raise
    invite.uses += 1
    await db.flush()
    return m


async def create_invite(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    community_id: uuid.UUID,
    role: str,
    expires_in_days: int | None,
    max_uses: int | None,
) -> Invite:
    m = await require_member(db, viewer, community_id, roles=ORGANISER_ROLES)
    c = Checker()
    if role not in INVITE_ROLES:
        c.add("role", "Invites can be for caregivers, leaders or staff.")
    elif role == MemberRole.LEADER and m.role not in STAFF_ROLES:
        c.add("role", "Only staff can invite leaders.", "FORBIDDEN")
    elif role == MemberRole.STAFF and m.role != MemberRole.ADMIN:
        c.add("role", "Only the community's admins can invite staff.", "FORBIDDEN")
    if expires_in_days is not None and not (1 <= expires_in_days <= 365):
        c.add("expiresInDays", "An invite can last from 1 to 365 days.", "OUT_OF_RANGE")
    if max_uses is not None and not (1 <= max_uses <= 10000):
        c.add("maxUses", "An invite can be used from 1 to 10,000 times.", "OUT_OF_RANGE")
    c.done()
    invite = Invite(
        community_id=community_id,
        code=new_code(10),
        role=role,
        created_by_id=m.account_id,
        expires_at=_now() + timedelta(days=expires_in_days) if expires_in_days else None,
        max_uses=max_uses,
    )
    db.add(invite)
    await db.flush()
    return invite


async def _target_membership(
    db: AsyncSession, viewer: Viewer | None, membership_id: uuid.UUID
) -> tuple[Membership, Membership]:
    viewer = require_viewer(viewer)
    target = await db.get(Membership, membership_id)
    if target is None:
        raise NotFound("That member does not exist.", field="memberId")
    actor = await require_member(db, viewer, target.community_id, roles=STAFF_ROLES)
    if target.account_id == viewer.account_id:
        raise Forbidden("You cannot change your own membership.", field="memberId")
    return actor, target


def _move(target: Membership, to: MembershipState) -> None:
    """The one check of a membership's state changes (MEMBERSHIP_TRANSITIONS)."""
    if to not in MEMBERSHIP_TRANSITIONS[MembershipState(target.state)]:
        if target.state == to:
            raise Conflict(f"This member is already {to}.", field="memberId", code=f"ALREADY_{to.name}")
        raise Conflict(f"A {target.state} member cannot become {to}.", field="memberId", code="INVALID_TRANSITION")
    target.state = to


async def verify_member(db: AsyncSession, viewer: Viewer | None, *, membership_id: uuid.UUID) -> Membership:
    """Staff let a pending (or suspended) member in; they are told (member_verified) and have the
    whole app at once."""
    actor, target = await _target_membership(db, viewer, membership_id)
    _move(target, MembershipState.VERIFIED)
    target.verified_at, target.verified_by_id = _now(), actor.account_id
    await db.flush()
    await emit(db, "member.verified", community_id=target.community_id, membership_id=target.id, by=actor.account_id)
    return target


async def decline_member(db: AsyncSession, viewer: Viewer | None, *, membership_id: uuid.UUID) -> uuid.UUID:
    """Staff turn down someone waiting to join (not a family of this school, a duplicate account):
    the pending membership is removed, so nothing of the community stays open to them, and they
    are told (member_declined). They may join again with a new invite; suspension is for members."""
    actor, target = await _target_membership(db, viewer, membership_id)
    if target.state != MembershipState.PENDING:
        raise Conflict(
            "Only members waiting for verification can be declined; suspend a member instead.",
            field="memberId",
            code="INVALID_TRANSITION",
        )
    await db.delete(target)
    await db.flush()
    await emit(
        db, "member.declined", community_id=target.community_id, account_id=target.account_id, by=actor.account_id
    )
    return membership_id


async def pending_member_count(db: AsyncSession, viewer: Viewer | None, community_id: uuid.UUID) -> int | None:
    """How many people wait for verification, for the community's staff (None for anyone else)."""
    if viewer is None or not await _is_staff(db, viewer, community_id):
        return None
    return await db.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.community_id == community_id, Membership.state == MembershipState.PENDING)
    )


async def _is_staff(db: AsyncSession, viewer: Viewer, community_id: uuid.UUID) -> bool:
    m = await membership(db, viewer.account_id, community_id)
    return m is not None and m.state == MembershipState.VERIFIED and m.role in STAFF_ROLES


async def suspend_member(db: AsyncSession, viewer: Viewer | None, *, membership_id: uuid.UUID) -> Membership:
    actor, target = await _target_membership(db, viewer, membership_id)
    if target.role == MemberRole.ADMIN or (target.role == MemberRole.STAFF and actor.role != MemberRole.ADMIN):
        raise Forbidden(
            "Staff and admins can only be suspended by an admin; admins cannot be suspended here.", field="memberId"
        )
    _move(target, MembershipState.SUSPENDED)
    await db.flush()
    return target


async def set_member_role(
    db: AsyncSession, viewer: Viewer | None, *, membership_id: uuid.UUID, role: str
) -> Membership:
    actor, target = await _target_membership(db, viewer, membership_id)
    if role not in INVITE_ROLES:  # the roles that can be given; admins are made with the community
        raise Invalid("A member can be a caregiver, a leader or staff.", field="role")
    if (role == MemberRole.STAFF or target.role in STAFF_ROLES) and actor.role != MemberRole.ADMIN:
        raise Forbidden("Only the community's admins can give or take the staff role.", field="role")
    if target.role == MemberRole.ADMIN:
        raise Forbidden("Admins keep their role.", field="memberId")
    target.role = role
    await db.flush()
    return target


def invite_is_active(invite: Invite, now: datetime | None = None) -> bool:
    now = now or _now()
    return (
        invite.revoked_at is None
        and (invite.expires_at is None or invite.expires_at > now)
        and (invite.max_uses is None or invite.uses < invite.max_uses)
    )


def _may_manage_invite(m: Membership, invite: Invite) -> bool:
    """Staff manage every invite of their community; leaders the ones they made."""
    return m.role in STAFF_ROLES or invite.created_by_id == m.account_id


async def get_invite(db: AsyncSession, viewer: Viewer | None, invite_id: uuid.UUID) -> Invite:
    """An invite and its code, for the community's staff and the leader who made it; anyone else is
    told it does not exist."""
    invite = await db.get(Invite, invite_id)
    if invite is None:
        raise NotFound("Not found.")
    try:
        m = await require_member(db, viewer, invite.community_id, roles=ORGANISER_ROLES)
    except DomainError as e:  # not signed in, not a member, not an organiser: all look the same
        raise NotFound("Not found.") from e
    if not _may_manage_invite(m, invite):
        raise NotFound("Not found.")
    return invite


async def list_invites(
    db: AsyncSession, viewer: Viewer | None, *, community_id: uuid.UUID, include_inactive: bool = False
) -> list[Invite]:
    """A community's invites, newest first: all of them for staff, their own for leaders. Expired,
    used-up and revoked ones only when asked for."""
    m = await require_member(db, viewer, community_id, roles=ORGANISER_ROLES)
    q = select(Invite).where(Invite.community_id == community_id)
    if m.role not in STAFF_ROLES:
        q = q.where(Invite.created_by_id == m.account_id)
    if not include_inactive:
        now = _now()
        q = q.where(
            Invite.revoked_at.is_(None),
            or_(Invite.expires_at.is_(None), Invite.expires_at > now),
            or_(Invite.max_uses.is_(None), Invite.uses < Invite.max_uses),
        )
    return list((await db.scalars(q.order_by(Invite.created_at.desc(), Invite.id).limit(200))).all())


async def revoke_invite(db: AsyncSession, viewer: Viewer | None, *, invite_id: uuid.UUID) -> Invite:
    """Stop an invite code working at once (a code shared too widely). Who already joined with it
    stays; revoking twice is refused."""
    require_viewer(viewer)
    invite = await db.get(Invite, invite_id, with_for_update=True)
    missing = NotFound("That invite does not exist.", field="inviteId")
    if invite is None:
        raise missing
    try:
        m = await require_member(db, viewer, invite.community_id, roles=ORGANISER_ROLES)
    except NotFound as e:
        raise missing from e
    if not _may_manage_invite(m, invite):
        raise Forbidden("Leaders can revoke the invites they made; staff can revoke any.", field="inviteId")
    if invite.revoked_at is not None:
        raise Conflict("This invite was already revoked.", field="inviteId", code="ALREADY_REVOKED")
    invite.revoked_at = _now()
    await db.flush()
    return invite


async def get_membership(db: AsyncSession, viewer: Viewer | None, membership_id: uuid.UUID) -> Membership:
    """A member as someone else sees them: own membership always; others only for verified members
    of the community, when listed (staff see everyone), and never across a block."""
    viewer = require_viewer(viewer)
    m = await db.get(Membership, membership_id)
    if m is None:
        raise NotFound("That member does not exist.")
    if m.account_id == viewer.account_id:
        return m
    mine = await require_member(db, viewer, m.community_id)
    account = await db.get(Account, m.account_id)
    blocked = await db.scalar(select(exists().where(hidden_account_ids(viewer.account_id).c.id == m.account_id)))
    if blocked or account is None:
        raise NotFound("That member does not exist.")
    if mine.role not in STAFF_ROLES and (m.state != MembershipState.VERIFIED or not account.listed_in_directory):
        raise NotFound("That member does not exist.")
    return m


async def list_members(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    community_id: uuid.UUID,
    state: str | None,
    search: str | None,
    after: tuple[str, uuid.UUID] | None,
    limit: int,
) -> list[MemberView]:
    """The directory, ordered by name. Members see verified, listed members; staff see everyone and
    may filter by state (e.g. 'pending' to verify newcomers). Blocks hide people both ways."""
    mine = await require_member(db, viewer, community_id)
    assert viewer is not None
    q = (
        select(Membership, Account)
        .join(Account, Account.id == Membership.account_id)
        .where(
            Membership.community_id == community_id,
            Account.id.not_in(select(hidden_account_ids(viewer.account_id).c.id)),
        )
    )
    if mine.role in STAFF_ROLES:
        if state is not None:
            if state not in list(MembershipState):
                raise Invalid("State must be pending, verified or suspended.", field="state")
            q = q.where(Membership.state == state)
    else:
        if state not in (None, MembershipState.VERIFIED):
            raise Forbidden("Only staff can list members who are not verified.", field="state")
        q = q.where(
            Membership.state == MembershipState.VERIFIED,
            or_(Account.listed_in_directory, Account.id == viewer.account_id),
        )
    if search:
        refuse_control_characters("search", search, label="The search")
        q = q.where(
            Account.display_name.ilike("%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        )
    if after is not None:
        q = q.where(func.row(func.lower(Account.display_name), Membership.id) > func.row(after[0], after[1]))
    q = q.order_by(func.lower(Account.display_name), Membership.id).limit(limit)
    staff = mine.role in STAFF_ROLES
    return [
        MemberView(m, public_profile(a, viewer.account_id), m.join_note if staff or a.id == viewer.account_id else None)  # type: ignore[arg-type]
        for m, a in (await db.execute(q)).all()
    ]
