"""Events on a phone, against the real API: a group's leader plans a weekly event with room for two
people from the group's page; one family answers for two and gets the seats, the next family is put
on the waiting list and sees its place in the line; the leader cancels one date. Then a leader
changes an event's title, moves one date, answers for a family without the app and saves the .ics,
and a family saves its calendar. Every new screen: no sideways scroll at 360 px, controls at least
44 px tall, no axe violation; with VILLAGE_SCREENSHOTS=<folder> the README's screenshots
(event.png, calendar.png) are saved too."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_groups import JOIN, a_group, look
from tests.e2e.test_skills import another_phone, fits_a_phone
from tests.e2e.test_tour import look as screenshot

TITLE = "Saturday park playdate"
NEW_TITLE = "Sunday park playdate"
CHICAGO = ZoneInfo("America/Chicago")
CREATE = "mutation($i: CreateEventInput!) { createEvent(input: $i) { event { id } errors { field message } } }"
RSVP = "mutation($i: RsvpInput!) { rsvp(input: $i) { rsvp { status } errors { field message } } }"
README_SHOTS = {"event", "calendar"}


async def look_or_shoot(page: Page, axe, name: str) -> None:
    """Every screen's checks, and a README screenshot of the ones the README shows."""
    if name in README_SHOTS:
        await screenshot(page, axe, name)
        await fits_a_phone(page)
    else:
        await look(page, axe, name)


async def saved_file(page: Page, button) -> tuple[str, str]:
    """Clicks a button that saves a file; the file's suggested name and its text."""
    async with page.expect_download() as info:
        await button.click()
    download = await info.value
    path = await download.path()
    return download.suggested_filename, await asyncio.to_thread(Path(path).read_text, encoding="utf-8")


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


async def test_a_leader_changes_an_event_moves_a_date_answers_for_a_family_and_saves_the_ics(
    page: Page, f, axe, browser: Browser, app_url: str
) -> None:
    school = await f.community("Lincoln Elementary")
    carmen = await f.member(school, "Carmen R.", role="LEADER")
    ana = await f.member(school, "Ana R.")
    group = await a_group(f, carmen, school, "Grade 3 families", "Playdates and homework help.")
    await f.ok(JOIN, {"i": {"groupId": group}}, ana)
    start = datetime.now(CHICAGO).date() + timedelta(days=7)
    made = await f.ok(
        CREATE,
        {
            "i": {
                "groupId": group,
                "title": TITLE,
                "description": "Bring water and a snack. Rain or shine.",
                "placeName": "Lincoln Park playground",
                "startsAt": f"{start.isoformat()}T10:00:00",
                "endsAt": f"{start.isoformat()}T11:30:00",
                "recurrence": {"frequency": "WEEKLY", "interval": 1, "until": (start + timedelta(days=21)).isoformat()},
                "capacity": 12,
            }
        },
        carmen,
    )
    event = made["createEvent"]["event"]["id"]
    first_date = {"eventId": event, "occurrence": start.isoformat()}
    await f.ok(RSVP, {"i": {**first_date, "going": True, "adults": 1, "children": 2}}, ana)
    await f.ok(RSVP, {"i": {**first_date, "going": True, "adults": 1, "children": 0}}, carmen)

    # Carmen changes the title from the event's page; the form comes prefilled.
    await sign_in(page, carmen, f"/events/{event}")
    await expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    await page.get_by_role("link", name="Change the event").click()
    await expect(page.get_by_role("heading", level=1, name="Change the event")).to_be_visible()
    await expect(page.get_by_label(re.compile("^Title"))).to_have_value(TITLE)
    await expect(page.get_by_label(re.compile("^Start time"))).to_have_value("10:00")
    await look(page, axe, "event-edit")
    await page.get_by_label(re.compile("^Title")).fill(NEW_TITLE)
    await page.get_by_role("button", name="Save the changes").click()
    await expect(page.get_by_role("heading", level=1, name=NEW_TITLE)).to_be_visible()
    assert page.url.endswith(f"/events/{event}")

    # She moves the second date to the next day at six in the evening; it shows as moved.
    dates = page.get_by_role("region", name="Next dates").locator(":scope > ul > li")
    second = dates.nth(1)
    await second.get_by_role("button", name="Move this date").click()
    moved_to = start + timedelta(days=8)
    await second.get_by_label(re.compile("^New start")).fill(f"{moved_to.isoformat()}T18:00")
    await look(page, axe, "event, moving a date")
    await second.get_by_role("button", name="Move the date").click()
    moved = page.get_by_role("listitem").filter(has_text="Moved from")
    await expect(moved.get_by_text("Moved", exact=True)).to_be_visible()
    await expect(moved.get_by_text(re.compile(r"6:00\sPM"))).to_be_visible()

    # Who is coming on the first date: Ana's family; Carmen adds a family without the app.
    first = dates.first
    await first.get_by_role("button", name="Who is coming").click()
    answers = first.get_by_role("region", name=re.compile("^Answers for"))
    await expect(answers.get_by_role("listitem").filter(has_text="Ana R.")).to_contain_text(
        "Going (adults: 1, children: 2)"
    )
    await answers.get_by_label(re.compile("^The family's name")).fill("The Nguyen family")
    await answers.get_by_label(re.compile("^Adults")).fill("2")
    await answers.get_by_label(re.compile("^Children")).fill("1")
    await answers.get_by_role("button", name="Going", exact=True).click()
    await expect(answers.get_by_text("Answer saved for The Nguyen family.")).to_be_visible()
    await expect(answers.get_by_role("listitem").filter(has_text="The Nguyen family")).to_contain_text(
        "Going (adults: 2, children: 1)"
    )
    await expect(first.get_by_text(re.compile("^7 going"))).to_be_visible()
    await first.evaluate("el => el.scrollIntoView()")
    await look_or_shoot(page, axe, "event")

    # The .ics comes as a file fetched with her session: no address carries a token.
    name, text = await saved_file(page, page.get_by_role("button", name="Add to my calendar (.ics)"))
    assert name == "sunday-park-playdate.ics"
    assert text.startswith("BEGIN:VCALENDAR")
    assert NEW_TITLE in text

    async with another_phone(browser, app_url) as phone:
        # Ana's calendar lists the date she is going to, under its new title, and saves as a file.
        await sign_in(phone, ana, "/events")
        mine = phone.get_by_role("region", name="My calendar")
        await expect(mine.get_by_role("link", name=NEW_TITLE)).to_be_visible()
        await look_or_shoot(phone, axe, "calendar")
        name, text = await saved_file(phone, phone.get_by_role("button", name="Save my calendar (.ics)"))
        assert name == "my-calendar.ics"
        assert "BEGIN:VCALENDAR" in text and NEW_TITLE in text
