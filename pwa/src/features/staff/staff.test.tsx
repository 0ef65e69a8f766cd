// The school's screens: what staff see and what each action sends (members to verify or decline,
// roles and suspension, invite codes with their QR code, reports, the community's settings).
import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import type { ComponentChildren } from "preact";
import { LocationProvider } from "preact-iso";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MemberRole, MeQuery, StaffInviteFieldsFragment, StaffMemberFieldsFragment, StaffReportFieldsFragment } from "../../gql/graphql";
import { setLang } from "../../i18n";
import { me, meLoaded } from "../../state/me";
import { signIn, signOutLocally } from "../../state/session";
import { type Answers, fakeApi, type Sent } from "./fake-api";
import { landing } from "../registry";
import CommunitySettings, { timeZones } from "./community-settings";
import { inviteText, joinLink } from "./invite-share";
import Invites, { invitableRoles, wholeNumber } from "./invites";
import Members, { maySuspend, rolesToGive } from "./members";
import Reports, { aboutText } from "./reports";

const COMMUNITY = "Q29tbXVuaXR5OjE";
const ME = "TWVtYmVyOm1l";
let sent: Sent[] = [];
let answers: Answers = {};

function as(role: MemberRole): void {
  const who: MeQuery = {
    viewer: null,
    myMemberships: [{ id: ME, role, state: "VERIFIED", communityId: COMMUNITY }],
  };
  me.value = who;
  meLoaded.value = true;
}

const counts = { community: { id: COMMUNITY, name: "Lincoln Elementary", pendingMemberCount: 1, openReportCount: 1 } };
const member = (over: Partial<StaffMemberFieldsFragment> & { name: string }): StaffMemberFieldsFragment => ({
  id: btoa(`Member:${over.name}`).replace(/=+$/, ""),
  role: "CAREGIVER",
  state: "VERIFIED",
  joinedAt: new Date(Date.now() - 3_600_000).toISOString(),
  verifiedAt: null,
  joinNote: "",
  caregiver: { id: "Q2FyZWdpdmVyOjI", displayName: over.name, languages: ["es"] },
  ...over,
});
const list = (nodes: StaffMemberFieldsFragment[]) => ({
  community: { id: COMMUNITY, members: { edges: nodes.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } } },
});

function at(url: string, children: ComponentChildren) {
  history.replaceState(null, "", url);
  return render(<LocationProvider>{children}</LocationProvider>);
}

beforeEach(() => {
  signIn("tok", "Q2FyZWdpdmVyOjE");
  as("STAFF");
  sent = [];
  answers = { StaffCounts: () => counts };
  fakeApi(sent, () => answers);
});
afterEach(() => {
  cleanup();
  signOutLocally();
  me.value = null;
  meLoaded.value = false;
  setLang("en");
  history.replaceState(null, "", "/");
  vi.useRealTimers();
});

const ops = (name: string) => sent.filter((s) => s.operationName === name);

