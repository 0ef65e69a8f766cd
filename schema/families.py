"""Families: my household, children's strength circles, inviting another caregiver."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from api.families import service
from api.families.models import Child as ChildModel
from api.ids import from_global_id, to_global_id
from schema.accounts import Caregiver
from schema.context import Info
from schema.core import EmptyInput, Node, UserError, node_resolver, run_mutation


@strawberry.type(
    description="A child: first name or nickname, grade and strength circle. Seen only by their own family."
)
class Child(Node):
    name: str
    grade: str | None
    strengths: list[str]
    passions: list[str]
    interests: list[str]
    joy: str = strawberry.field(description="What brings them joy.")

    @classmethod
    def build(cls, c: ChildModel) -> Child:
        return cls(
            id=strawberry.ID(to_global_id("Child", c.id)),
            name=c.name,
            grade=c.grade,
            strengths=list(c.strengths),
            passions=list(c.passions),
            interests=list(c.interests),
            joy=c.joy,
        )


@strawberry.type(description="My household: its caregivers and children.")
class Family(Node):
    caregivers: list[Caregiver]
    children: list[Child]

    @classmethod
    def build(cls, view: service.FamilyView) -> Family:
        return cls(
            id=strawberry.ID(to_global_id("Family", view.family.id)),
            caregivers=[Caregiver.build(p) for p in view.caregivers],
            children=[Child.build(c) for c in view.children],
        )


@strawberry.type(description="A code another adult of my household enters to join my family.")
class FamilyInvite:
    code: str
    expires_at: datetime


@node_resolver("Child")
async def resolve_child(info: Info, pk: uuid.UUID) -> Child:
    async with info.context.db() as db:
        return Child.build(await service.get_child(db, info.context.viewer, pk))


@node_resolver("Family")
async def resolve_family(info: Info, pk: uuid.UUID) -> Family:
    async with info.context.db() as db:
        return Family.build(await service.get_family(db, info.context.viewer, pk))


@strawberry.input(description="A child's strength circle. No surname, birth date or photo: Village does not keep them.")
class AddChildInput:
    name: str = strawberry.field(description="First name or nickname.")
    grade: str | None = strawberry.field(default=None, description="PK, K or 1–12.")
    strengths: list[str] = strawberry.field(default_factory=list)
    passions: list[str] = strawberry.field(default_factory=list)
    interests: list[str] = strawberry.field(default_factory=list)
    joy: str = strawberry.field(default="", description="What brings my child joy?")


@strawberry.input(description="Only the fields given are changed.")
class UpdateChildInput:
    child_id: strawberry.ID
    name: str | None = None
    grade: str | None = None
    strengths: list[str] | None = None
    passions: list[str] | None = None
    interests: list[str] | None = None
    joy: str | None = None


@strawberry.input
class RemoveChildInput:
    child_id: strawberry.ID


@strawberry.input
class JoinFamilyInput:
    code: str


@strawberry.type
class ChildPayload:
    child: Child | None
    errors: list[UserError]


@strawberry.type
class RemoveChildPayload:
    removed_child_id: strawberry.ID | None
    errors: list[UserError]


@strawberry.type
class InviteCaregiverToFamilyPayload:
    invite: FamilyInvite | None
    errors: list[UserError]


@strawberry.type
class JoinFamilyPayload:
    family: Family | None
    errors: list[UserError]


def _child_fields(input) -> dict:
    return {k: getattr(input, k) for k in ("name", "grade", "strengths", "passions", "interests", "joy")}


@strawberry.type
class FamiliesQuery:
    @strawberry.field(description="My household: caregivers and children.")
    async def my_family(self, info: Info) -> Family:
        async with info.context.db() as db:
            await info.context.begin_writes()  # this query may write
            view = await service.my_family(db, info.context.viewer)
            await db.commit()  # a family row may have been created for an older account
            await info.context.read_only()  # and back to reads outside transactions
        return Family.build(view)


@strawberry.type
class FamiliesMutation:
    @strawberry.mutation(description="Add a child with their strength circle.")
    async def add_child(self, info: Info, input: AddChildInput) -> ChildPayload:
        child, errors = await run_mutation(
            info, lambda: service.add_child(info.context.session, info.context.viewer, **_child_fields(input))
        )
        return ChildPayload(child=Child.build(child) if child else None, errors=errors)

    @strawberry.mutation(description="Change a child's name, grade or strength circle.")
    async def update_child(self, info: Info, input: UpdateChildInput) -> ChildPayload:
        async def go():
            pk = from_global_id(input.child_id, "Child", field="childId")
            return await service.update_child(
                info.context.session, info.context.viewer, child_id=pk, **_child_fields(input)
            )

        child, errors = await run_mutation(info, go)
        return ChildPayload(child=Child.build(child) if child else None, errors=errors)

    @strawberry.mutation(description="Remove a child from my family; their data is deleted.")
    async def remove_child(self, info: Info, input: RemoveChildInput) -> RemoveChildPayload:
        async def go():
            pk = from_global_id(input.child_id, "Child", field="childId")
            await service.remove_child(info.context.session, info.context.viewer, child_id=pk)
            return input.child_id

        removed, errors = await run_mutation(info, go)
        return RemoveChildPayload(removed_child_id=removed, errors=errors)

    @strawberry.mutation(description="Get a code (valid 7 days) for another adult of my household to join my family.")
    async def invite_caregiver_to_family(
        self, info: Info, input: EmptyInput | None = None
    ) -> InviteCaregiverToFamilyPayload:
        invite, errors = await run_mutation(
            info, lambda: service.invite_caregiver(info.context.session, info.context.viewer)
        )
        return InviteCaregiverToFamilyPayload(
            invite=FamilyInvite(code=invite.code, expires_at=invite.expires_at) if invite else None, errors=errors
        )

    @strawberry.mutation(description="Join another caregiver's family with their code; my children come along.")
    async def join_family(self, info: Info, input: JoinFamilyInput) -> JoinFamilyPayload:
        view, errors = await run_mutation(
            info, lambda: service.join_family(info.context.session, info.context.viewer, code=input.code)
        )
        return JoinFamilyPayload(family=Family.build(view) if view else None, errors=errors)
