"""Notifications: the feed, read state, preferences and quiet hours, Web Push subscriptions, the
VAPID public key, and `notificationAdded` (live, over graphql-transport-ws, through Redis pub/sub)."""

from __future__ import annotations

import asyncio
import enum
import logging
import uuid
from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.actor import require_viewer
from api.errors import NotFound
from api.ids import from_global_id, to_global_id
from api.notifications import devices, feed, kinds, preferences
from api.notifications.models import Notification as NotificationModel
from api.notifications.models import PushSubscription as PushSubscriptionModel
from api.notifications.webpush import origin_of
from schema.accounts import Caregiver
from schema.context import Info
from schema.core import (
    Node,
    PageInfo,
    UserError,
    decode_time_cursor,
    encode_time_cursor,
    load_node,
    node_resolver,
    page_size,
    run_mutation,
)

log = logging.getLogger(__name__)

NotificationKind = strawberry.enum(
    enum.Enum("NotificationKind", {name.upper(): name for name in kinds.registry()}),  # type: ignore[misc]
    description="What a notification is about.",
)


@strawberry.type(description="Something that happened that concerns me. Its texts are in my language.")
class Notification(Node):
    kind: NotificationKind  # type: ignore[valid-type]
    title: str = strawberry.field(description="A short, generic headline (the same as the push notification's title).")
    body: str
    urgent: bool = strawberry.field(description="Urgent notifications are pushed during quiet hours too.")
    read: bool
    read_at: datetime | None
    created_at: datetime
    actor: Caregiver | None = strawberry.field(description="Who caused it, if a person did.")
    subject_id: strawberry.ID = strawberry.field(description="Global ID of what it is about (a Match, …).")
    _subject_type: strawberry.Private[str]
    _subject_pk: strawberry.Private[uuid.UUID]

    @strawberry.field(
        description="What it is about, with the same authorization as node(id:); null when no longer visible."
    )
    async def subject(self, info: Info) -> Node | None:
        return await load_node(info, self._subject_type, self._subject_pk)

    @classmethod
    def build(cls, view: feed.NotificationView, language: str) -> Notification:
        n, actor = view.notification, view.actor
        return cls(
            id=strawberry.ID(to_global_id("Notification", n.id)),
            kind=NotificationKind(n.kind),
            title=kinds.title(n.kind, language),
            body=kinds.body(n.kind, language, actor.display_name if actor else None),
            urgent=n.urgent,
            read=n.read_at is not None,
            read_at=n.read_at,
            created_at=n.created_at,
            actor=Caregiver.build(actor) if actor else None,
            subject_id=strawberry.ID(to_global_id(n.subject_type, n.subject_id)),
            _subject_type=n.subject_type,
            _subject_pk=n.subject_id,
        )


async def build_notifications(info: Info, db: AsyncSession, rows: list[NotificationModel]) -> list[Notification]:
    language = info.context.viewer.ui_language if info.context.viewer else "en"
    return [Notification.build(v, language) for v in await feed.notification_views(db, info.context.viewer, rows)]


@strawberry.type
class NotificationEdge:
    cursor: str
    node: Notification


@strawberry.type(description="My notifications, newest first.")
class NotificationConnection:
    # Each field loads only what it needs: a badge asking for unreadCount reads no page, and
    # edges and pageInfo share one query for the page (actors joined in).
    _page_args: strawberry.Private[tuple[tuple | None, int, bool]]
    _page: strawberry.Private[asyncio.Task | None] = None

    def _load_page(self, info: Info) -> asyncio.Task:
        if self._page is None:
            after, n, unread_only = self._page_args

            async def load() -> list[feed.NotificationView]:
                async with info.context.db() as db:
                    return await feed.list_notifications(
                        db, info.context.viewer, after=after, limit=n + 1, unread_only=unread_only
                    )

            self._page = asyncio.ensure_future(load())
        return self._page

    @strawberry.field
    async def edges(self, info: Info) -> list[NotificationEdge]:
        views = (await self._load_page(info))[: self._page_args[1]]
        language = info.context.viewer.ui_language if info.context.viewer else "en"
        return [
            NotificationEdge(
                cursor=encode_time_cursor(v.notification.created_at, v.notification.id),
                node=Notification.build(v, language),
            )
            for v in views
        ]

    @strawberry.field
    async def page_info(self, info: Info) -> PageInfo:
        views, n = await self._load_page(info), self._page_args[1]
        end = views[:n][-1].notification if views else None
        return PageInfo(
            has_next_page=len(views) > n, end_cursor=encode_time_cursor(end.created_at, end.id) if end else None
        )

    @strawberry.field(description="How many of my notifications are unread (all of them, not just this page).")
    async def unread_count(self, info: Info) -> int:
        async with info.context.db() as db:
            return await feed.unread_count(db, info.context.viewer)


