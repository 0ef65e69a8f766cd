"""Peer groups: discovery, joining (open, on request, by invitation), leaders' tools, posts and
comments. Rules live in api/groups/service.py; this module translates."""

from __future__ import annotations

import enum
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import datetime
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from api.actor import require_viewer
from api.errors import DomainError, NotFound
from api.groups import live, models, service
from api.groups.models import Group as GroupModel
from api.ids import from_global_id, parse_global_id, to_global_id
from api.notifications import devices
from schema.accounts import Caregiver
from schema.context import Info
from schema.core import (
    Node,
    PageInfo,
    UserError,
    decode_name_cursor,
    decode_time_cursor,
    encode_cursor,
    encode_time_cursor,
    node_resolver,
    page_size,
    run_mutation,
)
from schema.safety import ReportReason, ReportStatus

GroupVisibility = strawberry.enum(models.GroupVisibility, name="GroupVisibility", description="Who may join a group.")
GroupMode = strawberry.enum(models.GroupMode, name="GroupMode", description="How a group meets.")
GroupRole = strawberry.enum(models.GroupRole, name="GroupRole", description="Leader or member of a group.")
GroupNotify = strawberry.enum(
    models.GroupNotify, name="GroupNotify", description="How I hear of a group's posts: at once, daily, or not."
)
GroupMembershipState = strawberry.enum(
    models.GroupMembershipState, name="GroupMembershipState", description="In the group, asking to join, or invited."
)


def _loader(
    info: Info, name: str, fetch: Callable[[Any, list[uuid.UUID]], Awaitable[dict]], default=None
) -> DataLoader:
    """A per-request DataLoader over group ids (one query for every group of the response)."""
    ctx = info.context
    loader = ctx.loaders.get(name)
    if loader is None:

        async def load(ids: list[uuid.UUID]) -> list[Any]:
            async with ctx.db() as db:
                found = await fetch(db, list(ids))
            return [found.get(i, default) for i in ids]

        loader = ctx.loaders[name] = DataLoader(load_fn=load)
    return loader


@strawberry.type(description="Someone's place in a group: their role, and whether they are in, asking or invited.")
class GroupMembership(Node):
    role: GroupRole
    state: GroupMembershipState
    since: datetime
    group_id: strawberry.ID
    join_answer: str | None = strawberry.field(
        description="Their answer to the join question (leaders and themselves)."
    )
    caregiver: Caregiver | None
    notify: GroupNotify | None = strawberry.field(description="My own setting for this group (null for others).")

    @classmethod
    def build(cls, m: models.GroupMember, who=None, *, show_answer: bool = False) -> GroupMembership:
        return cls(
            id=strawberry.ID(to_global_id("GroupMembership", m.id)),
            role=GroupRole(m.role),
            state=GroupMembershipState(m.state),
            since=m.created_at,
            group_id=strawberry.ID(to_global_id("Group", m.group_id)),
            join_answer=m.join_answer if show_answer else None,
            caregiver=Caregiver.build(who) if who else None,
            notify=GroupNotify(m.notify) if who is None else None,
        )


@strawberry.type
class GroupMembershipEdge:
    cursor: str
    node: GroupMembership


@strawberry.type
class GroupMembershipConnection:
    edges: list[GroupMembershipEdge]
    page_info: PageInfo


@strawberry.type(description="A comment on a post, oldest first under it.")
class Comment(Node):
    body: str
    created_at: datetime
    hidden: bool
    hidden_reason: str | None = strawberry.field(description="Why a leader hid it (its author and the leaders see it).")
    author: Caregiver | None = strawberry.field(description="Null: a former member.")
    post_id: strawberry.ID
    viewer_is_author: bool

    @classmethod
    def build(cls, v: service.CommentView) -> Comment:
        c = v.comment
        return cls(
            id=strawberry.ID(to_global_id("Comment", c.id)),
            body=c.body,
            created_at=c.created_at,
            hidden=c.hidden_at is not None,
            hidden_reason=c.hidden_reason or None,
            author=Caregiver.build(v.author) if v.author else None,
            post_id=strawberry.ID(to_global_id("Post", c.post_id)),
            viewer_is_author=v.viewer_is_author,
        )


