// The school's insights: the sections from the API's figures, hidden ones written as hidden and left
// out of the charts, plain-language readings only from exact figures, months or quarters, the
// rate-limited refresh, the CSV download and the screen in Spanish.
import { cleanup, fireEvent, render, waitFor, within } from "@testing-library/preact";
import type { ComponentChildren } from "preact";
import { LocationProvider } from "preact-iso";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InsightShown, MeQuery } from "../../gql/graphql";
import { setLang } from "../../i18n";
import { me, meLoaded } from "../../state/me";
import { signIn, signOutLocally } from "../../state/session";
import { type Answers, fakeApi, type Sent } from "./fake-api";
import Hub from "./hub";
import InsightsScreen, { type Insights, lastMonths } from "./insights";

const COMMUNITY = "Q29tbXVuaXR5OjE";
let sent: Sent[] = [];
let answers: Answers = {};

type Fig = Insights["periods"][number]["figures"][number];
const exact = (metric: string, value: number, display: string, breakdown: string | null = null, breakdownLabel: string | null = null): Fig => ({ metric, breakdown, breakdownLabel, value, shown: "EXACT" as InsightShown, display });
const hidden = (metric: string, breakdown: string | null = null, breakdownLabel: string | null = null, display = "hidden"): Fig => ({ metric, breakdown, breakdownLabel, value: null, shown: "SUPPRESSED" as InsightShown, display });
const atMost = (metric: string, breakdown: string | null = null, breakdownLabel: string | null = null, display = "≤ 5%"): Fig => ({ metric, breakdown, breakdownLabel, value: null, shown: "AT_MOST" as InsightShown, display });

const metric = (key: string, section: string, kind: string, title: string, definition: string, source = "") => ({ key, section, kind: kind as Insights["metrics"][number]["kind"], title, definition, source });
const METRICS = [
  metric("families.members", "growth", "COUNT", "Families in the community", "Families with a verified caregiver at the period's end."),
  metric("families.joined", "growth", "COUNT", "Families joined", "Families whose first caregiver joined in the period."),
  metric("families.active", "growth", "COUNT", "Active families", "Families that did something with another family in the period."),
  metric("ties.pairs", "ties", "COUNT", "Ties", "Distinct pairs of families with a completed interaction."),
  metric("ties.families", "ties", "COUNT", "Families by number of ties", "How many families have no tie, one or two, three or more."),
  metric("ties.connected_share", "ties", "RATE", "Families with a tie", "Share of families with at least one tie."),
  metric("bridging.share", "bridging", "RATE", "Bridging ties", "Share of ties between families with different home languages.", "Putnam 2000"),
  metric("bridging.ei", "bridging", "INDEX", "E-I index", "External minus internal ties over all ties.", "Krackhardt & Stern 1988"),
  metric("reach.median", "reach", "MEDIAN", "Reach", "Median number of families a family can reach in two steps."),
  metric("needs.posted", "mobilise", "COUNT", "Needs posted", "Needs posted in the period."),
  metric("needs.met", "mobilise", "COUNT", "Needs met", "Needs met in the period."),
  metric("continuum.step", "continuum", "COUNT", "Families at each step", "Families that reached each step by the period's end."),
  metric("assets.strengths", "assets", "COUNT", "Strengths offered", "Families offering a strength in the category."),
  metric("assets.needs", "assets", "COUNT", "Needs", "Families with a need in the category."),
  metric("equity.matched_share", "equity", "RATE", "Matched share", "Share of the group's families matched."),
  metric("equity.met_share", "equity", "RATE", "Met share", "Share of the group's needs met."),
];

