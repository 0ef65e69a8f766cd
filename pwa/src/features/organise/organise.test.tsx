import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTransport } from "../../api/client";
import type { MemberRole } from "../../gql/graphql";
import { setLang } from "../../i18n";
import { me } from "../../state/me";
import { chooseCommunity, signIn, signOutLocally } from "../../state/session";
import { organiseCards, type OrganiseCard } from "./cards";
import Members, { memberDetails } from "./members";
import Organise, { inviteCounts, Organising } from "./organise";

const COMMUNITY = "Q29tbXVuaXR5OjE";
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
type Sent = { operationName: string; variables: Record<string, unknown> };
let sent: Sent[] = [];

function answer(handler: (op: Sent) => unknown) {
  setTransport(async (body) => {
    const op = JSON.parse(body) as Sent;
    sent.push(op);
    return json(handler(op));
  });
}

const member = (name: string, extra: Partial<{ role: MemberRole; languages: string[] | null; strengths: string[] | null; areaLabel: string | null }> = {}) => ({
  id: `TWVtYmVyOi${name}`,
  role: extra.role ?? ("CAREGIVER" as MemberRole),
  caregiver: {
    id: `Q2FyZWdpdmVyOi${name}`,
    displayName: name,
    languages: extra.languages === undefined ? ["es", "en"] : extra.languages,
    areaLabel: extra.areaLabel ?? null,
    strengthCircle: extra.strengths === null ? null : { strengths: extra.strengths ?? ["Cooking"] },
  },
});

const directory = (edges: ReturnType<typeof member>[], hasNextPage = false) => ({
  data: { community: { id: COMMUNITY, name: "Lincoln Elementary", members: { edges: edges.map((node) => ({ node })), pageInfo: { hasNextPage, endCursor: hasNextPage ? "next" : null } } } },
});

beforeEach(() => {
  sent = [];
  signIn("tok", "Q2FyZWdpdmVyOjE");
  chooseCommunity(COMMUNITY);
  me.value = { viewer: null, myMemberships: [{ id: "TWVtYmVyOjE", role: "LEADER", state: "VERIFIED", communityId: COMMUNITY }] } as unknown as typeof me.value;
});
afterEach(() => {
  cleanup();
  signOutLocally();
  me.value = null;
  setLang("en");
  setTransport(async () => new Response("{}"));
});

describe("the organiser's home", () => {
  it("counts the codes that still work and everyone who joined with any of them", () => {
    expect(inviteCounts([])).toEqual({ active: 0, joined: 0 });
    expect(
      inviteCounts([
        { active: true, uses: 2 },
        { active: false, uses: 3 },
        { active: true, uses: 0 },
      ]),
    ).toEqual({ active: 2, joined: 5 });
  });

  it("shows a leader their invites at a glance and leads to the invites and the directory", async () => {
    answer(() => ({
      data: {
        community: {
          id: COMMUNITY,
          name: "Lincoln Elementary",
          viewerMembership: { id: "TWVtYmVyOjE", role: "LEADER", state: "VERIFIED" },
          invites: [
            { id: "SW52aXRlOjE", active: true, uses: 1 },
            { id: "SW52aXRlOjI", active: false, uses: 3 },
          ],
        },
      },
    }));
    const { findByText, getByRole, container } = render(<Organise />);
    await findByText("1 invite code you can share");
    expect(container.textContent).toContain("4 people joined with these codes");
    expect(container.textContent).toContain("Tools for bringing families together in Lincoln Elementary.");
    expect(container.textContent).toContain("You are a parent leader here.");
    expect(sent[0].operationName).toBe("OrganiseOverview");
    expect(sent[0].variables).toEqual({ communityId: COMMUNITY });
    expect(getByRole("link", { name: "Create and share invites" }).getAttribute("href")).toBe("/invites");
    expect(getByRole("link", { name: "Open the directory" }).getAttribute("href")).toBe("/organise/members");
  });

  it("says so when there is no invite yet, and when invites could not be counted", async () => {
    answer(() => ({ data: { community: { id: COMMUNITY, name: "Lincoln", viewerMembership: null, invites: [] } } }));
    const none = render(<Organise />);
    await none.findByText("No invite codes yet.");
    none.unmount();
    answer(() => ({ errors: [{ message: "nope", extensions: { code: "FORBIDDEN" } }] }));
    const failed = render(<Organise />);
    await failed.findByText("We could not count your invites just now.");
    // The rest of the screen still works.
    expect(failed.getByRole("link", { name: "Create and share invites" })).toBeTruthy();
  });

  it("says plainly when nobody has joined with the codes yet", async () => {
    answer(() => ({ data: { community: { id: COMMUNITY, name: "Lincoln", viewerMembership: null, invites: [{ id: "SW52aXRlOjE", active: true, uses: 0 }] } } }));
    const { findByText } = render(<Organise />);
    await findByText("1 invite code you can share");
    await findByText("No one has joined with these codes yet.");
  });

  it("lists what features contribute, and is honest when nothing is there yet", () => {
    const empty = render(<Organising cards={[]} />);
    expect(empty.getByRole("heading", { name: "What you organise" })).toBeTruthy();
    expect(empty.container.textContent).toContain("Groups, events and carpools will appear here.");
    empty.unmount();

    const cards: OrganiseCard[] = [
      { href: "/b", title: "organise.directoryTitle", lead: "organise.directoryLead", order: 2 },
      { href: "/a", title: "organise.invitesTitle", lead: "organise.invitesLead", order: 1, useSummary: () => "3 waiting" },
    ];
    const listed = organiseCards([{ feature: { organise: cards } }, { feature: {} }]);
    expect(listed.map((c) => c.href)).toEqual(["/a", "/b"]);
    const shown = render(<Organising cards={listed} />);
    const links = shown.getAllByRole("link");
    expect(links.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["Invite families", "/a"],
      ["Member directory", "/b"],
    ]);
    expect(shown.container.textContent).toContain("3 waiting");
  });

  it("is in Spanish too", async () => {
    setLang("es");
    answer(() => ({ data: { community: { id: COMMUNITY, name: "Lincoln", viewerMembership: null, invites: [{ id: "SW52aXRlOjE", active: true, uses: 2 }] } } }));
    const { findByText, getByRole, container } = render(<Organise />);
    await findByText("1 código de invitación que puedes compartir");
    expect(container.textContent).toContain("2 personas se unieron con estos códigos");
    expect(getByRole("heading", { level: 1, name: "Organizar" })).toBeTruthy();
    expect(getByRole("link", { name: "Empezar un grupo" })).toBeTruthy();
  });
});