@strawberry.type
class CommentEdge:
    cursor: str
    node: Comment


@strawberry.type
class CommentConnection:
    edges: list[CommentEdge]
    page_info: PageInfo


@strawberry.type(description="A post in a group, with its latest comments.")
class Post(Node):
    body: str
    link: str | None
    created_at: datetime
    pinned: bool
    hidden: bool
    hidden_reason: str | None
    author: Caregiver | None = strawberry.field(description="Null: a former member.")
    comment_count: int
    latest_comments: list[Comment] = strawberry.field(description="The five newest comments, oldest first.")
    group_id: strawberry.ID
    viewer_is_author: bool
    _pk: strawberry.Private[uuid.UUID]

    @classmethod
    def build(cls, v: service.PostView) -> Post:
        p = v.post
        return cls(
            id=strawberry.ID(to_global_id("Post", p.id)),
            body=p.body,
            link=p.link,
            created_at=p.created_at,
            pinned=p.pinned_at is not None,
            hidden=p.hidden_at is not None,
            hidden_reason=p.hidden_reason or None,
            author=Caregiver.build(v.author) if v.author else None,
            comment_count=v.comment_count,
            latest_comments=[Comment.build(c) for c in v.latest],
            group_id=strawberry.ID(to_global_id("Group", p.group_id)),
            viewer_is_author=v.viewer_is_author,
            _pk=p.id,
        )

    @strawberry.field(description="All of the post's comments, oldest first.")
    async def comments(self, info: Info, first: int | None = 50, after: str | None = None) -> CommentConnection:
        n = page_size(info, first, default=50)
        async with info.context.db() as db:
            views = await service.list_comments(
                db, info.context.viewer, post_id=self._pk, after=decode_time_cursor(after), limit=n + 1
            )
        edges = [
            CommentEdge(cursor=encode_time_cursor(v.comment.created_at, v.comment.id), node=Comment.build(v))
            for v in views[:n]
        ]
        return CommentConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(views) > n, end_cursor=edges[-1].cursor if edges else None),
        )


@strawberry.type
class PostEdge:
    cursor: str
    node: Post


@strawberry.type
class PostConnection:
    edges: list[PostEdge]
    page_info: PageInfo


@strawberry.type(description="A peer group in a community, run by its leaders.")
class Group(Node):
    name: str
    purpose: str
    languages: list[str]
    grade_band: str | None
    mode: GroupMode
    visibility: GroupVisibility
    hidden: bool = strawberry.field(description="Not listed to people outside the group.")
    join_question: str = strawberry.field(description="Asked of people who request to join (empty: none).")
    created_at: datetime
    community_id: strawberry.ID
    _pk: strawberry.Private[uuid.UUID]

    @classmethod
    def build(cls, g: GroupModel) -> Group:
        return cls(
            id=strawberry.ID(to_global_id("Group", g.id)),
            name=g.name,
            purpose=g.purpose,
            languages=list(g.languages),
            grade_band=g.grade_band,
            mode=GroupMode(g.mode),
            visibility=GroupVisibility(g.visibility),
            hidden=g.hidden,
            join_question=g.join_question,
            created_at=g.created_at,
            community_id=strawberry.ID(to_global_id("Community", g.community_id)),
            _pk=g.id,
        )

    @strawberry.field(description="How many members it has.")
    async def member_count(self, info: Info) -> int:
        return await _loader(info, "group_member_count", service.member_counts, 0).load(self._pk)

    @strawberry.field(description="My place in the group (null: not in it).")
    async def viewer_membership(self, info: Info) -> GroupMembership | None:
        viewer = info.context.viewer
        row = await _loader(info, "my_group_row", lambda db, ids: service.my_group_rows(db, viewer, ids)).load(self._pk)
        return GroupMembership.build(row, show_answer=True) if row else None

    @strawberry.field(description="Its leaders.")
    async def leaders(self, info: Info) -> list[Caregiver]:
        viewer = info.context.viewer
        people = await _loader(info, "group_leaders", lambda db, ids: service.leaders_of(db, viewer, ids), []).load(
            self._pk
        )
        return [Caregiver.build(p) for p in people]

    @strawberry.field(description="Members by name (members only); leaders also see who asks or is invited.")
    async def members(
        self,
        info: Info,
        state: GroupMembershipState = GroupMembershipState.MEMBER,
        first: int | None = 50,
        after: str | None = None,
    ) -> GroupMembershipConnection:
        n = page_size(info, first, default=50)
        async with info.context.db() as db:
            rows, leader = await service.group_memberships(
                db,
                info.context.viewer,
                group_id=self._pk,
                state=state.value,
                after=decode_name_cursor(after),
                limit=n + 1,
            )
        edges = [
            GroupMembershipEdge(
                cursor=encode_cursor([who.display_name.lower(), str(m.id)]),
                node=GroupMembership.build(m, who, show_answer=leader),
            )
            for m, who in rows[:n]
        ]
        return GroupMembershipConnection(
            edges=edges, page_info=PageInfo(has_next_page=len(rows) > n, end_cursor=edges[-1].cursor if edges else None)
        )

    @strawberry.field(description="Posts, pinned first, then newest (members only).")
    async def posts(self, info: Info, first: int | None = 20, after: str | None = None) -> PostConnection:
        n = page_size(info, first)
        async with info.context.db() as db:
            views = await service.list_posts(
                db, info.context.viewer, group_id=self._pk, after=decode_time_cursor(after), limit=n + 1
            )
        edges = [
            PostEdge(cursor=encode_time_cursor(v.post.created_at, v.post.id), node=Post.build(v)) for v in views[:n]
        ]
        return PostConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(views) > n, end_cursor=edges[-1].cursor if edges else None),
        )

    @strawberry.field(
        description="Reports about the group's posts and comments, newest first (its leaders only): what "
        "and why, never who reported it. Open ones unless `includeResolved`."
    )
    async def reports(self, info: Info, include_resolved: bool = False) -> list[GroupContentReport]:
        async with info.context.db() as db:
            items = await service.group_reports(
                db, info.context.viewer, group_id=self._pk, open_only=not include_resolved
            )
        return [GroupContentReport.build(i) for i in items]


