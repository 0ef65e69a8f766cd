// Groups: where a person stands and what they can do about it (join, ask with an answer, accept an
// invitation), leaving as the only leader, the composer (offline, one clientId per post whatever the
// retries), and the post menus (leaders' tools only for leaders).
import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import type { ComponentChildren } from "preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTransport } from "../../api/client";
import type { GroupsGroupQuery, GroupsPostFieldsFragment } from "../../gql/graphql";
import { setLang } from "../../i18n";
import { flushQueue, queued, resetQueue } from "../../offline/queue";
import { me } from "../../state/me";
import { chooseCommunity, signIn, signOutLocally } from "../../state/session";
import { screenFor } from "../notify";
import { routeFor } from "../registry";
import { organiseCards } from "../organise/cards";
import { PostComposer } from "./compose";
import { menuActions, PostCard } from "./feed";
import { JoinPanel, Leave, mustHandOver } from "./group";
import { Hearing } from "./hearing";
import Discover from "./discover";
import GroupForm, { emptyDraft, inputOf } from "./group-form";
import { gradeName, joinStep, snippet, standingIn } from "./parts";

const ME = "Q2FyZWdpdmVyOm1l";
const GROUP = "R3JvdXA6MQ";
const COMMUNITY = "Q29tbXVuaXR5OjE";
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
type Sent = { operationName: string; variables: Record<string, any> };
let sent: Sent[] = [];
let answers: Record<string, (v: Record<string, any>) => unknown> = {};
let online = true;

function serve() {
  setTransport(async (body) => {
    const op = JSON.parse(body) as Sent;
    sent.push(op);
    const answer = answers[op.operationName];
    if (!answer) throw new TypeError("Failed to fetch");
    const out = answer(op.variables) as Record<string, unknown>;
    // A top-level `errors` is a GraphQL error (a bug on the server); anything else is the data.
    return json("errors" in out ? out : { data: out });
  });
}
const ops = (name: string) => sent.filter((s) => s.operationName === name);

type Group = GroupsGroupQuery["group"];
const group = (over: Partial<Group> = {}): Group => ({
  id: GROUP,
  name: "Grade 3 Spanish-speaking families",
  purpose: "Homework help and playdates.",
  languages: ["es", "en"],
  gradeBand: "3",
  mode: "BOTH",
  visibility: "OPEN",
  hidden: false,
  memberCount: 3,
  viewerMembership: null,
  joinQuestion: "",
  communityId: COMMUNITY,
  createdAt: new Date().toISOString(),
  leaders: [{ id: "Q2FyZWdpdmVyOmxlYWQ", displayName: "Carmen R." }],
  ...over,
});
const membership = (role: "LEADER" | "MEMBER", state: "MEMBER" | "REQUESTED" | "INVITED" = "MEMBER") => ({ id: "R3JvdXBNZW1iZXJzaGlwOjE", role, state, notify: "INSTANT" as const });

const post = (over: Partial<GroupsPostFieldsFragment> = {}): GroupsPostFieldsFragment => ({
  id: "UG9zdDox",
  body: "Who is going to the book fair?",
  link: null,
  createdAt: new Date().toISOString(),
  pinned: false,
  hidden: false,
  hiddenReason: null,
  groupId: GROUP,
  viewerIsAuthor: false,
  commentCount: 0,
  author: { id: "Q2FyZWdpdmVyOmFuYQ", displayName: "Ana" },
  latestComments: [],
  ...over,
});

function at(children: ComponentChildren) {
  return render(<LocationProvider>{children}</LocationProvider>);
}

beforeEach(async () => {
  signIn("tok", ME);
  await resetQueue();
  sent = [];
  answers = {};
  online = true;
  Object.defineProperty(navigator, "onLine", { configurable: true, get: () => online });
  serve();
});
afterEach(async () => {
  cleanup();
  me.value = null;
  history.replaceState(null, "", "/");
  await resetQueue();
  signOutLocally();
  setLang("en");
  setTransport(async () => new Response("{}"));
});

