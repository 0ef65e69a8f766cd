"""Village's GraphQL layer: types, queries and mutations that translate to api/ services."""
