"""`village seed`: a believable demo community, created once, whose logins and invite code work."""

from __future__ import annotations

import h3
from sqlalchemy import func, select

from api.accounts.models import Account
from api.communities.models import Community, Membership
from api.db import session_scope
from api.families.models import Child
from village import seed


async def _seed(sessions, **kw) -> seed.Result:
    async with session_scope(sessions) as db:
        return await seed.seed(db, progress=lambda _: None, **kw)


async def _counts(sessions) -> dict[str, int]:
    async with sessions() as db:
        return {
            "communities": await db.scalar(select(func.count()).select_from(Community)),
            "accounts": await db.scalar(select(func.count()).select_from(Account)),
            "children": await db.scalar(select(func.count()).select_from(Child)),
            "memberships": await db.scalar(select(func.count()).select_from(Membership)),
        }


async def test_seed_builds_a_bilingual_school_community(sessions):
    result = await _seed(sessions)
    assert result.created and result.families == 40

    async with sessions() as db:
        community = await db.scalar(select(Community).where(Community.name == "Lincoln Elementary"))
        assert (community.timezone, community.languages) == ("America/Chicago", ["en", "es"])
        members = (
            await db.execute(select(Membership, Account).join(Account, Account.id == Membership.account_id))
        ).all()
        children = (await db.scalars(select(Child))).all()

    roles = [m.role for m, _ in members]
    assert (roles.count("admin"), roles.count("staff"), roles.count("leader")) == (1, 2, 1)
    admin = next(a for m, a in members if m.role == "admin")
    assert admin.is_platform_admin
    states = [m.state for m, _ in members]
    assert 0 < states.count("pending") < states.count("verified")

    caregivers = [a for m, a in members if m.role in ("caregiver", "leader")]
    families = {a.family_id for a in caregivers}
    assert len(families) == 40
    shared = [f for f in families if sum(a.family_id == f for a in caregivers) == 2]
    assert len(shared) >= 4  # some households have two caregivers
    langs = [set(a.languages) for a in caregivers]
    assert any(s == {"es"} for s in langs) and any(s == {"en"} for s in langs) and any({"en", "es"} <= s for s in langs)
    assert any("cocina mexicana" in a.strengths or "costura" in a.strengths for a in caregivers)  # Spanish circles
    assert all(a.strengths and a.passions and a.interests for a in caregivers)
    # Approximate areas only: ~1 km H3 cells around Austin, never a point.
    for a in caregivers:
        assert h3.is_valid_cell(a.home_cell) and h3.get_resolution(a.home_cell) == 8
        lat, lng = h3.cell_to_latlng(a.home_cell)
        assert 30.1 < lat < 30.4 and -97.9 < lng < -97.6
        assert a.home_area_label.endswith("Austin, TX")

    per_family = {f: sum(c.family_id == f for c in children) for f in families}
    assert set(per_family.values()) <= {1, 2, 3} and len(set(per_family.values())) > 1
    for c in children:
        assert " " not in c.name and c.grade in ("PK", "K", "1", "2", "3", "4", "5")
        assert c.strengths and c.passions and c.interests and c.joy


async def test_seeding_again_adds_nothing_and_reset_starts_over(sessions):
    first = await _seed(sessions)
    counts = await _counts(sessions)
    again = await _seed(sessions)
    assert not again.created
    assert await _counts(sessions) == counts
    assert again.invite_code == first.invite_code
    assert [p.email for p in again.logins] == [p.email for p in first.logins]

    fresh = await _seed(sessions, reset_first=True)
    assert fresh.created
    assert await _counts(sessions) == counts
    assert [p.email for p in fresh.logins] == [p.email for p in first.logins]  # same people every time


async def test_demo_logins_and_the_invite_code_work(f, sessions):
    result = await _seed(sessions)
    by_note = {p.note: p for p in result.logins}
    login = (
        "mutation($i: LogInInput!) { logIn(input: $i) { token viewer { displayName isPlatformAdmin } "
        "errors { message } } }"
    )

    admin = next(p for p in result.logins if p.role == "admin")
    data = await f.ok(login, {"i": {"email": admin.email, "password": seed.PASSWORD}})
    assert data["logIn"]["viewer"] == {"displayName": "Village Admin", "isPlatformAdmin": True}

    spanish = by_note["speaks Spanish"]
    data = await f.ok(login, {"i": {"email": spanish.email, "password": seed.PASSWORD}})
    token = data["logIn"]["token"]
    me = await f.gql("{ viewer { uiLanguage } myFamily { children { name } } }", token=token)
    assert me["data"]["viewer"]["uiLanguage"] == "es"
    assert 1 <= len(me["data"]["myFamily"]["children"]) <= 3

    newcomer = await f.user("Nueva Familia")
    joined = await f.ok(
        "mutation($i: JoinCommunityInput!) { joinCommunity(input: $i) { membership { state communityId } "
        "errors { message } } }",
        {"i": {"inviteCode": result.invite_code}},
        newcomer,
    )
    membership = joined["joinCommunity"]["membership"]
    assert membership["state"] == "PENDING"
    data = await f.ok("query($id: ID!) { community(id: $id) { name } }", {"id": membership["communityId"]}, newcomer)
    assert data["community"] == {"name": "Lincoln Elementary"}
