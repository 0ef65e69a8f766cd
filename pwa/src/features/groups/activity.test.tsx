// The live feed of a group's page: posts others make appear at the top and comments under their post
// while the page is open, once each — also my own post, which the feed reads again after I send it
// and the subscription reports too — and a screen reader hears "1 new post".
import { act, cleanup, render, waitFor } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setTransport } from "../../api/client";
import { refreshAll } from "../../api/hooks";
import type { Listener } from "../../api/live";
import type { GroupsActivitySubscription, GroupsCommentFieldsFragment, GroupsPostFieldsFragment } from "../../gql/graphql";
import { setLang } from "../../i18n";
import { signIn, signOutLocally } from "../../state/session";
import { addActivity, freshPosts, liveNews, newerComments, NO_LIVE, type Activity } from "./activity";
import { Feed } from "./feed";

// The live module is replaced: each subscription's listener is kept here, to play the server.
const listening: { variables: unknown; listener: Listener<GroupsActivitySubscription>; stopped: boolean }[] = [];
vi.mock("../../api/live", () => ({
  subscribe: (_doc: unknown, variables: unknown, listener: Listener<GroupsActivitySubscription>) => {
    const entry = { variables, listener, stopped: false };
    listening.push(entry);
    return () => {
      entry.stopped = true;
    };
  },
}));

const GROUP = "R3JvdXA6MQ";
const COMMUNITY = "Q29tbXVuaXR5OjE";
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

const comment = (id: string, postId: string, body: string, over: Partial<GroupsCommentFieldsFragment> = {}): GroupsCommentFieldsFragment => ({
  id,
  body,
  postId,
  createdAt: minutesAgo(0),
  hidden: false,
  hiddenReason: null,
  viewerIsAuthor: false,
  author: { id: "Q2FyZWdpdmVyOmJlbg", displayName: "Ben" },
  ...over,
});

const post = (id: string, body: string, over: Partial<GroupsPostFieldsFragment> = {}): GroupsPostFieldsFragment => ({
  id,
  body,
  link: null,
  createdAt: minutesAgo(0),
  pinned: false,
  hidden: false,
  hiddenReason: null,
  groupId: GROUP,
  viewerIsAuthor: false,
  commentCount: 0,
  author: { id: "Q2FyZWdpdmVyOmJlbg", displayName: "Ben" },
  latestComments: [],
  ...over,
});

const postEvent = (p: GroupsPostFieldsFragment): Activity => ({ kind: "POST", post: p, comment: null });
const commentEvent = (c: GroupsCommentFieldsFragment): Activity => ({ kind: "COMMENT", post: null, comment: c });

let posts: GroupsPostFieldsFragment[] = [];
let reads = 0;

beforeEach(() => {
  listening.length = 0;
  reads = 0;
  signIn("tok", "Q2FyZWdpdmVyOmFuYQ");
  posts = [post("UG9zdDox", "Welcome, families!", { author: { id: "Q2FyZWdpdmVyOmNhcm1lbg", displayName: "Carmen" }, createdAt: minutesAgo(60) })];
  setTransport(async (body) => {
    const op = JSON.parse(body) as { operationName: string };
    if (op.operationName !== "GroupsPosts") throw new TypeError("Failed to fetch");
    reads++;
    const data = { group: { id: GROUP, posts: { edges: posts.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } } } };
    return new Response(JSON.stringify({ data }), { status: 200, headers: { "Content-Type": "application/json" } });
  });
});
afterEach(() => {
  cleanup();
  signOutLocally();
  setLang("en");
  setTransport(async () => new Response("{}"));
});

function server(event: Activity) {
  act(() => {
    for (const l of listening.filter((l) => !l.stopped)) l.listener.next({ groupActivity: event });
  });
}

async function openFeed() {
  const screen = render(
    <LocationProvider>
      <Feed groupId={GROUP} ctx={{ communityId: COMMUNITY, groupName: "Grade 3", leader: false }} />
    </LocationProvider>,
  );
  await screen.findByText("Welcome, families!");
  await waitFor(() => expect(listening).toHaveLength(1));
  return screen;
}

