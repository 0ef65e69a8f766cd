"""Skill-sharing on a phone, against the real API: offer a strength, ask for help, see who could
help and why, agree, and say thank you — from both sides, in English and in Spanish."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, sign_in
from tests.factories import Community, Factory, User
from tests.support.jobs import Runner

ADD_STRENGTH = (
    "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { field code message } } }"
)
POST_NEED = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { field code message } } }"
MATCHES = "query($id: ID!) { matchesForNeed(needId: $id) { id status thanks helper { displayName } } }"
NEEDS = "query($c: ID!) { needs(communityId: $c) { edges { node { id title } } } }"
MATH = {
    "category": "tutoring.math",
    "title": "Math homework help",
    "description": "Fractions, multiplication, word problems for elementary school",
    "languages": ["es", "en"],
    "modes": ["IN_PERSON", "VIRTUAL"],
    "availability": [{"day": "TUESDAY", "start": "18:00", "end": "20:00"}],
}
NEED_TITLE = "Help with 3rd grade math homework"


@asynccontextmanager
async def another_phone(browser: Browser, app_url: str) -> AsyncIterator[Page]:
    """A second person's phone (their own browser context), failing on uncaught page errors too."""
    ctx = await browser.new_context(
        base_url=app_url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-US",
        bypass_csp=True,
    )
    ctx.set_default_timeout(10_000)
    p = await ctx.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield p
    finally:
        await ctx.close()
    assert not errors, f"uncaught errors in the second page: {errors}"


async def helper_and_family(f: Factory, *, family_language: str = "en") -> tuple[Community, User, User]:
    """A community with María (verified, offers math help in Spanish and English) and Ana (a family
    who speaks Spanish), both with a ZIP code in Austin."""
    c = await f.community()
    maria = await f.member(c, "María", languages=["es", "en"], postalCode="78701")
    await f.ok(ADD_STRENGTH, {"i": MATH}, maria)
    # Ana shows her area: a need that takes a hidden home area is near no one (privacy).
    ana = await f.member(c, "Ana", languages=["es"], postalCode="78702", uiLanguage=family_language, showArea=True)
    return c, maria, ana


async def post_need(f: Factory, c: Community, ana: User, title: str = NEED_TITLE, **kw) -> str:
    need = {"communityId": c.id, "category": "tutoring.math", "title": title, "language": "es", "mode": "EITHER", **kw}
    return (await f.ok(POST_NEED, {"i": need}, ana))["postNeed"]["need"]["id"]


async def fits_a_phone(page: Page) -> None:
    """Nothing scrolls sideways at 360 px, and every control is at least 44 px tall."""
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    small = await page.evaluate(
        """() => [...document.querySelectorAll(
              'main button, main select, main textarea, main input:not([type=checkbox]):not([type=radio])'
            )]
            .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect().height]).filter(([, h]) => h < 44)"""
    )
    assert small == [], page.url


def worker(settings, sessions) -> Runner:
    """Plays the worker in this process: dispatches the outbox (notifications, match computation)."""
    return Runner(settings, sessions, sender=None, redis=None)


