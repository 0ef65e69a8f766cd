// Role-aware access: which navigation entries and screens each role gets (caregiver, parent leader,
// staff, platform admin), and that everyone else is sent home without ever seeing the screen.
import { cleanup, render, waitFor } from "@testing-library/preact";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// The shell's navigation badges listen on the live socket (messages' counts): no server here.
vi.mock("../api/live", () => ({ subscribe: () => () => undefined }));
import { App } from "../app";
import { setTransport } from "../api/client";
import type { MemberRole, MemberState, MeQuery } from "../gql/graphql";
import { setLang } from "../i18n";
import { me, meLoaded } from "../state/me";
import { signIn, signOutLocally } from "../state/session";
import type { Access } from "./feature";
import { allows, landing, navEntries, navFor, needsCommunity, routes, type Standing } from "./registry";

const COMMUNITY = "Q29tbXVuaXR5OjE";
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

function person(role: MemberRole | null, { state = "VERIFIED" as MemberState, platformAdmin = false } = {}): MeQuery {
  return {
    viewer: {
      id: "Q2FyZWdpdmVyOjE",
      email: "a@example.org",
      displayName: "Alex",
      uiLanguage: "en",
      languages: ["en"],
      timezone: "America/Chicago",
      homeArea: null,
      strengthCircle: { strengths: [], passions: [], interests: [] },
      isPlatformAdmin: platformAdmin,
    },
    myMemberships: role ? [{ id: "TWVtYmVyOjE", role, state, communityId: COMMUNITY }] : [],
  };
}

const standing = (role: MemberRole | null, state: MemberState = "VERIFIED", platformAdmin = false): Standing => ({
  membership: role ? { role, state } : null,
  platformAdmin,
});

beforeAll(async () => {
  await Promise.all(routes.map((r) => (r.component as { preload?: () => Promise<unknown> }).preload?.()));
});
beforeEach(() => {
  // The school's screens get an answer (counts and an empty list); everything else a failure.
  setTransport(async (body) => {
    const op = JSON.parse(body).operationName as string;
    if (op === "StaffCounts") return json({ data: { community: { id: COMMUNITY, name: "Lincoln Elementary", pendingMemberCount: 2, openReportCount: 1 } } });
    if (op === "StaffMembers") return json({ data: { community: { id: COMMUNITY, members: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } } });
    if (op === "StaffInvites") return json({ data: { community: { id: COMMUNITY, name: "Lincoln Elementary", invites: [] } } });
    return json({ errors: [{ message: "test", extensions: { code: "INTERNAL" } }] });
  });
});
afterEach(() => {
  cleanup();
  signOutLocally();
  me.value = null;
  meLoaded.value = false;
  setLang("en");
  history.replaceState(null, "", "/");
});

function start(who: MeQuery, path: string) {
  signIn("tok", "Q2FyZWdpdmVyOjE");
  me.value = who;
  meLoaded.value = true;
  history.replaceState(null, "", path);
  return render(<App />);
}

describe("who may use what", () => {
  const cases: [string, Standing, Record<Exclude<Access, "guest">, boolean>][] = [
    ["caregiver", standing("CAREGIVER"), { member: true, joining: true, organiser: false, staff: false, "platform-admin": false }],
    ["parent leader", standing("LEADER"), { member: true, joining: true, organiser: true, staff: false, "platform-admin": false }],
    ["staff", standing("STAFF"), { member: true, joining: true, organiser: true, staff: true, "platform-admin": false }],
    ["community admin", standing("ADMIN"), { member: true, joining: true, organiser: true, staff: true, "platform-admin": false }],
    ["staff still waiting to be verified", standing("STAFF", "PENDING"), { member: true, joining: true, organiser: false, staff: false, "platform-admin": false }],
    ["suspended leader", standing("LEADER", "SUSPENDED"), { member: true, joining: true, organiser: false, staff: false, "platform-admin": false }],
    ["platform admin without a community", standing(null, "VERIFIED", true), { member: true, joining: true, organiser: false, staff: false, "platform-admin": true }],
    ["platform admin who is a caregiver here", standing("CAREGIVER", "VERIFIED", true), { member: true, joining: true, organiser: false, staff: false, "platform-admin": true }],
  ];
  for (const [who, s, expected] of cases) {
    it(`a ${who}`, () => {
      for (const [access, ok] of Object.entries(expected)) expect(allows(access as Access, s), `${who}: ${access}`).toBe(ok);
      expect(allows(undefined, s)).toBe(true);
    });
  }

  it("a platform admin's screens need no community; the roles' screens do", () => {
    expect(needsCommunity("platform-admin")).toBe(false);
    expect(needsCommunity("joining")).toBe(false);
    expect(needsCommunity("staff")).toBe(true);
    expect(needsCommunity("organiser")).toBe(true);
    expect(needsCommunity("member")).toBe(true);
  });

  it("the school's screens are for staff, invites for organisers", () => {
    const accessOf = (path: string) => routes.find((r) => r.path === path)?.access;
    for (const path of ["/staff", "/staff/members", "/staff/reports", "/staff/settings"]) expect(accessOf(path), path).toBe("staff");
    expect(accessOf("/invites")).toBe("organiser");
    expect(navEntries.find((e) => e.href === "/staff")?.access).toBe("staff");
  });
});

