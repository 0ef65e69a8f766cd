// Dates and times in the community's time zone, and the words for an event's repeat and seats.
import type { EventsEventQuery, EventsOccurrenceFieldsFragment, EventsRsvpFieldsFragment } from "../../gql/graphql";
import { lang, t } from "../../i18n";

export type Occurrence = EventsOccurrenceFieldsFragment;
export type Rsvp = EventsRsvpFieldsFragment;
export type EventDetails = EventsEventQuery["event"];

const locale = () => (lang.value === "es" ? "es" : "en");

/** "Tuesday, March 3" for a date key ("2026-03-03"), read as a calendar date (no zone shift). */
export function dayName(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale(), { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" });
}

/** The calendar date of an instant in a time zone ("2026-03-03"). */
export function dayIn(instant: string, timeZone: string): string {
  return new Date(instant).toLocaleDateString("en-CA", { timeZone });
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
