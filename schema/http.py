"""GraphQL over HTTP and WebSocket for Litestar: context per request, JSON-only POST bodies,
GET for queries only, and the `application/graphql-response+json` media type with the status
codes the GraphQL-over-HTTP spec recommends."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import msgspec
from cross_web import HTTPException
from graphql import GraphQLError, OperationDefinitionNode, parse
from graphql import OperationType as GraphQLOperationType
from litestar import MediaType, Request, Response, WebSocket, post
from litestar.background_tasks import BackgroundTasks
from litestar.datastructures import Accept, State
from litestar.di import Provide
from litestar.types import Dependencies
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.litestar.controller import GraphQLController
from strawberry.schema.exceptions import (
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from api import metrics
from api.accounts.service import authenticate
from api.config import Settings
from api.security import bearer_token, hash_token, parse_bearer
from schema.context import Context
from schema.persisted import PersistedQueryError, resolve_persisted
from schema.prepared import PreparedOperations
from schema.schema import build_schema

log = logging.getLogger(__name__)

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
# On a tie (`*/*`, `application/*`, equal q) the first listed wins: plain JSON is what every
# client understands, so graphql-response+json is used only when the client asks for it first.
_RESPONSE_TYPES = [MediaType.JSON.value, GRAPHQL_RESPONSE_JSON]


def _response_type(request: Request) -> str:
    return _best_response_type(request.headers.get("accept"))


@lru_cache(maxsize=256)
def _best_response_type(accept: str | None) -> str:
    # A client that accepts neither (or sends no Accept) still gets JSON, as the spec allows for
    # clients written before graphql-response+json existed. Clients send the same few headers
    # again and again: parsed once each.
    if accept is None:
        return MediaType.JSON.value
    return Accept(accept).best_match(_RESPONSE_TYPES, default=MediaType.JSON.value)  # type: ignore[return-value]


def _request_error(
    request: Request, message: str, status_code: int, headers: dict[str, str] | None = None, code: str | None = None
) -> Response:
    """A request that never reached execution: the spec's shape for it is `errors` without `data`,
    so clients parse every answer of /graphql the same way."""
    error: dict[str, Any] = {"message": message}
    if code:
        error["extensions"] = {"code": code}
        metrics.graphql_error(code)  # UNAVAILABLE and the persisted-query refusals never reach execution
    return Response({"errors": [error]}, status_code=status_code, media_type=_response_type(request), headers=headers)


async def _json_bodies_only(request: Request) -> Response | None:
    """Refuse POST bodies that are not JSON before anything else runs (no DB session, no parsing).
    A cross-site HTML form or a "simple" fetch can only send form-encoded, multipart or text/plain
    bodies without a CORS preflight; refusing those is what makes the endpoint CSRF-safe."""
    if request.method == "POST" and request.content_type[0] != MediaType.JSON:
        return _request_error(
            request, "Send GraphQL requests as application/json.", 415, {"Accept-Post": MediaType.JSON.value}
        )
    return None


# The database is down, or every connection of the pool is busy for longer than db_pool_timeout.
_UNAVAILABLE = (SQLAlchemyTimeoutError, DBAPIError, OSError)


def _unavailable(request: Request) -> Response:
    return _request_error(
        request,
        "Village is busy or briefly unavailable. Please try again in a moment.",
        503,
        {"Retry-After": "2"},
        "UNAVAILABLE",
    )


def _is_request_error(result: ExecutionResult) -> bool:
    """Parse, validation and variable-coercion errors (and a missing or unknown operation) stop the
    request before execution: no data, and no error points at a field. A field error that nulls
    all the data still has a `path`."""
    return result.data is None and bool(result.errors) and all(e.path is None for e in result.errors)


def _request_data(data: object) -> GraphQLRequestData:
    """A decoded POST body as one GraphQL request, or an HTTPException saying what is wrong with
    it (Strawberry's checks and messages, and `operationName` too)."""
    if isinstance(data, list):
        raise HTTPException(400, "Batching is not enabled")
    if not isinstance(data, dict):
        raise HTTPException(400, "The GraphQL request must be a JSON object.")
    query, variables, extensions = data.get("query"), data.get("variables"), data.get("extensions")
    operation_name = data.get("operationName")
    if not isinstance(query, (str, type(None))):
        raise HTTPException(400, "The GraphQL operation's `query` must be a string or null, if provided.")
    if not isinstance(variables, (dict, type(None))):
        raise HTTPException(400, "The GraphQL operation's `variables` must be an object or null, if provided.")
    if not isinstance(extensions, (dict, type(None))):
        raise HTTPException(400, "The GraphQL operation's `extensions` must be an object or null, if provided.")
    if not isinstance(operation_name, (str, type(None))):
        raise HTTPException(400, "The GraphQL operation's `operationName` must be a string or null, if provided.")
    return GraphQLRequestData(query=query, variables=variables, operation_name=operation_name, extensions=extensions)


def _decode_body(body: bytes) -> object:
    try:
        return msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError) as e:  # invalid UTF-8 and absurd nesting included
        raise HTTPException(400, "Unable to parse request body as JSON") from e


