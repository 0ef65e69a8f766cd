// A carpool's upcoming trips, for its approved families: when (in the carpool's time) and which way,
// who drives (proposed by the ledger, or confirmed) or "No driver yet" with "I'll drive", the children
// riding by first name and those not riding, "Not riding today" for my own children, and, on the
// day, the driver's "Picked up" / "Dropped off" (trips under way stay listed for a few hours). The driver can give a trip up, ask another driving family for
// a swap, or call it off (that one works offline); the organiser also moves its time or gives it to a
// driving family. The server decides what is allowed when; its refusals show on the trip.
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { CarpoolsChangeTripDocument, CarpoolsCheckInDocument, CarpoolsRequestSwapDocument, CarpoolsSetRidingDocument, CarpoolsTakeTripDocument, type CarpoolsActivityQuery, type CarpoolsCarpoolQuery } from "../../gql/graphql";
import { t } from "../../i18n";
import { useClientId } from "../../offline/client-id";
import { submitOrQueue } from "../../offline/queue";
import { Button, FormErrors, Notice, Select, TextField, thrownText, useAction } from "../../ui";
import { ConfirmButton } from "../staff/parts";
import { directionName, familyName, inWords, localInput, sameDay, timeIn, tripWhen } from "./parts";
import { tripAnchor } from "./paths";

export type Trip = CarpoolsActivityQuery["carpool"]["trips"][number];
export type CarpoolDetails = CarpoolsCarpoolQuery["carpool"];
type Family = CarpoolDetails["families"][number];

/** The families that drive, other than mine: who a trip can go to. */
export function drivingFamilies(families: readonly Family[], includeMine = false): Family[] {
  return families.filter((f) => f.state === "APPROVED" && f.canDrive && (includeMine || !f.isMine));
}

function DriverLine({ trip }: { trip: Trip }) {
  if (!trip.driver) return <p>{t("carpools.noDriver")}</p>;
  return (
    <p>
      {trip.driver.isMine ? t("carpools.weDrive") : t("carpools.drivenBy", { name: familyName(trip.driver) })}{" "}
      {trip.driverConfirmed ? <span class="status">{t("carpools.driverConfirmed")}</span> : <span class="status pending">{t("carpools.driverProposed")}</span>}
    </p>
  );
}

function Riders({ trip }: { trip: Trip }) {
  const riding = trip.riders.filter((r) => r.riding).map((r) => r.child.firstName);
  const notRiding = trip.riders.filter((r) => !r.riding).map((r) => r.child.firstName);
  return (
    <p class="muted">
      {riding.length ? t("carpools.riding", { names: riding.join(", ") }) : t("carpools.nobodyRiding")}
      {notRiding.length ? ` · ${t("carpools.notRiding", { names: notRiding.join(", ") })}` : ""}
      {` · ${t("carpools.seatsUsed", { used: trip.seatsUsed, seats: trip.seats })}`}
    </p>
  );
}

/** "Not riding today" for each of my children on the trip (a toggle: pressed when not riding). */
function MyChildren({ trip, run, busy }: { trip: Trip; run: ReturnType<typeof useAction>["run"]; busy: boolean }) {
  const mine = trip.riders.filter((r) => r.child.id);
  if (!mine.length) return null;
  return (
    <div class="row">
      {mine.map((r) => (
        <Button
          key={r.child.id}
          variant="secondary"
          aria-pressed={!r.riding}
          disabled={busy}
          onClick={() => void run(async () => inWords((await request(CarpoolsSetRidingDocument, { input: { tripId: trip.id, childIds: [r.child.id!], riding: !r.riding } })).setTripRiding.errors))}
        >
          {t("carpools.notRidingToday", { name: r.child.firstName })}
        </Button>
      ))}
    </div>
  );
}

function CheckIn({ trip, timeZone, run, busy }: { trip: Trip; timeZone: string; run: ReturnType<typeof useAction>["run"]; busy: boolean }) {
  const check = (droppedOff: boolean) => void run(async () => inWords((await request(CarpoolsCheckInDocument, { input: { tripId: trip.id, droppedOff } })).checkInTrip.errors));
  return (
    <div class="stack">
      <p class="muted">{t("carpools.checkInHint")}</p>
      <div class="row">
        {trip.pickedUpAt ? (
          <span class="status">{t("carpools.pickedUpAt", { time: timeIn(trip.pickedUpAt, timeZone) })}</span>
        ) : (
          <Button disabled={busy} onClick={() => check(false)}>
            {t("carpools.pickedUp")}
          </Button>
        )}
        {trip.droppedOffAt ? (
          <span class="status">{t("carpools.droppedOffAt", { time: timeIn(trip.droppedOffAt, timeZone) })}</span>
        ) : (
          <Button variant="secondary" disabled={busy} onClick={() => check(true)}>
            {t("carpools.droppedOff")}
          </Button>
        )}
      </div>
    </div>
  );
}

