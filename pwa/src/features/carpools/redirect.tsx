// A trip or a swap known only by its ID (a notification about a trip change, a reminder, a check-in
// or a swap): find its carpool and go there, at the trip, keeping `?n=` so the carpool's page marks
// the notification read. Only the carpool's approved families can see a trip; anyone else is told
// it is not available.
import { useLocation } from "preact-iso";
import { useEffect } from "preact/hooks";
import { useQuery } from "../../api/hooks";
import { CarpoolsSwapTripDocument, CarpoolsTripCarpoolDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { LinkButton, Notice, Page } from "../../ui";
import { carpoolHref, carpoolsHref, tripAnchor } from "./paths";

function GoToTrip({ tripId, waiting }: { tripId: string | null; waiting: boolean }) {
  const { query, route } = useLocation();
  const q = useQuery(CarpoolsTripCarpoolDocument, { id: tripId ?? "" }, { skip: !tripId });
  const node = q.data?.node;
  const carpoolId = node && "carpoolId" in node ? node.carpoolId : null;
  useEffect(() => {
    if (carpoolId && tripId) route(`${carpoolHref(carpoolId)}${query.n ? `?n=${encodeURIComponent(query.n)}` : ""}#${tripAnchor(tripId)}`, true);
  }, [carpoolId]);
  const loading = waiting || (!!tripId && q.loading);
  return (
    <Page title={t("carpools.tripTitle")}>
      {loading || carpoolId ? (
        <p class="muted" role="status">
          {t("common.loading")}
        </p>
      ) : (
        <>
          <Notice>{q.offline ? t("carpools.offlineNotSeen") : t("carpools.tripGone")}</Notice>
          <LinkButton href={carpoolsHref("mine")}>{t("carpools.toMine")}</LinkButton>
        </>
      )}
    </Page>
  );
}

export function TripRedirect({ tripId }: { tripId: string }) {
  return <GoToTrip tripId={tripId} waiting={false} />;
}

export function SwapRedirect({ swapId }: { swapId: string }) {
  const q = useQuery(CarpoolsSwapTripDocument, { id: swapId });
  const node = q.data?.node;
  const tripId = node && "tripId" in node ? node.tripId : null;
  return <GoToTrip tripId={tripId} waiting={q.loading} />;
}
