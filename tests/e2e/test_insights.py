"""The school's insights on a phone, against the real API: 24 families (half speak Spanish at home) who
joined over the last months and wrote to each other, rolled up as the nightly job does; a liaison
reads the figures (charts, the same figures as tables, hidden ones written as hidden), the privacy
note, downloads them as CSV, and reads them again in Spanish. No axe violation, nothing scrolls
sideways at 360 px; with VILLAGE_SCREENSHOTS=<folder> the README's screenshot is saved too."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

from playwright.async_api import Page, expect
from sqlalchemy import update

from api.communities.models import Membership
from api.db import session_scope
from api.ids import parse_global_id
from api.insights.service import roll_up
from api.messages.models import Conversation, Message, Participant
from tests.e2e.conftest import sign_in
from tests.e2e.test_events import saved_file
from tests.e2e.test_skills import ADD_STRENGTH, MATH
from tests.e2e.test_tour import check
from tests.factories import Factory, User

README_SHOTS = {"staff-insights"}
FAMILIES = 24


async def look(page: Page, axe, name: str) -> None:
    await check(page, axe, name, README_SHOTS)


def pk(global_id: str) -> uuid.UUID:
    return uuid.UUID(str(parse_global_id(global_id)[1]))


async def family(f: Factory, school, i: int, redis, settings) -> User:
    """One more member family: the sign-up limit per network is for people, not for this set-up."""
    if keys := await redis.keys(f"{settings.redis_prefix}rl:signup:*"):
        await redis.delete(*keys)
    return await f.member(school, f"Family {i}", languages=["es" if i % 2 else "en"])


async def a_school_year(f: Factory, sessions, redis, settings) -> tuple[str, User]:
    """A community with a staff member and 24 families: 16 joined about three months ago and 8 about
    six weeks ago; each writes back and forth with its neighbours (across and within languages) in
    both of the last two months; twelve offer help with homework. Rolled up as the nightly job does."""
    school = await f.community("Lincoln Elementary")
    staff = await f.member(school, "Ms. Park", role="STAFF")
    families = [await family(f, school, i, redis, settings) for i in range(FAMILIES)]
    for u in families[:12]:
        await f.ok(ADD_STRENGTH, {"i": MATH}, u)
    community = pk(school.id)
    ids = [pk(u.id) for u in families]
    now = datetime.now(UTC)
    async with session_scope(sessions) as db:
        for i, account in enumerate(ids):
            joined = now - timedelta(days=95 if i < 16 else 42)
            await db.execute(
                update(Membership)
                .where(Membership.community_id == community, Membership.account_id == account)
                .values(created_at=joined)
            )
        pairs = [(i, (i + 1) % FAMILIES) for i in range(FAMILIES)] + [(i, i + 2) for i in range(0, 12)]
        for a, b in pairs:
            c = Conversation(id=uuid.uuid4(), community_id=community, created_by_id=ids[a])
            db.add(c)
            await db.flush()
            db.add_all([Participant(conversation_id=c.id, community_id=community, account_id=ids[x]) for x in (a, b)])
            for days in (35, 5):
                at = now - timedelta(days=days)
                db.add_all(
                    [
                        Message(
                            conversation_id=c.id,
                            community_id=community,
                            sender_id=ids[a],
                            body="Hi!",
                            language="en",
                            created_at=at,
                        ),
                        Message(
                            conversation_id=c.id,
                            community_id=community,
                            sender_id=ids[b],
                            body="Hello!",
                            language="en",
                            created_at=at + timedelta(hours=1),
                        ),
                    ]
                )
        await db.flush()
        await roll_up(db, community)
    return school.id, staff


async def test_a_liaison_reads_the_school_insights(page: Page, f: Factory, sessions, redis, settings, axe) -> None:
    _, staff = await a_school_year(f, sessions, redis, settings)

    # From the School entry's hub.
    await sign_in(page, staff, "/staff")
    await page.get_by_role("link", name=re.compile("^School insights")).click()
    await expect(page.get_by_role("heading", level=1, name="School insights")).to_be_visible()
    await expect(page.get_by_text(re.compile("^No figure here covers fewer than 10 families"))).to_be_visible()
    await expect(page.get_by_text(re.compile(r"^Figures computed"))).to_be_visible()
    for section in ("Growth over time", "Ties between families", "Bridging, reciprocity and reach"):
        await expect(page.get_by_role("heading", level=2, name=section)).to_be_visible()
    for section in ("From joining to leading", "Asset map: strengths and needs", "Getting help moving"):
        await expect(page.get_by_role("heading", level=2, name=section)).to_be_visible()
    await expect(page.get_by_role("heading", level=2, name="Equity by home language")).to_be_visible()

    # The growth chart is drawn, named, and its figures are a table away.
    growth = page.get_by_role("region", name="Growth over time")
    chart = growth.get_by_role("img", name=re.compile("^Families over time: chart"))
    await expect(chart).to_be_visible()
    assert await chart.locator("polyline, circle").count() > 0
    await expect(growth.get_by_text("24 families are in the community", exact=False)).to_be_visible()
    await growth.get_by_text("Show as a table").click()
    table = growth.get_by_role("table", name="Families over time")
    await expect(table).to_be_visible()
    # The header, then a month each from the quarter the first family joined in.
    assert await table.get_by_role("row").count() >= 5
    await expect(table.get_by_role("cell", name="24", exact=True).first).to_be_visible()
    # The months before anyone joined are hidden, written as such.
    await expect(table.get_by_role("cell", name="hidden", exact=True).first).to_be_visible()

    # A small group (the families with no tie) is hidden: a gap in the bars, "hidden" in its table.
    ties = page.get_by_role("region", name="Ties between families")
    await expect(ties.get_by_role("img", name=re.compile("^Families by number of ties"))).to_be_visible()
    await ties.get_by_text("Show as a table").first.click()
    await expect(ties.get_by_role("table").first.get_by_role("cell", name="hidden", exact=True).first).to_be_visible()
    # Definitions are on the page.
    await expect(page.get_by_text("What these figures mean").first).to_be_visible()
    # The README's picture: the first section, its reading and its chart.
    await page.get_by_text(re.compile("^Latest period")).evaluate("e => e.scrollIntoView()")
    await look(page, axe, "staff-insights")

    # Printed: the figures without the controls or the app's bars, on A4.
    await page.emulate_media(media="print")
    await expect(page.get_by_role("button", name="Download CSV")).to_be_hidden()
    await expect(page.get_by_role("navigation", name=re.compile("."))).to_have_count(0)
    await expect(chart).to_be_visible()
    assert (await page.pdf(format="A4"))[:4] == b"%PDF"
    await page.emulate_media(media="screen")

    # The CSV holds the same figures.
    name, text = await saved_file(page, page.get_by_role("button", name="Download CSV"))
    assert re.fullmatch(r"insights-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}-month\.csv", name)
    assert text.startswith("period_start,period_end,metric,breakdown,value,shown,title\n")
    assert ",families.members,,24,exact," in text

    # By quarter.
    await page.get_by_label("Period").select_option("QUARTER")
    await expect(page.get_by_text(re.compile(r"^Latest period: \w+–\w+ \d{4}\."))).to_be_visible()

    # In Spanish, the figures' names and definitions too.
    await page.goto("/settings")
    await page.get_by_role("radio", name="Español").check()
    await expect(page.get_by_role("status").filter(has_text="Idioma guardado.")).to_be_visible()
    await page.goto("/staff/insights")
    await expect(page.get_by_role("heading", level=1, name="Datos de la escuela")).to_be_visible()
    await expect(page.get_by_text(re.compile("^Ninguna cifra de aquí cubre a menos de 10 familias"))).to_be_visible()
    growth = page.get_by_role("region", name="Crecimiento")
    await expect(growth.get_by_text("Familias en la comunidad").first).to_be_visible()
    await growth.get_by_text("Ver como tabla").click()
    await expect(growth.get_by_role("table").get_by_role("cell", name="oculto", exact=True).first).to_be_visible()
    await look(page, axe, "staff-insights-es")
