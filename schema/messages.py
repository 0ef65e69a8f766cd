"""Messages between families: conversations, message requests, sending (exactly once per client
id), read positions, and the live `messageAdded` / `inboxChanged` subscriptions. Rules live in
api/messages/service.py; this module translates."""

from __future__ import annotations

import enum
import uuid
from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from api import presence
from api.actor import require_viewer
from api.errors import DomainError, Invalid, NotFound
from api.ids import from_global_id, to_global_id
from api.messages import live, service
from api.messages.models import PEOPLE_MAX
from api.messages.models import ParticipantState as ParticipantStateModel
from api.notifications import devices
from schema.accounts import Caregiver
from schema.context import Info
from schema.core import Node, PageInfo, UserError, decode_cursor, encode_cursor, node_resolver, page_size, run_mutation

ParticipantState = strawberry.enum(
    ParticipantStateModel,
    name="ParticipantState",
    description="In the conversation, asked (a message request waiting for a yes), or declined.",
)


@strawberry.enum(description="Why nobody can write in a one-to-one conversation any more.")
class ConversationEnded(enum.Enum):
    BLOCKED = "blocked"
    DECLINED = "declined"
    GONE = "gone"


def _seq_cursor(cursor: str | None) -> int | None:
    key = decode_cursor(cursor, arity=1)
    if key is None:
        return None
    if not isinstance(key[0], int) or isinstance(key[0], bool) or key[0] < 0:
        raise Invalid("That cursor is not valid.", field="after", code="INVALID_CURSOR")
    return key[0]


@strawberry.type(description="A message. Its text is null once the school's staff removed it after a report.")
class Message(Node):
    conversation_id: strawberry.ID
    body: str | None
    removed: bool = strawberry.field(description="Taken down by the school's staff after a report.")
    language: str = strawberry.field(description="The language it is written in (detected, else the sender's).")
    sent_at: datetime
    mine: bool
    sender: Caregiver | None = strawberry.field(description="Null for my own messages and a former member's.")
    from_former_member: bool = strawberry.field(
        description="Sent by someone no longer in the community (suspended, or their account deleted)."
    )

    @classmethod
    def build(cls, v: service.MessageView) -> Message:
        m = v.message
        return cls(
            id=strawberry.ID(to_global_id("Message", m.id)),
            conversation_id=strawberry.ID(to_global_id("Conversation", m.conversation_id)),
            body=None if v.removed else m.body,
            removed=v.removed,
            language=m.language,
            sent_at=m.created_at,
            mine=v.mine,
            sender=Caregiver.build(v.sender) if v.sender else None,
            from_former_member=not v.mine and v.sender is None,
        )


@strawberry.type
class MessageEdge:
    cursor: str
    node: Message


@strawberry.type(description="Messages newest first; `pageInfo.endCursor` leads to older ones.")
class MessageConnection:
    edges: list[MessageEdge]
    page_info: PageInfo


@strawberry.type(description="Someone else in a conversation.")
class ConversationPerson:
    caregiver: Caregiver | None = strawberry.field(description="Null for a former member.")
    former_member: bool
    state: ParticipantState


