"""Messages between caregivers who share a community: every rule about who may start, read and
write a conversation lives here.

- Only a conversation's participants read it: no leader, staff or admin role opens someone else's.
- Writing first to someone with no tie (no shared match, group or carpool: each domain's ties.py)
  lands in their message requests; they accept (or reply), decline, or block from there.
- A block ends a one-to-one conversation both ways at once; in a conversation of several families,
  the two simply stop seeing each other's messages.
- A participant who was suspended or deleted stays in the conversation's history as "a former
  member": their messages stay, their name does not.
- Starting and sending are exactly once per person and client id (api/retries), and rate limited
  per sender."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from redis.asyncio import Redis
from sqlalchemy import and_, bindparam, delete, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api import language, ratelimit
from api.accounts.models import Account
from api.accounts.privacy import PublicProfile, profile_columns, profile_from_row, profiles_by_ids
from api.actor import Viewer, require_viewer
from api.communities.models import Membership, MembershipState
from api.communities.service import require_member
from api.config import Settings
from api.db import HotRead, in_uuids
from api.domains import parts
from api.errors import Forbidden, Invalid, NotFound
from api.messages.models import BODY_MAX, PEOPLE_MAX, TITLE_MAX, Conversation, Message, Participant, ParticipantState
from api.notifications.feed import mark_read_about
from api.outbox.service import emit
from api.retries.service import once
from api.safety.service import blocked_between, blocked_pairs, report_excerpt, report_remover, report_subject
from api.validation import Checker

MISSING = "That conversation does not exist, or you are not in it."
ACTIVE, REQUESTED, DECLINED = ParticipantState.ACTIVE, ParticipantState.REQUESTED, ParticipantState.DECLINED


def _now() -> datetime:
    return datetime.now(UTC)


# --- ties ------------------------------------------------------------------------------------------


@cache
def _tie_finders():
    """Each domain's ties.py `tied(db, community_id, account_id, others) -> set`: who the person
    already knows through it (a match, a group, a carpool). New domains add theirs; nothing here
    changes."""
    return tuple(m.tied for m in parts("ties") if hasattr(m, "tied"))


async def tied_with(
    db: AsyncSession, community_id: uuid.UUID, account_id: uuid.UUID, others: set[uuid.UUID]
) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for finder in _tie_finders():
        left = others - found
        if not left:
            break
        found |= await finder(db, community_id, account_id, left)
    return found


# --- reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone in a conversation as the viewer sees them; `profile` None: a former member (their
    account is gone, or they are no longer a verified member of the community)."""

    account_id: uuid.UUID
    profile: PublicProfile | None
    state: str


@dataclass(frozen=True)
class MessageView:
    message: Message
    sender: PublicProfile | None  # None: a former member
    mine: bool

    @property
    def removed(self) -> bool:
        return self.message.removed_at is not None


@dataclass(frozen=True)
class ConversationView:
    conversation: Conversation
    me: Participant
    people: list[Person]  # everyone else, by name (former members last)
    unread: int
    last: MessageView | None
    # Why nobody can write here any more (one-to-one only): "blocked", "declined" or "gone".
    ended: str | None


async def _participant(db: AsyncSession, conversation_id: uuid.UUID, account_id: uuid.UUID) -> Participant | None:
    return await db.get(Participant, (conversation_id, account_id))


async def conversation_for(
    db: AsyncSession, viewer: Viewer | None, conversation_id: uuid.UUID, *, lock: bool = False
) -> tuple[Conversation, Participant]:
    """The conversation and the viewer's place in it, when they are in it (active or asked) and a
    verified member of its community; NotFound otherwise, whoever they are."""
    viewer = require_viewer(viewer)
    conversation = await db.get(Conversation, conversation_id)
    me = await _participant(db, conversation_id, viewer.account_id) if conversation else None
    if conversation is None or me is None or me.state == DECLINED:
        raise NotFound(MISSING, field="conversationId")
    try:
        await require_member(db, viewer, conversation.community_id)
    except (NotFound, Forbidden) as e:
        raise NotFound(MISSING, field="conversationId") from e
    if lock:
        await db.refresh(me, with_for_update=True)
    return conversation, me


