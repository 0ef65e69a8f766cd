"""The demo school as a newcomer meets it on first run (`village seed`): a caregiver signs in with a
printed login and finds matches suggested for her with their reasons and a thank-you in her
notifications; the family liaison finds people waiting and a report. With VILLAGE_SCREENSHOTS the
walk saves the README's demo screenshots."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.e2e.test_skills import another_phone
from tests.e2e.test_tour import look
from village import seed


async def log_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(seed.PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", level=1, name=re.compile("^(Hello|Hola)"))).to_be_visible()


def login_for(result: seed.Result, what: str, kind: str) -> seed.Person:
    """The printed login whose line promises `what` (the line is worked out from the data)."""
    return next(p for p in result.logins if what in p.note and kind in p.kind)


async def test_the_demo_shows_matches_with_reasons_and_staff_work_on_first_run(
    page: Page, browser, app_url, sessions, settings, axe
) -> None:
    result = await seed.seed(sessions, settings, progress=lambda _: None)
    helper = login_for(result, "suggested match", "English")
    await log_in(page, helper.email)
    await expect(page.get_by_role("heading", name="Matches for me")).to_be_visible()
    suggested = (
        page.locator("section").filter(has=page.get_by_role("heading", name="Matches for me")).get_by_role("link")
    )
    await expect(suggested.first).to_be_visible()
    assert await suggested.count() >= 2, "the demo promises suggested matches on the helper's home"
    await look(page, axe, "demo-home")

    # A suggestion says why this family's need fits her.
    await suggested.first.click()
    await expect(page.get_by_text(re.compile(r"listed|speaks|about \d+ km|free "))).not_to_have_count(0)
    await look(page, axe, "demo-match")

    # The family liaison: people wait for her, with what they wrote, and a report.
    staff = next(p for p in result.logins if "waiting for verification" in p.note)
    async with another_phone(browser, app_url) as staff_page:
        await log_in(staff_page, staff.email)
        await staff_page.goto("/staff")
        await expect(
            staff_page.get_by_text(re.compile(r"\d+ (people waiting to join|personas esperan para unirse)"))
        ).to_be_visible()
        await expect(staff_page.get_by_text(re.compile(r"1 (open report|reporte abierto)"))).to_be_visible()
        await look(staff_page, axe, "demo-school")
