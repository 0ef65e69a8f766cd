"""Times every GraphQL operation and counts its errors by code (api/metrics.py). Operation names
label a time series each, so only the PWA's own operations (schema/operations.json) keep theirs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from functools import cache

from graphql import GraphQLError
from strawberry.exceptions import MissingQueryError
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError

from api import metrics
from api.errors import DomainError
from schema.persisted import registry

_NOT_GRAPHQL_ERRORS = (MissingQueryError, CannotGetOperationTypeError, InvalidOperationTypeError)


@cache
def _known_operations() -> frozenset[str]:
    return frozenset(op.name for op in registry().values())


def operation_label(name: str | None) -> str:
    if not name:
        return "anonymous"
    return name if name in _known_operations() else "other"


def error_code(error: GraphQLError) -> str:
    original = error.original_error
    if original is not None and not isinstance(original, (DomainError, GraphQLError)):
        return "INTERNAL"  # a bug (masked for the client by MaskErrors)
    code = (error.extensions or {}).get("code")
    if code:
        return code
    # Syntax, validation and variable errors carry no code of ours.
    return "GRAPHQL_VALIDATION"


class OperationMetrics(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        t0 = time.perf_counter()
        raised: list[GraphQLError] | None = None
        try:
            yield
        except _NOT_GRAPHQL_ERRORS:
            raise  # answered by the HTTP layer as request errors
        except GraphQLError as e:  # a syntax error: ParserCache parses in a hook, so it raises here
            raised = [e]
            raise
        except Exception as e:  # Strawberry turns it into an error response: a bug either way
            raised = [GraphQLError(str(e), original_error=e)]
            raise
        finally:
            ctx = self.execution_context
            try:
                name = ctx.operation_name
            except Exception:  # no parsable document
                name = None
            if raised is None:
                raised = (ctx.result.errors if ctx.result is not None else None) or ctx.pre_execution_errors
            record(name, time.perf_counter() - t0, raised)


def record(name: str | None, seconds: float, errors: list[GraphQLError] | None) -> None:
    """One operation's duration and its errors (before they are masked), by code."""
    metrics.graphql_duration.labels(operation_label(name)).observe(seconds)
    for error in errors or ():
        metrics.graphql_error(error_code(error))
