"""School communities: membership, invites, verification and the member directory."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from api.communities import models, service
from api.communities.models import Community as CommunityModel
from api.communities.models import Invite as InviteModel
from api.ids import from_global_id, to_global_id
from api.safety import service as safety
from schema.accounts import Caregiver
from schema.context import Info
from schema.core import (
    Node,
    PageInfo,
    UserError,
    decode_name_cursor,
    encode_cursor,
    node_resolver,
    page_size,
    run_mutation,
)

MemberRole = strawberry.enum(models.MemberRole, name="MemberRole", description="What a member may do in a community.")
MemberState = strawberry.enum(
    models.MembershipState, name="MemberState", description="Whether the school has verified the membership."
)


@strawberry.type(description="A caregiver's membership in a community.")
class Member(Node):
    role: MemberRole
    state: MemberState
    joined_at: datetime
    caregiver: Caregiver
    community_id: strawberry.ID = strawberry.field(description="Global ID of the community.")
    join_note: str | None = strawberry.field(
        description="What they wrote to the school when joining (empty when nothing); only the school's "
        "staff and the member see it, null for anyone else."
    )
    verified_at: datetime | None

    @classmethod
    def build(cls, view: service.MemberView) -> Member:
        m = view.membership
        return cls(
            id=strawberry.ID(to_global_id("Member", m.id)),
            role=MemberRole(m.role),
            state=MemberState(m.state),
            joined_at=m.created_at,
            caregiver=Caregiver.build(view.caregiver),
            community_id=strawberry.ID(to_global_id("Community", m.community_id)),
            join_note=view.join_note,
            verified_at=m.verified_at,
        )


@strawberry.type
class MemberEdge:
    cursor: str
    node: Member


@strawberry.type
class MemberConnection:
    edges: list[MemberEdge]
    page_info: PageInfo


@strawberry.type(description="A school (or district, or neighbourhood hub): the tenancy boundary.")
class Community(Node):
    name: str
    description: str
    timezone: str
    languages: list[str]
    _pk: strawberry.Private[uuid.UUID]

    @classmethod
    def build(cls, c: CommunityModel) -> Community:
        return cls(
            id=strawberry.ID(to_global_id("Community", c.id)),
            name=c.name,
            description=c.description,
            timezone=c.timezone,
            languages=list(c.languages),
            _pk=c.id,
        )

    @strawberry.field(description="Members waiting for verification (the school's staff only; null for others).")
    async def pending_member_count(self, info: Info) -> int | None:
        async with info.context.db() as db:
            return await service.pending_member_count(db, info.context.viewer, self._pk)

    @strawberry.field(description="Open reports to review (the school's staff only; null for others).")
    async def open_report_count(self, info: Info) -> int | None:
        async with info.context.db() as db:
            return await safety.open_report_count(db, info.context.viewer, self._pk)

    @strawberry.field(
        description="Invite codes, newest first: every one for staff, their own for leaders. Expired, used-up "
        "and revoked ones only with includeInactive."
    )
    async def invites(self, info: Info, include_inactive: bool = False) -> list[Invite]:
        async with info.context.db() as db:
            found = await service.list_invites(
                db, info.context.viewer, community_id=self._pk, include_inactive=include_inactive
            )
        return [Invite.build(i) for i in found]

    @strawberry.field(description="My own membership here (role and verification state).")
    async def viewer_membership(self, info: Info) -> Member | None:
        async with info.context.db() as db:
            view = await service.my_membership(db, info.context.viewer, self._pk)
        return Member.build(view) if view else None

    @strawberry.field(
        description="The member directory. Verified members see listed, verified members; staff see everyone."
    )
    async def members(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        state: MemberState | None = None,
        search: str | None = None,
    ) -> MemberConnection:
        n = page_size(info, first)
        key = decode_name_cursor(after)
        async with info.context.db() as db:
            rows = await service.list_members(
                db,
                info.context.viewer,
                community_id=self._pk,
                state=state.value if state else None,
                search=(search or "").strip()[:80] or None,
                after=key,
                limit=n + 1,
            )
        edges = [
            MemberEdge(cursor=encode_cursor([v.caregiver.display_name.lower(), v.membership.id]), node=Member.build(v))
            for v in rows[:n]
        ]
        return MemberConnection(
            edges=edges, page_info=PageInfo(has_next_page=len(rows) > n, end_cursor=edges[-1].cursor if edges else None)
        )


@strawberry.type(description="An invite code that lets a family join a community (pending until verified).")
class Invite(Node):
    code: str
    role: MemberRole
    expires_at: datetime | None
    max_uses: int | None
    uses: int
    community_id: strawberry.ID
    created_at: datetime
    revoked_at: datetime | None
    active: bool = strawberry.field(
        description="Whether the code lets someone join now (not expired, used up or revoked)."
    )

    @classmethod
    def build(cls, i: InviteModel) -> Invite:
        return cls(
            id=strawberry.ID(to_global_id("Invite", i.id)),
            code=i.code,
            role=MemberRole(i.role),
            expires_at=i.expires_at,
            max_uses=i.max_uses,
            uses=i.uses,
            community_id=strawberry.ID(to_global_id("Community", i.community_id)),
            created_at=i.created_at,
            revoked_at=i.revoked_at,
            active=service.invite_is_active(i),
        )


@node_resolver("Community")
async def resolve_community(info: Info, pk: uuid.UUID) -> Community:
    async with info.context.db() as db:
        return Community.build(await service.get_community(db, info.context.viewer, pk))


@node_resolver("Member")
async def resolve_member(info: Info, pk: uuid.UUID) -> Member:
    async with info.context.db() as db:
        views = await service.member_views(
            db, info.context.viewer, [await service.get_membership(db, info.context.viewer, pk)]
        )
    return Member.build(views[0])


@node_resolver("Invite")
async def resolve_invite(info: Info, pk: uuid.UUID) -> Invite:
    async with info.context.db() as db:
        return Invite.build(await service.get_invite(db, info.context.viewer, pk))


# --- inputs and payloads ---------------------------------------------------------------------


@strawberry.input
class CreateCommunityInput:
    name: str
    timezone: str = strawberry.field(description="IANA name, e.g. 'America/Chicago'.")
    languages: list[str] = strawberry.field(
        default_factory=list, description="Languages families speak, e.g. ['en', 'es']."
    )
    description: str | None = None


@strawberry.type
class CreateCommunityPayload:
    community: Community | None
    staff_invite: Invite | None = strawberry.field(
        description="A single-use staff invite (two weeks) for the school's first staff member."
    )
    errors: list[UserError]


@strawberry.input
class UpdateCommunityInput:
    community_id: strawberry.ID
    name: str | None = None
    description: str | None = None
    timezone: str | None = strawberry.field(default=None, description="IANA name, e.g. 'America/Chicago'.")
    languages: list[str] | None = None


@strawberry.type
class CommunityPayload:
    community: Community | None
    errors: list[UserError]


@strawberry.input
class JoinCommunityInput:
    invite_code: str
    note: str | None = strawberry.field(
        default=None, description="A few words for the staff who verify you (up to 500 characters)."
    )


@strawberry.type
class JoinCommunityPayload:
    membership: Member | None = strawberry.field(description="Pending until the school verifies it.")
    community: Community | None
    errors: list[UserError]


@strawberry.input
class CreateInviteInput:
    community_id: strawberry.ID
    role: MemberRole = MemberRole.CAREGIVER
    expires_in_days: int | None = None
    max_uses: int | None = None


@strawberry.type
class CreateInvitePayload:
    invite: Invite | None
    errors: list[UserError]


@strawberry.input
class RevokeInviteInput:
    invite_id: strawberry.ID


@strawberry.type
class InvitePayload:
    invite: Invite | None
    errors: list[UserError]


@strawberry.input
class VerifyMemberInput:
    member_id: strawberry.ID


@strawberry.input
class DeclineMemberInput:
    member_id: strawberry.ID


@strawberry.type
class DeclineMemberPayload:
    member_id: strawberry.ID | None = strawberry.field(description="The declined membership, now removed.")
    errors: list[UserError]


@strawberry.input
class SuspendMemberInput:
    member_id: strawberry.ID


@strawberry.input
class SetMemberRoleInput:
    member_id: strawberry.ID
    role: MemberRole


@strawberry.type
class MemberPayload:
    member: Member | None
    errors: list[UserError]


async def _member_payload(info: Info, call) -> MemberPayload:
    async def go():
        return (await service.member_views(info.context.session, info.context.viewer, [await call()]))[0]

    view, errors = await run_mutation(info, go)
    return MemberPayload(member=Member.build(view) if view else None, errors=errors)


@strawberry.type
class CommunitiesQuery:
    @strawberry.field(description="A community I belong to (in any state), by global ID.")
    async def community(self, info: Info, id: strawberry.ID) -> Community:
        pk = from_global_id(id, "Community", field="id")
        async with info.context.db() as db:
            return Community.build(await service.get_community(db, info.context.viewer, pk))

    @strawberry.field(description="My memberships, with their role and verification state.")
    async def my_memberships(self, info: Info) -> list[Member]:
        async with info.context.db() as db:
            views = await service.member_views(
                db, info.context.viewer, await service.my_memberships(db, info.context.viewer)
            )
        return [Member.build(v) for v in views]


@strawberry.type
class CommunitiesMutation:
    @strawberry.mutation(description="Create a school community (Village administrators only).")
    async def create_community(self, info: Info, input: CreateCommunityInput) -> CreateCommunityPayload:
        ctx = info.context
        made, errors = await run_mutation(
            info,
            lambda: service.create_community(
                ctx.session,
                ctx.viewer,
                name=input.name,
                timezone=input.timezone,
                languages=input.languages,
                description=input.description,
            ),
        )
        if made is None:
            return CreateCommunityPayload(community=None, staff_invite=None, errors=errors)
        return CreateCommunityPayload(community=Community.build(made[0]), staff_invite=Invite.build(made[1]), errors=[])

    @strawberry.mutation(description="Change the community's name, description, timezone or languages (staff).")
    async def update_community(self, info: Info, input: UpdateCommunityInput) -> CommunityPayload:
        ctx = info.context

        async def go():
            return await service.update_community(
                ctx.session,
                ctx.viewer,
                community_id=from_global_id(input.community_id, "Community", field="communityId"),
                name=input.name,
                description=input.description,
                timezone=input.timezone,
                languages=input.languages,
            )

        c, errors = await run_mutation(info, go)
        return CommunityPayload(community=Community.build(c) if c else None, errors=errors)

    @strawberry.mutation(
        description="Join a community with an invite code; the membership waits for staff verification."
    )
    async def join_community(self, info: Info, input: JoinCommunityInput) -> JoinCommunityPayload:
        ctx = info.context

        async def go():
            m = await service.join_community(ctx.session, ctx.viewer, invite_code=input.invite_code, note=input.note)
            return (await service.member_views(ctx.session, ctx.viewer, [m]))[0], await service.get_community(
                ctx.session, ctx.viewer, m.community_id
            )

        result, errors = await run_mutation(info, go)
        if result is None:
            return JoinCommunityPayload(membership=None, community=None, errors=errors)
        view, c = result
        return JoinCommunityPayload(membership=Member.build(view), community=Community.build(c), errors=[])

    @strawberry.mutation(
        description="Create an invite code (leaders invite caregivers; staff also leaders; admins also staff)."
    )
    async def create_invite(self, info: Info, input: CreateInviteInput) -> CreateInvitePayload:
        ctx = info.context

        async def go():
            pk = from_global_id(input.community_id, "Community", field="communityId")
            return await service.create_invite(
                ctx.session,
                ctx.viewer,
                community_id=pk,
                role=input.role.value,
                expires_in_days=input.expires_in_days,
                max_uses=input.max_uses,
            )

        invite, errors = await run_mutation(info, go)
        return CreateInvitePayload(invite=Invite.build(invite) if invite else None, errors=errors)

    @strawberry.mutation(description="Stop an invite code working (staff: any; leaders: the ones they made).")
    async def revoke_invite(self, info: Info, input: RevokeInviteInput) -> InvitePayload:
        ctx = info.context

        async def go():
            pk = from_global_id(input.invite_id, "Invite", field="inviteId")
            return await service.revoke_invite(ctx.session, ctx.viewer, invite_id=pk)

        invite, errors = await run_mutation(info, go)
        return InvitePayload(invite=Invite.build(invite) if invite else None, errors=errors)

    @strawberry.mutation(description="Verify a pending member (staff).")
    async def verify_member(self, info: Info, input: VerifyMemberInput) -> MemberPayload:
        return await _member_payload(
            info,
            lambda: service.verify_member(
                info.context.session,
                info.context.viewer,
                membership_id=from_global_id(input.member_id, "Member", field="memberId"),
            ),
        )

    @strawberry.mutation(
        description="Decline someone waiting for verification (staff): their pending membership is removed "
        "and they are told."
    )
    async def decline_member(self, info: Info, input: DeclineMemberInput) -> DeclineMemberPayload:
        async def go():
            pk = from_global_id(input.member_id, "Member", field="memberId")
            return await service.decline_member(info.context.session, info.context.viewer, membership_id=pk)

        pk, errors = await run_mutation(info, go)
        return DeclineMemberPayload(member_id=strawberry.ID(to_global_id("Member", pk)) if pk else None, errors=errors)

    @strawberry.mutation(description="Suspend a member (staff); they lose access to the community at once.")
    async def suspend_member(self, info: Info, input: SuspendMemberInput) -> MemberPayload:
        return await _member_payload(
            info,
            lambda: service.suspend_member(
                info.context.session,
                info.context.viewer,
                membership_id=from_global_id(input.member_id, "Member", field="memberId"),
            ),
        )

    @strawberry.mutation(description="Make a member a caregiver, leader or staff (staff; admins for the staff role).")
    async def set_member_role(self, info: Info, input: SetMemberRoleInput) -> MemberPayload:
        return await _member_payload(
            info,
            lambda: service.set_member_role(
                info.context.session,
                info.context.viewer,
                membership_id=from_global_id(input.member_id, "Member", field="memberId"),
                role=input.role.value,
            ),
        )