@strawberry.type(description="A report about a post or comment, as the group's leaders see it.")
class GroupContentReport:
    id: strawberry.ID
    reason: ReportReason
    status: ReportStatus
    created_at: datetime
    content_id: strawberry.ID = strawberry.field(description="The Post or Comment: hideContent takes it.")
    post_id: strawberry.ID = strawberry.field(description="The post (or the comment's post), to open it.")
    body: str
    hidden: bool
    author: Caregiver | None = strawberry.field(description="Null: a former member, or across a block.")

    @classmethod
    def build(cls, v: service.ContentReport) -> GroupContentReport:
        return cls(
            id=strawberry.ID(to_global_id("Report", v.report.id)),
            reason=ReportReason(v.report.reason),
            status=ReportStatus(v.report.status),
            created_at=v.report.created_at,
            content_id=strawberry.ID(to_global_id("Post" if v.kind == "post" else "Comment", v.report.subject_id)),
            post_id=strawberry.ID(to_global_id("Post", v.post_id)),
            body=v.body,
            hidden=v.hidden,
            author=Caregiver.build(v.author) if v.author else None,
        )


@strawberry.type
class GroupEdge:
    cursor: str
    node: Group


@strawberry.type
class GroupConnection:
    edges: list[GroupEdge]
    page_info: PageInfo


@node_resolver("Group")
async def resolve_group(info: Info, pk: uuid.UUID) -> Group:
    async with info.context.db() as db:
        return Group.build(await service.visible_group(db, info.context.viewer, pk))


@node_resolver("Post")
async def resolve_post(info: Info, pk: uuid.UUID) -> Post:
    async with info.context.db() as db:
        return Post.build(await service.get_post(db, info.context.viewer, pk))


@node_resolver("Comment")
async def resolve_comment(info: Info, pk: uuid.UUID) -> Comment:
    async with info.context.db() as db:
        return Comment.build(await service.get_comment(db, info.context.viewer, pk))


@node_resolver("GroupMembership")
async def resolve_group_membership(info: Info, pk: uuid.UUID) -> GroupMembership:
    """Only the person's own place in a group is a node (leaders list the others through members)."""
    viewer = info.context.viewer
    async with info.context.db() as db:
        row = await db.get(models.GroupMember, pk)
        if row is None or viewer is None or row.account_id != viewer.account_id:
            raise NotFound("Not found.")
        return GroupMembership.build(row, show_answer=True)


