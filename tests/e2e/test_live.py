"""A group's page live on a phone, against the real API: Ana has her group open while Ben posts and
comments from his phone, and she sees both without reloading, once each (her own post too), with the
news announced politely; then her home shows the news from her groups and the date she is going to.
No sideways scroll at 360 px, controls at least 44 px tall, no axe violation; with
VILLAGE_SCREENSHOTS=<folder>, home-groups.png (home with the two sections)."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.async_api import Browser, Page, WebSocket, expect
from redis.asyncio import Redis

from api.groups import live
from api.ids import parse_global_id
from tests.e2e.conftest import sign_in
from tests.e2e.test_groups import JOIN, a_group, post_of
from tests.e2e.test_skills import another_phone
from tests.e2e.test_tour import check
from tests.factories import Factory

CREATE_EVENT = "mutation($i: CreateEventInput!) { createEvent(input: $i) { event { id } errors { field message } } }"
RSVP = "mutation($i: RsvpInput!) { rsvp(input: $i) { rsvp { status } errors { field message } } }"
CHICAGO = ZoneInfo("America/Chicago")  # the test community's time zone
GROUP = "Grade 3 families"
BENS_POST = "Who is going to the book fair on Friday? We could walk over together."
BENS_COMMENT = "Meet at the front gate at 3:15."
ANAS_POST = "Count us in! Leo wants to find the dragon books."
README_SHOTS = {"home-groups"}


async def look(page: Page, axe, name: str) -> None:
    await check(page, axe, name, README_SHOTS)


async def listening(redis: Redis, settings, group_id: str) -> None:
    """Waits until the server listens to the group for the open page (the API process has subscribed
    to the group's channel): only then is a change sure to reach the page."""
    channel = live.channel(settings, parse_global_id(group_id)[1])
    for _ in range(300):  # up to 15 s: a loaded CI machine
        [(_, n)] = await redis.pubsub_numsub(channel)
        if n:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"nobody listens on {channel}")


