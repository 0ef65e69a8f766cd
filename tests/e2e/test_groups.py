"""Peer groups on a phone, against the real API: a parent leader starts a group families ask to join
(with a question), a family finds it from Share, asks with an answer, is let in and posts; the leader
comments and pins the post. Then a leader's moderation (a comment hidden with a reason its author
sees), what a caregiver does not get (no "Start a group", no unlisted groups), and the reports a leader
reviews (a reported post hidden from there). Every new screen: no
sideways scroll at 360 px, controls at least 44 px tall, no axe violation; with
VILLAGE_SCREENSHOTS=<folder> the README's screenshots (groups.png, group.png) are saved too."""

from __future__ import annotations

import re

from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_skills import another_phone, fits_a_phone
from tests.e2e.test_tour import check
from tests.e2e.test_tour import look as screenshot
from tests.factories import Community, Factory, User

CREATE = "mutation($i: CreateGroupInput!) { createGroup(input: $i) { group { id } errors { code message } } }"
JOIN = "mutation($i: JoinGroupInput!) { joinGroup(input: $i) { membership { id state } errors { code message } } }"
POST = "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } errors { code message } } }"
INVITE = "mutation($i: InviteToGroupInput!) { inviteToGroup(input: $i) { membership { id } errors { code message } } }"
COMMENT = "mutation($i: CommentInput!) { comment(input: $i) { comment { id } errors { code message } } }"
REPORT = "mutation($i: ReportInput!) { report(input: $i) { reportId errors { code } } }"
MEMBERS = (
    "query($id: ID!) { group(id: $id) { memberCount "
    "members { edges { node { role state caregiver { displayName } } } } "
    "posts { edges { node { body link pinned commentCount latestComments { body } } } } } }"
)
NAME = "Grade 3 Spanish-speaking families"
QUESTION = "Which class is your child in?"
ANSWER = "Ms. López's class, 3B. My son is Leo."
README_SHOTS = {"groups", "group"}


async def look(page: Page, axe, name: str) -> None:
    await check(page, axe, name, README_SHOTS)


async def a_group(f: Factory, leader: User, c: Community, name: str, purpose: str = "", **fields) -> str:
    data = await f.ok(CREATE, {"i": {"communityId": c.id, "name": name, "purpose": purpose, **fields}}, leader)
    return data["createGroup"]["group"]["id"]


def post_of(page: Page, author: str):
    return page.get_by_role("article", name=author)


