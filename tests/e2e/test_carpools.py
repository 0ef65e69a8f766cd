"""Carpools on two phones, against the real API. Olga sets up a school-year weekday run in one form
(the destination typed, everything else as the editor proposes); Ben finds it under "Near me", sees
only the approximate pickup area, and asks seats for his children; Olga approves him from her
carpool's requests; Ben now sees the exact pickup, the trips with their proposed drivers and the
ledger, and marks one child as not riding the first trip. Every screen: no sideways scroll at 360
px, controls at least 44 px tall, no axe violation; with VILLAGE_SCREENSHOTS=<folder>, carpools.png
(the list) and carpool.png (a carpool's page) for the README."""

from __future__ import annotations

import re

from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_skills import another_phone
from tests.e2e.test_tour import check
from tests.factories import Factory

DESTINATION = "Lincoln Elementary"
PICKUP = "In front of the library on Oak St"
README_SHOTS = {"carpools", "carpool"}
LONG = 15_000


async def look(page: Page, axe, name: str) -> None:
    await check(page, axe, name, README_SHOTS)


async def test_a_school_run_set_up_found_asked_for_and_approved(
    page: Page, f: Factory, axe, browser: Browser, app_url: str
) -> None:
    school = await f.community("Lincoln Elementary")
    olga = await f.member(school, "Olga M.", postalCode="78701")
    ben = await f.member(school, "Ben T.", postalCode="78702")
    await f.child(olga, "Ollie")
    await f.child(ben, "Bea")
    await f.child(ben, "Bo")

    # Olga: one form, the school year proposed (Monday to Friday, there and back).
    await sign_in(page, olga, "/carpools/new")
    await expect(page.get_by_role("heading", level=1, name="Start a carpool")).to_be_visible()
    await page.get_by_label("Where to").fill(DESTINATION)
    await page.get_by_label("Postal code of the pickup area").fill("78701")
    await page.get_by_label("Exact pickup (optional)").fill(PICKUP)
    await look(page, axe, "new carpool")
    await page.get_by_role("button", name="Start the carpool").click()
    await expect(page.get_by_role("heading", level=1, name=f"{DESTINATION} run")).to_be_visible(timeout=LONG)
    await expect(page.get_by_text(re.compile("^Village does not screen drivers"))).to_be_visible()
    await expect(page.get_by_text(PICKUP)).to_be_visible()
    carpool_url = page.url

    async with another_phone(browser, app_url) as phone:
        # Ben finds it near him: the area, not the exact pickup.
        await sign_in(phone, ben, "/carpools?tab=near")
        near = phone.get_by_role("list", name="Carpools near me")
        card = near.get_by_role("listitem").filter(has_text=DESTINATION)
        await expect(card).to_be_visible(timeout=LONG)
        await expect(card).to_contain_text("seats free")
        await card.get_by_role("link").first.click()
        await expect(phone.get_by_role("heading", level=1, name=f"{DESTINATION} run")).to_be_visible()
        await expect(phone.get_by_text(PICKUP)).to_have_count(0)
        await expect(phone.get_by_text(re.compile("^The exact pickup and the families"))).to_be_visible()
        await look(phone, axe, "carpool, before asking")

        # He asks seats for both children, and says they can drive.
        await phone.get_by_label("We can drive").check()
        await phone.get_by_role("button", name="Ask for seats").click()
        await expect(phone.get_by_role("heading", name="Waiting for the organiser")).to_be_visible(timeout=LONG)

        # Olga approves him from the carpool's requests.
        await page.goto(carpool_url)
        await page.get_by_role("button", name="Approve Ben T.").click()
        await expect(page.get_by_role("button", name="Approve Ben T.")).to_have_count(0, timeout=LONG)

        # Ben: the exact pickup, the trips with their drivers, the ledger.
        await phone.reload()
        await expect(phone.get_by_text(PICKUP)).to_be_visible(timeout=LONG)
        trips = phone.get_by_role("list", name="Upcoming trips")
        await expect(trips.get_by_role("listitem").first).to_be_visible()
        await expect(phone.get_by_role("heading", name="Ledger")).to_be_visible()
        # The first trip still to come (one under way only offers the driver's check-in).
        bea = trips.get_by_role("button", name="Bea: not riding today").first
        await expect(bea).to_have_attribute("aria-pressed", "false")
        await bea.click()
        await expect(bea).to_have_attribute("aria-pressed", "true", timeout=LONG)
        await look(phone, axe, "carpool")

    # Olga's list: her carpool, with both families' children in it.
    await sign_in(page, olga, "/carpools")
    mine = page.get_by_role("list", name="My carpools")
    await expect(mine.get_by_role("listitem").filter(has_text=DESTINATION)).to_be_visible(timeout=LONG)
    await look(page, axe, "carpools")
