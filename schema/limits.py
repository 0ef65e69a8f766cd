"""Document-level hardening: a depth limit that counts introspection fields too (Strawberry's own
skips `__` fields, which leaves deeply nested introspection queries unbounded), and switches that
take graphql-core's "Did you mean …?" suggestions out of error messages in production."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


def depth_limit_rule(max_depth: int) -> type[ValidationRule]:
    class DepthLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments = {f.name.value: f for f in context.document.definitions if f.kind == "fragment_definition"}

        def depth(self, selection_set: SelectionSetNode | None, seen: frozenset[str]) -> int:
            if selection_set is None:
                return 0
            deepest = 0
            for sel in selection_set.selections:
                if isinstance(sel, FieldNode):
                    d = 1 + self.depth(sel.selection_set, seen) if sel.selection_set else 1
                elif isinstance(sel, InlineFragmentNode):
                    d = self.depth(sel.selection_set, seen)
                elif isinstance(sel, FragmentSpreadNode):
                    frag = self.fragments.get(sel.name.value)
                    d = (
                        0
                        if frag is None or sel.name.value in seen
                        else self.depth(frag.selection_set, seen | {sel.name.value})
                    )
                else:
                    d = 0
                deepest = max(deepest, d)
                if deepest > max_depth:
                    break
            return deepest

        def enter_operation_definition(self, node: OperationDefinitionNode, *_args) -> None:
            if self.depth(node.selection_set, frozenset()) > max_depth:
                name = node.name.value if node.name else "anonymous"
                self.report_error(
                    GraphQLError(f"Operation '{name}' is nested too deeply (the limit is {max_depth} levels).", [node])
                )

    return DepthLimit


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


class QuietExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor with `hide_suggestions` on, for errors found while coercing variables
    (an input field or enum value misspelled in `variables`)."""

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        return super().build(*args, **{**kwargs, "hide_suggestions": True})