async def test_a_leader_starts_a_group_a_family_asks_to_join_and_they_talk(
    page: Page, f, runner, axe, browser: Browser, app_url: str
) -> None:
    school = await f.community("Lincoln Elementary")
    carmen = await f.member(school, "Carmen R.", role="LEADER")
    ana = await f.member(school, "Ana R.")

    # Carmen finds "Start a group" among what she organises.
    await sign_in(page, carmen, "/organise")
    await page.get_by_role("link", name="Start a group").click()
    await expect(page.get_by_role("heading", level=1, name="Start a group")).to_be_visible()
    await page.get_by_label(re.compile("^Name")).fill(NAME)
    await page.get_by_label("What it is for").fill("Homework help in Spanish, playdates, and rides to practice.")
    await page.get_by_label("Spanish", exact=True).check()
    await page.get_by_label("English", exact=True).check()
    await page.get_by_label("Grade", exact=True).select_option("3")
    await page.get_by_label("How it meets").select_option("BOTH")
    await page.get_by_label("Who can join").select_option("REQUEST")
    await page.get_by_label(re.compile("^A question for families")).fill(QUESTION)
    await look(page, axe, "group-new")
    await page.get_by_role("button", name="Start the group").click()
    await expect(page.get_by_role("heading", level=1, name=NAME)).to_be_visible()
    await expect(page.get_by_text("Led by Carmen R.")).to_be_visible()
    await expect(page.get_by_text("No posts yet. Say hello!")).to_be_visible()
    group_url = page.url

    # Ana is already in one of Carmen's groups, and invited to another.
    breakfast = await a_group(
        f, carmen, school, "Dads' Saturday breakfast", "Pancakes and a walk in the park.", mode="IN_PERSON"
    )
    kinder = await a_group(
        f, carmen, school, "Kindergarten families", "New to school?", gradeBand="K", visibility="INVITE"
    )
    await f.ok(JOIN, {"i": {"groupId": breakfast}}, ana)
    await f.ok(INVITE, {"i": {"groupId": kinder, "caregiverId": ana.id}}, carmen)

    async with another_phone(browser, app_url) as phone:
        # Ana finds groups from Share, narrows them down, and asks to join with her answer.
        await sign_in(phone, ana, "/share")
        await phone.get_by_role("link", name="Groups: meet families like yours").click()
        await expect(phone.get_by_role("heading", level=1, name="Groups")).to_be_visible()
        listed = phone.get_by_role("list", name="Groups")
        await expect(listed.get_by_role("listitem").filter(has_text="Dads' Saturday breakfast")).to_contain_text(
            "Member"
        )
        await expect(listed.get_by_role("listitem").filter(has_text="Kindergarten families")).to_contain_text(
            re.compile("Invited.*Kindergarten · In person and online · 1 member.*By invitation only")
        )
        card = phone.get_by_role("listitem").filter(has=phone.get_by_role("link", name=NAME))
        await expect(card).to_contain_text("Spanish, English · Grade 3 · In person and online · 1 member")
        await expect(card).to_contain_text("On request: a leader lets people in")
        await screenshot(phone, axe, "groups")
        await fits_a_phone(phone)
        await phone.get_by_text("Language, grade, how it meets").click()
        await phone.get_by_label("Language").select_option("es")
        await phone.get_by_label("How it meets").select_option("VIRTUAL")
        await phone.get_by_label("Search").fill("spanish")
        await expect(card).to_be_visible()
        await phone.get_by_label("Grade", exact=True).select_option("5")
        await expect(phone.get_by_text("No group matches what you are looking for.")).to_be_visible()
        await phone.get_by_label("Grade", exact=True).select_option("3")
        # On a loaded machine the lazily loaded screen and its query take their time.
        await card.get_by_role("link", name=NAME).click()
        await expect(phone.get_by_role("heading", level=1, name=NAME)).to_be_visible(timeout=15_000)
        await phone.get_by_label(QUESTION).fill(ANSWER)
        await look(phone, axe, "group, not a member")
        await phone.get_by_role("button", name="Ask to join").click()
        await expect(phone.get_by_text("You asked to join. A leader will answer soon")).to_be_visible()
        await expect(phone.get_by_role("heading", name="Posts")).to_have_count(0)

        # Carmen sees who asks, with the answer, and lets Ana in.
        await page.reload()
        await page.get_by_role("link", name="1 family is asking to join: answer them").click()
        await expect(page.get_by_role("heading", level=1, name="Members")).to_be_visible()
        await expect(page.get_by_role("link", name="Asking (1)")).to_have_attribute("aria-current", "page")
        asking = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Ana R."))
        await expect(asking.get_by_role("blockquote")).to_have_text(ANSWER)
        await look(page, axe, "group-members, asking")
        await asking.get_by_role("button", name="Approve Ana R.").click()
        await expect(page.get_by_role("status").filter(has_text="Ana R. is in the group now.")).to_be_visible()
        await expect(page.get_by_text("Nobody is asking to join.")).to_be_visible()
        await page.get_by_role("link", name="Members", exact=True).click()
        await expect(page.get_by_role("listitem").filter(has_text="Ana R.")).to_contain_text("Member")
        await look(page, axe, "group-members")

        # Ana is told, and the notification opens the group, where she is in: she posts, with a link.
        await runner.run()
        await phone.goto("/notifications")
        await phone.get_by_role("link", name=re.compile("You're in the group")).click()
        await expect(phone.get_by_role("heading", level=1, name=NAME)).to_be_visible()
        await expect(phone.get_by_text("Member", exact=True).first).to_be_visible()
        await phone.get_by_label(re.compile("^Your post")).fill("Hola! Who is going to the book fair on Friday?")
        await phone.get_by_label(re.compile("^A link")).fill("https://example.org/book-fair")
        await phone.get_by_role("button", name="Post", exact=True).click()
        await expect(phone.get_by_role("status").filter(has_text="Posted.")).to_be_visible()
        mine = post_of(phone, "Ana R.")
        await expect(mine).to_contain_text("Who is going to the book fair on Friday?")
        await expect(mine.get_by_role("link", name="https://example.org/book-fair")).to_be_visible()
        # Her own post: nothing to report, nothing to pin.
        await expect(mine.get_by_role("button", name=re.compile("^Options"))).to_have_count(0)

    # Carmen comments and pins the post.
    await page.goto(group_url)
    hers = post_of(page, "Ana R.")
    await hers.get_by_label("Write a comment").fill("¡Yo voy! I can bring two kids.")
    await hers.get_by_role("button", name="Comment", exact=True).click()
    await expect(hers).to_contain_text("¡Yo voy! I can bring two kids.")
    await expect(hers).to_contain_text("1 comment")
    await hers.get_by_role("button", name="Options for Ana R.'s post").click()
    await hers.get_by_role("button", name="Pin to the top").click()
    await expect(hers.get_by_role("status")).to_have_text("Pinned to the top of the group.")
    await expect(hers.get_by_text("Pinned", exact=True)).to_be_visible()
    await hers.evaluate("el => el.scrollIntoView({ block: 'start' })")
    await look(page, axe, "group")

    group_id = group_url.rsplit("/", 1)[1]
    data = (await f.ok(MEMBERS, {"id": group_id}, carmen))["group"]
    assert data["memberCount"] == 2
    assert [(e["node"]["caregiver"]["displayName"], e["node"]["role"]) for e in data["members"]["edges"]] == [
        ("Ana R.", "MEMBER"),
        ("Carmen R.", "LEADER"),
    ]
    [p] = [e["node"] for e in data["posts"]["edges"]]
    assert p == {
        "body": "Hola! Who is going to the book fair on Friday?",
        "link": "https://example.org/book-fair",
        "pinned": True,
        "commentCount": 1,
        "latestComments": [{"body": "¡Yo voy! I can bring two kids."}],
    }