describe("members", () => {
  const ana = member({ name: "Ana R.", state: "PENDING", joinNote: "Mia's mom, Grade 3 (Ms. López)" });

  it("lists who waits with what they wrote, and verifies with one tap", async () => {
    answers.StaffMembers = () => list([ana]);
    answers.StaffVerifyMember = () => ({ verifyMember: { member: { ...ana, state: "VERIFIED" }, errors: [] } });
    const { findByRole, getByRole, container } = at("/staff/members", <Members />);
    const card = (await findByRole("heading", { name: "Ana R." })).closest("li")!;
    expect(ops("StaffMembers")[0].variables).toMatchObject({ id: COMMUNITY, state: "PENDING" });
    expect(card.textContent).toContain("Mia's mom, Grade 3 (Ms. López)");
    expect(card.textContent).toContain("Asked to join 1 hour ago");
    expect(getByRole("link", { name: "Waiting (1)" }).getAttribute("aria-current")).toBe("page");
    fireEvent.click(getByRole("button", { name: "Verify Ana R." }));
    await waitFor(() => expect(ops("StaffVerifyMember")).toHaveLength(1));
    expect(ops("StaffVerifyMember")[0].variables).toEqual({ input: { memberId: ana.id } });
    await waitFor(() => expect(container.querySelector("[role=status]")?.textContent).toContain("Ana R. is verified"));
  });

  it("declines only after asking, and keeping them waiting sends nothing", async () => {
    answers.StaffMembers = () => list([ana]);
    answers.StaffDeclineMember = () => ({ declineMember: { memberId: ana.id, errors: [] } });
    const { findByRole, getByRole, getByText, queryByText } = at("/staff/members", <Members />);
    fireEvent.click(await findByRole("button", { name: "Decline Ana R." }));
    const question = getByText(/Decline Ana R\.\? Their request is removed/);
    expect(document.activeElement).toBe(question);
    fireEvent.click(getByRole("button", { name: "Keep waiting" }));
    expect(queryByText(/Their request is removed/)).toBeNull();
    expect(document.activeElement).toBe(getByRole("button", { name: "Decline Ana R." }));
    expect(ops("StaffDeclineMember")).toHaveLength(0);
    fireEvent.click(getByRole("button", { name: "Decline Ana R." }));
    fireEvent.click(getByRole("button", { name: "Yes, decline" }));
    await waitFor(() => expect(ops("StaffDeclineMember")).toHaveLength(1));
    expect(ops("StaffDeclineMember")[0].variables).toEqual({ input: { memberId: ana.id } });
  });

  it("shows the server's refusal beside the person", async () => {
    answers.StaffMembers = () => list([ana]);
    answers.StaffVerifyMember = () => ({ verifyMember: { member: null, errors: [{ field: ["input", "memberId"], message: "This member is already verified.", code: "ALREADY_VERIFIED", retryAfter: null }] } });
    const { findByRole, getByRole } = at("/staff/members", <Members />);
    await findByRole("heading", { name: "Ana R." });
    fireEvent.click(getByRole("button", { name: "Verify Ana R." }));
    expect((await findByRole("alert")).textContent).toContain("This member is already verified.");
  });

  it("offers staff the roles they may give, suspends after asking, and leaves their own row alone", async () => {
    const leader = member({ name: "Luis", role: "LEADER", verifiedAt: new Date().toISOString() });
    const colleague = member({ name: "Ms. Park", role: "STAFF" });
    const self = { ...member({ name: "Me" }), id: ME, role: "STAFF" as const };
    answers.StaffMembers = () => list([leader, self, colleague]);
    answers.StaffSetMemberRole = (v) => ({ setMemberRole: { member: { ...leader, role: v.input.role }, errors: [] } });
    answers.StaffSuspendMember = () => ({ suspendMember: { member: { ...leader, state: "SUSPENDED" }, errors: [] } });
    const { findByRole, getByLabelText, getByRole, queryByLabelText, queryByRole } = at("/staff/members?tab=members", <Members />);
    await findByRole("heading", { name: "Luis" });
    expect(ops("StaffMembers")[0].variables.state).toBe("VERIFIED");
    const select = getByLabelText("Role of Luis") as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(["CAREGIVER", "LEADER"]);
    fireEvent.change(select, { target: { value: "CAREGIVER" } });
    fireEvent.click(getByRole("button", { name: "Change role" }));
    await waitFor(() => expect(ops("StaffSetMemberRole")).toHaveLength(1));
    expect(ops("StaffSetMemberRole")[0].variables).toEqual({ input: { memberId: leader.id, role: "CAREGIVER" } });
    // Only an admin changes or suspends staff.
    expect(queryByLabelText("Role of Ms. Park")).toBeNull();
    expect(queryByRole("button", { name: "Suspend Ms. Park" })).toBeNull();
    expect(queryByLabelText("Role of Me")).toBeNull();
    fireEvent.click(getByRole("button", { name: "Suspend Luis" }));
    fireEvent.click(getByRole("button", { name: "Yes, suspend" }));
    await waitFor(() => expect(ops("StaffSuspendMember")).toHaveLength(1));
  });

  it("restores a suspended member, and searches by name", async () => {
    const sam = member({ name: "Sam", state: "SUSPENDED" });
    answers.StaffMembers = (v) => list(v.search && !"sam".includes(String(v.search).toLowerCase()) ? [] : [sam]);
    answers.StaffVerifyMember = () => ({ verifyMember: { member: { ...sam, state: "VERIFIED" }, errors: [] } });
    const { findByRole, getByRole, getByLabelText, findByText } = at("/staff/members?tab=suspended", <Members />);
    fireEvent.click(await findByRole("button", { name: "Restore Sam" }));
    await waitFor(() => expect(ops("StaffVerifyMember")[0]?.variables).toEqual({ input: { memberId: sam.id } }));
    fireEvent.input(getByLabelText("Search by name"), { target: { value: "zed" } });
    expect(await findByText("Nobody by that name.")).toBeTruthy();
    expect(ops("StaffMembers").at(-1)?.variables).toMatchObject({ state: "SUSPENDED", search: "zed" });
    expect(getByRole("link", { name: "Suspended" }).getAttribute("aria-current")).toBe("page");
  });

  it("says who may change what, as the API does", () => {
    expect(rolesToGive("ADMIN", "CAREGIVER")).toEqual(["CAREGIVER", "LEADER", "STAFF"]);
    expect(rolesToGive("ADMIN", "STAFF")).toEqual(["CAREGIVER", "LEADER", "STAFF"]);
    expect(rolesToGive("ADMIN", "ADMIN")).toEqual([]);
    expect(rolesToGive("STAFF", "LEADER")).toEqual(["CAREGIVER", "LEADER"]);
    expect(rolesToGive("STAFF", "STAFF")).toEqual([]);
    expect(rolesToGive("LEADER", "CAREGIVER")).toEqual([]);
    expect(maySuspend("STAFF", "CAREGIVER")).toBe(true);
    expect(maySuspend("STAFF", "STAFF")).toBe(false);
    expect(maySuspend("ADMIN", "STAFF")).toBe(true);
    expect(maySuspend("ADMIN", "ADMIN")).toBe(false);
  });

  it("is in Spanish for a Spanish-speaking liaison", async () => {
    setLang("es");
    answers.StaffMembers = () => list([ana]);
    const { findByRole, getByRole } = at("/staff/members", <Members />);
    expect(await findByRole("heading", { level: 1, name: "Miembros" })).toBeTruthy();
    expect(await findByRole("button", { name: "Confirmar a Ana R." })).toBeTruthy();
    expect(getByRole("link", { name: "En espera (1)" })).toBeTruthy();
  });
});

