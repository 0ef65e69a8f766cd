"""The skill-sharing story end to end: offer strengths, post a need, see explained matches, agree, thank."""

from sqlalchemy import select

from api.outbox.models import OutboxEvent

ADD_STRENGTH = (
    "mutation($i: AddStrengthInput!) { addStrength(input: $i) { "
    "strength { id title category modes availability { day start end } } errors { field code message } } }"
)
POST_NEED = (
    "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id status title areaLabel requester { displayName } } "
    "errors { field code message } } }"
)
MATCHES = (
    "query($id: ID!) { matchesForNeed(needId: $id) { id status reasons score helper { displayName } "
    "contact { displayName email } } }"
)


async def test_need_gets_explained_matches_and_goes_to_met(f, sessions):
    c = await f.community()
    # María shows her area in the directory, so her distance is a reason others may read.
    maria = await f.member(c, "María", languages=["es", "en"], postalCode="78701", showArea=True)
    await f.ok(
        ADD_STRENGTH,
        {
            "i": {
                "category": "tutoring.math",
                "title": "Tutoría de matemáticas",
                "description": "Fracciones y multiplicación para primaria",
                "languages": ["es", "en"],
                "modes": ["IN_PERSON", "VIRTUAL"],
                "availability": [{"day": "TUESDAY", "start": "18:00", "end": "20:00"}],
            }
        },
        maria,
    )
    tom = await f.member(c, "Tom", languages=["en"], postalCode="78745")
    await f.ok(ADD_STRENGTH, {"i": {"category": "cooking.meals", "title": "Family dinners", "languages": ["en"]}}, tom)
    ana = await f.member(c, "Ana", languages=["es"], postalCode="78702", uiLanguage="es")
    need = (
        await f.ok(
            POST_NEED,
            {
                "i": {
                    "communityId": c.id,
                    "category": "tutoring.math",
                    "title": "Ayuda con fracciones",
                    "description": "Mi hija de tercer grado necesita ayuda con fracciones",
                    "language": "es",
                    "mode": "IN_PERSON",
                }
            },
            ana,
        )
    )["postNeed"]["need"]
    assert need["status"] == "OPEN" and need["areaLabel"] == "Austin, TX"
    matches = (await f.ok(MATCHES, {"id": need["id"]}, ana))["matchesForNeed"]
    assert [m["helper"]["displayName"] for m in matches] == ["María"]
    m = matches[0]
    assert m["status"] == "SUGGESTED" and m["contact"] is None
    assert m["reasons"][0] == "habla español" and "ofrece «Tutoría de matemáticas»" in m["reasons"]
    assert any(r.startswith("a unos") or r.startswith("a menos") for r in m["reasons"])
    # María sees it as a suggestion, in English.
    await f.ok('mutation { updateProfile(input: {uiLanguage: "en"}) { errors { code } } }', user=maria)
    mine = (await f.ok("{ suggestedMatches { id reasons need { title } } }", user=maria))["suggestedMatches"]
    assert mine[0]["need"]["title"] == "Ayuda con fracciones" and mine[0]["reasons"][0] == "speaks Spanish"
    # Ana asks; María accepts; contact details appear for both; Ana completes with thanks.
    await f.ok(
        "mutation($i: RequestHelpInput!) { requestHelp(input: $i) { match { status } errors { code } } }",
        {"i": {"matchId": m["id"]}},
        ana,
    )
    acc = await f.ok(
        "mutation($i: RespondToMatchInput!) { respondToMatch(input: $i) { "
        "match { status contact { displayName email } } errors { code } } }",
        {"i": {"matchId": m["id"], "accept": True}},
        maria,
    )
    assert acc["respondToMatch"]["match"]["status"] == "ACCEPTED"
    assert acc["respondToMatch"]["match"]["contact"] == {"displayName": "Ana", "email": ana.email}
    need_now = (await f.ok("query($id: ID!) { need(id: $id) { status } }", {"id": need["id"]}, ana))["need"]
    assert need_now["status"] == "MATCHED"
    done = await f.ok(
        "mutation($i: CompleteMatchInput!) { completeMatch(input: $i) { match { status thanks } errors { code } } }",
        {"i": {"matchId": m["id"], "thanks": "¡Mil gracias!"}},
        ana,
    )
    assert done["completeMatch"]["match"] == {"status": "COMPLETED", "thanks": "¡Mil gracias!"}
    assert (await f.ok("query($id: ID!) { need(id: $id) { status } }", {"id": need["id"]}, ana))["need"][
        "status"
    ] == "MET"
    async with sessions() as s:
        kinds = (await s.scalars(select(OutboxEvent.kind).order_by(OutboxEvent.id))).all()
    assert [k for k in kinds if k.startswith("match.")] == [
        "match.suggested",
        "match.requested",
        "match.accepted",
        "match.completed",
    ]
