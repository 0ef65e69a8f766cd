"""Prepared operations: a document this server has already parsed, checked and validated runs
straight through graphql-core the next time.

Strawberry's `Schema.execute` runs every request through its extension pipeline: it builds an
execution context and an instance of each of our six extensions, enters their hooks around the
operation, parsing, validation and execution, and looks the document up in the parse and
validation caches. For the PWA's documents, which arrive thousands of times each, all of that
answers the same thing every time; it cost about a fifth of the unread badge's CPU (bench/api.py).

So once a text (with its operation name) has gone the whole way and was not refused before
execution (no syntax, limit, validation or operation-type error), it is kept here with its parsed
document, and later requests with the same text run graphql-core's `execute` on it directly, with
what the extensions would have done after execution done here in the same order:
`VillageSchema.process_errors` (logs bugs; a database that went away makes the answer 503), the
operation's metrics (errors counted before masking, schema/observability.py), then the masking of
bugs (MaskErrors, with the schema's own rule and message). Variables are still coerced and
checked on every request, by graphql-core. Documents are kept by their full text, so a document
is never confused with another; at most 512 are kept, as the parse cache does.

tests/graphql/test_prepared.py shows the second identical request skips parsing and validation
and answers as the first did, errors included.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode, OperationType, execute, parse
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionResult
from strawberry.utils.await_maybe import await_maybe

from schema.context import Context
from schema.observability import record
from schema.schema import MASKED_MESSAGE, VillageSchema, should_mask

MAX_PREPARED = 512


@dataclass(frozen=True)
class Prepared:
    document: DocumentNode
    operation: OperationType
    name: str | None  # the operation's own name, which the metrics label (the request may not give it)


class PreparedOperations:
    def __init__(self, schema: VillageSchema, *, max_tokens: int) -> None:
        self.schema = schema
        self.max_tokens = max_tokens
        self._known: dict[tuple[str, str | None], Prepared] = {}
        self._mask = MaskErrors(should_mask_error=should_mask, error_message=MASKED_MESSAGE)

    def get(self, query: str, operation_name: str | None) -> Prepared | None:
        return self._known.get((query, operation_name))

    def remember(self, query: str, operation_name: str | None) -> None:
        """Keep a document that has just gone the whole way without being refused."""
        if (query, operation_name) in self._known:
            return
        document = parse(query, max_tokens=self.max_tokens)
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if operation_name is not None:
            operations = [o for o in operations if o.name is not None and o.name.value == operation_name]
        if len(operations) != 1:
            return
        if len(self._known) >= MAX_PREPARED:
            self._known.pop(next(iter(self._known)))  # the oldest
        op = operations[0]
        self._known[(query, operation_name)] = Prepared(document, op.operation, op.name.value if op.name else None)

    async def execute(
        self,
        prepared: Prepared,
        context: Context,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        extensions: dict[str, Any] | None,
    ) -> ExecutionResult:
        t0 = time.perf_counter()
        try:
            result = await await_maybe(
                execute(
                    self.schema._schema,
                    prepared.document,
                    context_value=context,
                    variable_values=variables,
                    operation_name=operation_name,
                    executor_class=self.schema.execution_context_class,  # graphql-core 3.3's name
                    is_awaitable=optimized_is_awaitable,
                    operation_extensions=extensions,
                )
            )
            data, errors = result.data, result.errors
        except Exception as e:  # as Strawberry answers an exception from execution: an error, no data
            data, errors = None, [e if isinstance(e, GraphQLError) else GraphQLError(str(e), original_error=e)]
        if errors:
            self.schema.process_errors(errors, SimpleNamespace(context=context))
        record(prepared.name, time.perf_counter() - t0, errors)
        if errors:
            errors = self._mask._process_errors(errors)
        return ExecutionResult(data=data, errors=errors, extensions=None)