/** The feed reads the group again (as after any post or comment sent from this device). */
async function readAgain() {
  const before = reads;
  act(() => refreshAll());
  await waitFor(() => expect(reads).toBe(before + 1));
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

const bodies = (root: Element) => [...root.querySelectorAll("article.post > p[style]")].map((p) => p.textContent);
const announced = (root: Element) => root.querySelector("[role=status].visually-hidden")?.textContent;

describe("merging live activity", () => {
  it("keeps each post and comment once, and counts only what others wrote", () => {
    const mine = post("UG9zdDoy", "Mine", { viewerIsAuthor: true });
    let live = addActivity(NO_LIVE, postEvent(post("UG9zdDoz", "Ben's")));
    live = addActivity(live, postEvent(mine));
    live = addActivity(live, postEvent(mine));
    live = addActivity(live, commentEvent(comment("Q29tbWVudDox", "UG9zdDoz", "Yes!")));
    live = addActivity(live, commentEvent(comment("Q29tbWVudDox", "UG9zdDoz", "Yes!")));
    live = addActivity(live, { kind: "RSVP", post: null, comment: null });
    expect(live.posts.map((p) => p.body)).toEqual(["Mine", "Ben's"]);
    expect(live.comments).toHaveLength(1);
    expect([live.newPosts, live.newComments]).toEqual([1, 1]);
    expect(liveNews(live)).toBe("1 new post, 1 new comment");
    expect(liveNews({ newPosts: 2, newComments: 0 })).toBe("2 new posts");
    expect(liveNews(NO_LIVE)).toBe("");
    setLang("es");
    expect(liveNews({ newPosts: 1, newComments: 3 })).toBe("1 publicación nueva, 3 comentarios nuevos");
  });

  it("shows a live post until the feed has read it, and a live comment after the post's newest", () => {
    const a = post("UG9zdDoy", "A");
    expect(freshPosts([a], [])).toEqual([a]);
    expect(freshPosts([a], [a])).toEqual([]);
    const old = comment("Q29tbWVudDox", "UG9zdDoy", "old", { createdAt: minutesAgo(10) });
    const shown = comment("Q29tbWVudDoy", "UG9zdDoy", "shown", { createdAt: minutesAgo(5) });
    const fresh = comment("Q29tbWVudDoz", "UG9zdDoy", "fresh");
    const elsewhere = comment("Q29tbWVudDo0", "UG9zdDo5", "elsewhere");
    expect(newerComments("UG9zdDoy", [shown], [old, shown, fresh, elsewhere])).toEqual([fresh]);
  });
});

describe("the group page's feed", () => {
  it("listens to the group while it is open, and stops when it closes", async () => {
    const screen = await openFeed();
    expect(listening[0].variables).toEqual({ groupId: GROUP });
    screen.unmount();
    expect(listening[0].stopped).toBe(true);
  });

  it("puts a new post at the top and a new comment under its post, once, and announces them", async () => {
    const screen = await openFeed();
    const root = screen.container;
    expect(announced(root)).toBe("");

    const bens = post("UG9zdDoy", "Who is going to the book fair?");
    server(postEvent(bens));
    expect(bodies(root)).toEqual(["Who is going to the book fair?", "Welcome, families!"]);
    expect(announced(root)).toBe("1 new post");
    expect(root.querySelector("[role=status].visually-hidden")?.getAttribute("role")).toBe("status");

    server(postEvent(bens)); // told twice: shown once
    expect(bodies(root)).toHaveLength(2);

    server(commentEvent(comment("Q29tbWVudDox", "UG9zdDox", "I can bring two kids.")));
    const welcome = screen.getByRole("article", { name: "Carmen" });
    expect(welcome.textContent).toContain("I can bring two kids.");
    expect(welcome.textContent).toContain("1 comment");
    expect(announced(root)).toBe("1 new post, 1 new comment");

    // The feed reads the group again (after someone's post or comment): still once each.
    posts = [{ ...bens }, { ...posts[0], commentCount: 1, latestComments: [comment("Q29tbWVudDox", "UG9zdDox", "I can bring two kids.")] }];
    await readAgain();
    expect(screen.getAllByText("I can bring two kids.")).toHaveLength(1);
    expect(bodies(root)).toEqual(["Who is going to the book fair?", "Welcome, families!"]);
    expect(screen.getByRole("article", { name: "Carmen" }).textContent).toContain("1 comment");
  });

  it("shows my own post once, whether the feed or the subscription has it first, without announcing it", async () => {
    const screen = await openFeed();
    const mine = post("UG9zdDoz", "Hola! Anyone for the park?", { viewerIsAuthor: true, author: { id: "Q2FyZWdpdmVyOmFuYQ", displayName: "Ana" } });
    // Sent: the feed reads the group again and has it …
    posts = [mine, ...posts];
    await readAgain();
    await screen.findByText("Hola! Anyone for the park?");
    // … and then the subscription reports it too.
    server(postEvent(mine));
    expect(screen.getAllByText("Hola! Anyone for the park?")).toHaveLength(1);
    expect(announced(screen.container)).toBe("");
  });

  it("shows new posts in a group that had none", async () => {
    posts = [];
    const screen = render(<Feed groupId={GROUP} ctx={{ communityId: COMMUNITY, groupName: "Grade 3", leader: false }} />);
    await screen.findByText("No posts yet. Say hello!");
    await waitFor(() => expect(listening).toHaveLength(1));
    server(postEvent(post("UG9zdDoy", "First!")));
    expect(screen.queryByText("No posts yet. Say hello!")).toBeNull();
    expect(screen.getByRole("list", { name: "Posts" }).textContent).toContain("First!");
  });
});
