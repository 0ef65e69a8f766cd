"""`village seed`: a believable demo community, created once, whose logins and invite code work, and
that shows every feature at work on first run: strengths offered in both languages, needs with
matches at every stage, the notifications they caused, newcomers waiting with a note, a report."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import h3
from sqlalchemy import func, select

from api.accounts.models import Account
from api.communities.models import Community, Membership
from api.db import session_scope
from api.errors import DomainError
from api.families.models import Child
from api.notifications.models import Notification
from api.safety.models import Report
from api.skills.models import Match, Need, Strength
from api.skills.service import NeedFilter, list_needs
from village import seed


async def _seed(sessions, settings, **kw) -> seed.Result:
    return await seed.seed(sessions, settings, progress=lambda _: None, **kw)


async def _counts(sessions) -> dict[str, int]:
    async with sessions() as db:
        counts = {
            table.__tablename__: await db.scalar(select(func.count()).select_from(table))
            for table in (Community, Account, Child, Membership, Strength, Need, Notification, Report)
        }
        counts |= {
            f"matches {status}": n
            for status, n in (await db.execute(select(Match.status, func.count()).group_by(Match.status))).all()
        }
        return counts


async def test_seed_builds_a_bilingual_school_community(sessions, settings):
    result = await _seed(sessions, settings)
    assert result.created and result.families == 40

    async with sessions() as db:
        community = await db.scalar(select(Community).where(Community.name == "Lincoln Elementary"))
        assert (community.timezone, community.languages) == ("America/Chicago", ["en", "es"])
        # The six weeks' people; the earlier families (seed_history) have a test of their own below.
        members = (
            await db.execute(
                select(Membership, Account)
                .join(Account, Account.id == Membership.account_id)
                .where(Account.email.not_like(seed.HISTORY_EMAILS))
            )
        ).all()
        children = (await db.scalars(select(Child))).all()

    roles = [m.role for m, _ in members]
    assert (roles.count("admin"), roles.count("staff"), roles.count("leader")) == (1, 2, 1)
    admin = next(a for m, a in members if m.role == "admin")
    assert admin.is_platform_admin
    states = [m.state for m, _ in members]
    assert 0 < states.count("pending") < states.count("verified")
    # Newcomers wrote to the school when they joined (staff read it before verifying them).
    notes = [m.join_note for m, _ in members if m.state == "pending"]
    assert all(notes) and any("Monterrey" in n for n in notes)

    caregivers = [a for m, a in members if m.role in ("caregiver", "leader")]
    families = {a.family_id for a in caregivers}
    assert len(families) == 40
    shared = [f for f in families if sum(a.family_id == f for a in caregivers) == 2]
    assert len(shared) >= 4  # some households have two caregivers
    langs = [set(a.languages) for a in caregivers]
    assert any(s == {"es"} for s in langs) and any(s == {"en"} for s in langs) and any({"en", "es"} <= s for s in langs)
    assert any("cocina mexicana" in a.strengths or "costura" in a.strengths for a in caregivers)  # Spanish circles
    assert all(a.strengths and a.passions and a.interests for a in caregivers)
    # Approximate areas only: ~1 km H3 cells around Austin, never a point; everyone who is a member
    # has one, and a household's caregivers share theirs.
    for _, a in members:
        assert h3.is_valid_cell(a.home_cell) and h3.get_resolution(a.home_cell) == 8
        assert (a.home_lat, a.home_lng) == h3.cell_to_latlng(a.home_cell)
        assert 30.1 < a.home_lat < 30.4 and -97.9 < a.home_lng < -97.6
        assert a.home_area_label.endswith("Austin, TX")
    for f in shared:
        first, second = [a for a in caregivers if a.family_id == f]
        assert (first.home_cell, first.home_area_label) == (second.home_cell, second.home_area_label)

    per_family = {f: sum(c.family_id == f for c in children) for f in families}
    assert set(per_family.values()) <= {1, 2, 3} and len(set(per_family.values())) > 1
    for c in children:
        assert " " not in c.name and c.grade in ("PK", "K", "1", "2", "3", "4", "5")
        assert c.strengths and c.passions and c.interests and c.joy

    # Six weeks of history, not everything created a second ago.
    joined = [m.created_at for m, _ in members]
    now = datetime.now(UTC)
    assert min(joined) < now - timedelta(days=35) and max(joined) > now - timedelta(days=5)


async def test_every_verified_demo_member_can_see_needs_near_them(f, sessions, settings):
    """'Needs near me' works for every demo login, the second caregiver of a household included
    (it used to fail with NO_HOME_AREA for them)."""
    result = await _seed(sessions, settings)
    async with session_scope(sessions) as db:
        community = await db.scalar(select(Community).where(Community.name == "Lincoln Elementary"))
        verified = (
            await db.scalars(
                select(Account)
                .join(Membership, Membership.account_id == Account.id)
                .where(Membership.community_id == community.id, Membership.state == "verified")
            )
        ).all()
        assert len(verified) > 40
        near: dict[str, int] = {}
        for account in verified:
            try:
                found = await list_needs(
                    db, seed._viewer(account), NeedFilter(community.id, near_km=5), after=None, limit=50
                )
            except DomainError as e:
                raise AssertionError(f"{account.email}: {e.code} {e.message}") from e
            near[account.email] = len(found)
        second = (
            await db.scalars(
                select(Account.email)
                .where(
                    Account.family_id.in_(
                        select(Account.family_id).group_by(Account.family_id).having(func.count() > 1)
                    )
                )
                .join(Membership, Membership.account_id == Account.id)
                .where(Membership.state == "verified")
                .order_by(Account.created_at.desc())
            )
        ).first()
    assert sum(1 for n in near.values() if n) > len(near) // 2  # most people have needs around them

    # Through the API, as the app asks it.
    token = (
        await f.ok(
            "mutation($i: LogInInput!) { logIn(input: $i) { token errors { message } } }",
            {"i": {"email": second, "password": seed.PASSWORD}},
        )
    )["logIn"]["token"]
    me = await f.gql("{ myMemberships { communityId } }", token=token)
    body = await f.gql(
        "query($c: ID!) { needs(communityId: $c, nearKm: 5, first: 50) { edges { node { title } } } }",
        {"c": me["data"]["myMemberships"][0]["communityId"]},
        token=token,
    )
    assert "errors" not in body, body
    assert len(body["data"]["needs"]["edges"]) == near[second]
    assert result.created


async def test_demo_shows_skill_sharing_at_every_stage_with_its_notifications(sessions, settings):
    result = await _seed(sessions, settings)
    async with sessions() as db:
        strengths = (await db.execute(select(Strength, Account).join(Account, Account.id == Strength.account_id))).all()
        needs = (await db.scalars(select(Need))).all()
        matches = (await db.scalars(select(Match))).all()
        notes = (await db.scalars(select(Notification))).all()
        accounts = {a.id: a for a in (await db.scalars(select(Account))).all()}
        reports = (await db.scalars(select(Report))).all()
    now = datetime.now(UTC)
    # The year before (seed_history) was written as rows, not lived through the services: nobody is
    # told today about a thank-you from last spring. The notification checks are about the six weeks.
    earlier = {a.id for a in accounts.values() if a.email.endswith(f"{seed.HISTORY_TAG}@{seed.DOMAIN}")}
    recent = [m for m in matches if m.requester_id not in earlier]

    # Strengths: many caregivers offer some, across the taxonomy, each in its owner's language.
    owners = {a.id for _, a in strengths}
    assert len(owners) >= 30 and len(strengths) >= 50
    assert len({s.category_slug.split(".")[0] for s, _ in strengths}) >= 6
    spanish = {t for _, t, _, _ in seed.OFFERS["es"].values()} | {t for _, t, _, _ in seed.EXTRAS["es"]}
    english = {t for _, t, _, _ in seed.OFFERS["en"].values()} | {t for _, t, _, _ in seed.EXTRAS["en"]}
    for s, a in strengths:
        assert s.languages == a.languages and s.modes and set(s.modes) <= {"in_person", "virtual"}
        if a.languages == ["es"]:
            assert s.title in spanish, s.title
        if "es" not in a.languages:
            assert s.title in english, s.title
    assert {s.title for s, _ in strengths} & spanish and {s.title for s, _ in strengths} & english
    for lang in ("es", "en"):
        assert len({s.category_slug.split(".")[0] for s, a in strengths if a.languages == [lang]}) >= 6
    assert any(s.availability for s, _ in strengths) and any("virtual" in s.modes for s, _ in strengths)

    # Needs in both languages, open ones and ones already met, posted over the past weeks.
    assert {n.language for n in needs} == {"en", "es"}
    assert {n.status for n in needs} >= {"open", "matched", "met"}
    assert min(n.created_at for n in needs) < now - timedelta(days=20)
    assert max(n.created_at for n in needs) > now - timedelta(days=2)

    # Matches at every stage, with their reasons; the completed ones mostly carry a thank-you.
    statuses = Counter(m.status for m in matches)
    assert set(statuses) >= {"suggested", "offered", "requested", "accepted", "completed", "declined", "expired"}
    assert all(m.reasons for m in matches)
    completed = [m for m in matches if m.status == "completed"]
    thanked = [m for m in completed if m.thanks]
    assert thanked and len(thanked) < len(completed)  # one family said nothing, which is fine too
    by_need = {n.id: n for n in needs}
    assert all(by_need[m.need_id].status == "met" and m.completed_at < now - timedelta(days=7) for m in completed)
    # A need on which help was agreed is matched (and met once done); suggestions are for needs still open.
    for m in matches:
        if m.status == "accepted":
            assert by_need[m.need_id].status == "matched"
        if m.status == "suggested":
            assert by_need[m.need_id].status in ("open", "matched")
        assert m.helper_id != m.requester_id
        assert accounts[m.helper_id].family_id != accounts[m.requester_id].family_id
    # Spanish needs are answered by Spanish speakers.
    for m in matches:
        if m.status not in ("suggested", "expired") and by_need[m.need_id].language == "es":
            assert "es" in accounts[m.helper_id].languages

    # Notifications, as the worker would have written them: the helpers were told about suggestions,
    # requests and thanks; the families about offers; everyone about being verified.
    told = {(n.recipient_id, n.kind, n.subject_id) for n in notes}
    for m in recent:
        if m.status == "suggested":
            assert (m.helper_id, "match_suggested", m.id) in told
        if m.status == "offered":
            assert (m.requester_id, "match_offered", m.id) in told
        if m.status == "requested":
            assert (m.helper_id, "match_requested", m.id) in told
        if m.status == "declined":
            assert (m.requester_id, "match_declined", m.id) in told
    for m in thanked:
        if m in recent:
            assert (m.helper_id, "thanks_received", m.id) in told
    for m in completed:
        if not m.thanks and m in recent:
            assert (m.helper_id, "match_completed", m.id) in told
    verified_kinds = Counter(n.kind for n in notes)
    assert verified_kinds["member_verified"] >= 40
    # Dated over the weeks, the old ones read, the recent ones waiting.
    assert min(n.created_at for n in notes) < now - timedelta(days=30)
    assert any(n.read_at for n in notes) and any(n.read_at is None for n in notes)
    assert all(n.read_at is None for n in notes if n.created_at > now - timedelta(days=2))
    assert result.notifications == len(notes) and result.thanks == len(thanked)
    stamps = [s.created_at for s, _ in strengths] + [n.updated_at for n in needs] + [m.updated_at for m in matches]
    assert max(stamps + [n.created_at for n in notes]) <= now  # nothing happened in the future

    # One report for staff to look at, about a need.
    assert [(r.status, r.subject_type) for r in reports] == [("open", "need")]
    assert by_need[reports[0].subject_id].requester_id == reports[0].subject_account_id


async def test_seeding_again_adds_nothing_and_reset_starts_over(sessions, settings):
    first = await _seed(sessions, settings)
    counts = await _counts(sessions)
    again = await _seed(sessions, settings)
    assert not again.created
    assert await _counts(sessions) == counts
    assert again.invite_code == first.invite_code
    assert [(p.email, p.note) for p in again.logins] == [(p.email, p.note) for p in first.logins]

    fresh = await _seed(sessions, settings, reset_first=True)
    assert fresh.created
    assert await _counts(sessions) == counts  # the same numbers of everything, matches by status included
    # The same people, seeing the same things, every time.
    assert [(p.email, p.note) for p in fresh.logins] == [(p.email, p.note) for p in first.logins]


def _said(note: str, phrase: str) -> int:
    """The number the login's note gives for `phrase` (0 when it does not mention it)."""
    found = re.search(rf"(\d+) {phrase}", note)
    return int(found[1]) if found else 0


