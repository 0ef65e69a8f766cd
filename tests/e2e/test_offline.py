"""Offline on a phone: the app shell comes from the service worker, screens show what was last
seen (and say so), and asking for help or offering help while offline waits, shown as pending,
until the connection returns — then it reaches the server."""

from __future__ import annotations

import re

from playwright.async_api import BrowserContext, Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_skills import MATCHES, NEED_TITLE, helper_and_family, post_need

NEEDS = "query($c: ID!) { needs(communityId: $c) { edges { node { title } } } }"
SAVED_NOTE = re.compile(r"Showing what you last saw")

# True once the last-seen copy of `operation` is in the app's IndexedDB cache (written just after
# the screen shows it), so going offline cannot race the write.
CACHED = """async (operation) => {
  const db = await new Promise((ok, fail) => {
    const r = indexedDB.open('village-cache');
    r.onsuccess = () => ok(r.result);
    r.onerror = fail;
  });
  if (!db.objectStoreNames.contains('queries')) { db.close(); return false; }
  const keys = await new Promise((ok) => {
    const r = db.transaction('queries').objectStore('queries').getAllKeys();
    r.onsuccess = () => ok(r.result);
  });
  db.close();
  return keys.some((k) => String(k).includes('|' + operation + '|'));
}"""


async def controlled_by_service_worker(page: Page) -> None:
    """Wait until the service worker is installed and controls this page (reloading once if the
    first load happened before it claimed the page)."""
    await page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    if not await page.evaluate("() => !!navigator.serviceWorker.controller"):
        await page.reload()
    await page.wait_for_function("() => !!navigator.serviceWorker.controller")


async def test_home_offline_shows_last_seen_and_queues_a_need_until_back_online(
    page: Page, context: BrowserContext, f
) -> None:
    c, _, ana = await helper_and_family(f)
    await post_need(f, c, ana)
    await sign_in(page, ana, "/")
    my_needs = page.get_by_role("region", name="My needs")
    await expect(my_needs.get_by_role("link", name=NEED_TITLE)).to_be_visible()
    await controlled_by_service_worker(page)
    await expect(my_needs.get_by_role("link", name=NEED_TITLE)).to_be_visible()
    await page.wait_for_function(CACHED, arg="SkillsOpenNeeds")
    await page.wait_for_function(CACHED, arg="SkillsCategories")  # the form's categories, offline too

    await context.set_offline(True)
    await page.reload()  # the shell comes from the service worker, the data from the last visit
    await expect(page.get_by_role("heading", name="Hello, Ana")).to_be_visible()
    await expect(my_needs.get_by_role("link", name=NEED_TITLE)).to_be_visible()
    await expect(page.get_by_text(SAVED_NOTE)).to_be_visible()

    await page.get_by_role("link", name="Ask for help").first.click()
    await page.get_by_label("Category").select_option("languages.english")
    await page.get_by_label("What do you need?").fill("Someone to practice English with")
    await page.get_by_role("button", name="Ask for help").click()
    await expect(page).to_have_url(re.compile(r"/$"))
    pending = page.get_by_test_id("pending-actions")
    await expect(pending).to_contain_text("Ask for help: Someone to practice English with")
    await expect(pending).to_contain_text("Pending")
    titles = [e["node"]["title"] for e in (await f.ok(NEEDS, {"c": c.id}, ana))["needs"]["edges"]]
    assert "Someone to practice English with" not in titles

    await context.set_offline(False)
    await expect(pending).to_have_count(0, timeout=15_000)
    titles = [e["node"]["title"] for e in (await f.ok(NEEDS, {"c": c.id}, ana))["needs"]["edges"]]
    assert "Someone to practice English with" in titles
    await expect(my_needs.get_by_role("link", name="Someone to practice English with")).to_be_visible()


async def test_offering_help_offline_waits_and_is_sent_when_back_online(page: Page, context: BrowserContext, f) -> None:
    c, maria, ana = await helper_and_family(f)
    need_id = await post_need(f, c, ana)
    await f.ok(MATCHES, {"id": need_id}, ana)  # Ana looked at her need: María is suggested
    await sign_in(page, maria, f"/needs/{need_id}")
    await expect(page.get_by_role("heading", name=NEED_TITLE, level=1)).to_be_visible()
    await controlled_by_service_worker(page)
    await expect(page.get_by_role("button", name="Offer to help")).to_be_visible()
    await page.wait_for_function(CACHED, arg="SkillsNeed")

    await context.set_offline(True)
    await page.reload()
    await expect(page.get_by_role("heading", name=NEED_TITLE, level=1)).to_be_visible()
    await expect(page.get_by_text(SAVED_NOTE)).to_be_visible()
    await page.get_by_label("A message for Ana").fill("I can help on Tuesdays.")
    await page.get_by_role("button", name="Offer to help").click()
    pending = page.get_by_test_id("pending-actions")
    await expect(pending).to_contain_text(f"Offer to help: {NEED_TITLE}")
    await expect(page.get_by_text("Your offer is saved and will be sent when you are back online.")).to_be_visible()
    assert (await f.ok(MATCHES, {"id": need_id}, ana))["matchesForNeed"][0]["status"] == "SUGGESTED"

    await context.set_offline(False)
    await expect(pending).to_have_count(0, timeout=15_000)
    assert (await f.ok(MATCHES, {"id": need_id}, ana))["matchesForNeed"][0]["status"] == "OFFERED"
    await expect(page.get_by_text("You offered")).to_be_visible()


async def test_a_need_whose_answer_is_lost_on_the_way_is_posted_once(page: Page, context: BrowserContext, f) -> None:
    """The server makes the need, but the answer never reaches the phone (the connection drops on
    the way back): the app keeps the action and sends it again, with the same clientMutationId, so
    the family's need exists once."""
    c, _, ana = await helper_and_family(f)
    await sign_in(page, ana, "/needs/new")
    lost = []

    async def lose_the_first_answer(route) -> None:
        if not lost and "QueuedPostNeed" in (route.request.post_data or ""):
            lost.append(await route.fetch())  # the server acts...
            await route.abort("connectionreset")  # ...and its answer is lost
            return
        await route.continue_()

    await page.route("**/graphql", lose_the_first_answer)
    await page.get_by_label("Category").select_option("languages.english")
    await page.get_by_label("What do you need?").fill("Someone to practice English with")
    await page.get_by_role("button", name="Ask for help").click()
    pending = page.get_by_test_id("pending-actions")
    await expect(pending).to_contain_text("Ask for help: Someone to practice English with")
    assert lost and lost[0].ok
    await context.set_offline(True)
    await context.set_offline(False)  # back online: the queue sends it again
    await expect(pending).to_have_count(0, timeout=15_000)
    titles = [e["node"]["title"] for e in (await f.ok(NEEDS, {"c": c.id}, ana))["needs"]["edges"]]
    assert titles.count("Someone to practice English with") == 1