async def test_a_caregiver_offers_a_strength_with_weekly_times(page: Page, f, axe) -> None:
    c = await f.community()
    maria = await f.member(c, "María", languages=["es", "en"])
    await sign_in(page, maria, "/share")
    await expect(page.get_by_role("heading", name="Share", exact=True)).to_be_visible()
    await expect(page.get_by_text(re.compile("not listed a strength yet"))).to_be_visible()
    await axe(page, "share, empty")
    await page.get_by_role("link", name="Offer a strength").click()
    await expect(page.get_by_role("heading", name="Offer a strength")).to_be_visible()
    await axe(page, "strength form")

    await page.get_by_label("Category").select_option("tutoring.math")
    await page.get_by_label("Title").fill("Math homework help")
    await page.get_by_label("Description").fill("Fractions and word problems")
    # Her profile languages are ticked already; she helps online too.
    await expect(page.get_by_label("Spanish", exact=True)).to_be_checked()
    await page.get_by_label("Online", exact=True).check()
    await page.get_by_role("button", name="Add a time").click()
    slot = page.get_by_role("group", name="Time 1")
    await slot.get_by_label("Day").select_option("TUESDAY")
    await slot.get_by_label("From").fill("20:00")
    await slot.get_by_label("To").fill("18:00")
    await page.get_by_role("button", name="Add my strength").click()
    # The server refuses a range that ends before it starts: said at that row, nothing saved.
    await expect(slot.get_by_text("A time range must end after it starts.")).to_be_visible()
    await axe(page, "strength form with an error")
    await fits_a_phone(page)
    assert (await f.ok("{ myStrengths { id } }", user=maria))["myStrengths"] == []

    await slot.get_by_label("From").fill("18:00")
    await slot.get_by_label("To").fill("20:00")
    await page.get_by_role("button", name="Add my strength").click()
    await expect(page).to_have_url(re.compile(r"/share$"))
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Math homework help"))
    await expect(card).to_contain_text("Tuesday 18:00–20:00")
    await expect(card).to_contain_text("Math")
    await axe(page, "share with a strength")

    mine = (
        await f.ok("{ myStrengths { category title languages modes availability { day start end } } }", user=maria)
    )["myStrengths"]
    assert mine == [
        {
            "category": "tutoring.math",
            "title": "Math homework help",
            "languages": ["es", "en"],
            "modes": ["IN_PERSON", "VIRTUAL"],
            "availability": [{"day": "TUESDAY", "start": "18:00", "end": "20:00"}],
        }
    ]

    # Editing keeps what is there and changes what she changes.
    await card.get_by_role("link", name="Edit Math homework help").click()
    await expect(page.get_by_role("heading", name="Edit your strength")).to_be_visible()
    await expect(page.get_by_label("Title")).to_have_value("Math homework help")
    await page.get_by_label("Title").fill("Math and reading help")
    await page.get_by_role("button", name="Save").click()
    await expect(page.get_by_role("heading", name="Math and reading help")).to_be_visible()
    mine = (await f.ok("{ myStrengths { title availability { day } } }", user=maria))["myStrengths"]
    assert mine == [{"title": "Math and reading help", "availability": [{"day": "TUESDAY"}]}]

    # Removing takes a second, deliberate step.
    await page.get_by_role("link", name="Edit Math and reading help").click()
    await page.get_by_role("button", name="Remove this strength").click()
    await page.get_by_role("button", name="Yes, remove it").click()
    await expect(page.get_by_text(re.compile("not listed a strength yet"))).to_be_visible()
    assert (await f.ok("{ myStrengths { id } }", user=maria))["myStrengths"] == []


