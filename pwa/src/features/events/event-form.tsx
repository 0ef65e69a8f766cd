// Plan an event: for one group (?group=, its leaders) or the whole community (organisers). Title,
// description, place, an online link, start and end in the community's time, a repeat with its last
// date (required when repeating), and an optional capacity. The server's refusals show at their fields.
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { EventsCreateDocument, type CreateEventInput } from "../../gql/graphql";
import { t } from "../../i18n";
import { currentMembership } from "../../state/me";
import { Button, FormErrors, Page, Select, TextArea, TextField, useAction } from "../../ui";
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

export function EventForm({ communityId, groupId }: { communityId: string | null; groupId: string | null }) {
  const { route } = useLocation();
  const [d, setD] = useState<EventDraft>(emptyDraft());
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
      const payload = (await request(EventsCreateDocument, { input: inputOf(d, { communityId, groupId }) })).createEvent;
      made = payload.event?.id ?? null;
      return payload.errors;
    });
    if (ok && made) route(eventHref(made));
  };
  const f = { ...errors.fields, ...local };
  return (
    <form class="stack skills-form" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <TextField label={t("events.fieldTitle")} value={d.title} onValue={set("title")} required maxLength={120} error={f.title} />
      <TextArea label={t("events.fieldDescription")} value={d.description} onValue={set("description")} maxLength={4000} error={f.description} />
      <TextField label={t("events.fieldPlace")} hint={t("events.fieldPlaceHint")} value={d.placeName} onValue={set("placeName")} maxLength={200} error={f.placeName} />
      <TextField label={t("events.fieldLink")} hint={t("events.fieldLinkHint")} type="url" value={d.virtualLink} onValue={set("virtualLink")} error={f.virtualLink} />
      <TextField label={t("events.startDate")} type="date" value={d.startDate} onValue={set("startDate")} required error={f.startsAt} />
      <TextField label={t("events.startTime")} type="time" value={d.startTime} onValue={set("startTime")} required />
      <TextField label={t("events.endDate")} type="date" value={d.endDate} onValue={set("endDate")} error={f.endsAt} />
      <TextField label={t("events.endTime")} type="time" value={d.endTime} onValue={set("endTime")} required />
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
      {d.repeat === "everyN" && <TextField label={t("events.interval")} type="number" value={d.interval} onValue={set("interval")} error={f.interval} />}
      {d.repeat !== "none" && <TextField label={t("events.until")} hint={t("events.untilHint")} type="date" value={d.until} onValue={set("until")} required error={f.until} />}
      <TextField label={t("events.capacity")} hint={t("events.capacityHint")} type="number" value={d.capacity} onValue={set("capacity")} error={f.capacity} />
      <Button type="submit" block busy={busy} busyLabel={t("events.saving")}>
        {t("events.create")}
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
