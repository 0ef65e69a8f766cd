"""How graphql-core executes our operations: Strawberry's executor with a shortcut for plain fields.

Most of what a screen asks for is plain data: a need's title, a person's display name, an
enum. In Strawberry such a field has no resolver and no extensions (a "basic" field), so its value
is the attribute of the object already resolved. graphql-core still runs its whole per-field
machinery for each one: a response path, a resolve-info object of thirteen parts, the resolver
call through Strawberry's wrapper, an awaitable check, then completion through the non-null and
list checks to the scalar's serializer. On the needs list (20 needs) that is about 215 of its 265
field executions.

`FastExecutionContext.execute_fields` takes a basic field whose type is a scalar or an enum (never
a list or an object) straight to its serializer: the attribute is read with Strawberry's own
default resolver and serialized by the type's own `serialize`, as graphql-core's
`complete_leaf_value` would. Anything out of the ordinary goes the ordinary way, so errors keep
their messages and paths: a field with a resolver, arguments or extensions; a middleware; a null
for a non-null type; an attribute that raises; a value the serializer refuses. The plan for a
(type, field) pair is worked out once per schema and kept on the schema object.

tests/graphql/test_execution.py runs the PWA's own operations through both executors and asserts
the same answers, and that the shortcut serves the fields it should.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

# (python attribute name, default resolver, serializer, nullable) or None: take the ordinary way.
Plan = tuple[str, Callable[[Any, str], object], Callable[[Any], Any], bool] | None
_PLANS = "_village_leaf_plans"


def leaf_plan(field_def: GraphQLField) -> Plan:
    """How to complete `field_def` without graphql-core's per-field machinery, or None."""
    resolve = field_def.resolve
    if resolve is None or not getattr(resolve, "_is_default", False) or field_def.args:
        return None
    field = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(field, StrawberryField) or not field.is_basic_field:
        return None
    nullable = not isinstance(field_def.type, GraphQLNonNull)
    leaf = field_def.type if nullable else field_def.type.of_type
    if not isinstance(leaf, (GraphQLScalarType, GraphQLEnumType)):
        return None
    return (field.python_name, field.default_resolver, leaf.serialize, nullable)


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with plain scalar and enum fields completed directly (module docs)."""

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        manager = self.middleware_manager
        if manager is not None and manager.middlewares:  # Strawberry passes an empty one
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        plans: dict[tuple[str, str], Plan] | None = getattr(self.schema, _PLANS, None)
        if plans is None:
            plans = {}
            setattr(self.schema, _PLANS, plans)
        results: dict[str, Any] = {}
        slow: dict[str, Any] | None = None
        for response_name, field_details_list in grouped_field_set.items():
            field_name = field_details_list[0].node.name.value
            key = (parent_type.name, field_name)
            try:
                plan = plans[key]
            except KeyError:
                field_def = self.schema.get_field(parent_type, field_name)
                plan = plans[key] = leaf_plan(field_def) if field_def else None
            if plan is not None:
                name, default_resolver, serialize, nullable = plan
                try:
                    value = default_resolver(source_value, name)
                    if value is None:
                        if nullable:
                            results[response_name] = None
                            continue
                    else:
                        serialized = serialize(value)
                        if serialized is not Undefined and serialized is not None:
                            results[response_name] = serialized
                            continue
                except Exception:  # the ordinary way below reports it, with its path
                    pass
            if slow is None:
                slow = {}
            slow[response_name] = field_details_list
            results[response_name] = None  # a placeholder keeps the selection's order
        if slow is None:
            return results
        rest = super().execute_fields(parent_type, source_value, path, slow, position_context)
        if self.is_awaitable(rest):

            async def merged() -> dict[str, Any]:
                return _merge(results, await rest, slow)

            return merged()
        return _merge(results, rest, slow)


def _merge(results: dict[str, Any], rest: dict[str, Any], slow: dict[str, Any]) -> dict[str, Any]:
    """The ordinary way's answers into their places; a field it left out (Undefined) stays out."""
    for response_name in slow:
        if response_name in rest:
            results[response_name] = rest[response_name]
        else:
            del results[response_name]
    return results
