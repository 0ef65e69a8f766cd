"""The PWA's real GraphQL operations (pwa/src/**/*.graphql), each with the fragments it uses, so
tests send exactly what the app sends."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    parse,
    print_ast,
    visit,
)
from graphql.language import Visitor

PWA_SRC = Path(__file__).resolve().parents[2] / "pwa" / "src"


@cache
def _definitions() -> tuple[dict[str, OperationDefinitionNode], dict[str, FragmentDefinitionNode]]:
    operations: dict[str, OperationDefinitionNode] = {}
    fragments: dict[str, FragmentDefinitionNode] = {}
    for path in sorted(PWA_SRC.rglob("*.graphql")):
        if "gql" in path.relative_to(PWA_SRC).parts:  # generated code
            continue
        for d in parse(path.read_text(encoding="utf-8")).definitions:
            if isinstance(d, OperationDefinitionNode) and d.name:
                operations[d.name.value] = d
            elif isinstance(d, FragmentDefinitionNode):
                fragments[d.name.value] = d
    return operations, fragments


def _spreads(node) -> set[str]:
    found: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_args) -> None:
            found.add(spread.name.value)

    visit(node, Spreads())
    return found


def operation_names() -> list[str]:
    return sorted(_definitions()[0])


def operation(name: str) -> str:
    """The PWA's operation `name`, then every fragment it uses (transitively) sorted by name, printed
    as pwa/scripts/codegen.mjs prints it for schema/operations.json (print_ast is a port of
    graphql-js `print`)."""
    operations, fragments = _definitions()
    op = operations[name]
    needed: dict[str, FragmentDefinitionNode] = {}
    todo = _spreads(op)
    while todo:
        frag = todo.pop()
        if frag not in needed:
            needed[frag] = fragments[frag]
            todo |= _spreads(fragments[frag])
    return print_ast(DocumentNode(definitions=(op, *(needed[k] for k in sorted(needed)))))
