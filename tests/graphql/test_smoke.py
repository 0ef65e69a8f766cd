async def test_sign_up_then_viewer(f):
    u = await f.user("Ana", languages=["es", "en"])
    data = await f.ok("{ viewer { displayName languages } }", user=u)
    assert data["viewer"] == {"displayName": "Ana", "languages": ["es", "en"]}


async def test_community_join_flow(f):
    c = await f.community()
    u = await f.member(c, "Luis")
    data = await f.ok(
        "query($id: ID!) { community(id: $id) { name "
        "members { edges { node { caregiver { displayName } role state } } } } }",
        {"id": c.id},
        u,
    )
    names = [e["node"]["caregiver"]["displayName"] for e in data["community"]["members"]["edges"]]
    assert names == ["Luis", "Platform Admin"]
