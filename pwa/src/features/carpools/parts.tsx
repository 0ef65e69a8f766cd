// What the carpools' screens share: weekdays, runs and times in words (in the carpool's time zone and
// the person's language), free seats and distance, my place in a carpool as a badge, a carpool's
// card, the plain statement that Village does not screen drivers, and the API's refusals in words.
import type { UserError } from "../../api/client";
import type { CarpoolDirection, CarpoolPurpose, CarpoolWeeks, CarpoolsCardFieldsFragment, CarpoolsLegFieldsFragment, SeatState, Weekday } from "../../gql/graphql";
import { has, lang, t, tn, type Key } from "../../i18n";
import { Notice } from "../../ui";
import { carpoolHref } from "./paths";

export type CarpoolCardData = CarpoolsCardFieldsFragment;
export type Leg = CarpoolsLegFieldsFragment;

export const WEEKDAYS: readonly Weekday[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];
export const SCHOOL_DAYS: readonly Weekday[] = WEEKDAYS.slice(0, 5);
export const PURPOSES: readonly CarpoolPurpose[] = ["SCHOOL", "TEAM", "EVENT"];

const locale = () => (lang.value === "es" ? "es" : "en");

/** "Monday" / "Mon" in the person's language (2024-01-01 was a Monday). */
export function weekdayName(day: Weekday, style: "long" | "short" = "long"): string {
  return new Intl.DateTimeFormat(locale(), { weekday: style, timeZone: "UTC" }).format(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day)));
}

/** A local wall-clock time ("07:45:00") as people read it: "7:45 AM", "7:45". */
export function clockText(at: string): string {
  const [h, m] = at.split(":").map((x) => parseInt(x, 10));
  return new Intl.DateTimeFormat(locale(), { hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(Date.UTC(2024, 0, 1, h || 0, m || 0));
}

/** "there" / "back". */
export function directionName(direction: CarpoolDirection): string {
  return direction === "TO" ? t("carpools.there") : t("carpools.back");
}

function weeksSuffix(weeks: CarpoolWeeks): string {
  return weeks === "EVERY" ? "" : ` ${weeks === "A" ? t("carpools.weekA") : t("carpools.weekB")}`;
}

/** A run in words: "Monday there" or "Friday back (week A)". */
export function legLabel(leg: Pick<Leg, "weekday" | "direction" | "weeks">): string {
  return t(leg.direction === "TO" ? "carpools.legThere" : "carpools.legBack", { day: weekdayName(leg.weekday) }) + weeksSuffix(leg.weeks);
}

/** Days in words: a run of three or more in a row as a range ("Mon–Fri"), the rest listed. */
export function daysText(days: readonly Weekday[]): string {
  const idx = [...new Set(days.map((d) => WEEKDAYS.indexOf(d)))].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j] + 1) j++;
    const name = (k: number) => weekdayName(WEEKDAYS[idx[k]], "short");
    if (j - i >= 2) parts.push(`${name(i)}–${name(j)}`);
    else for (let k = i; k <= j; k++) parts.push(name(k));
    i = j + 1;
  }
  return parts.join(", ");
}

/** The week's runs in a line: "Mon–Fri there 7:45 AM · Mon–Fri back 3:15 PM". */
export function scheduleSummary(legs: readonly Pick<Leg, "weekday" | "direction" | "at" | "weeks">[]): string {
  const groups = new Map<string, { direction: CarpoolDirection; at: string; weeks: CarpoolWeeks; days: Weekday[] }>();
  const sorted = [...legs].sort((a, b) => (a.direction === b.direction ? a.at.localeCompare(b.at) : a.direction === "TO" ? -1 : 1));
  for (const leg of sorted) {
    const key = `${leg.direction}|${leg.at}|${leg.weeks}`;
    const g = groups.get(key) ?? { direction: leg.direction, at: leg.at, weeks: leg.weeks, days: [] };
    g.days.push(leg.weekday);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => t("carpools.runSummary", { days: daysText(g.days), direction: directionName(g.direction), time: clockText(g.at) }) + weeksSuffix(g.weeks)).join(" · ");
}

/** The week as lines, days with the same runs together: "Mon–Fri: there 7:45 AM, back 3:15 PM". */
export function scheduleLines(legs: readonly Pick<Leg, "weekday" | "direction" | "at" | "weeks">[]): { days: string; runs: string }[] {
  const runsOf = new Map<Weekday, string>();
  for (const day of WEEKDAYS) {
    const runs = legs
      .filter((l) => l.weekday === day)
      .sort((a, b) => (a.direction === b.direction ? a.weeks.localeCompare(b.weeks) : a.direction === "TO" ? -1 : 1))
      .map((l) => `${directionName(l.direction)} ${clockText(l.at)}${weeksSuffix(l.weeks)}`);
    if (runs.length) runsOf.set(day, runs.join(", "));
  }
  const lines: { days: Weekday[]; runs: string }[] = [];
  for (const [day, runs] of runsOf) {
    const same = lines.find((l) => l.runs === runs);
    if (same) same.days.push(day);
    else lines.push({ days: [day], runs });
  }
  return lines.map((l) => ({ days: daysText(l.days), runs: l.runs }));
}

