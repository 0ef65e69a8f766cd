// Plan an event: for one group (?group=, its leaders) or the whole community (organisers). Title,
// description, place, an online link, start and end in the community's time, a repeat with its last
// date (required when repeating), and an optional capacity. The server's refusals show at their fields.
// The same form changes an event (/events/:id/edit, its organisers), prefilled: a series keeps its
// dates and its repeat (one date moves from the event's page), so only its times and last date show.
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { EventsCreateDocument, EventsEventDocument, EventsUpdateDocument, type CreateEventInput, type UpdateEventInput } from "../../gql/graphql";
import { t } from "../../i18n";
import { currentMembership } from "../../state/me";
import { Button, FormErrors, Notice, Page, QueryView, Select, TextArea, TextField, useAction } from "../../ui";
import { clockIn, dayIn, type EventDetails, repeatText } from "./parts";
import { eventHref } from "./paths";

export type Repeat = "none" | "weekly" | "everyN" | "monthly";

export interface EventDraft {
  title: string;
  description: string;
  placeName: string;
  virtualLink: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  repeat: Repeat;
  interval: string;
  until: string;
  capacity: string;
}

export const FIELDS = ["title", "description", "placeName", "virtualLink", "startsAt", "endsAt", "interval", "until", "capacity"] as const;

export function emptyDraft(): EventDraft {
  return { title: "", description: "", placeName: "", virtualLink: "", startDate: "", startTime: "", endDate: "", endTime: "", repeat: "none", interval: "2", until: "", capacity: "" };
}

/** The event as the form shows it: its times in the event's (the community's) zone. */
export function draftOf(e: Pick<EventDetails, "title" | "description" | "placeName" | "virtualLink" | "startsAt" | "endsAt" | "timezone" | "recurrence" | "capacity">): EventDraft {
  const r = e.recurrence;
  const repeat: Repeat = r.frequency === "MONTHLY" ? "monthly" : r.frequency === "WEEKLY" ? (r.interval > 1 ? "everyN" : "weekly") : "none";
  return {
    title: e.title,
    description: e.description,
    placeName: e.placeName ?? "",
    virtualLink: e.virtualLink ?? "",
    startDate: dayIn(e.startsAt, e.timezone),
    startTime: clockIn(e.startsAt, e.timezone),
    endDate: dayIn(e.endsAt, e.timezone),
    endTime: clockIn(e.endsAt, e.timezone),
    repeat,
    interval: String(r.interval),
    until: r.until ?? "",
    capacity: e.capacity ? String(e.capacity) : "",
  };
}

/** What the form refuses before asking the server: a repeating event needs its last date. */
export function checkDraft(d: EventDraft): Record<string, string> {
  return d.repeat !== "none" && !d.until ? { until: t("events.untilRequired") } : {};
}

/** What is sent: local times without an offset (the server reads them in the community's zone). */
export function inputOf(d: EventDraft, where: { communityId: string | null; groupId: string | null }): CreateEventInput {
  const at = (date: string, time: string) => (date ? `${date}T${time || "00:00"}:00` : "");
  const frequency = d.repeat === "none" ? "NONE" : d.repeat === "monthly" ? "MONTHLY" : "WEEKLY";
  return {
    communityId: where.groupId ? null : where.communityId,
    groupId: where.groupId,
    title: d.title.trim(),
    description: d.description.trim() || null,
    placeName: d.placeName.trim() || null,
    virtualLink: d.virtualLink.trim() || null,
    startsAt: at(d.startDate, d.startTime),
    endsAt: at(d.endDate || d.startDate, d.endTime),
    recurrence: frequency === "NONE" ? null : { frequency, interval: d.repeat === "everyN" ? Math.max(1, parseInt(d.interval, 10) || 1) : 1, until: d.until || null },
    capacity: d.capacity.trim() ? parseInt(d.capacity, 10) : null,
  };
}

/** What a change sends: the texts as they are now (an empty place or link removes it), and the times,
 *  last date and capacity only when they changed, so a running series or an event whose start has
 *  passed can still get a new title. */
export function updateInputOf(d: EventDraft, was: EventDraft, eventId: string): UpdateEventInput {
  const at = (date: string, time: string) => (date ? `${date}T${time || "00:00"}:00` : "");
  const timesChanged = d.startDate !== was.startDate || d.startTime !== was.startTime || d.endDate !== was.endDate || d.endTime !== was.endTime;
  const input: UpdateEventInput = {
    eventId,
    title: d.title.trim(),
    description: d.description.trim(),
    placeName: d.placeName.trim(),
    virtualLink: d.virtualLink.trim(),
  };
  if (timesChanged) {
    input.startsAt = at(d.startDate, d.startTime);
    input.endsAt = at(d.endDate || d.startDate, d.endTime);
  }
  if (d.repeat !== "none" && d.until !== was.until) input.until = d.until || null;
  if (d.capacity.trim() !== was.capacity) {
    if (d.capacity.trim()) input.capacity = parseInt(d.capacity, 10);
    else input.noCapacityLimit = true;
  }
  return input;
}

