"""Matching v2, rule by rule, through the API a family uses: the words over the category label, hard
rules for time and language, English↔Spanish with the matched words named, and the words a
community's staff add to the concept table."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from api.communities.models import Membership
from api.ids import parse_global_id
from api.skills.models import Strength, StrengthPosting

ADD = "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { field code message } } }"
UPDATE = "mutation($i: UpdateStrengthInput!) { updateStrength(input: $i) { errors { field code message } } }"
POST = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { field code message } } }"
MATCHES = "query($id: ID!) { matchesForNeed(needId: $id, refresh: true) { reasons helper { displayName } } }"
ADD_TERM = (
    "mutation($i: AddMatchingTermInput!) { addMatchingTerm(input: $i) { word { id term language } "
    "errors { field code message } } }"
)
REMOVE_TERM = (
    "mutation($i: RemoveMatchingTermInput!) { removeMatchingTerm(input: $i) { removedTermId errors { field code } } }"
)
CONCEPTS = (
    "query($c: ID!, $s: String) { matchingConcepts(communityId: $c, search: $s) { key label builtin "
    "words { id language term } } }"
)
ZONE = ZoneInfo("America/Chicago")


async def offer(f, user, category, title, description="", *, languages=("en",), modes=("IN_PERSON",), slots=()):
    data = await f.ok(
        ADD,
        {
            "i": {
                "category": category,
                "title": title,
                "description": description,
                "languages": list(languages),
                "modes": list(modes),
                "availability": [{"day": d, "start": a, "end": b} for d, a, b in slots],
            }
        },
        user,
    )
    return data["addStrength"]["strength"]["id"]


async def offering(f, c, name, category, title, description="", *, postal_code="78702", **kw):
    """A member speaking English who offers one strength."""
    user = await f.member(c, name, languages=["en"], postalCode=postal_code)
    await offer(f, user, category, title, description, **kw)
    return user


async def ask(f, c, user, category, title, description="", **kw) -> list[dict]:
    need = await f.ok(
        POST, {"i": {"communityId": c.id, "category": category, "title": title, "description": description, **kw}}, user
    )
    return (await f.ok(MATCHES, {"id": need["postNeed"]["need"]["id"]}, user))["matchesForNeed"]


def names(matches) -> list[str]:
    return [m["helper"]["displayName"] for m in matches]


def next_weekday(weekday: int, hhmm: str) -> datetime:
    today = datetime.now(ZONE).date()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return datetime.combine(day, time(int(hhmm[:2]), int(hhmm[3:])), ZONE)


async def test_a_strong_text_match_under_another_category_beats_the_category_alone(f):
    c = await f.community()
    # Filed under childcare, but it is exactly the walking bus the family asks for.
    rosa = await f.member(c, "Rosa", languages=["en", "es"], postalCode="78702")
    await offer(
        f, rosa, "childcare.after_school", "Walking bus to Zavala", "I walk a group of kids to school every morning"
    )
    # In the need's own category, with nothing in common but the label.
    tim = await f.member(c, "Tim", languages=["en"], postalCode="78702")
    await offer(f, tim, "transportation.school", "Carpool to swim meets", "Minivan, weekends, swim team")
    ana = await f.member(c, "Ana", languages=["en"], postalCode="78702")
    matches = await ask(
        f,
        c,
        ana,
        "transportation.school",
        "Walking bus?",
        "Can my son join a walking bus to Zavala in the morning?",
        language="en",
    )
    assert names(matches)[0] == "Rosa"
    assert any("walking bus" in r.lower() for r in matches[0]["reasons"]), matches[0]["reasons"]


async def test_a_helper_who_misses_the_window_never_outranks_a_full_fit(f):
    c = await f.community()
    # Same strength, same words, same place; only when they are free differs.
    people = {}
    for name, slots in (
        ("Full", [("TUESDAY", "15:00", "19:00")]),
        ("Partial", [("TUESDAY", "17:00", "20:00")]),
        ("Unsaid", []),
        ("Never", [("SATURDAY", "09:00", "12:00")]),
    ):
        people[name] = await f.member(c, name, languages=["en"], postalCode="78702")
        # The one who covers only part of the time writes the stronger offer: the rule must still hold.
        title = "Math tutoring: fractions, long division, multiplication" if name == "Partial" else "Math tutoring"
        await offer(f, people[name], "tutoring.math", title, slots=slots)
    ana = await f.member(c, "Ana", languages=["en"], postalCode="78702")
    starts = next_weekday(1, "16:00")
    matches = await ask(
        f,
        c,
        ana,
        "tutoring.math",
        "Fractions and long division",
        "4th grade",
        language="en",
        startsAt=starts.isoformat(),
        endsAt=(starts + timedelta(hours=2)).isoformat(),
        mode="IN_PERSON",
    )
    assert names(matches) == ["Full", "Unsaid", "Partial"]  # "Never" is free at none of it: not suggested
    assert "free Tuesday afternoons" in matches[0]["reasons"]
    assert "has not said when they are free" in matches[1]["reasons"]
    assert "only part of the time: free Tuesday 5 pm–6 pm" in matches[2]["reasons"]


async def test_a_helper_who_speaks_the_language_comes_before_a_better_text_match_who_does_not(f):
    c = await f.community()
    pat = await f.member(c, "Pat", languages=["en"], postalCode="78702")
    await offer(f, pat, "tutoring.math", "Fractions tutor", "Fractions, decimals, fractions games", languages=["en"])
    lupe = await f.member(c, "Lupe", languages=["es", "en"], postalCode="78702")
    await offer(f, lupe, "tutoring.math", "Matemáticas", "Primaria", languages=["es"])
    ana = await f.member(c, "Ana", languages=["es"], postalCode="78702", uiLanguage="es")
    matches = await ask(f, c, ana, "tutoring.math", "Fracciones", "Ayuda con fracciones para 4to grado", language="es")
    assert names(matches) == ["Lupe", "Pat"]
    assert matches[1]["reasons"][-1] == "no indica que hable español"


async def test_an_english_need_finds_a_strength_written_in_spanish_and_says_which_words_matched(f):
    c = await f.community()
    lupe = await f.member(c, "Lupe", languages=["es", "en"], postalCode="78702")
    await offer(
        f, lupe, "cooking.meals", "Apoyo con la tarea", "Reviso la tarea de primaria por las tardes", languages=["es"]
    )
    sam = await f.member(c, "Sam", languages=["en", "es"], postalCode="78702")
    await offer(f, sam, "tutoring.reading", "Reading buddy", "Picture books with little ones", languages=["en"])
    kay = await f.member(c, "Kay", languages=["en"], postalCode="78702")
    matches = await ask(
        f, c, kay, "tutoring.homework", "Homework check", "Someone to check homework after school?", language="en"
    )
    assert names(matches)[0] == "Lupe"
    assert "matching words: homework = tarea" in matches[0]["reasons"]
    # And the reverse: a Spanish need, an English strength.
    juan = await f.member(c, "Juan", languages=["es"], postalCode="78702", uiLanguage="es")
    matches = await ask(f, c, juan, "tutoring.reading", "Lectura", "Busco quien lea libros con mi niña", language="es")
    assert names(matches)[0] == "Sam"
    assert "palabras en común: lectura = reading" in matches[0]["reasons"]


async def test_the_matched_words_come_from_what_the_strength_stored_and_old_rows_still_name_them(
    f, sessions, monkeypatch
):
    """A strength keeps the words that gave its terms (strengths.said), so a matching run names them
    without analysing the helper's text again; a row stored before that (said = '{}') is analysed."""
    from api.skills import matching
    from api.skills.models import Strength

    c = await f.community()
    lupe = await f.member(c, "Lupe", languages=["es", "en"], postalCode="78702")
    await offer(f, lupe, "cooking.meals", "Apoyo con las tareas", "Reviso tareas por las tardes", languages=["es"])
    async with sessions() as db:
        stored = await db.scalar(select(Strength.said).where(Strength.title == "Apoyo con las tareas"))
    assert stored["@homework"] == "tareas"
    kay = await f.member(c, "Kay", languages=["en"], postalCode="78702")

    def no_analysis(*a, **kw):
        raise AssertionError("the strength's text was analysed again")

    monkeypatch.setattr(matching, "_strength_analysis", no_analysis)
    matches = await ask(f, c, kay, "tutoring.homework", "Homework check", "Check homework after school?", language="en")
    assert names(matches)[0] == "Lupe"
    assert "matching words: homework = tareas" in matches[0]["reasons"]

    monkeypatch.undo()
    async with sessions() as db:
        await db.execute(update(Strength).where(Strength.title == "Apoyo con las tareas").values(said={}))
        await db.commit()
    matches = await ask(f, c, kay, "tutoring.homework", "Homework", "Homework help, please", language="en")
    assert names(matches)[0] == "Lupe" and "matching words: homework = tareas" in matches[0]["reasons"]


