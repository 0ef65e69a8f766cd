// A family waiting for the school: once staff verify them, the app opens up as soon as they come
// back to it (or a notification arrives), without reloading.
import { cleanup, render, waitFor } from "@testing-library/preact";
import { afterEach, beforeAll, expect, it } from "vitest";
import { App } from "../../app";
import { refreshAll } from "../../api/hooks";
import { setTransport } from "../../api/client";
import type { MemberState } from "../../gql/graphql";
import { me, meLoaded, startMe } from "../../state/me";
import { signIn, signOutLocally } from "../../state/session";
import { routes } from "../registry";

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
let state: MemberState = "PENDING";
let meAsked = 0;

beforeAll(async () => {
  await Promise.all(routes.map((r) => (r.component as { preload?: () => Promise<unknown> }).preload?.()));
});
afterEach(() => {
  cleanup();
  signOutLocally();
  me.value = null;
  meLoaded.value = false;
  history.replaceState(null, "", "/");
});

it("shows the whole app once the school has verified them, when the app is back in view", async () => {
  setTransport(async (body) => {
    const op = JSON.parse(body).operationName;
    if (op === "Me") {
      meAsked++;
      return json({
        data: {
          viewer: null,
          myMemberships: [{ id: "TWVtYmVyOjE", role: "CAREGIVER", state, communityId: "Q29tbXVuaXR5OjE" }],
        },
      });
    }
    return json({ errors: [{ message: "test", extensions: { code: "INTERNAL" } }] });
  });
  signIn("tok", "Q2FyZWdpdmVyOjE");
  startMe();
  history.replaceState(null, "", "/");
  const { findByText, queryByText, findByRole, queryByRole } = render(<App />);
  expect(await findByText(/Your school will verify your membership soon/)).toBeTruthy();
  expect(queryByRole("link", { name: "Ask for help" })).toBeNull();

  // Verified by staff on another device; this one is in the background meanwhile.
  state = "VERIFIED";
  const before = meAsked;
  document.dispatchEvent(new Event("visibilitychange"));
  expect(await findByRole("link", { name: "Ask for help" })).toBeTruthy();
  expect(queryByText(/Your school will verify your membership soon/)).toBeNull();
  // Every screen asks again with the new rights (one more Me with them), and then it settles.
  await waitFor(() => expect(meAsked).toBe(before + 2));
  await new Promise((r) => setTimeout(r, 50));
  expect(meAsked).toBe(before + 2);

  // A notification arriving while the app is open (the service worker's message) does the same.
  state = "SUSPENDED";
  refreshAll();
  expect(await findByText(/suspended/i)).toBeTruthy();
});
