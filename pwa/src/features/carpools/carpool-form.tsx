// Start a carpool: a schedule editor quick enough to set up a school year's Mon–Fri run in under a
// minute (weekdays preselected, a "there" time and an optional "back" time, today to the coming June
// 15), alternate weeks tucked away, days off, seats, where it goes and what it is for, the pickup area
// (a postal code: only the approximate area is shown) and the exact pickup and a phone for approved
// families only, which of my children ride and whether I drive. The server's refusals show at their
// fields. It carries a clientMutationId, so it can wait in the offline queue and is made once.
import { useLocation } from "preact-iso";
import { useEffect, useId, useState } from "preact/hooks";
import { useQuery } from "../../api/hooks";
import { CarpoolsMyChildrenDocument, type CarpoolPurpose, type CarpoolWeeks, type CreateCarpoolInput, type Weekday } from "../../gql/graphql";
import { t } from "../../i18n";
import { useClientId } from "../../offline/client-id";
import { PendingActions } from "../../offline/pending";
import { submitOrQueue } from "../../offline/queue";
import { currentMembership } from "../../state/me";
import { Button, Checkbox, CheckboxGroup, Field, FormErrors, LinkButton, NO_ERRORS, Notice, Page, QueryView, Select, splitErrors, TextArea, TextField, thrownText, type FormErrorsState } from "../../ui";
import { dateText, inWords, NoScreening, PURPOSES, purposeName, SCHOOL_DAYS, WEEKDAYS, weekdayName } from "./parts";
import { ADD_CHILDREN, CARPOOLS, carpoolHref } from "./paths";

export interface CarpoolDraft {
  destination: string;
  title: string;
  purpose: CarpoolPurpose;
  days: Weekday[];
  there: string;
  alsoBack: boolean;
  back: string;
  weeks: CarpoolWeeks;
  startsOn: string;
  endsOn: string;
  skipped: string[];
  seats: string;
  postalCode: string;
  pickupDetails: string;
  contact: string;
  notes: string;
  childIds: string[];
  canDrive: boolean;
}

/** The fields the form shows the server's refusals at (the rest go above it). */
export const FIELDS = ["title", "destination", "purpose", "notes", "seats", "postalCode", "pickupDetails", "contact", "childIds", "legs", "startsOn", "endsOn", "skipped"] as const;

/** A date as a date input holds it, in this device's calendar ("2026-12-03"). */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** The coming June 15: the end of a school year (this year's until it has passed, then next year's). */
export function comingJune15(today: Date): string {
  const year = today.getMonth() > 5 || (today.getMonth() === 5 && today.getDate() > 15) ? today.getFullYear() + 1 : today.getFullYear();
  return `${year}-06-15`;
}

export function emptyDraft(today = new Date()): CarpoolDraft {
  return {
    destination: "",
    title: "",
    purpose: "SCHOOL",
    days: [...SCHOOL_DAYS],
    there: "07:45",
    alsoBack: true,
    back: "15:15",
    weeks: "EVERY",
    startsOn: isoDay(today),
    endsOn: comingJune15(today),
    skipped: [],
    seats: "4",
    postalCode: "",
    pickupDetails: "",
    contact: "",
    notes: "",
    childIds: [],
    canDrive: true,
  };
}

/** The name it gets when none is typed: "Lincoln Elementary run". */
export function defaultTitle(destination: string): string {
  return destination.trim() ? t("carpools.defaultTitle", { destination: destination.trim() }) : "";
}

const clock = (hhmm: string) => (hhmm.length === 5 ? `${hhmm}:00` : hhmm);

/** What is sent: one run per chosen day there (and back), local times in the carpool's zone. */
export function inputOf(d: CarpoolDraft, communityId: string, clientMutationId: string | null): CreateCarpoolInput {
  const days = WEEKDAYS.filter((w) => d.days.includes(w));
  const legs = [
    ...days.map((weekday) => ({ weekday, direction: "TO" as const, at: clock(d.there), weeks: d.weeks })),
    ...(d.alsoBack ? days.map((weekday) => ({ weekday, direction: "FROM" as const, at: clock(d.back), weeks: d.weeks })) : []),
  ];
  return {
    communityId,
    title: d.title.trim() || defaultTitle(d.destination),
    destination: d.destination.trim(),
    purpose: d.purpose,
    notes: d.notes.trim() || null,
    schedule: { legs, startsOn: d.startsOn, endsOn: d.endsOn, skipped: [...d.skipped].sort() },
    seats: parseInt(d.seats, 10),
    postalCode: d.postalCode.trim() || null,
    pickupDetails: d.pickupDetails.trim() || null,
    childIds: d.childIds,
    canDrive: d.canDrive,
    contact: d.contact.trim() || null,
    clientMutationId,
  };
}

