// Home's sections from other features: read from the registry in order, each under its heading with
// its own query; "News from my groups" (group, author, one line linking to the post, "New" when unread)
// and "Upcoming events", each with a helpful empty state; only verified members see them.
import { cleanup, render, waitFor } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTransport } from "../../api/client";
import { persisted } from "../../gql/persisted";
import { setLang } from "../../i18n";
import { me } from "../../state/me";
import { chooseCommunity, signIn, signOutLocally } from "../../state/session";
import UpcomingEvents from "../events/home-section";
import GroupNews from "../groups/home-news";
import Home, { FeatureSections } from "./home";
import { homeSections, type HomeSection } from "./sections";

const COMMUNITY = "Q29tbXVuaXR5OjE";
type Sent = { operationName: string; variables: Record<string, unknown> };
let sent: Sent[] = [];
let answers: Record<string, () => unknown> = {};

beforeEach(() => {
  sent = [];
  answers = {};
  signIn("tok", "Q2FyZWdpdmVyOjE");
  chooseCommunity(COMMUNITY);
  setTransport(async (body) => {
    const op = JSON.parse(body) as Sent;
    sent.push(op);
    const answer = answers[op.operationName];
    if (!answer) throw new TypeError("Failed to fetch"); // offline, nothing saved: the section's empty state
    return new Response(JSON.stringify({ data: answer() }), { status: 200, headers: { "Content-Type": "application/json" } });
  });
});
afterEach(() => {
  cleanup();
  signOutLocally();
  me.value = null;
  setLang("en");
  setTransport(async () => new Response("{}"));
});

const Nothing = () => null;
const section = (title: string, order: number): HomeSection => ({ title: title as HomeSection["title"], order, component: Nothing });

const news = (over: { unread?: boolean; body?: string; author?: string | null; postId?: string } = {}) => ({
  unread: over.unread ?? true,
  group: { id: "R3JvdXA6MQ", name: "Grade 3 families" },
  post: {
    id: over.postId ?? "UG9zdDox",
    body: over.body ?? "Who is going to the book fair?",
    createdAt: new Date().toISOString(),
    author: over.author === null ? null : { id: "Q2FyZWdpdmVyOmJlbg", displayName: over.author ?? "Ben" },
  },
});

describe("the registry", () => {
  it("collects every feature's sections, in order, whichever feature lists them first", () => {
    const list = [{ feature: { home: [section("b.late", 30), section("b.early", 5)] } }, { feature: {} }, { feature: { home: [section("a.middle", 10)] } }];
    expect(homeSections(list).map((s) => s.title)).toEqual(["b.early", "a.middle", "b.late"]);
    expect(homeSections([])).toEqual([]);
  });

  it("has the groups feature's news among the app's sections", () => {
    expect(homeSections().map((s) => s.title)).toContain("groups.homeNewsTitle");
  });

  it("shows each section under its heading, its body loaded on demand", async () => {
    answers.GroupsNews = () => ({ groupNews: [news()] });
    const { findByRole, getByRole } = render(<FeatureSections sections={homeSections().filter((s) => s.title === "groups.homeNewsTitle")} />);
    const heading = getByRole("heading", { level: 2, name: "News from my groups" });
    expect(heading.closest("section")?.getAttribute("aria-labelledby")).toBe(heading.id);
    expect(await findByRole("link", { name: "Who is going to the book fair?" })).toBeTruthy();
  });
});

