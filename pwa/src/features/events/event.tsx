// One event: when and where (in the community's time), its repeat in words, capacity and places left,
// the online link for members, and "Add to calendar" (.ics); its next dates, each with my answer
// (going with how many, my place on the waiting list, not going) and the way to give or change it,
// for one date or the whole series. My answer goes through the offline queue when the network is
// down: it sets my family's answer, so sending it again never books twice, and the screen says a
// place is held only once it is sent. Organisers change the event, move or cancel a date (after a
// second step), see who is coming to a date and answer for a family: a member's, or one without the
// app (by name; that answer stays online, as a new guest's first answer is not idempotent).
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { EventsCancelDocument, EventsEventDocument, EventsGroupMembersDocument, EventsIcsDocument, EventsMoveDocument, EventsRsvpDocument, EventsRsvpsDocument, type RsvpInput } from "../../gql/graphql";
import { t } from "../../i18n";
import { PendingActions } from "../../offline/pending";
import { submitOrQueue } from "../../offline/queue";
import { Button, FormErrors, LinkButton, NO_ERRORS, Notice, Page, QueryView, Select, splitErrors, TextField, thrownText, useAction, type FormErrorsState } from "../../ui";
import { useMarkRead } from "../groups/parts";
import { type Answer, answerText, dayName, type EventDetails, IcsButton, icsFilename, localInput, type Occurrence, repeatText, type Rsvp, seatsText, theirAnswerText, whenText } from "./parts";
import { editEventHref } from "./paths";

const count = (v: string) => Math.max(0, parseInt(v, 10) || 0);

/** My answer for a date (or, without one, the series), and the form to give or change it. Sent at
 *  once when online; queued (and shown as waiting) when the network is down. `title` names the
 *  event in the list of waiting actions. */
export function RsvpPanel({ eventId, occurrence, rsvp, label, title }: { eventId: string; occurrence: string | null; rsvp: Rsvp | null | undefined; label: string; title?: string }) {
  const [adults, setAdults] = useState(String(rsvp && rsvp.status !== "NOT_GOING" ? rsvp.adults : 1));
  const [children, setChildren] = useState(String(rsvp && rsvp.status !== "NOT_GOING" ? rsvp.children : 0));
  const [open, setOpen] = useState(!rsvp);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrorsState>(NO_ERRORS);
  const [queued, setQueued] = useState(false);
  const answer = async (going: boolean) => {
    setBusy(true);
    setErrors(NO_ERRORS);
    setQueued(false);
    try {
      const input = { eventId, occurrence, going, adults: count(adults), children: count(children) };
      const when = occurrence ? dayName(occurrence) : t("events.everyDate");
      const result = await submitOrQueue({ kind: "eventRsvp", input }, title ? `${title}, ${when}` : when);
      if (result.status === "refused") setErrors(splitErrors(result.errors, ["adults", "children"]));
      else {
        setQueued(result.status === "queued");
        setOpen(false);
      }
    } catch (e) {
      setErrors({ fields: {}, general: [thrownText(e)] });
    } finally {
      setBusy(false);
    }
  };
  const headId = `rsvp-${occurrence ?? "series"}`;
  return (
    <section class="stack" aria-labelledby={headId}>
      <h3 id={headId}>{label}</h3>
      <p role="status">{answerText(rsvp)}</p>
      {queued && <Notice live>{t("events.rsvpQueued")}</Notice>}
      {open ? (
        <div class="stack">
          <FormErrors messages={errors.general} />
          <TextField label={t("events.adults")} type="number" value={adults} onValue={setAdults} error={errors.fields.adults} />
          <TextField label={t("events.children")} type="number" value={children} onValue={setChildren} error={errors.fields.children} />
          <div class="row">
            <Button busy={busy} busyLabel={t("events.sending")} onClick={() => void answer(true)}>
              {t("events.answerGoing")}
            </Button>
            <Button variant="secondary" disabled={busy} onClick={() => void answer(false)}>
              {t("events.answerNotGoing")}
            </Button>
          </div>
        </div>
      ) : (
        <Button variant="secondary" onClick={() => setOpen(true)}>
          {t("events.changeAnswer")}
        </Button>
      )}
    </section>
  );
}

