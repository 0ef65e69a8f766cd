// The school's insights, for its staff: the community's figures over the last 12 months by month or
// quarter, section by section, each with its definitions, a chart with the same figures as a table,
// and a reading in plain words drawn only from exact figures. The figures themselves come from the
// API already made safe (no figure covers fewer than ten families); this screen never recomputes one.
import { useEffect, useState } from "preact/hooks";
import { request, type UserError } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { StaffInsightsCsvDocument, StaffInsightsDocument, StaffRefreshInsightsDocument, type InsightGranularity, type StaffInsightsQuery } from "../../gql/graphql";
import { lang, relativeTime, t, type Key } from "../../i18n";
import { currentMembership } from "../../state/me";
import { Button, errorText, FormErrors, Notice, Page, QueryView, Select, thrownText } from "../../ui";
import { BarChart, type Cell, LineChart, ScrollTable, type Series } from "./insights-charts";
import { couldNotLoad, Status } from "./parts";
import "./insights.css";

export type Insights = StaffInsightsQuery["communityInsights"];
type Period = Insights["periods"][number];
type Figure = Period["figures"][number];
type Metric = Insights["metrics"][number];

const MONTHS = 12;

function iso(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** The last 12 months, this one included: the first day of the month 11 months ago to today. */
export function lastMonths(now = new Date()): { from: string; to: string } {
  return { from: iso(new Date(now.getFullYear(), now.getMonth() - (MONTHS - 1), 1)), to: iso(now) };
}

/** A "YYYY-MM-DD" date as a local date (not midnight UTC, which is the day before west of London). */
function day(text: string): Date {
  const [y, m, d] = text.split("-").map(Number);
  return new Date(y!, m! - 1, d!);
}

function periodNames(p: Period, granularity: InsightGranularity): { short: string; long: string } {
  const start = day(p.start);
  const end = day(p.end);
  const month = (d: Date, style: "short" | "long") => new Intl.DateTimeFormat(lang.value, { month: style }).format(d);
  if (granularity === "QUARTER") {
    const range = `${month(start, "short")}–${month(end, "short")}`;
    return { short: range, long: `${range} ${end.getFullYear()}` };
  }
  return { short: month(start, "short"), long: new Intl.DateTimeFormat(lang.value, { month: "long", year: "numeric" }).format(start) };
}

function find(p: Period | undefined, metric: string, breakdown: string | null = null): Figure | undefined {
  return p?.figures.find((f) => f.metric === metric && (f.breakdown ?? null) === breakdown);
}

function exact(f: Figure | undefined): number | null {
  return f && f.shown === "EXACT" && f.value !== null ? f.value : null;
}

function cell(f: Figure | undefined): Cell | undefined {
  return f && { value: exact(f), display: f.display };
}

/** A metric's parts (categories, languages, steps) in the order the API gives them, with labels. */
function parts(p: Period | undefined, metric: string): { key: string; label: string }[] {
  return (p?.figures ?? []).filter((f) => f.metric === metric && f.breakdown !== null).map((f) => ({ key: f.breakdown!, label: f.breakdownLabel ?? f.breakdown! }));
}

function union(...lists: { key: string; label: string }[][]): { key: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const l of lists) for (const p of l) if (!seen.has(p.key)) seen.set(p.key, p.label);
  return [...seen].map(([key, label]) => ({ key, label }));
}

type Reading = "readMembers" | "readActive" | "readConnected" | "readBridging" | "readPeerTie" | "readNeedsMet";

/** A comparison in plain words ("34 families now have a peer tie, 12 more than in September"), only
 *  when the figure is exact in both periods: a hidden one is never guessed at, so nothing is said. */
export function reading(key: Reading, now: Figure | undefined, before: Figure | undefined, names: { now: string; before: string }, rate = false): string | null {
  const a = exact(now);
  const b = exact(before);
  if (a === null || b === null) return null;
  const nf = new Intl.NumberFormat(lang.value);
  const diff = rate ? Math.round(a * 100) - Math.round(b * 100) : a - b;
  const way = diff > 0 ? "more" : diff < 0 ? "fewer" : "same";
  const share = new Intl.NumberFormat(lang.value, { style: "percent", maximumFractionDigits: 0 }).format(a);
  return t(`staff.${key}_${way}` as Key, { count: nf.format(a), share, diff: nf.format(Math.abs(diff)), now: names.now, period: names.before });
}