async def test_leaders_moderate_and_caregivers_do_not_lead(page: Page, f, axe, browser: Browser, app_url: str) -> None:
    school = await f.community("Lincoln Elementary")
    carmen = await f.member(school, "Carmen R.", role="LEADER")
    ana = await f.member(school, "Ana R.")
    group = await a_group(f, carmen, school, "Dads' Saturday breakfast", languages=["en"], mode="IN_PERSON")
    secret = await a_group(f, carmen, school, "Foster families circle", hidden=True, visibility="INVITE")
    await f.ok(JOIN, {"i": {"groupId": group}}, ana)
    post = (await f.ok(POST, {"i": {"groupId": group, "body": "Pancakes at 9 at the park."}}, carmen))["createPost"]
    comment = {"postId": post["post"]["id"], "body": "Selling my old car, DM me!", "clientId": "c-1"}
    first = await f.ok(COMMENT, {"i": comment}, ana)
    # The same comment sent again (a retry) is made once.
    assert await f.ok(COMMENT, {"i": comment}, ana) == first

    # Carmen hides Ana's comment, saying why.
    await sign_in(page, carmen, f"/groups/{group}")
    pancakes = post_of(page, "Carmen R.")
    await expect(pancakes).to_contain_text("1 comment")
    await pancakes.get_by_role("button", name="Options for Ana R.'s comment").click()
    await pancakes.get_by_role("button", name="Hide", exact=True).click()
    await pancakes.get_by_label(re.compile("^Why are you hiding it")).fill("Please keep sales out of the group.")
    await look(page, axe, "group, hiding a comment")
    await pancakes.get_by_role("button", name="Hide it").click()
    await expect(pancakes).to_contain_text("Hidden by a leader: Please keep sales out of the group.")
    await pancakes.get_by_role("button", name="Options for Ana R.'s comment").click()
    await expect(pancakes.get_by_role("button", name="Hide", exact=True)).to_have_count(0)

    # The edit screen is the leaders'.
    await page.get_by_role("link", name="Edit").click()
    await expect(page.get_by_role("heading", level=1, name="Edit group")).to_be_visible()
    await expect(page.get_by_label(re.compile("^Name"))).to_have_value("Dads' Saturday breakfast")
    await page.get_by_label(re.compile("^Name")).fill("D")
    await page.get_by_role("button", name="Save changes").click()
    await expect(page.get_by_label(re.compile("^Name"))).to_have_attribute("aria-invalid", "true")
    await look(page, axe, "group-edit, with an error")
    await page.get_by_label(re.compile("^Name")).fill("Dads' Saturday breakfast club")
    await page.get_by_role("button", name="Save changes").click()
    await expect(page.get_by_role("heading", level=1, name="Dads' Saturday breakfast club")).to_be_visible()

    async with another_phone(browser, app_url) as phone:
        # A notification about a post knows only the post: it opens the post's group, at the post.
        # Ana sees her comment hidden, and why; she cannot start a group.
        await sign_in(phone, ana, f"/groups/post/{post['post']['id']}")
        await expect(phone).to_have_url(re.compile(rf"/groups/{group}#post-"))
        await expect(phone.get_by_role("heading", level=1, name="Dads' Saturday breakfast club")).to_be_visible()
        await expect(phone.get_by_text("Hidden by a leader: Please keep sales out of the group.")).to_be_visible()
        await expect(phone.get_by_role("button", name="Pin to the top")).to_have_count(0)
        await phone.get_by_role("button", name="Options for Carmen R.'s post").click()
        await expect(phone.get_by_role("button", name="Report to the school")).to_be_visible()
        await expect(phone.get_by_role("button", name="Pin to the top")).to_have_count(0)
        await expect(phone.get_by_role("button", name="Hide", exact=True)).to_have_count(0)
        await phone.goto("/groups")
        await expect(phone.get_by_role("link", name="Dads' Saturday breakfast club")).to_be_visible()
        await expect(phone.get_by_role("link", name="Start a group")).to_have_count(0)
        # The unlisted group is not there, not even by name.
        await expect(phone.get_by_role("link", name="Foster families circle")).to_have_count(0)
        await phone.get_by_label("Search").fill("Foster")
        await expect(phone.get_by_text("No group matches what you are looking for.")).to_be_visible()
        await phone.get_by_role("link", name="My groups").click()
        await expect(phone.get_by_role("link", name="Dads' Saturday breakfast club")).to_be_visible()
        await look(phone, axe, "groups, mine")
        await phone.goto(f"/groups/{secret}")
        await expect(phone.get_by_text(re.compile("We could not find this group"))).to_be_visible()
        await phone.goto("/groups/new")
        await expect(phone).to_have_url(re.compile(r"/$"))
        # Members see who belongs, but not who asks.
        await phone.goto(f"/groups/{group}/members?tab=asking")
        await expect(phone.get_by_role("listitem").filter(has_text="Carmen R.")).to_contain_text("Leader")
        await expect(phone.get_by_role("link", name="Asking")).to_have_count(0)
        await look(phone, axe, "group-members, as a member")

    # Carmen invites Luis from the community's directory, then leaves: as the only leader, she first
    # names who takes over.
    await f.member(school, "Luis M.")
    await page.goto(f"/groups/{group}/members")
    await page.get_by_label("Search the community by name").fill("Luis")
    await page.get_by_role("button", name="Invite Luis M.").click()
    await expect(page.get_by_role("status").filter(has_text="Luis M. is invited. They are told.")).to_be_visible()
    await page.get_by_role("link", name="Invited").click()
    invited = page.get_by_role("list", name="Invited")
    await expect(invited.get_by_role("listitem").filter(has_text="Luis M.")).to_contain_text("Invited")
    await look(page, axe, "group-members, invited")
    await page.goto(f"/groups/{group}")
    await page.get_by_role("button", name="Leave the group").click()
    await page.get_by_label(re.compile("^Who leads the group after you")).select_option(label="Ana R.")
    await look(page, axe, "group, leaving as the only leader")
    await page.get_by_role("button", name="Hand over and leave").click()
    await expect(page).to_have_url(re.compile(r"/groups\?tab=mine$"))
    await expect(page.get_by_role("link", name="Dads' Saturday breakfast club")).to_have_count(0)
    leaders = (await f.ok("query($id: ID!) { group(id: $id) { leaders { displayName } } }", {"id": group}, ana))[
        "group"
    ]
    assert leaders == {"leaders": [{"displayName": "Ana R."}]}