async def test_demo_logins_say_what_each_person_sees_and_the_invite_code_works(f, sessions, settings):
    result = await _seed(sessions, settings)
    by_kind = {p.kind: p for p in result.logins}
    assert {
        "platform admin",
        "family liaison",
        "principal",
        "parent leader",
        "speaks Spanish",
        "speaks English",
        "bilingual, shares a household",
        "asked for help",
        "waiting for verification",
    } <= set(by_kind)
    login = (
        "mutation($i: LogInInput!) { logIn(input: $i) { token viewer { displayName isPlatformAdmin uiLanguage } "
        "errors { message } } }"
    )
    mine = "{ myMemberships { communityId state role joinNote } }"
    screens = """query($c: ID!) {
      suggestedMatches(first: 100) { status }
      notifications(first: 1) { unreadCount }
      near: needs(communityId: $c, nearKm: 3, first: 100) { edges { node { id } } }
      mine: needs(communityId: $c, mine: true, first: 100) { edges { node { id } } }
    }"""
    async with sessions() as db:
        waiting = await db.scalar(select(func.count()).select_from(Membership).where(Membership.state == "pending"))

    for p in result.logins:
        assert p.note.startswith(p.kind), p
        data = await f.ok(login, {"i": {"email": p.email, "password": seed.PASSWORD}})
        token = data["logIn"]["token"]
        assert data["logIn"]["viewer"]["displayName"] == p.name
        spanish_ui = data["logIn"]["viewer"]["uiLanguage"] == "es"
        assert ("(app in Spanish)" in p.note) == spanish_ui
        membership = (await f.gql(mine, token=token))["data"]["myMemberships"][0]
        if membership["state"] == "PENDING":
            assert p.kind == "waiting for verification"
            assert membership["joinNote"] and f"“{membership['joinNote']}”" in p.note
            continue
        if membership["role"] in ("ADMIN", "STAFF"):
            reports = await f.gql(
                "query($c: ID!) { reports(communityId: $c, status: OPEN) { edges { node { id } } } }",
                {"c": membership["communityId"]},
                token=token,
            )
            assert _said(p.note, "open reports?") == len(reports["data"]["reports"]["edges"]) == 1
            assert _said(p.note, "members? waiting for verification") == waiting > 0
            continue
        seen = (await f.gql(screens, {"c": membership["communityId"]}, token=token))["data"]
        statuses = Counter(m["status"] for m in seen["suggestedMatches"])
        assert _said(p.note, "suggested match") == statuses["SUGGESTED"], p.note
        assert _said(p.note, "famil(?:y|ies) asking for their help") == statuses["REQUESTED"], p.note
        assert _said(p.note, "offers? of help sent") == statuses["OFFERED"], p.note
        assert _said(p.note, "famil(?:y|ies) they are helping") == statuses["ACCEPTED"], p.note
        assert _said(p.note, "unread notification") == seen["notifications"]["unreadCount"], p.note
        assert _said(p.note, r"open needs? within 3 km") == len(seen["near"]["edges"]), p.note

    # The caregivers chosen to compare views have something to see.
    spanish = by_kind["speaks Spanish"]
    assert "thank-you received" in spanish.note and "suggested match" in spanish.note
    assert "thank-you received" in by_kind["speaks English"].note
    assert _said(by_kind["asked for help"].note, "offers? of help to answer") >= 1
    me = await f.gql(
        "{ viewer { uiLanguage } myFamily { children { name } } }",
        token=(await f.ok(login, {"i": {"email": spanish.email, "password": seed.PASSWORD}}))["logIn"]["token"],
    )
    assert me["data"]["viewer"]["uiLanguage"] == "es"
    assert 1 <= len(me["data"]["myFamily"]["children"]) <= 3
    admin = by_kind["platform admin"]
    data = await f.ok(login, {"i": {"email": admin.email, "password": seed.PASSWORD}})
    assert data["logIn"]["viewer"]["isPlatformAdmin"] is True

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