def _new_context(request: Request, state: State) -> Context:
    # The request's one connection is checked out, and the viewer authenticated, in
    # _with_connection: there a database that is down or a pool that is exhausted can be answered
    # as GraphQL (503, UNAVAILABLE) instead of a bare 500.
    return Context(
        session=None,  # type: ignore[arg-type] - opened in execute_request
        redis=state.redis,
        settings=state.settings,
        viewer=None,
        client_ip=request.client.host if request.client else "unknown",
        user_agent=request.headers.get("user-agent"),
        request=request,
        queue=state.queue,
        engine=state.engine,
        replica_engine=state.replica_engine,
    )


async def _http_context(request: Request, state: State) -> Context:
    return _new_context(request, state)


async def _ws_context(socket: WebSocket, state: State) -> AsyncIterator[Context]:
    async with state.sessions() as session:
        yield Context(
            session=session,
            redis=state.redis,
            settings=state.settings,
            viewer=None,  # set from the connection_init payload in on_ws_connect
            client_ip=socket.client.host if socket.client else "unknown",
            user_agent=socket.headers.get("user-agent"),
            request=socket,
            queue=state.queue,
            hub=state.hub,
        )


async def _no_root() -> None:
    return None


def _sub_response(request: Request) -> Response:
    # Strawberry merges this per-request response's headers, cookies and background tasks into the
    # one it sends; it also carries the media type negotiated for this request to create_response.
    return Response({}, media_type=_response_type(request), background=BackgroundTasks([]))


_POST_OPERATIONS = OperationType.from_http("POST")


def _persisted_error(request: Request, e: PersistedQueryError) -> Response:
    status = 400 if _response_type(request) == GRAPHQL_RESPONSE_JSON else e.status_code
    return _request_error(request, e.reason, status, code=e.code)


def _unknown_operation(request: Request, reason: str) -> Response:
    # An unknown operationName is a GraphQL request error like a validation error: 400 for
    # graphql-response+json, 200 for plain JSON clients.
    status = 400 if _response_type(request) == GRAPHQL_RESPONSE_JSON else 200
    return _request_error(request, reason, status)


def _wrote_key(settings: Settings, token: str) -> str:
    return f"{settings.redis_prefix}wrote:{hash_token(token).hex()}"


async def _wrote_recently(context: Context, token: str | None) -> bool:
    """Whether this session wrote in the last replica_stick_seconds (then it reads the primary).
    When Redis cannot say, yes: the primary is always right, only busier."""
    if not token or len(token) > 200:
        return False
    try:
        return bool(await asyncio.wait_for(context.redis.exists(_wrote_key(context.settings, token)), timeout=1))
    except Exception:
        return True


async def _remember_write(context: Context, token: str | None) -> None:
    if not token or len(token) > 200 or context.settings.replica_stick_seconds <= 0:
        return
    try:
        stick = max(1, math.ceil(context.settings.replica_stick_seconds))
        await asyncio.wait_for(context.redis.set(_wrote_key(context.settings, token), 1, ex=stick), timeout=1)
    except Exception:
        log.warning("could not keep the writer on the primary", exc_info=True, extra={"event": "stick_failed"})


