// The driving ledger every approved family sees (each trip's drive shared by the families riding
// it; below zero owes drives; the family owing most is proposed next), with the organiser's "Credit
// help" for what a family does instead of driving; and the swaps my family asked or was asked, with
// Accept and Decline for those asked of us.
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { CarpoolsAnswerSwapDocument, CarpoolsCreditHelpDocument, type CarpoolsActivityQuery } from "../../gql/graphql";
import { lang, t, tn, type Key } from "../../i18n";
import { Button, FormErrors, Notice, Select, TextField, useAction } from "../../ui";
import { familyName, inWords, tripWhen } from "./parts";

type Activity = CarpoolsActivityQuery["carpool"];
type Line = Activity["ledger"][number];
type Swap = Activity["swaps"][number];

/** A balance as people read it: "−1/3", "+2", "0" (a real minus sign). */
export function balanceWords(text: string): string {
  return text.replace(/^-/, "−");
}

/** "0.5" drives as typed, or NaN. */
function drivesOf(value: string): number {
  return parseFloat(value.replace(",", "."));
}

function CreditHelp({ carpoolId, lines, onDone }: { carpoolId: string; lines: readonly Line[]; onDone: () => void }) {
  // Help is usually another family's: theirs first.
  const [familyId, setFamilyId] = useState((lines.find((l) => !l.isMine) ?? lines[0])?.familyId ?? "");
  const [drives, setDrives] = useState("1");
  const [note, setNote] = useState("");
  const { busy, errors, run } = useAction(["familyId", "drives", "note"]);
  const save = async () => {
    const ok = await run(async () => inWords((await request(CarpoolsCreditHelpDocument, { input: { carpoolId, familyId, drives: drivesOf(drives), note: note.trim() } })).creditCarpoolHelp.errors));
    if (ok) onDone();
  };
  return (
    <section class="notice stack" aria-labelledby="carpool-credit">
      <h3 id="carpool-credit">{t("carpools.creditTitle")}</h3>
      <p class="muted">{t("carpools.creditHint")}</p>
      <FormErrors messages={errors.general} />
      <Select label={t("carpools.creditFamily")} value={familyId} onValue={setFamilyId} options={lines.map((l) => ({ value: l.familyId, label: familyName(l) }))} error={errors.fields.familyId} />
      <TextField label={t("carpools.creditDrives")} hint={t("carpools.creditDrivesHint")} type="number" inputMode="decimal" value={drives} onValue={setDrives} error={errors.fields.drives} />
      <TextField label={t("carpools.creditNote")} hint={t("carpools.creditNoteHint")} value={note} onValue={setNote} maxLength={120} required error={errors.fields.note} />
      <div class="row">
        <Button busy={busy} busyLabel={t("carpools.saving")} disabled={!familyId} onClick={() => void save()}>
          {t("carpools.creditSave")}
        </Button>
        <Button variant="quiet" disabled={busy} onClick={onDone}>
          {t("carpools.keep")}
        </Button>
      </div>
    </section>
  );
}

export function Ledger({ carpoolId, lines, organiser }: { carpoolId: string; lines: readonly Line[]; organiser: boolean }) {
  const [crediting, setCrediting] = useState(false);
  return (
    <section class="section stack" aria-labelledby="carpool-ledger">
      <h2 id="carpool-ledger">{t("carpools.ledgerTitle")}</h2>
      <p class="muted">{t("carpools.ledgerExplain")}</p>
      {lines.length ? (
        <ul class="list" aria-label={t("carpools.ledgerTitle")}>
          {lines.map((l) => (
            <li key={l.familyId} class="card stack carpools-ledger-line">
              <div class="card-head">
                <h3>{familyName(l)}</h3>
                {l.proposedNext && <span class="status pending">{t("carpools.proposedNext")}</span>}
              </div>
              <dl class="facts">
                <div>
                  <dt>{t("carpools.balance")}</dt>
                  <dd>
                    <strong>{balanceWords(l.balanceText)}</strong> {l.balance < 0 ? t("carpools.owes") : ""}
                  </dd>
                </div>
                <div>
                  <dt>{t("carpools.drivesGiven")}</dt>
                  <dd>{l.drives}</dd>
                </div>
                {l.credited > 0 && (
                  <div>
                    <dt>{t("carpools.helpCredited")}</dt>
                    <dd>{tn("carpools.drivesCount", l.credited, { count: new Intl.NumberFormat(lang.value).format(l.credited) })}</dd>
                  </div>
                )}
              </dl>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t("carpools.ledgerEmpty")}</p>
      )}
      {organiser &&
        lines.length > 0 &&
        (crediting ? (
          <CreditHelp carpoolId={carpoolId} lines={lines} onDone={() => setCrediting(false)} />
        ) : (
          <Button variant="secondary" onClick={() => setCrediting(true)}>
            {t("carpools.creditHelp")}
          </Button>
        ))}
    </section>
  );
}

function SwapItem({ swap, timeZone }: { swap: Swap; timeZone: string }) {
  const { busy, errors, run } = useAction();
  const answer = (accept: boolean) => void run(async () => inWords((await request(CarpoolsAnswerSwapDocument, { input: { swapId: swap.id, accept } })).answerSwap.errors));
  const when = tripWhen(swap.tripStartsAt, timeZone);
  const back = swap.returnTripStartsAt ? tripWhen(swap.returnTripStartsAt, timeZone) : null;
  const pending = swap.state === "PENDING";
  return (
    <li class="card stack">
      <p>
        <strong>{swap.viewerIsAsked ? t("carpools.swapAskedOfUs", { when }) : t("carpools.swapWeAsked", { when })}</strong>{" "}
        {!pending && <span class={`status${swap.state === "ACCEPTED" ? "" : " failed"}`}>{t(`carpools.swapState_${swap.state}` as Key)}</span>}
      </p>
      {back && <p>{swap.viewerIsAsked ? t("carpools.swapTheyTake", { when: back }) : t("carpools.swapWeTake", { when: back })}</p>}
      {swap.note && <p class="carpools-note">{t("carpools.theirNote", { note: swap.note })}</p>}
      <FormErrors messages={errors.general} />
      {pending && swap.viewerIsAsked && (
        <div class="row">
          <Button busy={busy} busyLabel={t("carpools.saving")} onClick={() => answer(true)}>
            {t("carpools.swapAccept")}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => answer(false)}>
            {t("carpools.swapDecline")}
          </Button>
        </div>
      )}
      {pending && swap.viewerAsked && <p class="muted">{t("carpools.swapWaiting")}</p>}
    </li>
  );
}

export function Swaps({ swaps, timeZone }: { swaps: readonly Swap[]; timeZone: string }) {
  const asked = swaps.filter((s) => s.viewerIsAsked && s.state === "PENDING");
  return (
    <section class="section stack" aria-labelledby="carpool-swaps">
      <h2 id="carpool-swaps">{t("carpools.swapsTitle")}</h2>
      {asked.length > 0 && <Notice>{tn("carpools.swapsAsked", asked.length)}</Notice>}
      {swaps.length ? (
        <ul class="list" aria-label={t("carpools.swapsTitle")}>
          {[...swaps]
            .sort((a, b) => Number(b.state === "PENDING") - Number(a.state === "PENDING") || a.tripStartsAt.localeCompare(b.tripStartsAt))
            .map((s) => (
              <SwapItem key={s.id} swap={s} timeZone={timeZone} />
            ))}
        </ul>
      ) : (
        <p class="muted">{t("carpools.noSwaps")}</p>
      )}
    </section>
  );
}
