// The carpool's families, for its approved families: each one's caregivers, children by first name,
// how to reach them and whether they drive; and, for the organiser and co-drivers, the requests
// waiting, with Approve and Decline (a request that no longer fits the seats says so plainly).
import { request } from "../../api/client";
import { CarpoolsDecideDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { Button, FormErrors, useAction } from "../../ui";
import { familyName, inWords, legLabel } from "./parts";
import type { CarpoolDetails } from "./trips";

type Family = CarpoolDetails["families"][number];

function runsText(f: Family, carpool: CarpoolDetails): string | null {
  const legs = carpool.schedule.legs;
  if (legs.every((l) => f.legs.includes(l.key))) return t("carpools.ridesAll");
  const chosen = legs.filter((l) => f.legs.includes(l.key)).map(legLabel);
  return chosen.length ? t("carpools.ridesSome", { runs: chosen.join(", ") }) : null;
}

function FamilyFacts({ f, carpool }: { f: Family; carpool: CarpoolDetails }) {
  const runs = runsText(f, carpool);
  return (
    <>
      {f.children.length > 0 && <p>{t("carpools.children", { names: f.children.map((c) => c.firstName).join(", ") })}</p>}
      {runs && <p class="muted">{runs}</p>}
      {f.contact && (
        <p>
          {t("carpools.contact")}: <a href={`tel:${f.contact.replace(/[^\d+]/g, "")}`}>{f.contact}</a>
        </p>
      )}
      {f.note && <p class="carpools-note">{t("carpools.theirNote", { note: f.note })}</p>}
    </>
  );
}

function Request({ f, carpool }: { f: Family; carpool: CarpoolDetails }) {
  const { busy, errors, run } = useAction();
  const name = familyName(f);
  const decide = (approve: boolean) => void run(async () => inWords((await request(CarpoolsDecideDocument, { input: { requestId: f.id, approve } })).decideSeatRequest.errors));
  return (
    <li class="card stack carpools-family">
      <div class="card-head">
        <h4>{name}</h4>
        <div class="row">
          <span class="status pending">{t("carpools.statePending")}</span>
          {f.canDrive && <span class="status">{t("carpools.drives")}</span>}
        </div>
      </div>
      <FamilyFacts f={f} carpool={carpool} />
      <FormErrors messages={errors.general} />
      <div class="row">
        <Button busy={busy} busyLabel={t("carpools.saving")} aria-label={t("carpools.approveNamed", { name })} onClick={() => decide(true)}>
          {t("carpools.approve")}
        </Button>
        <Button variant="secondary" disabled={busy} aria-label={t("carpools.declineNamed", { name })} onClick={() => decide(false)}>
          {t("carpools.decline")}
        </Button>
      </div>
    </li>
  );
}

export function Families({ carpool }: { carpool: CarpoolDetails }) {
  const approved = carpool.families.filter((f) => f.state === "APPROVED");
  const waiting = carpool.viewerCanDecide ? carpool.families.filter((f) => f.state === "PENDING" && !f.isMine) : [];
  return (
    <section class="section stack" aria-labelledby="carpool-families">
      <h2 id="carpool-families">{t("carpools.familiesTitle")}</h2>
      {carpool.viewerCanDecide && (
        <section class="stack" aria-labelledby="carpool-requests">
          <h3 id="carpool-requests">{t("carpools.requestsTitle")}</h3>
          {waiting.length ? (
            <ul class="list">
              {waiting.map((f) => (
                <Request key={f.id} f={f} carpool={carpool} />
              ))}
            </ul>
          ) : (
            <p class="muted">{t("carpools.noRequests")}</p>
          )}
        </section>
      )}
      <ul class="list" aria-label={t("carpools.familiesTitle")}>
        {approved.map((f) => (
          <li key={f.id} class="card stack carpools-family">
            <div class="card-head">
              <h3>{familyName(f)}</h3>
              <div class="row">
                {f.organiser && <span class="status">{t("carpools.stateOrganiser")}</span>}
                {f.canDrive && <span class="status">{t("carpools.drives")}</span>}
              </div>
            </div>
            <FamilyFacts f={f} carpool={carpool} />
          </li>
        ))}
      </ul>
    </section>
  );
}
