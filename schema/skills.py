"""Skill-sharing: the taxonomy, strengths, needs, and explained matches with their lifecycle."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader

from api.ids import from_global_id, parse_global_id, to_global_id
from api.skills import models, service
from api.skills import terms as terms_service
from api.skills.models import SkillCategory as CategoryModel
from api.skills.models import Strength as StrengthModel
from api.skills.reasons import render_all
from schema.accounts import Caregiver
from schema.context import Info
from schema.core import (
    Node,
    PageInfo,
    UserError,
    committed,
    decode_time_cursor,
    encode_time_cursor,
    node_batch,
    node_resolver,
    page_size,
    run_mutation,
)


@strawberry.enum(description="How help can be given.")
class HelpMode(enum.Enum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"


@strawberry.enum(description="How a need can be met.")
class NeedMode(enum.Enum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"
    EITHER = "either"


@strawberry.enum
class Urgency(enum.Enum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


NeedStatus = strawberry.enum(
    models.NeedStatus,
    name="NeedStatus",
    description="open → matched (someone agreed to help) → met; or closed by the family.",
)
MatchStatus = strawberry.enum(
    models.MatchStatus,
    name="MatchStatus",
    description=(
        "suggested → offered (by the helper) or requested (by the family) → accepted → completed; or declined, expired."
    ),
)


@strawberry.enum
class Weekday(enum.Enum):
    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6


@strawberry.type(description="A skill category, labelled in the viewer's language.")
class SkillCategory:
    slug: str
    label: str
    parent_slug: str | None
    subcategories: list[SkillCategory]


@strawberry.type(description="A weekly time range, in the community's local time.")
class AvailabilitySlot:
    day: Weekday
    start: str = strawberry.field(description="HH:MM")
    end: str = strawberry.field(description="HH:MM (24:00 = end of day)")


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def slots_out(ranges: list[list[int]]) -> list[AvailabilitySlot]:
    return [
        AvailabilitySlot(day=Weekday(a // 1440), start=_hhmm(a % 1440), end=_hhmm(b - (a // 1440) * 1440))
        for a, b in ranges
    ]


def _lang(info: Info) -> str:
    return info.context.viewer.ui_language if info.context.viewer else "en"


@strawberry.type(description="Something a caregiver offers to other families.")
class Strength(Node):
    category: str = strawberry.field(description="Skill category slug.")
    title: str
    description: str
    languages: list[str]
    modes: list[HelpMode]
    availability: list[AvailabilitySlot]
    _account_id: strawberry.Private[uuid.UUID]

    @classmethod
    def build(cls, s: StrengthModel) -> Strength:
        return cls(
            id=strawberry.ID(to_global_id("Strength", s.id)),
            category=s.category_slug,
            title=s.title,
            description=s.description,
            languages=list(s.languages),
            modes=[HelpMode(m) for m in s.modes],
            availability=slots_out(s.availability),
            _account_id=s.account_id,
        )


@strawberry.type(description="A request for help, posted by a family to its community.")
class Need(Node):
    community_id: strawberry.ID
    category: str
    title: str
    description: str
    mode: NeedMode
    starts_at: datetime | None
    ends_at: datetime | None
    urgency: Urgency
    language: str | None
    # Null for others when the need took its poster's home area and they keep it private.
    area_label: str | None = strawberry.field(description="Approximate area name only.")
    status: NeedStatus
    created_at: datetime
    is_mine: bool
    requester: Caregiver

    @strawberry.field(description="My own match on this need as a helper, whatever its status; null when I have none.")
    async def my_match(self, info: Info) -> Match | None:
        return await my_match_loader(info).load(parse_global_id(self.id)[1])

    @classmethod
    def build(cls, view: service.NeedView) -> Need:
        n = view.need
        return cls(
            id=strawberry.ID(to_global_id("Need", n.id)),
            community_id=strawberry.ID(to_global_id("Community", n.community_id)),
            category=n.category_slug,
            title=n.title,
            description=n.description,
            mode=NeedMode(n.mode),
            starts_at=n.starts_at,
            ends_at=n.ends_at,
            urgency=Urgency(n.urgency),
            language=n.language,
            area_label=view.area_label,
            status=NeedStatus(n.status),
            created_at=n.created_at,
            is_mine=view.is_mine,
            requester=Caregiver.build(view.requester),
        )


@strawberry.type(description="How to reach the other family, shared once both sides have agreed.")
class Contact:
    display_name: str
    email: str


@strawberry.type(description="A proposed or agreed pairing of a need with a helper, with the reasons in plain words.")
class Match(Node):
    status: MatchStatus
    score: float
    reasons: list[str] = strawberry.field(description="Why this helper, in the viewer's language.")
    message: str
    thanks: str | None
    created_at: datetime
    need: Need
    helper: Caregiver
    strength_title: str | None
    contact: Contact | None = strawberry.field(description="Null until both sides have accepted.")

    @classmethod
    def build(cls, view: service.MatchView, lang: str) -> Match:
        m = view.match
        return cls(
            id=strawberry.ID(to_global_id("Match", m.id)),
            status=MatchStatus(m.status),
            score=round(m.score, 4),
            reasons=render_all(view.reasons, lang),
            message=m.message,
            thanks=m.thanks,
            created_at=m.created_at,
            need=Need.build(view.need),
            helper=Caregiver.build(view.helper),
            strength_title=view.strength_title,
            contact=Contact(display_name=view.contact.display_name, email=view.contact.email) if view.contact else None,
        )


def my_match_loader(info: Info) -> DataLoader[uuid.UUID, Match | None]:
    """`Need.myMatch` for every need of one response in one query."""
    ctx = info.context
    loader = ctx.loaders.get("my_match_by_need_id")
    if loader is None:

        async def load(need_ids: list[uuid.UUID]) -> list[Match | None]:
            async with ctx.db() as db:
                views = await service.match_views(
                    db, ctx.viewer, await service.my_matches_on_needs(db, ctx.viewer, list(need_ids))
                )
            built = {v.match.need_id: Match.build(v, _lang(info)) for v in views}
            return [built.get(n) for n in need_ids]

        loader = ctx.loaders["my_match_by_need_id"] = DataLoader(load_fn=load)
    return loader


def matches_out(info: Info, views: list[service.MatchView]) -> list[Match]:
    return [Match.build(v, _lang(info)) for v in views]


@strawberry.type
class NeedEdge:
    cursor: str
    node: Need


@strawberry.type
class NeedConnection:
    edges: list[NeedEdge]
    page_info: PageInfo


@node_resolver("Strength")
async def resolve_strength(info: Info, pk: uuid.UUID) -> Strength:
    async with info.context.db() as db:
        return Strength.build(await service.get_strength(db, info.context.viewer, pk))


@node_resolver("Need")
async def resolve_need(info: Info, pk: uuid.UUID) -> Need:
    async with info.context.db() as db:
        views = await service.need_views(db, info.context.viewer, [await service.get_need(db, info.context.viewer, pk)])
    return Need.build(views[0])


@node_batch("Match")
async def load_matches(info: Info, pks: list[uuid.UUID]) -> dict[uuid.UUID, Match]:
    async with info.context.db() as db:
        views = await service.match_views_by_ids(db, info.context.viewer, pks)
    return {pk: Match.build(v, _lang(info)) for pk, v in views.items()}


@node_resolver("Match")
async def resolve_match(info: Info, pk: uuid.UUID) -> Match:
    async with info.context.db() as db:
        views = await service.match_views(
            db, info.context.viewer, [await service.get_match(db, info.context.viewer, pk, lock=False)]
        )
    return Match.build(views[0], _lang(info))


# --- inputs and payloads ---------------------------------------------------------------------


@strawberry.input
class AvailabilityInput:
    day: Weekday
    start: str = strawberry.field(description="HH:MM, e.g. 18:00")
    end: str = strawberry.field(description="HH:MM, e.g. 20:30 (24:00 = end of day)")


def _slots(values: list[AvailabilityInput] | None) -> list[service.Slot] | None:
    return None if values is None else [service.Slot(day=v.day.value, start=v.start, end=v.end) for v in values]


@strawberry.input
class AddStrengthInput:
    category: str = strawberry.field(description="A slug from skillCategories, e.g. 'tutoring.math'.")
    title: str
    description: str | None = None
    languages: list[str] = strawberry.field(
        default_factory=list, description="Languages you can help in, e.g. ['es', 'en']."
    )
    modes: list[HelpMode] = strawberry.field(default_factory=lambda: [HelpMode.IN_PERSON])
    availability: list[AvailabilityInput] = strawberry.field(default_factory=list)


@strawberry.input(description="Only the fields given are changed.")
class UpdateStrengthInput:
    strength_id: strawberry.ID
    category: str | None = None
    title: str | None = None
    description: str | None = None
    languages: list[str] | None = None
    modes: list[HelpMode] | None = None
    availability: list[AvailabilityInput] | None = None


@strawberry.input
class RemoveStrengthInput:
    strength_id: strawberry.ID


@strawberry.type
class StrengthPayload:
    strength: Strength | None
    errors: list[UserError]


@strawberry.type
class RemoveStrengthPayload:
    removed_strength_id: strawberry.ID | None
    errors: list[UserError]


@strawberry.input
class PostNeedInput:
    community_id: strawberry.ID
    category: str
    title: str
    description: str | None = None
    mode: NeedMode = NeedMode.EITHER
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    urgency: Urgency = Urgency.NORMAL
    language: str | None = strawberry.field(default=None, description="The language the help should be in, e.g. 'es'.")
    postal_code: str | None = strawberry.field(
        default=None, description="Where, approximately (default: my home area)."
    )
    latitude: float | None = None
    longitude: float | None = None
    client_mutation_id: str | None = strawberry.field(
        default=None,
        description="Made once per action by the client (e.g. a UUID): sending it again (an offline queue, a retry "
        "after a lost answer) returns what the first send made instead of acting twice.",
    )


@strawberry.input(description="Only the fields given are changed.")
class UpdateNeedInput:
    need_id: strawberry.ID
    category: str | None = None
    title: str | None = None
    description: str | None = None
    mode: NeedMode | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    urgency: Urgency | None = None
    language: str | None = None


@strawberry.input
class CloseNeedInput:
    need_id: strawberry.ID


@strawberry.type
class NeedPayload:
    need: Need | None
    errors: list[UserError]


@strawberry.input
class OfferHelpInput:
    need_id: strawberry.ID
    strength_id: strawberry.ID | None = strawberry.field(
        default=None, description="Which of my strengths this draws on."
    )
    message: str | None = None
    client_mutation_id: str | None = strawberry.field(
        default=None,
        description="Made once per action by the client (e.g. a UUID): sending it again (an offline queue, a retry "
        "after a lost answer) returns what the first send made instead of acting twice.",
    )


@strawberry.input
class RequestHelpInput:
    match_id: strawberry.ID
    message: str | None = None
    client_mutation_id: str | None = strawberry.field(
        default=None,
        description="Made once per action by the client (e.g. a UUID): sending it again (an offline queue, a retry "
        "after a lost answer) returns what the first send made instead of acting twice.",
    )


@strawberry.input
class RespondToMatchInput:
    match_id: strawberry.ID
    accept: bool


@strawberry.input
class CompleteMatchInput:
    match_id: strawberry.ID
    thanks: str | None = strawberry.field(default=None, description="An optional thank-you for the helper.")


@strawberry.type
class MatchPayload:
    match: Match | None
    errors: list[UserError]


async def _need_payload(info: Info, call) -> NeedPayload:
    async def go():
        return (await service.need_views(info.context.session, info.context.viewer, [await call()]))[0]

    view, errors = await run_mutation(info, go)
    return NeedPayload(need=Need.build(view) if view else None, errors=errors)


async def _match_payload(info: Info, call) -> MatchPayload:
    async def go():
        return (await service.match_views(info.context.session, info.context.viewer, [await call()]))[0]

    view, errors = await run_mutation(info, go)
    return MatchPayload(match=Match.build(view, _lang(info)) if view else None, errors=errors)


@strawberry.type(description="A word or phrase that stands for a concept in matching.")
class MatchingWord:
    id: strawberry.ID | None = strawberry.field(description="Set for words this community added; null when built in.")
    language: str = strawberry.field(description="en or es.")
    term: str


@strawberry.type(
    description="A concept of the bilingual matching table: its English and Spanish words, built in and added "
    "by this community's staff. A need and a strength that use words of one concept match across languages."
)
class MatchingConcept:
    key: str
    label: str = strawberry.field(description="In the viewer's language.")
    builtin: bool
    words: list[MatchingWord]


@strawberry.input
class AddMatchingTermInput:
    community_id: strawberry.ID
    concept: str = strawberry.field(description="A built-in concept key, or a new one (lower-case letters, digits, _).")
    language: str = strawberry.field(description="en or es.")
    term: str = strawberry.field(description="A word or a phrase of up to three words.")


@strawberry.input
class RemoveMatchingTermInput:
    term_id: strawberry.ID


@strawberry.type
class MatchingTermPayload:
    word: MatchingWord | None
    errors: list[UserError]


@strawberry.type
class RemoveMatchingTermPayload:
    removed_term_id: strawberry.ID | None
    errors: list[UserError]


def _concept(view, lang: str) -> MatchingConcept:
    return MatchingConcept(
        key=view.key,
        label=view.labels.get(lang) or view.labels.get("en") or view.labels.get("es") or view.key,
        builtin=view.builtin,
        words=[
            MatchingWord(id=to_global_id("MatchingTerm", t.id) if t.id else None, language=t.language, term=t.term)
            for t in view.terms
        ],
    )


def _gid(value: str | None, type_name: str, field: str) -> uuid.UUID | None:
    return None if value is None else from_global_id(value, type_name, field=field)


@strawberry.type
class SkillsQuery:
    @strawberry.field(description="The skill taxonomy, labelled in the viewer's language (or the one given).")
    async def skill_categories(self, info: Info, language: str | None = None) -> list[SkillCategory]:
        lang = language if language in ("en", "es") else _lang(info)
        async with info.context.db() as db:
            rows = await service.categories(db)
        by_parent: dict[str | None, list[CategoryModel]] = {}
        for r in rows:
            by_parent.setdefault(r.parent_slug, []).append(r)

        def build(r: CategoryModel) -> SkillCategory:
            return SkillCategory(
                slug=r.slug,
                label=r.labels.get(lang) or r.labels["en"],
                parent_slug=r.parent_slug,
                subcategories=[build(c) for c in by_parent.get(r.slug, [])],
            )

        return [build(r) for r in by_parent.get(None, [])]

    @strawberry.field(
        description="The community's bilingual matching table (staff and admins of the community): concepts with "
        "their English and Spanish words; those the community added come first. `search` matches any word."
    )
    async def matching_concepts(
        self, info: Info, community_id: strawberry.ID, search: str | None = None, first: int = 50
    ) -> list[MatchingConcept]:
        async with info.context.db() as db:
            views = await terms_service.concepts(
                db,
                info.context.viewer,
                from_global_id(community_id, "Community", field="communityId"),
                search=search,
                limit=max(1, min(first, 300)),
            )
        return [_concept(v, _lang(info)) for v in views]

    @strawberry.field(description="The strengths I offer.")
    async def my_strengths(self, info: Info) -> list[Strength]:
        async with info.context.db() as db:
            return [Strength.build(s) for s in await service.my_strengths(db, info.context.viewer)]

    @strawberry.field(description="Needs in a community (verified members only), newest first.")
    async def needs(
        self,
        info: Info,
        community_id: strawberry.ID,
        category: str | None = None,
        mode: NeedMode | None = None,
        language: str | None = None,
        status: NeedStatus = NeedStatus.OPEN,
        near_km: float | None = None,
        first: int | None = 20,
        after: str | None = None,
        mine: Annotated[bool, strawberry.argument(description="Only the needs I posted.")] = False,
        near_me: Annotated[
            bool,
            strawberry.argument(
                description="Only needs within the distance matching suggests in-person helpers from, "
                "measured from my approximate area (virtual needs count as near). Not with nearKm."
            ),
        ] = False,
    ) -> NeedConnection:
        n = page_size(info, first)
        cursor = decode_time_cursor(after)
        flt = service.NeedFilter(
            community_id=from_global_id(community_id, "Community", field="communityId"),
            category=category,
            mode=mode.value if mode else None,
            language=language,
            status=status.value,
            near_km=near_km,
            near_me=near_me,
            mine=mine,
        )
        async with info.context.db() as db:
            views = await service.list_needs(db, info.context.viewer, flt, after=cursor, limit=n + 1)
        edges = [
            NeedEdge(cursor=encode_time_cursor(v.need.created_at, v.need.id), node=Need.build(v)) for v in views[:n]
        ]
        return NeedConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(views) > n, end_cursor=edges[-1].cursor if edges else None),
        )

    @strawberry.field(description="A need, by global ID.")
    async def need(self, info: Info, id: strawberry.ID) -> Need:
        pk = from_global_id(id, "Need", field="id")
        return await resolve_need(info, pk)

    @strawberry.field(description="Needs I could help with, and the matches I am part of as a helper, best first.")
    async def suggested_matches(self, info: Info, first: int | None = 20) -> list[Match]:
        n = page_size(info, first)
        async with info.context.db() as db:
            views = await service.suggested_matches(db, info.context.viewer, limit=n)
        return matches_out(info, views)

    @strawberry.field(
        description="Helpers for my need, with reasons; computed on demand when not ready (or with refresh)."
    )
    async def matches_for_need(
        self, info: Info, need_id: strawberry.ID, refresh: bool = False, first: int | None = 20
    ) -> list[Match]:
        n = page_size(info, first)
        pk = from_global_id(need_id, "Need", field="needId")
        async with info.context.db() as db:
            await info.context.begin_writes()  # this query may write
            views = await service.matches_for_need(db, info.context.viewer, need_id=pk, refresh=refresh, limit=n)
            await db.commit()  # keep suggestions computed on demand
            await info.context.read_only()  # and back to reads outside transactions
        await committed(info.context, db)  # and tell the helpers they were suggested
        return matches_out(info, views)


@strawberry.type
class SkillsMutation:
    @strawberry.mutation(description="Offer a strength to other families.")
    async def add_strength(self, info: Info, input: AddStrengthInput) -> StrengthPayload:
        s, errors = await run_mutation(
            info,
            lambda: service.add_strength(
                info.context.session,
                info.context.viewer,
                category=input.category,
                title=input.title,
                description=input.description,
                languages=input.languages,
                modes=[m.value for m in input.modes],
                availability=_slots(input.availability),
            ),
        )
        return StrengthPayload(strength=Strength.build(s) if s else None, errors=errors)

    @strawberry.mutation(description="Change one of my strengths.")
    async def update_strength(self, info: Info, input: UpdateStrengthInput) -> StrengthPayload:
        async def go():
            return await service.update_strength(
                info.context.session,
                info.context.viewer,
                strength_id=_gid(input.strength_id, "Strength", "strengthId"),
                category=input.category,
                title=input.title,
                description=input.description,
                languages=input.languages,
                modes=[m.value for m in input.modes] if input.modes is not None else None,
                availability=_slots(input.availability),
            )

        s, errors = await run_mutation(info, go)
        return StrengthPayload(strength=Strength.build(s) if s else None, errors=errors)

    @strawberry.mutation(description="Remove one of my strengths.")
    async def remove_strength(self, info: Info, input: RemoveStrengthInput) -> RemoveStrengthPayload:
        async def go():
            await service.remove_strength(
                info.context.session, info.context.viewer, strength_id=_gid(input.strength_id, "Strength", "strengthId")
            )
            return input.strength_id

        removed, errors = await run_mutation(info, go)
        return RemoveStrengthPayload(removed_strength_id=removed, errors=errors)

    @strawberry.mutation(
        description="Add a word to the community's matching table (staff): it stands for the concept in this "
        "community's matching from the next run, which the change starts."
    )
    async def add_matching_term(self, info: Info, input: AddMatchingTermInput) -> MatchingTermPayload:
        async def go():
            return await terms_service.add_term(
                info.context.session,
                info.context.viewer,
                community_id=from_global_id(input.community_id, "Community", field="communityId"),
                concept=input.concept,
                language=input.language,
                term=input.term,
            )

        row, errors = await run_mutation(info, go)
        word = (
            MatchingWord(id=to_global_id("MatchingTerm", row.id), language=row.language, term=row.term) if row else None
        )
        return MatchingTermPayload(word=word, errors=errors)

    @strawberry.mutation(description="Remove a word the community added to its matching table (staff).")
    async def remove_matching_term(self, info: Info, input: RemoveMatchingTermInput) -> RemoveMatchingTermPayload:
        async def go():
            await terms_service.remove_term(
                info.context.session, info.context.viewer, term_id=_gid(input.term_id, "MatchingTerm", "termId")
            )
            return input.term_id

        removed, errors = await run_mutation(info, go)
        return RemoveMatchingTermPayload(removed_term_id=removed, errors=errors)

    @strawberry.mutation(description="Ask my community for help.")
    async def post_need(self, info: Info, input: PostNeedInput) -> NeedPayload:
        return await _need_payload(
            info,
            lambda: service.post_need(
                info.context.session,
                info.context.viewer,
                community_id=_gid(input.community_id, "Community", "communityId"),
                category=input.category,
                title=input.title,
                description=input.description,
                mode=input.mode.value,
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                urgency=input.urgency.value,
                language=input.language,
                postal_code=input.postal_code,
                latitude=input.latitude,
                longitude=input.longitude,
                client_id=input.client_mutation_id,
            ),
        )

    @strawberry.mutation(description="Change my need.")
    async def update_need(self, info: Info, input: UpdateNeedInput) -> NeedPayload:
        return await _need_payload(
            info,
            lambda: service.update_need(
                info.context.session,
                info.context.viewer,
                need_id=_gid(input.need_id, "Need", "needId"),
                category=input.category,
                title=input.title,
                description=input.description,
                mode=input.mode.value if input.mode else None,
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                urgency=input.urgency.value if input.urgency else None,
                language=input.language,
            ),
        )

    @strawberry.mutation(description="Close my need (no longer needed); open suggestions expire.")
    async def close_need(self, info: Info, input: CloseNeedInput) -> NeedPayload:
        return await _need_payload(
            info,
            lambda: service.close_need(
                info.context.session, info.context.viewer, need_id=_gid(input.need_id, "Need", "needId")
            ),
        )

    @strawberry.mutation(description="Offer to help with a need (as a helper).")
    async def offer_help(self, info: Info, input: OfferHelpInput) -> MatchPayload:
        return await _match_payload(
            info,
            lambda: service.offer_help(
                info.context.session,
                info.context.viewer,
                need_id=_gid(input.need_id, "Need", "needId"),
                strength_id=_gid(input.strength_id, "Strength", "strengthId"),
                message=input.message,
                client_id=input.client_mutation_id,
            ),
        )

    @strawberry.mutation(description="Ask a suggested helper for help (as the family with the need).")
    async def request_help(self, info: Info, input: RequestHelpInput) -> MatchPayload:
        return await _match_payload(
            info,
            lambda: service.request_help(
                info.context.session,
                info.context.viewer,
                match_id=_gid(input.match_id, "Match", "matchId"),
                message=input.message,
                client_id=input.client_mutation_id,
            ),
        )

    @strawberry.mutation(description="Accept or decline an offer or a request.")
    async def respond_to_match(self, info: Info, input: RespondToMatchInput) -> MatchPayload:
        return await _match_payload(
            info,
            lambda: service.respond_to_match(
                info.context.session,
                info.context.viewer,
                match_id=_gid(input.match_id, "Match", "matchId"),
                accept=input.accept,
            ),
        )

    @strawberry.mutation(description="Mark a match as done (the family who was helped), with an optional thank-you.")
    async def complete_match(self, info: Info, input: CompleteMatchInput) -> MatchPayload:
        return await _match_payload(
            info,
            lambda: service.complete_match(
                info.context.session,
                info.context.viewer,
                match_id=_gid(input.match_id, "Match", "matchId"),
                thanks=input.thanks,
            ),
        )
