"""The first minute of the roles above caregiver, on a phone against the real API: a parent leader
finds Organise, invites a family and looks someone up in the directory; a Village administrator
creates a school community and hands it to its first staff member, who joins with the code and,
once verified, runs the school. Every new screen: no axe violation, nothing scrolls sideways.
With VILLAGE_SCREENSHOTS=<folder> it also saves the README's screenshots of Organise and Admin."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_skills import another_phone

INVITES = "query($c: ID!) { community(id: $c) { invites { code role uses } } }"
PENDING = (
    "query($c: ID!) { community(id: $c) { members(state: PENDING) "
    "{ edges { node { id role caregiver { displayName } } } } } }"
)
VERIFY = "mutation($i: VerifyMemberInput!) { verifyMember(input: $i) { member { state } errors { code message } } }"
JOIN = "mutation($i: JoinCommunityInput!) { joinCommunity(input: $i) { membership { id } errors { code message } } }"
MINE = "{ myMemberships { role state communityId } }"
COMMUNITIES = "query($c: ID!) { community(id: $c) { name timezone languages description } }"


SHOTS = os.environ.get("VILLAGE_SCREENSHOTS")


def main_nav(page: Page):
    """The bottom navigation (its name changes with the language)."""
    return page.locator("nav.bottom-nav")


async def look(page: Page, axe, what: str, shot: str | None = None) -> None:
    """What every new screen must be at 360 px; with `shot`, the README's screenshot of it when asked for."""
    await page.wait_for_load_state("networkidle")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360, f"{what} scrolls sideways"
    await axe(page, what)
    if SHOTS and shot:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - one local mkdir, harmless in a test
        await page.screenshot(path=str(Path(SHOTS) / f"{shot}.png"), scale="css", animations="disabled")


