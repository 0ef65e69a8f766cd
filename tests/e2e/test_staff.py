"""The school's screens on a phone, against the real API: a family joins with an invite link and is
let in by staff on another phone (and has the whole app at once, in Spanish); a staff member's first
minute (invite codes with a QR code, a report, the community's settings); and a caregiver, who
never sees any of it. Every new screen: no sideways scroll at 360 px and no axe violation; with
VILLAGE_SCREENSHOTS=<folder> the README's screenshots of them are saved too."""

from __future__ import annotations

import re

from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_skills import another_phone
from tests.e2e.test_tour import check
from tests.factories import PASSWORD, Community, Factory, User

REPORT = "mutation($i: ReportInput!) { report(input: $i) { reportId errors { code message } } }"
MEMBERSHIP = "{ myMemberships { state role } }"
REPORTS = (
    "query($c: ID!) { reports(communityId: $c, status: RESOLVED) { edges { node { resolution resolutionNote } } } }"
)
INVITES = (
    "query($c: ID!) { community(id: $c) { invites(includeInactive: true) { code role maxUses active revokedAt } } }"
)
COMMUNITY = "query($c: ID!) { community(id: $c) { name description languages timezone } }"
NOTE = "Hi! I'm Mia's mom, she's in 3rd grade with Ms. López. Carmen Ruiz gave me the code."
# The README's screenshots of the school's screens (the rest are checked the same way, not saved).
README_SHOTS = {"staff-members", "staff-invites", "staff-reports", "staff-matching-words"}


async def look(page: Page, axe, name: str) -> None:
    await check(page, axe, name, README_SHOTS)


async def waiting(f: Factory, c: Community, name: str, note: str = "") -> User:
    """Someone who joined with a code (and a note for the staff) and waits to be verified."""
    u = await f.user(name)
    await f.join(c, u, verify=False, note=note)
    return u


async def test_a_family_joins_with_the_invite_link_and_staff_let_them_in(
    page: Page, f, runner, axe, browser: Browser, app_url: str
) -> None:
    school = await f.community("Lincoln Elementary")
    staff = await f.member(school, "Ms. Park", role="STAFF")
    code = await f.invite(school, by=staff)
    await waiting(f, school, "Abby K.", NOTE)

    # The family opens the link from the school's text: signed out, so log in or sign up first, in
    # Spanish; the code comes along.
    await page.goto(f"/welcome?code={code}")
    await expect(page).to_have_url(re.compile(r"/login\?next="))
    await page.get_by_role("button", name="Español").click()
    await page.get_by_role("link", name="Crear una cuenta").click()
    await page.get_by_label("Tu nombre").fill("Ana Rodríguez")
    await page.get_by_label("Correo electrónico").fill("ana.rodriguez@example.org")
    await page.get_by_label("Contraseña").fill(PASSWORD)
    await page.get_by_role("button", name="Crear cuenta").click()
    await expect(page.get_by_role("heading", level=1, name="Únete a la comunidad de tu escuela")).to_be_visible()
    await expect(page.get_by_label("Código de invitación")).to_have_value(code)
    await page.get_by_label("Una nota para la escuela (opcional)").fill("Mi hijo Leo está en 3er grado.")
    await page.get_by_role("button", name="Unirme").click()
    await expect(page.get_by_role("heading", level=2, name="Lincoln Elementary")).to_be_visible()
    await page.goto("/")
    await expect(page.get_by_text(re.compile("Tu escuela confirmará tu membresía pronto"))).to_be_visible()
    await expect(page.get_by_role("link", name="Pedir ayuda")).to_have_count(0)
    nav = page.get_by_role("navigation", name="Principal")
    await expect(nav.get_by_role("link", name="Escuela")).to_have_count(0)

    # Staff, on their own phone: the School entry says someone waits; they see who, and what she wrote.
    async with another_phone(browser, app_url) as liaison:
        await sign_in(liaison, staff, "/")
        school_entry = liaison.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("School"))
        await expect(school_entry.locator(".badge")).to_have_text("2")
        await school_entry.click()
        await expect(liaison.get_by_role("heading", level=1, name="Your school")).to_be_visible()
        await expect(liaison.get_by_text("2 people waiting to join")).to_be_visible()
        await look(liaison, axe, "staff-hub")
        await liaison.get_by_role("link", name=re.compile("^Members")).click()
        await expect(liaison.get_by_role("link", name="Waiting (2)")).to_have_attribute("aria-current", "page")
        ana = liaison.get_by_role("listitem").filter(has=liaison.get_by_role("heading", name="Ana Rodríguez"))
        await expect(ana).to_contain_text(re.compile("Asked to join .*(seconds?|minutes?) ago"))
        await expect(ana.get_by_role("blockquote")).to_have_text("Mi hijo Leo está en 3er grado.")
        abby = liaison.get_by_role("listitem").filter(has=liaison.get_by_role("heading", name="Abby K."))
        await expect(abby.get_by_role("blockquote")).to_have_text(NOTE)
        await look(liaison, axe, "staff-members")

        # Declining asks first; she keeps Dana waiting, and lets Ana in.
        await abby.get_by_role("button", name="Decline Abby K.").click()
        await expect(abby.get_by_text(re.compile("Decline Abby K.\\? Their request is removed"))).to_be_focused()
        await axe(liaison, "members, confirm decline")
        await abby.get_by_role("button", name="Keep waiting").click()
        await ana.get_by_role("button", name="Verify Ana Rodríguez").click()
        await expect(liaison.get_by_role("status").filter(has_text="Ana Rodríguez is verified")).to_be_visible()
        await expect(ana).to_have_count(0)
        await expect(liaison.get_by_role("link", name="Waiting (1)")).to_be_visible()
        await liaison.get_by_role("link", name="Members", exact=True).click()
        await expect(
            liaison.get_by_role("listitem").filter(has=liaison.get_by_role("heading", name="Ana Rodríguez"))
        ).to_contain_text("Caregiver")
        await axe(liaison, "members, verified")

    # The worker tells Ana (in Spanish, her language). Her phone was in the background: back in view,
    # it has the whole app without a reload, and the notification.
    await runner.run()
    assert (await f.ok(MEMBERSHIP, user=await _user(f, "ana.rodriguez@example.org")))["myMemberships"] == [
        {"state": "VERIFIED", "role": "CAREGIVER"}
    ]
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    await expect(page.get_by_role("link", name="Pedir ayuda")).to_be_visible()
    await expect(page.get_by_text(re.compile("Tu escuela confirmará tu membresía pronto"))).to_have_count(0)
    await expect(nav.get_by_role("link", name="Inicio")).to_be_visible()
    await expect(nav.get_by_role("link", name="Escuela")).to_have_count(0)
    recent = page.get_by_role("region", name="Notificaciones recientes")
    await expect(recent.get_by_role("link", name="Ya eres parte")).to_be_visible()
    await expect(recent).to_contain_text("Ms. Park verificó tu membresía")
    await axe(page, "home, just verified, Spanish")