# --- inputs and payloads ----------------------------------------------------------------------------


@strawberry.input
class GroupFilter:
    language: str | None = None
    grade_band: str | None = None
    mode: GroupMode | None = None
    mine: bool = strawberry.field(default=False, description="Only the groups I am a member of.")
    search: str | None = None


@strawberry.input
class CreateGroupInput:
    community_id: strawberry.ID
    name: str
    purpose: str | None = None
    languages: list[str] = strawberry.field(default_factory=list)
    grade_band: str | None = strawberry.field(default=None, description="A grade (K, 3) or band (3-5).")
    mode: GroupMode = GroupMode.BOTH
    visibility: GroupVisibility = GroupVisibility.OPEN
    hidden: bool = False
    join_question: str | None = None


@strawberry.input
class UpdateGroupInput:
    group_id: strawberry.ID
    name: str | None = None
    purpose: str | None = None
    languages: list[str] | None = None
    grade_band: str | None = strawberry.field(default=None, description="Empty string: no grade.")
    mode: GroupMode | None = None
    visibility: GroupVisibility | None = None
    hidden: bool | None = None
    join_question: str | None = None


@strawberry.type
class GroupPayload:
    group: Group | None
    errors: list[UserError]


@strawberry.input
class JoinGroupInput:
    group_id: strawberry.ID
    answer: str | None = strawberry.field(default=None, description="The answer to the group's join question.")


@strawberry.type
class JoinGroupPayload:
    membership: GroupMembership | None = strawberry.field(description="MEMBER, or REQUESTED until a leader decides.")
    group: Group | None
    errors: list[UserError]


@strawberry.input
class DecideJoinRequestInput:
    membership_id: strawberry.ID
    approve: bool


@strawberry.input
class InviteToGroupInput:
    group_id: strawberry.ID
    caregiver_id: strawberry.ID


@strawberry.input
class SetGroupRoleInput:
    membership_id: strawberry.ID
    role: GroupRole


@strawberry.type
class GroupMembershipPayload:
    membership: GroupMembership | None = strawberry.field(description="Null when a request was declined.")
    errors: list[UserError]


@strawberry.input
class SetGroupNotificationsInput:
    group_id: strawberry.ID
    notify: GroupNotify


@strawberry.input
class MarkGroupSeenInput:
    group_id: strawberry.ID


@strawberry.input
class LeaveGroupInput:
    group_id: strawberry.ID
    hand_over_to: strawberry.ID | None = strawberry.field(
        default=None, description="A member (Caregiver ID) to lead the group when I am its only leader."
    )


@strawberry.input
class RemoveGroupMemberInput:
    membership_id: strawberry.ID


@strawberry.type
class LeaveGroupPayload:
    group_id: strawberry.ID | None
    errors: list[UserError]


@strawberry.input
class CreatePostInput:
    group_id: strawberry.ID
    body: str
    link: str | None = None
    client_id: str | None = strawberry.field(
        default=None, description="Sent again with the same id, the post is made once."
    )


@strawberry.type
class PostPayload:
    post: Post | None
    errors: list[UserError]


@strawberry.input
class CommentInput:
    post_id: strawberry.ID
    body: str
    client_id: str | None = None


@strawberry.type
class CommentPayload:
    comment: Comment | None
    errors: list[UserError]


@strawberry.input
class PinPostInput:
    post_id: strawberry.ID
    pinned: bool


@strawberry.input
class HideContentInput:
    content_id: strawberry.ID = strawberry.field(description="A Post or Comment ID.")
    reason: str = strawberry.field(description="Told to its author.")


@strawberry.type
class HideContentPayload:
    content_id: strawberry.ID | None
    errors: list[UserError]


def _fields(i: CreateGroupInput | UpdateGroupInput) -> service.GroupFields:
    return service.GroupFields(
        name=i.name,
        purpose=i.purpose,
        languages=i.languages,
        grade_band=i.grade_band,
        mode=i.mode.value if i.mode else None,
        visibility=i.visibility.value if i.visibility else None,
        hidden=i.hidden,
        join_question=i.join_question,
    )


