"""Shared GraphQL pieces: the Node interface and its registry, UserError and the mutation runner,
cursor pagination."""

from __future__ import annotations

import base64
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from api.errors import DomainError, Invalid, RateLimited, ValidationErrors
from api.outbox.service import take_emitted
from api.validation import has_control_characters
from schema.context import Context, Info

log = logging.getLogger(__name__)
T = TypeVar("T")


@strawberry.interface(description="An object with a global ID, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="Global ID of the object.")


# type name -> async (info, uuid) -> Node. Each domain registers its types; resolvers apply the same
# authorization as every other path and raise NotFound/Forbidden when the viewer may not see it.
NodeResolver = Callable[[Info, uuid.UUID], Awaitable[Any]]
NODE_RESOLVERS: dict[str, NodeResolver] = {}


def node_resolver(type_name: str) -> Callable[[NodeResolver], NodeResolver]:
    def register(fn: NodeResolver) -> NodeResolver:
        NODE_RESOLVERS[type_name] = fn
        return fn

    return register


# type name -> async (info, [uuid]) -> {uuid: Node}, for the types a response can hold many of
# (a notification's subject): one query for all of them, with the same authorization; what is
# missing from the answer is not visible.
NodeBatch = Callable[[Info, list[uuid.UUID]], Awaitable[dict[uuid.UUID, Any]]]
NODE_BATCHES: dict[str, NodeBatch] = {}


def node_batch(type_name: str) -> Callable[[NodeBatch], NodeBatch]:
    def register(fn: NodeBatch) -> NodeBatch:
        NODE_BATCHES[type_name] = fn
        return fn

    return register


async def load_node(info: Info, type_name: str, pk: uuid.UUID) -> Any | None:
    """A node by type and id, or None when the viewer may not see it; batched per response for the
    types that register a node_batch."""
    batch = NODE_BATCHES.get(type_name)
    if batch is None:
        resolver = NODE_RESOLVERS.get(type_name)
        if resolver is None:
            return None
        try:
            return await resolver(info, pk)
        except DomainError:
            return None
    loaders = info.context.loaders
    key = f"node:{type_name}"
    if key not in loaders:

        async def load(pks: list[uuid.UUID]) -> list[Any | None]:
            found = await batch(info, list(pks))
            return [found.get(pk) for pk in pks]

        loaders[key] = DataLoader(load_fn=load)
    return await loaders[key].load(pk)


@strawberry.type(description="A problem with the input that the person can fix.")
class UserError:
    field: list[str] | None = strawberry.field(description="Path to the input field, e.g. ['input', 'email'].")
    message: str = strawberry.field(description="What is wrong, in plain words.")
    code: str = strawberry.field(description="Stable machine-readable code, e.g. INVALID_EMAIL.")
    retry_after: int | None = strawberry.field(
        default=None, description="Seconds to wait before trying again (rate limits)."
    )


def user_errors(error: DomainError) -> list[UserError]:
    errors = error.errors if isinstance(error, ValidationErrors) else [error]
    out = []
    for e in errors:
        path = ["input", *e.field.split(".")] if e.field else None
        out.append(
            UserError(
                field=path,
                message=e.message,
                code=e.code,
                retry_after=e.retry_after if isinstance(e, RateLimited) else None,
            )
        )
    return out


async def run_mutation(info: Info, fn: Callable[[], Awaitable[T]]) -> tuple[T | None, list[UserError]]:
    """One transaction per mutation: commit when the service succeeded, roll back on any error.
    Domain errors become UserErrors; anything else propagates (and is masked for the client)."""
    ctx = info.context
    async with ctx.db() as db:
        await ctx.begin_writes()
        try:
            result = await fn()
            await db.commit()
        except DomainError as e:
            await db.rollback()
            _forget(ctx, db)
            await ctx.read_only()
            return None, user_errors(e)
        except BaseException:
            await db.rollback()
            _forget(ctx, db)
            raise
        await ctx.read_only()  # the payload's reads need no transaction either
    await committed(ctx, db)
    return result, []


async def committed(ctx: Context, db: AsyncSession) -> None:
    """After a commit: enqueue the dispatch of the outbox events it wrote, then run the hooks the
    resolver queued. Best effort: the worker's sweeper picks up anything this misses (Redis down)."""
    for event_id in take_emitted(db):
        ctx.enqueue_after_commit("dispatch_outbox", event_id=event_id, key=f"outbox:{event_id}")
    callbacks, ctx.after_commit = ctx.after_commit, []
    for cb in callbacks:
        try:
            await cb()
        except Exception:  # best effort: the outbox sweeper catches up on anything missed
            log.exception("after-commit hook failed")


def _forget(ctx: Context, db: AsyncSession) -> None:
    """A rolled-back mutation leaves nothing to do after commit: no jobs, no outbox dispatch."""
    ctx.after_commit = []
    take_emitted(db)


@strawberry.input(description="For mutations that need nothing more than the signed-in caregiver.")
class EmptyInput:
    client_mutation_id: str | None = strawberry.field(default=None, description="Echoed back unchanged; optional.")


@strawberry.type(description="Where a page of a connection ends.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


def encode_cursor(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, default=str).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, *, arity: int) -> list[Any] | None:
    if cursor is None:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(key, list) or len(key) != arity:
            raise ValueError
        return key
    except (ValueError, TypeError) as e:
        raise Invalid("That cursor is not valid.", field="after", code="INVALID_CURSOR") from e


def decode_name_cursor(cursor: str | None) -> tuple[str, uuid.UUID] | None:
    """A (lower-cased name, id) keyset cursor, for lists by name (the directory, groups). Anything
    else, even valid base64 JSON, is INVALID_CURSOR (a NUL in the name would otherwise reach
    PostgreSQL, which refuses it)."""
    key = decode_cursor(cursor, arity=2)
    if key is None:
        return None
    name, pk = key
    try:
        if not isinstance(name, str) or not isinstance(pk, str) or has_control_characters(name):
            raise ValueError
        return name, uuid.UUID(pk)
    except ValueError as e:
        raise Invalid("That cursor is not valid.", field="after", code="INVALID_CURSOR") from e


def encode_time_cursor(at, pk) -> str:
    return encode_cursor([at.isoformat(), pk])


def decode_time_cursor(cursor: str | None):
    """A (created_at, id) keyset cursor, for lists newest first; INVALID_CURSOR when malformed."""
    from datetime import datetime

    key = decode_cursor(cursor, arity=2)
    if key is None:
        return None
    try:
        return datetime.fromisoformat(key[0]), uuid.UUID(key[1])
    except (TypeError, ValueError) as e:
        raise Invalid("That cursor is not valid.", field="after", code="INVALID_CURSOR") from e


def page_size(info: Info, first: int | None, default: int = 20) -> int:
    limit = info.context.settings.max_page_size
    n = default if first is None else first
    if not (1 <= n <= limit):
        raise Invalid(f"`first` must be between 1 and {limit}.", field="first", code="OUT_OF_RANGE")
    return n
