import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTransport } from "../../api/client";
import { setLang } from "../../i18n";
import { me } from "../../state/me";
import { session, signIn, signOutLocally } from "../../state/session";
import Admin, { timeZones } from "./admin";

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
type Sent = { operationName: string; variables: Record<string, unknown> };
let sent: Sent[] = [];
let created = false;

const LINCOLN = "Q29tbXVuaXR5OjE";
const NEW = "Q29tbXVuaXR5OjI";
const staffInvite = {
  id: "SW52aXRlOjE",
  code: "STAFF-7QK2",
  role: "STAFF",
  expiresAt: "2030-01-15T12:00:00+00:00",
  maxUses: 1,
  uses: 0,
  communityId: NEW,
  createdAt: "2030-01-01T12:00:00+00:00",
  revokedAt: null,
  active: true,
};

function server(createAnswer: () => unknown) {
  setTransport(async (body) => {
    const op = JSON.parse(body) as Sent;
    sent.push(op);
    switch (op.operationName) {
      case "AdminMemberships":
        return json({
          data: {
            myMemberships: [
              { id: "TWVtYmVyOjE", role: "ADMIN", state: "VERIFIED", communityId: LINCOLN },
              ...(created ? [{ id: "TWVtYmVyOjI", role: "ADMIN", state: "VERIFIED", communityId: NEW }] : []),
            ],
          },
        });
      case "AdminCommunity":
        return json({
          data: {
            community:
              op.variables.id === LINCOLN
                ? { id: LINCOLN, name: "Lincoln Elementary", timezone: "America/Chicago", languages: ["en", "es"], pendingMemberCount: 3 }
                : { id: NEW, name: "Roosevelt Middle", timezone: "America/Denver", languages: ["en"], pendingMemberCount: 0 },
          },
        });
      case "AdminCreateCommunity":
        return json(createAnswer());
      default:
        return json({ errors: [{ message: "not in this test", extensions: { code: "INTERNAL" } }] });
    }
  });
}

beforeEach(() => {
  sent = [];
  created = false;
  signIn("tok", "Q2FyZWdpdmVyOjE");
  me.value = null;
});
afterEach(() => {
  cleanup();
  signOutLocally();
  setLang("en");
  setTransport(async () => new Response("{}"));
});

describe("the admin screen", () => {
  it("offers every time zone the browser knows, starting at the browser's own", () => {
    const { zones, here } = timeZones();
    expect(here).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(zones).toContain(here);
    expect(zones).toContain("America/Chicago");
  });

  it("lists the admin's communities with their role and who waits for verification", async () => {
    server(() => ({}));
    const { findByRole, getByRole, container } = render(<Admin />);
    const lincoln = (await findByRole("heading", { level: 3, name: "Lincoln Elementary" })).closest("li")!;
    expect(lincoln.textContent).toContain("Admin");
    expect(lincoln.textContent).toContain("America/Chicago · English and Spanish");
    expect(lincoln.textContent).toContain("3 members waiting for verification");
    // Choosing a community switches the app to it.
    fireEvent.click(getByRole("button", { name: "Use Lincoln Elementary" }));
    expect(session.communityId.value).toBe(LINCOLN);
    await waitFor(() => expect(container.textContent).toContain("You are looking at this community."));
  });

  it("creates a community and shows the staff invite to hand over, with what it is for", async () => {
    server(() => {
      created = true;
      return { data: { createCommunity: { community: { id: NEW, name: "Roosevelt Middle" }, staffInvite, errors: [] } } };
    });
    const { getByLabelText, getByRole, findByRole, container } = render(<Admin />);
    fireEvent.input(getByLabelText(/^Name/), { target: { value: "  Roosevelt Middle " } });
    fireEvent.input(getByLabelText(/^Description/), { target: { value: "Grades 6 to 8" } });
    fireEvent.change(getByLabelText(/^Time zone/), { target: { value: "America/Denver" } });
    fireEvent.click(getByRole("checkbox", { name: "Spanish" }));
    fireEvent.click(getByRole("button", { name: "Create the community" }));

    const heading = await findByRole("heading", { level: 2, name: "Roosevelt Middle is ready" });
    const create = sent.find((s) => s.operationName === "AdminCreateCommunity")!;
    expect(create.variables).toEqual({ input: { name: "Roosevelt Middle", description: "Grades 6 to 8", timezone: "America/Denver", languages: ["en"] } });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(container.textContent).toContain("STAFF-7QK2");
    expect(container.textContent).toContain(
      "Give this code to the school's first staff member (the principal or family liaison). It works once and expires in 14 days.",
    );
    // The new community joins the list (the screen refreshes after a change).
    expect(await findByRole("heading", { level: 3, name: "Roosevelt Middle" })).toBeTruthy();

    fireEvent.click(getByRole("button", { name: "Create another community" }));
    expect((getByLabelText(/^Name/) as HTMLInputElement).value).toBe("");
  });

  it("puts the server's errors next to their fields, and keeps what was typed", async () => {
    server(() => ({
      data: {
        createCommunity: {
          community: null,
          staffInvite: null,
          errors: [
            { field: ["input", "name"], message: "The community's name must be at least 2 characters.", code: "TOO_SHORT", retryAfter: null },
            { field: ["input", "languages"], message: "Choose at least one language.", code: "REQUIRED", retryAfter: null },
            { field: null, message: "Only Village administrators can create communities.", code: "FORBIDDEN", retryAfter: null },
          ],
        },
      },
    }));
    const { getByLabelText, getByRole, findByText, getByText } = render(<Admin />);
    fireEvent.input(getByLabelText(/^Name/), { target: { value: "R" } });
    fireEvent.click(getByRole("button", { name: "Create the community" }));
    await findByText("The community's name must be at least 2 characters.");
    const name = getByLabelText(/^Name/) as HTMLInputElement;
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(name.getAttribute("aria-describedby")).toContain(getByText("The community's name must be at least 2 characters.").id);
    expect(name.value).toBe("R");
    expect(getByRole("group", { name: "Languages families speak" }).textContent).toContain("Choose at least one language.");
    expect(getByRole("alert").textContent).toContain("Only Village administrators can create communities.");
  });

  it("is in Spanish too", async () => {
    setLang("es");
    server(() => ({}));
    const { findByRole, getByRole, getByLabelText } = render(<Admin />);
    expect(getByRole("heading", { level: 1, name: "Administración" })).toBeTruthy();
    expect(getByRole("heading", { level: 2, name: "Crear una comunidad" })).toBeTruthy();
    expect(getByLabelText(/^Zona horaria/)).toBeTruthy();
    expect(getByRole("checkbox", { name: "Español" })).toBeTruthy();
    const lincoln = (await findByRole("heading", { level: 3, name: "Lincoln Elementary" })).closest("li")!;
    expect(lincoln.textContent).toContain("America/Chicago · Inglés y Español");
  });
});