async def test_a_helper_whose_grades_leave_the_child_out_ranks_below_one_whose_grades_fit(f):
    c = await f.community()
    kathy = await f.member(c, "Kathy", languages=["en"], postalCode="78702")
    await offer(f, kathy, "tutoring.homework", "Homework help K-2", "Math homework, reading logs and homework routines")
    nora = await f.member(c, "Nora", languages=["en"], postalCode="78702")
    await offer(f, nora, "tutoring.math", "Math help", "Fractions and decimals for grades 3-5")
    chris = await f.member(c, "Chris", languages=["en"], postalCode="78702")
    matches = await ask(
        f, c, chris, "tutoring.homework", "5th grade math homework", "Fractions homework every night", language="en"
    )
    assert names(matches) == ["Nora", "Kathy"]
    assert "works with grades 3–5" in matches[0]["reasons"]
    assert "works with grades K–2, not grade 5" in matches[1]["reasons"]
    # A need that names no grade ranks them on their words alone.
    matches = await ask(f, c, chris, "tutoring.homework", "Homework routines", "Math homework help", language="en")
    assert names(matches)[0] == "Kathy"


async def test_a_helper_who_names_the_childs_grade_ranks_above_an_otherwise_equal_one_a_little_nearer(f):
    """Saying "grades 3-5" to a 4th grader's family is worth about as much as having helped them
    before: it outweighs a couple of kilometres, not the words."""
    c = await f.community()
    await offering(f, c, "Dee", "tutoring.math", "Math help", "Fractions and decimals after school")
    await offering(
        f,
        c,
        "Nora",
        "tutoring.math",
        "Math help",
        "Fractions and decimals after school, grades 3-5",
        postal_code="78701",
    )
    chris = await f.member(c, "Chris", languages=["en"], postalCode="78702")
    matches = await ask(f, c, chris, "tutoring.math", "Fractions", "My 4th grader is stuck on fractions", language="en")
    assert names(matches) == ["Nora", "Dee"]
    assert "works with grades 3–5" in matches[0]["reasons"]
    # Naming no grade, the nearer one comes first.
    matches = await ask(f, c, chris, "tutoring.math", "Fractions", "Stuck on fractions and decimals", language="en")
    assert names(matches) == ["Dee", "Nora"]


