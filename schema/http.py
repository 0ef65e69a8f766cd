"""GraphQL over HTTP and WebSocket for Litestar: context per request, JSON-only POST bodies,
GET for queries only, and the `application/graphql-response+json` media type with the status
codes the GraphQL-over-HTTP spec recommends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, ClassVar

from litestar import Request, Response, WebSocket
from litestar.background_tasks import BackgroundTasks
from litestar.datastructures import State
from litestar.di import Provide
from litestar.types import Dependencies
from strawberry.litestar.controller import GraphQLController
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api.app import bearer_token
from api.accounts.service import authenticate
from api.config import Settings
from schema.context import Context
from schema.schema import build_schema


async def _http_context(request: Request, state: State) -> AsyncIterator[Context]:
    async with state.sessions() as session:
        viewer = await authenticate(session, bearer_token(request.headers))
        # End the read transaction used for authentication, so each mutation starts clean.
        await session.rollback()
        yield Context(
            session=session,
            redis=state.redis,
            settings=state.settings,
            viewer=viewer,
            client_ip=request.client.host if request.client else "unknown",
            user_agent=request.headers.get("user-agent"),
            request=request,
        )


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
        )


async def _no_root() -> None:
    return None


def _response() -> Response:
    return Response({}, background=BackgroundTasks([]))


def make_graphql_controller(settings: Settings) -> type[GraphQLController]:
    schema = build_schema(settings)

    class VillageGraphQL(GraphQLController):
        path = "/graphql"
        dependencies: ClassVar[Dependencies] = {  # type: ignore[misc]
            "context": Provide(_http_context),
            "context_ws": Provide(_ws_context),
            "root_value": Provide(_no_root),
            "response": Provide(_response, sync_to_thread=False),
        }
        graphql_ide = "graphiql" if settings.is_development else None
        allow_queries_via_get = True
        protocols = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)
        multipart_uploads_enabled = False

        async def on_ws_connect(self, context: Context) -> Any:
            params = getattr(context, "connection_params", None) or {}
            token = params.get("authorization") or params.get("Authorization") if isinstance(params, dict) else None
            if isinstance(token, str):
                token = token.removeprefix("Bearer ").strip()
                context.viewer = await authenticate(context.session, token)
                await context.session.rollback()
            return None

    VillageGraphQL.schema = schema
    return VillageGraphQL
