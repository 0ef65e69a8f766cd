"""The checked-in SDL is what the code exports: clients (the PWA, third parties) build against it."""

from schema.export import SDL_PATH
from schema.schema import export_sdl


def test_schema_graphql_is_current():
    assert SDL_PATH.read_text() == export_sdl(), "schema/schema.graphql is stale: run `python -m schema.export`"


def test_every_mutation_takes_one_input_and_returns_errors():
    from graphql import GraphQLNonNull, build_schema, get_named_type

    schema = build_schema(SDL_PATH.read_text())
    for name, field in schema.mutation_type.fields.items():
        assert list(field.args) == ["input"], name
        payload = get_named_type(field.type)
        assert "errors" in payload.fields, name
        assert isinstance(payload.fields["errors"].type, GraphQLNonNull), name