async def test_the_demo_has_groups_with_conversations_and_a_family_waiting_to_join(sessions, settings):
    from api.groups.models import Comment, Group, GroupMember, Post

    result = await _seed(sessions, settings)
    async with sessions() as db:
        demo = {spec["name"] for spec in seed.GROUPS}  # besides the earlier years' groups (seed_history)
        groups = {g.name: g for g in (await db.scalars(select(Group).where(Group.name.in_(demo)))).all()}
        assert len(groups) == 3 and any(g.hidden for g in groups.values())
        assert {g.visibility for g in groups.values()} == {"open", "request", "invite"}
        posts = (await db.scalars(select(Post))).all()
        assert len(posts) >= 5 and any(p.pinned_at for p in posts)
        assert await db.scalar(select(func.count()).select_from(Comment)) >= 8
        [waiting] = (await db.scalars(select(GroupMember).where(GroupMember.state == "requested"))).all()
        assert waiting.join_answer
    leader = next(p for p in result.logins if p.role == "leader")
    assert "family asking to join their group" in leader.note and "groups they lead" in leader.note


async def test_the_demo_has_a_weekly_club_with_a_waitlist_and_a_monthly_breakfast(sessions, settings):
    from api.events.models import Event, Rsvp

    await _seed(sessions, settings)
    async with sessions() as db:
        # The six weeks' events; the year before had one-off ones (seed_history).
        events = {
            e.title: e for e in (await db.scalars(select(Event).where(Event.last_ends_at > datetime.now(UTC)))).all()
        }
        assert {e.frequency for e in events.values()} == {"weekly", "monthly"}
        statuses = (await db.scalars(select(Rsvp.status))).all()
        assert "going" in statuses and "waitlisted" in statuses


