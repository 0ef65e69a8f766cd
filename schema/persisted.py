"""Persisted operations: the PWA's operations, registered by the SHA-256 of their text in
schema/operations.json (written by pwa/scripts/codegen.mjs). A client sends the hash instead of the
document, the Apollo APQ way, and a deployment with `persisted_only` runs nothing else."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache
from pathlib import Path

from cross_web import HTTPException
from strawberry.http import GraphQLRequestData

MANIFEST_PATH = Path(__file__).with_name("operations.json")


@dataclasses.dataclass(frozen=True)
class Operation:
    name: str
    document: str


@cache
def registry(path: Path = MANIFEST_PATH) -> dict[str, Operation]:
    """sha256 hex → operation, read once per process. No manifest means nothing is registered:
    hash-only requests then get PERSISTED_QUERY_NOT_FOUND and the client sends the text."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {sha: Operation(entry["name"], entry["document"]) for sha, entry in manifest.items()}


class PersistedQueryError(HTTPException):
    """A request refused before parsing. `status_code` is for plain application/json clients (200
    for the errors an APQ client acts on, as Apollo's convention expects); the controller answers
    graphql-response+json clients 400, as for any request error. `code` goes into the extensions."""

    def __init__(self, status_code: int, reason: str, code: str | None = None) -> None:
        super().__init__(status_code, reason)
        self.code = code


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def resolve_persisted(
    data: GraphQLRequestData | list[GraphQLRequestData], *, persisted_only: bool
) -> GraphQLRequestData | list[GraphQLRequestData]:
    """The request with its document filled in from the registry, or a PersistedQueryError."""
    if isinstance(data, list):
        return [_resolve_one(item, persisted_only) for item in data]
    return _resolve_one(data, persisted_only)


def _resolve_one(data: GraphQLRequestData, persisted_only: bool) -> GraphQLRequestData:
    persisted = (data.extensions or {}).get("persistedQuery")
    sha = None
    if persisted is not None:
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise PersistedQueryError(400, "Unsupported persisted query version (send version 1).")
        sha = persisted.get("sha256Hash")
        if not isinstance(sha, str):
            raise PersistedQueryError(400, "The persisted query's `sha256Hash` must be a string.")
    if data.query is None:
        if sha is None:
            return data  # Strawberry answers "No GraphQL query found"
        operation = registry().get(sha)
        if operation is None:
            raise PersistedQueryError(200, "PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
        if data.operation_name not in (None, operation.name):
            raise PersistedQueryError(
                400, f"operationName {data.operation_name!r} is not the persisted operation {operation.name!r}."
            )
        return dataclasses.replace(data, query=operation.document)
    if sha is None and not persisted_only:
        return data
    digest = _sha256(data.query)
    if sha is not None and sha != digest:
        raise PersistedQueryError(400, "provided sha does not match query")
    if persisted_only and digest not in registry():
        raise PersistedQueryError(200, "This server runs only the operations of its own app.", "PERSISTED_ONLY")
    return data
