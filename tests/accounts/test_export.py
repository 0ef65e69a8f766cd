"""exportMyData holds everything Village keeps about a person and their children, from every
domain; a model holding such data that no domain exports fails the coverage test."""

from __future__ import annotations

from sqlalchemy import ForeignKey

from api.db import Base
from api.domains import all_models, parts
from tests.notifications.support import register

EXPORT = "mutation { exportMyData { data errors { code } } }"
STRENGTH = "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { code } } }"
NEED = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { code } } }"
OFFER = "mutation($i: OfferHelpInput!) { offerHelp(input: $i) { match { id } errors { code } } }"
RESPOND = "mutation($i: RespondToMatchInput!) { respondToMatch(input: $i) { match { status } errors { code } } }"
COMPLETE = "mutation($i: CompleteMatchInput!) { completeMatch(input: $i) { match { status } errors { code } } }"
PREFS = (
    "mutation($i: UpdateNotificationPreferencesInput!) { updateNotificationPreferences(input: $i) { errors { code } } }"
)


async def _helped(f, community, family, helper, *, title: str, category: str, thanks: str) -> None:
    """`family` posts a need, `helper` offers, the family accepts and thanks."""
    need = await f.ok(
        NEED, {"i": {"communityId": community.id, "category": category, "title": title, "mode": "VIRTUAL"}}, family
    )
    match = (await f.ok(OFFER, {"i": {"needId": need["postNeed"]["need"]["id"], "message": "Happy to help"}}, helper))[
        "offerHelp"
    ]["match"]
    await f.ok(RESPOND, {"i": {"matchId": match["id"], "accept": True}}, family)
    await f.ok(COMPLETE, {"i": {"matchId": match["id"], "thanks": thanks}}, family)


async def test_the_export_holds_one_of_everything(f, push, runner):
    c = await f.community("Lincoln Elementary")
    ana = await f.member(c, "Ana", languages=["es"], postalCode="78701")
    bo = await f.member(c, "Bo")
    cy = await f.member(c, "Cy")
    await f.child(ana, "Mia", joy="dancing")
    await f.ok(
        STRENGTH,
        {
            "i": {
                "category": "tutoring.math",
                "title": "Math with patience",
                "modes": ["VIRTUAL"],
                "availability": [{"day": "TUESDAY", "start": "18:00", "end": "20:00"}],
            }
        },
        ana,
    )
    # Ana is helped (she thanks Bo), and she helps Bo (he thanks her).
    await _helped(
        f, c, ana, bo, title="Rides to soccer on Saturday", category="transportation.activities", thanks="Gracias, Bo"
    )
    await _helped(f, c, bo, ana, title="Fractions for grade 3", category="tutoring.math", thanks="Thanks a lot, Ana")
    await register(f, ana, push)
    await f.ok(PREFS, {"i": {"quietHours": {"start": "22:00", "end": "07:00"}}}, ana)
    await f.ok(
        "mutation($i: BlockInput!) { block(input: $i) { ok errors { message } } }", {"i": {"caregiverId": cy.id}}, ana
    )
    await f.ok(
        "mutation($i: ReportInput!) { report(input: $i) { reportId errors { message } } }",
        {"i": {"communityId": c.id, "subjectId": cy.id, "reason": "OTHER", "details": "rude at pick-up"}},
        ana,
    )
    await runner.run()  # the notifications of the match lifecycle

    data = (await f.ok(EXPORT, user=ana))["exportMyData"]["data"]

    assert data["account"]["email"] == ana.email and data["account"]["homeArea"]["label"] == "Austin, TX"
    assert [m["community"] for m in data["memberships"]] == ["Lincoln Elementary"]
    assert [ch["name"] for ch in data["family"]["children"]] == ["Mia"]
    assert len(data["sessions"]) == 1
    assert [(s["title"], s["modes"]) for s in data["strengths"]] == [("Math with patience", ["virtual"])]
    assert data["strengths"][0]["availability"] == [{"day": "tuesday", "startMinute": 18 * 60, "endMinute": 20 * 60}]
    assert [(n["title"], n["status"], n["community"]) for n in data["needs"]] == [
        ("Rides to soccer on Saturday", "met", "Lincoln Elementary")
    ]
    assert sorted((m["role"], m["need"], m["status"], m["otherFamily"]) for m in data["matches"]) == [
        ("family", "Rides to soccer on Saturday", "completed", "Bo"),
        ("helper", "Fractions for grade 3", "completed", "Bo"),
    ]
    assert data["thanksGiven"] == [{"to": "Bo", "need": "Rides to soccer on Saturday", "thanks": "Gracias, Bo"}]
    assert data["thanksReceived"] == [{"from": "Bo", "need": "Fractions for grade 3", "thanks": "Thanks a lot, Ana"}]
    assert {n["kind"] for n in data["notifications"]} >= {"match_offered", "match_accepted", "thanks_received"}
    assert [d["endpointOrigin"] for d in data["pushSubscriptions"]] == [push.origin]
    assert data["notificationPreferences"]["quietHours"] == {"start": "22:00", "end": "07:00"}
    assert [b["displayName"] for b in data["blocks"]] == ["Cy"]
    assert [r["details"] for r in data["reportsFiled"]] == ["rude at pick-up"]
    assert "$argon2" not in str(data)


async def test_the_other_family_is_named_only_once_both_agreed(f):
    c = await f.community()
    ana = await f.member(c, "Ana")
    bo = await f.member(c, "Bo")
    need = await f.ok(
        NEED, {"i": {"communityId": c.id, "category": "tutoring.math", "title": "Fractions", "mode": "VIRTUAL"}}, ana
    )
    await f.ok(OFFER, {"i": {"needId": need["postNeed"]["need"]["id"]}}, bo)
    mine = (await f.ok(EXPORT, user=bo))["exportMyData"]["data"]["matches"]
    assert [(m["role"], m["status"], m["otherFamily"]) for m in mine] == [("helper", "offered", None)]


def _person_tables() -> set[str]:
    """Tables that reference an account, a family or a child (or are one)."""
    all_models()
    roots = {"accounts", "families", "children"}
    out = set(roots)
    for table in Base.metadata.tables.values():
        for column in table.columns:
            if any(isinstance(fk, ForeignKey) and fk.column.table.name in roots for fk in column.foreign_keys):
                out.add(table.name)
    return out


def test_every_table_about_a_person_is_exported_by_some_domain():
    covered: dict[str, str] = {}
    for module in parts("export"):
        for model in (*module.EXPORTED, *module.NOT_EXPORTED):
            covered[model.__tablename__] = module.__name__
    missing = _person_tables() - covered.keys()
    assert not missing, (
        f"no domain's export.py covers these tables (add them to EXPORTED or NOT_EXPORTED): {sorted(missing)}"
    )


def test_the_coverage_check_sees_a_new_table_about_a_person():
    """The check above is only worth its name if a new table that references an account counts."""
    tables = _person_tables()
    assert {
        "strengths",
        "needs",
        "matches",
        "notifications",
        "push_subscriptions",
        "memberships",
        "blocks",
        "reports",
    } <= tables
    assert "skill_categories" not in tables and "secrets" not in tables