def _visible_messages(viewer_id):
    """Messages the viewer sees: not from someone blocked either way (a former member's stay)."""
    return ~blocked_between(viewer_id, Message.sender_id)


async def _verified(db: AsyncSession, community_id: uuid.UUID, ids: set[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    rows = await db.scalars(
        select(Membership.account_id).where(
            Membership.community_id == community_id,
            in_uuids(Membership.account_id, ids),
            Membership.state == MembershipState.VERIFIED,
        )
    )
    return set(rows.all())


async def _views(
    db: AsyncSession, viewer: Viewer, rows: list[tuple[Conversation, Participant]]
) -> list[ConversationView]:
    """Conversations with their people, unread counts and latest visible message: a fixed number of
    queries for a page of any length."""
    if not rows:
        return []
    me_id = viewer.account_id
    ids = [c.id for c, _ in rows]
    others = (
        await db.execute(
            select(Participant.conversation_id, Participant.account_id, Participant.state, Conversation.community_id)
            .join(Conversation, Conversation.id == Participant.conversation_id)
            .where(in_uuids(Participant.conversation_id, ids), Participant.account_id != me_id)
            .order_by(Participant.joined_at, Participant.account_id)
        )
    ).all()
    everyone = {a for _, a, _, _ in others}
    profiles = await profiles_by_ids(db, everyone, me_id)
    verified: dict[uuid.UUID, set[uuid.UUID]] = {}
    for community_id in {c.community_id for c, _ in rows}:
        verified[community_id] = await _verified(db, community_id, everyone)
    blocked = await blocked_pairs(db, {me_id}, everyone)
    unread = dict(
        (
            await db.execute(
                select(Message.conversation_id, func.count())
                .join(Participant, Participant.conversation_id == Message.conversation_id)
                .where(
                    Participant.account_id == me_id,
                    in_uuids(Message.conversation_id, ids),
                    Message.seq > Participant.read_seq,
                    Message.sender_id.is_distinct_from(me_id),
                    Message.removed_at.is_(None),
                    _visible_messages(me_id),
                )
                .group_by(Message.conversation_id)
            )
        ).all()
    )
    latest = (
        await db.scalars(
            select(Message)
            .where(in_uuids(Message.conversation_id, ids), _visible_messages(me_id))
            .order_by(Message.conversation_id, Message.seq.desc())
            .distinct(Message.conversation_id)
        )
    ).all()
    last = {m.conversation_id: m for m in latest}
    people: dict[uuid.UUID, list[Person]] = {}
    for cid, account_id, state, community_id in others:
        shown = profiles.get(account_id) if account_id in verified[community_id] else None
        people.setdefault(cid, []).append(Person(account_id, shown, state))
    for group in people.values():  # by name (the list shows "Ana, Ben and Cy"); former members last
        group.sort(key=lambda p: (p.profile is None, p.profile.display_name.casefold() if p.profile else ""))
    out = []
    for c, me in rows:
        mine = people.get(c.id, [])
        m = last.get(c.id)
        out.append(
            ConversationView(
                conversation=c,
                me=me,
                people=mine,
                unread=unread.get(c.id, 0),
                last=_message_view(m, me_id, profiles, verified[c.community_id]) if m else None,
                ended=_ended(c, mine, blocked, me_id),
            )
        )
    return out


def _why_ended(*, other_here: bool, blocked: bool, other_state: str | None) -> str | None:
    """Why a one-to-one conversation is closed for writing ("blocked", "declined", "gone"), or None:
    the one rule the conversation's view and the send path both use."""
    if other_state is None:  # their account was deleted
        return "gone"
    if blocked:
        return "blocked"
    if other_state == DECLINED:
        return "declined"
    return None if other_here else "gone"


def _ended(c: Conversation, people: list[Person], blocked: set, me_id: uuid.UUID) -> str | None:
    if c.pair_key is None:
        return None
    other = people[0] if people else None
    return _why_ended(
        other_here=other is not None and other.profile is not None,
        blocked=other is not None and (me_id, other.account_id) in blocked,
        other_state=other.state if other else None,
    )


async def _pair_ended(db: AsyncSession, conversation: Conversation, me_id: uuid.UUID) -> str | None:
    """_why_ended for the send path, read in one statement."""
    other = aliased(Participant)
    row = (
        await db.execute(
            select(
                other.state,
                exists()
                .where(
                    Membership.community_id == conversation.community_id,
                    Membership.account_id == other.account_id,
                    Membership.state == MembershipState.VERIFIED,
                )
                .label("here"),
                blocked_between(me_id, other.account_id).label("blocked"),
            ).where(other.conversation_id == conversation.id, other.account_id != me_id)
        )
    ).first()
    if row is None:
        return _why_ended(other_here=False, blocked=False, other_state=None)
    return _why_ended(other_here=row.here, blocked=row.blocked, other_state=row.state)


def _message_view(m: Message, me_id: uuid.UUID, profiles: dict, verified: set[uuid.UUID]) -> MessageView:
    if m.sender_id == me_id:
        return MessageView(m, None, True)
    shown = profiles.get(m.sender_id) if m.sender_id in verified else None
    return MessageView(m, shown, False)


async def get_conversation(db: AsyncSession, viewer: Viewer | None, conversation_id: uuid.UUID) -> ConversationView:
    conversation, me = await conversation_for(db, viewer, conversation_id)
    assert viewer is not None
    return (await _views(db, viewer, [(conversation, me)]))[0]


async def list_conversations(
    db: AsyncSession, viewer: Viewer | None, *, requests: bool, limit: int, after: int | None
) -> list[ConversationView]:
    """My conversations (or my message requests), latest message first; `after` is the last_seq of
    the previous page's last one (a keyset cursor with the id)."""
    viewer = require_viewer(viewer)
    verified_in = select(Membership.community_id).where(
        Membership.account_id == viewer.account_id, Membership.state == MembershipState.VERIFIED
    )
    q = (
        select(Conversation, Participant)
        .join(Participant, Participant.conversation_id == Conversation.id)
        .where(
            Participant.account_id == viewer.account_id,
            Participant.state == (REQUESTED if requests else ACTIVE),
            Conversation.community_id.in_(verified_in),
        )
    )
    if after is not None:
        q = q.where(Conversation.last_seq < after)
    rows = (await db.execute(q.order_by(Conversation.last_seq.desc()).limit(limit))).all()
    return await _views(db, viewer, [(c, p) for c, p in rows])


async def messages_of(
    db: AsyncSession, viewer: Viewer, conversation: Conversation, *, limit: int, before: int | None
) -> list[MessageView]:
    """A page of a conversation the viewer was already let into (a ConversationView's), newest
    first (the screen shows them oldest at the top); `before` is the seq of the oldest one shown."""
    q = select(Message).where(Message.conversation_id == conversation.id, _visible_messages(viewer.account_id))
    if before is not None:
        q = q.where(Message.seq < before)
    messages = list((await db.scalars(q.order_by(Message.seq.desc()).limit(limit))).all())
    return await _message_views(db, viewer, conversation.community_id, messages)


async def _message_views(
    db: AsyncSession, viewer: Viewer, community_id: uuid.UUID, messages: list[Message]
) -> list[MessageView]:
    senders = {m.sender_id for m in messages if m.sender_id and m.sender_id != viewer.account_id}
    profiles = await profiles_by_ids(db, senders, viewer.account_id)
    verified = await _verified(db, community_id, senders)
    return [_message_view(m, viewer.account_id, profiles, verified) for m in messages]


_sender = aliased(Account, name="sender")
_sender_membership = aliased(Membership, name="sender_membership")
_my_membership = aliased(Membership, name="my_membership")
_me = aliased(Participant, name="me")
_MESSAGE_AS_VIEWER = (
    select(
        Message, *profile_columns(_sender, "s_"), (_sender_membership.state == MembershipState.VERIFIED).label("here")
    )
    .join(Conversation, Conversation.id == Message.conversation_id)
    .join(
        _me,
        and_(
            _me.conversation_id == Message.conversation_id,
            _me.account_id == bindparam("viewer_id"),
            _me.state != DECLINED,
        ),
    )
    .join(
        _my_membership,
        and_(
            _my_membership.community_id == Conversation.community_id,
            _my_membership.account_id == bindparam("viewer_id"),
            _my_membership.state == MembershipState.VERIFIED,
        ),
    )
    .outerjoin(_sender, _sender.id == Message.sender_id)
    .outerjoin(
        _sender_membership,
        and_(
            _sender_membership.community_id == Conversation.community_id,
            _sender_membership.account_id == Message.sender_id,
        ),
    )
    .where(
        Message.id == bindparam("message_id"),
        _visible_messages(bindparam("viewer_id")),
    )
)


async def get_message(db: AsyncSession, viewer: Viewer | None, message_id: uuid.UUID) -> MessageView:
    """A message as the viewer sees it, in one statement (a live socket reads one per message):
    only for someone in its conversation, verified in its community, with no block between them
    and its sender."""
    viewer = require_viewer(viewer)
    row = (await db.execute(_MESSAGE_AS_VIEWER, {"viewer_id": viewer.account_id, "message_id": message_id})).first()
    if row is None:
        raise NotFound("That message does not exist.", field="messageId")
    m = row[0]
    if m.sender_id == viewer.account_id:
        return MessageView(m, None, True)
    return MessageView(m, profile_from_row(row, viewer.account_id, "s_") if row.here else None, False)


def sent_view(sent: Sent) -> MessageView:
    """The message just sent, as its sender sees it (nothing to read back)."""
    return MessageView(sent.message, None, True)


def _my_places(q, state: ParticipantState):
    """`q` (over conversation_participants) narrowed to the viewer's places in `state`, in
    conversations of communities where they are verified."""
    return (
        q.join(Conversation, Conversation.id == Participant.conversation_id)
        .join(
            Membership,
            and_(Membership.community_id == Conversation.community_id, Membership.account_id == Participant.account_id),
        )
        .where(
            Participant.account_id == bindparam("viewer_id"),
            Participant.state == state.value,
            Membership.state == MembershipState.VERIFIED.value,
        )
    )


_UNREAD_TOTAL = HotRead(
    _my_places(
        select(func.count())
        .select_from(Message)
        .join(Participant, Participant.conversation_id == Message.conversation_id),
        ACTIVE,
    ).where(
        Message.seq > Participant.read_seq,
        Message.sender_id.is_distinct_from(bindparam("viewer_id")),
        Message.removed_at.is_(None),
        _visible_messages(bindparam("viewer_id")),
    )
)
_REQUEST_COUNT = HotRead(_my_places(select(func.count()).select_from(Participant), REQUESTED))


async def unread_total(db: AsyncSession, viewer: Viewer | None) -> int:
    """Unread messages across my conversations (the badge): message requests are counted apart."""
    viewer = require_viewer(viewer)
    return (await _UNREAD_TOTAL.fetchval(db, viewer_id=viewer.account_id)) or 0


async def request_count(db: AsyncSession, viewer: Viewer | None) -> int:
    viewer = require_viewer(viewer)
    return (await _REQUEST_COUNT.fetchval(db, viewer_id=viewer.account_id)) or 0


# --- writing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """What a send made (or, for a resend, what the first send made), and who to tell live."""

    message: Message
    conversation: Conversation
    tell: list[uuid.UUID]  # participants whose inbox changed (the sender's other devices too)
    replay: bool = False


def _body(c: Checker, body: str | None) -> str:
    return c.text("body", body, min_len=1, max_len=BODY_MAX, label="Your message") or ""


async def _insert_message(db: AsyncSession, conversation: Conversation, viewer: Viewer, body: str) -> Message:
    sender_id = viewer.account_id
    written_in = language.detect(body, viewer.ui_language or "en")
    message = await db.scalar(
        insert(Message)
        .values(
            conversation_id=conversation.id,
            community_id=conversation.community_id,
            sender_id=sender_id,
            body=body,
            language=written_in,
        )
        .returning(Message)
    )
    assert message is not None
    now = _now()
    await db.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id)
        .values(last_seq=func.greatest(Conversation.last_seq, message.seq), last_message_at=now)
    )
    # One's own message is read; replying to a request accepts it.
    await db.execute(
        update(Participant)
        .where(Participant.conversation_id == conversation.id, Participant.account_id == sender_id)
        .values(
            read_seq=func.greatest(Participant.read_seq, message.seq),
            state=ACTIVE.value,
            decided_at=func.coalesce(Participant.decided_at, now),
        )
    )
    await emit(db, "message.sent", community_id=conversation.community_id, message_id=message.id)
    return message


