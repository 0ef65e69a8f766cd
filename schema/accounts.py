"""Accounts: sign-up, sessions, the viewer's profile, password, deletion and export."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON

from api.accounts import privacy, service
from api.accounts.models import Account
from api.accounts.privacy import PublicProfile
from api.ids import to_global_id
from schema.context import Info
from schema.core import EmptyInput, Node, UserError, node_resolver, run_mutation


@strawberry.type(description="An approximate area (about 1 km), never an exact address.")
class HomeArea:
    label: str | None = strawberry.field(description="A place name, e.g. 'Austin, TX'.")
    h3_cell: str = strawberry.field(description="H3 cell at resolution 8 (about 0.7 km²).")


@strawberry.type(description="Strengths, passions and interests: the asset-based worksheet as data.")
class StrengthCircle:
    strengths: list[str]
    passions: list[str]
    interests: list[str]


@strawberry.type(description="What other members see of me in the community directory.")
class DirectoryPrivacy:
    listed: bool = strawberry.field(description="Appear in the directory at all.")
    show_languages: bool
    show_strengths: bool
    show_area: bool


@strawberry.type(description="Another caregiver, as they chose to be seen.")
class Caregiver(Node):
    display_name: str
    languages: list[str] | None = strawberry.field(description="Null when they keep their languages private.")
    strength_circle: StrengthCircle | None = strawberry.field(
        description="Null when they keep their strengths private."
    )
    area_label: str | None = strawberry.field(description="Approximate area name; null when private.")

    @classmethod
    def build(cls, p: PublicProfile) -> Caregiver:
        """What api/accounts/privacy.py decided the viewer may see."""
        circle = p.strength_circle
        return cls(
            id=strawberry.ID(to_global_id("Caregiver", p.id)),
            display_name=p.display_name,
            languages=p.languages,
            strength_circle=StrengthCircle(
                strengths=circle.strengths, passions=circle.passions, interests=circle.interests
            )
            if circle
            else None,
            area_label=p.area_label,
        )


@strawberry.type(description="The signed-in caregiver, with private details only they see.")
class Viewer(Node):
    email: str
    display_name: str
    languages: list[str]
    ui_language: str = strawberry.field(description="Language of the app and of notifications: en or es.")
    timezone: str
    home_area: HomeArea | None
    strength_circle: StrengthCircle
    directory_privacy: DirectoryPrivacy
    is_platform_admin: bool
    created_at: datetime

    @classmethod
    def from_account(cls, a: Account) -> Viewer:
        return cls(
            id=strawberry.ID(to_global_id("Caregiver", a.id)),
            email=a.email,
            display_name=a.display_name,
            languages=list(a.languages),
            ui_language=a.ui_language,
            timezone=a.timezone,
            home_area=HomeArea(label=a.home_area_label, h3_cell=a.home_cell) if a.home_cell else None,
            strength_circle=StrengthCircle(
                strengths=list(a.strengths), passions=list(a.passions), interests=list(a.interests)
            ),
            directory_privacy=DirectoryPrivacy(
                listed=a.listed_in_directory,
                show_languages=a.show_languages,
                show_strengths=a.show_strengths,
                show_area=a.show_area,
            ),
            is_platform_admin=a.is_platform_admin,
            created_at=a.created_at,
        )


def caregiver_loader(info: Info) -> DataLoader[uuid.UUID, Caregiver | None]:
    """Caregivers by account id, as the viewer may see them, one query per response: for fields that
    name people whose visibility the domain already decided (an event's organiser, a carpool's
    families)."""
    ctx = info.context
    loader = ctx.loaders.get("caregiver_by_id")
    if loader is None:

        async def load(ids: list[uuid.UUID]) -> list[Caregiver | None]:
            async with ctx.db() as db:
                people = await privacy.profiles_by_ids(db, set(ids), ctx.viewer.account_id if ctx.viewer else None)
            return [Caregiver.build(people[i]) if i in people else None for i in ids]

        loader = ctx.loaders["caregiver_by_id"] = DataLoader(load_fn=load)
    return loader


@node_resolver("Caregiver")
async def resolve_caregiver(info: Info, pk) -> Caregiver:
    async with info.context.db() as db:
        return Caregiver.build(await privacy.caregiver(db, info.context.viewer, pk))


# --- inputs and payloads ---------------------------------------------------------------------


@strawberry.input
class SignUpInput:
    email: str
    password: str = strawberry.field(description="At least 10 characters.")
    display_name: str
    ui_language: str | None = None


@strawberry.type
class SignUpPayload:
    token: str | None = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    viewer: Viewer | None
    errors: list[UserError]


@strawberry.input
class LogInInput:
    email: str
    password: str


@strawberry.type
class LogInPayload:
    token: str | None
    viewer: Viewer | None
    errors: list[UserError]


@strawberry.type
class LogOutPayload:
    ok: bool
    errors: list[UserError]


@strawberry.input(description="Only the fields given are changed.")
class UpdateProfileInput:
    display_name: str | None = None
    languages: list[str] | None = strawberry.field(default=None, description="Language codes, e.g. ['en', 'es'].")
    ui_language: str | None = None
    timezone: str | None = None
    postal_code: str | None = strawberry.field(
        default=None, description="A 5-digit US ZIP code; stored as an area of about 1 km."
    )
    latitude: float | None = strawberry.field(
        default=None, description="With longitude; stored only as an area of about 1 km."
    )
    longitude: float | None = None
    clear_home_area: bool = False
    strengths: list[str] | None = None
    passions: list[str] | None = None
    interests: list[str] | None = None
    listed_in_directory: bool | None = None
    show_languages: bool | None = None
    show_strengths: bool | None = None
    show_area: bool | None = None


@strawberry.type
class UpdateProfilePayload:
    viewer: Viewer | None
    errors: list[UserError]


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str


@strawberry.type
class ChangePasswordPayload:
    ok: bool
    revoked_sessions: int = strawberry.field(description="How many other devices were signed out.")
    errors: list[UserError]


@strawberry.input
class DeleteAccountInput:
    password: str = strawberry.field(description="Confirms it is really you.")


@strawberry.type
class DeleteAccountPayload:
    ok: bool
    errors: list[UserError]


@strawberry.type
class ExportMyDataPayload:
    data: JSON | None = strawberry.field(description="Everything Village holds about you and your children.")
    errors: list[UserError]


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The signed-in caregiver, or null when not signed in.")
    async def viewer(self, info: Info) -> Viewer | None:
        if info.context.viewer is None:
            return None
        async with info.context.db() as db:
            return Viewer.from_account(await service.get_account(db, info.context.viewer.account_id))


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Create an account and sign in.")
    async def sign_up(self, info: Info, input: SignUpInput) -> SignUpPayload:
        ctx = info.context
        result, errors = await run_mutation(
            info,
            lambda: service.sign_up(
                ctx.session,
                ctx.redis,
                ctx.settings,
                email=input.email,
                password=input.password,
                display_name=input.display_name,
                ui_language=input.ui_language,
                client_ip=ctx.client_ip,
                user_agent=ctx.user_agent,
            ),
        )
        if result is None:
            return SignUpPayload(token=None, viewer=None, errors=errors)
        return SignUpPayload(token=result.token, viewer=Viewer.from_account(result.account), errors=[])

    @strawberry.mutation(description="Sign in; returns a bearer token for this device.")
    async def log_in(self, info: Info, input: LogInInput) -> LogInPayload:
        ctx = info.context
        result, errors = await run_mutation(
            info,
            lambda: service.log_in(
                ctx.session,
                ctx.redis,
                ctx.settings,
                email=input.email,
                password=input.password,
                client_ip=ctx.client_ip,
                user_agent=ctx.user_agent,
            ),
        )
        if result is None:
            return LogInPayload(token=None, viewer=None, errors=errors)
        return LogInPayload(token=result.token, viewer=Viewer.from_account(result.account), errors=[])

    @strawberry.mutation(description="Sign this device out; its token stops working at once.")
    async def log_out(self, info: Info, input: EmptyInput | None = None) -> LogOutPayload:
        _, errors = await run_mutation(info, lambda: service.log_out(info.context.session, info.context.viewer))
        return LogOutPayload(ok=not errors, errors=errors)

    @strawberry.mutation(description="Change my profile, strength circle, approximate area or directory privacy.")
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> UpdateProfilePayload:
        ctx = info.context
        fields = {
            k: getattr(input, k)
            for k in (
                "display_name",
                "languages",
                "ui_language",
                "timezone",
                "postal_code",
                "latitude",
                "longitude",
                "clear_home_area",
                "strengths",
                "passions",
                "interests",
                "listed_in_directory",
                "show_languages",
                "show_strengths",
                "show_area",
            )
        }
        account, errors = await run_mutation(info, lambda: service.update_profile(ctx.session, ctx.viewer, **fields))
        return UpdateProfilePayload(viewer=Viewer.from_account(account) if account else None, errors=errors)

    @strawberry.mutation(
        description="Change my password; signs out every other device and removes their push subscriptions."
    )
    async def change_password(self, info: Info, input: ChangePasswordInput) -> ChangePasswordPayload:
        ctx = info.context
        revoked, errors = await run_mutation(
            info,
            lambda: service.change_password(
                ctx.session,
                ctx.redis,
                ctx.settings,
                ctx.viewer,
                current_password=input.current_password,
                new_password=input.new_password,
            ),
        )
        return ChangePasswordPayload(ok=not errors, revoked_sessions=len(revoked or []), errors=errors)

    @strawberry.mutation(description="Delete my account for real, and my children when no other caregiver remains.")
    async def delete_account(self, info: Info, input: DeleteAccountInput) -> DeleteAccountPayload:
        ctx = info.context
        _, errors = await run_mutation(
            info,
            lambda: service.delete_account(ctx.session, ctx.redis, ctx.settings, ctx.viewer, password=input.password),
        )
        return DeleteAccountPayload(ok=not errors, errors=errors)

    @strawberry.mutation(description="Everything Village holds about me and my children, as JSON.")
    async def export_my_data(self, info: Info, input: EmptyInput | None = None) -> ExportMyDataPayload:
        data, errors = await run_mutation(
            info, lambda: service.export_my_data(info.context.session, info.context.viewer)
        )
        return ExportMyDataPayload(data=data, errors=errors)
