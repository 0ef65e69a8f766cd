"""Messages between families: starting a conversation (with a tie, or as a message request), sending
exactly once, read positions and unread counts, who may not read or send, blocks, former members,
bad input that changes nothing, rate limits, reports, and who is told what."""

from __future__ import annotations

import asyncio
import dataclasses

from httpx import AsyncClient
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from api.config import RateLimit
from api.ids import parse_global_id
from api.messages.models import Conversation, Message, Participant
from api.notifications.models import Notification
from tests.factories import Factory
from tests.groups.test_groups import JOIN, make_group
from village.app import create_app

START = (
    "mutation($i: StartConversationInput!) { startConversation(input: $i) { "
    "message { id body mine language sender { displayName } } "
    "conversation { id isGroup title viewerState canSend ended unreadCount "
    "people { caregiver { displayName } formerMember state } } errors { field code message } } }"
)
SEND = (
    "mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id body mine } "
    "conversation { unreadCount } errors { field code message } } }"
)
ANSWER = (
    "mutation($i: AnswerMessageRequestInput!) { answerMessageRequest(input: $i) { conversation { id viewerState } "
    "errors { field code message } } }"
)
READ = (
    "mutation($i: MarkConversationReadInput!) { markConversationRead(input: $i) { conversation { unreadCount } "
    "errors { field code message } } }"
)
LIST = (
    "query($r: Boolean, $first: Int, $after: String) { conversations(requests: $r, first: $first, after: $after) { "
    "edges { cursor node { id title unreadCount canSend ended viewerState "
    "lastMessage { body mine fromFormerMember sender { displayName } } "
    "people { caregiver { displayName } formerMember state } } } pageInfo { hasNextPage endCursor } } "
    "unreadMessageCount messageRequestCount }"
)
MESSAGES = (
    "query($id: ID!, $first: Int, $before: String) { conversation(id: $id) { id canSend ended "
    "messages(first: $first, before: $before) { edges { node { id body removed mine fromFormerMember language "
    "sender { displayName } } } pageInfo { hasNextPage endCursor } } } }"
)
NODE = "query($id: ID!) { node(id: $id) { id ... on Message { body } ... on Conversation { title } } }"
BLOCK = "mutation($i: BlockInput!) { block(input: $i) { errors { code message } } }"
REPORT = "mutation($i: ReportInput!) { report(input: $i) { reportId errors { field code message } } }"
FEED = "{ notifications(first: 20) { edges { node { kind } } } }"


async def start(f: Factory, c, by, to: list, body: str = "Hi! Can we share the Tuesday pick-up?", **kw):
    return await f.gql(START, {"i": {"communityId": c.id, "caregiverIds": [u.id for u in to], "body": body, **kw}}, by)


async def started(f: Factory, c, by, to: list, body: str = "Hi! Can we share the Tuesday pick-up?", **kw) -> dict:
    r = await start(f, c, by, to, body, **kw)
    payload = r["data"]["startConversation"]
    assert payload["errors"] == [], payload
    return payload


async def send(f: Factory, user, conversation_id: str, body: str, client_id: str | None = None) -> dict:
    i = {"conversationId": conversation_id, "body": body}
    if client_id:
        i["clientMutationId"] = client_id
    return (await f.gql(SEND, {"i": i}, user))["data"]["sendMessage"]


async def tied(f: Factory, c, *people):
    """Give people a tie: one group they are all in."""
    leo = await f.member(c, "Leo", role="LEADER")
    gid = await make_group(f, c, leo)
    for p in people:
        await f.ok(JOIN, {"i": {"groupId": gid}}, p)


async def count(sessions, model) -> int:
    async with sessions() as s:
        return await s.scalar(select(func.count()).select_from(model))


async def kinds(f, user) -> list[str]:
    return [e["node"]["kind"] for e in (await f.ok(FEED, user=user))["notifications"]["edges"]]


# --- starting and talking --------------------------------------------------------------------------