@strawberry.type(description="A conversation I am in (or a message request to me).")
class Conversation(Node):
    title: str = strawberry.field(description="The name of a conversation of several families; empty for two.")
    is_group: bool
    people: list[ConversationPerson] = strawberry.field(description="Everyone else in it.")
    unread_count: int
    last_message: Message | None
    last_message_at: datetime
    viewer_state: ParticipantState
    ended: ConversationEnded | None = strawberry.field(
        description="Set when nobody can write here any more (one-to-one: a block, a declined request, "
        "the other person left the community)."
    )
    can_send: bool
    _pk: strawberry.Private[uuid.UUID]
    # Built only from a view the service let the viewer see: its messages need no second check.
    _view: strawberry.Private[service.ConversationView]

    @classmethod
    def build(cls, v: service.ConversationView) -> Conversation:
        c = v.conversation
        return cls(
            id=strawberry.ID(to_global_id("Conversation", c.id)),
            title=c.title,
            is_group=c.pair_key is None,
            people=[
                ConversationPerson(
                    caregiver=Caregiver.build(p.profile) if p.profile else None,
                    former_member=p.profile is None,
                    state=ParticipantState(p.state),
                )
                for p in v.people
            ],
            unread_count=v.unread,
            last_message=Message.build(v.last) if v.last else None,
            last_message_at=c.last_message_at,
            viewer_state=ParticipantState(v.me.state),
            ended=ConversationEnded(v.ended) if v.ended else None,
            can_send=v.ended is None,
            _pk=c.id,
            _view=v,
        )

    @strawberry.field(description="Messages newest first; pass `before` (an endCursor) for older ones.")
    async def messages(self, info: Info, first: int | None = 30, before: str | None = None) -> MessageConnection:
        limit = page_size(info, first, 30)
        async with info.context.db() as db:
            viewer = require_viewer(info.context.viewer)
            views = await service.messages_of(
                db, viewer, self._view.conversation, limit=limit + 1, before=_seq_cursor(before)
            )
        page = views[:limit]
        edges = [MessageEdge(cursor=encode_cursor([v.message.seq]), node=Message.build(v)) for v in page]
        return MessageConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(views) > limit, end_cursor=edges[-1].cursor if edges else None),
        )


@strawberry.type
class ConversationEdge:
    cursor: str
    node: Conversation


@strawberry.type
class ConversationConnection:
    edges: list[ConversationEdge]
    page_info: PageInfo


@node_resolver("Conversation")
async def resolve_conversation(info: Info, pk: uuid.UUID) -> Conversation:
    async with info.context.db() as db:
        return Conversation.build(await service.get_conversation(db, info.context.viewer, pk))


@node_resolver("Message")
async def resolve_message(info: Info, pk: uuid.UUID) -> Message:
    async with info.context.db() as db:
        return Message.build(await service.get_message(db, info.context.viewer, pk))


# --- inputs and payloads ----------------------------------------------------------------------------


@strawberry.input(description="Write to one caregiver (an existing conversation of two is reused) or a few.")
class StartConversationInput:
    community_id: strawberry.ID
    caregiver_ids: list[strawberry.ID] = strawberry.field(description="1 to 11 other caregivers of the community.")
    body: str = strawberry.field(description="The first message, 1 to 4,000 characters.")
    title: str | None = strawberry.field(default=None, description="A name, for a conversation of several families.")
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Chosen by the client: the same id sent again returns the first answer."
    )


@strawberry.input
class SendMessageInput:
    conversation_id: strawberry.ID
    body: str = strawberry.field(description="1 to 4,000 characters.")
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Chosen by the client: the same id sent again stores the message once."
    )


@strawberry.type
class SendMessagePayload:
    message: Message | None
    errors: list[UserError]
    _conversation: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The conversation it is in, as it stands after the send.")
    async def conversation(self, info: Info) -> Conversation | None:
        if self._conversation is None:
            return None
        async with info.context.db() as db:
            return Conversation.build(await service.get_conversation(db, info.context.viewer, self._conversation))


@strawberry.input(description="Accept a message request, or decline it (its starter cannot write here again).")
class AnswerMessageRequestInput:
    conversation_id: strawberry.ID
    accept: bool


@strawberry.input(description="Mark a conversation read up to a message (or all of it).")
class MarkConversationReadInput:
    conversation_id: strawberry.ID
    up_to: strawberry.ID | None = None


@strawberry.type
class ConversationPayload:
    conversation: Conversation | None
    errors: list[UserError]


@strawberry.type(description="Something changed in one of my conversations.")
class InboxChange:
    conversation_id: strawberry.ID | None = strawberry.field(description="Null for the first, current state.")
    unread_count: int = strawberry.field(description="Unread messages across my conversations.")
    request_count: int = strawberry.field(description="Message requests waiting for my answer.")