function Definitions({ metrics }: { metrics: Metric[] }) {
  return (
    <details class="definitions" open>
      <summary>{t("staff.insightsMeaning")}</summary>
      <dl>
        {metrics.map((m) => (
          <div key={m.key}>
            <dt>{m.title}</dt>
            <dd>
              {m.definition}
              {m.source && <span class="muted"> {t("staff.insightsSource", { source: m.source })}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function Readings({ lines }: { lines: (string | null)[] }) {
  const shown = lines.filter((l): l is string => !!l);
  if (!shown.length) return null;
  return (
    <ul class="readings">
      {shown.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

/** A big number with its title, the period before, its definition and source. */
function Tile({ metric, now, before, names }: { metric: Metric; now: Figure | undefined; before: Figure | undefined; names: { now: string; before: string } }) {
  return (
    <li class="tile">
      <span class="tile-title">{metric.title}</span>
      <strong class={`tile-value${now && now.shown !== "EXACT" ? " gap" : ""}`}>{now?.display ?? t("staff.insightsNone")}</strong>
      {before && <span class="muted">{t("staff.insightsBefore", { period: names.before, value: before.display })}</span>}
    </li>
  );
}

type View = { data: Insights; latest: Period | undefined; previous: Period | undefined; names: { now: string; before: string }; metric: (key: string) => Metric | undefined; bySection: (section: string) => Metric[] };

function Section({ id, title, metrics, children }: { id: string; title: string; metrics: Metric[]; children: preact.ComponentChildren }) {
  return (
    <section class="card stack insights-section" aria-labelledby={`ins-${id}`}>
      <h2 id={`ins-${id}`}>{title}</h2>
      {children}
      <Definitions metrics={metrics} />
    </section>
  );
}

function Tiles({ v, keys }: { v: View; keys: string[] }) {
  const metrics = keys.map(v.metric).filter((m): m is Metric => !!m);
  return (
    <ul class="tiles">
      {metrics.map((m) => (
        <Tile key={m.key} metric={m} now={find(v.latest, m.key)} before={find(v.previous, m.key)} names={v.names} />
      ))}
    </ul>
  );
}

function Sections({ v, granularity }: { v: View; granularity: InsightGranularity }) {
  const { data, latest, previous, names } = v;
  const periods = data.periods.map((p) => periodNames(p, granularity));
  const over = (key: string, breakdown: string | null = null): Series => ({ name: v.metric(key)?.title ?? key, cells: data.periods.map((p) => cell(find(p, key, breakdown))) });
  const at = (key: string, groups: { key: string }[], name?: string): Series => ({ name: name ?? v.metric(key)?.title ?? key, cells: groups.map((g) => cell(find(latest, key, g.key))) });
  const compare = (key: Reading, metric: string, breakdown: string | null = null, rate = false) => reading(key, find(latest, metric, breakdown), find(previous, metric, breakdown), names, rate);

  const tieGroups = parts(latest, "ties.families");
  const steps = parts(latest, "continuum.step");
  const categories = union(parts(latest, "assets.strengths"), parts(latest, "assets.needs"));
  const needCategories = union(parts(latest, "needs.posted"), parts(latest, "needs.met"));
  const languages = union(parts(latest, "equity.matched_share"), parts(latest, "equity.met_share"));
  const needColumns = ["needs.posted", "needs.met", "needs.met_share", "needs.days_to_meet"].map(v.metric).filter((m): m is Metric => !!m);
  const nothing = <p class="muted">{t("staff.insightsNoFigures")}</p>;

  return (
    <>
      <Section id="growth" title={t("staff.secGrowth")} metrics={v.bySection("growth")}>
        <Readings lines={[compare("readMembers", "families.members"), compare("readActive", "families.active")]} />
        <LineChart title={t("staff.chartGrowth")} periods={periods} series={[over("families.members"), over("families.active")]} />
        <Tiles v={v} keys={["families.joined"]} />
      </Section>

      <Section id="ties" title={t("staff.secTies")} metrics={v.bySection("ties")}>
        <Readings lines={[compare("readConnected", "ties.connected_share", null, true)]} />
        <Tiles v={v} keys={["ties.pairs"]} />
        {tieGroups.length ? (
          <BarChart title={t("staff.chartTies", { period: names.now })} rowHeader={t("staff.insightsGroupCol")} groups={tieGroups.map((g) => g.label)} series={[at("ties.families", tieGroups)]} />
        ) : (
          nothing
        )}
        <LineChart title={v.metric("ties.connected_share")?.title ?? ""} periods={periods} series={[over("ties.connected_share")]} rate />
      </Section>

      <Section id="bridging" title={t("staff.secBridging")} metrics={[...v.bySection("bridging"), ...v.bySection("reciprocity"), ...v.bySection("reach")]}>
        <Readings lines={[compare("readBridging", "bridging.share", null, true)]} />
        <Tiles v={v} keys={["bridging.share", "bridging.ei", "reciprocity.families", "reciprocity.ties", "reach.median"]} />
      </Section>

      <Section id="continuum" title={t("staff.secContinuum")} metrics={v.bySection("continuum")}>
        <Readings lines={[compare("readPeerTie", "continuum.step", "peer_tie")]} />
        {steps.length ? (
          <BarChart title={t("staff.chartContinuum", { period: names.now })} rowHeader={t("staff.insightsGroupCol")} groups={steps.map((s) => s.label)} series={[at("continuum.step", steps)]} />
        ) : (
          nothing
        )}
        <Tiles v={v} keys={["continuum.moved_up"]} />
      </Section>

      <Section id="assets" title={t("staff.secAssets")} metrics={v.bySection("assets")}>
        {categories.length ? (
          <BarChart
            title={t("staff.chartAssets", { period: names.now })}
            rowHeader={t("staff.needsCategoryCol")}
            groups={categories.map((c) => c.label)}
            series={[at("assets.strengths", categories), at("assets.needs", categories)]}
          />
        ) : (
          nothing
        )}
      </Section>

      <Section id="mobilise" title={t("staff.secMobilise")} metrics={v.bySection("mobilise")}>
        <Readings lines={[compare("readNeedsMet", "needs.met")]} />
        <Tiles v={v} keys={["needs.posted", "needs.met", "needs.met_share", "needs.days_to_meet", "carpools.families", "carpools.seats_filled", "groups.participating", "events.held"]} />
        {needCategories.length > 0 && (
          <>
            <BarChart
              title={t("staff.chartNeeds", { period: names.now })}
              rowHeader={t("staff.needsCategoryCol")}
              groups={needCategories.map((c) => c.label)}
              series={[at("needs.posted", needCategories), at("needs.met", needCategories)]}
            />
            <ScrollTable name={t("staff.needsByCategory", { period: names.now })}>
              <table class="figures">
                <caption>{t("staff.needsByCategory", { period: names.now })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("staff.needsCategoryCol")}</th>
                    {needColumns.map((m) => (
                      <th key={m.key} scope="col">
                        {m.title}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {needCategories.map((c) => (
                    <tr key={c.key}>
                      <th scope="row">{c.label}</th>
                      {needColumns.map((m) => (
                        <td key={m.key}>{find(latest, m.key, c.key)?.display ?? t("staff.insightsNone")}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          </>
        )}
      </Section>

      <Section id="equity" title={t("staff.secEquity")} metrics={v.bySection("equity")}>
        {languages.length ? (
          <BarChart
            title={t("staff.chartEquity", { period: names.now })}
            rowHeader={t("staff.insightsGroupCol")}
            groups={languages.map((l) => l.label)}
            series={[at("equity.matched_share", languages), at("equity.met_share", languages)]}
            rate
          />
        ) : (
          nothing
        )}
      </Section>
    </>
  );
}

function view(data: Insights, granularity: InsightGranularity): View {
  const latest = data.periods.at(-1);
  const previous = data.periods.at(-2);
  const metrics = new Map(data.metrics.map((m) => [m.key, m]));
  return {
    data,
    latest,
    previous,
    names: { now: latest ? periodNames(latest, granularity).long : "", before: previous ? periodNames(previous, granularity).long : "" },
    metric: (key) => metrics.get(key),
    bySection: (section) => data.metrics.filter((m) => m.section === section),
  };
}

function clock(isoTime: string): string {
  return new Intl.DateTimeFormat(lang.value, { timeStyle: "short" }).format(new Date(isoTime));
}

/** Save text as a file the browser downloads. */
function save(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Controls({ communityId, granularity, onGranularity, range, data }: { communityId: string; granularity: InsightGranularity; onGranularity: (g: InsightGranularity) => void; range: { from: string; to: string }; data: Insights | undefined }) {
  const [availableAt, setAvailableAt] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [, setNow] = useState(0);
  const until = availableAt ?? data?.refreshAvailableAt ?? null;
  const waiting = !!until && new Date(until).getTime() > Date.now();
  // The button comes back by itself when the time is up.
  useEffect(() => {
    if (!waiting || !until) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(new Date(until).getTime() - Date.now() + 500, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [until, waiting]);

  const refresh = async () => {
    setRefreshing(true);
    setSaid(null);
    setProblems([]);
    try {
      const answer = (await request(StaffRefreshInsightsDocument, { input: { communityId } })).refreshCommunityInsights;
      const limited = answer.errors.find((e: UserError) => e.code === "RATE_LIMITED");
      if (limited) {
        const at = answer.refreshAvailableAt ?? new Date(Date.now() + (limited.retryAfter ?? 600) * 1000).toISOString();
        setAvailableAt(at);
        setProblems([t("staff.insightsRateLimited", { time: clock(at) })]);
      } else if (answer.errors.length) {
        setProblems(answer.errors.map(errorText));
      } else {
        setAvailableAt(answer.refreshAvailableAt);
        setSaid(t("staff.insightsRefreshAsked"));
      }
    } catch (e) {
      setProblems([thrownText(e)]);
    } finally {
      setRefreshing(false);
    }
  };

  const download = async () => {
    setDownloading(true);
    setProblems([]);
    try {
      const csv = (await request(StaffInsightsCsvDocument, { communityId, ...range, granularity })).communityInsightsCsv;
      save(csv, `insights-${range.from}-${range.to}-${granularity.toLowerCase()}.csv`);
    } catch {
      setProblems([t("staff.insightsCsvFailed")]);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div class="card stack insights-controls">
      <Select
        label={t("staff.insightsRange")}
        value={granularity}
        onValue={onGranularity}
        options={[
          { value: "MONTH", label: t("staff.insightsByMonth") },
          { value: "QUARTER", label: t("staff.insightsByQuarter") },
        ]}
      />
      <div class="row">
        <Button variant="secondary" onClick={() => void refresh()} disabled={waiting} busy={refreshing} busyLabel={t("staff.insightsRefreshing")} aria-describedby={waiting ? "insights-refresh-when" : undefined}>
          {t("staff.insightsRefresh")}
        </Button>
        <Button variant="secondary" onClick={() => void download()} disabled={!data} busy={downloading} busyLabel={t("staff.insightsCsvBusy")}>
          {t("staff.insightsCsv")}
        </Button>
      </div>
      {waiting && until && (
        <p class="muted" id="insights-refresh-when">
          {t("staff.insightsRefreshAt", { time: clock(until) })}
        </p>
      )}
      <FormErrors messages={problems} />
      <Status text={said} />
    </div>
  );
}

export default function InsightsScreen() {
  const communityId = currentMembership.value?.communityId ?? "";
  const [granularity, setGranularity] = useState<InsightGranularity>("MONTH" as InsightGranularity);
  const [range] = useState(lastMonths);
  const q = useQuery(StaffInsightsDocument, { communityId, ...range, granularity }, { skip: !communityId });
  const data = q.data?.communityInsights;

  // Printing shows every chart's table: a closed <details> would print as its summary alone.
  useEffect(() => {
    const opened: HTMLDetailsElement[] = [];
    const before = () => {
      document.querySelectorAll<HTMLDetailsElement>(".insights details:not([open])").forEach((d) => {
        d.open = true;
        opened.push(d);
      });
    };
    const after = () => opened.splice(0).forEach((d) => (d.open = false));
    addEventListener("beforeprint", before);
    addEventListener("afterprint", after);
    return () => {
      removeEventListener("beforeprint", before);
      removeEventListener("afterprint", after);
    };
  }, []);

  return (
    <Page title={t("staff.insightsTitle")} lead={t("staff.insightsLead")}>
      <div class="insights stack">
        <Notice>
          <p>{t("staff.insightsPrivacy", { count: data?.minimumFamilies ?? 10 })}</p>
        </Notice>
        <Controls communityId={communityId} granularity={granularity} onGranularity={setGranularity} range={range} data={data} />
        {data && <p class="muted">{data.computedAt ? t("staff.insightsComputed", { when: relativeTime(data.computedAt) }) : t("staff.insightsNeverComputed")}</p>}
        <QueryView q={q} select={(d) => d.communityInsights} isEmpty={(d) => d.periods.length === 0} empty={<p class="card empty-state">{t("staff.insightsEmpty")}</p>} error={couldNotLoad(q)}>
          {(d) => {
            const v = view(d, d.granularity);
            return (
              <>
                <p class="insights-latest">{t("staff.insightsLatest", { period: v.names.now })}</p>
                <Sections v={v} granularity={d.granularity} />
              </>
            );
          }}
        </QueryView>
      </div>
    </Page>
  );
}