/** Cancel a date or the whole event, after a clear second step. */
function CancelButton({ eventId, occurrence }: { eventId: string; occurrence: string | null }) {
  const [open, setOpen] = useState(false);
  const { busy, errors, run } = useAction();
  if (!open) {
    return (
      <Button variant="quiet" onClick={() => setOpen(true)}>
        {occurrence ? t("events.cancelDate") : t("events.cancelEvent")}
      </Button>
    );
  }
  const qId = `cancel-${occurrence ?? "event"}`;
  return (
    <div class="confirm stack" role="group" aria-labelledby={qId}>
      <p id={qId}>{occurrence ? t("events.cancelDateConfirm", { date: dayName(occurrence) }) : t("events.cancelEventConfirm")}</p>
      <FormErrors messages={errors.general} />
      <div class="row">
        <Button variant="danger" busy={busy} busyLabel={t("events.saving")} onClick={() => void run(async () => (await request(EventsCancelDocument, { input: { eventId, occurrence } })).cancelEvent.errors)}>
          {t("events.cancelYes")}
        </Button>
        <Button variant="quiet" onClick={() => setOpen(false)} disabled={busy}>
          {t("events.keep")}
        </Button>
      </div>
    </div>
  );
}

/** Move one date to another start (its length stays); answers and the waiting list go with it. */
export function MoveDate({ event, o }: { event: Pick<EventDetails, "id" | "timezone">; o: Pick<Occurrence, "date" | "startsAt"> }) {
  const [open, setOpen] = useState(false);
  const [startsAt, setStartsAt] = useState(() => localInput(o.startsAt, event.timezone));
  const { busy, errors, run } = useAction(["startsAt"]);
  if (!open) {
    return (
      <Button variant="quiet" onClick={() => setOpen(true)}>
        {t("events.moveDate")}
      </Button>
    );
  }
  const move = async () => {
    const input = { eventId: event.id, occurrence: o.date, startsAt: startsAt.length === 16 ? `${startsAt}:00` : startsAt };
    if (await run(async () => (await request(EventsMoveDocument, { input })).moveOccurrence.errors)) setOpen(false);
  };
  const qId = `move-${o.date}`;
  return (
    <div class="notice stack" role="group" aria-labelledby={qId}>
      <p id={qId}>{t("events.moveWhich", { date: dayName(o.date) })}</p>
      <FormErrors messages={errors.general} />
      <TextField label={t("events.moveStart")} hint={t("events.moveHint")} type="datetime-local" style={{ minWidth: 0 }} value={startsAt} onValue={setStartsAt} required error={errors.fields.startsAt} />
      <div class="row">
        <Button busy={busy} busyLabel={t("events.saving")} disabled={!startsAt} onClick={() => void move()}>
          {t("events.moveSave")}
        </Button>
        <Button variant="quiet" onClick={() => setOpen(false)} disabled={busy}>
          {t("events.keep")}
        </Button>
      </div>
    </div>
  );
}

/** Who answered, by name (a member's, or the name an organiser gave a family without the app). */
function nameOf(a: Pick<Answer, "caregiver" | "guestName">): string {
  return a.caregiver?.displayName ?? a.guestName ?? t("events.aFamily");
}

type Target = { rsvpId: string; name: string } | null;

/** An organiser answers for a family: a group member's, or one without the app (by name, or the
 *  guest answer recorded before, `target`). Online only: a new guest's first answer is not idempotent. */