async def test_the_demo_has_conversations_in_both_languages_unread_messages_and_a_request(sessions, settings):
    from api.messages.models import Conversation, Message, Participant

    result = await _seed(sessions, settings)
    async with sessions() as db:
        conversations = (await db.scalars(select(Conversation))).all()
        assert len(conversations) >= 4
        assert any(c.title == "Book fair volunteers" for c in conversations)
        languages = Counter((await db.scalars(select(Message.language))).all())
        assert languages["en"] >= 2 and languages["es"] >= 2, languages
        assert (
            await db.scalar(select(func.count()).select_from(Participant).where(Participant.state == "requested")) == 1
        )
        # Messages happened over the weeks, not all at seeding time.
        times = (await db.scalars(select(Message.created_at))).all()
        assert max(times) - min(times) > timedelta(days=3)
    leader = next(p for p in result.logins if p.role == "leader")
    assert "message request" in leader.note
    assert any("unread message" in p.note for p in result.logins)


async def test_the_demo_has_a_school_run_with_a_driving_history_and_a_soccer_run_with_seats(sessions, settings):
    from api.carpools.models import Carpool, CarpoolFamily, LedgerEntry, Swap, Trip, TripAbsence

    await _seed(sessions, settings)
    async with sessions() as db:
        run = await db.scalar(select(Carpool).where(Carpool.title == "Lincoln school run"))
        soccer = await db.scalar(select(Carpool).where(Carpool.title == "Saturday soccer"))
        assert run is not None and soccer is not None and soccer.seats_free > 0
        states = Counter(
            (await db.scalars(select(CarpoolFamily.state).where(CarpoolFamily.carpool_id == run.id))).all()
        )
        assert states == {"approved": 4, "pending": 1}
        # Three weeks already driven, shared on the ledger, and a family credited for walking the children in.
        kinds = Counter((await db.scalars(select(LedgerEntry.kind).where(LedgerEntry.carpool_id == run.id))).all())
        assert kinds["drive"] >= 20 and kinds["credit"] == 1
        drivers = set(
            (
                await db.scalars(
                    select(LedgerEntry.family_id).where(LedgerEntry.carpool_id == run.id, LedgerEntry.kind == "drive")
                )
            ).all()
        )
        assert len(drivers) == 3  # the three families that drive took turns
        ahead = await db.scalar(
            select(func.count()).select_from(Trip).where(Trip.carpool_id == run.id, Trip.starts_at > datetime.now(UTC))
        )
        assert ahead >= 30
        assert await db.scalar(select(func.count()).select_from(Swap).where(Swap.state == "pending")) == 1
        assert await db.scalar(select(func.count()).select_from(TripAbsence)) == 1
        assert (
            await db.scalar(
                select(func.count()).select_from(CarpoolFamily).where(CarpoolFamily.carpool_id == soccer.id)
            )
            == 2
        )