export function seatsFreeText(seatsFree: number): string {
  return seatsFree > 0 ? tn("carpools.seatsFree", seatsFree) : t("carpools.full");
}

export function distanceText(km: number | null | undefined): string | null {
  if (km === null || km === undefined) return null;
  return t("carpools.aboutKm", { km: new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(km) });
}

export function purposeName(purpose: CarpoolPurpose): string {
  return t(`carpools.purpose_${purpose}` as Key);
}

/** A calendar date ("2026-03-03") in words, read as a date (no zone shift): "Tuesday, March 3, 2026". */
export function dateText(date: string, withWeekday = true): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale(), { weekday: withWeekday ? "long" : undefined, month: "long", day: "numeric", year: "numeric", timeZone: "UTC" });
}

/** When a trip starts, in the carpool's time zone: "Tue, Mar 3, 7:45 AM". */
export function tripWhen(startsAt: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone }).format(new Date(startsAt));
}

/** Just the time of an instant in the carpool's zone: "7:52 AM". */
export function timeIn(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), { hour: "numeric", minute: "2-digit", timeZone }).format(new Date(instant));
}

/** A family by its caregivers' names ("Ana R. & Ben R."), or "Your family". */
export function familyName(f: { isMine: boolean; caregivers: readonly { displayName: string }[] }): string {
  if (f.isMine) return t("carpools.yourFamily");
  const names = f.caregivers.map((c) => c.displayName);
  return names.length ? names.join(" & ") : t("carpools.aFamily");
}

/** My place in a carpool, as every card and the carpool's page show it. */
export function StateBadge({ state, organiser }: { state: SeatState | null | undefined; organiser: boolean }) {
  if (organiser) return <span class="status">{t("carpools.stateOrganiser")}</span>;
  if (state === "APPROVED") return <span class="status">{t("carpools.stateApproved")}</span>;
  if (state === "PENDING") return <span class="status pending">{t("carpools.statePending")}</span>;
  if (state === "DECLINED") return <span class="status failed">{t("carpools.stateDeclined")}</span>;
  return null;
}

/** The honest trust model, said plainly wherever carpools are found or joined. */
export function NoScreening() {
  return (
    <Notice tone="warn">
      <p class="carpools-trust">{t("carpools.noScreening")}</p>
    </Notice>
  );
}

export function CarpoolCard({ carpool: c, headingLevel = 3 }: { carpool: CarpoolCardData; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const distance = distanceText(c.distanceKm);
  return (
    <li class="card stack carpool-card">
      <div class="card-head">
        <Heading>
          <a href={carpoolHref(c.id)}>{c.title}</a>
        </Heading>
        <div class="row">
          <StateBadge state={c.viewerState} organiser={c.viewerIsOrganiser} />
          {c.cancelled && <span class="status failed">{t("carpools.ended")}</span>}
          {c.pendingRequestCount > 0 && <span class="status pending">{tn("carpools.requestsWaiting", c.pendingRequestCount)}</span>}
        </div>
      </div>
      <p>
        {t("carpools.toDestination", { destination: c.destination })} <span class="muted">· {purposeName(c.purpose)}</span>
      </p>
      <p class="muted">{scheduleSummary(c.schedule.legs)}</p>
      <p>
        <strong>{seatsFreeText(c.seatsFree)}</strong>
      </p>
      <p class="muted">{[t("carpools.pickupAround", { area: c.pickupArea }), distance].filter(Boolean).join(" · ")}</p>
    </li>
  );
}

/** The carpools API's refusals in the reader's language: English keeps the server's words (they
 *  name the runs, "Not enough free seats on Monday there"); other languages get the catalogue's. */
export function inWords(errors: readonly UserError[]): UserError[] {
  if (lang.value === "en") return [...errors];
  return errors.map((e) => {
    const key = `carpools.error_${e.code}`;
    return has(key) ? { ...e, message: t(key as Key), code: `carpools.${e.code}` } : e;
  });
}

/** An instant as a datetime-local input holds it, in the carpool's zone ("2026-03-03T07:45"). */
export function localInput(instant: string, timeZone: string): string {
  const d = new Date(instant);
  const day = d.toLocaleDateString("en-CA", { timeZone });
  const time = d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  return `${day}T${time}`;
}

/** Whether two instants fall on the same calendar day in a time zone. */
export function sameDay(a: string, b: string, timeZone: string): boolean {
  const day = (x: string) => new Date(x).toLocaleDateString("en-CA", { timeZone });
  return day(a) === day(b);
}

/** A time zone as people say it ("Central Time", "hora central"), or its name when Intl cannot. */
export function zoneName(timeZone: string): string {
  try {
    const part = new Intl.DateTimeFormat(locale(), { timeZone, timeZoneName: "longGeneric" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName");
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}
