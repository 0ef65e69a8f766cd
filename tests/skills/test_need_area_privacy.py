"""A need posted without its own place takes the poster's home area. When the poster keeps their area
private (showArea: false), that need must not reveal it: no area label to others, no use in the
nearKm filter (a member could otherwise find the home by moving their own point), and no distance
spelled out in a helper's match reasons. The rule is read at read time, so changing showArea after
posting takes effect at once."""

POST = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id areaLabel } errors { field code } } }"
STRENGTH = "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { code } } }"
PROFILE = "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { errors { code } } }"
NEEDS = "query($c: ID!, $near: Float) { needs(communityId: $c, nearKm: $near) { edges { node { title areaLabel } } } }"
NEED = "query($id: ID!) { need(id: $id) { areaLabel } }"


async def _post(f, c, user, title="Fractions help", **kw):
    data = await f.ok(POST, {"i": {"communityId": c.id, "category": "tutoring.math", "title": title, **kw}}, user)
    return data["postNeed"]["need"]


async def _near(f, c, user, km):
    edges = (await f.ok(NEEDS, {"c": c.id, "near": km}, user))["needs"]["edges"]
    return sorted(e["node"]["title"] for e in edges)


async def test_a_hidden_home_area_is_not_shown_on_a_need(f):
    c = await f.community()
    ana = await f.member(c, "Ana", postalCode="78701", showArea=False)
    need = await _post(f, c, ana)
    # Ana sees her own area...
    assert need["areaLabel"] == "Austin, TX"
    assert (await f.ok(NEED, {"id": need["id"]}, ana))["need"]["areaLabel"] == "Austin, TX"
    # ...the rest of the community does not, on the list or on the need.
    bo = await f.member(c, "Bo", postalCode="78702")
    assert (await f.ok(NEED, {"id": need["id"]}, bo))["need"]["areaLabel"] is None
    edges = (await f.ok(NEEDS, {"c": c.id}, bo))["needs"]["edges"]
    assert [e["node"] for e in edges] == [{"title": "Fractions help", "areaLabel": None}]


async def test_a_need_with_its_own_place_still_shows_it(f):
    c = await f.community()
    ana = await f.member(c, "Ana", postalCode="78701", showArea=False)
    await _post(f, c, ana, postalCode="10001")
    bo = await f.member(c, "Bo", postalCode="10001")
    edges = (await f.ok(NEEDS, {"c": c.id}, bo))["needs"]["edges"]
    assert edges[0]["node"]["areaLabel"] == "New York, NY"
    assert await _near(f, c, bo, 5.0) == ["Fractions help"]


async def test_near_km_cannot_locate_a_hidden_home_area(f):
    """Bo lives in the very cell of Ana's home: even then a near filter does not return her need, at
    any distance, so moving one's own point tells nothing. Virtual needs are near everyone as before."""
    c = await f.community()
    ana = await f.member(c, "Ana", postalCode="78701", showArea=False)
    await _post(f, c, ana, "In person help", mode="IN_PERSON")
    await _post(f, c, ana, "Online help", mode="VIRTUAL")
    bo = await f.member(c, "Bo", postalCode="78701")
    for km in (0.5, 1.0, 5.0, 100.0):
        assert await _near(f, c, bo, km) == ["Online help"]
    # Without a near filter the need is listed as usual.
    assert len((await f.ok(NEEDS, {"c": c.id}, bo))["needs"]["edges"]) == 2
    # Ana's own needs near her: her own area is hers to use.
    assert await _near(f, c, ana, 1.0) == ["In person help", "Online help"]


async def test_changing_show_area_after_posting_applies_at_once(f):
    c = await f.community()
    ana = await f.member(c, "Ana", postalCode="78701", showArea=True)
    need = await _post(f, c, ana)
    bo = await f.member(c, "Bo", postalCode="78701")
    assert (await f.ok(NEED, {"id": need["id"]}, bo))["need"]["areaLabel"] == "Austin, TX"
    assert await _near(f, c, bo, 5.0) == ["Fractions help"]
    await f.ok(PROFILE, {"i": {"showArea": False}}, ana)
    assert (await f.ok(NEED, {"id": need["id"]}, bo))["need"]["areaLabel"] is None
    assert await _near(f, c, bo, 5.0) == []
    await f.ok(PROFILE, {"i": {"showArea": True}}, ana)
    assert (await f.ok(NEED, {"id": need["id"]}, bo))["need"]["areaLabel"] == "Austin, TX"


async def test_moving_home_after_posting_does_not_reveal_the_old_home(f):
    c = await f.community()
    ana = await f.member(c, "Ana", postalCode="78701", showArea=False)
    need = await _post(f, c, ana)
    await f.ok(PROFILE, {"i": {"postalCode": "10001"}}, ana)
    bo = await f.member(c, "Bo", postalCode="78701")
    assert (await f.ok(NEED, {"id": need["id"]}, bo))["need"]["areaLabel"] is None
    assert await _near(f, c, bo, 5.0) == []


def _spells_out_distance(reasons: list[str]) -> bool:
    return any(r.endswith(" km away") or r.startswith("a unos ") or r.startswith("a menos de") for r in reasons)


async def _helper_and_need(f, *, family_shows_area: bool):
    c = await f.community()
    helper = await f.member(c, "Helper", postalCode="78701", uiLanguage="en", showArea=True)
    await f.ok(STRENGTH, {"i": {"category": "tutoring.math", "title": "Math tutoring", "modes": ["IN_PERSON"]}}, helper)
    family = await f.member(c, "Family", postalCode="78702", uiLanguage="en", showArea=family_shows_area)
    need = await _post(f, c, family, mode="IN_PERSON")
    family_view = await f.ok("query($id: ID!) { matchesForNeed(needId: $id) { reasons } }", {"id": need["id"]}, family)
    return helper, family, need, family_view["matchesForNeed"]


async def test_a_helper_is_not_told_the_distance_to_a_hidden_home(f):
    helper, _, need, family_view = await _helper_and_need(f, family_shows_area=False)
    # The family sees the distance to their own need; the helper shows their area.
    assert _spells_out_distance(family_view[0]["reasons"])
    mine = (await f.ok("{ suggestedMatches { reasons } }", user=helper))["suggestedMatches"]
    assert len(mine) == 1 and "listed “Math tutoring”" in mine[0]["reasons"]
    assert not _spells_out_distance(mine[0]["reasons"])
    on_need = await f.ok("query($id: ID!) { need(id: $id) { myMatch { reasons } } }", {"id": need["id"]}, helper)
    assert not _spells_out_distance(on_need["need"]["myMatch"]["reasons"])


async def test_a_helper_is_told_the_distance_when_the_family_shows_its_area(f):
    helper, _, _, _ = await _helper_and_need(f, family_shows_area=True)
    mine = (await f.ok("{ suggestedMatches { reasons } }", user=helper))["suggestedMatches"]
    assert _spells_out_distance(mine[0]["reasons"])