describe("news from my groups", () => {
  it("names the group and the author, links one line of the post to it, and marks what is new", async () => {
    answers.GroupsNews = () => ({
      groupNews: [news({ body: "Who is going\n\nto the book fair?" }), news({ unread: false, postId: "UG9zdDoy", body: "Pancakes at 9", author: null })],
    });
    const { findAllByRole, getByRole } = render(<GroupNews />);
    const items = await findAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain("Grade 3 families");
    expect(items[0].textContent).toContain("Ben · now");
    expect(items[0].querySelector(".status.new")?.textContent).toBe("New");
    expect(items[0].querySelector("a")?.getAttribute("href")).toBe("/groups/post/UG9zdDox");
    expect(items[0].querySelector("a")?.textContent).toBe("Who is going to the book fair?");
    expect(items[1].querySelector(".status.new")).toBeNull();
    expect(items[1].textContent).toContain("A former member");
    expect(getByRole("link", { name: "See my groups" }).getAttribute("href")).toBe("/groups?tab=mine");
    expect(sent.find((s) => s.operationName === "GroupsNews")?.variables).toEqual({ first: 5 });
  });

  it("with nothing yet, points to finding a group", async () => {
    answers.GroupsNews = () => ({ groupNews: [] });
    const { findByText, getByRole } = render(<GroupNews />);
    await findByText("No news from your groups yet.");
    expect(getByRole("link", { name: "Find a group" }).getAttribute("href")).toBe("/groups");
  });

  it("speaks Spanish", async () => {
    setLang("es");
    answers.GroupsNews = () => ({ groupNews: [] });
    const { findByText, getByRole } = render(<GroupNews />);
    await findByText("Todavía no hay novedades de tus grupos.");
    expect(getByRole("link", { name: "Buscar un grupo" })).toBeTruthy();
  });
});

describe("upcoming events", () => {
  const date = (id: string, title: string, over: { cancelled?: boolean; placeName?: string | null } = {}) => ({
    date: "2030-03-05",
    startsAt: "2030-03-05T22:00:00Z",
    cancelled: over.cancelled ?? false,
    event: { id, title, placeName: over.placeName === undefined ? "School library" : over.placeName, timezone: "America/Chicago", cancelled: false },
  });

  it("lists the next dates my family is going to, in the event's time, linking to each", async () => {
    answers.EventsHome = () => ({ myEvents: [date("RXZlbnQ6MQ", "Book fair"), date("RXZlbnQ6Mg", "Picnic", { cancelled: true, placeName: null })] });
    const { findAllByRole, getByRole } = render(<UpcomingEvents />);
    const items = await findAllByRole("listitem");
    expect(getByRole("link", { name: "Book fair" }).getAttribute("href")).toBe("/events/RXZlbnQ6MQ");
    expect(items[0].textContent).toContain("Tue, Mar 5, 4:00 PM · School library");
    expect(items[0].textContent).not.toContain("Cancelled");
    expect(items[1].textContent).toContain("Cancelled");
    expect(getByRole("link", { name: "See my calendar" }).getAttribute("href")).toBe("/events");
  });

  it("with nothing planned, points to the events", async () => {
    answers.EventsHome = () => ({ myEvents: [] });
    const { findByText, getByRole } = render(<UpcomingEvents />);
    await findByText("No events on your calendar yet.");
    expect(getByRole("link", { name: "See events" }).getAttribute("href")).toBe("/events");
  });
});

describe("home", () => {
  const membership = (state: "VERIFIED" | "PENDING") => ({ viewer: null, myMemberships: [{ id: "TWVtYmVyOjE", role: "CAREGIVER", state, communityId: COMMUNITY }] }) as unknown as typeof me.value;

  it("shows verified members the features' sections, each with its own query, not the overview's", async () => {
    me.value = membership("VERIFIED");
    answers.GroupsNews = () => ({ groupNews: [] });
    const { findByText, getByRole } = render(
      <LocationProvider>
        <Home />
      </LocationProvider>,
    );
    expect(getByRole("heading", { level: 2, name: "News from my groups" })).toBeTruthy();
    await findByText("No news from your groups yet.");
    await waitFor(() => expect(sent.map((s) => s.operationName)).toEqual(expect.arrayContaining(["HomeOverview", "GroupsNews"])));
    // The overview's statement count is pinned on the server: sections never add to it.
    expect(persisted.HomeOverview.document).not.toMatch(/groupNews|myEvents/);
  });

  it("shows members still waiting to be verified no sections", () => {
    me.value = membership("PENDING");
    const { queryByRole } = render(
      <LocationProvider>
        <Home />
      </LocationProvider>,
    );
    expect(queryByRole("heading", { name: "News from my groups" })).toBeNull();
  });
});