async def test_a_family_asks_sees_why_agrees_and_thanks(
    page: Page, f, axe, browser: Browser, app_url: str, settings, sessions
) -> None:
    c, maria, ana = await helper_and_family(f)
    await sign_in(page, ana, "/")
    await page.get_by_role("link", name="Ask for help").first.click()
    await expect(page.get_by_role("heading", name="Ask for help")).to_be_visible()
    await axe(page, "need form")
    await page.get_by_label("Category").select_option("tutoring.math")
    await page.get_by_label("What do you need?").fill(NEED_TITLE)
    await page.get_by_label("Description").fill("My daughter is in 3rd grade and stuck on fractions.")
    await page.get_by_label("Language of the help").select_option("es")
    await page.get_by_role("button", name="Ask for help").click()

    # The need opens with the people who could help, and why, in plain words (never a score).
    await expect(page).to_have_url(re.compile(r"/needs/"))
    await expect(page.get_by_role("heading", name=NEED_TITLE, level=1)).to_be_visible()
    helpers = page.get_by_role("region", name="People who could help")
    card = helpers.get_by_role("listitem").filter(has=page.get_by_role("heading", name="María"))
    await expect(card).to_contain_text("speaks Spanish")
    await expect(card).to_contain_text("listed “Math homework help”")
    await expect(card).to_contain_text("Could help")
    await expect(card).not_to_contain_text(re.compile(r"\d\.\d"))
    await axe(page, "need detail with matches")
    await fits_a_phone(page)

    await card.get_by_role("button", name="Ask for help").click()
    await card.get_by_label("A message for María").fill("Hola María, ¿podrías el martes?")
    await card.get_by_role("button", name="Send request").click()
    await expect(card).to_contain_text("You asked María for help")

    need_id = (await f.ok(NEEDS, {"c": c.id}, ana))["needs"]["edges"][0]["node"]["id"]
    match = (await f.ok(MATCHES, {"id": need_id}, ana))["matchesForNeed"][0]
    assert match["status"] == "REQUESTED"

    # María is told (the worker writes her notification), opens it from home and accepts.
    await worker(settings, sessions).run()
    async with another_phone(browser, app_url) as helper:
        await sign_in(helper, maria, "/")
        recent = helper.get_by_role("region", name="Recent notifications")
        await recent.get_by_role("link", name="A family asked for your help").click()
        await expect(helper).to_have_url(re.compile(r"/matches/.+\?n="))
        await expect(helper.get_by_text("Ana asked for your help. Can you help?")).to_be_visible()
        await expect(helper.get_by_text("Hola María, ¿podrías el martes?")).to_be_visible()
        await axe(helper, "match detail, helper asked")
        # Opening it from the notification marks that notification read: the badge goes.
        await expect(helper.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
        unread = await f.ok("{ notifications { unreadCount } }", user=maria)
        assert unread["notifications"]["unreadCount"] == 0
        await helper.get_by_role("button", name="Accept").click()
        await expect(helper.get_by_text("You are helping Ana.")).to_be_visible()
        await expect(helper.get_by_role("link", name=ana.email)).to_be_visible()

        # Ana sees how to reach María, and marks it done with a thank-you.
        await page.reload()
        await expect(card).to_contain_text("María agreed to help")
        await expect(card.get_by_role("link", name=maria.email)).to_be_visible()
        await card.get_by_role("button", name="Mark as done").click()
        await card.get_by_label("A thank-you for María").fill("¡Mil gracias, María! Ya entiende las fracciones.")
        await card.get_by_role("button", name="Mark as done").click()
        await expect(card).to_contain_text("Your thank-you")
        await expect(card).to_contain_text("¡Mil gracias, María!")
        await expect(page.get_by_text("Met", exact=True)).to_be_visible()

        done = (await f.ok(MATCHES, {"id": need_id}, ana))["matchesForNeed"][0]
        assert done["status"] == "COMPLETED" and done["thanks"] == "¡Mil gracias, María! Ya entiende las fracciones."

        # María's match shows the thank-you.
        await helper.reload()
        await expect(helper.get_by_text("Ana said thank you")).to_be_visible()
        await expect(helper.get_by_text("¡Mil gracias, María! Ya entiende las fracciones.")).to_be_visible()
        await axe(helper, "match detail, completed")


async def test_a_helper_finds_a_need_on_home_and_offers_help(
    page: Page, f, axe, browser: Browser, app_url: str, settings, sessions
) -> None:
    c, maria, ana = await helper_and_family(f)
    need_id = await post_need(f, c, ana)
    await post_need(
        f,
        c,
        ana,
        "Ride to soccer practice on Saturday",
        category="transportation.activities",
        mode="IN_PERSON",
        language=None,
    )
    await worker(settings, sessions).run()  # the worker computes the suggestions

    await sign_in(page, maria, "/")
    await expect(page.get_by_role("heading", name="Hello, María")).to_be_visible()
    matches = page.get_by_role("region", name="Matches for me")
    suggestion = matches.get_by_role("listitem").filter(has_text=NEED_TITLE)
    await expect(suggestion).to_contain_text("speaks Spanish")
    await expect(suggestion).to_contain_text("Asked by Ana")
    near = page.get_by_role("region", name="Needs near me")
    await expect(near.get_by_role("link", name="Ride to soccer practice on Saturday")).to_be_visible()
    await axe(page, "home with matches and needs")
    await fits_a_phone(page)

    await suggestion.get_by_role("link", name=NEED_TITLE).click()
    await expect(page.get_by_role("heading", name=NEED_TITLE, level=1)).to_be_visible()
    await expect(page.get_by_text("You could help")).to_be_visible()
    await axe(page, "match detail, suggestion")
    await fits_a_phone(page)
    await page.get_by_label("A message for Ana").fill("I can help on Tuesday evenings, in Spanish.")
    await page.get_by_label("Which of your strengths?").select_option(label="Math homework help")
    await page.get_by_role("button", name="Offer to help").click()
    await expect(page.get_by_text("You offered to help. Ana will answer soon.")).to_be_visible()

    async with another_phone(browser, app_url) as family:
        await sign_in(family, ana, f"/needs/{need_id}")
        card = family.get_by_role("listitem").filter(has=family.get_by_role("heading", name="María"))
        await expect(card).to_contain_text("María offered to help")
        await expect(card).to_contain_text("I can help on Tuesday evenings, in Spanish.")
        await card.get_by_role("button", name="Accept").click()
        await expect(card).to_contain_text("María agreed to help")
    status = (await f.ok(MATCHES, {"id": need_id}, ana))["matchesForNeed"][0]["status"]
    assert status == "ACCEPTED"


async def test_a_need_without_a_title_is_explained_and_not_posted(page: Page, f, axe) -> None:
    c, _, ana = await helper_and_family(f)
    await sign_in(page, ana, "/needs/new")
    await page.get_by_label("What do you need?").fill("   ")
    await page.get_by_role("button", name="Ask for help").click()
    # Both problems at once, each at its field, in words for people.
    title = page.get_by_label("What do you need?")
    await expect(title).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_text("The title is required.")).to_be_visible()
    await expect(page.get_by_label("Category")).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_text("Please choose a category.")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"/needs/new$"))
    await axe(page, "need form with errors")
    await fits_a_phone(page)
    assert (await f.ok(NEEDS, {"c": c.id}, ana))["needs"]["edges"] == []