async def test_families_with_a_shared_group_talk_and_each_sees_unread_counts_until_they_read(f):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    first = await started(f, c, ana, [ben])
    conversation = first["conversation"]
    assert conversation["isGroup"] is False and conversation["viewerState"] == "ACTIVE"
    assert conversation["people"] == [{"caregiver": {"displayName": "Ben"}, "formerMember": False, "state": "ACTIVE"}]
    assert first["message"]["mine"] is True and first["message"]["sender"] is None

    mine = await f.ok(LIST, user=ben)
    assert mine["unreadMessageCount"] == 1 and mine["messageRequestCount"] == 0
    node = mine["conversations"]["edges"][0]["node"]
    assert node["unreadCount"] == 1
    assert node["lastMessage"] == {
        "body": "Hi! Can we share the Tuesday pick-up?",
        "mine": False,
        "fromFormerMember": False,
        "sender": {"displayName": "Ana"},
    }
    reply = await send(f, ben, conversation["id"], "Yes! I can drive on Tuesdays.")
    assert reply["errors"] == [] and reply["message"]["mine"] is True
    # Replying read what came before; Ana now has one unread.
    assert (await f.ok(LIST, user=ben))["unreadMessageCount"] == 0
    assert (await f.ok(LIST, user=ana))["unreadMessageCount"] == 1
    read = await f.ok(READ, {"i": {"conversationId": conversation["id"]}}, ana)
    assert read["markConversationRead"]["conversation"]["unreadCount"] == 0
    assert (await f.ok(LIST, user=ana))["unreadMessageCount"] == 0

    # Writing to Ben again from "new message" lands in the same conversation.
    again = await started(f, c, ana, [ben], "Great, see you then.")
    assert again["conversation"]["id"] == conversation["id"]
    messages = await f.ok(MESSAGES, {"id": conversation["id"]}, ben)
    bodies = [e["node"]["body"] for e in messages["conversation"]["messages"]["edges"]]
    assert bodies == ["Great, see you then.", "Yes! I can drive on Tuesdays.", "Hi! Can we share the Tuesday pick-up?"]


async def test_a_match_is_a_tie_so_the_helper_family_is_written_to_directly(f, sessions):
    from api.skills.models import Match, MatchStatus, Need

    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    async with sessions() as s:
        need = Need(
            community_id=parse_global_id(c.id)[1],
            requester_id=ana.pk,
            category_slug="tutoring.math",
            title="Fractions",
            mode="either",
        )
        s.add(need)
        await s.flush()
        s.add(
            Match(
                community_id=need.community_id,
                need_id=need.id,
                helper_id=ben.pk,
                requester_id=ana.pk,
                score=0.9,
                status=MatchStatus.OFFERED,
            )
        )
        await s.commit()
    first = await started(f, c, ben, [ana], "I can help with fractions on Wednesdays.")
    assert first["conversation"]["people"][0]["state"] == "ACTIVE"
    assert (await f.ok(LIST, user=ana))["unreadMessageCount"] == 1


async def test_messages_are_stored_with_their_language_detected_or_the_senders(f, sessions):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    es = await started(f, c, ana, [ben], "Hola, ¿puedes llevar a Sofi a la escuela mañana?")
    assert es["message"]["language"] == "es"
    cid = es["conversation"]["id"]
    await f.ok('mutation { updateProfile(input: {uiLanguage: "es"}) { errors { message } } }', user=ben)
    short = await send(f, ben, cid, "ok!")  # too short to tell: the sender's language
    assert short["errors"] == []
    en = await send(f, ben, cid, "Sure, I will pick her up at eight in the morning.")
    assert en["errors"] == []
    async with sessions() as s:
        languages = (await s.scalars(select(Message.language).order_by(Message.seq))).all()
    assert languages == ["es", "es", "en"]