/** Ask another driving family to take this trip, maybe taking one of theirs in return. */
function AskSwap({ trip, trips, families, timeZone, onDone }: { trip: Trip; trips: readonly Trip[]; families: readonly Family[]; timeZone: string; onDone: () => void }) {
  const others = drivingFamilies(families);
  const [to, setTo] = useState(others[0]?.familyId ?? "");
  const [back, setBack] = useState("");
  const [note, setNote] = useState("");
  const { busy, errors, run } = useAction(["toFamilyId", "returnTripId", "note"]);
  if (!others.length) return <p class="muted">{t("carpools.noOtherDrivers")}</p>;
  const theirs = trips.filter((x) => x.id !== trip.id && !x.cancelled && x.driver?.familyId === to);
  const send = async () => {
    const ok = await run(async () => inWords((await request(CarpoolsRequestSwapDocument, { input: { tripId: trip.id, toFamilyId: to, returnTripId: back || null, note: note.trim() || null } })).requestSwap.errors));
    if (ok) onDone();
  };
  const headId = `swap-${tripAnchor(trip.id)}`;
  return (
    <section class="notice stack" aria-labelledby={headId}>
      <h4 id={headId}>{t("carpools.swapTitle")}</h4>
      <FormErrors messages={errors.general} />
      <Select
        label={t("carpools.swapFamily")}
        value={to}
        onValue={(v) => {
          setTo(v);
          setBack("");
        }}
        options={others.map((f) => ({ value: f.familyId, label: familyName(f) }))}
        error={errors.fields.toFamilyId}
      />
      <Select
        label={t("carpools.swapReturn")}
        hint={t("carpools.swapReturnHint")}
        value={back}
        onValue={setBack}
        options={[{ value: "", label: t("carpools.swapNoReturn") }, ...theirs.map((x) => ({ value: x.id, label: `${tripWhen(x.startsAt, timeZone)} · ${directionName(x.direction)}` }))]}
        error={errors.fields.returnTripId}
      />
      <TextField label={t("carpools.swapNote")} value={note} onValue={setNote} maxLength={500} error={errors.fields.note} />
      <div class="row">
        <Button busy={busy} busyLabel={t("carpools.sending")} disabled={!to} onClick={() => void send()}>
          {t("carpools.swapSend")}
        </Button>
        <Button variant="quiet" disabled={busy} onClick={onDone}>
          {t("carpools.keep")}
        </Button>
      </div>
    </section>
  );
}

/** The organiser moves a trip (the same day, or up to six days away) in the carpool's time. */
function ChangeTime({ trip, timeZone }: { trip: Trip; timeZone: string }) {
  const [at, setAt] = useState(() => localInput(trip.startsAt, timeZone));
  const [done, setDone] = useState(false);
  const { busy, errors, run } = useAction(["startsAt"]);
  const save = async () => {
    setDone(false);
    const startsAt = at.length === 16 ? `${at}:00` : at;
    if (await run(async () => inWords((await request(CarpoolsChangeTripDocument, { input: { tripId: trip.id, startsAt } })).changeTrip.errors))) setDone(true);
  };
  return (
    <div class="stack">
      <FormErrors messages={errors.general} />
      <TextField label={t("carpools.newTime")} hint={t("carpools.newTimeHint")} type="datetime-local" style={{ minWidth: 0 }} value={at} onValue={setAt} error={errors.fields.startsAt} />
      <Button variant="secondary" busy={busy} busyLabel={t("carpools.saving")} disabled={!at} onClick={() => void save()}>
        {t("carpools.changeTime")}
      </Button>
      {done && <Notice live>{t("carpools.timeChanged")}</Notice>}
    </div>
  );
}

/** The organiser gives the trip to a driving family (it is confirmed at once). */
function AssignDriver({ trip, families }: { trip: Trip; families: readonly Family[] }) {
  const drivers = drivingFamilies(families, true);
  const [who, setWho] = useState(trip.driver?.familyId ?? drivers[0]?.familyId ?? "");
  const { busy, errors, run } = useAction(["driverFamilyId"]);
  if (!drivers.length) return null;
  return (
    <div class="stack">
      <FormErrors messages={errors.general} />
      <Select label={t("carpools.assignWho")} value={who} onValue={setWho} options={drivers.map((f) => ({ value: f.familyId, label: familyName(f) }))} error={errors.fields.driverFamilyId} />
      <Button variant="secondary" busy={busy} busyLabel={t("carpools.saving")} disabled={!who} onClick={() => void run(async () => inWords((await request(CarpoolsChangeTripDocument, { input: { tripId: trip.id, driverFamilyId: who } })).changeTrip.errors))}>
        {t("carpools.assignDriver")}
      </Button>
    </div>
  );
}