async def test_the_need_page_in_spanish(page: Page, f, axe) -> None:
    c, _, ana = await helper_and_family(f, family_language="es")
    need_id = await post_need(f, c, ana, "Ayuda con la tarea de matemáticas")
    await sign_in(page, ana, f"/needs/{need_id}")
    await expect(page.get_by_role("heading", name="Ayuda con la tarea de matemáticas", level=1)).to_be_visible()
    helpers = page.get_by_role("region", name="Personas que pueden ayudar")
    await expect(helpers).to_contain_text("habla español")
    await expect(helpers).to_contain_text("ofrece «Math homework help»")
    await expect(helpers.get_by_role("button", name="Pedir ayuda")).to_be_visible()
    await expect(page.get_by_role("heading", name="Tu pedido")).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "es"
    await axe(page, "need detail in Spanish")


async def test_a_family_closes_a_need_it_no_longer_has(page: Page, f) -> None:
    c, _, ana = await helper_and_family(f)
    need_id = await post_need(f, c, ana)
    await sign_in(page, ana, f"/needs/{need_id}")
    await page.get_by_role("button", name="Close this need").click()
    await expect(page.get_by_text(f"Close “{NEED_TITLE}”? Helpers will no longer see it.")).to_be_visible()
    await page.get_by_role("button", name="Yes, close it").click()
    await expect(page.get_by_text("Closed", exact=True)).to_be_visible()
    await expect(page.get_by_role("button", name="Close this need")).to_have_count(0)
    need = (await f.ok("query($id: ID!) { need(id: $id) { status } }", {"id": need_id}, ana))["need"]
    assert need["status"] == "CLOSED"
    await page.goto("/")
    await expect(page.get_by_role("region", name="My needs")).to_contain_text("Nothing asked right now")


