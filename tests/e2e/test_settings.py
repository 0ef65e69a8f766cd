"""Settings, as a caregiver uses them on a phone: language, what to be notified about and when,
profile and directory privacy, downloading one's data, logging out and deleting the account."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.async_api import Page, expect
from sqlalchemy import func, select

from api.families.models import Child
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD
from tests.support.polling import wait_for

VIEWER = (
    "{ viewer { id uiLanguage displayName homeArea { label } "
    "directoryPrivacy { listed showLanguages showStrengths showArea } } }"
)
PREFS = "{ notificationPreferences { quietHours { start end } timezone kinds { kind inApp push } } }"
LOG_IN = "mutation($i: LogInInput!) { logIn(input: $i) { token errors { code } } }"


async def test_the_language_switches_at_once_and_is_saved(page: Page, f, axe) -> None:
    c = await f.community()
    ana = await f.member(c, "Ana")
    await sign_in(page, ana, "/settings")
    await expect(page.get_by_role("heading", name="Settings", level=1)).to_be_visible()
    for section in (
        "Language",
        "Notifications",
        "Push notifications on this device",
        "Profile and privacy",
        "Your data and your account",
    ):
        await expect(page.get_by_role("heading", name=section, level=2, exact=True)).to_be_visible()
    await expect(page.get_by_role("radio", name="English")).to_be_checked()
    await axe(page, "settings")

    await page.get_by_role("radio", name="Español").check()
    await expect(page.get_by_role("heading", name="Ajustes", level=1)).to_be_visible()
    await expect(page.get_by_role("heading", name="Horas de silencio")).to_be_visible()
    await expect(page.get_by_role("status").filter(has_text="Idioma guardado.")).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "es"
    assert (await f.ok(VIEWER, user=ana))["viewer"]["uiLanguage"] == "es"
    await axe(page, "settings in Spanish")


async def test_notification_preferences_and_quiet_hours_are_saved(page: Page, f, axe) -> None:
    c = await f.community()
    ana = await f.member(c, "Ana")
    await sign_in(page, ana, "/settings")

    offers = page.get_by_role("group", name="Offers of help for your needs")
    await expect(offers.get_by_role("checkbox", name="Push")).to_be_checked()
    await offers.get_by_role("checkbox", name="Push").uncheck()
    await expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    kinds = {k["kind"]: k for k in (await f.ok(PREFS, user=ana))["notificationPreferences"]["kinds"]}
    assert (kinds["MATCH_OFFERED"]["inApp"], kinds["MATCH_OFFERED"]["push"]) == (True, False)
    assert kinds["MATCH_SUGGESTED"]["push"] is True

    await expect(page.get_by_text("Quiet hours are off. Times are in your time zone: UTC.")).to_be_visible()
    await page.get_by_label("From").fill("21:30")
    await page.get_by_label("Until").fill("06:45")
    await page.get_by_role("button", name="Save quiet hours").click()
    await expect(page.get_by_role("status").filter(has_text="Quiet hours saved.")).to_be_visible()
    await expect(page.get_by_text(re.compile(r"Quiet from 9:30\sPM to 6:45\sAM\."))).to_be_visible()
    assert (await f.ok(PREFS, user=ana))["notificationPreferences"]["quietHours"] == {"start": "21:30", "end": "06:45"}

    # Ending when they start is refused next to the field, and nothing changes.
    await page.get_by_label("Until").fill("21:30")
    await page.get_by_role("button", name="Save quiet hours").click()
    await expect(page.get_by_text("Quiet hours must end at a different time than they start.")).to_be_visible()
    await expect(page.get_by_label("Until")).to_have_attribute("aria-invalid", "true")
    await axe(page, "quiet hours with an error")
    assert (await f.ok(PREFS, user=ana))["notificationPreferences"]["quietHours"] == {"start": "21:30", "end": "06:45"}
    await page.get_by_label("Until").fill("")
    await page.get_by_role("button", name="Save quiet hours").click()
    await expect(page.get_by_text("Please enter both a start and an end time.")).to_be_visible()
    assert (await f.ok(PREFS, user=ana))["notificationPreferences"]["quietHours"] == {"start": "21:30", "end": "06:45"}

    await page.get_by_role("button", name="Turn off quiet hours").click()
    await expect(page.get_by_role("status").filter(has_text="Quiet hours are off.")).to_be_visible()
    assert (await f.ok(PREFS, user=ana))["notificationPreferences"]["quietHours"] is None


async def test_profile_area_and_directory_privacy(page: Page, f) -> None:
    c = await f.community()
    ana = await f.member(c, "Ana")
    await sign_in(page, ana, "/settings")

    await expect(page.get_by_text(f"Signed in as {ana.email}")).to_be_visible()
    await expect(page.get_by_text("You have not set an area.")).to_be_visible()
    await page.get_by_label("ZIP code").fill("00000")
    await page.get_by_role("button", name="Save profile").click()
    await expect(page.get_by_text("We could not find that postal code.")).to_be_visible()
    assert (await f.ok(VIEWER, user=ana))["viewer"]["homeArea"] is None

    await page.get_by_label("Your name").fill("Ana María")
    await page.get_by_label("ZIP code").fill("78701")
    await page.get_by_role("button", name="Save profile").click()
    await expect(page.get_by_role("status").filter(has_text="Profile saved.")).to_be_visible()
    await expect(page.get_by_text("Your area: Austin, TX")).to_be_visible()
    viewer = (await f.ok(VIEWER, user=ana))["viewer"]
    assert (viewer["displayName"], viewer["homeArea"]) == ("Ana María", {"label": "Austin, TX"})

    await page.get_by_role("button", name="Remove my area").click()
    await expect(page.get_by_text("You have not set an area.")).to_be_visible()
    assert (await f.ok(VIEWER, user=ana))["viewer"]["homeArea"] is None

    directory = page.get_by_role("group", name="Community directory")
    before = (await f.ok(VIEWER, user=ana))["viewer"]["directoryPrivacy"]
    assert before["listed"] is True and before["showStrengths"] is True
    await directory.get_by_role("checkbox", name="Show my strengths").uncheck()
    await expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    assert (await f.ok(VIEWER, user=ana))["viewer"]["directoryPrivacy"] == {**before, "showStrengths": False}
    await directory.get_by_role("checkbox", name="Appear in the directory").uncheck()
    await expect(directory.get_by_role("checkbox", name="Appear in the directory")).not_to_be_checked()

    async def unlisted() -> bool:
        return (await f.ok(VIEWER, user=ana))["viewer"]["directoryPrivacy"] == {
            **before,
            "showStrengths": False,
            "listed": False,
        }

    await wait_for(unlisted, timeout=10)


async def test_download_my_data_gives_a_json_file_with_my_email(page: Page, f) -> None:
    c = await f.community()
    ana = await f.member(c, "Ana")
    await sign_in(page, ana, "/settings")
    async with page.expect_download() as info:
        await page.get_by_role("button", name="Download my data").click()
    download = await info.value
    assert re.fullmatch(r"village-export-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    saved = Path(await download.path())
    data = json.loads(saved.read_text(encoding="utf-8"))  # noqa: ASYNC240 - a small local file, read once in a test
    assert ana.email in json.dumps(data)
    await expect(page.get_by_role("status").filter(has_text="Your data is downloaded.")).to_be_visible()


async def test_deleting_the_account_needs_the_password_and_removes_it_for_real(page: Page, f, sessions, axe) -> None:
    c = await f.community()
    ana = await f.member(c, "Ana")
    await f.child(ana, "Mia")
    await sign_in(page, ana, "/settings")

    await page.get_by_role("button", name="Delete my account…").click()
    await expect(page.get_by_text("Your children's profiles are deleted too, unless another caregiver")).to_be_visible()
    await page.get_by_label("Your password").fill("not my password")
    await page.get_by_role("button", name="Delete my account for good").click()
    await expect(page.get_by_text("Your current password is not right.")).to_be_visible()
    await axe(page, "delete account, wrong password")
    assert (await f.ok(VIEWER, user=ana))["viewer"]["id"] == ana.id

    await page.get_by_label("Your password").fill(PASSWORD)
    await page.get_by_role("button", name="Delete my account for good").click()
    await expect(page).to_have_url(re.compile(r"/login$"))
    await expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert await page.evaluate("localStorage.getItem('village.token')") is None
    # Gone for real: the old session, the log-in, and the child with no other caregiver.
    assert (await f.gql(VIEWER, user=ana)).get("data", {}) in ({"viewer": None}, None)
    login = await f.gql(LOG_IN, {"i": {"email": ana.email, "password": PASSWORD}})
    assert login["data"]["logIn"]["errors"][0]["code"] == "BAD_CREDENTIALS"
    async with sessions() as db:
        assert await db.scalar(select(func.count()).select_from(Child)) == 0


async def test_log_out_ends_the_session_on_the_server(page: Page, f) -> None:
    c = await f.community()
    ana = await f.member(c, "Ana")
    await sign_in(page, ana, "/settings")
    await page.get_by_role("button", name="Log out").click()
    await expect(page).to_have_url(re.compile(r"/login$"))
    assert await page.evaluate("localStorage.getItem('village.token')") is None
    assert (await f.gql(VIEWER, user=ana)).get("data", {}) in ({"viewer": None}, None)
