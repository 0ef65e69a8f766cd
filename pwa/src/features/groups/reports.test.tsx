// A group's reports, for its leaders: what was reported and why (never who), each opening its post;
// hiding one asks for a reason first and then shows it hidden; an empty list says so; members are
// not shown the reports, nor is the API asked for them.
import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTransport } from "../../api/client";
import type { GroupsGroupQuery, GroupsReportsQuery } from "../../gql/graphql";
import { setLang } from "../../i18n";
import { signIn, signOutLocally } from "../../state/session";
import { routeFor } from "../registry";
import { groupReportsHref } from "./paths";
import GroupReports from "./reports";

const GROUP = "R3JvdXA6MQ";
const POST = "UG9zdDox";
const COMMENT = "Q29tbWVudDox";
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
type Sent = { operationName: string; variables: Record<string, any> };
let sent: Sent[] = [];
let answers: Record<string, (v: Record<string, any>) => unknown> = {};
const ops = (name: string) => sent.filter((s) => s.operationName === name);

type Report = GroupsReportsQuery["group"]["reports"][number];
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const spam = (over: Partial<Report> = {}): Report => ({
  id: "UmVwb3J0OjE",
  reason: "SPAM",
  createdAt: minutesAgo(5),
  contentId: POST,
  postId: POST,
  body: "Selling my old car, DM me!\nCheap, runs well.",
  hidden: false,
  author: { id: "Q2FyZWdpdmVyOmx1aXM", displayName: "Luis M." },
  ...over,
});
const rude: Report = { id: "UmVwb3J0OjI", reason: "HARASSMENT", createdAt: minutesAgo(60), contentId: COMMENT, postId: POST, body: "You again?", hidden: true, author: null };

function theGroup(role: "LEADER" | "MEMBER"): GroupsGroupQuery {
  return {
    group: {
      id: GROUP,
      name: "Dads' Saturday breakfast",
      purpose: "",
      languages: ["en"],
      gradeBand: null,
      mode: "IN_PERSON",
      visibility: "OPEN",
      hidden: false,
      memberCount: 3,
      joinQuestion: "",
      communityId: "Q29tbXVuaXR5OjE",
      createdAt: minutesAgo(600),
      leaders: [{ id: "Q2FyZWdpdmVyOm1l", displayName: "Carmen R." }],
      viewerMembership: { id: "R3JvdXBNZW1iZXJzaGlwOjE", role, state: "MEMBER", notify: "INSTANT" },
    },
  };
}

function reportsPage() {
  return render(
    <LocationProvider>
      <GroupReports id={GROUP} />
    </LocationProvider>,
  );
}

beforeEach(() => {
  signIn("tok", "Q2FyZWdpdmVyOm1l");
  sent = [];
  answers = {};
  setTransport(async (body) => {
    const op = JSON.parse(body) as Sent;
    sent.push(op);
    const answer = answers[op.operationName];
    if (!answer) throw new TypeError("Failed to fetch");
    return json({ data: answer(op.variables) });
  });
});
afterEach(() => {
  cleanup();
  signOutLocally();
  setLang("en");
  setTransport(async () => new Response("{}"));
});

describe("a group's reports", () => {
  it("has its own screen, reached from the group", () => {
    expect(routeFor(groupReportsHref(GROUP))?.path).toBe("/groups/:id/reports");
  });

  it("shows a leader what was reported and why, never who; a reason is needed to hide one, then it shows hidden", async () => {
    let hidden = false;
    answers.GroupsGroup = () => theGroup("LEADER");
    answers.GroupsReports = () => ({ group: { id: GROUP, reports: [spam({ hidden }), rude] } });
    answers.GroupsHide = () => {
      hidden = true;
      return { hideContent: { contentId: POST, errors: [] } };
    };
    const { findByRole, getByRole, getByLabelText, getByText, findByText, queryByRole } = reportsPage();
    const list = await findByRole("list", { name: "Open reports" });
    const [first, second] = [...list.querySelectorAll("li")];
    expect(getByText(/never who reported it/).textContent).toContain("The school's staff review every report too.");
    expect(first.querySelector("h3")?.textContent).toBe("Spam");
    expect(first.textContent).toContain("A post by Luis M. · 5 minutes ago");
    expect(first.querySelector("blockquote")?.textContent).toBe("Selling my old car, DM me! Cheap, runs well.");
    expect(first.querySelector(".status")).toBeNull();
    expect(getByRole("link", { name: "Open the post: Spam, about Luis M." }).getAttribute("href")).toBe(`/groups/post/${POST}`);
    // A comment's report opens its post; its author has left; a leader already hid it.
    expect(second.querySelector("h3")?.textContent).toBe("Harassment");
    expect(second.textContent).toContain("A comment by a former member · 1 hour ago");
    expect(second.querySelector(".status")?.textContent).toBe("Hidden");
    expect(second.querySelector("a")?.getAttribute("href")).toBe(`/groups/post/${POST}`);
    expect(second.querySelector("button")).toBeNull();

    fireEvent.click(getByRole("button", { name: "Hide it: Spam, about Luis M." }));
    const why = getByLabelText(/^Why are you hiding it/);
    expect(document.activeElement).toBe(why);
    fireEvent.click(getByRole("button", { name: "Hide it" }));
    await findByText("Write why you hide it: its author is told.");
    expect(why.getAttribute("aria-invalid")).toBe("true");
    expect(ops("GroupsHide")).toHaveLength(0);

    fireEvent.input(why, { target: { value: "  Please keep sales out of the group. " } });
    fireEvent.click(getByRole("button", { name: "Hide it" }));
    await findByText("Hidden. Its author can see why.");
    expect(ops("GroupsHide").map((o) => o.variables.input)).toEqual([{ contentId: POST, reason: "Please keep sales out of the group." }]);
    expect(first.querySelector(".status")?.textContent).toBe("Hidden");
    expect(queryByRole("button", { name: /^Hide it/ })).toBeNull();
    // The list is read again, and says the same.
    await waitFor(() => expect(ops("GroupsReports").length).toBeGreaterThan(1));
    expect(first.querySelector(".status")?.textContent).toBe("Hidden");
  });

  it("says so when nothing is reported, in Spanish too", async () => {
    answers.GroupsGroup = () => theGroup("LEADER");
    answers.GroupsReports = () => ({ group: { id: GROUP, reports: [] } });
    const { findByText } = reportsPage();
    await findByText("No reports about this group.");
    setLang("es");
    await findByText("No hay reportes sobre este grupo.");
  });

  it("shows members that reports are the leaders', without asking the API for them", async () => {
    answers.GroupsGroup = () => theGroup("MEMBER");
    const { findByText, queryByRole } = reportsPage();
    await findByText("Only the group's leaders see what was reported in it.");
    expect(queryByRole("list", { name: "Open reports" })).toBeNull();
    expect(ops("GroupsReports")).toHaveLength(0);
  });
});
