"""Query depth limit that counts introspection fields too (Strawberry's own skips `__` fields,
which leaves deeply nested introspection queries unbounded)."""

from __future__ import annotations

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
                    d = 0 if frag is None or sel.name.value in seen else self.depth(frag.selection_set, seen | {sel.name.value})
                else:
                    d = 0
                deepest = max(deepest, d)
                if deepest > max_depth:
                    break
            return deepest

        def enter_operation_definition(self, node: OperationDefinitionNode, *_args) -> None:
            if self.depth(node.selection_set, frozenset()) > max_depth:
                name = node.name.value if node.name else "anonymous"
                self.report_error(GraphQLError(f"Operation '{name}' is nested too deeply (the limit is {max_depth} levels).", [node]))

    return DepthLimit
