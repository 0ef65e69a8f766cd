"""Events on a phone, against the real API: a group's leader plans a weekly event with room for two
people from the group's page; one family answers for two and gets the seats, the next family is put
on the waiting list and sees its place in the line; the leader cancels one date. Every new screen:
no sideways scroll at 360 px, controls at least 44 px tall, no axe violation."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_groups import JOIN, a_group, look
from tests.e2e.test_skills import another_phone

TITLE = "Saturday park playdate"


def first_date_panel(page: Page):
    """The answer for the first listed date (the series has its own panel, "for every date")."""
    return page.get_by_role("region", name=re.compile("^Your answer for [A-Z]")).first


async def test_a_leader_plans_a_weekly_event_and_families_fill_it_then_wait(
    page: Page, f, axe, browser: Browser, app_url: str
) -> None:
    school = await f.community("Lincoln Elementary")
    carmen = await f.member(school, "Carmen R.", role="LEADER")
    ana = await f.member(school, "Ana R.")
    ben = await f.member(school, "Ben T.")
    group = await a_group(f, carmen, school, "Grade 3 families", "Playdates and homework help.")
    for family in (ana, ben):
        await f.ok(JOIN, {"i": {"groupId": group}}, family)
    start = datetime.now(ZoneInfo("America/Chicago")).date() + timedelta(days=7)

    # Carmen plans it from the group's page: weekly for a month, room for two people.
    await sign_in(page, carmen, f"/groups/{group}")
    await page.get_by_role("link", name="See this group's events").click()
    await expect(page.get_by_role("heading", level=1, name="Events")).to_be_visible()
    await expect(page.get_by_text("Nothing planned in the next 60 days.")).to_be_visible()
    await look(page, axe, "events, group")
    await page.get_by_role("link", name="Plan an event").click()
    await expect(page.get_by_role("heading", level=1, name="Plan an event")).to_be_visible()
    await page.get_by_label(re.compile("^Title")).fill(TITLE)
    await page.get_by_label(re.compile("^Place")).fill("Lincoln Park playground")
    await page.get_by_label(re.compile("^Start date")).fill(start.isoformat())
    await page.get_by_label(re.compile("^Start time")).fill("10:00")
    await page.get_by_label(re.compile("^End time")).fill("11:30")
    await page.get_by_label(re.compile("^Repeat")).select_option("weekly")
    await page.get_by_label(re.compile("^Capacity")).fill("2")
    await page.get_by_role("button", name="Plan the event").click()
    await expect(page.get_by_text("Choose the last date.")).to_be_visible()
    await page.get_by_label(re.compile("^Last date")).fill((start + timedelta(days=28)).isoformat())
    await look(page, axe, "event-new")
    await page.get_by_role("button", name="Plan the event").click()
    await expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    await expect(page.get_by_text(re.compile("^Every week until"))).to_be_visible()
    await expect(page.get_by_text("Room for 2 people")).to_be_visible()
    await expect(page.get_by_text("2 places left").first).to_be_visible()
    await look(page, axe, "event, organiser")
    event_path = page.url.removeprefix(app_url)

    async with another_phone(browser, app_url) as phone:
        # Ana answers for two people on the first date and gets the seats.
        await sign_in(phone, ana, event_path)
        await expect(phone.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
        panel = first_date_panel(phone)
        await expect(panel.get_by_role("status")).to_have_text("You have not answered yet.")
        await look(phone, axe, "event, member")
        await panel.get_by_label(re.compile("^Adults")).fill("1")
        await panel.get_by_label(re.compile("^Children")).fill("1")
        await panel.get_by_role("button", name="Going", exact=True).click()
        await expect(first_date_panel(phone).get_by_role("status")).to_have_text(
            "You are going (adults: 1, children: 1)."
        )
        await expect(phone.get_by_text("2 going · Full — new answers join the waiting list")).to_be_visible()

    async with another_phone(browser, app_url) as phone:
        # Ben answers too: the date is full, so he waits, first in line.
        await sign_in(phone, ben, event_path)
        panel = first_date_panel(phone)
        await panel.get_by_role("button", name="Going", exact=True).click()
        await expect(first_date_panel(phone).get_by_role("status")).to_have_text(
            "You are on the waiting list: number 1 in line."
        )
        # His calendar lists the date he is waiting for.
        await phone.goto("/events")
        await expect(phone.get_by_role("heading", name="My calendar")).to_be_visible()
        await expect(phone.get_by_role("link", name=TITLE).first).to_be_visible()
        await look(phone, axe, "events")

    # Carmen cancels the last date, after a second step; it stays listed, marked cancelled.
    await page.reload()
    last = page.get_by_role("region", name="Next dates").get_by_role("listitem").last
    await last.get_by_role("button", name="Cancel this date").click()
    await expect(last.get_by_text(re.compile("Everyone who answered is told"))).to_be_visible()
    await look(page, axe, "event, cancelling a date")
    await last.get_by_role("button", name="Yes, cancel").click()
    await expect(last.get_by_text("Cancelled", exact=True)).to_be_visible()
    await expect(last.get_by_role("button", name="Cancel this date")).to_have_count(0)