export function EventForm({ communityId, groupId, event }: { communityId: string | null; groupId: string | null; event?: EventDetails }) {
  const { route } = useLocation();
  const [was] = useState<EventDraft | null>(() => (event ? draftOf(event) : null));
  const [d, setD] = useState<EventDraft>(() => was ?? emptyDraft());
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = <K extends keyof EventDraft>(k: K) => (v: EventDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const { busy, errors, run } = useAction(FIELDS);
  const submit = async (e: Event) => {
    e.preventDefault();
    const problems = checkDraft(d);
    setLocal(problems);
    if (Object.keys(problems).length) return;
    let made: string | null = null;
    const ok = await run(async () => {
      const payload =
        event && was
          ? (await request(EventsUpdateDocument, { input: updateInputOf(d, was, event.id) })).updateEvent
          : (await request(EventsCreateDocument, { input: inputOf(d, { communityId, groupId }) })).createEvent;
      made = payload.event?.id ?? null;
      return payload.errors;
    });
    if (ok && made) route(eventHref(made));
  };
  const f = { ...errors.fields, ...local };
  // A series keeps its dates and its repeat: only its times and its last date change here.
  const series = !!event && event.recurrence.frequency !== "NONE";
  return (
    <form class="stack skills-form" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <TextField label={t("events.fieldTitle")} value={d.title} onValue={set("title")} required maxLength={120} error={f.title} />
      <TextArea label={t("events.fieldDescription")} value={d.description} onValue={set("description")} maxLength={4000} error={f.description} />
      <TextField label={t("events.fieldPlace")} hint={t("events.fieldPlaceHint")} value={d.placeName} onValue={set("placeName")} maxLength={200} error={f.placeName} />
      <TextField label={t("events.fieldLink")} hint={t("events.fieldLinkHint")} type="url" value={d.virtualLink} onValue={set("virtualLink")} error={f.virtualLink} />
      {event && series && <p class="muted">{`${repeatText(event.recurrence)}. ${t("events.seriesKeepsDates")}`}</p>}
      {!series && <TextField label={t("events.startDate")} type="date" value={d.startDate} onValue={set("startDate")} required error={f.startsAt} />}
      <TextField label={t("events.startTime")} type="time" value={d.startTime} onValue={set("startTime")} required error={series ? f.startsAt : undefined} />
      {!series && <TextField label={t("events.endDate")} type="date" value={d.endDate} onValue={set("endDate")} error={f.endsAt} />}
      <TextField label={t("events.endTime")} type="time" value={d.endTime} onValue={set("endTime")} required error={series ? f.endsAt : undefined} />
      {!event && (
        <Select<Repeat>
          label={t("events.repeat")}
          value={d.repeat}
          onValue={set("repeat")}
          options={[
            { value: "none", label: t("events.repeatNone") },
            { value: "weekly", label: t("events.repeatWeekly") },
            { value: "everyN", label: t("events.repeatEveryN") },
            { value: "monthly", label: t("events.repeatMonthly") },
          ]}
        />
      )}
      {!event && d.repeat === "everyN" && <TextField label={t("events.interval")} type="number" value={d.interval} onValue={set("interval")} error={f.interval} />}
      {d.repeat !== "none" && <TextField label={t("events.until")} hint={t("events.untilHint")} type="date" value={d.until} onValue={set("until")} required error={f.until} />}
      <TextField label={t("events.capacity")} hint={t("events.capacityHint")} type="number" value={d.capacity} onValue={set("capacity")} error={f.capacity} />
      <Button type="submit" block busy={busy} busyLabel={t("events.saving")}>
        {event ? t("events.saveChanges") : t("events.create")}
      </Button>
    </form>
  );
}

export default function NewEvent() {
  const { query } = useLocation();
  const groupId = query.group || null;
  const communityId = currentMembership.value?.communityId ?? null;
  return (
    <Page title={t("events.newTitle")} lead={groupId ? t("events.newLeadGroup") : t("events.newLead")}>
      <EventForm communityId={communityId} groupId={groupId} />
    </Page>
  );
}

/** Change an event: its organisers only (the server decides; the screen says so to anyone else). */
export function EditEvent({ id }: { id: string }) {
  const q = useQuery(EventsEventDocument, { id });
  const gone = <Notice>{t("events.eventGone")}</Notice>;
  return (
    <Page title={t("events.editTitle")} lead={t("events.editLead")}>
      <QueryView q={q} select={(d) => d.event} missing={gone} error={() => gone}>
        {(event) =>
          event.cancelled ? (
            <Notice>{t("events.editCancelled")}</Notice>
          ) : !event.viewerCanManage ? (
            <Notice>{t("events.editOnlyOrganisers")}</Notice>
          ) : (
            <EventForm key={event.id} communityId={event.communityId} groupId={event.groupId ?? null} event={event} />
          )
        }
      </QueryView>
    </Page>
  );
}