async def test_the_category_a_need_is_filed_under_tells_which_meaning_a_word_has(f):
    """ "Suspension" is a pupil's in a school meeting and a truck's under car repair; a truck there is
    the one to fix, not one to borrow; an "app" asked about under school apps is a school app."""
    c = await f.community()
    await offering(
        f, c, "Coach", "school_system.meetings", "Suspension and behavior meetings", "I go with you to the meeting"
    )
    await offering(f, c, "Mo", "trades.car_repair", "Shocks and struts", "Brakes, shocks, struts, oil changes")
    await offering(f, c, "Lou", "household.lending", "Pickup truck to borrow", "Lend my pickup truck for a move")
    chris = await f.member(c, "Chris", languages=["en"], postalCode="78702")
    matches = await ask(
        f, c, chris, "trades.car_repair", "Truck suspension", "My truck bounces on every bump", language="en"
    )
    assert names(matches)[0] == "Mo"
    matches = await ask(
        f, c, chris, "school_system.meetings", "Suspension meeting", "My son got a suspension", language="en"
    )
    assert names(matches)[0] == "Coach"

    await offering(f, c, "Ana", "tech.school_apps", "Skyward help", "Grades and messages from the teacher")
    await offering(f, c, "Pat", "tech.devices", "Phone help", "Set up your phone, download an app, fix an iPhone")
    matches = await ask(f, c, chris, "tech.school_apps", "The app", "I can't log in to the app", language="en")
    assert names(matches)[0] == "Ana"
    assert "matching words: app = Skyward" in matches[0]["reasons"]  # a name keeps its capital