async def test_needs_list_filters_and_shows_more(page: Page, f, axe) -> None:
    c, maria, ana = await helper_and_family(f)
    tom = await f.member(c, "Tom")  # nobody may have more than 20 open needs
    for i in range(22):
        await post_need(f, c, ana if i % 2 else tom, f"Math question {i:02d}", mode="VIRTUAL")
    await post_need(f, c, ana, "Fix a bike chain", category="trades.home_repair", mode="IN_PERSON", language=None)
    await sign_in(page, maria, "/needs")
    await expect(page.get_by_role("heading", name="Needs in your community")).to_be_visible()
    await expect(page.get_by_role("link", name="Fix a bike chain")).to_be_visible()
    await expect(page.get_by_role("link", name=re.compile("^Math question"))).to_have_count(19)
    await axe(page, "needs list")
    await fits_a_phone(page)
    await page.get_by_role("button", name="Show more").click()
    await expect(page.get_by_role("link", name=re.compile("^Math question"))).to_have_count(22)
    await expect(page.get_by_role("button", name="Show more")).to_have_count(0)
    await page.get_by_label("Category").select_option("trades")
    await expect(page.get_by_role("link", name="Fix a bike chain")).to_be_visible()
    await expect(page.get_by_role("link", name=re.compile("^Math question"))).to_have_count(0)
    await page.get_by_label("Category").select_option("")
    await page.get_by_label("How", exact=True).select_option("IN_PERSON")
    await expect(page.get_by_role("link", name=re.compile("^Math question"))).to_have_count(0)
    await expect(page.get_by_role("link", name="Fix a bike chain")).to_be_visible()


async def test_a_pending_member_is_welcomed_and_can_still_offer(page: Page, f, axe) -> None:
    c = await f.community()
    lee = await f.member(c, "Lee", verify=False)
    await sign_in(page, lee, "/")
    await expect(page.get_by_role("heading", name="Hello, Lee")).to_be_visible()
    await expect(page.get_by_text(re.compile("Your school will verify your membership soon"))).to_be_visible()
    await expect(page.get_by_role("link", name="Ask for help")).to_have_count(0)
    await expect(page.get_by_role("link", name="Offer a strength")).to_be_visible()
    await axe(page, "home, pending member")


async def test_without_a_zip_code_home_shows_community_needs_and_says_why(page: Page, f) -> None:
    c, _, ana = await helper_and_family(f)
    await post_need(
        f,
        c,
        ana,
        "Ride to soccer practice on Saturday",
        category="transportation.activities",
        mode="IN_PERSON",
        language=None,
    )
    tom = await f.member(c, "Tom")
    await sign_in(page, tom, "/")
    section = page.get_by_role("region", name="Needs in your community")
    await expect(section.get_by_role("link", name="Ride to soccer practice on Saturday")).to_be_visible()
    await expect(section).to_contain_text("Add your ZIP code to see needs near you.")
    await expect(section.get_by_role("link", name="Go to Settings")).to_have_attribute("href", "/settings")


async def test_a_helper_whose_offer_was_declined_sees_that_not_the_form_again(page: Page, f) -> None:
    c, maria, ana = await helper_and_family(f)
    need_id = await post_need(f, c, ana)
    offered = await f.ok(
        "mutation($i: OfferHelpInput!) { offerHelp(input: $i) { match { id } errors { code } } }",
        {"i": {"needId": need_id, "message": "Los martes"}},
        maria,
    )
    await f.ok(
        "mutation($i: RespondToMatchInput!) { respondToMatch(input: $i) { errors { code } } }",
        {"i": {"matchId": offered["offerHelp"]["match"]["id"], "accept": False}},
        ana,
    )
    await sign_in(page, maria, f"/needs/{need_id}")
    help_section = page.get_by_role("region", name="Can you help?")
    await expect(help_section.get_by_text("Declined")).to_be_visible()
    await expect(help_section.get_by_role("link", name="See your offer")).to_be_visible()
    await expect(help_section.get_by_role("button", name=re.compile("Offer", re.I))).to_have_count(0)
