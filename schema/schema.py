"""The root schema: every domain's Query and Mutation merged, plus `node(id:)` and the hardening."""

from __future__ import annotations

from functools import partial

import strawberry
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
)
from strawberry.extensions.max_aliases import create_validator as create_alias_validator
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.config import Settings
from api.db import is_unavailable
from api.domains import parts
from api.errors import DomainError, Invalid
from api.ids import parse_global_id
from schema.context import Info
from schema.core import NODE_RESOLVERS, Node
from schema.execution import FastExecutionContext
from schema.limits import (
    DocumentLimits,
    HideSuggestions,
    LimitedValidation,
    QuietExecutionContext,
    document_limits_rule,
)
from schema.observability import OperationMetrics


@strawberry.type
class NodeQuery:
    @strawberry.field(
        description=(
            "Any object by global ID, with the same authorization as every other path; null when you may not see it."
        )
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        if len(id) > 100:
            raise Invalid("That ID is not valid.", code="INVALID_ID")
        type_name, pk = parse_global_id(id)
        resolver = NODE_RESOLVERS.get(type_name)
        if resolver is None:
            return None
        try:
            return await resolver(info, pk)
        except DomainError:
            # Not found, not allowed and not signed in all look the same: nothing.
            return None


def _roots(kind: str) -> tuple[type, ...]:
    """Every domain's `<Domain>Query` (or Mutation, Subscription) from schema/<domain>.py, in
    DOMAINS order."""
    found = []
    for module in parts("", package="schema"):
        domain = module.__name__.rsplit(".", 1)[1]
        if (root := getattr(module, f"{domain.capitalize()}{kind}", None)) is not None:
            found.append(root)
    return tuple(found)


def _node_types() -> list[type]:
    """Every Node type the domains define, so `node(id:)` can return any of them."""
    seen: dict[str, type] = {}
    for module in parts("", package="schema"):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Node)
                and value is not Node
                and value.__module__ == module.__name__
            ):
                seen[value.__name__] = value
    return list(seen.values())


Query = merge_types("Query", (NodeQuery, *_roots("Query")))
Mutation = merge_types("Mutation", _roots("Mutation"))
Subscription = merge_types("Subscription", _roots("Subscription"))


MASKED_MESSAGE = "Something went wrong on our side. Please try again."


def should_mask(error: GraphQLError) -> bool:
    # Domain errors (their message is written for people) and GraphQL's own errors stay readable;
    # anything else is a bug and must not leak stack traces or SQL.
    original = error.original_error
    return original is not None and not isinstance(original, (DomainError, GraphQLError))


class VillageSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context=None) -> None:
        # Log only bugs. A client's syntax error, a failed validation or a domain error (not signed
        # in, not found) is the client's business, not an alert for us.
        down = [e for e in errors if is_unavailable(e.original_error)]
        if down and execution_context is not None and execution_context.context is not None:
            # The database went away while resolving: the whole answer becomes 503 UNAVAILABLE
            # (schema/http.py), as when it is down before the request starts.
            execution_context.context.unavailable = True
        bugs = [e for e in errors if should_mask(e) and e not in down]
        if bugs:
            super().process_errors(bugs, execution_context)


def build_schema(settings: Settings) -> strawberry.Schema:
    # The depth limit counts introspection fields too, so its default (15) is exactly what
    # GraphiQL's introspection query needs.
    # Every rule is a class made once here: the validation cache is keyed on the rules too, so a
    # rule class made per request (as MaxAliasesLimiter makes its own) would miss every time.
    limits = DocumentLimits(
        max_depth=settings.max_query_depth,
        max_selections=settings.max_selections,
        max_field_repeats=settings.max_field_repeats,
    )
    rules = [document_limits_rule(limits), create_alias_validator(settings.max_aliases)]
    if settings.is_production:
        # No schema discovery in production: introspection off and no "Did you mean …?" hints,
        # in validation errors (the rule) or in variable coercion errors (the execution context).
        # The SDL is published in the repository for the clients that need it.
        rules += [NoSchemaIntrospectionCustomRule, HideSuggestions]
    return VillageSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=_node_types(),
        execution_context_class=QuietExecutionContext if settings.is_production else FastExecutionContext,
        # Factories, not instances: an extension keeps the operation it works on in `self`, so an
        # instance shared by concurrent operations could mask (or limit) the wrong one.
        extensions=[
            # Clients send the same few documents again and again: parse and validate each once.
            partial(ParserCache, maxsize=512),
            # Validation (cached) behind a cheap check of the document limits, so a document over
            # them never reaches graphql-core's quadratic rules.
            partial(LimitedValidation, limits, maxsize=512),
            partial(AddValidationRules, rules),
            partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
            partial(MaskErrors, should_mask_error=should_mask, error_message=MASKED_MESSAGE),
            OperationMetrics,  # last, so it sees errors before MaskErrors hides what they were
        ],
        config=StrawberryConfig(auto_camel_case=True),
    )


def export_sdl() -> str:
    return build_schema(Settings()).as_str() + "\n"