async def test_the_language_to_help_in_is_the_language_rules_not_a_word_to_match(f):
    """ "Que hable español" is kept by the language tier; as a word it would make a Spanish reading
    helper outrank the math tutor asked for. A language that is the subject stays a word."""
    c = await f.community()
    rosa = await f.member(c, "Rosa", languages=["es"], postalCode="78702")
    await offer(
        f, rosa, "tutoring.reading", "Tutora en español", "Tutoría en español, cuentos en español", languages=["es"]
    )
    maria = await f.member(c, "María", languages=["es", "en"], postalCode="78702")
    await offer(f, maria, "tutoring.math", "Tutoría de matemáticas", "Fracciones y multiplicación", languages=["es"])
    blanca = await f.member(c, "Blanca", languages=["es"], postalCode="78702", uiLanguage="es")
    need = ("Tutor para mi hija", "Va mal en matemáticas. Prefiero alguien que hable español.")
    matches = await ask(f, c, blanca, "tutoring", *need, language="es")
    assert names(matches)[0] == "María" and "habla español" in matches[0]["reasons"]

    await offering(f, c, "Kim", "tutoring.homework", "Homework help", "Any homework, any grade")
    await offering(f, c, "Sam", "tutoring.homework", "Spanish homework", "Spanish class homework and practice")
    kay = await f.member(c, "Kay", languages=["en"], postalCode="78702")
    matches = await ask(f, c, kay, "tutoring.homework", "Spanish homework", "Help in English, please", language="en")
    assert names(matches)[0] == "Sam"


async def test_a_rare_word_outweighs_common_ones(f):
    c = await f.community()
    helpers = []
    for i in range(6):  # "after school" and "library" are everywhere in this community
        u = await f.member(c, f"Common {i}", languages=["en"], postalCode="78702")
        await offer(f, u, "arts.music", f"After school at the library {i}", "Games after school at the library")
        helpers.append(u)
    bo = await f.member(c, "Bo", languages=["en"], postalCode="78702")
    await offer(f, bo, "arts.music", "Clarinet", "I played clarinet for years")
    ana = await f.member(c, "Ana", languages=["en"], postalCode="78702")
    matches = await ask(
        f, c, ana, "arts.music", "Clarinet after school", "Clarinet practice at the library after school", language="en"
    )
    assert names(matches)[0] == "Bo"


async def test_postings_follow_memberships_and_edits(f, sessions):
    c = await f.community()
    lupe = await f.member(c, "Lupe", languages=["en"], postalCode="78702")
    sid = await offer(f, lupe, "trades.sewing", "Hemming pants", "Alterations and hems")
    ana = await f.member(c, "Ana", languages=["en"], postalCode="78702")
    assert names(await ask(f, c, ana, "household.moving", "Uniform hems", "School uniform pants are too long")) == [
        "Lupe"
    ]
    async with sessions() as s:  # suspended by staff: gone from matching in this community at once
        await s.execute(update(Membership).where(Membership.account_id == lupe.pk).values(state="suspended"))
        await s.commit()
        assert not (await s.scalars(select(StrengthPosting).where(StrengthPosting.account_id == lupe.pk))).all()
    assert names(await ask(f, c, ana, "household.moving", "Uniform hems", "Pants too long")) == []
    async with sessions() as s:
        await s.execute(update(Membership).where(Membership.account_id == lupe.pk).values(state="verified"))
        await s.commit()
    await f.ok(
        UPDATE, {"i": {"strengthId": sid, "title": "Bike repair", "description": "Flat tires, brakes, chains"}}, lupe
    )
    assert names(await ask(f, c, ana, "household.moving", "Flat tire on my bike", "")) == ["Lupe"]
    assert names(await ask(f, c, ana, "household.moving", "Hems for pants", "")) == []
    # Moved to another category, the strength is read again: under car repair "suspension" is a truck's.
    await f.ok(UPDATE, {"i": {"strengthId": sid, "title": "Suspension", "description": ""}}, lupe)
    async with sessions() as s:
        assert "@behavior" in (await s.scalar(select(Strength.terms).where(Strength.id == parse_global_id(sid)[1])))
    await f.ok(UPDATE, {"i": {"strengthId": sid, "category": "trades.car_repair"}}, lupe)
    async with sessions() as s:
        terms = await s.scalar(select(Strength.terms).where(Strength.id == parse_global_id(sid)[1]))
        assert "@car_suspension" in terms and "@behavior" not in terms
        assert await s.scalar(
            select(StrengthPosting.term).where(
                StrengthPosting.term == "@car_suspension", StrengthPosting.account_id == lupe.pk
            )
        )