async def test_a_conversation_of_several_families_has_a_name_and_at_most_twelve_people(f, sessions):
    import base64
    import uuid

    c = await f.community()
    ana = await f.member(c, "Ana")
    others = [await f.member(c, f"Parent {i}") for i in range(3)]
    await tied(f, c, ana, *others)
    # Twelve others (and Ana) is one too many, whoever they are: refused before anything is looked up.
    strangers = [base64.urlsafe_b64encode(f"Caregiver:{uuid.uuid4()}".encode()).decode().rstrip("=") for _ in range(9)]
    too_many = await f.gql(
        START,
        {"i": {"communityId": c.id, "caregiverIds": [o.id for o in others] + strangers, "body": "Hi all"}},
        ana,
    )
    assert too_many["data"]["startConversation"]["errors"][0]["code"] == "TOO_MANY"
    group = await started(f, c, ana, others, "Who drives Saturday?", title="Soccer carpool")
    assert group["conversation"]["isGroup"] is True and group["conversation"]["title"] == "Soccer carpool"
    assert [p["caregiver"]["displayName"] for p in group["conversation"]["people"]] == [
        "Parent 0",
        "Parent 1",
        "Parent 2",
    ]
    # A second group conversation with some of the same people is a new one (another topic).
    second = await started(f, c, ana, others[:2], "Birthday gift for Ms. Lee?")
    assert second["conversation"]["id"] != group["conversation"]["id"]
    assert await count(sessions, Conversation) == 2
    everyone = (await f.ok(MESSAGES, {"id": group["conversation"]["id"]}, others[2]))["conversation"]
    assert [e["node"]["body"] for e in everyone["messages"]["edges"]] == ["Who drives Saturday?"]