async def test_a_group_page_shows_posts_and_comments_as_they_are_made_and_home_shows_the_news(
    page: Page, f: Factory, axe, browser: Browser, app_url: str, redis: Redis, settings
) -> None:
    school = await f.community("Lincoln Elementary")
    ben = await f.member(school, "Ben T.", role="LEADER")
    ana = await f.member(school, "Ana R.")
    group = await a_group(f, ben, school, GROUP, "Homework help, playdates and rides to practice.")
    await f.ok(JOIN, {"i": {"groupId": group}}, ana)

    # What reaches Ana's page over its one socket.
    sockets: list[WebSocket] = []
    received: list[str] = []

    def opened(ws: WebSocket) -> None:
        sockets.append(ws)
        ws.on("framereceived", lambda frame: received.append(frame if isinstance(frame, str) else frame.decode()))

    page.on("websocket", opened)

    # Ana opens the group: nothing posted yet.
    await sign_in(page, ana, f"/groups/{group}")
    await expect(page.get_by_role("heading", level=1, name=GROUP)).to_be_visible()
    await expect(page.get_by_text("No posts yet. Say hello!")).to_be_visible()
    await listening(redis, settings, group)
    assert len(sockets) == 1 and sockets[0].url.endswith("/graphql")
    announced = page.locator("[role=status].visually-hidden")
    await expect(announced).to_have_text("")

    async with another_phone(browser, app_url) as phone:
        # Ben posts from his phone; Ana's page shows it without a reload, and says so.
        await sign_in(phone, ben, f"/groups/{group}")
        await phone.get_by_label(re.compile("^Your post")).fill(BENS_POST)
        await phone.get_by_role("button", name="Post", exact=True).click()
        await expect(phone.get_by_role("status").filter(has_text="Posted.")).to_be_visible()

        bens = post_of(page, "Ben T.")
        await expect(bens).to_contain_text(BENS_POST)
        await expect(page.get_by_text("No posts yet. Say hello!")).to_have_count(0)
        await expect(announced).to_have_text("1 new post")

        # Ben comments on it; Ana sees the comment under the post.
        await phone.get_by_role("article", name="Ben T.").get_by_label("Write a comment").fill(BENS_COMMENT)
        await phone.get_by_role("article", name="Ben T.").get_by_role("button", name="Comment", exact=True).click()
        await expect(phone.get_by_role("article", name="Ben T.")).to_contain_text(BENS_COMMENT)

        await expect(bens.get_by_role("list", name="Latest comments")).to_contain_text(BENS_COMMENT)
        await expect(bens).to_contain_text("1 comment")
        await expect(announced).to_have_text("1 new post, 1 new comment")
        await expect(page.get_by_text(BENS_POST)).to_have_count(1)

    # Ana posts too: the feed reads it back and the socket reports it, and it shows once.
    await page.get_by_label(re.compile("^Your post")).fill(ANAS_POST)
    await page.get_by_role("button", name="Post", exact=True).click()
    await expect(page.get_by_role("status").filter(has_text="Posted.")).to_be_visible()
    for _ in range(100):
        if any(ANAS_POST in frame for frame in received):
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the socket never reported Ana's post")
    await expect(post_of(page, "Ana R.")).to_contain_text(ANAS_POST)
    await expect(page.get_by_text(ANAS_POST)).to_have_count(1)
    await expect(page.get_by_text(BENS_POST)).to_have_count(1)
    await expect(announced).to_have_text("1 new post, 1 new comment")  # her own is not news to her
    await look(page, axe, "group, live")
    assert len(sockets) == 1  # one socket for the page, however much happened

    # Ben plans a date for the group; Ana's family is going.
    day = datetime.now(CHICAGO).date() + timedelta(days=5)
    made = await f.ok(
        CREATE_EVENT,
        {
            "i": {
                "groupId": group,
                "title": "Book fair walk",
                "placeName": "Lincoln Elementary library",
                "startsAt": f"{day.isoformat()}T15:15:00",
                "endsAt": f"{day.isoformat()}T16:30:00",
            }
        },
        ben,
    )
    event = made["createEvent"]["event"]["id"]
    await f.ok(RSVP, {"i": {"eventId": event, "occurrence": day.isoformat(), "going": True, "children": 1}}, ana)

    # Home: the news from her groups (Ben's post, marked new, linking to it) and the date she is going to.
    await page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    news = page.get_by_role("region", name="News from my groups")
    await expect(news).to_be_visible()
    item = news.get_by_role("listitem").filter(has_text=GROUP)
    await expect(item).to_contain_text("Ben T.")
    await expect(item).to_contain_text("New")
    await expect(news.get_by_role("listitem")).to_have_count(1)  # not her own post
    upcoming = page.get_by_role("region", name="Upcoming events")
    await expect(upcoming.get_by_role("link", name="Book fair walk")).to_have_attribute("href", f"/events/{event}")
    await expect(upcoming).to_contain_text("3:15 PM · Lincoln Elementary library")
    await news.evaluate("el => el.scrollIntoView({ block: 'start' })")
    await look(page, axe, "home-groups")

    # The news opens the post, in its group.
    await item.get_by_role("link", name=re.compile("^Who is going to the book fair")).click()
    await expect(page.get_by_role("heading", level=1, name=GROUP)).to_be_visible()
    await expect(page).to_have_url(re.compile(rf"/groups/{group}#post-"))
    await expect(post_of(page, "Ben T.")).to_contain_text(BENS_POST)


async def test_home_points_the_way_when_there_is_no_news_and_nothing_planned(page: Page, f: Factory, axe) -> None:
    school = await f.community("Lincoln Elementary")
    ana = await f.member(school, "Ana R.")
    await sign_in(page, ana, "/")
    news = page.get_by_role("region", name="News from my groups")
    await expect(news).to_contain_text("No news from your groups yet.")
    await news.get_by_role("link", name="Find a group").click()
    await expect(page.get_by_role("heading", level=1, name="Groups")).to_be_visible()
    await page.go_back()
    upcoming = page.get_by_role("region", name="Upcoming events")
    await expect(upcoming).to_contain_text("No events on your calendar yet.")
    await expect(upcoming.get_by_role("link", name="See events")).to_have_attribute("href", "/events")
    await look(page, axe, "home, no groups")
