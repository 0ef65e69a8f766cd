import { act, cleanup, render, waitFor } from "@testing-library/preact";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// The shell's navigation badges listen on the live socket (messages' counts): no server here.
vi.mock("./api/live", () => ({ subscribe: () => () => undefined }));
import { App, redirectFor } from "./app";
import { setTransport } from "./api/client";
import { landing, routes } from "./features/registry";
import { t } from "./i18n";
import { me, meLoaded } from "./state/me";
import { signIn, signOutLocally } from "./state/session";

const MEMBER = { id: "TTox", role: "CAREGIVER" as const, state: "VERIFIED" as const, communityId: "Q29tbXVuaXR5OjE=" };

// Every screen loaded up front, so home would render at once if the shell let it.
beforeAll(async () => {
  await Promise.all(routes.map((r) => (r.component as { preload?: () => Promise<unknown> }).preload?.()));
});
beforeEach(() => {
  setTransport(async () => {
    throw new TypeError("Failed to fetch");
  });
});
afterEach(() => {
  cleanup();
  signOutLocally();
  me.value = null;
  meLoaded.value = false;
  history.replaceState(null, "", "/");
});

/** Everything the shell ever put on the page, even if it was gone a moment later. */
function recordAdded(): { html: () => string; stop: () => void } {
  const seen: string[] = [];
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const node of r.addedNodes) if (node instanceof Element) seen.push(node.outerHTML);
  });
  observer.observe(document.body, { childList: true, subtree: true });
  return { html: () => seen.join("\n"), stop: () => observer.disconnect() };
}

describe("the guard", () => {
  it("takes a signed-in person without a community to onboarding without ever showing home", async () => {
    signIn("tok", "Q2FyZWdpdmVyOjE=");
    history.replaceState(null, "", "/");
    const added = recordAdded();
    render(<App />);
    // Who they are arrives after the first paint, as it does from the network.
    await act(() => {
      me.value = { viewer: null, myMemberships: [] };
      meLoaded.value = true;
    });
    await waitFor(() => expect(location.pathname).toBe(landing("joining")));
    await waitFor(() => expect(document.querySelector("h1")?.textContent).toBe(t("onboarding.joinTitle")));
    added.stop();
    expect(added.html()).not.toContain("bottom-nav");
    expect(added.html()).not.toContain(t("home.greetingNoName"));
    expect(added.html()).not.toContain(t("home.offerStrength"));
  });

  it("shows home, with the navigation, to a member", async () => {
    signIn("tok", "Q2FyZWdpdmVyOjE=");
    me.value = { viewer: null, myMemberships: [MEMBER] };
    meLoaded.value = true;
    const { findByRole } = render(<App />);
    await findByRole("navigation", { name: t("common.mainNav") });
    expect(location.pathname).toBe("/");
    expect(redirectFor("/", "/")).toBeNull();
  });

  it("says where each person goes before anything is drawn", () => {
    expect(redirectFor("/", "/")).toBe(landing("guest"));
    expect(redirectFor("/needs/abc", "/needs/abc?x=1")).toBe(`${landing("guest")}?next=%2Fneeds%2Fabc%3Fx%3D1`);
    expect(redirectFor(landing("guest"), landing("guest"))).toBeNull();
    signIn("tok", "Q2FyZWdpdmVyOjE=");
    expect(redirectFor(landing("guest"), landing("guest"))).toBe("/");
    expect(redirectFor("/", "/")).toBeNull(); // not known yet: the shell waits rather than guess
    me.value = { viewer: null, myMemberships: [] };
    meLoaded.value = true;
    expect(redirectFor("/", "/")).toBe(landing("joining"));
    expect(redirectFor(landing("joining"), landing("joining"))).toBeNull();
  });
});