describe("invite codes", () => {
  const invite = (over: Partial<StaffInviteFieldsFragment> = {}): StaffInviteFieldsFragment => ({
    id: "SW52aXRlOjE",
    code: "K7WQ2MZP4R",
    role: "CAREGIVER",
    expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    maxUses: 30,
    uses: 2,
    createdAt: new Date().toISOString(),
    revokedAt: null,
    active: true,
    ...over,
  });
  const invites = (items: StaffInviteFieldsFragment[]) => () => ({ community: { id: COMMUNITY, name: "Lincoln Elementary", invites: items } });

  it("creates a code with an expiry and a limit, then shows it as text and as a QR code", async () => {
    const made = invite();
    let list: StaffInviteFieldsFragment[] = [];
    answers.StaffInvites = () => invites(list)();
    answers.StaffCreateInvite = () => {
      list = [made];
      return { createInvite: { invite: made, errors: [] } };
    };
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
    Object.defineProperty(navigator, "share", { configurable: true, value: undefined });
    const { findByText, getByLabelText, getByRole, findByRole } = at("/invites", <Invites />);
    expect(await findByText("There are no working codes. Create one above.")).toBeTruthy();
    expect([...(getByLabelText("Who is it for?") as HTMLSelectElement).options].map((o) => o.value)).toEqual(["CAREGIVER", "LEADER"]);
    fireEvent.input(getByLabelText("Works for (days)"), { target: { value: "7" } });
    fireEvent.input(getByLabelText("How many people can use it"), { target: { value: "30" } });
    fireEvent.click(getByRole("button", { name: "Create invite code" }));
    await waitFor(() => expect(ops("StaffCreateInvite")).toHaveLength(1));
    expect(ops("StaffCreateInvite")[0].variables).toEqual({ input: { communityId: COMMUNITY, role: "CAREGIVER", expiresInDays: 7, maxUses: 30 } });

    const qr = await findByRole("img", { name: "QR code to join Lincoln Elementary with the code K7WQ2MZP4R" });
    expect(qr.querySelector("path")?.getAttribute("d")?.length).toBeGreaterThan(100);
    const card = getByRole("heading", { name: "Code K7WQ2MZP4R" }).closest("li")!;
    expect(card.textContent).toContain("Used 2 of 30 times");
    const text = `Join Lincoln Elementary on Village: use the code K7WQ2MZP4R, or open ${location.origin}${landing("joining")}?code=K7WQ2MZP4R`;
    expect(card.textContent).toContain(text);
    fireEvent.click(getByRole("button", { name: "Copy invite text" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(text));
    expect(await findByText("Copied. Paste it in a message to the family.")).toBeTruthy();
  });

  it("uses the phone's share sheet when there is one", async () => {
    answers.StaffInvites = invites([invite()]);
    const share = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "share", { configurable: true, value: share });
    const { findByRole, getByRole } = at("/invites", <Invites />);
    fireEvent.click(await findByRole("button", { name: "Share or show QR code" }));
    fireEvent.click(getByRole("button", { name: "Share invite" }));
    await waitFor(() => expect(share).toHaveBeenCalledWith({ title: "Join Lincoln Elementary on Village", text: inviteText("K7WQ2MZP4R", "Lincoln Elementary") }));
    Object.defineProperty(navigator, "share", { configurable: true, value: undefined });
  });

  it("refuses a number that is not one without asking the server", async () => {
    answers.StaffInvites = invites([]);
    const { findByLabelText, getByRole, findByText } = at("/invites", <Invites />);
    fireEvent.input(await findByLabelText("Works for (days)"), { target: { value: "two weeks" } });
    fireEvent.click(getByRole("button", { name: "Create invite code" }));
    expect(await findByText("This value is out of range.")).toBeTruthy();
    expect(ops("StaffCreateInvite")).toHaveLength(0);
  });

  it("revokes after asking, and shows revoked codes only when asked", async () => {
    answers.StaffInvites = (v) => invites(v.includeInactive ? [invite(), invite({ id: "SW52aXRlOjI", code: "OLDCODE123", active: false, revokedAt: new Date().toISOString() })] : [invite()])();
    answers.StaffRevokeInvite = () => ({ revokeInvite: { invite: invite({ active: false, revokedAt: new Date().toISOString() }), errors: [] } });
    const { findByRole, getByRole, getByLabelText, findByText, queryByText } = at("/invites", <Invites />);
    fireEvent.click(await findByRole("button", { name: "Revoke code K7WQ2MZP4R" }));
    expect(getByRole("group").textContent).toContain("It stops working at once");
    fireEvent.click(getByRole("button", { name: "Yes, revoke" }));
    await waitFor(() => expect(ops("StaffRevokeInvite")[0]?.variables).toEqual({ input: { inviteId: "SW52aXRlOjE" } }));
    expect(queryByText("OLDCODE123")).toBeNull();
    fireEvent.click(getByLabelText("Show expired, used-up and revoked codes"));
    const old = (await findByText("OLDCODE123")).closest("li")!;
    expect(old.textContent).toContain("Revoked");
    expect(old.querySelector("button")).toBeNull();
  });

  it("lets a leader invite caregivers only", async () => {
    as("LEADER");
    answers.StaffInvites = invites([]);
    const { findByText, queryByLabelText } = at("/invites", <Invites />);
    expect(await findByText("Caregiver")).toBeTruthy();
    expect(queryByLabelText("Who is it for?")).toBeNull();
    expect(invitableRoles("LEADER")).toEqual(["CAREGIVER"]);
    expect(invitableRoles("ADMIN")).toEqual(["CAREGIVER", "LEADER", "STAFF"]);
    expect(invitableRoles("CAREGIVER")).toEqual([]);
  });

  it("builds the join link from onboarding's landing, and reads whole numbers", () => {
    expect(joinLink("AB CD", "https://village.test")).toBe(`https://village.test${landing("joining")}?code=AB%20CD`);
    expect(wholeNumber("")).toBeNull();
    expect(wholeNumber(" 14 ")).toBe(14);
    expect(wholeNumber("1.5")).toBeUndefined();
  });
});

describe("reports", () => {
  const report = (over: Partial<StaffReportFieldsFragment> = {}): StaffReportFieldsFragment => ({
    id: "UmVwb3J0OjE",
    subjectType: "need",
    subjectId: "TmVlZDox",
    reason: "SPAM",
    details: "Selling things, not asking for help",
    excerpt: null,
    status: "OPEN",
    createdAt: new Date(Date.now() - 7_200_000).toISOString(),
    reporter: { id: "Q2FyZWdpdmVyOjM", displayName: "María" },
    subjectCaregiver: { id: "Q2FyZWdpdmVyOjQ", displayName: "Max" },
    resolution: null,
    resolutionNote: "",
    resolvedAt: null,
    resolvedBy: null,
    ...over,
  });
  const reports = (items: StaffReportFieldsFragment[]) => ({ reports: { edges: items.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } } });

  it("shows what an open report is about and resolves it with an action and a note", async () => {
    answers.StaffReports = () => reports([report()]);
    answers.StaffResolveReport = (v) => ({ resolveReport: { report: report({ status: "RESOLVED", resolution: v.input.action }), errors: [] } });
    const { findByRole, getByLabelText, getByRole, container } = at("/staff/reports", <Reports />);
    const card = (await findByRole("heading", { name: "Spam" })).closest("li")!;
    expect(ops("StaffReports")[0].variables).toMatchObject({ communityId: COMMUNITY, status: "OPEN" });
    expect(card.textContent).toContain("About a request for help by Max");
    expect(card.textContent).toContain("Reported by María 2 hours ago");
    expect(card.textContent).toContain("Selling things, not asking for help");
    expect(getByRole("link", { name: "Open the request" }).getAttribute("href")).toBe("/needs/TmVlZDox");
    const action = getByLabelText("What did you do?") as HTMLSelectElement;
    expect([...action.options].map((o) => o.textContent)).toEqual(["No action needed", "Contacted the person", "Removed the content", "Suspended the member"]);
    fireEvent.change(action, { target: { value: "CONTENT_REMOVED" } });
    fireEvent.input(getByLabelText("Note for the other staff (optional)"), { target: { value: "Closed the need; spoke to Max." } });
    fireEvent.click(getByRole("button", { name: "Resolve report: Spam" }));
    await waitFor(() => expect(ops("StaffResolveReport")).toHaveLength(1));
    expect(ops("StaffResolveReport")[0].variables).toEqual({ input: { reportId: "UmVwb3J0OjE", action: "CONTENT_REMOVED", note: "Closed the need; spoke to Max." } });
    await waitFor(() => expect(container.querySelector("[role=status]")?.textContent).toBe("Report resolved: Removed the content."));
  });

  it("shows a resolved report's action, note, who and when", async () => {
    answers.StaffReports = () =>
      reports([report({ status: "RESOLVED", resolution: "WARNED", resolutionNote: "Called him.", resolvedAt: new Date().toISOString(), resolvedBy: { id: "Q2FyZWdpdmVyOjU", displayName: "Ms. Park" } })]);
    const { findByRole } = at("/staff/reports?tab=resolved", <Reports />);
    const card = (await findByRole("heading", { name: "Spam" })).closest("li")!;
    expect(ops("StaffReports")[0].variables.status).toBe("RESOLVED");
    expect(card.textContent).toContain("Action taken: Contacted the person");
    expect(card.textContent).toContain("Called him.");
    expect(card.textContent).toContain("Resolved by Ms. Park");
    expect(card.querySelector("form")).toBeNull();
  });

  it("shows the reported message itself, and nothing else of the conversation", async () => {
    answers.StaffReports = () => reports([report({ subjectType: "message", subjectId: "TWVzc2FnZTox", reason: "HARASSMENT", details: "He keeps writing", excerpt: "Buy my raffle tickets or else" })]);
    const { findByRole } = at("/staff/reports", <Reports />);
    const card = (await findByRole("heading", { name: "Harassment" })).closest("li")!;
    expect(card.textContent).toContain("About a message by Max");
    const quotes = [...card.querySelectorAll("figure")].map((f) => f.textContent);
    expect(quotes[0]).toContain("What was reported");
    expect(quotes[0]).toContain("Buy my raffle tickets or else");
    expect(quotes[1]).toContain("He keeps writing");
  });

  it("offers no content to remove from a report about a person", () => {
    expect(aboutText({ subjectType: "caregiver", subjectCaregiver: { id: "x", displayName: "Max" } })).toBe("About Max");
    answers.StaffReports = () => reports([report({ subjectType: "caregiver", subjectId: "Q2FyZWdpdmVyOjQ" })]);
    const { findByLabelText } = at("/staff/reports", <Reports />);
    return findByLabelText("What did you do?").then((el) => expect([...(el as HTMLSelectElement).options].map((o) => o.value)).toEqual(["NO_ACTION", "WARNED", "MEMBER_SUSPENDED"]));
  });
});