async def _with_connection(
    request: Request, context: Context, run: Callable[[], Awaitable[Response]], *, reads_only: bool = False
) -> Response:
    """One connection for the whole request, checked out once: authentication, every resolver and
    a mutation's commit share it (a commit leaves it checked out for what the payload reads next);
    it goes back to the pool before the response is sent.

    With a replica (DATABASE_REPLICA_URL), a query (`reads_only`) runs there unless its session
    wrote in the last replica_stick_seconds: a person always sees their own writes, everyone else
    may see them a moment late. A query that writes moves to the primary (Context.use_primary)."""
    token = bearer_token(request.headers)
    replica = (
        context.replica_engine
        if reads_only and context.replica_engine is not None and not await _wrote_recently(context, token)
        else None
    )
    conn = None
    if replica is not None:
        try:
            conn = await replica.connect()
        except _UNAVAILABLE:  # the replica is down or full: the primary answers instead
            log.warning("replica unavailable; reading the primary", exc_info=True, extra={"event": "replica_down"})
            replica = None
    if conn is None:
        try:
            conn = await context.engine.connect()  # type: ignore[union-attr]
        except _UNAVAILABLE:
            return _unavailable(request)
    context.session = AsyncSession(bind=conn, expire_on_commit=False, autoflush=True)
    context.connection = conn
    context.on_replica = replica is not None
    # Reads need no transaction: each statement sees committed data, and nothing is left "idle in
    # transaction" while Python builds the answer. Mutations switch to transactions
    # (run_mutation); the pool restores the default isolation when the connection goes back.
    await context.read_only()
    try:
        try:
            context.viewer = await authenticate(context.session, token)
            if context.viewer is None and token and context.on_replica:
                # A sign-in of a moment ago may not have reached the replica yet.
                await context.use_primary()
                context.viewer = await authenticate(context.session, token)
        except _UNAVAILABLE:
            return _unavailable(request)
        response = await run()
        if context.wrote and context.replica_engine is not None:
            await _remember_write(context, token)
        return response
    finally:
        await context.session.close()
        await context.connection.close()


@lru_cache(maxsize=256)
def _cached_reads_only(query: str, operation_name: str | None, max_tokens: int) -> bool:
    return _parse_reads_only(query, operation_name, max_tokens)


def _parse_reads_only(query: str, operation_name: str | None, max_tokens: int) -> bool:
    try:
        document = parse(query, max_tokens=max_tokens)
    except GraphQLError:
        return False  # Strawberry answers it without running anything; the primary is as good
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name is not None and o.name.value == operation_name]
    return len(operations) == 1 and operations[0].operation is GraphQLOperationType.QUERY


def _reads_only(context: Context, data: GraphQLRequestData) -> bool:
    """Whether the operation to run is a query (it may read the replica). Only asked when there is
    a replica; the PWA's few documents are parsed once each, large ones are not kept."""
    if context.replica_engine is None or data.query is None:
        return False
    max_tokens = context.settings.max_tokens
    if len(data.query) <= 8192:
        return _cached_reads_only(data.query, data.operation_name, max_tokens)
    return _parse_reads_only(data.query, data.operation_name, max_tokens)


# GraphiQL (development only) as our own page: its scripts come from this server (the PWA build's
# /graphiql/), where Strawberry's page loads them from a CDN and fails offline.
GRAPHIQL_PAGE = Path(__file__).with_name("graphiql.html")