async def test_the_list_pages_newest_first(f):
    c = await f.community()
    ana = await f.member(c, "Ana")
    people = [await f.member(c, f"P{i}") for i in range(3)]
    await tied(f, c, ana, *people)
    for p in people:
        await started(f, c, ana, [p], f"Hello {p.name}")
    page = (await f.ok(LIST, {"first": 2}, ana))["conversations"]
    assert [e["node"]["lastMessage"]["body"] for e in page["edges"]] == ["Hello P2", "Hello P1"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = (await f.ok(LIST, {"first": 2, "after": page["pageInfo"]["endCursor"]}, ana))["conversations"]
    assert [e["node"]["lastMessage"]["body"] for e in rest["edges"]] == ["Hello P0"]
    assert rest["pageInfo"]["hasNextPage"] is False
    bad = await f.gql(LIST, {"after": "not-a-cursor"}, ana)
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_older_messages_page_backwards(f):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    cid = (await started(f, c, ana, [ben], "m0"))["conversation"]["id"]
    for i in range(1, 5):
        assert (await send(f, ana, cid, f"m{i}"))["errors"] == []
    first = (await f.ok(MESSAGES, {"id": cid, "first": 3}, ben))["conversation"]["messages"]
    assert [e["node"]["body"] for e in first["edges"]] == ["m4", "m3", "m2"]
    older = await f.ok(MESSAGES, {"id": cid, "first": 3, "before": first["pageInfo"]["endCursor"]}, ben)
    assert [e["node"]["body"] for e in older["conversation"]["messages"]["edges"]] == ["m1", "m0"]


# --- message requests ------------------------------------------------------------------------------


async def test_without_a_tie_it_is_a_message_request_to_accept_or_decline(f, runner):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    first = await started(f, c, ana, [ben], "Hi, I saw you speak Spanish. Could you help me with the forms?")
    cid = first["conversation"]["id"]
    assert first["conversation"]["people"][0]["state"] == "REQUESTED"
    bens = await f.ok(LIST, user=ben)
    assert bens["conversations"]["edges"] == [] and bens["messageRequestCount"] == 1
    assert bens["unreadMessageCount"] == 0  # requests are counted apart
    requests = await f.ok(LIST, {"r": True}, ben)
    assert requests["conversations"]["edges"][0]["node"]["lastMessage"]["sender"] == {"displayName": "Ana"}
    await runner.run()
    assert "MESSAGE_REQUEST" in await kinds(f, ben)
    # A second message while it waits tells Ben nothing more.
    assert (await send(f, ana, cid, "No rush!"))["errors"] == []
    await runner.run()
    assert (await kinds(f, ben)).count("MESSAGE_REQUEST") == 1

    accepted = await f.ok(ANSWER, {"i": {"conversationId": cid, "accept": True}}, ben)
    assert accepted["answerMessageRequest"]["conversation"]["viewerState"] == "ACTIVE"
    assert [e["node"]["id"] for e in (await f.ok(LIST, user=ben))["conversations"]["edges"]] == [cid]
    assert (await f.ok(LIST, user=ben))["unreadMessageCount"] == 2


async def test_a_declined_request_closes_the_conversation_for_its_starter(f, sessions):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    cid = (await started(f, c, ana, [ben]))["conversation"]["id"]
    await f.ok(ANSWER, {"i": {"conversationId": cid, "accept": False}}, ben)
    assert (await f.ok(LIST, {"r": True}, ben))["messageRequestCount"] == 0
    gone = await f.gql(MESSAGES, {"id": cid}, ben)
    assert gone["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    before = await count(sessions, Message)
    refused = await send(f, ana, cid, "Please?")
    assert refused["errors"][0]["code"] == "REQUEST_DECLINED"
    again = await start(f, c, ana, [ben], "Please?")
    assert again["data"]["startConversation"]["errors"][0]["code"] == "REQUEST_DECLINED"
    assert await count(sessions, Message) == before
    ana_view = (await f.ok(MESSAGES, {"id": cid}, ana))["conversation"]
    assert ana_view["canSend"] is False and ana_view["ended"] == "DECLINED"


async def test_someone_who_declined_can_change_their_mind_and_write_first(f):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    cid = (await started(f, c, ana, [ben], "Hi, could we talk about the bake sale?"))["conversation"]["id"]
    await f.ok(ANSWER, {"i": {"conversationId": cid, "accept": False}}, ben)
    later = await started(f, c, ben, [ana], "Sorry, I was busy. Happy to talk now!")
    assert later["conversation"]["id"] == cid and later["conversation"]["canSend"] is True
    bodies = [e["node"]["body"] for e in (await f.ok(MESSAGES, {"id": cid}, ana))["conversation"]["messages"]["edges"]]
    assert bodies == ["Sorry, I was busy. Happy to talk now!", "Hi, could we talk about the bake sale?"]
    assert (await send(f, ana, cid, "Great!"))["errors"] == []


async def test_replying_to_a_request_accepts_it(f):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    cid = (await started(f, c, ana, [ben]))["conversation"]["id"]
    assert (await send(f, ben, cid, "Sure, happy to help."))["errors"] == []
    assert [e["node"]["id"] for e in (await f.ok(LIST, user=ben))["conversations"]["edges"]] == [cid]


# --- who may not read or send ----------------------------------------------------------------------


async def test_nobody_outside_a_conversation_reads_or_writes_it_not_even_staff_or_leaders(f, sessions):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    staff = await f.member(c, "Sam", role="STAFF")
    leader = await f.member(c, "Lia", role="LEADER")
    olga = await f.member(c, "Olga")
    other_school = await f.community("Roosevelt Middle")
    stranger = await f.member(other_school, "Stan")
    sent = await started(f, c, ana, [ben], "Just between us: Mia has a nut allergy.")
    cid, mid = sent["conversation"]["id"], sent["message"]["id"]
    for outsider in (staff, leader, olga, stranger, c.admin):
        r = await f.gql(MESSAGES, {"id": cid}, outsider)
        assert r["data"] is None and r["errors"][0]["extensions"]["code"] == "NOT_FOUND", outsider.name
        for gid in (cid, mid):
            assert (await f.gql(NODE, {"id": gid}, outsider))["data"]["node"] is None
        refused = await send(f, outsider, cid, "Hello?")
        assert refused["errors"][0]["code"] == "NOT_FOUND"
        assert (await f.ok(LIST, user=outsider))["conversations"]["edges"] == []
    assert await count(sessions, Message) == 1


async def test_a_member_waiting_for_verification_cannot_start_or_be_written_to(f, sessions):
    c = await f.community()
    ana = await f.member(c, "Ana")
    pending = await f.member(c, "Pat", verify=False)
    refused = await start(f, c, pending, [ana])
    assert refused["data"]["startConversation"]["errors"][0]["code"] == "NOT_VERIFIED"
    unknown = await start(f, c, ana, [pending])
    assert unknown["data"]["startConversation"]["errors"][0]["code"] == "NOT_FOUND"
    assert await count(sessions, Conversation) == 0


async def test_a_caregiver_of_another_school_cannot_be_written_to(f, sessions):
    c, other = await f.community(), await f.community("Roosevelt Middle")
    ana, stan = await f.member(c, "Ana"), await f.member(other, "Stan")
    r = await start(f, c, ana, [stan])
    assert r["data"]["startConversation"]["errors"][0]["code"] == "NOT_FOUND"
    outside = await start(f, other, ana, [stan])  # a community she is not in
    assert outside["data"]["startConversation"]["errors"][0]["code"] == "NOT_FOUND"
    assert await count(sessions, Conversation) == 0


async def test_a_block_ends_a_conversation_both_ways_at_once(f, sessions, runner):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    cid = (await started(f, c, ana, [ben]))["conversation"]["id"]
    await f.ok(BLOCK, {"i": {"caregiverId": ana.id}}, ben)
    before = await count(sessions, Message)
    for person in (ana, ben):
        r = await send(f, person, cid, "Hello?")
        assert r["errors"][0]["code"] == "CONVERSATION_ENDED", person.name
        view = (await f.ok(MESSAGES, {"id": cid}, person))["conversation"]
        assert view["canSend"] is False and view["ended"] == "BLOCKED"
    # A new conversation is refused the same way as for someone who is not there (the block is not told).
    again = await start(f, c, ana, [ben], "Hello?")
    assert again["data"]["startConversation"]["errors"][0]["code"] == "NOT_FOUND"
    assert await count(sessions, Message) == before
    # What Ana wrote before is no longer counted as unread for Ben.
    assert (await f.ok(LIST, user=ben))["unreadMessageCount"] == 0


async def test_in_a_conversation_of_several_a_blocked_pair_stop_seeing_each_other(f, runner):
    c = await f.community()
    ana, ben, cy = await f.member(c, "Ana"), await f.member(c, "Ben"), await f.member(c, "Cy")
    await tied(f, c, ana, ben, cy)
    cid = (await started(f, c, ana, [ben, cy], "Team snacks?", title="Soccer"))["conversation"]["id"]
    await f.ok(BLOCK, {"i": {"caregiverId": ben.id}}, ana)
    assert (await send(f, ben, cid, "I'll bring oranges."))["errors"] == []
    await runner.run()
    anas = [e["node"]["body"] for e in (await f.ok(MESSAGES, {"id": cid}, ana))["conversation"]["messages"]["edges"]]
    cys = [e["node"]["body"] for e in (await f.ok(MESSAGES, {"id": cid}, cy))["conversation"]["messages"]["edges"]]
    assert anas == ["Team snacks?"]
    assert cys == ["I'll bring oranges.", "Team snacks?"]
    assert (await f.ok(LIST, user=ana))["unreadMessageCount"] == 0
    assert "MESSAGE_NEW" not in await _kinds_of_all(f, ana)


async def _kinds_of_all(f, user) -> list[str]:
    async with f.sessions() as s:
        return [
            k.upper()
            for k in (await s.scalars(select(Notification.kind).where(Notification.recipient_id == user.pk))).all()
        ]


# --- bad input -------------------------------------------------------------------------------------


async def test_bad_input_gets_a_clear_error_and_changes_nothing(f, sessions):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    cid = (await started(f, c, ana, [ben]))["conversation"]["id"]
    before = (await count(sessions, Message), await count(sessions, Conversation))
    cases = [
        ("", "REQUIRED"),
        ("   \n ", "REQUIRED"),
        ("x" * 4001, "TOO_LONG"),
        ("bad \x00 byte", "INVALID_CHARACTERS"),
    ]
    for body, code in cases:
        r = await send(f, ana, cid, body)
        assert r["message"] is None and r["errors"][0]["field"][-1] == "body", body[:10]
        assert r["errors"][0]["code"] == code, (body[:10], r["errors"])
    assert (await send(f, ana, cid, "x" * 4000))["errors"] == []  # the limit itself is fine
    unknown = await send(f, ana, "Q29udmVyc2F0aW9uOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA", "Hi")
    assert unknown["errors"][0]["code"] == "NOT_FOUND"
    wrong_type = await send(f, ana, ben.id, "Hi")
    assert wrong_type["errors"][0]["field"][-1] == "conversationId"
    for ids, code in (([], "REQUIRED"), ([ana], "INVALID")):
        r = await start(f, c, ana, ids)
        assert r["data"]["startConversation"]["errors"][0]["code"] == code
    assert (await count(sessions, Message), await count(sessions, Conversation)) == (before[0] + 1, before[1])


# --- exactly once ----------------------------------------------------------------------------------


async def test_a_send_retried_after_a_lost_answer_is_stored_once_and_answers_the_same_message(
    f, sessions, runner, push
):
    from tests.notifications.support import register

    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    endpoint = await register(f, ben, push)
    await runner.run()
    cid = (await started(f, c, ana, [ben], "Hi", clientMutationId="start-1"))["conversation"]["id"]
    assert (await started(f, c, ana, [ben], "Hi", clientMutationId="start-1"))["conversation"]["id"] == cid
    first = await send(f, ana, cid, "See you at 3", "msg-1")  # the phone never got this answer
    again = await send(f, ana, cid, "See you at 3", "msg-1")
    assert again["errors"] == [] and again["message"]["id"] == first["message"]["id"]
    async with sessions() as s:
        assert (await s.scalars(select(Message.body).order_by(Message.seq))).all() == ["Hi", "See you at 3"]
    await runner.run()
    async with sessions() as s:  # and Ben is told once per message, not per send
        told = await s.scalar(select(func.count()).select_from(Notification).where(Notification.recipient_id == ben.pk))
    assert told == 2 and push.accepted[endpoint] == 2
    reused = await send(f, ana, cid, "Something else", "msg-1")
    assert reused["errors"][0]["code"] == "CLIENT_ID_REUSED"
    assert await count(sessions, Message) == 2


async def test_two_copies_of_one_send_racing_store_one_message(f, sessions, client):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    cid = (await started(f, c, ana, [ben], "Hi"))["conversation"]["id"]
    answers = await asyncio.gather(*(send(f, ana, cid, "On my way", "race-1") for _ in range(4)))
    assert all(a["errors"] == [] for a in answers)
    assert len({a["message"]["id"] for a in answers}) == 1
    assert await count(sessions, Message) == 2


# --- former members --------------------------------------------------------------------------------


async def test_a_suspended_or_deleted_members_messages_stay_as_a_former_member(f, sessions):
    c = await f.community()
    ana, ben, cy = await f.member(c, "Ana"), await f.member(c, "Ben"), await f.member(c, "Cy")
    await tied(f, c, ana, ben, cy)
    cid = (await started(f, c, ben, [ana, cy], "Hello from Ben", title="Class party"))["conversation"]["id"]
    one_to_one = (await started(f, c, ben, [ana], "Just to you"))["conversation"]["id"]
    member_id = await _member_id(f, c, ben)
    await f.ok(
        "mutation($i: SuspendMemberInput!) { suspendMember(input: $i) { errors { message } } }",
        {"i": {"memberId": member_id}},
        c.admin,
    )
    view = (await f.ok(MESSAGES, {"id": cid}, ana))["conversation"]["messages"]["edges"][0]["node"]
    assert view["body"] == "Hello from Ben" and view["sender"] is None and view["fromFormerMember"] is True
    pair = (await f.ok(MESSAGES, {"id": one_to_one}, ana))["conversation"]
    assert pair["ended"] == "GONE" and pair["canSend"] is False
    # Deleting the account keeps the messages for the others.
    await f.ok(
        "mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { errors { message } } }",
        {"i": {"password": "correct horse battery"}},
        ben,
    )
    view = (await f.ok(MESSAGES, {"id": cid}, cy))["conversation"]["messages"]["edges"][0]["node"]
    assert view["body"] == "Hello from Ben" and view["fromFormerMember"] is True
    people = (await f.ok(LIST, user=cy))["conversations"]["edges"][0]["node"]["people"]
    assert {p["caregiver"]["displayName"] for p in people if p["caregiver"]} == {"Ana"}


async def _member_id(f, c, user) -> str:
    from api.communities.models import Membership
    from api.ids import to_global_id

    async with f.sessions() as s:
        m = await s.scalar(select(Membership.id).where(Membership.account_id == user.pk))
    return to_global_id("Member", m)


async def test_a_conversation_goes_when_the_last_person_in_it_deletes_their_account(f, sessions):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    await started(f, c, ana, [ben], "Hi")
    for person in (ana, ben):
        await f.ok(
            "mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { errors { message } } }",
            {"i": {"password": "correct horse battery"}},
            person,
        )
    assert (await count(sessions, Conversation), await count(sessions, Message)) == (0, 0)


# --- rate limits -----------------------------------------------------------------------------------


async def test_a_sender_is_slowed_down_with_a_clear_error_and_nothing_is_stored(settings, sessions, clean):
    tight = dataclasses.replace(
        settings, messages_per_account=RateLimit(3, 60), conversations_per_account=RateLimit(2, 3600)
    )
    async with AsyncTestClient(create_app(tight)) as client:
        f = Factory(client, sessions)
        c = await f.community()
        ana = await f.member(c, "Ana")
        people = [await f.member(c, f"P{i}") for i in range(3)]
        await tied(f, c, ana, *people)
        cid = (await started(f, c, ana, [people[0]], "one"))["conversation"]["id"]
        await started(f, c, ana, [people[1]], "two")
        third = (await start(f, c, ana, [people[2]], "three"))["data"]["startConversation"]
        assert third["errors"][0]["code"] == "RATE_LIMITED"
        assert "started many conversations" in third["errors"][0]["message"]
        for i in range(3):
            assert (await send(f, ana, cid, f"m{i}"))["errors"] == []
        slow = await send(f, ana, cid, "m3")
        assert slow["errors"][0]["code"] == "RATE_LIMITED" and "Try again in" in slow["errors"][0]["message"]
        # Someone else is not slowed down by Ana.
        assert (await send(f, people[0], cid, "reply"))["errors"] == []
        assert await count(sessions, Message) == 6


# --- reports ---------------------------------------------------------------------------------------


async def test_a_message_is_reported_to_staff_who_see_only_that_message_and_can_remove_it(f, runner):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    staff = await f.member(c, "Sam", role="STAFF")
    olga = await f.member(c, "Olga")
    cid = (await started(f, c, ben, [ana], "Something unkind"))["conversation"]["id"]
    await send(f, ben, cid, "A second message")
    mid = (await f.ok(MESSAGES, {"id": cid}, ana))["conversation"]["messages"]["edges"][1]["node"]["id"]
    # Someone not in the conversation cannot report it (they cannot read it).
    outside = await f.gql(REPORT, {"i": {"communityId": c.id, "subjectId": mid, "reason": "HARASSMENT"}}, olga)
    assert outside["data"]["report"]["errors"][0]["code"] == "NOT_FOUND"
    filed = await f.ok(
        REPORT, {"i": {"communityId": c.id, "subjectId": mid, "reason": "HARASSMENT", "details": "Hurtful"}}, ana
    )
    await runner.run()
    assert "MESSAGE_REPORTED" in await kinds(f, staff)
    reports = await f.ok(
        "query($c: ID!) { reports(communityId: $c) { edges { node { id subjectType excerpt "
        "subjectCaregiver { displayName } } } } }",
        {"c": c.id},
        staff,
    )
    node = reports["reports"]["edges"][0]["node"]
    assert node["subjectType"] == "message" and node["excerpt"] == "Something unkind"
    assert node["subjectCaregiver"] == {"displayName": "Ben"}
    # Staff still cannot open the conversation itself.
    assert (await f.gql(MESSAGES, {"id": cid}, staff))["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    await f.ok(
        "mutation($i: ResolveReportInput!) { resolveReport(input: $i) { errors { code message } } }",
        {"i": {"reportId": filed["report"]["reportId"], "action": "CONTENT_REMOVED"}},
        staff,
    )
    edges = (await f.ok(MESSAGES, {"id": cid}, ana))["conversation"]["messages"]["edges"]
    assert [(e["node"]["body"], e["node"]["removed"]) for e in edges] == [
        ("A second message", False),
        (None, True),
    ]


# --- who is told -----------------------------------------------------------------------------------


async def test_a_new_message_is_pushed_not_listed_in_the_feed_and_reading_drops_the_push(f, sessions, runner, push):
    from tests.notifications.support import register

    c = await f.community()
    ana, ben, cy = await f.member(c, "Ana"), await f.member(c, "Ben"), await f.member(c, "Cy")
    await tied(f, c, ana, ben, cy)
    await register(f, ben, push)
    await runner.run()
    runner.queue.jobs.clear()
    cid = (await started(f, c, ana, [ben, cy], "Hi Ben and Cy"))["conversation"]["id"]
    await runner.run(hold=("send_pushes",))
    async with sessions() as s:
        n = await s.scalar(select(Notification).where(Notification.recipient_id == ben.pk))
    assert n.kind == "message_new" and n.in_feed is False and n.subject_type == "Conversation"
    assert n.subject_id == parse_global_id(cid)[1]
    assert "MESSAGE_NEW" not in await kinds(f, ben)
    # Cy has no phone to push to: nothing is written for her (the conversation shows it).
    async with sessions() as s:
        assert (
            await s.scalar(select(func.count()).select_from(Notification).where(Notification.recipient_id == cy.pk))
            == 0
        )
    # Ben reads it before the push goes: the push is dropped.
    await f.ok(READ, {"i": {"conversationId": cid}}, ben)
    async with sessions() as s:
        assert (await s.get(Notification, n.id)).read_at is not None
    await runner.run()
    assert push.requests == 0


async def test_ids_are_not_guessable_across_types(f: Factory, client: AsyncClient):
    c = await f.community()
    ana, ben = await f.member(c, "Ana"), await f.member(c, "Ben")
    await tied(f, c, ana, ben)
    sent = await started(f, c, ana, [ben], "Hi")
    read = await f.gql(
        READ, {"i": {"conversationId": sent["conversation"]["id"], "upTo": sent["conversation"]["id"]}}, ana
    )
    assert read["data"]["markConversationRead"]["errors"][0]["field"][-1] == "upTo"
    async with f.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Participant)) == 2