/** What the form refuses before asking the server. */
export function checkDraft(d: CarpoolDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!d.days.length) problems.legs = t("carpools.chooseDays");
  if (!d.there || (d.alsoBack && !d.back)) problems.times = t("carpools.chooseTimes");
  if (!d.destination.trim()) problems.destination = t("carpools.destinationRequired");
  return problems;
}

/** The weekdays as chips to toggle, Monday first. */
function DayChips({ days, onChange, error }: { days: Weekday[]; onChange: (days: Weekday[]) => void; error?: string }) {
  const id = useId();
  return (
    <fieldset class="field" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t("carpools.fieldDays")}</legend>
      <div class="carpools-days">
        {WEEKDAYS.map((w) => (
          <label key={w} class="choice">
            <input type="checkbox" checked={days.includes(w)} onChange={(e) => onChange((e.target as HTMLInputElement).checked ? [...days.filter((x) => x !== w), w] : days.filter((x) => x !== w))} />
            <span aria-hidden="true">{weekdayName(w, "short")}</span>
            <span class="visually-hidden">{weekdayName(w)}</span>
          </label>
        ))}
      </div>
      {error && (
        <span class="error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** Days off (school holidays): add a date, remove one. */
export function DaysOff({ values, onChange, error }: { values: string[]; onChange: (v: string[]) => void; error?: string }) {
  const [draft, setDraft] = useState("");
  const add = () => {
    if (draft && !values.includes(draft)) onChange([...values, draft].sort());
    setDraft("");
  };
  return (
    <Field label={t("carpools.fieldDaysOff")} hint={t("carpools.fieldDaysOffHint")} error={error}>
      {({ id, describedBy, invalid }) => (
        <div class="stack" style={{ gap: "var(--s-2)" }}>
          {values.length > 0 && (
            <ul class="chips carpools-days-off" aria-label={t("carpools.daysOffChosen")}>
              {values.map((v) => (
                <li class="chip" key={v}>
                  <span>{dateText(v, false)}</span>
                  <button type="button" aria-label={t("common.remove", { item: dateText(v, false) })} onClick={() => onChange(values.filter((x) => x !== v))}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div class="row carpools-day-off">
            <input id={id} type="date" value={draft} aria-describedby={describedBy} aria-invalid={invalid || undefined} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
            <Button variant="secondary" onClick={add} disabled={!draft}>
              {t("carpools.addDayOff")}
            </Button>
          </div>
        </div>
      )}
    </Field>
  );
}

export function CarpoolForm({ communityId, myChildren }: { communityId: string; myChildren: readonly { id: string; name: string }[] }) {
  const { route } = useLocation();
  const [d, setD] = useState<CarpoolDraft>(() => ({ ...emptyDraft(), childIds: myChildren.map((c) => c.id) }));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrorsState>(NO_ERRORS);
  const [queued, setQueued] = useState(false);
  const clientId = useClientId();
  const set = <K extends keyof CarpoolDraft>(k: K) => (v: CarpoolDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const problems = checkDraft(d);
    setLocal(problems);
    setErrors(NO_ERRORS);
    if (Object.keys(problems).length) return;
    setBusy(true);
    setQueued(false);
    try {
      const input = inputOf(d, communityId, clientId.current());
      const result = await submitOrQueue({ kind: "createCarpool", input }, input.title);
      if (result.status === "refused") {
        setErrors(splitErrors(inWords(result.errors), FIELDS));
        return;
      }
      clientId.done();
      if (result.status === "queued") setQueued(true);
      else route(result.result ? carpoolHref(result.result) : CARPOOLS);
    } catch (err) {
      setErrors({ fields: {}, general: [thrownText(err)] });
    } finally {
      setBusy(false);
    }
  };
  if (queued) {
    return (
      <div class="stack">
        <Notice live>{t("carpools.createQueued")}</Notice>
        <PendingActions kind="createCarpool" />
        <LinkButton href={CARPOOLS} block>
          {t("carpools.toCarpools")}
        </LinkButton>
      </div>
    );
  }
  const f = { ...errors.fields, ...local };
  return (
    <form class="stack skills-form" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <TextField label={t("carpools.fieldDestination")} hint={t("carpools.fieldDestinationHint")} value={d.destination} onValue={set("destination")} required maxLength={120} error={f.destination} />
      <TextField label={t("carpools.fieldTitle")} hint={d.destination.trim() ? t("carpools.fieldTitleHintNamed", { title: defaultTitle(d.destination) }) : t("carpools.fieldTitleHint")} value={d.title} onValue={set("title")} maxLength={80} error={f.title} />
      <Select<CarpoolPurpose> label={t("carpools.fieldPurpose")} value={d.purpose} onValue={set("purpose")} options={PURPOSES.map((p) => ({ value: p, label: purposeName(p) }))} error={f.purpose} />
      <section class="stack carpools-schedule" aria-labelledby="carpools-schedule-title">
        <h2 id="carpools-schedule-title">{t("carpools.scheduleTitle")}</h2>
        <p class="muted">{t("carpools.scheduleHint")}</p>
        <DayChips days={d.days} onChange={set("days")} error={f.legs} />
        <div class="carpools-times">
          <TextField label={t("carpools.fieldThere")} type="time" value={d.there} onValue={set("there")} required error={f.times && !d.there ? f.times : undefined} />
          {d.alsoBack && <TextField label={t("carpools.fieldBack")} type="time" value={d.back} onValue={set("back")} required error={f.times && !d.back ? f.times : undefined} />}
        </div>
        <Checkbox label={t("carpools.fieldAlsoBack")} checked={d.alsoBack} onChange={set("alsoBack")} />
        <div class="carpools-times">
          <TextField label={t("carpools.fieldStartsOn")} type="date" value={d.startsOn} onValue={set("startsOn")} required error={f.startsOn} />
          <TextField label={t("carpools.fieldEndsOn")} type="date" value={d.endsOn} onValue={set("endsOn")} required error={f.endsOn} />
        </div>
        <DaysOff values={d.skipped} onChange={set("skipped")} error={f.skipped} />
        <details class="ob-details">
          <summary>{t("carpools.moreSchedule")}</summary>
          <Select<CarpoolWeeks>
            label={t("carpools.fieldWeeks")}
            hint={t("carpools.fieldWeeksHint")}
            value={d.weeks}
            onValue={set("weeks")}
            options={[
              { value: "EVERY", label: t("carpools.weeksEvery") },
              { value: "A", label: t("carpools.weeksA") },
              { value: "B", label: t("carpools.weeksB") },
            ]}
          />
        </details>
      </section>
      <section class="stack" aria-labelledby="carpools-riders-title">
        <h2 id="carpools-riders-title">{t("carpools.ridersTitle")}</h2>
        <Select label={t("carpools.fieldSeats")} hint={t("carpools.fieldSeatsHint")} value={d.seats} onValue={set("seats")} options={[1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ value: String(n), label: String(n) }))} error={f.seats} />
        {myChildren.length > 0 ? (
          <CheckboxGroup legend={t("carpools.fieldChildren")} options={myChildren.map((c) => ({ value: c.id, label: c.name }))} values={d.childIds} onChange={set("childIds")} error={f.childIds} />
        ) : (
          <p class="muted">
            {t("carpools.noChildren")} <a href={ADD_CHILDREN}>{t("carpools.addChildren")}</a>
          </p>
        )}
        <Checkbox label={t("carpools.fieldCanDrive")} hint={t("carpools.fieldCanDriveHint")} checked={d.canDrive} onChange={set("canDrive")} />
      </section>
      <section class="stack" aria-labelledby="carpools-pickup-title">
        <h2 id="carpools-pickup-title">{t("carpools.pickupTitle")}</h2>
        <TextField label={t("carpools.fieldPostalCode")} hint={t("carpools.fieldPostalCodeHint")} value={d.postalCode} onValue={set("postalCode")} autoComplete="postal-code" maxLength={12} error={f.postalCode} />
        <TextArea label={t("carpools.fieldPickupDetails")} hint={t("carpools.fieldPickupDetailsHint")} value={d.pickupDetails} onValue={set("pickupDetails")} maxLength={500} error={f.pickupDetails} />
        <TextField label={t("carpools.fieldContact")} hint={t("carpools.fieldContactHint")} inputMode="tel" value={d.contact} onValue={set("contact")} autoComplete="tel" maxLength={120} error={f.contact} />
        <TextArea label={t("carpools.fieldNotes")} hint={t("carpools.fieldNotesHint")} value={d.notes} onValue={set("notes")} maxLength={2000} error={f.notes} />
      </section>
      <NoScreening />
      <Button type="submit" block busy={busy} busyLabel={t("carpools.saving")}>
        {t("carpools.create")}
      </Button>
    </form>
  );
}

export default function NewCarpool() {
  const membership = currentMembership.value;
  const verified = membership?.state === "VERIFIED";
  const q = useQuery(CarpoolsMyChildrenDocument, undefined, { skip: !verified });
  const [ready, setReady] = useState(false);
  // Mounted once the children are known (or cannot be): they are chosen by default.
  useEffect(() => {
    if (!q.loading) setReady(true);
  }, [q.loading]);
  return (
    <Page title={t("carpools.newTitle")} lead={t("carpools.newLead")}>
      {!membership || !verified ? (
        <Notice>{t("carpools.pendingMember")}</Notice>
      ) : (
        <QueryView q={q} ready={ready}>
          {() => <CarpoolForm communityId={membership.communityId} myChildren={q.data?.myFamily.children ?? []} />}
        </QueryView>
      )}
    </Page>
  );
}