async def test_the_demo_school_has_a_year_of_earlier_families_helping_each_other(sessions, settings):
    """Before the six weeks, a year of the school: families who joined month by month (most at the
    start of the school year), helped each other across languages and both ways, drove carpools that
    are over, met in groups and at events, and wrote to each other; none of it open or notifying."""
    from zoneinfo import ZoneInfo

    from api.carpools.models import Carpool, CarpoolFamily, LedgerEntry
    from api.events.models import Event, Rsvp
    from api.groups.models import Group, GroupMember, Post
    from api.messages.models import Conversation, Message, Participant

    result = await _seed(sessions, settings)
    assert result.families == 40 and result.history_families >= 150
    now, zone = datetime.now(UTC), ZoneInfo(seed.TIMEZONE)
    year_ago = now - timedelta(days=365)
    async with sessions() as db:
        community = await db.scalar(select(Community).where(Community.name == seed.COMMUNITY))
        earlier = {
            a.id: a for a in (await db.scalars(select(Account).where(Account.email.like(seed.HISTORY_EMAILS)))).all()
        }
        memberships = (await db.scalars(select(Membership).where(Membership.account_id.in_(earlier)))).all()
        needs = (await db.scalars(select(Need).where(Need.requester_id.in_(earlier)))).all()
        matches = (await db.scalars(select(Match).where(Match.requester_id.in_(earlier)))).all()
        carpools = (await db.scalars(select(Carpool).where(Carpool.organiser_id.in_(earlier)))).all()
        seats = (
            await db.scalars(select(CarpoolFamily).where(CarpoolFamily.carpool_id.in_([c.id for c in carpools])))
        ).all()
        drives = Counter(
            (
                await db.scalars(
                    select(LedgerEntry.carpool_id).where(
                        LedgerEntry.carpool_id.in_([c.id for c in carpools]), LedgerEntry.kind == "drive"
                    )
                )
            ).all()
        )
        groups = (await db.scalars(select(Group).where(Group.created_by_id.in_(earlier)))).all()
        group_members = (
            await db.scalars(select(GroupMember).where(GroupMember.group_id.in_([g.id for g in groups])))
        ).all()
        posts = (await db.scalars(select(Post).where(Post.group_id.in_([g.id for g in groups])))).all()
        events = (
            await db.scalars(select(Event).where(Event.community_id == community.id, Event.first_starts_at < now))
        ).all()
        going = await db.scalar(
            select(func.count())
            .select_from(Rsvp)
            .where(Rsvp.event_id.in_([e.id for e in events]), Rsvp.status == "going", Rsvp.account_id.in_(earlier))
        )
        conversations = (await db.scalars(select(Conversation).where(Conversation.created_by_id.in_(earlier)))).all()
        messages = (
            await db.scalars(select(Message).where(Message.conversation_id.in_([c.id for c in conversations])))
        ).all()
        participants = (
            await db.scalars(select(Participant).where(Participant.conversation_id.in_([c.id for c in conversations])))
        ).all()
        told = await db.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.subject_id.in_([m.id for m in matches] + [n.id for n in needs]))
        )

    # The families: one or two caregivers each, verified members, the school's languages at home.
    family_of = {a.id: a.family_id for a in earlier.values()}
    families = set(family_of.values())
    assert len(families) == result.history_families and len(earlier) > len(families)
    assert all(m.state == "verified" and m.community_id == community.id for m in memberships)
    home = {}
    for a in earlier.values():
        home[a.family_id] = a.languages[0]
        assert a.ui_language == ("es" if a.ui_language == "es" and "es" in a.languages else "en")
        assert a.home_cell and a.home_area_label.endswith("Austin, TX")
    share = Counter(home.values())
    assert 0.45 < share["en"] / len(home) < 0.65 and 0.25 < share["es"] / len(home) < 0.40
    assert share["vi"] and share["ar"]
    # Joined month by month over the year before the six weeks, most at the start of the school year.
    joined = [m.created_at for m in memberships]
    months = Counter(d.astimezone(zone).strftime("%Y-%m") for d in joined)
    assert len(months) >= 11
    by_month = Counter(d.astimezone(zone).month for d in joined)
    assert by_month[8] + by_month[9] > 3 * max(by_month[6], by_month[7], by_month[11])
    assert community.created_at <= min(joined) and max(joined) < now - timedelta(days=seed.COMMUNITY_AGE_DAYS)

    # Helping each other: no need left open, most of the year's needs met by another family.
    assert {n.status for n in needs} <= {"met", "closed"} and len(needs) >= 300
    completed = [m for m in matches if m.status == "completed"]
    assert len([m for m in completed if m.completed_at > year_ago]) >= 150
    assert {"declined", "expired"} <= {m.status for m in matches}
    met = {n.id for n in needs if n.status == "met"}
    assert Counter(m.need_id for m in completed) == Counter(met)
    for m in completed:
        assert m.helper_id in earlier and family_of[m.helper_id] != family_of[m.requester_id]
        assert m.created_at < m.responded_at < m.completed_at < now - timedelta(days=7)
    helped = {(family_of[m.helper_id], family_of[m.requester_id]) for m in completed}
    assert any((b, a) in helped for a, b in helped)  # some pairs helped each other, both ways
    crossing = Counter((home[h], home[r]) for h, r in helped)
    assert crossing[("es", "en")] and crossing[("en", "es")]  # Spanish and English speakers helped each other
    within = sum(n for (h, r), n in crossing.items() if h == r)
    assert within > len(helped) - within
    assert told == 0  # nobody is told today about last year

    # More families connected as the months went by; some never did anything.
    connected: set = set()
    growth = []
    for month in sorted({m.completed_at.astimezone(zone).strftime("%Y-%m") for m in completed}):
        connected |= {
            f
            for m in completed
            if m.completed_at.astimezone(zone).strftime("%Y-%m") <= month
            for f in (family_of[m.helper_id], family_of[m.requester_id])
        }
        growth.append(len(connected))
    assert growth == sorted(growth) and growth[-1] > 2 * growth[len(growth) // 3]
    active = {family_of[a] for n in needs for a in (n.requester_id,)} | {family_of[m.helper_id] for m in matches}
    active |= {family_of[p.account_id] for p in participants} | {family_of[g.account_id] for g in group_members}
    assert families - active  # isolated families

    # Carpools of a few families each, driven in turn for weeks, all over now.
    today = now.astimezone(zone).date()
    assert len(carpools) >= 6
    for c in carpools:
        rows = [s for s in seats if s.carpool_id == c.id]
        assert 3 <= len(rows) <= 5 and sum(s.organiser for s in rows) == 1
        assert all(s.state == "approved" for s in rows)
        assert c.ends_on < today and drives[c.id] >= 4
    # Groups with a leader and members, posting through the year.
    assert len(groups) >= 8
    for g in groups:
        rows = [m for m in group_members if m.group_id == g.id]
        assert 6 <= len(rows) <= 14 and [m.role for m in rows].count("leader") == 1
    assert len({p.created_at.astimezone(zone).strftime("%Y-%m") for p in posts}) >= 6
    # Past events the families went to.
    assert len(events) >= 20 and all(e.last_ends_at < now for e in events) and going >= 100
    # Conversations: both sides mostly, some never answered, each listing its last message.
    assert len(conversations) >= 150
    senders: dict = {}
    for m in messages:
        senders.setdefault(m.conversation_id, set()).add(m.sender_id)
    assert sum(len(s) == 2 for s in senders.values()) > 2 * sum(len(s) == 1 for s in senders.values()) > 0
    for c in conversations:
        theirs = [m for m in messages if m.conversation_id == c.id]
        assert c.last_seq == max(m.seq for m in theirs)
        assert c.last_message_at == max(m.created_at for m in theirs)
        assert c.pair_key == ":".join(sorted(str(p.account_id) for p in participants if p.conversation_id == c.id))
    assert all(p.state == "active" for p in participants)

    # Seeding again adds nothing; --reset deletes every earlier account and its family.
    again = await _seed(sessions, settings)
    assert not again.created and again.history_families == 0
    async with session_scope(sessions) as db:
        assert await db.scalar(select(func.count()).select_from(Account).where(Account.id.in_(earlier))) == len(earlier)
        await seed.reset(db)
    async with sessions() as db:
        from api.families.models import Family

        assert (
            await db.scalar(select(func.count()).select_from(Account).where(Account.email.like(seed.HISTORY_EMAILS)))
            == 0
        )
        assert await db.scalar(select(func.count()).select_from(Family).where(Family.id.in_(families))) == 0