describe("where I stand in a group", () => {
  it("gives the next step from the join rule and my membership", () => {
    expect(joinStep("OPEN", null)).toBe("join");
    expect(joinStep("REQUEST", null)).toBe("ask");
    expect(joinStep("INVITE", null)).toBe("inviteOnly");
    expect(joinStep("INVITE", membership("MEMBER", "INVITED"))).toBe("accept");
    expect(joinStep("REQUEST", membership("MEMBER", "REQUESTED"))).toBe("waiting");
    expect(joinStep("REQUEST", membership("LEADER"))).toBe("in");
    expect(standingIn(membership("LEADER"))).toBe("leader");
    expect(standingIn(membership("MEMBER"))).toBe("member");
  });

  it("joins an open group at once", async () => {
    answers.GroupsJoin = () => ({ joinGroup: { membership: { id: "m", role: "MEMBER", state: "MEMBER" }, errors: [] } });
    const { getByRole } = render(<JoinPanel group={group()} />);
    fireEvent.click(getByRole("button", { name: "Join the group" }));
    await waitFor(() => expect(ops("GroupsJoin")).toHaveLength(1));
    expect(ops("GroupsJoin")[0].variables).toEqual({ input: { groupId: GROUP, answer: null } });
  });

  it("asks to join with the answer to the group's question, and shows a refusal at it", async () => {
    answers.GroupsJoin = () => ({ joinGroup: { membership: null, errors: [{ field: ["input", "answer"], message: "Answer the group's question so its leaders know who is asking.", code: "REQUIRED", retryAfter: null }] } });
    const { getByRole, getByLabelText, findByText } = render(<JoinPanel group={group({ visibility: "REQUEST", joinQuestion: "Which class is your child in?" })} />);
    fireEvent.click(getByRole("button", { name: "Ask to join" }));
    await findByText("Answer the group's question so its leaders know who is asking.");
    expect(getByLabelText(/Which class is your child in\?/).getAttribute("aria-invalid")).toBe("true");
    answers.GroupsJoin = () => ({ joinGroup: { membership: { id: "m", role: "MEMBER", state: "REQUESTED" }, errors: [] } });
    fireEvent.input(getByLabelText(/Which class is your child in\?/), { target: { value: " Ms. López, 3B " } });
    fireEvent.click(getByRole("button", { name: "Ask to join" }));
    await waitFor(() => expect(ops("GroupsJoin")).toHaveLength(2));
    expect(ops("GroupsJoin")[1].variables.input).toEqual({ groupId: GROUP, answer: "Ms. López, 3B" });
  });

  it("accepts an invitation; waits after asking; says when only an invitation lets one in", () => {
    const invited = render(<JoinPanel group={group({ visibility: "INVITE", viewerMembership: membership("MEMBER", "INVITED") })} />);
    expect(invited.getByRole("button", { name: "Accept the invitation" })).toBeTruthy();
    invited.unmount();
    const asked = render(<JoinPanel group={group({ visibility: "REQUEST", viewerMembership: membership("MEMBER", "REQUESTED") })} />);
    expect(asked.container.textContent).toContain("You asked to join. A leader will answer soon");
    expect(asked.queryByRole("button")).toBeNull();
    asked.unmount();
    const closed = render(<JoinPanel group={group({ visibility: "INVITE" })} />);
    expect(closed.container.textContent).toContain("by invitation only");
    expect(closed.queryByRole("button")).toBeNull();
  });
});