@strawberry.type(description="Whether a kind of notification shows in the app, and whether it is pushed to my devices.")
class NotificationPreference:
    kind: NotificationKind  # type: ignore[valid-type]
    in_app: bool
    push: bool
    urgent: bool = strawberry.field(description="Pushed during quiet hours too.")


@strawberry.type(description="Hours without pushes (except urgent ones), in my timezone. Pushes wait until they end.")
class QuietHours:
    start: str = strawberry.field(description="HH:MM, e.g. 22:00")
    end: str = strawberry.field(description="HH:MM, e.g. 07:00 (before start: spans midnight)")


@strawberry.type
class NotificationPreferences:
    kinds: list[NotificationPreference]
    quiet_hours: QuietHours | None
    timezone: str = strawberry.field(description="The timezone quiet hours are in (my profile's).")


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def preferences_out(p: preferences.Preferences) -> NotificationPreferences:
    return NotificationPreferences(
        kinds=[
            NotificationPreference(
                kind=NotificationKind(k.kind), in_app=k.in_app, push=k.push, urgent=kinds.is_urgent(k.kind)
            )
            for k in p.kinds
        ],
        quiet_hours=QuietHours(start=_hhmm(p.quiet_start), end=_hhmm(p.quiet_end))
        if p.quiet_start is not None and p.quiet_end is not None
        else None,
        timezone=p.timezone,
    )


@strawberry.type(description="A device of mine that receives push notifications.")
class PushSubscription:
    endpoint_origin: str = strawberry.field(
        description="The push service it goes through, e.g. https://fcm.googleapis.com."
    )
    user_agent: str | None
    created_at: datetime
    last_success_at: datetime | None

    @classmethod
    def build(cls, s: PushSubscriptionModel) -> PushSubscription:
        return cls(
            endpoint_origin=origin_of(s.endpoint),
            user_agent=s.user_agent,
            created_at=s.created_at,
            last_success_at=s.last_success_at,
        )


@node_resolver("Notification")
async def resolve_notification(info: Info, pk: uuid.UUID) -> Notification:
    async with info.context.db() as db:
        n = await feed.get_notification(db, info.context.viewer, pk)
        return (await build_notifications(info, db, [n]))[0]


# --- inputs and payloads ---------------------------------------------------------------------


@strawberry.input(description="Give `ids`, or `all: true`.")
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = None
    all: bool = False


@strawberry.type
class MarkNotificationsReadPayload:
    marked: int = strawberry.field(description="How many were unread and are now read.")
    unread_count: int
    errors: list[UserError]


@strawberry.input(
    description="From the browser's PushSubscription: `endpoint`, `getKey('p256dh')` and `getKey('auth')`, base64url."
)
class RegisterPushSubscriptionInput:
    endpoint: str
    p256dh: str
    auth: str


@strawberry.type
class RegisterPushSubscriptionPayload:
    subscription: PushSubscription | None
    errors: list[UserError]


@strawberry.input
class RemovePushSubscriptionInput:
    endpoint: str


@strawberry.type
class RemovePushSubscriptionPayload:
    ok: bool
    errors: list[UserError]


@strawberry.input
class NotificationPreferenceInput:
    kind: NotificationKind  # type: ignore[valid-type]
    in_app: bool
    push: bool


@strawberry.input
class QuietHoursInput:
    start: str = strawberry.field(description="HH:MM, e.g. 22:00")
    end: str = strawberry.field(description="HH:MM, e.g. 07:00")


@strawberry.input(description="Only what is given changes.")
class UpdateNotificationPreferencesInput:
    preferences: list[NotificationPreferenceInput] | None = None
    quiet_hours: QuietHoursInput | None = None
    clear_quiet_hours: bool = False


@strawberry.type
class UpdateNotificationPreferencesPayload:
    preferences: NotificationPreferences | None
    errors: list[UserError]


