// Carpools: "Mine" (the carpools my family is in or asked to join, with where I stand) and "Near me"
// (the community's, those with free seats first, then the closest pickup areas; filtered by
// destination, weekday and a postal code). Each card: title, destination, the week's runs, seats free,
// the approximate pickup area and how far it is. "Start a carpool", and the plain statement that
// Village does not screen drivers.
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { useQuery } from "../../api/hooks";
import { CarpoolsMineDocument, CarpoolsNearDocument, type Weekday } from "../../gql/graphql";
import { t } from "../../i18n";
import { PendingActions } from "../../offline/pending";
import { currentMembership } from "../../state/me";
import { Button, LinkButton, Notice, Page, QueryView, queryErrorText, Select, TextField } from "../../ui";
import { Tabs } from "../staff/parts";
import { CarpoolCard, NoScreening, WEEKDAYS, weekdayName } from "./parts";
import { carpoolsHref, NEW_CARPOOL, type CarpoolsTab } from "./paths";

export function parseTab(value: string | undefined): CarpoolsTab {
  return value === "near" ? "near" : "mine";
}

function Mine() {
  const q = useQuery(CarpoolsMineDocument);
  const empty = (
    <div class="card empty-state stack">
      <p>{t("carpools.noMine")}</p>
      <LinkButton href={carpoolsHref("near")} variant="secondary">
        {t("carpools.findNear")}
      </LinkButton>
    </div>
  );
  return (
    <QueryView q={q} select={(d) => d.myCarpools} isEmpty={(l) => l.length === 0} empty={empty}>
      {(list) => (
        <ul class="list" aria-label={t("carpools.mineList")}>
          {list.map((c) => (
            <CarpoolCard key={c.id} carpool={c} />
          ))}
        </ul>
      )}
    </QueryView>
  );
}

type Filters = { destination: string; day: Weekday | ""; near: string };
const NO_FILTERS: Filters = { destination: "", day: "", near: "" };

function Near({ communityId }: { communityId: string }) {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const q = useQuery(CarpoolsNearDocument, { communityId, destination: filters.destination || null, day: filters.day || null, near: filters.near || null });
  const filtered = !!(filters.destination || filters.day || filters.near);
  // A postal code the server does not know is said at the field, and the old list is not shown as its answer.
  const badPlace = q.error?.code === "UNKNOWN_POSTAL_CODE" ? queryErrorText(q.error) : undefined;
  const set = <K extends keyof Filters>(k: K) => (v: Filters[K]) => setDraft((f) => ({ ...f, [k]: v }));
  return (
    <>
      <form
        class="stack"
        role="search"
        aria-label={t("carpools.filters")}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ destination: draft.destination.trim(), day: draft.day, near: draft.near.trim() });
        }}
      >
        <TextField label={t("carpools.filterDestination")} hint={t("carpools.filterDestinationHint")} type="search" value={draft.destination} onValue={set("destination")} autoComplete="off" maxLength={120} />
        <div class="filters">
          <Select<Weekday | ""> label={t("carpools.filterDay")} value={draft.day} onValue={set("day")} options={[{ value: "", label: t("carpools.anyDay") }, ...WEEKDAYS.map((d) => ({ value: d, label: weekdayName(d) }))]} />
          <TextField label={t("carpools.filterNear")} hint={t("carpools.filterNearHint")} value={draft.near} onValue={set("near")} autoComplete="postal-code" inputMode="numeric" maxLength={12} error={badPlace} />
        </div>
        <div class="row">
          <Button type="submit">{t("carpools.search")}</Button>
          {filtered && (
            <Button
              variant="quiet"
              onClick={() => {
                setDraft(NO_FILTERS);
                setFilters(NO_FILTERS);
              }}
            >
              {t("carpools.clearFilters")}
            </Button>
          )}
        </div>
      </form>
      <QueryView
        q={badPlace ? { ...q, data: undefined } : q}
        error={badPlace ? () => null : undefined}
        select={(d) => d.carpools}
        isEmpty={(l) => l.length === 0}
        empty={
          <div class="card empty-state">
            <p>{filtered ? t("carpools.noMatch") : t("carpools.noneNear")}</p>
          </div>
        }
      >
        {(list) => (
          <ul class="list" aria-label={t("carpools.nearList")}>
            {list.map((c) => (
              <CarpoolCard key={c.id} carpool={c} />
            ))}
          </ul>
        )}
      </QueryView>
    </>
  );
}

export default function Carpools() {
  const { query } = useLocation();
  const tab = parseTab(query.tab);
  const membership = currentMembership.value;
  const verified = membership?.state === "VERIFIED";
  if (membership && !verified) {
    return (
      <Page title={t("carpools.title")}>
        <Notice>{t("carpools.pendingMember")}</Notice>
      </Page>
    );
  }
  return (
    <Page title={t("carpools.title")} lead={t("carpools.lead")}>
      <NoScreening />
      <PendingActions kind="createCarpool" />
      <LinkButton href={NEW_CARPOOL} block>
        {t("carpools.start")}
      </LinkButton>
      <Tabs
        label={t("carpools.tabs")}
        current={tab}
        tabs={[
          { id: "mine", href: carpoolsHref("mine"), text: t("carpools.tabMine") },
          { id: "near", href: carpoolsHref("near"), text: t("carpools.tabNear") },
        ]}
      />
      <section class="stack" aria-labelledby="carpools-tab-title">
        <h2 id="carpools-tab-title" class="visually-hidden">
          {tab === "mine" ? t("carpools.mineList") : t("carpools.nearList")}
        </h2>
        {tab === "mine" ? <Mine /> : membership ? <Near communityId={membership.communityId} /> : null}
      </section>
    </Page>
  );
}
