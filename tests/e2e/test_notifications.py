"""The notifications list, with notifications made for real: a family posts a need, a helper
offers help, and the worker (run in-process, deterministically) writes the notification."""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.async_api import Page, expect

from api.ids import to_global_id
from tests.e2e.conftest import sign_in
from tests.notifications.support import Scene, notifications_of, post_need, scene

OFFER = "mutation($i: OfferHelpInput!) { offerHelp(input: $i) { match { id } errors { code message } } }"
FEED = "{ notifications { unreadCount edges { node { id read } } } }"


async def offer(f, s: Scene, title: str) -> str:
    """Ana asks for help; María offers it: Ana gets a 'Someone offered to help'. Returns the match ID."""
    need = await post_need(f, s, title)
    data = await f.ok(OFFER, {"i": {"needId": need, "message": "Happy to help"}}, s.maria)
    return data["offerHelp"]["match"]["id"]


def badge(page: Page):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("Notifications"))


async def test_a_new_notification_is_listed_counted_and_opens_its_match(page: Page, f, runner, sessions, axe) -> None:
    s = await scene(f)
    match_id = await offer(f, s, "Fractions homework")
    await runner.run()
    [n] = [n for n in await notifications_of(sessions, s.ana) if n.kind == "match_offered"]
    note_id = to_global_id("Notification", n.id)

    await sign_in(page, s.ana, "/notifications")
    await expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    item = page.get_by_role("link", name=re.compile("Someone offered to help"))
    await expect(item).to_be_visible()
    # Unread is said in words, not only shown by colour; who did it and when are there too.
    await expect(item).to_contain_text("New")
    await expect(item).to_contain_text("María offered to help with your need.")
    await expect(item).to_contain_text("From María")
    await expect(item.locator("time")).to_have_text(re.compile(r"now|second|minute"))
    await expect(page.get_by_text("1 new notification")).to_be_visible()
    await expect(badge(page)).to_have_accessible_name(re.compile("1 unread"))
    await axe(page, "notifications with an unread item")

    await item.click()
    await expect(page).to_have_url(
        re.compile(re.escape(f"/matches/{quote(match_id, safe='')}?n={quote(note_id, safe='')}") + "$")
    )
    # Opening it marked it read: the badge goes, and the server agrees.
    await expect(badge(page)).to_have_accessible_name("Notifications")
    feed = (await f.ok(FEED, user=s.ana))["notifications"]
    assert feed["unreadCount"] == 0
    assert {e["node"]["id"]: e["node"]["read"] for e in feed["edges"]}[note_id] is True


async def test_mark_all_as_read_clears_the_badge(page: Page, f, runner) -> None:
    s = await scene(f)
    await offer(f, s, "Fractions homework")
    await offer(f, s, "Reading together")
    await runner.run()

    await sign_in(page, s.ana, "/notifications")
    await expect(page.get_by_role("link", name=re.compile("Someone offered to help"))).to_have_count(2)
    await expect(badge(page)).to_have_accessible_name(re.compile("2 unread"))
    await page.get_by_role("button", name="Mark all as read").click()
    await expect(page.get_by_role("status").filter(has_text="All notifications are marked as read.")).to_be_visible()
    await expect(badge(page)).to_have_accessible_name("Notifications")
    await expect(page.get_by_text("You are all caught up.")).to_be_visible()
    await expect(page.locator(".notif-list").get_by_text("New", exact=True)).to_have_count(0)
    await expect(page.get_by_role("button", name="Mark all as read")).to_have_count(0)
    assert (await f.ok(FEED, user=s.ana))["notifications"]["unreadCount"] == 0


async def test_spanish_viewers_see_spanish_titles(page: Page, f, runner) -> None:
    c = await f.community()
    ana = await f.member(c, "Ana", uiLanguage="es")
    maria = await f.member(c, "María")
    await f.ok(
        "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { code } } }",
        {"i": {"category": "tutoring.math", "title": "Math tutoring", "modes": ["VIRTUAL"]}},
        maria,
    )
    await offer(f, Scene(c, ana, maria), "Tarea de fracciones")
    await runner.run()

    await sign_in(page, ana, "/notifications")
    await expect(page.get_by_role("heading", name="Notificaciones", level=1)).to_be_visible()
    item = page.get_by_role("link", name=re.compile("Alguien ofreció ayuda"))
    await expect(item).to_contain_text("María ofreció ayudar con tu necesidad.")
    await expect(item).to_contain_text("Nueva")
    await expect(page.get_by_role("button", name="Marcar todo como leído")).to_be_visible()


async def test_the_empty_list_says_what_will_show_here(page: Page, f, axe) -> None:
    c = await f.community()
    bea = await f.member(c, "Bea")
    await sign_in(page, bea, "/notifications")
    await expect(page.get_by_role("heading", name="Nothing here yet")).to_be_visible()
    await expect(page.get_by_text("When a family offers help, asks for yours or says thank you")).to_be_visible()
    await expect(page.get_by_role("button", name="Mark all as read")).to_have_count(0)
    await axe(page, "notifications, empty")


async def test_show_more_pages_through_older_notifications(page: Page, f, runner, sessions) -> None:
    s = await scene(f)
    luis = await f.member(s.community, "Luis")  # a family has at most 20 open needs
    for i in range(21):  # each need María could help with is a 'New match suggestion' for her
        await post_need(f, s if i % 2 else Scene(s.community, luis, s.maria), f"Math question {i + 1}")
    await runner.run()
    assert len(await notifications_of(sessions, s.maria)) == 21

    await sign_in(page, s.maria, "/notifications")
    items = page.locator(".notif-list > li")
    await expect(items).to_have_count(20)
    await expect(page.get_by_text("21 new notifications")).to_be_visible()
    await page.get_by_role("button", name="Show more").click()
    await expect(items).to_have_count(21)
    await expect(page.get_by_role("button", name="Show more")).to_have_count(0)


async def test_offline_the_list_shows_what_was_last_seen(page: Page, context, f, runner) -> None:
    s = await scene(f)
    await offer(f, s, "Fractions homework")
    await runner.run()
    await sign_in(page, s.ana, "/notifications")
    item = page.get_by_role("link", name=re.compile("Someone offered to help"))
    await expect(item).to_be_visible()
    await page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # the shell is cached

    await context.set_offline(True)
    await page.reload()
    await expect(page.get_by_text(re.compile(r"Showing what you last saw \("))).to_be_visible()
    await expect(item).to_be_visible()
    await expect(page.get_by_role("button", name="Mark all as read")).to_be_disabled()