async def test_a_leaders_first_minute(page: Page, browser: Browser, app_url: str, f, axe) -> None:
    school = await f.community("Lincoln Elementary")
    lucia = await f.member(school, "Lucía P.", role="LEADER", languages=["es", "en"])
    await f.member(school, "María G.", languages=["es", "en"], strengths=["Math", "Cooking"])
    await f.member(school, "Quiet Parent", listedInDirectory=False)

    # Organise is in her navigation; it shows her tools, and the way to start a group.
    await sign_in(page, lucia, "/")
    await main_nav(page).get_by_role("link", name="Organise").click()
    await expect(page.get_by_role("heading", level=1, name="Organise")).to_be_visible()
    await expect(page.get_by_text("You are a parent leader here.")).to_be_visible()
    await expect(page.get_by_text("No invite codes yet.")).to_be_visible()
    await expect(page.get_by_role("link", name="Start a group")).to_be_visible()
    await look(page, axe, "organise")

    # The directory: who is listed, with what they share; search by name.
    await page.get_by_role("link", name="Open the directory").click()
    await expect(page.get_by_role("heading", level=1, name="Member directory")).to_be_visible()
    maria = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="María G."))
    await expect(maria).to_contain_text("Speaks Spanish and English")
    await expect(maria).to_contain_text("Strengths: Math, Cooking")
    await expect(page.get_by_role("heading", name="Lucía P.")).to_be_visible()
    await expect(page.get_by_role("heading", name="Lucía P.").locator("..")).to_contain_text("Parent leader")
    await expect(page.get_by_role("heading", name="Quiet Parent")).to_have_count(0)
    await look(page, axe, "organise, the directory")
    await page.get_by_role("searchbox", name="Search by name").fill("luc")
    await expect(page.get_by_role("heading", name="María G.")).to_have_count(0)
    await expect(page.get_by_role("heading", name="Lucía P.")).to_be_visible()
    await page.get_by_role("searchbox", name="Search by name").fill("nobody")
    await expect(page.get_by_text("No one listed matches “nobody”.")).to_be_visible()

    # She invites a family: the code she makes is on screen, and Organise counts it.
    await page.get_by_role("link", name="Back to Organise").click()
    await page.get_by_role("link", name="Create and share invites").click()
    await expect(page.get_by_role("heading", level=1, name="Invite codes")).to_be_visible()
    await page.get_by_role("button", name="Create invite code").click()
    await expect(page.get_by_role("status").filter(has_text="is ready to share")).to_be_visible()
    [invite] = (await f.ok(INVITES, {"c": school.id}, lucia))["community"]["invites"]
    assert invite["role"] == "CAREGIVER"
    await expect(page.get_by_text(invite["code"]).first).to_be_visible()
    await main_nav(page).get_by_role("link", name="Organise").click()
    await expect(page.get_by_text("1 invite code you can share")).to_be_visible()
    await expect(page.get_by_text("No one has joined with these codes yet.")).to_be_visible()
    await look(page, axe, "organise, with an invite", shot="organise")

    # In Spanish, the same screen, complete.
    await page.goto("/settings")
    await page.get_by_role("radio", name="Español").check()
    await main_nav(page).get_by_role("link", name="Organizar").click()
    await expect(page.get_by_role("heading", level=1, name="Organizar")).to_be_visible()
    await expect(page.get_by_text("1 código de invitación que puedes compartir")).to_be_visible()
    await expect(page.get_by_role("link", name="Empezar un grupo")).to_be_visible()
    await look(page, axe, "organise, Spanish")

    # A family joins with her code (and the school verifies them): Organise counts them.
    ana = await f.user("Ana R.")
    joined = await f.ok(JOIN, {"i": {"inviteCode": invite["code"]}}, ana)
    await f.ok(VERIFY, {"i": {"memberId": joined["joinCommunity"]["membership"]["id"]}}, school.admin)
    await page.reload()
    await expect(page.get_by_text("1 persona se unió con estos códigos")).to_be_visible()

    # A caregiver has no Organise entry, and the address sends her home.
    async with another_phone(browser, app_url) as ana_page:
        await sign_in(ana_page, ana, "/")
        await expect(main_nav(ana_page).get_by_role("link", name="Home")).to_be_visible()
        await expect(main_nav(ana_page).get_by_role("link", name="Organise")).to_have_count(0)
        await ana_page.goto("/organise")
        await expect(ana_page).to_have_url(re.compile(r"/$"))
        await expect(ana_page.get_by_role("heading", level=1, name="Organise")).to_have_count(0)