def make_graphql_controller(settings: Settings) -> type[GraphQLController]:
    schema = build_schema(settings)
    # POST's documents that went the whole way once run straight through graphql-core after that.
    prepared = PreparedOperations(schema, max_tokens=settings.max_tokens)

    class VillageGraphQL(GraphQLController):
        path = "/graphql"
        dependencies: ClassVar[Dependencies] = {  # type: ignore[misc]
            "context": Provide(_http_context),
            "context_ws": Provide(_ws_context),
            "root_value": Provide(_no_root),
            "response": Provide(_sub_response, sync_to_thread=False),
        }
        before_request = _json_bodies_only
        graphql_ide = "graphiql" if settings.is_development else None
        graphql_ide_html = GRAPHIQL_PAGE.read_text(encoding="utf-8")  # served only when graphql_ide is set
        allow_queries_via_get = True
        protocols = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)
        multipart_uploads_enabled = False

        @post(status_code=200)
        async def handle_http_post(self, request: Request) -> Response:  # type: ignore[override]
            """POST, which carries nearly every call the PWA makes, answered here rather than by
            Strawberry's view: the same checks, messages and status codes, without the per-request
            machinery that cost more than executing a small query (four injected dependencies, a
            sub-response, request adapters; measured in bench/api.py)."""
            try:
                data = _request_data(_decode_body(await request.body()))
                data = resolve_persisted(data, persisted_only=settings.persisted_only)
                if data.query is None:
                    raise HTTPException(400, "No GraphQL query found in the request")
            except PersistedQueryError as e:
                return _persisted_error(request, e)
            except HTTPException as e:
                return _request_error(request, e.reason, e.status_code)
            context = _new_context(request, request.app.state)
            return await _with_connection(
                request, context, lambda: self._post(request, context, data), reads_only=_reads_only(context, data)
            )

        async def _post(self, request: Request, context: Context, data: GraphQLRequestData) -> Response:
            query, name = data.query, data.operation_name
            if (ready := prepared.get(query, name)) is not None:  # type: ignore[arg-type]
                result = await prepared.execute(ready, context, data.variables, name, data.extensions)
            else:
                try:
                    result = await self.schema.execute(
                        query,
                        variable_values=data.variables,
                        context_value=context,
                        operation_name=name,
                        allowed_operation_types=_POST_OPERATIONS,
                        operation_extensions=data.extensions,
                    )
                except CannotGetOperationTypeError as e:
                    return _unknown_operation(request, e.as_http_error_reason())
                except MissingQueryError:
                    return _request_error(request, "No GraphQL query found in the request", 400)
                if not _is_request_error(result):
                    prepared.remember(query, name)  # type: ignore[arg-type]
            if context.unavailable:
                return _unavailable(request)
            response_data = await self.process_result(request, result)
            media_type = _response_type(request)
            status = 400 if media_type == GRAPHQL_RESPONSE_JSON and "data" not in response_data else 200
            return Response(msgspec.json.encode(response_data), status_code=status, media_type=media_type)

        async def execute_request(self, request: Request, context: Any, root_value: Any) -> Response:
            # GET (and GraphiQL), through Strawberry's view. GET runs queries only (a mutation is
            # refused before it runs), so it may read the replica.
            return await _with_connection(
                request, context, lambda: self._execute(request, context, root_value), reads_only=True
            )

        async def _execute(self, request: Request, context: Any, root_value: Any) -> Response:
            try:
                return await self.run(request, context=context, root_value=root_value)
            except PersistedQueryError as e:
                return _persisted_error(request, e)
            except HTTPException as e:
                # Strawberry answers malformed requests in plain text; give them the GraphQL shape.
                # It raises these `from` the exception that says what went wrong.
                cause = e.__cause__
                if isinstance(cause, InvalidOperationTypeError) and cause.operation_type is OperationType.MUTATION:
                    # The spec: a mutation over GET MUST get 405 and must not run (GET may be
                    # prefetched, cached or sent cross-site by a plain link).
                    return _request_error(request, "Mutations must be sent with POST.", 405, {"Allow": "POST"})
                if isinstance(cause, CannotGetOperationTypeError):
                    return _unknown_operation(request, e.reason)
                return _request_error(request, e.reason, e.status_code)

        async def parse_http_body(self, request_adapter: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
            data = await super().parse_http_body(request_adapter)
            # Strawberry checks the types of `query`, `variables` and `extensions` but not this one.
            if isinstance(data, GraphQLRequestData) and not isinstance(data.operation_name, (str, type(None))):
                raise HTTPException(
                    400, "The GraphQL operation's `operationName` must be a string or null, if provided."
                )
            # Hash-only requests get their registered document; with persisted_only, nothing else runs.
            return resolve_persisted(data, persisted_only=settings.persisted_only)

        async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
            response = await super().process_result(request, result)
            if _is_request_error(result):
                # Nothing was executed, so there is no `data` entry at all (not `"data": null`).
                response.pop("data", None)
            return response

        def create_response(
            self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
        ) -> Response:
            response = super().create_response(response_data, sub_response)
            response.media_type = sub_response.media_type
            # With graphql-response+json the status code tells a request error (400) from a result
            # (200, even with field errors); plain application/json clients expect 200 for both.
            if (
                response.media_type == GRAPHQL_RESPONSE_JSON
                and isinstance(response_data, dict)
                and "data" not in response_data
            ):
                response.status_code = 400
            return response

        async def on_ws_connect(self, context: Context) -> Any:
            params = getattr(context, "connection_params", None) or {}
            value = params.get("authorization") or params.get("Authorization") if isinstance(params, dict) else None
            if (token := parse_bearer(value)) is not None:
                context.viewer = await authenticate(context.session, token)
                await context.session.rollback()
            return None

    VillageGraphQL.schema = schema
    return VillageGraphQL