async def test_staff_add_a_word_to_their_communitys_table_and_only_theirs(f):
    c = await f.community()
    other = await f.community("Other Elementary")
    staff = await f.member(c, "Liaison", role="STAFF", languages=["en", "es"])
    eva = await f.member(c, "Eva", languages=["es", "en"], postalCode="78702")
    await offer(
        f, eva, "advocacy.organizing", "Voluntaria de la APM", "Organizo la venta de pasteles", languages=["es"]
    )
    kay = await f.member(c, "Kay", languages=["en"], postalCode="78702")
    assert "Eva" not in names(await ask(f, c, kay, "events.planning", "PTA bake sale", "Who runs it?", language="en"))

    bad = await f.gql(ADD_TERM, {"i": {"communityId": c.id, "concept": "pta", "language": "fr", "term": "APE"}}, staff)
    assert bad["data"]["addMatchingTerm"]["errors"][0]["code"] == "UNSUPPORTED"
    for concept, term, field, code in (
        ("PTA!", "APM", "concept", "INVALID"),
        ("pta", "la asociación de padres y maestros", "term", "TOO_LONG"),
    ):
        bad_input = await f.gql(
            ADD_TERM, {"i": {"communityId": c.id, "concept": concept, "language": "es", "term": term}}, staff
        )
        [error] = bad_input["data"]["addMatchingTerm"]["errors"]
        assert (error["field"][-1], error["code"]) == (field, code), error
    generic = await f.gql(
        ADD_TERM, {"i": {"communityId": c.id, "concept": "pta", "language": "en", "term": "kids"}}, staff
    )
    assert generic["data"]["addMatchingTerm"]["errors"][0]["code"] == "TOO_GENERIC"
    caregiver = await f.gql(
        ADD_TERM, {"i": {"communityId": c.id, "concept": "pta", "language": "en", "term": "PTA"}}, kay
    )
    assert caregiver["data"]["addMatchingTerm"]["word"] is None and caregiver["data"]["addMatchingTerm"]["errors"]
    # PTA is in the built-in table already; here families call it APM.
    dup = await f.gql(ADD_TERM, {"i": {"communityId": c.id, "concept": "pta", "language": "en", "term": "PTA"}}, staff)
    assert dup["data"]["addMatchingTerm"]["errors"][0]["code"] == "DUPLICATE"
    await f.ok(ADD_TERM, {"i": {"communityId": c.id, "concept": "pta", "language": "es", "term": "APM"}}, staff)
    again = await f.gql(
        ADD_TERM, {"i": {"communityId": c.id, "concept": "pta", "language": "es", "term": "apm"}}, staff
    )
    assert again["data"]["addMatchingTerm"]["errors"][0]["code"] == "DUPLICATE"
    # And a concept of the community's own.
    for language, term in (("en", "bingo night"), ("es", "noche de lotería")):
        await f.ok(
            ADD_TERM,
            {"i": {"communityId": c.id, "concept": "loteria_night", "language": language, "term": term}},
            staff,
        )

    matches = await ask(f, c, kay, "events.planning", "PTA bake sale", "Who runs it?", language="en")
    assert names(matches)[0] == "Eva"
    assert "matching words: PTA = APM" in matches[0]["reasons"]
    found = (await f.ok(CONCEPTS, {"c": c.id, "s": "apm"}, staff))["matchingConcepts"]
    assert [(x["key"], x["builtin"]) for x in found] == [("pta", True)]
    assert ("es", "APM") in {(w["language"], w["term"]) for w in found[0]["words"] if w["id"]}
    own = (await f.ok(CONCEPTS, {"c": c.id, "s": "loteria"}, staff))["matchingConcepts"]
    assert [(x["key"], x["builtin"], x["label"]) for x in own] == [("loteria_night", False, "bingo night")]
    assert (await f.gql(CONCEPTS, {"c": other.id}, staff))["errors"]  # not staff there
    assert (await f.gql(CONCEPTS, {"c": c.id}, kay))["errors"]  # caregivers do not manage the table

    # The other community's staff cannot remove it, and their matching never saw it.
    other_staff = await f.member(other, "Other liaison", role="STAFF")
    term_id = next(w["id"] for w in found[0]["words"] if w["id"])
    refused = await f.gql(REMOVE_TERM, {"i": {"termId": term_id}}, other_staff)
    assert refused["data"]["removeMatchingTerm"]["errors"][0]["code"] == "NOT_FOUND"
    await f.ok(REMOVE_TERM, {"i": {"termId": term_id}}, staff)
    assert (await f.ok(CONCEPTS, {"c": c.id, "s": "apm"}, staff))["matchingConcepts"] == []
    assert "Eva" not in names(await ask(f, c, kay, "events.planning", "PTA bake sale", "Who runs it?", language="en"))