async def _user(f: Factory, email: str) -> User:
    """A user who signed up in the browser, logged in through the API to check what the server holds."""
    data = await f.ok(
        "mutation($i: LogInInput!) { logIn(input: $i) { token viewer { id displayName } errors { message } } }",
        {"i": {"email": email, "password": PASSWORD}},
    )
    login = data["logIn"]
    return User(token=login["token"], id=login["viewer"]["id"], email=email, name=login["viewer"]["displayName"])


async def test_a_staff_members_first_minute(page: Page, f, axe) -> None:
    school = await f.community("Lincoln Elementary")
    staff = await f.member(school, "Ms. Park", role="STAFF")
    maria = await f.member(school, "María G.")
    max_ = await f.member(school, "Max T.")
    details = "He keeps messaging me about selling things after I said no."
    await f.ok(
        REPORT,
        {"i": {"communityId": school.id, "subjectId": max_.id, "reason": "HARASSMENT", "details": details}},
        maria,
    )
    await sign_in(page, staff, "/")

    # School: one open report waits.
    await page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("School")).click()
    await expect(page.get_by_text("1 open report")).to_be_visible()
    await expect(page.get_by_text("Nobody is waiting to join.")).to_be_visible()

    # An invite code for a class: a week, 30 families. Shown as text and as a QR code, then revoked.
    # (The codes the school's members joined with are listed too, until used up.)
    before = {i["code"] for i in (await f.ok(INVITES, {"c": school.id}, staff))["community"]["invites"]}
    await page.get_by_role("link", name=re.compile("^Invite codes")).click()
    await expect(page.get_by_role("heading", level=1, name="Invite codes")).to_be_visible()
    await page.get_by_label("Who is it for?").select_option("CAREGIVER")
    await page.get_by_label("Works for (days)").fill("7")
    await page.get_by_label("How many people can use it").fill("30")
    await page.get_by_role("button", name="Create invite code").click()
    await expect(page.get_by_role("status").filter(has_text=re.compile("is ready to share"))).to_be_visible()
    [invite] = [
        i for i in (await f.ok(INVITES, {"c": school.id}, staff))["community"]["invites"] if i["code"] not in before
    ]
    code = invite["code"]
    assert {k: invite[k] for k in ("role", "maxUses", "active", "revokedAt")} == {
        "role": "CAREGIVER",
        "maxUses": 30,
        "active": True,
        "revokedAt": None,
    }
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=f"Code {code}"))
    await expect(card).to_contain_text("Used 0 of 30 times")
    await expect(card).to_contain_text("Works until")
    qr = card.get_by_role("img", name=f"QR code to join Lincoln Elementary with the code {code}")
    await expect(qr).to_be_visible()
    box = await qr.bounding_box()
    assert box and box["width"] >= 150, "the QR code is big enough to scan from the screen"
    await expect(card).to_contain_text(
        re.compile(rf"Join Lincoln Elementary on Village: use the code {code}, or open http://.+/welcome\?code={code}")
    )
    await card.get_by_role("button", name="Copy invite text").click()
    await expect(card.get_by_role("status")).to_have_text(re.compile("Copied|Could not copy"))
    await card.evaluate("el => el.scrollIntoView({ block: 'start' })")
    await look(page, axe, "staff-invites")

    await card.get_by_role("button", name=f"Revoke code {code}").click()
    await expect(card.get_by_text(re.compile("It stops working at once"))).to_be_focused()
    await axe(page, "invites, confirm revoke")
    await card.get_by_role("button", name="Yes, revoke").click()
    await expect(page.get_by_role("status").filter(has_text=f"Code {code} no longer works.")).to_be_visible()
    await expect(card).to_have_count(0)
    [invite] = [i for i in (await f.ok(INVITES, {"c": school.id}, staff))["community"]["invites"] if i["code"] == code]
    assert invite["active"] is False and invite["revokedAt"]
    await page.get_by_label("Show expired, used-up and revoked codes").check()
    await expect(card).to_contain_text("Revoked")
    await expect(card.get_by_role("button")).to_have_count(0)

    # The report: what, about whom, by whom; resolved with what she did and a note.
    await page.goto("/staff")
    await page.get_by_role("link", name=re.compile("^Reports")).click()
    await expect(page.get_by_role("link", name="Open (1)")).to_have_attribute("aria-current", "page")
    report = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Harassment"))
    await expect(report).to_contain_text("About Max T.")
    await expect(report).to_contain_text(re.compile("Reported by María G."))
    await expect(report).to_contain_text(details)
    await look(page, axe, "staff-reports")
    await report.get_by_label("What did you do?").select_option("WARNED")
    await report.get_by_label("Note for the other staff (optional)").fill("Called Max; he apologised and stopped.")
    await report.get_by_role("button", name="Resolve report: Harassment").click()
    await expect(page.get_by_role("status").filter(has_text="Report resolved: Contacted the person.")).to_be_visible()
    await expect(page.get_by_text("No open reports. When a family reports something, it shows here.")).to_be_visible()
    await page.get_by_role("link", name="Resolved").click()
    resolved = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Harassment"))
    await expect(resolved).to_contain_text("Action taken: Contacted the person")
    await expect(resolved).to_contain_text("Called Max; he apologised and stopped.")
    await expect(resolved).to_contain_text(re.compile("Resolved by Ms. Park"))
    await axe(page, "reports, resolved")
    [done] = (await f.ok(REPORTS, {"c": school.id}, staff))["reports"]["edges"]
    assert done["node"] == {"resolution": "WARNED", "resolutionNote": "Called Max; he apologised and stopped."}

    # The community's settings: a refusal shows at its field; then name, a language, the time zone.
    await page.goto("/staff")
    await page.get_by_role("link", name=re.compile("^Community settings")).click()
    await expect(page.get_by_role("heading", level=1, name="Community settings")).to_be_visible()
    name = page.get_by_label(re.compile("^Name"))
    await expect(name).to_have_value("Lincoln Elementary")
    await expect(page.get_by_label("Spanish", exact=True)).to_be_checked()
    await look(page, axe, "staff-settings")
    await name.fill("L")
    await page.get_by_role("button", name="Save settings").click()
    await expect(name).to_have_attribute("aria-invalid", "true")
    await expect(name).to_have_accessible_description(re.compile("name", re.I))
    await axe(page, "community settings with an error")
    await name.fill("Lincoln Elementary School")
    await page.get_by_label("Description").fill("K-5 in East Austin. Families helping families.")
    await page.get_by_label("Vietnamese", exact=True).check()
    await page.get_by_label(re.compile("^Time zone")).select_option("America/Denver")
    await page.get_by_role("button", name="Save settings").click()
    await expect(page.get_by_role("status").filter(has_text="Settings saved.")).to_be_visible()
    assert (await f.ok(COMMUNITY, {"c": school.id}, staff))["community"] == {
        "name": "Lincoln Elementary School",
        "description": "K-5 in East Austin. Families helping families.",
        "languages": ["en", "es", "vi"],
        "timezone": "America/Denver",
    }