describe("the bottom navigation shows each role only what it may use", () => {
  const hrefs = (s: Standing) => navFor(s).map((e) => e.href);
  const bottom = navEntries.filter((e) => (e.placement ?? "bottom") === "bottom");
  it("by role", () => {
    const everyone = bottom.filter((e) => !e.access || e.access === "member").map((e) => e.href);
    expect(hrefs(standing("CAREGIVER"))).toEqual(everyone);
    expect(hrefs(standing("CAREGIVER"))).not.toContain("/staff");
    expect(hrefs(standing("LEADER"))).not.toContain("/staff");
    expect(hrefs(standing("LEADER"))).toEqual(bottom.filter((e) => e.access !== "staff" && e.access !== "platform-admin").map((e) => e.href));
    expect(hrefs(standing("STAFF"))).toContain("/staff");
    expect(hrefs(standing("STAFF", "PENDING"))).toEqual(everyone);
    expect(hrefs(standing("CAREGIVER", "VERIFIED", true))).toEqual(bottom.filter((e) => !e.access || e.access === "member" || e.access === "platform-admin").map((e) => e.href));
    // Settings sits in the top bar, for everyone signed in.
    expect(navFor(standing("STAFF"), "top").map((e) => e.href)).toEqual(["/settings"]);
  });

  it("never past five entries: staff reach Organise and Admin from the School hub, leaders Admin from Organise", () => {
    expect(hrefs(standing("LEADER"))).toContain("/organise");
    expect(hrefs(standing("LEADER", "VERIFIED", true))).not.toContain("/admin");
    expect(hrefs(standing("CAREGIVER", "VERIFIED", true))).toContain("/admin");
    for (const role of ["STAFF", "ADMIN"] as const) {
      const nav = hrefs(standing(role, "VERIFIED", true));
      expect(nav).toContain("/staff");
      expect(nav).not.toContain("/organise");
      expect(nav).not.toContain("/admin");
    }
    for (const role of ["CAREGIVER", "LEADER", "STAFF", "ADMIN"] as const) {
      expect(hrefs(standing(role, "VERIFIED", true)).length).toBeLessThanOrEqual(5);
    }
  });

  it("as the shell renders it, with the School entry's badge saying what waits", async () => {
    const { findByRole } = start(person("STAFF"), "/");
    const nav = await findByRole("navigation", { name: "Main" });
    const school = await waitFor(() => {
      const link = [...nav.querySelectorAll("a")].find((a) => a.getAttribute("href") === "/staff");
      expect(link).toBeTruthy();
      return link!;
    });
    expect(school.textContent).toContain("School");
    await waitFor(() => expect(school.querySelector(".badge")?.getAttribute("aria-label")).toBe("3 waiting for you"));
    cleanup();

    const caregiver = start(person("CAREGIVER"), "/");
    const theirs = await caregiver.findByRole("navigation", { name: "Main" });
    expect([...theirs.querySelectorAll("a")].map((a) => a.getAttribute("href"))).not.toContain("/staff");
  });
});

describe("the guard refuses screens of a role the person lacks", () => {
  it("sends a caregiver home from the school's screens, and never shows them", async () => {
    // Every heading that was ever on screen, from the first render on.
    const headings = new Set<string>();
    const watch = new MutationObserver(() => document.querySelectorAll("h1").forEach((h) => headings.add(h.textContent ?? "")));
    watch.observe(document.body, { childList: true, subtree: true, characterData: true });
    start(person("CAREGIVER"), "/staff/members");
    await waitFor(() => expect(location.pathname).toBe("/"));
    await waitFor(() => expect([...headings].some((h) => h.startsWith("Hello"))).toBe(true));
    watch.disconnect();
    expect([...headings]).not.toContain("Members");
    cleanup();
    start(person("CAREGIVER"), "/invites");
    await waitFor(() => expect(location.pathname).toBe("/"));
  });

  it("lets a parent leader make invites, but not into the staff's screens", async () => {
    const leader = start(person("LEADER"), "/invites");
    expect(await leader.findByRole("heading", { level: 1, name: "Invite codes" })).toBeTruthy();
    expect(location.pathname).toBe("/invites");
    cleanup();
    start(person("LEADER"), "/staff/reports");
    await waitFor(() => expect(location.pathname).toBe("/"));
  });

  it("opens the school's screens for staff", async () => {
    const staff = start(person("STAFF"), "/staff/members");
    expect(await staff.findByRole("heading", { level: 1, name: "Members" })).toBeTruthy();
    expect(location.pathname).toBe("/staff/members");
  });

  it("keeps staff waiting for verification out until they are verified", async () => {
    start(person("STAFF", { state: "PENDING" }), "/staff");
    await waitFor(() => expect(location.pathname).toBe("/"));
  });

  it("lets a platform admin without a community open their screens, not onboarding; sends them home from a school's", async () => {
    const adminRoutes = routes.filter((r) => r.access === "platform-admin" && !r.path.includes(":"));
    for (const route of adminRoutes) {
      start(person(null, { platformAdmin: true }), route.path);
      await new Promise((r) => setTimeout(r, 20));
      expect(location.pathname, route.path).toBe(route.path);
      cleanup();
    }
    // Without a community, a member's screen still leads to onboarding.
    start(person(null, { platformAdmin: true }), "/staff");
    await waitFor(() => expect(location.pathname).toBe(landing("joining")));
    cleanup();
    // A platform admin is not the staff of a community they only belong to as a caregiver.
    start(person("CAREGIVER", { platformAdmin: true }), "/staff/settings");
    await waitFor(() => expect(location.pathname).toBe("/"));
  });
});
