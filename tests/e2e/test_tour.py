"""A walk through the app as a real school would see it on a phone: a helper with her circles and
her child's, a family whose need has explained matches, a notification, settings, and the
Spanish UI. Every screen: no sideways scroll at 360 px and no axe violation. With
VILLAGE_SCREENSHOTS=<folder> the walk also saves the screenshots shown in the README."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_skills import ADD_STRENGTH, MATH, NEED_TITLE, POST_NEED, fits_a_phone

REQUEST = "mutation($i: RequestHelpInput!) { requestHelp(input: $i) { match { id } errors { code message } } }"
MATCHES = "query($id: ID!) { matchesForNeed(needId: $id) { id helper { displayName } } }"
SHOTS = os.environ.get("VILLAGE_SCREENSHOTS")


async def look(page: Page, axe, name: str) -> None:
    """What every screen must be at 360 px, and a screenshot of it when asked for."""
    await page.wait_for_load_state("networkidle")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360, f"{name} scrolls sideways"
    await axe(page, name)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - one local mkdir, harmless in a test
        await page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), scale="css", animations="disabled")


async def check(page: Page, axe, name: str, readme_shots: set[str]) -> None:
    """No axe violation, no sideways scroll at 360 px, controls at least 44 px tall; the README's
    screenshot of the screen when `name` is one of `readme_shots`."""
    if name in readme_shots:
        await look(page, axe, name)
    else:
        await page.wait_for_load_state("networkidle")
        await axe(page, name)
    await fits_a_phone(page)


async def test_a_school_on_a_phone(page: Page, f, runner, axe) -> None:
    school = await f.community("Lincoln Elementary")
    maria = await f.member(
        school,
        "María G.",
        postalCode="78701",
        languages=["es", "en"],
        strengths=["Math", "Patience", "Bilingual"],
        passions=["Cooking", "Gardening"],
        interests=["Robotics"],
    )
    await f.child(
        maria,
        "Mia",
        grade="3",
        strengths=["Kind to younger kids", "Drawing"],
        passions=["Dragons"],
        interests=["Space"],
        joy="Stories at bedtime",
    )
    await f.ok(ADD_STRENGTH, {"i": MATH}, maria)
    ana = await f.member(school, "Ana R.", postalCode="78702", languages=["en", "es"])
    need_id = (
        await f.ok(
            POST_NEED,
            {
                "i": {
                    "communityId": school.id,
                    "category": "tutoring.math",
                    "title": NEED_TITLE,
                    "language": "es",
                    "mode": "EITHER",
                }
            },
            ana,
        )
    )["postNeed"]["need"]["id"]

    # The family: home, then their need with who could help and why.
    await sign_in(page, ana, "/")
    await expect(page.get_by_role("heading", name="Hello, Ana R.")).to_be_visible()
    await expect(page.get_by_role("link", name=re.compile(NEED_TITLE))).to_be_visible()
    await look(page, axe, "home")
    await page.get_by_role("link", name=re.compile(NEED_TITLE)).first.click()
    await expect(page.get_by_role("heading", name="People who could help")).to_be_visible()
    helper = page.get_by_role("listitem").filter(has_text="María G.")
    await expect(helper).to_contain_text("speaks Spanish")
    await page.get_by_role("heading", name="People who could help").evaluate(
        "el => el.scrollIntoView({ block: 'start' })"
    )
    await look(page, axe, "need-with-matches")

    # She asks María; the worker tells María.
    [match] = (await f.ok(MATCHES, {"id": need_id}, ana))["matchesForNeed"]
    await f.ok(REQUEST, {"i": {"matchId": match["id"], "message": "¡Gracias! Los martes nos vendría muy bien."}}, ana)
    await runner.run()

    # The helper: her notification, her circle and her child's, her settings.
    await page.evaluate("localStorage.clear()")
    await sign_in(page, maria, "/notifications")
    await expect(page.get_by_role("link", name=re.compile("A family asked for your help"))).to_be_visible()
    await look(page, axe, "notifications")
    await page.goto("/welcome/circle")
    await expect(page.get_by_role("heading", name="Your strength circle")).to_be_visible()
    await expect(page.get_by_text("What am I good at? What do people come to me for?")).to_be_visible()
    await look(page, axe, "strength-circle")
    await page.goto("/welcome/children")
    await expect(page.get_by_role("heading", name="Your children's circles")).to_be_visible()
    await expect(page.get_by_text("Mia").first).to_be_visible()
    await look(page, axe, "children-circles")
    await page.goto("/settings")
    await expect(page.get_by_role("heading", name="Settings", level=1)).to_be_visible()
    await look(page, axe, "settings")

    # The same helper in Spanish: switched in Settings, the whole app follows at once.
    await page.get_by_role("radio", name="Español").check()
    await expect(page.get_by_role("heading", name="Ajustes", level=1)).to_be_visible()
    await page.get_by_role("navigation").get_by_role("link", name="Inicio").click()
    await expect(page.get_by_role("heading", name=re.compile("Hola, María G."))).to_be_visible()
    await look(page, axe, "home-es")
