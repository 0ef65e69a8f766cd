"""Match reasons respect the helper's directory privacy: a helper who keeps their languages or their
area private is not described as "speaks Spanish" or "about 2 km away" to the family, though the
match score still counts both. The helper always sees their own reasons."""

STRENGTH = "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { code } } }"
POST_NEED = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { code } } }"
MATCHES = (
    "query($id: ID!) { matchesForNeed(needId: $id) { id score reasons helper { displayName languages areaLabel } } }"
)


async def _two_helpers_and_a_need(f, *, hide_languages: bool, hide_area: bool):
    """Two helpers alike in everything but their privacy choices, and a Spanish-language need near both."""
    c = await f.community()
    private = await f.member(
        c,
        "Private",
        languages=["es"],
        postalCode="78701",
        uiLanguage="en",
        showLanguages=not hide_languages,
        showArea=not hide_area,
    )
    open_ = await f.member(
        c, "Open", languages=["es"], postalCode="78701", uiLanguage="en", showLanguages=True, showArea=True
    )
    for helper in (private, open_):
        await f.ok(
            STRENGTH, {"i": {"category": "tutoring.math", "title": "Math tutoring", "modes": ["IN_PERSON"]}}, helper
        )
    # The family shows its area: a distance to a family's hidden home is never spelled out to the
    # helper either (test_need_area_privacy.py), and here only the helper's choices are under test.
    family = await f.member(c, "Family", languages=["es"], postalCode="78702", uiLanguage="en", showArea=True)
    need = (
        await f.ok(
            POST_NEED,
            {
                "i": {
                    "communityId": c.id,
                    "category": "tutoring.math",
                    "title": "Fractions help",
                    "language": "es",
                    "mode": "IN_PERSON",
                }
            },
            family,
        )
    )["postNeed"]["need"]
    matches = (await f.ok(MATCHES, {"id": need["id"]}, family))["matchesForNeed"]
    by_name = {m["helper"]["displayName"]: m for m in matches}
    assert set(by_name) == {"Private", "Open"}
    return private, family, need, by_name


def _spells_out_language(reasons: list[str]) -> bool:
    return any(r.startswith("speaks ") or r.startswith("habla ") for r in reasons)


def _spells_out_distance(reasons: list[str]) -> bool:
    return any(r.endswith(" km away") or r.startswith("a unos ") or r.startswith("a menos de") for r in reasons)


async def test_the_family_does_not_read_a_helpers_hidden_language_or_distance(f):
    _, _, _, by_name = await _two_helpers_and_a_need(f, hide_languages=True, hide_area=True)
    private, open_ = by_name["Private"], by_name["Open"]
    assert private["helper"]["languages"] is None and private["helper"]["areaLabel"] is None
    assert not _spells_out_language(private["reasons"]) and not _spells_out_distance(private["reasons"])
    assert "listed “Math tutoring”" in private["reasons"]
    # The score still counts the language and the distance: the two helpers score the same.
    assert private["score"] == open_["score"]


async def test_hiding_only_the_area_keeps_the_language_reason(f):
    _, _, _, by_name = await _two_helpers_and_a_need(f, hide_languages=False, hide_area=True)
    reasons = by_name["Private"]["reasons"]
    assert "speaks Spanish" in reasons and not _spells_out_distance(reasons)


async def test_a_helper_who_shows_them_still_has_them_shown(f):
    _, _, _, by_name = await _two_helpers_and_a_need(f, hide_languages=True, hide_area=True)
    reasons = by_name["Open"]["reasons"]
    assert reasons[0] == "speaks Spanish" and _spells_out_distance(reasons)


async def test_the_helper_sees_their_own_hidden_reasons(f):
    private, _, need, _ = await _two_helpers_and_a_need(f, hide_languages=True, hide_area=True)
    mine = (await f.ok("{ suggestedMatches { reasons need { title } } }", user=private))["suggestedMatches"]
    assert len(mine) == 1 and mine[0]["need"]["title"] == "Fractions help"
    assert mine[0]["reasons"][0] == "speaks Spanish" and _spells_out_distance(mine[0]["reasons"])
    on_need = (await f.ok("query($id: ID!) { need(id: $id) { myMatch { reasons } } }", {"id": need["id"]}, private))[
        "need"
    ]
    assert on_need["myMatch"]["reasons"] == mine[0]["reasons"]


async def test_the_family_does_not_read_them_on_a_single_match_either(f):
    _, family, _, by_name = await _two_helpers_and_a_need(f, hide_languages=True, hide_area=True)
    node = (
        await f.ok(
            "query($id: ID!) { node(id: $id) { ... on Match { reasons } } }", {"id": by_name["Private"]["id"]}, family
        )
    )["node"]
    assert node["reasons"] == by_name["Private"]["reasons"]
    assert not _spells_out_language(node["reasons"]) and not _spells_out_distance(node["reasons"])