async def _membership_payload(info: Info, call) -> GroupMembershipPayload:
    row, errors = await run_mutation(info, call)
    return GroupMembershipPayload(
        membership=GroupMembership.build(row, show_answer=True) if row else None, errors=errors
    )


@strawberry.type(description="A post in one of my groups, for the home screen.")
class GroupNewsItem:
    post: Post
    group: Group
    unread: bool = strawberry.field(description="Posted since I last opened the group.")


@strawberry.type
class GroupsQuery:
    @strawberry.field(description="Groups to discover in a community (or mine), by name.")
    async def groups(
        self,
        info: Info,
        community_id: strawberry.ID,
        filter: GroupFilter | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> GroupConnection:
        n = page_size(info, first)
        f = filter or GroupFilter()
        flt = service.GroupFilter(
            community_id=from_global_id(community_id, "Community", field="communityId"),
            language=f.language,
            grade_band=f.grade_band,
            mode=f.mode.value if f.mode else None,
            mine=f.mine,
            search=f.search,
        )
        async with info.context.db() as db:
            rows = await service.list_groups(db, info.context.viewer, flt, after=decode_name_cursor(after), limit=n + 1)
        edges = [GroupEdge(cursor=encode_cursor([g.name.lower(), str(g.id)]), node=Group.build(g)) for g in rows[:n]]
        return GroupConnection(
            edges=edges, page_info=PageInfo(has_next_page=len(rows) > n, end_cursor=edges[-1].cursor if edges else None)
        )

    @strawberry.field(description="The newest posts by others in my groups (every community I am verified in).")
    async def group_news(self, info: Info, first: int | None = 5) -> list[GroupNewsItem]:
        n = page_size(info, first, default=5)
        async with info.context.db() as db:
            items = await service.group_news(db, info.context.viewer, limit=n)
        return [GroupNewsItem(post=Post.build(i.post), group=Group.build(i.group), unread=i.unread) for i in items]

    @strawberry.field(description="A group I may see, by global ID.")
    async def group(self, info: Info, id: strawberry.ID) -> Group:
        pk = from_global_id(id, "Group", field="id")
        async with info.context.db() as db:
            return Group.build(await service.visible_group(db, info.context.viewer, pk))


@strawberry.type
class GroupsMutation:
    @strawberry.mutation(description="Start a group (parent leaders and staff); I lead it.")
    async def create_group(self, info: Info, input: CreateGroupInput) -> GroupPayload:
        async def go():
            pk = from_global_id(input.community_id, "Community", field="communityId")
            return await service.create_group(
                info.context.session, info.context.viewer, community_id=pk, fields=_fields(input)
            )

        g, errors = await run_mutation(info, go)
        return GroupPayload(group=Group.build(g) if g else None, errors=errors)

    @strawberry.mutation(description="Change a group's details (its leaders).")
    async def update_group(self, info: Info, input: UpdateGroupInput) -> GroupPayload:
        async def go():
            pk = from_global_id(input.group_id, "Group", field="groupId")
            return await service.update_group(
                info.context.session, info.context.viewer, group_id=pk, fields=_fields(input)
            )

        g, errors = await run_mutation(info, go)
        return GroupPayload(group=Group.build(g) if g else None, errors=errors)

    @strawberry.mutation(description="Join an open group, ask to join one on request, or accept an invitation.")
    async def join_group(self, info: Info, input: JoinGroupInput) -> JoinGroupPayload:
        ctx = info.context

        async def go():
            pk = from_global_id(input.group_id, "Group", field="groupId")
            row = await service.join_group(ctx.session, ctx.viewer, group_id=pk, answer=input.answer)
            return row, await service.visible_group(ctx.session, ctx.viewer, pk)

        result, errors = await run_mutation(info, go)
        if result is None:
            return JoinGroupPayload(membership=None, group=None, errors=errors)
        return JoinGroupPayload(
            membership=GroupMembership.build(result[0], show_answer=True), group=Group.build(result[1]), errors=[]
        )

    @strawberry.mutation(description="Let someone in, or not (the group's leaders); they are told.")
    async def decide_join_request(self, info: Info, input: DecideJoinRequestInput) -> GroupMembershipPayload:
        async def go():
            pk = from_global_id(input.membership_id, "GroupMembership", field="membershipId")
            return await service.decide_join_request(
                info.context.session, info.context.viewer, membership_id=pk, approve=input.approve
            )

        return await _membership_payload(info, go)

    @strawberry.mutation(description="Invite a member of the community to the group (its leaders).")
    async def invite_to_group(self, info: Info, input: InviteToGroupInput) -> GroupMembershipPayload:
        async def go():
            group = from_global_id(input.group_id, "Group", field="groupId")
            who = from_global_id(input.caregiver_id, "Caregiver", field="caregiverId")
            return await service.invite_to_group(
                info.context.session, info.context.viewer, group_id=group, account_id=who
            )

        return await _membership_payload(info, go)

    @strawberry.mutation(description="Make a member a leader, or a leader a member (a group keeps one leader).")
    async def set_group_role(self, info: Info, input: SetGroupRoleInput) -> GroupMembershipPayload:
        async def go():
            pk = from_global_id(input.membership_id, "GroupMembership", field="membershipId")
            return await service.set_group_role(
                info.context.session, info.context.viewer, membership_id=pk, role=input.role.value
            )

        return await _membership_payload(info, go)

    @strawberry.mutation(description="How I hear of this group's posts and comments: INSTANT, DAILY (a digest) or OFF.")
    async def set_group_notifications(self, info: Info, input: SetGroupNotificationsInput) -> GroupMembershipPayload:
        async def go():
            pk = from_global_id(input.group_id, "Group", field="groupId")
            return await service.set_group_notify(
                info.context.session, info.context.viewer, group_id=pk, notify=input.notify.value
            )

        return await _membership_payload(info, go)

    @strawberry.mutation(description="I opened the group: what I saw stays out of my next daily digest.")
    async def mark_group_seen(self, info: Info, input: MarkGroupSeenInput) -> GroupMembershipPayload:
        async def go():
            pk = from_global_id(input.group_id, "Group", field="groupId")
            return await service.mark_group_seen(info.context.session, info.context.viewer, group_id=pk)

        return await _membership_payload(info, go)

    @strawberry.mutation(description="Leave a group (or withdraw a request, or turn down an invitation).")
    async def leave_group(self, info: Info, input: LeaveGroupInput) -> LeaveGroupPayload:
        async def go():
            pk = from_global_id(input.group_id, "Group", field="groupId")
            heir = from_global_id(input.hand_over_to, "Caregiver", field="handOverTo") if input.hand_over_to else None
            return await service.leave_group(info.context.session, info.context.viewer, group_id=pk, hand_over_to=heir)

        pk, errors = await run_mutation(info, go)
        return LeaveGroupPayload(group_id=strawberry.ID(to_global_id("Group", pk)) if pk else None, errors=errors)

    @strawberry.mutation(description="Remove a member from the group (its leaders).")
    async def remove_group_member(self, info: Info, input: RemoveGroupMemberInput) -> LeaveGroupPayload:
        async def go():
            pk = from_global_id(input.membership_id, "GroupMembership", field="membershipId")
            return await service.remove_group_member(info.context.session, info.context.viewer, membership_id=pk)

        pk, errors = await run_mutation(info, go)
        return LeaveGroupPayload(group_id=strawberry.ID(to_global_id("Group", pk)) if pk else None, errors=errors)

    @strawberry.mutation(description="Post in a group (its members); the members are told.")
    async def create_post(self, info: Info, input: CreatePostInput) -> PostPayload:
        ctx = info.context

        async def go():
            pk = from_global_id(input.group_id, "Group", field="groupId")
            post = await service.create_post(
                ctx.session, ctx.viewer, group_id=pk, body=input.body, link=input.link, client_id=input.client_id
            )
            return await service.get_post(ctx.session, ctx.viewer, post.id)

        view, errors = await run_mutation(info, go)
        if view is not None:
            await live.announce(ctx.redis, ctx.settings, view.post.group_id, "post", view.post.id)
        return PostPayload(post=Post.build(view) if view else None, errors=errors)

    @strawberry.mutation(description="Comment on a post in one of my groups.")
    async def comment(self, info: Info, input: CommentInput) -> CommentPayload:
        ctx = info.context

        async def go():
            pk = from_global_id(input.post_id, "Post", field="postId")
            c = await service.add_comment(
                ctx.session, ctx.viewer, post_id=pk, body=input.body, client_id=input.client_id
            )
            return await service.get_comment(ctx.session, ctx.viewer, c.id)

        view, errors = await run_mutation(info, go)
        if view is not None:
            await live.announce(ctx.redis, ctx.settings, view.comment.group_id, "comment", view.comment.id)
        return CommentPayload(comment=Comment.build(view) if view else None, errors=errors)

    @strawberry.mutation(description="Pin a post to the top of the group, or unpin it (its leaders).")
    async def pin_post(self, info: Info, input: PinPostInput) -> PostPayload:
        ctx = info.context

        async def go():
            pk = from_global_id(input.post_id, "Post", field="postId")
            await service.pin_post(ctx.session, ctx.viewer, post_id=pk, pinned=input.pinned)
            return await service.get_post(ctx.session, ctx.viewer, pk)

        view, errors = await run_mutation(info, go)
        return PostPayload(post=Post.build(view) if view else None, errors=errors)

    @strawberry.mutation(description="Hide a post or comment, with a reason its author is told (the group's leaders).")
    async def hide_content(self, info: Info, input: HideContentInput) -> HideContentPayload:
        async def go():
            pk = from_global_id(input.content_id, ("Post", "Comment"), field="contentId")
            kind = "post" if parse_global_id(input.content_id)[0] == "Post" else "comment"
            await service.hide_content(
                info.context.session, info.context.viewer, kind=kind, content_id=pk, reason=input.reason
            )
            return input.content_id

        gid, errors = await run_mutation(info, go)
        return HideContentPayload(content_id=gid, errors=errors)


@strawberry.enum(description="What happened in a group.")
class GroupActivityKind(enum.Enum):
    POST = "post"
    COMMENT = "comment"
    RSVP = "rsvp"


@strawberry.type(description="Something new in a group I have open: a post, a comment, or RSVPs that changed.")
class GroupActivity:
    kind: GroupActivityKind
    post: Post | None
    comment: Comment | None
    event_id: strawberry.ID | None = strawberry.field(description="For RSVP: the event whose counts changed.")


@strawberry.type
class GroupsSubscription:
    @strawberry.subscription(
        description="New posts, comments and RSVP changes in a group I am a member of, as they happen "
        "(over graphql-transport-ws). Whichever API process made the change, every process's members hear it."
    )
    async def group_activity(self, info: Info, group_id: strawberry.ID) -> AsyncGenerator[GroupActivity, None]:
        ctx = info.context
        viewer = require_viewer(ctx.viewer)
        pk = from_global_id(group_id, "Group", field="groupId")
        async with ctx.db() as db:
            try:
                await service.group_for_member(db, ctx.viewer, pk)
            finally:
                await db.rollback()
        async with ctx.hub.listen(live.channel(ctx.settings, pk)) as messages:
            while True:
                parsed = live.parse(await messages.get())
                if parsed is None:
                    continue
                kind, item = parsed
                out = None
                async with ctx.db() as db:
                    try:
                        if not await devices.session_is_current(db, viewer.session_id):
                            return  # signed out since the socket opened
                        await service.group_for_member(db, ctx.viewer, pk)  # still a member
                        if kind == "post":
                            out = GroupActivity(
                                kind=GroupActivityKind.POST,
                                post=Post.build(await service.get_post(db, ctx.viewer, item)),
                                comment=None,
                                event_id=None,
                            )
                        elif kind == "comment":
                            out = GroupActivity(
                                kind=GroupActivityKind.COMMENT,
                                post=None,
                                comment=Comment.build(await service.get_comment(db, ctx.viewer, item)),
                                event_id=None,
                            )
                        else:
                            out = GroupActivity(
                                kind=GroupActivityKind.RSVP,
                                post=None,
                                comment=None,
                                event_id=strawberry.ID(to_global_id("Event", item)),
                            )
                    except NotFound:
                        pass  # not for this viewer (a block, hidden content)
                    except DomainError:
                        return  # no longer a member
                    finally:
                        await db.rollback()
                if out is not None:
                    yield out