async def test_caregivers_and_leaders_never_see_the_staff_screens(page: Page, f, axe) -> None:
    school = await f.community("Lincoln Elementary")
    caregiver = await f.member(school, "Ana R.")
    await sign_in(page, caregiver, "/")
    nav = page.get_by_role("navigation", name="Main")
    await expect(nav.get_by_role("link", name="Home")).to_be_visible()
    await expect(nav.get_by_role("link", name=re.compile("School"))).to_have_count(0)
    for path in ("/staff/members", "/staff", "/staff/reports", "/staff/settings", "/invites"):
        await page.goto(path)
        await expect(page).to_have_url(re.compile(r"/$"))
        await expect(page.get_by_role("heading", level=1, name="Hello, Ana R.")).to_be_visible()

    # A parent leader makes invites for caregivers, and has no School entry either.
    await page.evaluate("localStorage.clear()")
    leader = await f.member(school, "Luis P.", role="LEADER")
    await sign_in(page, leader, "/invites")
    await expect(page.get_by_role("heading", level=1, name="Invite codes")).to_be_visible()
    await expect(page.get_by_label("Who is it for?")).to_have_count(0)
    await axe(page, "invites, leader")
    await expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("School"))
    ).to_have_count(0)
    await page.goto("/staff/members")
    await expect(page).to_have_url(re.compile(r"/$"))