describe("leaving", () => {
  const members = {
    GroupsMembers: () => ({
      group: {
        id: GROUP,
        members: {
          edges: [
            { node: { id: "a", role: "LEADER", state: "MEMBER", since: new Date().toISOString(), joinAnswer: null, caregiver: { id: ME, displayName: "Carmen R." } } },
            { node: { id: "b", role: "MEMBER", state: "MEMBER", since: new Date().toISOString(), joinAnswer: null, caregiver: { id: "Q2FyZWdpdmVyOmFuYQ", displayName: "Ana" } } },
          ],
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      },
    }),
  };

  it("the only leader names who takes over before leaving", async () => {
    Object.assign(answers, members, { GroupsLeave: () => ({ leaveGroup: { groupId: GROUP, errors: [] } }) });
    const g = group({ viewerMembership: membership("LEADER"), leaders: [{ id: ME, displayName: "Carmen R." }] });
    expect(mustHandOver(g)).toBe(true);
    expect(mustHandOver({ ...g, memberCount: 1 })).toBe(false);
    let left = false;
    const { getByRole, findByLabelText } = at(<Leave group={g} onLeft={() => (left = true)} />);
    fireEvent.click(getByRole("button", { name: "Leave the group" }));
    const picker = (await findByLabelText(/Who leads the group after you/)) as HTMLSelectElement;
    // Only the other members are offered, and leaving waits for a choice.
    expect([...picker.options].map((o) => o.textContent)).toEqual(["Choose a member…", "Ana"]);
    expect((getByRole("button", { name: "Hand over and leave" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(picker, { target: { value: "Q2FyZWdpdmVyOmFuYQ" } });
    fireEvent.click(getByRole("button", { name: "Hand over and leave" }));
    await waitFor(() => expect(left).toBe(true));
    expect(ops("GroupsLeave")[0].variables.input).toEqual({ groupId: GROUP, handOverTo: "Q2FyZWdpdmVyOmFuYQ" });
  });

  it("shows the server's LAST_LEADER refusal in words, with the picker", async () => {
    setLang("es");
    Object.assign(answers, members, {
      GroupsLeave: () => ({ leaveGroup: { groupId: null, errors: [{ field: ["input", "handOverTo"], message: "You are this group's only leader: choose a member to lead it before you leave.", code: "LAST_LEADER", retryAfter: null }] } }),
    });
    // The page thought another leader was left (a stale copy): the server says otherwise.
    const g = group({ viewerMembership: membership("LEADER"), leaders: [{ id: ME, displayName: "Carmen R." }, { id: "x", displayName: "Luis" }] });
    const { getByRole, findByText, findByLabelText } = at(<Leave group={g} onLeft={() => undefined} />);
    fireEvent.click(getByRole("button", { name: "Salir del grupo" }));
    fireEvent.click(getByRole("button", { name: "Sí, salir" }));
    await findByText("Eres el único líder de este grupo: elige a un miembro para que lo dirija antes de salir.");
    expect(((await findByLabelText(/Quién dirige el grupo/)) as HTMLSelectElement).getAttribute("aria-invalid")).toBe("true");
  });
});

describe("posting", () => {
  const okPost = () => ({ createPost: { post: { id: "UG9zdDoy" }, errors: [] } });

  it("keeps one clientId for a post through a failed try, and makes a new one for the next post", async () => {
    answers.QueuedCreatePost = () => ({ errors: [{ message: "boom", extensions: { code: "INTERNAL" } }] });
    const { getByRole, getByLabelText, findByText } = render(<PostComposer groupId={GROUP} groupName="Grade 3" />);
    fireEvent.input(getByLabelText(/Your post/), { target: { value: "Book fair on Friday!" } });
    fireEvent.input(getByLabelText(/A link/), { target: { value: "https://example.org/fair" } });
    fireEvent.click(getByRole("button", { name: "Post" }));
    await findByText(/Something went wrong/);
    answers.QueuedCreatePost = okPost;
    fireEvent.click(getByRole("button", { name: "Post" }));
    await findByText("Posted.");
    const [first, second] = ops("QueuedCreatePost").map((s) => s.variables.input);
    expect(second).toEqual({ groupId: GROUP, body: "Book fair on Friday!", link: "https://example.org/fair", clientId: first.clientId });
    expect(first.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect((getByLabelText(/Your post/) as HTMLTextAreaElement).value).toBe("");
    fireEvent.input(getByLabelText(/Your post/), { target: { value: "And bring a bag." } });
    fireEvent.click(getByRole("button", { name: "Post" }));
    await waitFor(() => expect(ops("QueuedCreatePost")).toHaveLength(3));
    expect(ops("QueuedCreatePost")[2].variables.input.clientId).not.toBe(first.clientId);
  });

  it("queues a post offline, and the queue sends it with the same clientId however often it retries", async () => {
    online = false;
    const { getByRole, getByLabelText, findByText } = render(<PostComposer groupId={GROUP} groupName="Grade 3" />);
    fireEvent.input(getByLabelText(/Your post/), { target: { value: "Carpool to the fair?" } });
    fireEvent.click(getByRole("button", { name: "Post" }));
    await findByText("Your post is saved and will be sent when you are back online.");
    expect(queued.value.map((q) => [q.kind, q.label, q.status])).toEqual([["createPost", "Grade 3", "pending"]]);
    const clientId = (queued.value[0].input as { clientId: string }).clientId;
    expect(clientId).toBeTruthy();
    online = true;
    expect(await flushQueue()).toBe(0); // the network is still down: kept
    answers.QueuedCreatePost = okPost;
    expect(await flushQueue()).toBe(1);
    expect(ops("QueuedCreatePost").map((s) => s.variables.input.clientId)).toEqual([clientId, clientId]);
    expect(queued.value).toEqual([]);
  });

  it("comments through the queue too, with a clientId", async () => {
    online = false;
    const { getByRole, getByLabelText, findByText } = render(<PostCard post={post()} ctx={{ communityId: COMMUNITY, groupName: "Grade 3", leader: false }} />);
    fireEvent.input(getByLabelText("Write a comment"), { target: { value: "Me!" } });
    fireEvent.click(getByRole("button", { name: "Comment" }));
    await findByText("Your comment is saved and will be sent when you are back online.");
    expect(queued.value[0].kind).toBe("comment");
    expect(queued.value[0].input).toMatchObject({ postId: "UG9zdDox", body: "Me!" });
    expect((queued.value[0].input as { clientId: string }).clientId).toBeTruthy();
  });
});

describe("the post menu", () => {
  const ctx = (leader: boolean) => ({ communityId: COMMUNITY, groupName: "Grade 3", leader });

  it("offers leaders' tools only to leaders, and no report of one's own writing", () => {
    expect(menuActions({ viewerIsAuthor: false, hidden: false }, false, "post")).toEqual(["report"]);
    expect(menuActions({ viewerIsAuthor: false, hidden: false }, true, "post")).toEqual(["report", "pin", "hide"]);
    expect(menuActions({ viewerIsAuthor: true, hidden: false }, true, "comment")).toEqual(["hide"]);
    expect(menuActions({ viewerIsAuthor: true, hidden: false }, false, "post")).toEqual([]);
    expect(menuActions({ viewerIsAuthor: false, hidden: true }, true, "post")).toEqual(["report"]);
  });

  it("a member reports a post to the staff; a leader pins it", async () => {
    answers.GroupsReport = () => ({ report: { reportId: "r", errors: [] } });
    const member = render(<PostCard post={post()} ctx={ctx(false)} />);
    fireEvent.click(member.getByRole("button", { name: "Options for Ana's post" }));
    expect(member.queryByRole("button", { name: "Pin to the top" })).toBeNull();
    expect(member.queryByRole("button", { name: "Hide" })).toBeNull();
    fireEvent.click(member.getByRole("button", { name: "Report to the school" }));
    fireEvent.change(member.getByLabelText("What is wrong?"), { target: { value: "SPAM" } });
    fireEvent.input(member.getByLabelText("Details (optional)"), { target: { value: "Selling things" } });
    fireEvent.click(member.getByRole("button", { name: "Send report" }));
    await member.findByText("Thank you. The school's staff will look at it.");
    expect(ops("GroupsReport")[0].variables.input).toEqual({ communityId: COMMUNITY, subjectId: "UG9zdDox", reason: "SPAM", details: "Selling things" });
    member.unmount();

    answers.GroupsPin = () => ({ pinPost: { post: { id: "UG9zdDox", pinned: true }, errors: [] } });
    const leader = render(<PostCard post={post()} ctx={ctx(true)} />);
    fireEvent.click(leader.getByRole("button", { name: "Options for Ana's post" }));
    fireEvent.click(leader.getByRole("button", { name: "Pin to the top" }));
    await waitFor(() => expect(ops("GroupsPin")).toHaveLength(1));
    expect(ops("GroupsPin")[0].variables.input).toEqual({ postId: "UG9zdDox", pinned: true });
  });

  it("shows a hidden post's reason to whoever sees it, and its author as a former member when gone", () => {
    const { container } = render(<PostCard post={post({ hidden: true, hiddenReason: "Off topic", author: null, viewerIsAuthor: false })} ctx={ctx(true)} />);
    expect(container.textContent).toContain("Hidden by a leader: Off topic");
    expect(container.textContent).toContain("A former member");
    expect(container.querySelector("textarea")).toBeNull(); // a hidden post takes no comments
  });
});

describe("the rest", () => {
  it("routes notifications: a group's to the group, a post's through its group", () => {
    const gid = (type: string) => btoa(`${type}:6f1c1f7e-5a7c-4c36-9d0a-3d2f3e9b1a20`).replace(/=+$/, "");
    expect(screenFor(gid("Group"), "n1")).toBe(`/groups/${gid("Group")}?n=n1`);
    expect(screenFor(gid("Post"), "n1")).toBe(`/groups/post/${gid("Post")}?n=n1`);
    expect(screenFor("garbled", "n1", "group_comment")).toBe("/groups/post/garbled?n=n1");
    expect(routeFor("/groups/new")?.access).toBe("organiser");
    expect(routeFor("/groups/post/UG9zdDox")?.path).toBe("/groups/post/:postId");
    expect(organiseCards().map((c) => c.href)).toContain("/groups/new");
  });

  it("words grades and cuts long purposes at a word", () => {
    expect(gradeName("3-5")).toBe("Grades 3–5");
    expect(gradeName("K")).toBe("Kindergarten");
    expect(snippet("word ".repeat(60), 20)).toBe("word word word word…");
    expect(inputOf({ ...emptyDraft(), name: " Dads ", joinQuestion: "Why?", visibility: "OPEN" })).toMatchObject({ name: "Dads", joinQuestion: "" });
  });
});

describe("screens", () => {
  function as(role: "CAREGIVER" | "LEADER") {
    chooseCommunity(COMMUNITY);
    me.value = { viewer: null, myMemberships: [{ id: "TWVtYmVyOjE", role, state: "VERIFIED", communityId: COMMUNITY }] } as unknown as typeof me.value;
    answers.GroupsCommunityLanguages = () => ({ community: { id: COMMUNITY, languages: ["en", "es", "vi"] } });
  }

  it("lists groups with where I stand; only organisers are offered to start one", async () => {
    as("CAREGIVER");
    const card = (name: string, viewerMembership: ReturnType<typeof membership> | null, extra: Partial<Group> = {}) => ({ node: { ...group({ name, viewerMembership, ...extra }), id: btoa(`Group:${name}`) } });
    answers.GroupsList = (v) => ({
      groups: {
        edges: v.filter.mine ? [card("Dads", membership("MEMBER"))] : [card("Dads", membership("MEMBER")), card("Grade 3", membership("MEMBER", "REQUESTED")), card("Kinder", membership("MEMBER", "INVITED"), { visibility: "INVITE", gradeBand: "K", memberCount: 1 })],
        pageInfo: { hasNextPage: false, endCursor: null },
      },
    });
    const { findByRole, queryByRole, getByRole } = at(<Discover />);
    const list = await findByRole("list", { name: "Groups" });
    expect([...list.querySelectorAll("li")].map((li) => li.querySelector(".status")?.textContent)).toEqual(["Member", "Asked to join", "Invited"]);
    expect(list.textContent).toContain("Spanish, English · Kindergarten · In person and online · 1 member");
    expect(queryByRole("link", { name: "Start a group" })).toBeNull();
    // Filters go to the server as the API's filter.
    fireEvent.change(getByRole("combobox", { name: "Grade" }), { target: { value: "3-5" } });
    await waitFor(() => expect(ops("GroupsList").at(-1)?.variables.filter).toEqual({ search: null, language: null, gradeBand: "3-5", mode: null }));
  });

  it("starts a group: the join question only for groups one asks to join, and errors at their fields", async () => {
    as("LEADER");
    answers.GroupsCreate = () => ({ createGroup: { group: null, errors: [{ field: ["input", "name"], message: "The group's name must be at least 3 characters.", code: "TOO_SHORT", retryAfter: null }] } });
    const { getByLabelText, getByRole, queryByLabelText, findByText } = at(<GroupForm />);
    fireEvent.input(getByLabelText(/^Name/), { target: { value: "D" } });
    expect(queryByLabelText(/A question for families/)).toBeNull();
    fireEvent.change(getByLabelText("Who can join"), { target: { value: "REQUEST" } });
    fireEvent.input(getByLabelText(/A question for families/), { target: { value: "Which class?" } });
    fireEvent.click(await findByText("Vietnamese"));
    fireEvent.click(getByRole("button", { name: "Start the group" }));
    await findByText("The group's name must be at least 3 characters.");
    expect(getByLabelText(/^Name/).getAttribute("aria-invalid")).toBe("true");
    expect(ops("GroupsCreate")[0].variables.input).toEqual({ communityId: COMMUNITY, name: "D", purpose: "", languages: ["vi"], gradeBand: null, mode: "BOTH", visibility: "REQUEST", hidden: false, joinQuestion: "Which class?" });
  });
});

describe("how a member hears of a group", () => {
  it("saves the choice, and puts the old one back when the server refuses", async () => {
    answers.GroupsSetNotify = (v) => ({ setGroupNotifications: { membership: { id: "m", notify: v.input.notify }, errors: [] } });
    const { getByLabelText, findByText } = render(<Hearing groupId={GROUP} notify="INSTANT" />);
    const select = getByLabelText(/How you hear of new posts/) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: "DAILY" } });
    await findByText("Saved.");
    expect(ops("GroupsSetNotify")[0].variables.input).toEqual({ groupId: GROUP, notify: "DAILY" });
    answers.GroupsSetNotify = () => ({ setGroupNotifications: { membership: null, errors: [{ field: null, message: "No", code: "NOT_GROUP_MEMBER", retryAfter: null }] } });
    fireEvent.change(select, { target: { value: "OFF" } });
    await findByText("That did not save. Try again.");
    expect(select.value).toBe("DAILY");
  });
});