async def test_an_admins_first_minute(page: Page, browser: Browser, app_url: str, f, axe) -> None:
    admin = await f.admin("Village Admin")

    # A Village administrator, with no school yet, lands where everyone without one does, and is
    # shown the way to Admin; there they create a school community.
    await sign_in(page, admin, "/")
    await expect(page).to_have_url(re.compile(r"/welcome"))
    await page.get_by_role("link", name="Open administration").click()
    await expect(page.get_by_role("heading", level=1, name="Admin")).to_be_visible()
    await expect(page.get_by_text("You are not in any community yet.")).to_be_visible()
    await look(page, axe, "admin, no community yet")
    await page.get_by_role("button", name="Create the community").click()
    name = page.get_by_label(re.compile("^Name"))
    await expect(name).to_have_attribute("aria-invalid", "true")
    await look(page, axe, "admin, a field error")

    await name.fill("Roosevelt Middle School")
    await page.get_by_label(re.compile("^Description")).fill("Grades 6 to 8, Austin.")
    await page.get_by_label(re.compile("^Time zone")).select_option("America/Chicago")
    await expect(page.get_by_role("checkbox", name="English")).to_be_checked()
    await expect(page.get_by_role("checkbox", name="Spanish")).to_be_checked()
    await page.get_by_role("button", name="Create the community").click()
    await expect(page.get_by_role("heading", level=2, name="Roosevelt Middle School is ready")).to_be_visible()
    [mine] = (await f.ok(MINE, user=admin))["myMemberships"]
    assert (mine["role"], mine["state"]) == ("ADMIN", "VERIFIED")
    community_id = mine["communityId"]
    assert (await f.ok(COMMUNITIES, {"c": community_id}, admin))["community"] == {
        "name": "Roosevelt Middle School",
        "timezone": "America/Chicago",
        "languages": ["en", "es"],
        "description": "Grades 6 to 8, Austin.",
    }
    [staff_invite] = (await f.ok(INVITES, {"c": community_id}, admin))["community"]["invites"]
    assert staff_invite["role"] == "STAFF"
    code = staff_invite["code"]
    await expect(page.get_by_text(code, exact=True)).to_be_visible()
    await expect(page.get_by_text("It works once and expires in 14 days.", exact=False)).to_be_visible()
    await expect(page.get_by_test_id("invite-qr")).to_be_visible()
    await expect(page.get_by_role("heading", level=3, name="Roosevelt Middle School")).to_be_visible()
    await page.get_by_role("heading", level=2, name="Roosevelt Middle School is ready").evaluate(
        "el => el.scrollIntoView({ block: 'start' })"
    )
    await look(page, axe, "admin, the staff invite", shot="admin")

    # The school's first staff member signs up on their own phone and joins with the code.
    async with another_phone(browser, app_url) as staff_page:
        await staff_page.goto("/signup")
        await staff_page.get_by_label("Your name").fill("Principal Ortiz")
        await staff_page.get_by_label("Email").fill("ortiz@roosevelt.example.org")
        await staff_page.get_by_label("Password").fill("a long enough password")
        await staff_page.get_by_role("button", name="Create account").click()
        await expect(staff_page).to_have_url(re.compile(r"/welcome"))
        await staff_page.get_by_label("Invite code").fill(code)
        await staff_page.get_by_role("button", name="Join").click()
        await expect(
            staff_page.get_by_role("status").filter(has_text="You have joined Roosevelt Middle School")
        ).to_be_visible()

        # The admin verifies them; from then on they have the School entry.
        [waiting] = (await f.ok(PENDING, {"c": community_id}, admin))["community"]["members"]["edges"]
        assert (waiting["node"]["caregiver"]["displayName"], waiting["node"]["role"]) == ("Principal Ortiz", "STAFF")
        verified = await f.ok(VERIFY, {"i": {"memberId": waiting["node"]["id"]}}, admin)
        assert verified["verifyMember"]["member"]["state"] == "VERIFIED"
        await staff_page.goto("/")
        school = main_nav(staff_page).get_by_role("link", name=re.compile("^School"))
        await expect(school).to_be_visible()
        # Staff reach Organise from the School hub: one entry, so their navigation stays at five.
        await expect(main_nav(staff_page).get_by_role("link", name="Organise")).to_have_count(0)
        await expect(main_nav(staff_page).get_by_role("link", name="Admin")).to_have_count(0)
        await expect(main_nav(staff_page).get_by_role("link")).to_have_count(5)
        await school.click()
        await expect(staff_page.get_by_role("heading", level=1, name="Your school")).to_be_visible()
        await staff_page.get_by_role("link", name=re.compile("^Organise")).click()
        await expect(staff_page.get_by_role("heading", level=1, name="Organise")).to_be_visible()

    # The staff code worked once: it is used up now.
    assert (await f.ok(INVITES, {"c": community_id}, admin))["community"]["invites"] == []

    # Admin, in Spanish.
    await page.goto("/settings")
    await page.get_by_role("radio", name="Español").check()
    # Now the admin of a school too: Admin is reached from the School hub (five entries at most).
    await expect(main_nav(page).get_by_role("link", name="Admin")).to_have_count(0)
    await main_nav(page).get_by_role("link", name=re.compile("^Escuela")).click()
    await page.get_by_role("link", name=re.compile("^Administración de Village")).click()
    await expect(page.get_by_role("heading", level=1, name="Administración")).to_be_visible()
    await expect(page.get_by_role("heading", level=2, name="Crear una comunidad")).to_be_visible()
    await look(page, axe, "admin, Spanish")