# --- export ----------------------------------------------------------------------------------------


async def test_the_export_holds_my_conversations_and_every_message_i_wrote_but_not_the_others(f):
    c = await f.community()
    ana, ben, cy = await f.member(c, "Ana"), await f.member(c, "Ben"), await f.member(c, "Cy")
    await tied(f, c, ana, ben, cy)
    cid = (await started(f, c, ana, [ben, cy], "Who brings snacks?", title="Soccer"))["conversation"]["id"]
    await send(f, ben, cid, "Me! Oranges.")
    await send(f, ana, cid, "Gracias, nos vemos el sábado en el parque.")
    data = (await f.ok("mutation { exportMyData { data errors { code } } }", user=ana))["exportMyData"]["data"]
    [conversation] = data["conversations"]
    assert conversation["title"] == "Soccer" and sorted(conversation["with"]) == ["Ben", "Cy"]
    assert [(m["body"], m["language"]) for m in data["messages"]] == [
        ("Who brings snacks?", "en"),
        ("Gracias, nos vemos el sábado en el parque.", "es"),
    ]
    assert "Oranges" not in str(data)


async def test_nobody_answers_or_marks_read_a_conversation_they_are_not_in_and_answers_need_a_request(f, sessions):
    c = await f.community()
    ana, ben, olga = await f.member(c, "Ana"), await f.member(c, "Ben"), await f.member(c, "Olga")
    staff = await f.member(c, "Sam", role="STAFF")
    cid = (await started(f, c, ana, [ben], "Hi Ben"))["conversation"]["id"]
    for outsider in (olga, staff):
        for doc, i in ((ANSWER, {"conversationId": cid, "accept": True}), (READ, {"conversationId": cid})):
            r = await f.gql(doc, {"i": i}, outsider)
            payload = next(iter(r["data"].values()))
            assert payload["conversation"] is None and payload["errors"][0]["code"] == "NOT_FOUND", outsider.name
    async with sessions() as s:
        states = dict((await s.execute(select(Participant.account_id, Participant.state))).all())
    assert states == {ana.pk: "active", ben.pk: "requested"}
    # Ana started it: there is no request of hers to answer.
    mine = await f.gql(ANSWER, {"i": {"conversationId": cid, "accept": False}}, ana)
    assert mine["data"]["answerMessageRequest"]["errors"][0]["code"] == "NOT_A_REQUEST"
    # A read position never moves back: marking an older message read leaves the newer one read.
    await f.ok(ANSWER, {"i": {"conversationId": cid, "accept": True}}, ben)
    first = (await f.ok(MESSAGES, {"id": cid}, ben))["conversation"]["messages"]["edges"][0]["node"]["id"]
    await send(f, ana, cid, "Are you free Friday?")
    await f.ok(READ, {"i": {"conversationId": cid}}, ben)
    back = await f.ok(READ, {"i": {"conversationId": cid, "upTo": first}}, ben)
    assert back["markConversationRead"]["conversation"]["unreadCount"] == 0
