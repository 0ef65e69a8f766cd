import { cleanup, render, waitFor } from "@testing-library/preact";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// The shell's navigation badges listen on the live socket (messages' counts): no server here.
vi.mock("../api/live", () => ({ subscribe: () => () => undefined }));
import { App } from "../app";
import { setTransport } from "../api/client";
import { catalogue, setLang, t } from "../i18n";
import { PendingActions } from "../offline/pending";
import { resetQueue, submitOrQueue } from "../offline/queue";
import { me, meLoaded } from "../state/me";
import { signIn, signOutLocally } from "../state/session";
import { notificationRoutesByFeature, screenFor } from "./notify";
import { accessOf, features, landing, navEntries, offlineAction, routeFor, routes } from "./registry";

// As the API builds them: base64url("Type:uuid") without padding.
const gid = (type: string) => btoa(`${type}:6f1c1f7e-5a7c-4c36-9d0a-3d2f3e9b1a20`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const NOTE = gid("Notification");
/** A path the route matches: each :parameter filled in. */
const sample = (path: string) => path.replace(/:\w+/g, "abc123");
const names = features.map((f) => f.name);

// Every screen loaded up front: a lazy one still loading when the tests end would fail the run.
beforeAll(async () => {
  await Promise.all(routes.map((r) => (r.component as { preload?: () => Promise<unknown> }).preload?.()));
});

let online = true;
beforeEach(async () => {
  Object.defineProperty(navigator, "onLine", { configurable: true, get: () => online });
  online = true;
  await resetQueue();
  // No server in these tests: every screen that asks gets a network failure unless a test answers.
  setTransport(async () => {
    throw new TypeError("Failed to fetch");
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

describe("routes come from the features", () => {
  it("serves every route a feature declares, at its own path, whatever order the features list them", () => {
    for (const { name, feature } of features) {
      for (const route of feature.routes ?? []) {
        expect(routes, `${name} ${route.path}`).toContain(route);
        expect(routeFor(sample(route.path)), `${name} ${route.path}`).toBe(route);
      }
    }
    expect(routes).toHaveLength(features.reduce((n, { feature }) => n + (feature.routes?.length ?? 0), 0));
    // A literal segment wins over a parameter: "/needs/new" is the form, not a need called "new".
    expect(routeFor("/needs/new")?.path).toBe("/needs/new");
    expect(routeFor("/needs/TmVlZDox")?.path).toBe("/needs/:id");
    expect(routeFor("/nowhere")).toBeUndefined();
  });

  it("has one landing for signed-out people and one for people without a community", () => {
    for (const access of ["guest", "joining"] as const) {
      const landings = routes.filter((r) => r.landing && r.access === access);
      expect(landings, access).toHaveLength(1);
      expect(landing(access)).toBe(landings[0].path);
    }
    expect(routes.filter((r) => r.landing && r.access !== "guest" && r.access !== "joining")).toEqual([]);
    expect(accessOf(landing("guest"))).toBe("guest");
    expect(accessOf("/nowhere")).toBe("member");
  });

  it("renders a feature's screen from the registry, and guards it by the access the feature gave it", async () => {
    history.replaceState(null, "", "/signup");
    const { findByRole } = render(<App />);
    expect(await findByRole("heading", { level: 1, name: "Create your account" })).toBeTruthy();
    cleanup();

    // Signed out, a member's screen sends to the guest landing, remembering where they were going.
    history.replaceState(null, "", "/needs/abc123");
    render(<App />);
    await waitFor(() => expect(location.pathname + location.search).toBe(`${landing("guest")}?next=%2Fneeds%2Fabc123`));
  });

  it("sends a signed-in person without a community to the joining landing, except from a joining screen", async () => {
    setTransport(async () => new Response(JSON.stringify({ errors: [{ message: "test", extensions: { code: "INTERNAL" } }] }), { status: 200 }));
    signIn("tok", "Q2FyZWdpdmVyOjE=");
    me.value = { viewer: null, myMemberships: [] };
    meLoaded.value = true;
    const joining = routes.find((r) => r.access === "joining" && !r.landing && !r.path.includes(":"))!;
    history.replaceState(null, "", joining.path);
    const { findByRole } = render(<App />);
    await findByRole("heading", { level: 1 }); // the screen is up, and the guard has had its say
    expect(location.pathname).toBe(joining.path);
    cleanup();

    history.replaceState(null, "", "/needs");
    render(<App />);
    await waitFor(() => expect(location.pathname).toBe(landing("joining")));
  });
});

describe("the bottom navigation comes from the features", () => {
  it("lists every feature's entries in their order, each leading to a screen", async () => {
    const answer = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
    setTransport(async (body) =>
      JSON.parse(body).operationName === "UnreadCount" ? answer({ data: { notifications: { unreadCount: 3 } } }) : answer({ errors: [{ message: "test", extensions: { code: "INTERNAL" } }] }),
    );
    signIn("tok", "Q2FyZWdpdmVyOjE=");
    me.value = { viewer: null, myMemberships: [{ id: "TTox", role: "CAREGIVER", state: "VERIFIED", communityId: "Q29tbXVuaXR5OjE=" }] };
    meLoaded.value = true;
    history.replaceState(null, "", "/");
    const { findByRole } = render(<App />);
    const nav = await findByRole("navigation", { name: "Main" });
    const declared = features.flatMap(({ feature }) => feature.nav ?? []);
    expect(navEntries).toHaveLength(declared.length);
    // A verified caregiver: every entry but those of roles they do not have (access.test.tsx).
    const theirs = navEntries.filter((e) => !e.access || e.access === "member" || e.access === "joining");
    const [top, bottom] = (["top", "bottom"] as const).map((p) => theirs.filter((e) => (e.placement ?? "bottom") === p).map((e) => e.href));
    expect([...nav.querySelectorAll("a")].map((a) => a.getAttribute("href"))).toEqual(bottom);
    // Entries placed on top are links in the top bar, outside the main navigation.
    expect([...document.querySelectorAll("header.topbar a.topbar-link")].map((a) => a.getAttribute("href"))).toEqual(top);
    expect(navEntries.map((e) => e.order)).toEqual([...navEntries.map((e) => e.order)].sort((a, b) => a - b));
    for (const entry of navEntries) expect(routeFor(entry.href), entry.href).toBeDefined();
    // A feature's badge hook feeds its entry (the unread count on Notifications).
    await waitFor(() => expect(nav.querySelector(".badge")?.getAttribute("aria-label")).toBe("3 unread"));
  });
});

describe("notification routes come from the features", () => {
  it("finds only listed features' notify.ts", () => {
    expect(Object.keys(notificationRoutesByFeature).length).toBeGreaterThan(0);
    for (const folder of Object.keys(notificationRoutesByFeature)) expect(names).toContain(folder);
  });

  it("maps every subject and every kind a feature declares to that feature's screen, with the notification named", () => {
    const subjects = new Set<string>();
    const kinds = new Set<string>();
    for (const [folder, routes] of Object.entries(notificationRoutesByFeature)) {
      for (const route of routes) {
        // A subject's first route is its default; a later one (staff's insights_ready, also about a
        // Community) opens its own screen for its own kinds.
        const first = !subjects.has(route.subject);
        subjects.add(route.subject);
        const subject = gid(route.subject);
        const url = `${route.screen(subject)}?n=${encodeURIComponent(NOTE)}`;
        if (first) expect(screenFor(subject, NOTE)).toBe(url);
        for (const kind of route.kinds) expect(screenFor(subject, NOTE, kind), kind).toBe(url);
        expect(routeFor(new URL(url, "https://village.test").pathname), `${route.subject} opens a screen of ours`).toBeDefined();
        expect(route.kinds.length, `${folder}: ${route.subject} has kinds`).toBeGreaterThan(0);
        for (const kind of route.kinds) {
          expect(kinds.has(kind), `${kind} is claimed twice`).toBe(false);
          kinds.add(kind);
          // When the subject's ID cannot be read, the kind still finds the screen.
          expect(screenFor("???", NOTE, kind), kind).toBe(`${route.screen("???")}?n=${encodeURIComponent(NOTE)}`);
        }
      }
    }
    expect(screenFor("???", NOTE, "no_such_kind")).toBe("/notifications");
  });
});

describe("offline actions come from the features", () => {
  it("looks each one up by its name, and no two features use the same name", () => {
    const declared = features.flatMap(({ feature }) => Object.entries(feature.offline ?? {}));
    expect(new Set(declared.map(([name]) => name)).size).toBe(declared.length);
    for (const [name, action] of declared) {
      expect(offlineAction(name), name).toBe(action);
      expect(t(action.pending, { label: "x" }), `${name}'s pending label is in the catalogue`).not.toBe(action.pending);
    }
    expect(offlineAction("noSuchAction")).toBeUndefined();
  });

  it("lists a waiting action in the words of the feature that declared it", async () => {
    signIn("tok", "Q2FyZWdpdmVyOjE=");
    online = false;
    const need = { communityId: "Q29tbXVuaXR5OjE=", category: "tutoring.math", title: "Math homework" };
    await submitOrQueue({ kind: "postNeed", input: need }, need.title);
    const { getByTestId } = render(<PendingActions />);
    expect(getByTestId("pending-actions").textContent).toContain("Ask for help: Math homework");
  });
});

describe("catalogues come from the features", () => {
  it("has each feature's strings under its name, in every language", () => {
    expect(names).not.toContain("common");
    expect(names).not.toContain("errors");
    for (const { name, feature } of features) {
      expect((catalogue("en") as unknown as Record<string, unknown>)[name]).toBe(feature.strings.en);
      expect((catalogue("es") as unknown as Record<string, unknown>)[name]).toBe(feature.strings.es);
    }
  });
});
