"""Onboarding on a phone: join with an invite code, choose the language, fill one's own strength
circle and each child's, and arrive home — against the real API."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in

VIEWER = "{ viewer { uiLanguage languages homeArea { label } strengthCircle { strengths passions interests } } }"
OFFERS = "{ myStrengths { title category languages modes } }"
FAMILY = "{ myFamily { children { name grade strengths passions interests joy } } }"
MEMBERSHIPS = "{ myMemberships { state communityId } }"


async def add_chip(page: Page, label: str, text: str) -> None:
    field = page.get_by_role("textbox", name=label, exact=True)
    await field.fill(text)
    await field.press("Enter")
    await expect(page.get_by_role("list", name=label).get_by_text(text, exact=True)).to_be_visible()


async def test_a_new_family_goes_through_every_step(page: Page, f, axe) -> None:
    community = await f.community("Lincoln Elementary")
    code = await f.invite(community)
    ana = await f.user("Ana M.")
    await sign_in(page, ana, "/")

    # 1. Join: no membership yet, so the shell sends her here.
    await expect(page).to_have_url(re.compile(r"/welcome$"))
    await expect(page.get_by_role("heading", level=1, name="Join your school community")).to_be_visible()
    await expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    await axe(page, "join")
    await page.get_by_label("Invite code").fill(f"  {code.lower()} ")  # trimmed; capitals do not matter
    await page.get_by_role("button", name="Join").click()
    await expect(page.get_by_role("status").filter(has_text="You have joined Lincoln Elementary")).to_be_visible()
    await expect(page.get_by_role("heading", level=2, name="Lincoln Elementary")).to_be_visible()
    await expect(page.get_by_text("Waiting for the school to verify")).to_be_visible()
    await expect(page.get_by_text(re.compile(r"Lincoln Elementary checks that every new family"))).to_be_visible()
    memberships = (await f.ok(MEMBERSHIPS, user=ana))["myMemberships"]
    assert [(m["state"], m["communityId"]) for m in memberships] == [("PENDING", community.id)]
    await axe(page, "joined, pending")
    await page.get_by_role("link", name="Continue").click()

    # 2. Language: Spanish at once, on the screen and on the server.
    await expect(page.get_by_role("heading", level=1, name="Choose your language")).to_be_visible()
    await expect(page.get_by_text("Step 2 of 4")).to_be_visible()
    await axe(page, "language")
    await page.get_by_role("radio", name="Español").check()
    await expect(page.get_by_role("heading", level=1, name="Elige tu idioma")).to_be_visible()
    await expect(page.get_by_text("Paso 2 de 4")).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "es"
    await expect(page.get_by_role("checkbox", name="Inglés")).to_be_checked()  # her app's language until she says
    await page.get_by_role("checkbox", name="Español").check()
    await page.get_by_label("Código postal (opcional)").fill("00000")
    await page.get_by_role("button", name="Continuar").click()
    zip_field = page.get_by_label("Código postal (opcional)")
    await expect(zip_field).to_have_attribute("aria-invalid", "true")
    await expect(zip_field).to_have_accessible_description(re.compile("No conocemos ese código postal"))
    await expect(zip_field).to_have_value("00000")
    await axe(page, "language, Spanish, with a ZIP code error")
    await zip_field.fill("78701")
    await page.get_by_role("button", name="Continuar").click()

    # 3. Her strength circle.
    await expect(page.get_by_role("heading", level=1, name="Tu círculo de fortalezas")).to_be_visible()
    await expect(page.get_by_text("Paso 3 de 4")).to_be_visible()
    viewer = (await f.ok(VIEWER, user=ana))["viewer"]
    assert viewer["uiLanguage"] == "es"
    assert sorted(viewer["languages"]) == ["en", "es"]
    assert viewer["homeArea"]["label"] == "Austin, TX"
    drawing = page.get_by_test_id("strength-circle")
    await expect(drawing.locator("text.name")).to_have_text("Ana M.")
    await expect(page.get_by_role("textbox", name="Fortalezas")).to_have_accessible_description(
        re.compile(r"¿Qué se me da bien\?")
    )
    await add_chip(page, "Fortalezas", "Cocinar")
    await add_chip(page, "Fortalezas", "Escuchar")
    await add_chip(page, "Pasiones", "Bailar salsa")
    await expect(drawing).to_contain_text("Cocinar")
    await expect(drawing).to_contain_text("Bailar salsa")
    await page.get_by_role("textbox", name="Intereses").fill("Jardinería")  # typed, not added: still kept
    await axe(page, "my circle, Spanish")
    await page.get_by_role("button", name="Continuar").click()

    # 3b. From her circle (who she is) to offers (what families can ask her for), one tap each.
    await expect(page.get_by_role("heading", level=1, name="Lo que puedes ofrecer")).to_be_visible()
    await expect(page.get_by_text("Paso 3 de 4")).to_be_visible()
    await expect(page.get_by_text(re.compile("Las ofertas son lo que otras familias pueden pedirte"))).to_be_visible()
    cooking = page.get_by_role("group", name="Cocinar")
    await expect(cooking.get_by_label("Categoría")).to_have_value("cooking")  # guessed from the words
    await expect(page.get_by_role("group", name="Jardinería")).to_have_count(0)  # interests are not offers
    await axe(page, "offers, Spanish")
    await cooking.get_by_role("button", name="Ofrecer esto: Cocinar").click()
    await expect(page.get_by_role("status").filter(has_text="«Cocinar» ya está ofrecido")).to_be_visible()
    await page.get_by_role("button", name="Omitir: Bailar salsa").click()
    await expect(page.get_by_role("group", name="Bailar salsa").get_by_text("Omitido")).to_be_visible()
    offered = (await f.ok(OFFERS, user=ana))["myStrengths"]
    assert [(s["title"], s["category"], sorted(s["languages"]), s["modes"]) for s in offered] == [
        ("Cocinar", "cooking", ["en", "es"], ["IN_PERSON"])
    ]
    await axe(page, "offers, one offered, one skipped")
    await page.get_by_role("link", name="Continuar").click()

    # 4. Her children's circles.
    await expect(page.get_by_role("heading", level=1, name="Los círculos de tus hijos e hijas")).to_be_visible()
    await expect(page.get_by_text("Paso 4 de 4")).to_be_visible()
    circle = (await f.ok(VIEWER, user=ana))["viewer"]["strengthCircle"]
    assert circle == {"strengths": ["Cocinar", "Escuchar"], "passions": ["Bailar salsa"], "interests": ["Jardinería"]}
    await expect(page.get_by_text("Village nunca pide apellidos, fechas de nacimiento ni fotos")).to_be_visible()
    await axe(page, "children, empty form")
    await page.get_by_role("button", name="Guardar").click()  # no name yet
    name_field = page.get_by_label("Nombre o apodo")
    await expect(name_field).to_have_attribute("aria-invalid", "true")
    await axe(page, "children, with an error, Spanish")
    await name_field.fill("Mia")
    await page.get_by_label("Grado (opcional)").select_option("3")
    await add_chip(page, "Fortalezas", "Dibujar")
    await expect(page.get_by_role("textbox", name="Fortalezas")).to_have_accessible_description(
        re.compile(r"valentía, su creatividad o su bondad")
    )
    await add_chip(page, "Pasiones", "Fútbol")
    await add_chip(page, "Intereses", "Dinosaurios")
    await page.get_by_label("¿Qué le da alegría a mi hijo o hija?").fill("El mar")
    await page.get_by_role("button", name="Guardar").click()
    await expect(page.get_by_role("status").filter(has_text="Se guardó el círculo de Mia.")).to_be_visible()
    await expect(page.get_by_role("heading", level=3, name="Mia", exact=True)).to_be_visible()

    await page.get_by_role("button", name="Añadir a otro niño o niña").click()
    await page.get_by_label("Nombre o apodo").fill("Leo")
    await page.get_by_label("Grado (opcional)").select_option("K")
    await add_chip(page, "Fortalezas", "Construir")
    await page.get_by_label("¿Qué le da alegría a mi hijo o hija?").fill("Los perros")
    await page.get_by_role("button", name="Guardar").click()
    await expect(page.get_by_role("heading", level=3, name="Leo", exact=True)).to_be_visible()
    children = (await f.ok(FAMILY, user=ana))["myFamily"]["children"]
    assert children == [
        {
            "name": "Mia",
            "grade": "3",
            "strengths": ["Dibujar"],
            "passions": ["Fútbol"],
            "interests": ["Dinosaurios"],
            "joy": "El mar",
        },
        {"name": "Leo", "grade": "K", "strengths": ["Construir"], "passions": [], "interests": [], "joy": "Los perros"},
    ]
    await axe(page, "two children, Spanish")

    await page.get_by_role("button", name="Quitar a Leo").click()
    await expect(page.get_by_text("¿Quitar a Leo? Su círculo se borrará para siempre.")).to_be_visible()
    await axe(page, "confirm removing a child")
    await page.get_by_role("button", name="Sí, quitar a Leo").click()
    await expect(page.get_by_role("status").filter(has_text="Se quitó a Leo.")).to_be_visible()
    await expect(page.get_by_role("heading", level=3, name="Leo", exact=True)).to_have_count(0)
    assert [c["name"] for c in (await f.ok(FAMILY, user=ana))["myFamily"]["children"]] == ["Mia"]

    # 5. Done, then home.
    await page.get_by_role("link", name="Continuar").click()
    await expect(page.get_by_role("heading", level=1, name="Te damos la bienvenida a la comunidad")).to_be_visible()
    await expect(page.get_by_text("Mientras Lincoln Elementary verifica a tu familia")).to_be_visible()
    await axe(page, "done, Spanish")
    assert await page.evaluate("(id) => !!localStorage.getItem('village.onboarded.' + id)", ana.id)
    await page.get_by_role("link", name="Ir a la pantalla de inicio").click()
    await expect(page).to_have_url(re.compile(r"/$"))
    await expect(page.get_by_role("navigation", name="Principal")).to_be_visible()


async def test_a_wrong_invite_code_is_explained_at_the_field_and_joins_nothing(page: Page, f, axe) -> None:
    community = await f.community("Roosevelt Middle")
    used = await f.invite(community, maxUses=1)
    await f.ok(
        "mutation($i: JoinCommunityInput!) { joinCommunity(input: $i) { errors { message } } }",
        {"i": {"inviteCode": used}},
        await f.user("Someone Else"),
    )
    bea = await f.user("Bea")
    await sign_in(page, bea, "/welcome")

    field = page.get_by_label("Invite code")
    await field.fill("NOPE-0000")
    await page.get_by_role("button", name="Join").click()
    await expect(field).to_have_attribute("aria-invalid", "true")
    await expect(field).to_have_accessible_description(
        re.compile("That invite code is not valid. Check it with your school.")
    )
    await expect(field).to_have_value("NOPE-0000")  # what she typed stays, to correct it
    await axe(page, "join, invalid code")

    await field.fill(used)
    await page.get_by_role("button", name="Join").click()
    await expect(field).to_have_accessible_description(re.compile("That invite code has been used up"))
    await expect(page.get_by_role("link", name="Continue")).to_have_count(0)
    assert (await f.ok(MEMBERSHIPS, user=bea))["myMemberships"] == []

    # In Spanish (her profile's language), the same error in Spanish words.
    await f.ok('mutation { updateProfile(input: {uiLanguage: "es"}) { errors { message } } }', user=bea)
    await page.reload()
    await page.get_by_label("Código de invitación").fill("NOPE-0000")
    await page.get_by_role("button", name="Unirme").click()
    await expect(page.get_by_label("Código de invitación")).to_have_accessible_description(
        re.compile("Ese código de invitación no es válido")
    )
    await axe(page, "join, invalid code, Spanish")


async def test_a_member_edits_their_circles_and_nothing_typed_is_lost_offline(page: Page, f, axe, context) -> None:
    community = await f.community("Lincoln Elementary")
    carla = await f.member(community, "Carla", strengths=["Sewing"])
    await f.child(carla, "Mia", joy="Drawing horses")
    await sign_in(page, carla, "/welcome")

    # Already a (verified) member: the first step shows it and lets her continue.
    await expect(page.get_by_role("heading", level=2, name="Lincoln Elementary")).to_be_visible()
    await expect(page.get_by_text("Verified", exact=True)).to_be_visible()
    await axe(page, "join, already a member")
    await page.get_by_role("link", name="Continue").click()
    await page.get_by_role("button", name="Continue").click()

    # Her circle, pre-filled; offline the save fails with a clear message and keeps what she added.
    await expect(page.get_by_role("heading", level=1, name="Your strength circle")).to_be_visible()
    await expect(page.get_by_role("list", name="Strengths").get_by_text("Sewing")).to_be_visible()
    await add_chip(page, "Passions", "Hiking")
    await context.set_offline(True)
    await page.get_by_role("button", name="Continue").click()
    await expect(page.get_by_role("alert")).to_contain_text("Could not reach Village")
    await expect(page.get_by_role("list", name="Passions").get_by_text("Hiking")).to_be_visible()
    await context.set_offline(False)
    await page.get_by_role("button", name="Continue").click()
    # Her circle has things she could offer: she is asked, and skips for now.
    await expect(page.get_by_role("heading", level=1, name="What you can offer")).to_be_visible()
    await expect(page.get_by_role("group", name="Sewing").get_by_label("Category")).to_have_value("trades.sewing")
    await page.get_by_role("link", name="Skip for now").click()
    await expect(page.get_by_role("heading", level=1, name="Your children's circles")).to_be_visible()
    circle = (await f.ok(VIEWER, user=carla))["viewer"]["strengthCircle"]
    assert circle["strengths"] == ["Sewing"] and circle["passions"] == ["Hiking"]

    # Mia is listed as a small circle; editing keeps her grade and changes her joy.
    await expect(page.get_by_role("heading", level=3, name="Mia")).to_be_visible()
    await page.get_by_role("button", name="Edit Mia").click()
    await expect(page.get_by_role("heading", name="Edit Mia's circle")).to_be_focused()
    await expect(page.get_by_label("What brings my child joy?")).to_have_value("Drawing horses")
    await page.get_by_label("What brings my child joy?").fill("Drawing horses and the sea")
    await add_chip(page, "Passions", "Swimming")
    await axe(page, "editing a child")
    await page.get_by_role("button", name="Save child").click()
    await expect(page.get_by_role("status").filter(has_text="Mia's circle is saved.")).to_be_visible()
    mia = (await f.ok(FAMILY, user=carla))["myFamily"]["children"][0]
    assert (mia["grade"], mia["joy"], mia["passions"]) == ("3", "Drawing horses and the sea", ["Swimming"])
    await page.get_by_role("link", name="Continue").click()
    await expect(page.get_by_role("heading", level=1, name="Welcome to the village")).to_be_visible()


# Anything of home (its navigation, its big actions) the page ever held, even for one frame.
WATCH_FOR_HOME = """() => {
  window.__sawHome = false;
  new MutationObserver((records) => {
    const home = '.bottom-nav, .big-actions';
    for (const r of records) for (const n of r.addedNodes)
      if (n instanceof Element && (n.matches(home) || n.querySelector(home))) window.__sawHome = true;
  }).observe(document, { childList: true, subtree: true });
}"""


async def test_a_person_without_a_community_never_glimpses_home(page: Page, f) -> None:
    await page.add_init_script(f"({WATCH_FOR_HOME})()")
    dee = await f.user("Dee")
    await sign_in(page, dee, "/")
    await expect(page.get_by_role("heading", level=1, name="Join your school community")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"/welcome$"))
    assert await page.evaluate("window.__sawHome") is False
    # The watch works: a member's home has both.
    community = await f.community()
    await sign_in(page, await f.member(community, "Eve"), "/")
    await expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert await page.evaluate("window.__sawHome") is True
