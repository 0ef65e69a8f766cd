"""Two families writing to each other live, each on their own phone, against the real API. Ana and
Ben share a group: Ana opens "Message this family" beside Ben in the group's members and writes; Ben,
with his messages open, sees the conversation arrive without reloading (with its unread count), opens
it and answers; Ana sees his answer once, announced politely, and he sees hers. Then a family with no
tie: their first message is a request, which Ben accepts before they talk. No sideways scroll at 360
px, controls at least 44 px tall, no axe violation; with VILLAGE_SCREENSHOTS=<folder>, messages.png (a
conversation) and messages-list.png (the list)."""

from __future__ import annotations

import asyncio
import re

from playwright.async_api import Browser, Page, WebSocket, expect
from redis.asyncio import Redis

from api.ids import parse_global_id
from api.messages import live
from tests.e2e.conftest import sign_in
from tests.e2e.test_groups import JOIN, a_group
from tests.e2e.test_skills import another_phone
from tests.e2e.test_tour import check
from tests.factories import Factory

GROUP = "Grade 3 families"
ANAS_FIRST = "Hi Ben! Could Leo ride with you to soccer on Friday?"
BENS_ANSWER = "Sure! We leave from the front gate at 3:15."
ANAS_THANKS = "Thank you, see you there."
README_SHOTS = {"messages", "messages-list"}
LONG = 15_000  # a loaded machine: the other phone, the socket and the server all take their time


async def look(page: Page, axe, name: str) -> None:
    await check(page, axe, name, README_SHOTS)


async def listening(redis: Redis, channel: str) -> None:
    """Waits until the API process listens on the channel for an open screen (one Redis subscription
    per process, however many screens): only then is a change sure to reach it."""
    for _ in range(300):  # up to 15 s
        [(_, n)] = await redis.pubsub_numsub(channel)
        if n:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"nobody listens on {channel}")


def sent_frames(page: Page) -> list[str]:
    """What the page sends over its sockets (to know its subscription went out)."""
    frames: list[str] = []

    def opened(ws: WebSocket) -> None:
        ws.on("framesent", lambda frame: frames.append(frame if isinstance(frame, str) else frame.decode()))

    page.on("websocket", opened)
    return frames


async def subscribed(frames: list[str], field: str) -> None:
    for _ in range(300):
        if any('"subscribe"' in frame and field in frame for frame in frames):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the page never subscribed to {field}")


def conversation_id(page: Page) -> str:
    found = re.search(r"/messages/([A-Za-z0-9_=-]+)$", page.url.split("?")[0])
    assert found, page.url
    return found.group(1)


def thread(page: Page):
    return page.get_by_role("list", name="Messages")