/** Call a trip off (its driver or the organiser): sent now, or from the offline queue. */
function CallOff({ trip, label, onQueued, onErrors }: { trip: Trip; label: string; onQueued: () => void; onErrors: (messages: string[]) => void }) {
  const clientId = useClientId();
  return (
    <ConfirmButton
      label={t("carpools.callOff")}
      question={t("carpools.callOffConfirm", { when: label })}
      yes={t("carpools.callOffYes")}
      keep={t("carpools.keep")}
      busyLabel={t("carpools.saving")}
      variant="secondary"
      onConfirm={async () => {
        onErrors([]);
        try {
          const result = await submitOrQueue({ kind: "cancelTrip", input: { tripId: trip.id, clientMutationId: clientId.current() } }, label);
          if (result.status === "refused") {
            onErrors(inWords(result.errors).map((e) => e.message));
            return false;
          }
          clientId.done();
          if (result.status === "queued") onQueued();
          return true;
        } catch (e) {
          onErrors([thrownText(e)]);
          return false;
        }
      }}
    />
  );
}

export function TripCard({ trip, trips, carpool }: { trip: Trip; trips: readonly Trip[]; carpool: CarpoolDetails }) {
  const { busy, errors, run, setErrors } = useAction();
  const [swapping, setSwapping] = useState(false);
  const [queued, setQueued] = useState(false);
  const timeZone = carpool.timezone;
  const when = `${tripWhen(trip.startsAt, timeZone)} · ${directionName(trip.direction)}`;
  const started = new Date(trip.startsAt).getTime() <= Date.now();
  // What can still change: not called off, not under way (the server refuses changes after the start).
  const open = !trip.cancelled && !started;
  // The driver checks in on the day (the server says when it is too early or too late).
  const checkIn = !trip.cancelled && trip.viewerIsDriver && (started || sameDay(trip.startsAt, new Date().toISOString(), timeZone));
  // A trip with no driver, or one only proposed (to us: confirm it; to another family: take it).
  const canTake = open && trip.viewerCanDrive && (!trip.driver || !trip.driverConfirmed);
  const take = () => void run(async () => inWords((await request(CarpoolsTakeTripDocument, { input: { tripId: trip.id } })).takeTrip.errors));
  const tools = open && (trip.viewerIsDriver || trip.viewerCanChange);
  return (
    <li class="card stack carpools-trip" id={tripAnchor(trip.id)}>
      <div class="card-head">
        <h3>{when}</h3>
        <div class="row">
          {trip.cancelled && <span class="status failed">{t("carpools.calledOff")}</span>}
          {trip.moved && <span class="status pending">{t("carpools.moved")}</span>}
          {started && !trip.cancelled && <span class="status">{t("carpools.underWay")}</span>}
        </div>
      </div>
      <DriverLine trip={trip} />
      <Riders trip={trip} />
      <FormErrors messages={errors.general} />
      {queued && <Notice live>{t("carpools.callOffQueued")}</Notice>}
      {canTake && (
        // Loud when the trip needs a driver or waits for our confirmation; quiet when another family is proposed.
        <Button variant={!trip.driver || trip.driver.isMine ? "primary" : "secondary"} busy={busy} busyLabel={t("carpools.sending")} onClick={take}>
          {trip.driver?.isMine ? t("carpools.confirmDrive") : t("carpools.illDrive")}
        </Button>
      )}
      {open && <MyChildren trip={trip} run={run} busy={busy} />}
      {checkIn && <CheckIn trip={trip} timeZone={timeZone} run={run} busy={busy} />}
      {tools && (
        <details class="ob-details">
          <summary>{t("carpools.tripTools")}</summary>
          <div class="stack">
            {trip.viewerIsDriver && (
              <ConfirmButton
                label={t("carpools.cantDrive")}
                question={t("carpools.cantDriveConfirm")}
                yes={t("carpools.cantDriveYes")}
                keep={t("carpools.keep")}
                busyLabel={t("carpools.saving")}
                onConfirm={() => run(async () => inWords((await request(CarpoolsChangeTripDocument, { input: { tripId: trip.id, giveUp: true } })).changeTrip.errors))}
              />
            )}
            {trip.viewerIsDriver &&
              (swapping ? (
                <AskSwap trip={trip} trips={trips} families={carpool.families} timeZone={timeZone} onDone={() => setSwapping(false)} />
              ) : (
                <Button variant="secondary" onClick={() => setSwapping(true)}>
                  {t("carpools.askSwap")}
                </Button>
              ))}
            {/* Keyed by what they start from, so a refreshed trip starts them afresh. */}
            {carpool.viewerIsOrganiser && <ChangeTime key={trip.startsAt} trip={trip} timeZone={timeZone} />}
            {carpool.viewerIsOrganiser && <AssignDriver key={trip.driver?.familyId ?? "none"} trip={trip} families={carpool.families} />}
            {trip.viewerCanChange && <CallOff trip={trip} label={when} onQueued={() => setQueued(true)} onErrors={(general) => setErrors({ fields: {}, general })} />}
          </div>
        </details>
      )}
    </li>
  );
}