describe("the member directory", () => {
  it("shows only what each member shares", () => {
    const shared = memberDetails(member("María", { languages: ["es", "en"], strengths: ["Math", "Cooking"], areaLabel: "Austin, TX" }));
    expect(shared).toEqual(["Speaks Spanish and English", "Strengths: Math, Cooking", "Austin, TX"]);
    expect(memberDetails(member("Ana", { languages: null, strengths: null }))).toEqual(["Keeps languages and strengths private."]);
    expect(memberDetails(member("Bo", { languages: [], strengths: [] }))).toEqual([]);
  });

  it("lists verified members with their role, and searches by name", async () => {
    answer((op) =>
      op.variables.search === "mar"
        ? directory([member("María", { role: "LEADER" })])
        : op.variables.search === "zz"
          ? directory([])
          : directory([member("Ana", { languages: null, strengths: null }), member("María", { role: "LEADER" })], true),
    );
    const { findByRole, getByLabelText, findByText, queryByRole, getByRole } = render(<Members />);
    expect(await findByRole("heading", { level: 3, name: "Ana" })).toBeTruthy();
    expect(getByRole("heading", { level: 3, name: "María" }).closest("li")?.textContent).toContain("Parent leader");
    expect(sent[0].variables).toEqual({ communityId: COMMUNITY, search: null, first: 20, after: null });

    fireEvent.click(getByRole("button", { name: "Show more" }));
    await waitFor(() => expect(sent.some((s) => s.variables.after === "next")).toBe(true));

    fireEvent.input(getByLabelText(/Search by name/), { target: { value: "mar " } });
    await waitFor(() => expect(sent.at(-1)?.variables).toEqual({ communityId: COMMUNITY, search: "mar", first: 20, after: null }));
    expect(await findByRole("heading", { level: 3, name: "María" })).toBeTruthy();
    expect(queryByRole("heading", { level: 3, name: "Ana" })).toBeNull();

    fireEvent.input(getByLabelText(/Search by name/), { target: { value: "zz" } });
    expect(await findByText("No one listed matches “zz”.")).toBeTruthy();
  });

  it("says when the directory could not be loaded", async () => {
    answer(() => ({ errors: [{ message: "nope", extensions: { code: "NOT_VERIFIED" } }] }));
    const { findByText } = render(<Members />);
    expect(await findByText("We could not load the directory.")).toBeTruthy();
  });
});
