// Dates and times in the community's time zone, the words for an event's repeat, seats and answers,
// and saving an .ics text as a file.
import type { EventsEventQuery, EventsOccurrenceFieldsFragment, EventsRsvpFieldsFragment, EventsRsvpsQuery } from "../../gql/graphql";
import { useState } from "preact/hooks";
import { lang, t } from "../../i18n";
import { Button, FormErrors, thrownText } from "../../ui";

export type Occurrence = EventsOccurrenceFieldsFragment;
export type Rsvp = EventsRsvpFieldsFragment;
export type EventDetails = EventsEventQuery["event"];
export type Answer = EventsRsvpsQuery["event"]["rsvps"][number];

const locale = () => (lang.value === "es" ? "es" : "en");

/** "Tuesday, March 3" for a date key ("2026-03-03"), read as a calendar date (no zone shift). */
export function dayName(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale(), { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" });
}

/** The calendar date of an instant in a time zone ("2026-03-03"). */
export function dayIn(instant: string, timeZone: string): string {
  return new Date(instant).toLocaleDateString("en-CA", { timeZone });
}

/** The wall-clock time of an instant in a time zone, as a time input holds it ("16:00"). */
export function clockIn(instant: string, timeZone: string): string {
  return new Date(instant).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
}

/** An instant as a datetime-local input holds it, in the event's zone ("2026-03-03T16:00"). */
export function localInput(instant: string, timeZone: string): string {
  return `${dayIn(instant, timeZone)}T${clockIn(instant, timeZone)}`;
}

export function timeIn(instant: string, timeZone: string): string {
  return new Date(instant).toLocaleTimeString(locale(), { hour: "numeric", minute: "2-digit", timeZone });
}

/** "Tuesday, March 3, 4:00 PM – 5:30 PM", in the event's (the community's) time. */
export function whenText(startsAt: string, endsAt: string, timeZone: string): string {
  return `${dayName(dayIn(startsAt, timeZone))}, ${timeIn(startsAt, timeZone)} – ${timeIn(endsAt, timeZone)}`;
}

export function repeatText(r: EventDetails["recurrence"]): string {
  const until = r.until ? dayName(r.until) : "";
  if (r.frequency === "WEEKLY") return r.interval > 1 ? t("events.repeatsEveryN", { n: r.interval, until }) : t("events.repeatsWeekly", { until });
  if (r.frequency === "MONTHLY") return t("events.repeatsMonthly", { until });
  return t("events.noRepeat");
}

export function seatsText(o: Pick<Occurrence, "spotsLeft">): string | null {
  if (o.spotsLeft === null || o.spotsLeft === undefined) return null;
  return o.spotsLeft > 0 ? t("events.seatsLeft", { count: o.spotsLeft }) : t("events.full");
}

/** My answer in words: going with how many, my place in the waiting line, or not going. */
export function answerText(r: Rsvp | null | undefined): string {
  if (!r) return t("events.noAnswer");
  if (r.status === "GOING") return t("events.youGoing", { adults: r.adults, children: r.children });
  if (r.status === "WAITLISTED") return r.waitlistPosition ? t("events.youWaitlisted", { place: r.waitlistPosition }) : t("events.youWaitlistedNoPlace");
  return t("events.youNotGoing");
}

/** Occurrences grouped by their day in the community's time, in order. */
export function byDay(list: readonly Occurrence[]): [string, Occurrence[]][] {
  const days = new Map<string, Occurrence[]>();
  for (const o of [...list].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const day = dayIn(o.startsAt, o.event.timezone);
    days.set(day, [...(days.get(day) ?? []), o]);
  }
  return [...days];
}

/** Who answered, in the organisers' list: going with how many, place in line, or not going. */
export function theirAnswerText(r: Pick<Answer, "status" | "adults" | "children" | "waitlistPosition">): string {
  if (r.status === "GOING") return t("events.theyGoing", { adults: r.adults, children: r.children });
  if (r.status === "WAITLISTED") return r.waitlistPosition ? t("events.theyWaitlisted", { place: r.waitlistPosition, adults: r.adults, children: r.children }) : t("events.theyWaitlistedNoPlace");
  return t("events.theyNotGoing");
}

/** A file name from the event's title: "saturday-park-playdate.ics" (letters of any language kept). */
export function icsFilename(title: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${base || "events"}.ics`;
}

/** Saves text as a file on the device: a Blob and a temporary object URL, so no address ever
 *  carries the session (the text was fetched with it, like any query). */
export function saveIcs(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/calendar" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Add to calendar": fetches the .ics text with the session (through the GraphQL client) and saves it. */
export function IcsButton({ label, filename, load }: { label: string; filename: string; load: () => Promise<string> }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setProblem(null);
    try {
      saveIcs(await load(), filename);
    } catch (e) {
      setProblem(thrownText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="stack">
      <FormErrors messages={problem ? [problem] : []} />
      <Button variant="secondary" block busy={busy} busyLabel={t("events.icsPreparing")} onClick={() => void save()}>
        {label}
      </Button>
    </div>
  );
}