export function AnswerForFamily({ event, occurrence, target, onDone }: { event: Pick<EventDetails, "id" | "groupId">; occurrence: string | null; target: Target; onDone: () => void }) {
  const members = useQuery(EventsGroupMembersDocument, { groupId: event.groupId ?? "" }, { skip: !event.groupId || !!target });
  const [who, setWho] = useState("guest");
  const [guestName, setGuestName] = useState("");
  const [adults, setAdults] = useState("1");
  const [children, setChildren] = useState("0");
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, errors, run } = useAction(["guestName", "caregiverId", "adults", "children"]);
  const people = (members.data?.group.members.edges ?? []).flatMap((e) => (e.node.caregiver ? [e.node.caregiver] : []));
  const answer = async (going: boolean) => {
    const input: RsvpInput = { eventId: event.id, occurrence, going, adults: count(adults), children: count(children) };
    let name: string;
    if (target) {
      input.rsvpId = target.rsvpId;
      name = target.name;
    } else if (who === "guest") {
      input.guestName = guestName.trim();
      name = guestName.trim();
    } else {
      input.caregiverId = who;
      name = people.find((p) => p.id === who)?.displayName ?? "";
    }
    setSaved(null);
    if (await run(async () => (await request(EventsRsvpDocument, { input })).rsvp.errors)) {
      setSaved(name);
      setGuestName("");
      setAdults("1");
      setChildren("0");
      onDone();
    }
  };
  const headId = `for-${occurrence ?? "series"}`;
  return (
    <section class="stack" aria-labelledby={headId}>
      <h4 id={headId}>{target ? t("events.changeFor", { name: target.name }) : t("events.answerFor")}</h4>
      <FormErrors messages={errors.general} />
      {!target && people.length > 0 && (
        <Select
          label={t("events.whichFamily")}
          value={who}
          onValue={setWho}
          error={errors.fields.caregiverId}
          options={[{ value: "guest", label: t("events.familyWithoutApp") }, ...people.map((p) => ({ value: p.id, label: p.displayName }))]}
        />
      )}
      {!target && who === "guest" && <TextField label={t("events.guestName")} hint={t("events.guestNameHint")} value={guestName} onValue={setGuestName} maxLength={80} autoComplete="off" required error={errors.fields.guestName} />}
      <TextField label={t("events.adults")} type="number" value={adults} onValue={setAdults} error={errors.fields.adults} />
      <TextField label={t("events.children")} type="number" value={children} onValue={setChildren} error={errors.fields.children} />
      <div class="row">
        <Button busy={busy} busyLabel={t("events.sending")} onClick={() => void answer(true)}>
          {t("events.answerGoing")}
        </Button>
        <Button variant="secondary" disabled={busy} onClick={() => void answer(false)}>
          {t("events.answerNotGoing")}
        </Button>
        {target && (
          <Button variant="quiet" disabled={busy} onClick={onDone}>
            {t("events.keep")}
          </Button>
        )}
      </div>
      {saved !== null && <Notice live>{t("events.answerSaved", { name: saved })}</Notice>}
    </section>
  );
}

