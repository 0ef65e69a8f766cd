""" "Needs near me" reaches exactly as far as matching does: a need I could be suggested for in person
is on my near-me list, and one too far for matching to suggest me is not. The distance lives in one
place on the server (matching.MAX_IN_PERSON_KM), so the app asks for `nearMe` and never names a number.

Austin ZIP code centres from 78701 (downtown): 78704 is about 4 km, 78759 about 15 km, 78664 (Round
Rock) about 28 km away."""

from api.skills import matching

POST = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { code } } }"
STRENGTH = "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { code } } }"
NEAR_ME = "query($c: ID!) { needs(communityId: $c, nearMe: true) { edges { node { title } } } }"
NEAR = (
    "query($c: ID!, $km: Float, $me: Boolean!) "
    "{ needs(communityId: $c, nearKm: $km, nearMe: $me) { edges { node { id } } } }"
)
MATCHES = "query($id: ID!) { matchesForNeed(needId: $id) { helper { displayName } } }"


async def _near_me(f, c, user) -> list[str]:
    return [e["node"]["title"] for e in (await f.ok(NEAR_ME, {"c": c.id}, user))["needs"]["edges"]]


async def test_near_me_lists_the_needs_matching_would_suggest_me_for(f):
    assert 15 < matching.MAX_IN_PERSON_KM < 28  # the ZIP codes below sit on either side of it
    c = await f.community()
    family = await f.member(c, "Family")
    at = {"communityId": c.id, "category": "tutoring.math", "title": "Fractions help", "postalCode": "78701"}
    need = (await f.ok(POST, {"i": {**at, "mode": "IN_PERSON"}}, family))["postNeed"]["need"]
    helpers = {}
    for name, zip_code in (("Close", "78704"), ("Across town", "78759"), ("Round Rock", "78664")):
        helpers[name] = await f.member(c, name, postalCode=zip_code)
        await f.ok(STRENGTH, {"i": {"category": "tutoring.math", "title": "Math tutoring"}}, helpers[name])

    suggested = {
        m["helper"]["displayName"] for m in (await f.ok(MATCHES, {"id": need["id"]}, family))["matchesForNeed"]
    }
    assert suggested == {"Close", "Across town"}
    for name, helper in helpers.items():
        assert (await _near_me(f, c, helper) == ["Fractions help"]) == (name in suggested), name


async def test_near_me_needs_an_area_and_is_not_combined_with_a_distance(f):
    c = await f.community()
    nowhere = await f.member(c, "No area")
    body = await f.gql(NEAR, {"c": c.id, "km": None, "me": True}, nowhere)
    assert body["errors"][0]["extensions"]["code"] == "NO_HOME_AREA"
    somewhere = await f.member(c, "Area", postalCode="78701")
    body = await f.gql(NEAR, {"c": c.id, "km": 5.0, "me": True}, somewhere)
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
    assert (await f.ok(NEAR, {"c": c.id, "km": None, "me": False}, somewhere))["needs"]["edges"] == []