STRENGTH = "mutation($i: AddStrengthInput!) { addStrength(input: $i) { errors { code } } }"
NEED = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { code } } }"
MATCHES = "query($id: ID!) { matchesForNeed(needId: $id, refresh: true) { reasons helper { displayName } } }"


async def test_staff_teach_matching_their_familys_words(page: Page, f, axe) -> None:
    school = await f.community("Lincoln Elementary")
    staff = await f.member(school, "Ms. Park", role="STAFF")
    eva = await f.member(school, "Eva M.", languages=["es", "en"], postalCode="78702")
    await f.ok(
        STRENGTH,
        {
            "i": {
                "category": "advocacy.organizing",
                "title": "Voluntaria de la APM",
                "description": "Organizo la venta de pasteles",
                "languages": ["es"],
                "modes": ["IN_PERSON"],
            }
        },
        eva,
    )
    kay = await f.member(school, "Kay L.", languages=["en"], postalCode="78702")

    async def helpers() -> list[dict]:
        need = await f.ok(
            NEED,
            {
                "i": {
                    "communityId": school.id,
                    "category": "events.planning",
                    "title": "PTA bake sale",
                    "language": "en",
                }
            },
            kay,
        )
        return (await f.ok(MATCHES, {"id": need["postNeed"]["need"]["id"]}, kay))["matchesForNeed"]

    assert "Eva M." not in [m["helper"]["displayName"] for m in await helpers()]

    await sign_in(page, staff, "/staff")
    await page.get_by_role("link", name=re.compile("^Matching words")).click()
    await expect(page.get_by_role("heading", level=1, name="Matching words")).to_be_visible()
    await page.get_by_label("Search by any word").fill("PTA")
    await page.get_by_role("button", name="Add a word here: PTA").click()
    await expect(page.get_by_label("Word or phrase")).to_be_focused()
    await page.get_by_label("Language of the word").select_option("es")
    await page.get_by_label("Word or phrase").fill("APM")
    await page.get_by_role("button", name="Add word").click()
    await expect(page.get_by_role("status").filter(has_text="“APM” was added to PTA")).to_be_visible()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="PTA", exact=True))
    await expect(card.get_by_text("added here")).to_be_visible()
    await card.evaluate("el => el.scrollIntoView({ block: 'start' })")
    await look(page, axe, "staff-matching-words")

    # Matching in this school now reads "APM" as the PTA, and says so.
    [first, *_] = await helpers()
    assert first["helper"]["displayName"] == "Eva M." and "matching words: PTA = APM" in first["reasons"]

    await page.get_by_role("button", name="Remove “APM” from PTA").click()
    await page.get_by_role("button", name="Yes, remove").click()
    await expect(page.get_by_role("status").filter(has_text="“APM” was removed.")).to_be_visible()
    assert "Eva M." not in [m["helper"]["displayName"] for m in await helpers()]
