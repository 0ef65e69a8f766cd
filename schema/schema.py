"""The root schema: every domain's Query and Mutation merged, plus `node(id:)` and the hardening."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, MaskErrors, MaxAliasesLimiter, MaxTokensLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.config import Settings
from api.errors import DomainError, NotFound
from schema.accounts import AccountsMutation, AccountsQuery
from schema.communities import CommunitiesMutation, CommunitiesQuery
from schema.context import Info
from schema.core import NODE_RESOLVERS, Node
from schema.families import FamiliesMutation, FamiliesQuery
from schema.ids import parse_global_id
from schema.limits import depth_limit_rule
from schema.safety import SafetyMutation, SafetyQuery


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by global ID, with the same authorization as every other path; null when you may not see it.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        if len(id) > 100:
            raise NotFound("That ID is not valid.", code="INVALID_ID")
        type_name, pk = parse_global_id(id)
        resolver = NODE_RESOLVERS.get(type_name)
        if resolver is None:
            return None
        try:
            return await resolver(info, pk)
        except DomainError as e:
            if e.code in ("UNAUTHENTICATED",):
                raise
            return None


Query = merge_types("Query", (NodeQuery, AccountsQuery, CommunitiesQuery, FamiliesQuery, SafetyQuery))
Mutation = merge_types("Mutation", (AccountsMutation, CommunitiesMutation, FamiliesMutation, SafetyMutation))


def _should_mask(error: GraphQLError) -> bool:
    # Domain errors (their message is written for people) and GraphQL's own errors stay readable;
    # anything else is a bug and must not leak stack traces or SQL.
    original = error.original_error
    return original is not None and not isinstance(original, (DomainError, GraphQLError))


def _types_for_node() -> list[type]:
    from schema.accounts import Caregiver, Viewer
    from schema.communities import Community, Invite, Member
    from schema.families import Child, Family
    from schema.safety import Report

    return [Caregiver, Viewer, Community, Member, Invite, Child, Family, Report]


def build_schema(settings: Settings) -> strawberry.Schema:
    rules = [depth_limit_rule(settings.max_query_depth)]
    if settings.is_production:
        rules.append(NoSchemaIntrospectionCustomRule)
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=_types_for_node(),
        extensions=[
            AddValidationRules(rules),
            MaxAliasesLimiter(max_alias_count=settings.max_aliases),
            MaxTokensLimiter(max_token_count=settings.max_tokens),
            MaskErrors(should_mask_error=_should_mask, error_message="Something went wrong on our side. Please try again."),
        ],
        config=StrawberryConfig(auto_camel_case=True),
    )


def export_sdl() -> str:
    return build_schema(Settings()).as_str() + "\n"
