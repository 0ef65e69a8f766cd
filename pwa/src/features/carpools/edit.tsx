// The organiser changes the carpool: its name, seats (never below the children already riding), the
// exact pickup, notes, days off (trips on a new day off are called off) and an earlier or later last
// day. Only what changed is sent; the approved families are told when the pickup or the days change.
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { CarpoolsUpdateDocument, type UpdateCarpoolInput } from "../../gql/graphql";
import { t } from "../../i18n";
import { Button, FormErrors, Notice, Select, TextArea, TextField, useAction } from "../../ui";
import { DaysOff } from "./carpool-form";
import { inWords } from "./parts";
import type { CarpoolDetails } from "./trips";

const FIELDS = ["title", "seats", "pickupDetails", "notes", "skipped", "endsOn"] as const;

type Draft = { title: string; seats: string; pickupDetails: string; notes: string; skipped: string[]; endsOn: string };

export function draftOf(c: CarpoolDetails): Draft {
  return { title: c.title, seats: String(c.seats), pickupDetails: c.pickupDetails ?? "", notes: c.notes, skipped: [...c.schedule.skipped].sort(), endsOn: c.schedule.endsOn };
}

/** What changed, and only that (an emptied pickup or notes is sent empty, which clears it). */
export function changesOf(d: Draft, was: Draft, carpoolId: string): UpdateCarpoolInput {
  const input: UpdateCarpoolInput = { carpoolId };
  if (d.title.trim() !== was.title) input.title = d.title.trim();
  if (d.seats !== was.seats) input.seats = parseInt(d.seats, 10);
  if (d.pickupDetails.trim() !== was.pickupDetails) input.pickupDetails = d.pickupDetails.trim();
  if (d.notes.trim() !== was.notes) input.notes = d.notes.trim();
  if (d.skipped.join() !== was.skipped.join()) input.skipped = d.skipped;
  if (d.endsOn !== was.endsOn) input.endsOn = d.endsOn;
  return input;
}

export function EditCarpool({ carpool }: { carpool: CarpoolDetails }) {
  // Compared with the carpool as it is now: after a save (and the refresh) nothing is left to send.
  const was = draftOf(carpool);
  const [d, setD] = useState(was);
  const [saved, setSaved] = useState(false);
  const { busy, errors, run } = useAction(FIELDS);
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const input = changesOf(d, was, carpool.id);
    if (Object.keys(input).length === 1) return;
    if (await run(async () => inWords((await request(CarpoolsUpdateDocument, { input })).updateCarpool.errors))) setSaved(true);
  };
  const f = errors.fields;
  return (
    <details class="ob-details carpools-edit" open={errors.general.length > 0 || Object.keys(f).length > 0 || undefined}>
      <summary>{t("carpools.editTitle")}</summary>
      <form class="stack skills-form" onSubmit={save} noValidate>
        <p class="muted">{t("carpools.editLead")}</p>
        <FormErrors messages={errors.general} />
        <TextField label={t("carpools.fieldTitle")} value={d.title} onValue={set("title")} required maxLength={80} error={f.title} />
        <Select label={t("carpools.fieldSeats")} hint={t("carpools.fieldSeatsHint")} value={d.seats} onValue={set("seats")} options={[1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ value: String(n), label: String(n) }))} error={f.seats} />
        <TextArea label={t("carpools.fieldPickupDetails")} hint={t("carpools.fieldPickupDetailsHint")} value={d.pickupDetails} onValue={set("pickupDetails")} maxLength={500} error={f.pickupDetails} />
        <DaysOff values={d.skipped} onChange={set("skipped")} error={f.skipped} />
        <TextField label={t("carpools.fieldEndsOn")} type="date" value={d.endsOn} onValue={set("endsOn")} required error={f.endsOn} />
        <TextArea label={t("carpools.fieldNotes")} hint={t("carpools.fieldNotesHint")} value={d.notes} onValue={set("notes")} maxLength={2000} error={f.notes} />
        <Button type="submit" block busy={busy} busyLabel={t("carpools.saving")}>
          {t("carpools.editSave")}
        </Button>
        {saved && <Notice live>{t("carpools.editSaved")}</Notice>}
      </form>
    </details>
  );
}