const october = [
  exact("families.members", 40, "40"),
  exact("families.active", 18, "18"),
  hidden("ties.connected_share"),
  exact("bridging.share", 0.3, "30%"),
  exact("continuum.step", 22, "22", "peer_tie", "A peer tie"),
  exact("needs.met", 12, "12"),
];
const november = [
  exact("families.members", 52, "52"),
  exact("families.joined", 12, "12"),
  hidden("families.active"),
  exact("ties.pairs", 61, "61"),
  hidden("ties.families", "0", "No tie (isolated)"),
  exact("ties.families", 21, "21", "1-2", "1–2 ties"),
  exact("ties.families", 17, "17", "3+", "3 or more"),
  exact("ties.connected_share", 0.62, "62%"),
  exact("bridging.share", 0.41, "41%"),
  atMost("bridging.ei", null, null, "≤ −0.90"),
  hidden("reach.median"),
  exact("continuum.step", 52, "52", "joined", "Joined"),
  exact("continuum.step", 34, "34", "peer_tie", "A peer tie"),
  hidden("continuum.step", "leads", "Leads a group or carpool"),
  exact("assets.strengths", 14, "14", "cooking", "Cooking"),
  hidden("assets.needs", "cooking", "Cooking"),
  exact("needs.posted", 20, "20"),
  hidden("needs.met"),
  exact("equity.matched_share", 0.5, "50%", "es", "Spanish"),
  atMost("equity.met_share", "es", "Spanish"),
];

function insights(over: Partial<Insights> = {}, granularity = "MONTH"): { communityInsights: Insights } {
  return {
    communityInsights: {
      communityId: COMMUNITY,
      granularity: granularity as Insights["granularity"],
      minimumFamilies: 10,
      computedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
      refreshAvailableAt: null,
      metrics: METRICS,
      periods: [
        { start: "2026-10-01", end: "2026-10-31", figures: october },
        { start: "2026-11-01", end: "2026-11-30", figures: november },
      ],
      ...over,
    },
  };
}

function at(url: string, children: ComponentChildren) {
  history.replaceState(null, "", url);
  return render(<LocationProvider>{children}</LocationProvider>);
}

beforeEach(() => {
  signIn("tok", "Q2FyZWdpdmVyOjE");
  const who: MeQuery = { viewer: null, myMemberships: [{ id: "TWVtYmVyOm1l", role: "STAFF", state: "VERIFIED", communityId: COMMUNITY }] };
  me.value = who;
  meLoaded.value = true;
  sent = [];
  answers = {
    StaffCounts: () => ({ community: { id: COMMUNITY, name: "Lincoln Elementary", pendingMemberCount: 0, openReportCount: 0 } }),
    StaffInsights: (v) => insights({}, String(v.granularity)),
  };
  fakeApi(sent, () => answers);
});
afterEach(() => {
  cleanup();
  signOutLocally();
  me.value = null;
  meLoaded.value = false;
  setLang("en");
  history.replaceState(null, "", "/");
  vi.restoreAllMocks();
});

const ops = (name: string) => sent.filter((s) => s.operationName === name);
const section = async (find: (r: string, o: object) => Promise<HTMLElement>, name: string) => (await find("heading", { level: 2, name })).closest("section")!;
const tableRows = (table: HTMLElement) => within(table).getAllByRole("row").map((r) => [...r.children].map((c) => c.textContent));