@strawberry.type
class MessagesQuery:
    @strawberry.field(description="My conversations (or, with requests: true, my message requests), latest first.")
    async def conversations(
        self, info: Info, first: int | None = 20, after: str | None = None, requests: bool = False
    ) -> ConversationConnection:
        limit = page_size(info, first, 20)
        async with info.context.db() as db:
            views = await service.list_conversations(
                db, info.context.viewer, requests=requests, limit=limit + 1, after=_seq_cursor(after)
            )
        page = views[:limit]
        edges = [
            ConversationEdge(cursor=encode_cursor([v.conversation.last_seq]), node=Conversation.build(v)) for v in page
        ]
        return ConversationConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(views) > limit, end_cursor=edges[-1].cursor if edges else None),
        )

    @strawberry.field(description="One of my conversations.")
    async def conversation(self, info: Info, id: strawberry.ID) -> Conversation:
        pk = from_global_id(id, "Conversation", field="id")
        async with info.context.db() as db:
            return Conversation.build(await service.get_conversation(db, info.context.viewer, pk))

    @strawberry.field(description="Unread messages across my conversations (the badge).")
    async def unread_message_count(self, info: Info) -> int:
        async with info.context.db() as db:
            return await service.unread_total(db, info.context.viewer)

    @strawberry.field(description="Message requests waiting for my answer.")
    async def message_request_count(self, info: Info) -> int:
        async with info.context.db() as db:
            return await service.request_count(db, info.context.viewer)


async def _sent(info: Info, go) -> SendMessagePayload:
    ctx = info.context
    sent, errors = await run_mutation(info, go)
    if sent is None:
        return SendMessagePayload(message=None, errors=errors, _conversation=None)
    if not sent.replay:
        await live.announce_message(ctx.redis, ctx.settings, sent.conversation.id, sent.message.id, sent.tell)
    return SendMessagePayload(
        message=Message.build(service.sent_view(sent)), errors=[], _conversation=sent.conversation.id
    )


@strawberry.type
class MessagesMutation:
    @strawberry.mutation(
        description="Write to one or a few caregivers of my community. Someone with no shared match, group or "
        "carpool gets it as a message request."
    )
    async def start_conversation(self, info: Info, input: StartConversationInput) -> SendMessagePayload:
        ctx = info.context

        async def go():
            community = from_global_id(input.community_id, "Community", field="communityId")
            if len(input.caregiver_ids) > 4 * PEOPLE_MAX:  # refused before decoding them all
                raise Invalid(
                    f"A conversation has at most {PEOPLE_MAX} people, you included.",
                    field="caregiverIds",
                    code="TOO_MANY",
                )
            people = [from_global_id(c, "Caregiver", field="caregiverIds") for c in input.caregiver_ids]
            return await service.start_conversation(
                ctx.session,
                ctx.redis,
                ctx.settings,
                ctx.viewer,
                community_id=community,
                with_ids=people,
                body=input.body,
                title=input.title,
                client_id=input.client_mutation_id,
            )

        return await _sent(info, go)

    @strawberry.mutation(description="Send a message in one of my conversations (exactly once per clientMutationId).")
    async def send_message(self, info: Info, input: SendMessageInput) -> SendMessagePayload:
        ctx = info.context

        async def go():
            pk = from_global_id(input.conversation_id, "Conversation", field="conversationId")
            return await service.send_message(
                ctx.session,
                ctx.redis,
                ctx.settings,
                ctx.viewer,
                conversation_id=pk,
                body=input.body,
                client_id=input.client_mutation_id,
            )

        return await _sent(info, go)

    @strawberry.mutation(description="Accept or decline a message request.")
    async def answer_message_request(self, info: Info, input: AnswerMessageRequestInput) -> ConversationPayload:
        async def go():
            pk = from_global_id(input.conversation_id, "Conversation", field="conversationId")
            await service.answer_request(
                info.context.session, info.context.viewer, conversation_id=pk, accept=input.accept
            )
            return pk

        return await _my_inbox_changed(info, go, show=input.accept)

    @strawberry.mutation(description="Mark a conversation read (up to a message, or all of it).")
    async def mark_conversation_read(self, info: Info, input: MarkConversationReadInput) -> ConversationPayload:
        async def go():
            pk = from_global_id(input.conversation_id, "Conversation", field="conversationId")
            up_to = from_global_id(input.up_to, "Message", field="upTo") if input.up_to else None
            await service.mark_read(info.context.session, info.context.viewer, conversation_id=pk, up_to=up_to)
            return pk

        return await _my_inbox_changed(info, go, show=True)


