// Home's "Upcoming trips" (a home section, ../home/sections.ts): my family's next three trips, each
// with when (in its carpool's time), which way, and whether we drive or who does, linking to the
// carpool. With none (and while it loads), the section hides itself, heading and all (app.css:
// `.carpools-home-empty`), so home stays calm for families without a carpool. No riders here:
// children's names stay on the carpool's page.
import { useQuery } from "../../api/hooks";
import { CarpoolsHomeDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { QueryView } from "../../ui";
import { directionName, tripWhen } from "./parts";
import { carpoolHref, carpoolsHref, tripAnchor } from "./paths";

export default function UpcomingTrips() {
  const q = useQuery(CarpoolsHomeDocument);
  const zones = new Map((q.data?.myCarpools ?? []).map((c) => [c.id, c.timezone]));
  const empty = (
    <p class="muted carpools-home-empty">
      <a href={carpoolsHref("near")}>{t("carpools.homeFind")}</a>
    </p>
  );
  // Hidden while it loads too: most families have no carpool, and home should not flash a heading.
  const waiting = <p class="carpools-home-empty" />;
  return (
    <QueryView q={q} saved={false} loading={waiting} error={() => empty} select={(d) => d.myTrips} isEmpty={(l) => l.length === 0} empty={empty}>
      {(trips) => (
        <>
          <ul class="list" aria-label={t("carpools.homeList")}>
            {trips.map((trip) => (
              <li key={trip.id} class="card stack">
                <div class="card-head">
                  <h3>
                    <a href={`${carpoolHref(trip.carpoolId)}#${tripAnchor(trip.id)}`}>{trip.carpoolTitle}</a>
                  </h3>
                  {trip.cancelled && <span class="status failed">{t("carpools.calledOff")}</span>}
                </div>
                <p>{`${tripWhen(trip.startsAt, zones.get(trip.carpoolId) ?? Intl.DateTimeFormat().resolvedOptions().timeZone)} · ${directionName(trip.direction)}`}</p>
                <p class="muted">{trip.viewerIsDriver ? (trip.driverConfirmed ? t("carpools.homeYouDrive") : t("carpools.homeYouProposed")) : trip.driver ? t("carpools.homeDriverSet") : t("carpools.noDriver")}</p>
              </li>
            ))}
          </ul>
          <p class="more-link">
            <a href={carpoolsHref("mine")}>{t("carpools.homeAll")}</a>
          </p>
        </>
      )}
    </QueryView>
  );
}