async def _listeners(db: AsyncSession, conversation_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await db.scalars(
        select(Participant.account_id).where(
            Participant.conversation_id == conversation_id, Participant.state.in_((ACTIVE, REQUESTED))
        )
    )
    return list(rows.all())


async def _replayed(db: AsyncSession, message_id: uuid.UUID | None) -> Sent:
    message = await db.get(Message, message_id) if message_id else None
    if message is None:  # the first send's message was removed since (the account is gone)
        raise NotFound("That message does not exist any more.", field="clientMutationId")
    conversation = await db.get(Conversation, message.conversation_id)
    assert conversation is not None
    return Sent(message, conversation, [], replay=True)


async def start_conversation(
    db: AsyncSession,
    redis: Redis | None,
    settings: Settings,
    viewer: Viewer | None,
    *,
    community_id: uuid.UUID,
    with_ids: list[uuid.UUID],
    body: str,
    title: str | None,
    client_id: str | None,
) -> Sent:
    """Write to one caregiver (the conversation two people already have is reused) or to a few
    (a new conversation, up to PEOPLE_MAX people with the starter). Those with no tie to the starter
    get it as a message request."""
    viewer = require_viewer(viewer)
    c = Checker()
    body_c = _body(c, body)
    title_c = c.text("title", title, max_len=TITLE_MAX, label="The conversation's name", multiline=False)
    others = list(dict.fromkeys(with_ids))
    if not others:
        c.add("caregiverIds", "Choose who to write to.", "REQUIRED")
    elif len(others) > PEOPLE_MAX - 1:
        c.add("caregiverIds", f"A conversation has at most {PEOPLE_MAX} people, you included.", "TOO_MANY")
    elif viewer.account_id in others:
        c.add("caregiverIds", "Choose other caregivers: you are in it already.", "INVALID")
    c.done()
    await require_member(db, viewer, community_id)
    attempt = await once(
        db,
        viewer,
        client_id,
        "startConversation",
        {"community": community_id, "with": sorted(str(o) for o in others), "body": body_c, "title": title_c or ""},
    )
    if attempt.replay:
        return await _replayed(db, attempt.subject_id)
    wanted = set(others)
    reachable = await _verified(db, community_id, wanted) - {
        b for _, b in await blocked_pairs(db, {viewer.account_id}, wanted)
    }
    if reachable != wanted:
        # The same answer for someone blocked as for someone who is not here: a block is not told.
        raise NotFound("Some of those caregivers are not in this community.", field="caregiverIds")
    await ratelimit.hit(
        redis,
        settings.redis_prefix,
        f"conversations:{viewer.account_id}",
        settings.conversations_per_account,
        "You have started many conversations in a short time.",
    )
    pair_key = ":".join(sorted((str(viewer.account_id), str(others[0])))) if len(others) == 1 else None
    conversation = None
    if pair_key is not None:
        conversation = await db.scalar(
            select(Conversation).where(Conversation.community_id == community_id, Conversation.pair_key == pair_key)
        )
    if conversation is None:
        conversation = await db.scalar(
            insert(Conversation)
            .values(
                community_id=community_id,
                title="" if pair_key else (title_c or ""),
                pair_key=pair_key,
                created_by_id=viewer.account_id,
            )
            .on_conflict_do_nothing()  # two first messages at once: both land in one conversation
            .returning(Conversation)
        )
        if conversation is None:
            conversation = await db.scalar(
                select(Conversation).where(Conversation.community_id == community_id, Conversation.pair_key == pair_key)
            )
            assert conversation is not None
        else:
            tied = await tied_with(db, community_id, viewer.account_id, wanted)
            now = _now()
            await db.execute(
                insert(Participant)
                .values(
                    [
                        {
                            "conversation_id": conversation.id,
                            "community_id": community_id,
                            "account_id": viewer.account_id,
                            "state": ACTIVE,
                            "decided_at": now,
                        }
                    ]
                    + [
                        {
                            "conversation_id": conversation.id,
                            "community_id": community_id,
                            "account_id": o,
                            "state": ACTIVE if o in tied else REQUESTED,
                            "decided_at": None,
                        }
                        for o in others
                    ]
                )
                .on_conflict_do_nothing()
            )
            asked = [o for o in others if o not in tied]
            if asked:
                await emit(
                    db,
                    "message.requested",
                    community_id=community_id,
                    conversation_id=conversation.id,
                    by=viewer.account_id,
                    to=[str(a) for a in asked],
                )
    if pair_key is not None:
        # Writing to someone whose request one declined earlier is changing one's mind: the
        # conversation (with what was said before) comes back, now as one's own.
        await db.execute(
            update(Participant)
            .where(
                Participant.conversation_id == conversation.id,
                Participant.account_id == viewer.account_id,
                Participant.state == DECLINED,
            )
            .values(state=ACTIVE.value, decided_at=_now())
        )
    sent = await _send_into(db, redis, settings, viewer, conversation, body_c, rate_limited=False)
    await attempt.done(db, sent.message.id)
    return sent


async def send_message(
    db: AsyncSession,
    redis: Redis | None,
    settings: Settings,
    viewer: Viewer | None,
    *,
    conversation_id: uuid.UUID,
    body: str,
    client_id: str | None,
) -> Sent:
    viewer = require_viewer(viewer)
    c = Checker()
    body_c = _body(c, body)
    c.done()
    conversation, _me = await conversation_for(db, viewer, conversation_id)
    attempt = await once(db, viewer, client_id, "sendMessage", {"conversation": conversation.id, "body": body_c})
    if attempt.replay:
        return await _replayed(db, attempt.subject_id)
    sent = await _send_into(db, redis, settings, viewer, conversation, body_c, rate_limited=True)
    await attempt.done(db, sent.message.id)
    return sent


async def _send_into(
    db: AsyncSession,
    redis: Redis | None,
    settings: Settings,
    viewer: Viewer,
    conversation: Conversation,
    body: str,
    *,
    rate_limited: bool,
) -> Sent:
    me = await _participant(db, conversation.id, viewer.account_id)
    if me is None or me.state == DECLINED:
        raise NotFound(MISSING, field="conversationId")
    if conversation.pair_key is not None:
        ended = await _pair_ended(db, conversation, viewer.account_id)
        if ended == "blocked":
            raise Forbidden(
                "This conversation has ended: you can no longer write to each other.", code="CONVERSATION_ENDED"
            )
        if ended == "declined":
            raise Forbidden(
                "They declined your message request, so this conversation is closed.", code="REQUEST_DECLINED"
            )
        if ended == "gone":
            raise Forbidden("This caregiver is no longer in the community.", code="CONVERSATION_ENDED")
    if rate_limited:
        await ratelimit.hit(
            redis,
            settings.redis_prefix,
            f"messages:{viewer.account_id}",
            settings.messages_per_account,
            "You are sending messages very fast.",
        )
    message = await _insert_message(db, conversation, viewer, body)
    return Sent(message, conversation, await _listeners(db, conversation.id))


async def answer_request(
    db: AsyncSession, viewer: Viewer | None, *, conversation_id: uuid.UUID, accept: bool
) -> Participant:
    """Accept a message request (the conversation joins my list) or decline it (it goes, and its
    starter cannot write to me in it again). Answering twice the same way is harmless."""
    _conversation, me = await conversation_for(db, viewer, conversation_id, lock=True)
    if me.state == ACTIVE and accept:
        return me
    if me.state != REQUESTED:
        raise Invalid("There is no message request to answer in this conversation.", code="NOT_A_REQUEST")
    me.state = ACTIVE if accept else DECLINED
    me.decided_at = _now()
    await db.flush()
    return me


async def mark_read(
    db: AsyncSession, viewer: Viewer | None, *, conversation_id: uuid.UUID, up_to: uuid.UUID | None
) -> Participant:
    """Move my read position forward (to a message, or to the latest); it never moves back. The
    "New message" notifications of what is now read are marked read, so no late push goes out."""
    conversation, me = await conversation_for(db, viewer, conversation_id)
    if up_to is not None:
        seq = await db.scalar(
            select(Message.seq).where(Message.id == up_to, Message.conversation_id == conversation.id)
        )
        if seq is None:
            raise NotFound("That message is not in this conversation.", field="upTo")
    else:
        seq = conversation.last_seq
    if seq > me.read_seq:
        await db.execute(
            update(Participant)
            .where(Participant.conversation_id == conversation.id, Participant.account_id == me.account_id)
            .values(read_seq=func.greatest(Participant.read_seq, seq))
        )
        await mark_read_about(db, me.account_id, conversation.id, ("message_new",))
        await db.refresh(me)
    return me


# --- reports and removal ---------------------------------------------------------------------------


@report_subject("message")
async def _message_subject(
    db: AsyncSession, community_id: uuid.UUID, message_id: uuid.UUID, reporter_id: uuid.UUID
) -> uuid.UUID | None:
    """A message is reported by someone in its conversation (nobody else can read it)."""
    return await db.scalar(
        select(Message.sender_id)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .join(
            Participant,
            and_(Participant.conversation_id == Conversation.id, Participant.account_id == reporter_id),
        )
        .where(Message.id == message_id, Conversation.community_id == community_id, Participant.state != DECLINED)
    )


@report_remover("message")
async def _remove_message(db: AsyncSession, community_id: uuid.UUID, message_id: uuid.UUID) -> bool:
    done = await db.execute(
        update(Message)
        .where(
            Message.id == message_id,
            Message.removed_at.is_(None),
            Message.conversation_id.in_(select(Conversation.id).where(Conversation.community_id == community_id)),
        )
        .values(removed_at=_now())
    )
    return bool(done.rowcount)


@report_excerpt("message")
async def _reported_text(db: AsyncSession, message_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """What staff see of a reported message: its text (only the reported one, never the rest of the
    conversation)."""
    rows = await db.execute(select(Message.id, Message.body).where(in_uuids(Message.id, message_ids)))
    return dict(rows.all())


# --- the account going -----------------------------------------------------------------------------


async def delete_participation_of(db: AsyncSession, account_id: uuid.UUID) -> None:
    """Before an account goes: its messages stay for the others from "a former member" (sender SET
    NULL); a conversation nobody else is left in goes with it."""
    mine = select(Participant.conversation_id).where(Participant.account_id == account_id)
    others = select(Participant.conversation_id).where(
        Participant.account_id != account_id, Participant.state != DECLINED
    )
    await db.execute(delete(Conversation).where(Conversation.id.in_(mine), Conversation.id.not_in(others)))