async def _my_inbox_changed(info: Info, go, *, show: bool) -> ConversationPayload:
    """Run a change to one of my conversations (`go` returns its id); my other devices' badges and
    lists follow it; the payload holds the conversation as it now stands (`show`: still mine to see)."""
    ctx = info.context
    pk, errors = await run_mutation(info, go)
    if pk is None:
        return ConversationPayload(conversation=None, errors=errors)
    await live.announce_inbox(ctx.redis, ctx.settings, require_viewer(ctx.viewer).account_id, pk)
    if not show:
        return ConversationPayload(conversation=None, errors=[])
    async with ctx.db() as db:
        view = await service.get_conversation(db, ctx.viewer, pk)
    return ConversationPayload(conversation=Conversation.build(view), errors=[])


@strawberry.type
class MessagesSubscription:
    @strawberry.subscription(
        description="New messages in one of my conversations as they arrive (over graphql-transport-ws), whichever "
        "API process they were sent through. While it is open, I get no push for this conversation."
    )
    async def message_added(self, info: Info, conversation_id: strawberry.ID) -> AsyncGenerator[Message, None]:
        ctx = info.context
        viewer = require_viewer(ctx.viewer)
        pk = from_global_id(conversation_id, "Conversation", field="conversationId")
        async with ctx.db() as db:
            try:
                await service.conversation_for(db, ctx.viewer, pk)
            finally:
                await db.rollback()
        async with (
            ctx.hub.listen(live.conversation_channel(ctx.settings, pk)) as messages,
            presence.watching(ctx.redis, ctx.settings.redis_prefix, pk, viewer.account_id),
        ):
            while True:
                message_id = live.parse_id(await messages.get())
                if message_id is None:
                    continue
                out = None
                async with ctx.db() as db:
                    try:
                        if not await devices.session_is_current(db, viewer.session_id):
                            return  # signed out since the socket opened
                        out = Message.build(await service.get_message(db, ctx.viewer, message_id))
                    except NotFound:
                        # Not for this viewer (a block), or they are no longer in it: check which.
                        try:
                            await service.conversation_for(db, ctx.viewer, pk)
                        except DomainError:
                            return
                    except DomainError:
                        return
                    finally:
                        await db.rollback()
                if out is not None:
                    yield out

    @strawberry.subscription(
        description="My unread message and request counts: now, then whenever one of my conversations changes."
    )
    async def inbox_changed(self, info: Info) -> AsyncGenerator[InboxChange, None]:
        ctx = info.context
        viewer = require_viewer(ctx.viewer)

        async def counts(conversation: uuid.UUID | None) -> InboxChange | None:
            async with ctx.db() as db:
                try:
                    if not await devices.session_is_current(db, viewer.session_id):
                        return None
                    return InboxChange(
                        conversation_id=strawberry.ID(to_global_id("Conversation", conversation))
                        if conversation
                        else None,
                        unread_count=await service.unread_total(db, ctx.viewer),
                        request_count=await service.request_count(db, ctx.viewer),
                    )
                finally:
                    await db.rollback()

        async with ctx.hub.listen(live.inbox_channel(ctx.settings, viewer.account_id)) as changes:
            first = await counts(None)
            if first is None:
                return
            yield first
            while True:
                conversation = live.parse_id(await changes.get())
                if conversation is None:
                    continue
                change = await counts(conversation)
                if change is None:
                    return
                yield change