@strawberry.type
class NotificationsQuery:
    @strawberry.field(description="My notifications, newest first; never anything caused by someone blocked.")
    async def notifications(
        self, info: Info, first: int | None = 20, after: str | None = None, unread_only: bool = False
    ) -> NotificationConnection:
        n = page_size(info, first)
        require_viewer(info.context.viewer)  # anonymous callers are refused here, not per field
        return NotificationConnection(_page_args=(decode_time_cursor(after), n, unread_only))

    @strawberry.field(description="Which notifications I get in the app and as pushes, and my quiet hours.")
    async def notification_preferences(self, info: Info) -> NotificationPreferences:
        async with info.context.db() as db:
            return preferences_out(await preferences.preferences(db, info.context.viewer))

    @strawberry.field(description="The devices of mine that receive push notifications.")
    async def my_push_subscriptions(self, info: Info) -> list[PushSubscription]:
        async with info.context.db() as db:
            return [PushSubscription.build(s) for s in await devices.my_subscriptions(db, info.context.viewer)]

    @strawberry.field(
        description="The VAPID public key (base64url), the `applicationServerKey` for PushManager.subscribe()."
    )
    async def vapid_public_key(self, info: Info) -> str:
        async with info.context.db() as db:
            await info.context.begin_writes()  # this query may write
            keys = await devices.vapid_keys(db, info.context.settings)
            await db.commit()  # the first call makes the key; keep it
            await info.context.read_only()  # and back to reads outside transactions
        return keys.application_server_key


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(
        description="Mark some of my notifications read, or all of them. Nothing more is pushed about them."
    )
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        ctx = info.context

        async def go():
            ids = (
                [from_global_id(v, "Notification", field=f"ids.{i}") for i, v in enumerate(input.ids)]
                if input.ids
                else None
            )
            marked = await feed.mark_read(ctx.session, ctx.viewer, ids=ids, all_=input.all)
            return marked, await feed.unread_count(ctx.session, ctx.viewer)

        result, errors = await run_mutation(info, go)
        return MarkNotificationsReadPayload(
            marked=result[0] if result else 0, unread_count=result[1] if result else 0, errors=errors
        )

    @strawberry.mutation(
        description="Receive push notifications on this device. Registering the same endpoint again updates it."
    )
    async def register_push_subscription(
        self, info: Info, input: RegisterPushSubscriptionInput
    ) -> RegisterPushSubscriptionPayload:
        ctx = info.context
        sub, errors = await run_mutation(
            info,
            lambda: devices.register_subscription(
                ctx.session,
                ctx.viewer,
                ctx.settings,
                endpoint=input.endpoint,
                p256dh=input.p256dh,
                auth=input.auth,
                user_agent=ctx.user_agent,
            ),
        )
        return RegisterPushSubscriptionPayload(subscription=PushSubscription.build(sub) if sub else None, errors=errors)

    @strawberry.mutation(description="Stop push notifications to a device of mine.")
    async def remove_push_subscription(
        self, info: Info, input: RemovePushSubscriptionInput
    ) -> RemovePushSubscriptionPayload:
        ctx = info.context
        _, errors = await run_mutation(
            info, lambda: devices.remove_subscription(ctx.session, ctx.viewer, endpoint=input.endpoint)
        )
        return RemovePushSubscriptionPayload(ok=not errors, errors=errors)

    @strawberry.mutation(
        description="Choose per kind what shows in the app and what is pushed; set or clear quiet hours."
    )
    async def update_notification_preferences(
        self, info: Info, input: UpdateNotificationPreferencesInput
    ) -> UpdateNotificationPreferencesPayload:
        ctx = info.context
        prefs = (
            [preferences.KindPreference(p.kind.value, p.in_app, p.push) for p in input.preferences]
            if input.preferences is not None
            else None
        )
        quiet = (input.quiet_hours.start, input.quiet_hours.end) if input.quiet_hours is not None else None
        result, errors = await run_mutation(
            info,
            lambda: preferences.update_preferences(
                ctx.session, ctx.viewer, kinds_=prefs, quiet_hours=quiet, clear_quiet_hours=input.clear_quiet_hours
            ),
        )
        return UpdateNotificationPreferencesPayload(
            preferences=preferences_out(result) if result else None, errors=errors
        )


@strawberry.type
class NotificationsSubscription:
    @strawberry.subscription(
        description="My new notifications as they arrive (over graphql-transport-ws, signed in with connection_init)."
    )
    async def notification_added(self, info: Info) -> AsyncGenerator[Notification, None]:
        ctx = info.context
        viewer = require_viewer(ctx.viewer)
        # Each API process listens on the person's channel; the worker publishes there after it
        # commits new notifications, so this works whichever process holds the socket. Messages
        # carry an id only: the row is re-read here, as its recipient.
        async with ctx.hub.listen(feed.channel(ctx.settings, viewer.account_id)) as messages:
            while True:
                try:
                    pk = uuid.UUID((await messages.get()).decode())
                except ValueError:
                    continue
                out = None
                async with ctx.db() as db:
                    try:
                        if not await devices.session_is_current(db, viewer.session_id):
                            return  # signed out (or the password changed) since the socket opened
                        n = await feed.get_notification(db, viewer, pk)
                        if n.in_feed:
                            out = (await build_notifications(info, db, [n]))[0]
                    except NotFound:
                        pass
                    finally:
                        await db.rollback()  # no transaction left open between messages
                if out is not None:
                    yield out