describe("school insights", () => {
  it("asks for the last 12 months by month and says what it protects", async () => {
    const { findByRole, getByText } = at("/staff/insights", <InsightsScreen />);
    await findByRole("heading", { level: 2, name: "Growth over time" });
    expect(ops("StaffInsights")[0]!.variables).toEqual({ communityId: COMMUNITY, ...lastMonths(), granularity: "MONTH" });
    expect(lastMonths(new Date(2026, 11, 3))).toEqual({ from: "2026-01-01", to: "2026-12-03" });
    expect(getByText(/No figure here covers fewer than 10 families/).textContent).toMatch(/“hidden”.*names a family.*logged/s);
    expect(getByText("Figures computed 2 hours ago.")).toBeTruthy();
    expect(getByText("Latest period: November 2026.")).toBeTruthy();
  });

  it("shows each section with its definitions, charts with their tables, and hidden figures as hidden", async () => {
    const { findByRole, getByRole } = at("/staff/insights", <InsightsScreen />);
    const growth = await section(findByRole, "Growth over time");
    // Definitions are on the page, not in tooltips.
    expect(within(growth).getByText("Families with a verified caregiver at the period's end.")).toBeTruthy();
    const chart = within(growth).getByRole("img", { name: /^Families over time: chart/ });
    // Active families: exact in October, hidden in November — one lone dot, no line through the gap.
    expect(chart.querySelectorAll(".s1 polyline").length).toBe(0);
    expect(chart.querySelectorAll(".s1 circle").length).toBe(1);
    expect(chart.querySelectorAll(".s0 polyline").length).toBe(1);
    expect(tableRows(within(growth).getByRole("table", { name: "Families over time" }))).toEqual([
      ["Period", "Families in the community", "Active families"],
      ["October 2026", "40", "18"],
      ["November 2026", "52", "hidden"],
    ]);

    const ties = getByRole("heading", { level: 2, name: "Ties between families" }).closest("section")!;
    const bars = within(ties).getByRole("img", { name: /^Families by number of ties, November 2026: chart/ });
    // The hidden group has no bar (a gap, not a zero) and says so.
    expect(bars.querySelectorAll(".bar").length).toBe(2);
    expect(within(bars).getByText("hidden").classList.contains("gap")).toBe(true);
    expect(tableRows(within(ties).getByRole("table", { name: /^Families by number of ties/ }))[1]).toEqual(["No tie (isolated)", "hidden"]);

    const bridging = getByRole("heading", { level: 2, name: "Bridging, reciprocity and reach" }).closest("section")!;
    expect(within(bridging).getByText("≤ −0.90")).toBeTruthy();
    expect(within(bridging).getByText("Source: Krackhardt & Stern 1988")).toBeTruthy();
    expect(within(bridging).getByText("External minus internal ties over all ties.")).toBeTruthy();

    // A range is written, never drawn as if it were exact.
    const equity = getByRole("heading", { level: 2, name: "Equity by home language" }).closest("section")!;
    const shares = within(equity).getByRole("img", { name: /^Shares by home language/ });
    expect(shares.querySelectorAll(".bar").length).toBe(1);
    expect(within(shares).getByText("≤ 5%")).toBeTruthy();
    expect(tableRows(within(equity).getByRole("table"))).toEqual([
      ["Group", "Matched share", "Met share"],
      ["Spanish", "50%", "≤ 5%"],
    ]);

    const assets = getByRole("heading", { level: 2, name: "Asset map: strengths and needs" }).closest("section")!;
    expect(tableRows(within(assets).getByRole("table"))).toEqual([
      ["Category", "Strengths offered", "Needs"],
      ["Cooking", "14", "hidden"],
    ]);
  });

  it("reads the figures in plain words only when both periods are exact", async () => {
    const { findByText, queryByText } = at("/staff/insights", <InsightsScreen />);
    expect(await findByText("52 families are in the community, 12 more than in October 2026.")).toBeTruthy();
    expect(await findByText("34 families now have a peer tie, 12 more than in October 2026.")).toBeTruthy();
    expect(await findByText("41% of ties link families with different home languages, 11 points more than in October 2026.")).toBeTruthy();
    // Hidden now (active, needs met) or hidden before (connected share): nothing comparative.
    expect(queryByText(/families were active in/)).toBeNull();
    expect(queryByText(/needs were met in/)).toBeNull();
    expect(queryByText(/have at least one tie/)).toBeNull();
  });

  it("asks for quarters when chosen", async () => {
    const { findByRole, getByLabelText } = at("/staff/insights", <InsightsScreen />);
    await findByRole("heading", { level: 2, name: "Growth over time" });
    fireEvent.change(getByLabelText("Period"), { target: { value: "QUARTER" } });
    await waitFor(() => expect(ops("StaffInsights").at(-1)!.variables.granularity).toBe("QUARTER"));
    expect(ops("StaffInsights").at(-1)!.variables).toMatchObject({ communityId: COMMUNITY, ...lastMonths() });
  });

  it("keeps the refresh button off until it may be used, and says so when the API refuses", async () => {
    const later = new Date(Date.now() + 8 * 60_000).toISOString();
    answers.StaffInsights = () => insights({ refreshAvailableAt: later });
    const first = at("/staff/insights", <InsightsScreen />);
    await first.findByRole("heading", { level: 2, name: "Growth over time" });
    const off = first.getByRole("button", { name: "Refresh figures" });
    expect((off as HTMLButtonElement).disabled).toBe(true);
    const time = new Intl.DateTimeFormat("en", { timeStyle: "short" }).format(new Date(later));
    expect(first.getByText(`You can refresh again at ${time}.`)).toBeTruthy();
    cleanup();

    answers.StaffInsights = () => insights();
    answers.StaffRefreshInsights = () => ({
      refreshCommunityInsights: { refreshAvailableAt: later, errors: [{ field: ["communityId"], message: "The figures were refreshed a moment ago. Try again in 480 seconds.", code: "RATE_LIMITED", retryAfter: 480 }] },
    });
    const { findByRole, findByText, getByRole } = at("/staff/insights", <InsightsScreen />);
    await findByRole("heading", { level: 2, name: "Growth over time" });
    const on = getByRole("button", { name: "Refresh figures" });
    expect((on as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(on);
    expect(await findByText(`The figures were refreshed a few minutes ago. You can ask again at ${time}.`)).toBeTruthy();
    expect(ops("StaffRefreshInsights")[0]!.variables).toEqual({ input: { communityId: COMMUNITY } });
    expect((getByRole("button", { name: "Refresh figures" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("thanks for a refresh that was accepted", async () => {
    answers.StaffRefreshInsights = () => ({ refreshCommunityInsights: { refreshAvailableAt: new Date(Date.now() + 600_000).toISOString(), errors: [] } });
    const { findByRole, findByText } = at("/staff/insights", <InsightsScreen />);
    fireEvent.click(await findByRole("button", { name: "Refresh figures" }));
    expect(await findByText("Asked. The new figures appear here in a few minutes.")).toBeTruthy();
    expect(((await findByRole("button", { name: "Refresh figures" })) as HTMLButtonElement).disabled).toBe(true);
  });

  it("downloads the same figures as CSV", async () => {
    answers.StaffInsightsCsv = () => ({ communityInsightsCsv: "period_start,period_end,metric\n" });
    const made: Blob[] = [];
    const create = vi.fn((b: Blob) => {
      made.push(b);
      return "blob:insights";
    });
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe(`insights-${lastMonths().from}-${lastMonths().to}-month.csv`);
    });
    const { findByRole, getByRole } = at("/staff/insights", <InsightsScreen />);
    await findByRole("heading", { level: 2, name: "Growth over time" });
    fireEvent.click(getByRole("button", { name: "Download CSV" }));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    expect(ops("StaffInsightsCsv")[0]!.variables).toEqual({ communityId: COMMUNITY, ...lastMonths(), granularity: "MONTH" });
    expect(await made[0]!.text()).toBe("period_start,period_end,metric\n");
  });

  it("says when there are no figures yet", async () => {
    answers.StaffInsights = () => insights({ periods: [], computedAt: null });
    const { findByText } = at("/staff/insights", <InsightsScreen />);
    expect(await findByText(/No figures for this period yet/)).toBeTruthy();
    expect(await findByText("The figures have not been computed yet.")).toBeTruthy();
  });

  it("is linked from the hub", async () => {
    const { findByRole } = at("/staff", <Hub />);
    expect((await findByRole("link", { name: /^School insights/ })).getAttribute("href")).toBe("/staff/insights");
  });

  it("is in Spanish for a Spanish-speaking liaison", async () => {
    setLang("es");
    answers.StaffInsights = () => {
      const d = insights();
      const oculto = (f: Fig) => (f.shown === "SUPPRESSED" ? { ...f, display: "oculto" } : f);
      d.communityInsights.periods = d.communityInsights.periods.map((p) => ({ ...p, figures: p.figures.map(oculto) }));
      return d;
    };
    const { findByRole, getByText, getByRole, getAllByText } = at("/staff/insights", <InsightsScreen />);
    expect(await findByRole("heading", { level: 1, name: "Datos de la escuela" })).toBeTruthy();
    expect(getByText(/Ninguna cifra de aquí cubre a menos de 10 familias/)).toBeTruthy();
    expect(getByRole("button", { name: "Actualizar cifras" })).toBeTruthy();
    expect(getByRole("button", { name: "Descargar CSV" })).toBeTruthy();
    expect(await findByRole("heading", { level: 2, name: "Crecimiento" })).toBeTruthy();
    expect(getByText("52 familias están en la comunidad, 12 más que en octubre de 2026.")).toBeTruthy();
    expect(getAllByText("Ver como tabla").length).toBeGreaterThan(0);
    expect(getAllByText("oculto").length).toBeGreaterThan(0);
  });
});
