// One carpool: what it is and where it goes, the plain statement that Village does not screen
// drivers, its weekly runs (in the carpool's time), first and last day and days off, the seats free
// and the approximate pickup area. Families not in it ask for seats (my children, the runs, whether
// we drive, a note and a phone; it works offline); a family waiting can withdraw. Approved families
// see the exact pickup and the others' contacts, the upcoming trips, the families (and, for the
// organiser and co-drivers, the requests waiting), the driving ledger and the swaps, and can leave.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { CarpoolsActivityDocument, CarpoolsCarpoolDocument, CarpoolsLeaveDocument, CarpoolsMyChildrenDocument } from "../../gql/graphql";
import { t, tn } from "../../i18n";
import { useClientId } from "../../offline/client-id";
import { PendingActions } from "../../offline/pending";
import { submitOrQueue } from "../../offline/queue";
import { Button, Checkbox, CheckboxGroup, FormErrors, NO_ERRORS, Notice, Page, QueryView, splitErrors, TextArea, TextField, thrownText, useAction, type FormErrorsState } from "../../ui";
import { useMarkRead } from "../groups/parts";
import { ConfirmButton } from "../staff/parts";
import { EditCarpool } from "./edit";
import { Families } from "./families";
import { Ledger, Swaps } from "./ledger";
import { clockText, dateText, inWords, legLabel, NoScreening, purposeName, scheduleLines, seatsFreeText, StateBadge, WEEKDAYS, zoneName } from "./parts";
import { ADD_CHILDREN } from "./paths";
import { type CarpoolDetails, TripCard } from "./trips";

type Leg = CarpoolDetails["schedule"]["legs"][number];

/** The runs in the week's order: Monday there, Monday back, Tuesday there… */
export function sortedLegs(legs: readonly Leg[]): Leg[] {
  return [...legs].sort((a, b) => WEEKDAYS.indexOf(a.weekday) - WEEKDAYS.indexOf(b.weekday) || (a.direction === b.direction ? a.weeks.localeCompare(b.weeks) : a.direction === "TO" ? -1 : 1));
}

function Schedule({ carpool }: { carpool: CarpoolDetails }) {
  const s = carpool.schedule;
  return (
    <section class="section stack" aria-labelledby="carpool-schedule">
      <h2 id="carpool-schedule">{t("carpools.scheduleTitle")}</h2>
      <ul class="carpools-runs">
        {scheduleLines(s.legs).map((line) => (
          <li key={line.days}>
            <strong>{line.days}:</strong> {line.runs}
          </li>
        ))}
      </ul>
      <p>{t("carpools.runsFromTo", { from: dateText(s.startsOn), to: dateText(s.endsOn) })}</p>
      {s.skipped.length > 0 && <p class="muted">{t("carpools.daysOffList", { days: s.skipped.map((d) => dateText(d, false)).join("; ") })}</p>}
      <p class="muted">{t("carpools.timesIn", { zone: zoneName(carpool.timezone) })}</p>
    </section>
  );
}

function SeatsAndPickup({ carpool }: { carpool: CarpoolDetails }) {
  const approved = carpool.viewerState === "APPROVED";
  return (
    <section class="section stack" aria-labelledby="carpool-pickup">
      <h2 id="carpool-pickup">{t("carpools.seatsAndPickup")}</h2>
      <p>
        <strong>{seatsFreeText(carpool.seatsFree)}</strong> <span class="muted">· {t("carpools.seatsPerTrip", { seats: carpool.seats })}</span>
      </p>
      <p>{t("carpools.pickupAround", { area: carpool.pickupArea })}</p>
      {approved ? (
        carpool.pickupDetails ? (
          <p class="carpools-note">{t("carpools.exactPickup", { details: carpool.pickupDetails })}</p>
        ) : (
          <p class="muted">{t("carpools.noExactPickup")}</p>
        )
      ) : (
        <p class="muted">{t("carpools.exactPickupLater")}</p>
      )}
    </section>
  );
}

