"""Document-level hardening: limits on depth, on field selections and on a response key repeated in
one selection set, checked in one cheap pass before graphql-core's own rules run (its
OverlappingFieldsCanBeMerged is quadratic in repeated fields), and switches that take graphql-core's
"Did you mean …?" suggestions out of error messages in production."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import ValidationCache

from schema.execution import FastExecutionContext


@dataclass(frozen=True)
class DocumentLimits:
    # The depth counts introspection fields too (Strawberry's own depth limiter skips `__` fields,
    # which leaves deeply nested introspection queries unbounded).
    max_depth: int
    # Fields after fragment expansion: a fragment's fields count once per spread of it.
    max_selections: int
    # The same response key in one selection set, its fragments' fields merged in.
    max_field_repeats: int


class _TooDeep(Exception):
    pass


@dataclass
class _Shape:
    selections: int
    depth: int
    keys: Counter[str]


class _Measure:
    """One walk over a document. Each fragment is measured once and its totals reused for every
    spread of it, so fragments that spread each other twice over (2ⁿ fields from n fragments) cost
    n steps, not 2ⁿ. A spread inside a fragment cycle counts as empty: NoFragmentCyclesRule refuses
    the document anyway, once it is small enough to reach it."""

    def __init__(self, document: DocumentNode, limits: DocumentLimits) -> None:
        self.limits = limits
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.measured: dict[str, _Shape] = {}
        self.open: set[str] = set()
        self.repeat: tuple[str, int, Node] | None = None  # the first key over the limit
        # Selection sets and spreads open on the stack: a chain of fragments adds no depth but
        # would still take the walk (and graphql-core's recursive rules) past Python's stack.
        self.nesting = 0
        self.max_nesting = 4 * limits.max_depth + 40

    def fragment(self, name: str) -> _Shape:
        if (shape := self.measured.get(name)) is not None:
            return shape
        definition = self.fragments.get(name)
        if definition is None or name in self.open:
            return _Shape(0, 0, Counter())
        self.open.add(name)
        try:
            shape = self.selection_set(definition.selection_set)
        finally:
            self.open.discard(name)
        self.measured[name] = shape
        return shape

    def selection_set(self, node: SelectionSetNode) -> _Shape:
        self.nesting += 1
        try:
            if self.nesting > self.max_nesting:
                raise _TooDeep
            return self._selection_set(node)
        finally:
            self.nesting -= 1

    def _selection_set(self, node: SelectionSetNode) -> _Shape:
        selections, depth, keys = 0, 0, Counter()
        for sel in node.selections:
            if isinstance(sel, FieldNode):
                keys[(sel.alias or sel.name).value] += 1
                inner = self.selection_set(sel.selection_set) if sel.selection_set else None
                selections += 1 + (inner.selections if inner else 0)
                depth = max(depth, 1 + (inner.depth if inner else 0))
                continue
            inner = self.selection_set(sel.selection_set) if isinstance(sel, InlineFragmentNode) else None
            if isinstance(sel, FragmentSpreadNode):
                inner = self.fragment(sel.name.value)
            if inner is not None:
                selections += inner.selections
                depth = max(depth, inner.depth)
                keys.update(inner.keys)
        if self.repeat is None and keys:
            key, times = keys.most_common(1)[0]
            if times > self.limits.max_field_repeats:
                self.repeat = (key, times, node)
        return _Shape(selections, depth, keys)

    def errors(self, operation: OperationDefinitionNode) -> Iterator[GraphQLError]:
        name = operation.name.value if operation.name else "anonymous"
        limits = self.limits
        try:
            shape = self.selection_set(operation.selection_set)
        except _TooDeep:
            shape = _Shape(0, limits.max_depth + 1, Counter())
        if shape.depth > limits.max_depth:
            yield GraphQLError(
                f"Operation '{name}' is nested too deeply (the limit is {limits.max_depth} levels).", [operation]
            )
        if shape.selections > limits.max_selections:
            yield GraphQLError(
                f"Operation '{name}' selects too many fields: {shape.selections}, counting each fragment "
                f"once per use (the limit is {limits.max_selections}).",
                [operation],
            )
        if self.repeat is not None:
            key, times, node = self.repeat
            yield GraphQLError(
                f"Operation '{name}' selects '{key}' {times} times in one selection set "
                f"(the limit is {limits.max_field_repeats}).",
                [node],
            )
            self.repeat = None


def document_limit_errors(document: DocumentNode, limits: DocumentLimits) -> list[GraphQLError]:
    """What is over the limits in each operation; linear in the size of the document."""
    measure = _Measure(document, limits)
    return [
        error
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        for error in measure.errors(definition)
    ]


def document_limits_rule(limits: DocumentLimits) -> type[ValidationRule]:
    """The limits as a validation rule, so every validation of a document applies them (the
    `LimitedValidation` extension checks them once more, alone, before the others)."""

    class DocumentLimitsRule(ValidationRule):
        def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
            for error in document_limit_errors(node, limits):
                self.report_error(error)
            return self.SKIP

    return DocumentLimitsRule


class LimitedValidation(ValidationCache):
    """Strawberry's cached validation, behind the document limits. graphql-core runs every rule in
    one visitor pass, so a limit rule cannot stop OverlappingFieldsCanBeMerged (quadratic in
    repeated fields: 700 `viewer { id }` took seconds) from running; a document over the limits is
    refused here, before graphql-core sees it."""

    def __init__(self, limits: DocumentLimits, maxsize: int) -> None:
        super().__init__(maxsize=maxsize)
        self.limits = limits
        self.maxsize = maxsize

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        query = self.execution_context.query
        # A text already found within these limits is not measured again: clients send the same
        # few documents again and again (the measure costs as much as a small query's execution).
        key = (query, self.limits)
        if document is not None and key not in _WITHIN_LIMITS:
            if errors := document_limit_errors(document, self.limits):
                self.execution_context.pre_execution_errors = errors
                yield
                return
            if query is not None:
                _WITHIN_LIMITS[key] = None
                if len(_WITHIN_LIMITS) > self.maxsize:
                    del _WITHIN_LIMITS[next(iter(_WITHIN_LIMITS))]  # the oldest
        yield from super().on_validate()


# Query texts (with the limits they were measured against) known to be within them, oldest first.
_WITHIN_LIMITS: dict[tuple[str | None, DocumentLimits], None] = {}


# Suggestions ("Cannot query field 'emial'. Did you mean 'email'?") let anyone map the schema with
# introspection turned off. graphql-core 3.3 can leave them out (`hide_suggestions`) both when it
# validates a document and when it coerces variables, but Strawberry passes the flag to neither,
# so we switch it on at the two places Strawberry lets us plug in.


class HideSuggestions(ValidationRule):
    """Validation rule that visits nothing: it turns on `hide_suggestions` for the whole validation.
    Every rule is constructed before the document is visited and the other rules read the flag only
    when they report an error, so its position in the list does not matter. graphql-core keeps the
    flag in a private attribute (a constructor argument Strawberry does not pass); the production
    test in tests/graphql/test_hardening.py fails if that ever changes."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        context._hide_suggestions = True


class QuietExecutionContext(FastExecutionContext):
    """Strawberry's executor with `hide_suggestions` on, for errors found while coercing variables
    (an input field or enum value misspelled in `variables`)."""

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        return super().build(*args, **{**kwargs, "hide_suggestions": True})