async def test_two_families_write_to_each_other_live(
    page: Page, f: Factory, axe, browser: Browser, app_url: str, redis: Redis, settings
) -> None:
    school = await f.community("Lincoln Elementary")
    ben = await f.member(school, "Ben T.", role="LEADER")
    ana = await f.member(school, "Ana R.")
    group = await a_group(f, ben, school, GROUP, "Homework help, playdates and rides to practice.")
    await f.ok(JOIN, {"i": {"groupId": group}}, ana)

    async with another_phone(browser, app_url) as phone:
        bens_frames = sent_frames(phone)
        # Ben has his messages open: nothing yet.
        await sign_in(phone, ben, "/messages")
        await expect(phone.get_by_role("heading", level=1, name="Messages")).to_be_visible()
        await expect(phone.get_by_text(re.compile("^No messages yet"))).to_be_visible(timeout=LONG)
        await listening(redis, live.inbox_channel(settings, ben.pk))

        # Ana finds Ben among the group's members and writes to him.
        await sign_in(page, ana, f"/groups/{group}/members")
        await page.get_by_role("link", name="Message Ben T.").click()
        await expect(page.get_by_role("heading", level=1, name="Message Ben T.")).to_be_visible()
        await look(page, axe, "new message")
        await page.get_by_label(re.compile("^Your message to Ben T")).fill(ANAS_FIRST)
        await page.get_by_role("button", name="Send").click()
        await expect(page.get_by_role("heading", level=1, name="Ben T.")).to_be_visible(timeout=LONG)
        await expect(thread(page)).to_contain_text(ANAS_FIRST)
        conversation = conversation_id(page)
        await listening(redis, live.conversation_channel(settings, parse_global_id(conversation)[1]))
        # They share a group: a conversation at once, not a request.
        await expect(page.get_by_text(re.compile("^Message request sent"))).to_have_count(0)

        # Ben's list shows it without a reload, unread.
        chats = phone.get_by_role("list", name="Conversations")
        item = chats.get_by_role("listitem").filter(has_text="Ana R.")
        await expect(item).to_contain_text(ANAS_FIRST, timeout=LONG)
        await expect(item.get_by_label("1 unread message")).to_be_visible()
        await expect(phone.get_by_text(re.compile("^No messages yet"))).to_have_count(0)
        await look(phone, axe, "messages-list")

        # Ben opens it; while both have it open, each sees what the other writes, once.
        await item.get_by_role("link", name="Ana R.").click()
        await expect(phone.get_by_role("heading", level=1, name="Ana R.")).to_be_visible()
        await expect(thread(phone)).to_contain_text(ANAS_FIRST)
        await subscribed(bens_frames, "messageAdded")

        await phone.get_by_label(re.compile("^Your message to Ana R")).fill(BENS_ANSWER)
        await phone.get_by_role("button", name="Send").click()
        await expect(thread(phone)).to_contain_text(BENS_ANSWER, timeout=LONG)

        await expect(thread(page)).to_contain_text(BENS_ANSWER, timeout=LONG)
        await expect(page.get_by_text(BENS_ANSWER)).to_have_count(1)
        await expect(page.locator("section [role=status].visually-hidden")).to_have_text("1 new message")

        await page.get_by_label(re.compile("^Your message to Ben T")).fill(ANAS_THANKS)
        await page.get_by_role("button", name="Send").click()
        await expect(thread(page)).to_contain_text(ANAS_THANKS, timeout=LONG)
        await expect(thread(phone)).to_contain_text(ANAS_THANKS, timeout=LONG)
        await expect(phone.get_by_text(ANAS_THANKS)).to_have_count(1)
        await expect(phone.get_by_text(BENS_ANSWER)).to_have_count(1)  # his own, once
        await expect(page.get_by_text(ANAS_THANKS)).to_have_count(1)
        await look(phone, axe, "conversation, his side")

        # Oldest at the top, mine on my side.
        await expect(thread(page).get_by_role("listitem")).to_have_count(3)
        await expect(thread(page).get_by_role("listitem").first).to_contain_text(ANAS_FIRST)
        await expect(thread(page).get_by_role("listitem").last).to_contain_text(ANAS_THANKS)
        await expect(thread(page).locator("li[data-mine]")).to_have_count(2)
        await look(page, axe, "messages")


async def test_a_first_message_to_a_family_without_a_tie_is_a_request_they_accept(
    page: Page, f: Factory, axe, browser: Browser, app_url: str, redis: Redis, settings
) -> None:
    school = await f.community("Lincoln Elementary")
    ben = await f.member(school, "Ben T.")
    ana = await f.member(school, "Ana R.")

    async with another_phone(browser, app_url) as phone:
        await sign_in(phone, ben, "/messages")
        await expect(phone.get_by_text(re.compile("^No messages yet"))).to_be_visible(timeout=LONG)
        await listening(redis, live.inbox_channel(settings, ben.pk))

        await sign_in(page, ana, f"/messages/new?to={ben.id}&name=Ben%20T.")
        await page.get_by_label(re.compile("^Your message to Ben T")).fill(ANAS_FIRST)
        await page.get_by_role("button", name="Send").click()
        await expect(page.get_by_role("heading", level=1, name="Ben T.")).to_be_visible(timeout=LONG)
        await expect(page.get_by_text(re.compile("^Message request sent"))).to_be_visible()
        await listening(redis, live.conversation_channel(settings, parse_global_id(conversation_id(page))[1]))

        # Ben is told live that a request waits; it shows her first message, so he can decide.
        requests = phone.get_by_role("link", name="Requests (1)")
        await expect(requests).to_be_visible(timeout=LONG)
        await requests.click()
        await expect(phone.get_by_role("heading", level=1, name="Message requests")).to_be_visible()
        asking = phone.get_by_role("list", name="Message requests").get_by_role("listitem").filter(has_text="Ana R.")
        await expect(asking).to_contain_text(ANAS_FIRST)
        await look(phone, axe, "message requests")
        await asking.get_by_role("button", name="Accept the request from Ana R.").click()

        # Accepted: the conversation, where he can answer, and she sees it live.
        await expect(phone.get_by_role("heading", level=1, name="Ana R.")).to_be_visible(timeout=LONG)
        await phone.get_by_label(re.compile("^Your message to Ana R")).fill(BENS_ANSWER)
        await phone.get_by_role("button", name="Send").click()
        await expect(thread(page)).to_contain_text(BENS_ANSWER, timeout=LONG)
        await expect(page.get_by_text(BENS_ANSWER)).to_have_count(1)
        await expect(page.get_by_text(re.compile("^Message request sent"))).to_have_count(0, timeout=LONG)