async def test_a_leader_reviews_what_members_reported_and_hides_it(page: Page, f, axe) -> None:
    school = await f.community("Lincoln Elementary")
    carmen = await f.member(school, "Carmen R.", role="LEADER")
    ana = await f.member(school, "Ana R.")
    luis = await f.member(school, "Luis M.")
    group = await a_group(f, carmen, school, "Dads' Saturday breakfast", languages=["en"], mode="IN_PERSON")
    for who in (ana, luis):
        await f.ok(JOIN, {"i": {"groupId": group}}, who)
    sale = await f.ok(POST, {"i": {"groupId": group, "body": "Selling my old car, DM me!"}}, luis)
    post_id = sale["createPost"]["post"]["id"]
    reported = await f.ok(REPORT, {"i": {"communityId": school.id, "subjectId": post_id, "reason": "SPAM"}}, ana)
    assert reported["report"]["errors"] == []

    # Carmen sees there is one report, and what it is about: why and what, never who reported it.
    await sign_in(page, carmen, f"/groups/{group}")
    await page.get_by_role("link", name="Reports (1)").click()
    await expect(page.get_by_role("heading", level=1, name="Reports")).to_be_visible()
    await expect(page.get_by_text(re.compile("never who reported it"))).to_be_visible()
    report = page.get_by_role("list", name="Open reports").get_by_role("listitem")
    await expect(report).to_have_count(1)
    await expect(report.get_by_role("heading", name="Spam")).to_be_visible()
    await expect(report).to_contain_text("A post by Luis M.")
    await expect(report.get_by_role("blockquote")).to_have_text("Selling my old car, DM me!")
    await expect(report).not_to_contain_text("Ana R.")
    await look(page, axe, "group-reports")

    # She hides it from there, saying why; it shows hidden, and so does the post in the group.
    await report.get_by_role("button", name="Hide it: Spam, about Luis M.").click()
    await report.get_by_label(re.compile("^Why are you hiding it")).fill("Please keep sales out of the group.")
    await look(page, axe, "group-reports, hiding")
    await report.get_by_role("button", name="Hide it", exact=True).click()
    await expect(page.get_by_role("status").filter(has_text="Hidden. Its author can see why.")).to_be_visible()
    await expect(report.get_by_text("Hidden", exact=True)).to_be_visible()
    await expect(report.get_by_role("button")).to_have_count(0)
    await report.get_by_role("link", name=re.compile("^Open the post")).click()
    await expect(page).to_have_url(re.compile(rf"/groups/{group}#post-"))
    await expect(post_of(page, "Luis M.")).to_contain_text("Hidden by a leader: Please keep sales out of the group.")