/** Ask for seats: my children, the runs (all by default), whether we drive, a note and a phone. */
export function AskForSeats({ carpool }: { carpool: CarpoolDetails }) {
  const kids = useQuery(CarpoolsMyChildrenDocument);
  const legs = sortedLegs(carpool.schedule.legs);
  const [chosenKids, setChosenKids] = useState<string[] | null>(null);
  const [runs, setRuns] = useState<string[]>(() => legs.map((l) => l.key));
  const [canDrive, setCanDrive] = useState(false);
  const [note, setNote] = useState("");
  const [contact, setContact] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrorsState>(NO_ERRORS);
  const [queued, setQueued] = useState(false);
  const clientId = useClientId();
  const myKids = kids.data?.myFamily.children ?? [];
  const childIds = chosenKids ?? myKids.map((c) => c.id);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!runs.length) {
      setErrors({ fields: { legs: t("carpools.chooseRuns") }, general: [] });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const all = legs.every((l) => runs.includes(l.key));
      const input = { carpoolId: carpool.id, childIds, legs: all ? null : legs.filter((l) => runs.includes(l.key)).map((l) => l.key), canDrive, note: note.trim() || null, contact: contact.trim() || null, clientMutationId: clientId.current() };
      const result = await submitOrQueue({ kind: "requestSeat", input }, carpool.title);
      if (result.status === "refused") {
        setErrors(splitErrors(inWords(result.errors), ["childIds", "legs", "note", "contact", "canDrive"]));
        return;
      }
      clientId.done();
      setQueued(result.status === "queued");
    } catch (err) {
      setErrors({ fields: {}, general: [thrownText(err)] });
    } finally {
      setBusy(false);
    }
  };
  if (queued) return <Notice live>{t("carpools.requestQueued")}</Notice>;
  return (
    <section class="section stack" aria-labelledby="carpool-ask">
      <h2 id="carpool-ask">{t("carpools.askTitle")}</h2>
      <p class="muted">{t("carpools.askLead")}</p>
      <form class="stack skills-form" onSubmit={submit} noValidate>
        <FormErrors messages={errors.general} />
        <QueryView q={kids} saved={false} ready={!kids.loading || !!kids.data}>
          {() =>
            myKids.length ? (
              <CheckboxGroup legend={t("carpools.fieldAskChildren")} options={myKids.map((c) => ({ value: c.id, label: c.name }))} values={childIds} onChange={setChosenKids} error={errors.fields.childIds} />
            ) : (
              <Notice tone={errors.fields.childIds ? "error" : "info"}>
                {t("carpools.askNoChildren")} <a href={ADD_CHILDREN}>{t("carpools.addChildren")}</a>
              </Notice>
            )
          }
        </QueryView>
        {/* Every run by default: the choice is tucked away (and open when there is a problem with it). */}
        <details class="ob-details" open={!!errors.fields.legs || undefined}>
          <summary>{runs.length === legs.length ? t("carpools.runsAll") : t("carpools.runsSome", { count: runs.length, total: legs.length })}</summary>
          <CheckboxGroup legend={t("carpools.fieldRuns")} options={legs.map((l) => ({ value: l.key, label: `${legLabel(l)}, ${clockText(l.at)}` }))} values={runs} onChange={setRuns} error={errors.fields.legs} />
        </details>
        <Checkbox label={t("carpools.fieldWeCanDrive")} hint={t("carpools.fieldWeCanDriveHint")} checked={canDrive} onChange={setCanDrive} />
        <TextArea label={t("carpools.fieldNote")} hint={t("carpools.fieldNoteHint")} value={note} onValue={setNote} maxLength={500} error={errors.fields.note} />
        <TextField label={t("carpools.fieldContact")} hint={t("carpools.fieldContactHint")} inputMode="tel" value={contact} onValue={setContact} autoComplete="tel" maxLength={120} error={errors.fields.contact} />
        <Button type="submit" block busy={busy} busyLabel={t("carpools.sending")}>
          {t("carpools.askSend")}
        </Button>
      </form>
    </section>
  );
}

/** Leave the carpool, or withdraw a request, after a clear second step. */
function Leave({ carpool, pending }: { carpool: CarpoolDetails; pending: boolean }) {
  const { errors, run } = useAction();
  return (
    <div class="stack">
      <FormErrors messages={errors.general} />
      <ConfirmButton
        label={pending ? t("carpools.withdraw") : t("carpools.leave")}
        question={pending ? t("carpools.withdrawConfirm") : carpool.viewerIsOrganiser ? t("carpools.leaveConfirmOrganiser") : t("carpools.leaveConfirm")}
        yes={pending ? t("carpools.withdrawYes") : t("carpools.leaveYes")}
        keep={t("carpools.keep")}
        busyLabel={t("carpools.saving")}
        variant={pending ? "secondary" : "danger"}
        onConfirm={() => run(async () => inWords((await request(CarpoolsLeaveDocument, { input: { carpoolId: carpool.id } })).leaveCarpool.errors))}
      />
    </div>
  );
}

const PAGE = 14;
/** How long after its start a trip stays listed: its driver taps "Dropped off" up to six hours on. */
const STARTED_KEPT_MS = 6 * 3600_000;

