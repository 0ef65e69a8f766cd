// One event: when and where (in the community's time), its repeat in words, capacity and places left,
// the online link for members; its next dates, each with my answer (going with how many, my place on
// the waiting list, not going) and the way to give or change it, for one date or the whole series.
// Leaders and organisers may cancel a date or the event after a second step. Answers are sent online
// only: an answer decides who gets a seat, so it should not wait in a queue while seats go.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { EventsCancelDocument, EventsEventDocument, EventsRsvpDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { Button, FormErrors, Notice, Page, QueryView, TextField, useAction } from "../../ui";
import { useMarkRead } from "../groups/parts";
import { answerText, dayName, type EventDetails, type Occurrence, repeatText, type Rsvp, seatsText, whenText } from "./parts";

/** My answer for a date (or, without one, the series), and the form to give or change it. */
export function RsvpPanel({ eventId, occurrence, rsvp, label }: { eventId: string; occurrence: string | null; rsvp: Rsvp | null | undefined; label: string }) {
  const [adults, setAdults] = useState(String(rsvp && rsvp.status !== "NOT_GOING" ? rsvp.adults : 1));
  const [children, setChildren] = useState(String(rsvp && rsvp.status !== "NOT_GOING" ? rsvp.children : 0));
  const [open, setOpen] = useState(!rsvp);
  const { busy, errors, run } = useAction(["adults", "children"]);
  const answer = async (going: boolean) => {
    const ok = await run(async () => {
      const input = { eventId, occurrence, going, adults: Math.max(0, parseInt(adults, 10) || 0), children: Math.max(0, parseInt(children, 10) || 0) };
      return (await request(EventsRsvpDocument, { input })).rsvp.errors;
    });
    if (ok) setOpen(false);
  };
  const headId = `rsvp-${occurrence ?? "series"}`;
  return (
    <section class="stack" aria-labelledby={headId}>
      <h3 id={headId}>{label}</h3>
      <p role="status">{answerText(rsvp)}</p>
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

function DateCard({ event, o }: { event: EventDetails; o: Occurrence }) {
  const seats = seatsText(o);
  return (
    <li class="card stack">
      <p>
        <strong>{whenText(o.startsAt, o.endsAt, event.timezone)}</strong>
        {o.cancelled && <span class="chip plain">{t("events.cancelledChip")}</span>}
        {o.moved && <span class="chip plain">{t("events.movedChip")}</span>}
      </p>
      <p class="muted">
        {t("events.going", { count: o.goingCount })}
        {o.waitlistCount ? ` · ${t("events.waiting", { count: o.waitlistCount })}` : ""}
        {seats ? ` · ${seats}` : ""}
      </p>
      {!o.cancelled && event.viewerCanRsvp && <RsvpPanel key={`${o.viewerRsvp?.status}-${o.viewerRsvp?.waitlistPosition}`} eventId={event.id} occurrence={o.date} rsvp={o.viewerRsvp} label={t("events.rsvpFor", { date: dayName(o.date) })} />}
      {!o.cancelled && event.viewerCanManage && <CancelButton eventId={event.id} occurrence={o.date} />}
    </li>
  );
}

function Details({ event }: { event: EventDetails }) {
  const seriesRepeats = event.recurrence.frequency !== "NONE";
  return (
    <>
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
        {!event.cancelled && event.viewerCanManage && <CancelButton eventId={event.id} occurrence={null} />}
      </section>
      {seriesRepeats && !event.cancelled && event.viewerCanRsvp && (
        <section class="card stack">
          <RsvpPanel key={event.viewerSeriesRsvp?.status} eventId={event.id} occurrence={null} rsvp={event.viewerSeriesRsvp} label={t("events.rsvpSeries")} />
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
