"""Skill-sharing rules: who sees what, bad input, and the match lifecycle's legal moves."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from api.skills.models import Match, Need, Strength

ADD = "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { field code message } } }"
UPDATE_STRENGTH = (
    "mutation($i: UpdateStrengthInput!) { updateStrength(input: $i) { "
    "strength { title availability { day start end } } errors { field code } } }"
)
POST = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { field code message } } }"
MATCHES = "query($id: ID!) { matchesForNeed(needId: $id) { id status helper { displayName } } }"
OFFER = "mutation($i: OfferHelpInput!) { offerHelp(input: $i) { match { id status } errors { field code } } }"
REQUEST = "mutation($i: RequestHelpInput!) { requestHelp(input: $i) { match { id status } errors { field code } } }"
RESPOND = "mutation($i: RespondToMatchInput!) { respondToMatch(input: $i) { match { status } errors { field code } } }"
COMPLETE = "mutation($i: CompleteMatchInput!) { completeMatch(input: $i) { match { status } errors { field code } } }"


async def count(sessions, model) -> int:
    async with sessions() as s:
        return await s.scalar(select(func.count()).select_from(model))


async def strength(f, user, category="tutoring.math", title="Math tutoring", **kw):
    data = await f.ok(
        ADD,
        {"i": {"category": category, "title": title, "languages": ["en"], "modes": ["IN_PERSON", "VIRTUAL"], **kw}},
        user,
    )
    return data["addStrength"]["strength"]["id"]


async def need(f, c, user, category="tutoring.math", title="Help with fractions", **kw):
    data = await f.ok(POST, {"i": {"communityId": c.id, "category": category, "title": title, **kw}}, user)
    return data["postNeed"]["need"]["id"]


async def test_skill_categories_answer_in_the_viewers_language(f):
    es = await f.user(uiLanguage="es")
    cats = (await f.ok("{ skillCategories { slug label subcategories { slug label } } }", user=es))["skillCategories"]
    assert 15 <= len(cats) <= 25
    tutoring = next(c for c in cats if c.get("slug") == "tutoring")
    assert tutoring["label"] == "Tutoría y tareas"
    assert {"slug": "tutoring.math", "label": "Matemáticas"} in tutoring["subcategories"]
    en = (await f.ok('{ skillCategories(language: "en") { label } }'))["skillCategories"]
    assert en[0]["label"] == "Tutoring & homework"
    assert all(len(c["subcategories"]) >= 2 for c in cats)


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"category": "juggling"}, "category", "UNKNOWN_CATEGORY"),
        ({"title": ""}, "title", "REQUIRED"),
        ({"title": "T" * 121}, "title", "TOO_LONG"),
        ({"description": "d" * 2001}, "description", "TOO_LONG"),
        ({"modes": []}, "modes", "INVALID"),
        ({"languages": ["español"]}, "languages", "INVALID_LANGUAGE"),
        ({"availability": [{"day": "MONDAY", "start": "25:00", "end": "26:00"}]}, "availability.0", "OUT_OF_RANGE"),
        ({"availability": [{"day": "MONDAY", "start": "18:00", "end": "17:00"}]}, "availability.0", "OUT_OF_RANGE"),
        (
            {
                "availability": [
                    {"day": "MONDAY", "start": "18:00", "end": "20:00"},
                    {"day": "MONDAY", "start": "19:00", "end": "21:00"},
                ]
            },
            "availability",
            "OVERLAP",
        ),
        ({"availability": [{"day": "MONDAY", "start": "08:00", "end": "09:00"}] * 22}, "availability", "TOO_MANY"),
    ],
)
async def test_bad_strength_input_changes_nothing(f, sessions, payload, field, code):
    u = await f.user()
    body = await f.gql(ADD, {"i": {"category": "tutoring.math", "title": "Math", "modes": ["IN_PERSON"], **payload}}, u)
    errors = body["data"]["addStrength"]["errors"]
    assert {"field": ["input", *field.split(".")], "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in errors
    ]
    assert await count(sessions, Strength) == 0


async def test_availability_out_of_enum_is_a_graphql_error(f, sessions):
    u = await f.user()
    body = await f.gql(
        ADD,
        {
            "i": {
                "category": "tutoring.math",
                "title": "Math",
                "availability": [{"day": "FUNDAY", "start": "08:00", "end": "09:00"}],
            }
        },
        u,
    )
    assert body.get("data") is None and "FUNDAY" in body["errors"][0]["message"]
    assert await count(sessions, Strength) == 0


async def test_update_and_remove_strength_only_my_own(f, sessions):
    a = await f.user("A")
    b = await f.user("B")
    sid = await strength(f, a)
    body = await f.ok(
        UPDATE_STRENGTH,
        {
            "i": {
                "strengthId": sid,
                "title": "Algebra",
                "availability": [{"day": "SATURDAY", "start": "09:00", "end": "24:00"}],
            }
        },
        a,
    )
    assert body["updateStrength"]["strength"] == {
        "title": "Algebra",
        "availability": [{"day": "SATURDAY", "start": "09:00", "end": "24:00"}],
    }
    denied = await f.gql(UPDATE_STRENGTH, {"i": {"strengthId": sid, "title": "Hijacked"}}, b)
    assert denied["data"]["updateStrength"]["errors"][0]["code"] == "NOT_FOUND"
    gone = await f.gql(
        "mutation($i: RemoveStrengthInput!) { removeStrength(input: $i) { removedStrengthId errors { code } } }",
        {"i": {"strengthId": sid}},
        b,
    )
    assert gone["data"]["removeStrength"]["errors"][0]["code"] == "NOT_FOUND"
    assert (await f.ok("{ myStrengths { title } }", user=a))["myStrengths"] == [{"title": "Algebra"}]
    await f.ok(
        "mutation($i: RemoveStrengthInput!) { removeStrength(input: $i) { removedStrengthId errors { code } } }",
        {"i": {"strengthId": sid}},
        a,
    )
    assert await count(sessions, Strength) == 0


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"category": "nope"}, "category", "UNKNOWN_CATEGORY"),
        ({"title": "ok"}, "title", "TOO_SHORT"),
        ({"title": "x" * 121}, "title", "TOO_LONG"),
        ({"description": "x" * 2001}, "description", "TOO_LONG"),
        ({"endsAt": (datetime.now(UTC) - timedelta(days=1)).isoformat()}, "endsAt", "IN_THE_PAST"),
        ({"startsAt": (datetime.now(UTC) - timedelta(days=2)).isoformat()}, "startsAt", "IN_THE_PAST"),
        (
            {
                "startsAt": (datetime.now(UTC) + timedelta(days=2)).isoformat(),
                "endsAt": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
            },
            "endsAt",
            "INVALID",
        ),
        ({"language": "Spanish"}, "language", "INVALID_LANGUAGE"),
        ({"postalCode": "99999"}, "postalCode", "UNKNOWN_POSTAL_CODE"),
    ],
)
async def test_bad_need_input_changes_nothing(f, sessions, payload, field, code):
    c = await f.community()
    u = await f.member(c)
    body = await f.gql(
        POST, {"i": {"communityId": c.id, "category": "tutoring.math", "title": "Fractions help", **payload}}, u
    )
    errors = body["data"]["postNeed"]["errors"]
    assert {"field": ["input", field], "code": code} in [{"field": e["field"], "code": e["code"]} for e in errors]
    assert await count(sessions, Need) == 0


async def test_needs_are_for_verified_members_of_that_community_only(f):
    c = await f.community("Lincoln")
    other = await f.community("Roosevelt")
    ana = await f.member(c, "Ana", postalCode="78701", showArea=True)
    nid = await need(f, c, ana)
    member = await f.member(c, "Maya")
    pending = await f.member(c, "Pat", verify=False)
    outsider = await f.member(other, "Otto")
    q = "query($c: ID!) { needs(communityId: $c) { edges { node { id title areaLabel requester { displayName } } } } }"
    seen = (await f.ok(q, {"c": c.id}, member))["needs"]["edges"]
    assert [e["node"]["title"] for e in seen] == ["Help with fractions"] and seen[0]["node"][
        "areaLabel"
    ] == "Austin, TX"
    for who in (pending, outsider, None):
        body = await f.gql(q, {"c": c.id}, who)
        assert body["data"] is None
        assert (await f.gql("query($id: ID!) { node(id: $id) { id } }", {"id": nid}, who))["data"]["node"] is None
    # Posting into a community you are not verified in is refused.
    body = await f.gql(POST, {"i": {"communityId": c.id, "category": "tutoring.math", "title": "Sneaky need"}}, pending)
    assert body["data"]["postNeed"]["errors"][0]["code"] == "NOT_VERIFIED"
    body = await f.gql(
        POST, {"i": {"communityId": c.id, "category": "tutoring.math", "title": "Sneaky need"}}, outsider
    )
    assert body["data"]["postNeed"]["errors"][0]["code"] == "NOT_FOUND"


async def test_needs_filters(f):
    c = await f.community()
    # Ana shows her area: a need in a hidden home area is never near (test_need_area_privacy.py).
    ana = await f.member(c, "Ana", postalCode="78701", showArea=True)
    far = await f.member(c, "Far", postalCode="10001")
    await need(f, c, ana, "tutoring.math", "Fractions please", mode="IN_PERSON", language="es")
    await need(f, c, far, "cooking.meals", "Dinner for a week", mode="IN_PERSON", language="en")
    await need(f, c, far, "tech.devices", "Set up a laptop online", mode="VIRTUAL")
    me = await f.member(c, "Me", postalCode="78702")
    q = (
        "query($c: ID!, $cat: String, $lang: String, $near: Float, $mode: NeedMode) { "
        "needs(communityId: $c, category: $cat, language: $lang, nearKm: $near, mode: $mode) { "
        "edges { node { title } } } }"
    )

    async def titles(**kw):
        return sorted(e["node"]["title"] for e in (await f.ok(q, {"c": c.id, **kw}, me))["needs"]["edges"])

    assert await titles(cat="tutoring") == ["Fractions please"]
    assert await titles(lang="es") == ["Fractions please", "Set up a laptop online"]
    assert await titles(near=10.0) == ["Fractions please", "Set up a laptop online"]
    assert await titles(mode="VIRTUAL") == ["Set up a laptop online"]
    bad = await f.gql(q, {"c": c.id, "near": 500.0}, me)
    assert bad["errors"][0]["extensions"]["code"] == "OUT_OF_RANGE"


async def test_my_needs_are_mine_only_however_many_others_post(f):
    c = await f.community()
    ana = await f.member(c, "Ana")
    bo = await f.member(c, "Bo")
    await need(f, c, ana, "tutoring.math", "Ana's fractions")
    for i in range(3):
        await need(f, c, bo, "cooking.meals", f"Bo's dinner {i}")
    q = "query($c: ID!) { needs(communityId: $c, mine: true, first: 2) { edges { node { title isMine } } } }"
    assert (await f.ok(q, {"c": c.id}, ana))["needs"]["edges"] == [
        {"node": {"title": "Ana's fractions", "isMine": True}}
    ]
    assert [e["node"]["title"] for e in (await f.ok(q, {"c": c.id}, bo))["needs"]["edges"]] == [
        "Bo's dinner 2",
        "Bo's dinner 1",
    ]
    outsider = await f.member(await f.community("Other School"), "Cy")
    assert (await f.gql(q, {"c": c.id}, outsider))["errors"][0]["extensions"][
        "code"
    ] == "NOT_FOUND"  # not even its existence


async def test_blocked_pairs_are_never_matched_or_shown(f):
    c = await f.community()
    ana = await f.member(c, "Ana")
    helper = await f.member(c, "Helper")
    await strength(f, helper)
    await f.ok(
        "mutation($i: BlockInput!) { block(input: $i) { ok errors { code } } }", {"i": {"caregiverId": helper.id}}, ana
    )
    nid = await need(f, c, ana)
    assert (await f.ok(MATCHES, {"id": nid}, ana))["matchesForNeed"] == []
    # The blocked helper cannot see the need or offer help on it either.
    assert (await f.ok("query($c: ID!) { needs(communityId: $c) { edges { node { id } } } }", {"c": c.id}, helper))[
        "needs"
    ]["edges"] == []
    body = await f.gql(OFFER, {"i": {"needId": nid}}, helper)
    assert body["data"]["offerHelp"]["errors"][0]["code"] == "NOT_FOUND"


async def test_own_family_and_other_communities_are_never_candidates(f):
    c = await f.community()
    other = await f.community("Elsewhere")
    ana = await f.member(c, "Ana")
    partner = await f.user("Partner")
    code = (await f.ok("mutation { inviteCaregiverToFamily { invite { code } errors { code } } }", user=ana))[
        "inviteCaregiverToFamily"
    ]["invite"]["code"]
    await f.ok(
        "mutation($i: JoinFamilyInput!) { joinFamily(input: $i) { errors { code } } }", {"i": {"code": code}}, partner
    )
    await f.join(c, partner)
    await strength(f, partner)
    outsider = await f.member(other, "Otto")
    await strength(f, outsider)
    good = await f.member(c, "Good Helper")
    await strength(f, good)
    nid = await need(f, c, ana)
    assert [m["helper"]["displayName"] for m in (await f.ok(MATCHES, {"id": nid}, ana))["matchesForNeed"]] == [
        "Good Helper"
    ]


async def test_only_the_two_parties_act_on_a_match_and_illegal_moves_change_nothing(f, sessions):
    c = await f.community()
    ana = await f.member(c, "Ana")
    helper = await f.member(c, "Helper")
    stranger = await f.member(c, "Stranger")
    await strength(f, helper)
    nid = await need(f, c, ana)
    mid = (await f.ok(MATCHES, {"id": nid}, ana))["matchesForNeed"][0]["id"]
    # Matches are private to the two parties.
    assert (await f.ok("query($id: ID!) { node(id: $id) { id } }", {"id": mid}, stranger))["node"] is None
    assert (await f.gql(MATCHES, {"id": nid}, stranger))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # The helper cannot request their own help; a stranger cannot do anything.
    assert (await f.gql(REQUEST, {"i": {"matchId": mid}}, helper))["data"]["requestHelp"]["errors"][0][
        "code"
    ] == "FORBIDDEN"
    assert (await f.gql(RESPOND, {"i": {"matchId": mid, "accept": True}}, stranger))["data"]["respondToMatch"][
        "errors"
    ][0]["code"] == "NOT_FOUND"
    # Nothing to accept on a suggestion; nothing to complete before acceptance.
    assert (await f.gql(RESPOND, {"i": {"matchId": mid, "accept": True}}, ana))["data"]["respondToMatch"]["errors"][0][
        "code"
    ] == "INVALID_TRANSITION"
    assert (await f.gql(COMPLETE, {"i": {"matchId": mid}}, ana))["data"]["completeMatch"]["errors"][0][
        "code"
    ] == "INVALID_TRANSITION"
    # The helper offers; the helper cannot accept their own offer; Ana declines.
    assert (await f.ok(OFFER, {"i": {"needId": nid, "message": "Happy to help"}}, helper))["offerHelp"]["match"][
        "status"
    ] == "OFFERED"
    assert (await f.gql(RESPOND, {"i": {"matchId": mid, "accept": True}}, helper))["data"]["respondToMatch"]["errors"][
        0
    ]["code"] == "FORBIDDEN"
    assert (await f.ok(RESPOND, {"i": {"matchId": mid, "accept": False}}, ana))["respondToMatch"]["match"][
        "status"
    ] == "DECLINED"
    # Accepting a declined match, offering again, completing it: all refused, nothing changes.
    for doc, payload, who, name in (
        (RESPOND, {"matchId": mid, "accept": True}, ana, "respondToMatch"),
        (OFFER, {"needId": nid}, helper, "offerHelp"),
        (COMPLETE, {"matchId": mid, "thanks": "x"}, ana, "completeMatch"),
    ):
        body = await f.gql(doc, {"i": payload}, who)
        assert body["data"][name]["errors"][0]["code"] == "INVALID_TRANSITION"
    async with sessions() as s:
        m = (await s.scalars(select(Match))).one()
        n = (await s.scalars(select(Need))).one()
    assert (m.status, m.thanks, n.status) == ("declined", None, "open")


async def test_completing_twice_is_refused_and_contact_stays_private_until_accepted(f):
    c = await f.community()
    ana = await f.member(c, "Ana")
    helper = await f.member(c, "Helper")
    await strength(f, helper)
    nid = await need(f, c, ana)
    offered = await f.ok(OFFER, {"i": {"needId": nid}}, helper)
    mid = offered["offerHelp"]["match"]["id"]
    before = (
        await f.ok("query($id: ID!) { node(id: $id) { ... on Match { contact { email } } } }", {"id": mid}, helper)
    )["node"]
    assert before == {"contact": None}
    await f.ok(RESPOND, {"i": {"matchId": mid, "accept": True}}, ana)
    after = (
        await f.ok("query($id: ID!) { node(id: $id) { ... on Match { contact { email } } } }", {"id": mid}, helper)
    )["node"]
    assert after == {"contact": {"email": ana.email}}
    await f.ok(COMPLETE, {"i": {"matchId": mid, "thanks": "Thank you!"}}, ana)
    again = await f.gql(COMPLETE, {"i": {"matchId": mid, "thanks": "Again"}}, ana)
    assert again["data"]["completeMatch"]["errors"][0]["code"] == "INVALID_TRANSITION"
    # Only the family who was helped completes.
    assert (await f.ok("query($id: ID!) { node(id: $id) { ... on Match { thanks } } }", {"id": mid}, helper))[
        "node"
    ] == {"thanks": "Thank you!"}


async def test_closing_a_need_expires_open_suggestions(f, sessions):
    c = await f.community()
    ana = await f.member(c, "Ana")
    helper = await f.member(c, "Helper")
    await strength(f, helper)
    nid = await need(f, c, ana)
    await f.ok(MATCHES, {"id": nid}, ana)
    await f.ok(
        "mutation($i: CloseNeedInput!) { closeNeed(input: $i) { need { status } errors { code } } }",
        {"i": {"needId": nid}},
        ana,
    )
    assert (await f.ok("{ suggestedMatches { id } }", user=helper))["suggestedMatches"] == []
    again = await f.gql(
        "mutation($i: CloseNeedInput!) { closeNeed(input: $i) { need { status } errors { code } } }",
        {"i": {"needId": nid}},
        ana,
    )
    assert again["data"]["closeNeed"]["errors"][0]["code"] == "INVALID_TRANSITION"
    other = await f.gql(
        "mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { need { id } errors { code } } }",
        {"i": {"needId": nid, "title": "Hijack"}},
        helper,
    )
    assert other["data"]["updateNeed"]["errors"][0]["code"] == "FORBIDDEN"


async def test_reporting_a_need_reaches_staff(f):
    c = await f.community()
    ana = await f.member(c, "Ana")
    nid = await need(f, c, ana, title="Selling stuff cheap")
    bo = await f.member(c, "Bo")
    body = await f.ok(
        "mutation($i: ReportInput!) { report(input: $i) { reportId errors { code } } }",
        {"i": {"communityId": c.id, "subjectId": nid, "reason": "SPAM"}},
        bo,
    )
    rid = body["report"]["reportId"]
    r = (
        await f.ok(
            "query($id: ID!) { node(id: $id) { ... on Report { subjectType subjectId } } }", {"id": rid}, c.admin
        )
    )["node"]
    assert r == {"subjectType": "need", "subjectId": nid}


async def test_a_helper_sees_their_own_match_on_a_need_whatever_became_of_it(f):
    c = await f.community()
    ana = await f.member(c, "Ana")
    bo = await f.member(c, "Bo")
    cy = await f.member(c, "Cy")
    first = await need(f, c, ana, title="Fractions")
    await need(f, c, ana, title="Long division")
    offer = (await f.ok(OFFER, {"i": {"needId": first, "message": "I can"}}, bo))["offerHelp"]["match"]
    await f.ok(RESPOND, {"i": {"matchId": offer["id"], "accept": False}}, ana)
    q = "query($c: ID!) { needs(communityId: $c) { edges { node { title myMatch { id status message } } } } }"
    seen = {e["node"]["title"]: e["node"]["myMatch"] for e in (await f.ok(q, {"c": c.id}, bo))["needs"]["edges"]}
    # Declined: no longer among Bo's suggestions, but still his answer on that need.
    assert seen == {"Fractions": {"id": offer["id"], "status": "DECLINED", "message": "I can"}, "Long division": None}
    # Nobody else's match shows as theirs: not the family's, not another member's.
    for other in (ana, cy):
        mine = await f.ok("query($id: ID!) { need(id: $id) { myMatch { id } } }", {"id": first}, other)
        assert mine["need"]["myMatch"] is None