/** Everyone's answers for a date (organisers only), fetched when opened, and answering for a family. */
export function WhoIsComing({ event, occurrence }: { event: Pick<EventDetails, "id" | "groupId">; occurrence: string }) {
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<Target>(null);
  const q = useQuery(EventsRsvpsDocument, { id: event.id, occurrence }, { skip: !open });
  const headId = `answers-${occurrence}`;
  const panelId = `answers-panel-${occurrence}`;
  return (
    <div class="stack">
      <Button variant="secondary" aria-expanded={open} aria-controls={open ? panelId : undefined} onClick={() => setOpen(!open)}>
        {t("events.whoComing")}
      </Button>
      {open && (
        <section id={panelId} class="stack" aria-labelledby={headId}>
          <h3 id={headId}>{t("events.answersFor", { date: dayName(occurrence) })}</h3>
          <QueryView q={q} saved={false} select={(d) => d.event.rsvps} isEmpty={(l) => l.length === 0} empty={<p class="muted">{t("events.noAnswersYet")}</p>}>
            {(list) => (
              <ul class="list">
                {list.map((a) => (
                  <li key={a.id} class="row" style={{ justifyContent: "space-between" }}>
                    <span>
                      <strong>{nameOf(a)}</strong>
                      {a.onBehalf && <span class="muted">{` · ${t("events.answeredByOrganiser")}`}</span>}
                      <br />
                      {theirAnswerText(a)}
                    </span>
                    {a.guestName && !a.caregiver && (
                      <Button variant="quiet" aria-label={t("events.changeFor", { name: a.guestName })} onClick={() => setTarget({ rsvpId: a.id, name: a.guestName ?? "" })}>
                        {t("events.change")}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </QueryView>
          <AnswerForFamily key={target?.rsvpId ?? "new"} event={event} occurrence={occurrence} target={target} onDone={() => setTarget(null)} />
        </section>
      )}
    </div>
  );
}

function DateCard({ event, o }: { event: EventDetails; o: Occurrence }) {
  const seats = seatsText(o);
  return (
    <li class="card stack">
      <p>
        <strong>{whenText(o.startsAt, o.endsAt, event.timezone)}</strong>
        {o.cancelled && <span class="chip plain">{t("events.cancelledChip")}</span>}
        {o.moved && <span class="chip plain">{t("events.movedChip")}</span>}
      </p>
      {o.moved && <p class="muted">{t("events.movedFrom", { date: dayName(o.date) })}</p>}
      <p class="muted">
        {t("events.going", { count: o.goingCount })}
        {o.waitlistCount ? ` · ${t("events.waiting", { count: o.waitlistCount })}` : ""}
        {seats ? ` · ${seats}` : ""}
      </p>
      {!o.cancelled && event.viewerCanRsvp && <RsvpPanel key={`${o.viewerRsvp?.status}-${o.viewerRsvp?.waitlistPosition}`} eventId={event.id} occurrence={o.date} rsvp={o.viewerRsvp} label={t("events.rsvpFor", { date: dayName(o.date) })} title={event.title} />}
      {!o.cancelled && event.viewerCanManage && !event.cancelled && (
        <>
          <WhoIsComing event={event} occurrence={o.date} />
          <MoveDate key={o.startsAt} event={event} o={o} />
          <CancelButton eventId={event.id} occurrence={o.date} />
        </>
      )}
    </li>
  );
}

function Details({ event }: { event: EventDetails }) {
  const seriesRepeats = event.recurrence.frequency !== "NONE";
  return (
    <>
      <PendingActions kind="eventRsvp" />
      <section class="card stack" aria-label={t("events.when")}>
        {event.cancelled && <Notice tone="warn">{t("events.cancelledChip")}</Notice>}
        {event.description && <p style={{ whiteSpace: "pre-line", overflowWrap: "anywhere" }}>{event.description}</p>}
        <p>
          <strong>{t("events.when")}:</strong> {whenText(event.startsAt, event.endsAt, event.timezone)}
        </p>
        <p>{repeatText(event.recurrence)}</p>
        {(event.placeName || event.areaLabel) && (
          <p>
            <strong>{t("events.where")}:</strong> {[event.placeName, event.areaLabel].filter(Boolean).join(", ")}
          </p>
        )}
        {event.virtualLink && (
          <p>
            <a href={event.virtualLink} target="_blank" rel="noopener noreferrer">
              {t("events.online")}
            </a>
          </p>
        )}
        <p>{event.capacity ? t("events.capacityLine", { count: event.capacity }) : t("events.noLimit")}</p>
        {event.organiser && <p class="muted">{t("events.organisedBy", { name: event.organiser.displayName })}</p>}
        {!event.cancelled && <IcsButton label={t("events.addToCalendar")} filename={icsFilename(event.title)} load={async () => (await request(EventsIcsDocument, { id: event.id })).event.ics} />}
        {!event.cancelled && event.viewerCanManage && (
          <LinkButton href={editEventHref(event.id)} variant="secondary" block>
            {t("events.editEvent")}
          </LinkButton>
        )}
        {!event.cancelled && event.viewerCanManage && <CancelButton eventId={event.id} occurrence={null} />}
      </section>
      {seriesRepeats && !event.cancelled && event.viewerCanRsvp && (
        <section class="card stack">
          <RsvpPanel key={event.viewerSeriesRsvp?.status} eventId={event.id} occurrence={null} rsvp={event.viewerSeriesRsvp} label={t("events.rsvpSeries")} title={event.title} />
        </section>
      )}
      <section class="section stack" aria-labelledby="event-dates">
        <h2 id="event-dates">{t("events.nextDates")}</h2>
        {event.occurrences.length ? (
          <ul class="list">
            {event.occurrences.map((o) => (
              <DateCard key={o.date} event={event} o={o} />
            ))}
          </ul>
        ) : (
          <p class="muted">{t("events.noDates")}</p>
        )}
      </section>
    </>
  );
}

export default function EventPage({ id }: { id: string }) {
  const { query } = useLocation();
  useMarkRead(query.n);
  const q = useQuery(EventsEventDocument, { id });
  return (
    <Page title={q.data?.event.title ?? t("events.eventTitle")}>
      <QueryView q={q} select={(d) => d.event} missing={<Notice>{t("events.eventGone")}</Notice>} error={() => <Notice>{t("events.eventGone")}</Notice>}>
        {(event) => <Details event={event} />}
      </QueryView>
    </Page>
  );
}