async def test_a_helper_who_adds_a_language_to_their_profile_moves_up_for_needs_in_it(f):
    c = await f.community()
    pat = await f.member(c, "Pat", languages=["en"], postalCode="78702")
    await offer(f, pat, "tutoring.math", "Fractions tutor", "Fractions and decimals", languages=[])
    lupe = await f.member(c, "Lupe", languages=["es"], postalCode="78702")
    await offer(f, lupe, "tutoring.math", "Matemáticas", "Primaria", languages=[])
    ana = await f.member(c, "Ana", languages=["es"], postalCode="78702", uiLanguage="es")
    assert names(await ask(f, c, ana, "tutoring.math", "Fracciones", "Fracciones de 4to", language="es")) == [
        "Lupe",
        "Pat",
    ]
    await f.ok(
        "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { errors { message } } }",
        {"i": {"languages": ["en", "es"]}},
        pat,
    )
    # Pat's words fit better; now that Pat speaks Spanish too, they come first.
    assert names(await ask(f, c, ana, "tutoring.math", "Fracciones", "Fracciones de 4to", language="es"))[0] == "Pat"


async def test_words_linked_through_a_broader_concept_are_named_with_it_not_as_the_same_word(f):
    """Tantrums are a part of parenting and reading a kind of tutoring: that is how such helpers are
    found, but "won't sleep" is not "toddler", so the reason names the concept that links them, and
    "tutor" is not said to be "lectura" when "lectura" is in common already."""
    c = await f.community()
    rosa = await f.member(c, "Rosa", languages=["es", "en"], postalCode="78702")
    await offer(
        f, rosa, "tutoring.reading", "Lectura en español", "Leo cuentos con niños de primaria", languages=["es"]
    )
    tia = await f.member(c, "Tia", languages=["en"], postalCode="78702")
    await offer(f, tia, "emotional_support.new_parents", "Toddler tantrums & big feelings", "Been there, twice")
    blanca = await f.member(c, "Blanca", languages=["es"], postalCode="78702", uiLanguage="es")
    matches = await ask(
        f,
        c,
        blanca,
        "tutoring.homework",
        "Tutor para mi hija",
        "Necesita apoyo en lectura y matemáticas",
        language="es",
    )
    assert names(matches) == ["Rosa"]
    words = [r for r in matches[0]["reasons"] if r.startswith("palabras en común")]
    assert words == ["palabras en común: lectura"], matches[0]["reasons"]
    wendy = await f.member(c, "Wendy", languages=["en"], postalCode="78702")
    matches = await ask(
        f, c, wendy, "emotional_support.new_parents", "Baby won't sleep", "Wakes every 45 minutes", language="en"
    )
    assert names(matches) == ["Tia"]
    words = [r for r in matches[0]["reasons"] if r.startswith("matching words")]
    assert words == ["matching words: won't sleep ≈ toddler (parenting advice)"], matches[0]["reasons"]