describe("community settings", () => {
  const community = { id: COMMUNITY, name: "Lincoln Elementary", description: "K-5 in East Austin", timezone: "America/Chicago", languages: ["en", "es"] };

  it("saves name, description, languages and time zone, and shows a refusal next to its field", async () => {
    answers.StaffCommunity = () => ({ community });
    let reply: unknown = { updateCommunity: { community: null, errors: [{ field: ["input", "name"], message: "The community's name is too short.", code: "TOO_SHORT", retryAfter: null }] } };
    answers.StaffUpdateCommunity = () => reply;
    const { findByLabelText, getByLabelText, getByRole, findByText } = at("/staff/settings", <CommunitySettings />);
    const name = (await findByLabelText(/^Name/)) as HTMLInputElement;
    expect(name.value).toBe("Lincoln Elementary");
    expect((getByLabelText("Spanish") as HTMLInputElement).checked).toBe(true);
    expect((getByLabelText("Vietnamese") as HTMLInputElement).checked).toBe(false);
    expect((getByLabelText(/^Time zone/) as HTMLSelectElement).value).toBe("America/Chicago");
    fireEvent.input(name, { target: { value: "L" } });
    fireEvent.click(getByLabelText("Vietnamese"));
    fireEvent.change(getByLabelText(/^Time zone/), { target: { value: "America/New_York" } });
    fireEvent.click(getByRole("button", { name: "Save settings" }));
    const error = await findByText("The community's name is too short.");
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(name.getAttribute("aria-describedby")).toContain(error.id);
    expect(ops("StaffUpdateCommunity")[0].variables).toEqual({
      input: { communityId: COMMUNITY, name: "L", description: "K-5 in East Austin", languages: ["en", "es", "vi"], timezone: "America/New_York" },
    });
    reply = { updateCommunity: { community, errors: [] } };
    fireEvent.input(name, { target: { value: "Lincoln Elementary School" } });
    fireEvent.click(getByRole("button", { name: "Save settings" }));
    expect(await findByText("Settings saved.")).toBeTruthy();
  });

  it("keeps a community's own time zone in the list", () => {
    expect(timeZones("America/Chicago")).toContain("America/Chicago");
    expect(timeZones("Etc/Unknown")[0]).toBe("Etc/Unknown");
  });
});