/** The trips' window starts a few hours back (trips under way), on the hour so the saved copy's key
 *  stays the same within the hour. */
export function tripsFrom(now = Date.now()): string {
  return new Date(Math.floor((now - STARTED_KEPT_MS) / 3600_000) * 3600_000).toISOString();
}

/** What approved families see: trips, families, the ledger and the swaps. */
function InTheCarpool({ carpool }: { carpool: CarpoolDetails }) {
  const [first, setFirst] = useState(PAGE);
  const [from] = useState(() => tripsFrom());
  const q = useQuery(CarpoolsActivityDocument, { id: carpool.id, from, first });
  const activity = q.data?.carpool;
  return (
    <>
      <section class="section stack" aria-labelledby="carpool-trips">
        <h2 id="carpool-trips">{t("carpools.tripsTitle")}</h2>
        <PendingActions kind="cancelTrip" />
        <QueryView q={q} saved={false} select={(d) => d.carpool.trips} isEmpty={(l) => l.length === 0} empty={<p class="muted">{t("carpools.noTrips")}</p>}>
          {(trips) => (
            <>
              <ul class="list" aria-label={t("carpools.tripsTitle")}>
                {trips.map((trip) => (
                  <TripCard key={trip.id} trip={trip} trips={trips} carpool={carpool} />
                ))}
              </ul>
              {trips.length >= first && first < 40 && (
                <Button variant="secondary" block onClick={() => setFirst(40)}>
                  {t("carpools.moreTrips")}
                </Button>
              )}
            </>
          )}
        </QueryView>
      </section>
      <Families carpool={carpool} />
      {activity && <Ledger carpoolId={carpool.id} lines={activity.ledger} organiser={carpool.viewerIsOrganiser} />}
      {activity && <Swaps swaps={activity.swaps} timeZone={carpool.timezone} />}
      <section class="section stack" aria-labelledby="carpool-leave">
        <h2 id="carpool-leave">{t("carpools.leaveTitle")}</h2>
        <p class="muted">{carpool.viewerIsOrganiser ? t("carpools.leaveHintOrganiser") : t("carpools.leaveHint")}</p>
        <Leave carpool={carpool} pending={false} />
      </section>
    </>
  );
}

function Details({ carpool }: { carpool: CarpoolDetails }) {
  const state = carpool.viewerState;
  return (
    <>
      <PendingActions kind="requestSeat" />
      <section class="card stack" aria-label={t("carpools.about")}>
        <div class="row">
          <StateBadge state={state} organiser={carpool.viewerIsOrganiser} />
          {carpool.cancelled && <span class="status failed">{t("carpools.ended")}</span>}
        </div>
        <p>
          <strong>{t("carpools.toDestination", { destination: carpool.destination })}</strong> <span class="muted">· {purposeName(carpool.purpose)}</span>
        </p>
        {carpool.organiser && <p class="muted">{t("carpools.organisedBy", { name: carpool.organiser.displayName })}</p>}
        <p class="muted">{tn("carpools.familyCount", carpool.familyCount)}</p>
        {carpool.notes && <p class="carpools-note">{carpool.notes}</p>}
      </section>
      {carpool.viewerIsOrganiser && !carpool.cancelled && <EditCarpool carpool={carpool} />}
      <NoScreening />
      <Schedule carpool={carpool} />
      <SeatsAndPickup carpool={carpool} />
      {carpool.cancelled ? (
        <Notice>{t("carpools.endedNotice")}</Notice>
      ) : state === "APPROVED" ? (
        <InTheCarpool carpool={carpool} />
      ) : state === "PENDING" ? (
        <section class="section stack" aria-labelledby="carpool-waiting">
          <h2 id="carpool-waiting">{t("carpools.waitingTitle")}</h2>
          <Notice>{t("carpools.waitingText")}</Notice>
          <Leave carpool={carpool} pending />
        </section>
      ) : (
        <>
          {state === "DECLINED" && <Notice>{t("carpools.declinedText")}</Notice>}
          <AskForSeats carpool={carpool} />
        </>
      )}
    </>
  );
}

export default function CarpoolPage({ id }: { id: string }) {
  const { query } = useLocation();
  useMarkRead(query.n);
  const q = useQuery(CarpoolsCarpoolDocument, { id });
  const gone = <Notice>{t("carpools.gone")}</Notice>;
  return (
    <Page title={q.data?.carpool.title ?? t("carpools.carpoolTitle")}>
      <QueryView q={q} select={(d) => d.carpool} missing={gone} error={() => gone}>
        {(carpool) => <Details carpool={carpool} />}
      </QueryView>
    </Page>
  );
}
