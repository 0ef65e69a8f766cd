// My calendar (the dates my family is going to or waiting for, by day in the community's time) and
// what is coming up in the next 60 days, for the community or, with ?group=, for one group. My
// calendar can be saved as an .ics file, fetched with my session like any query.
import { useLocation } from "preact-iso";
import { useMemo } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { EventsMineDocument, EventsMyIcsDocument, EventsUpcomingDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { currentMembership } from "../../state/me";
import { LinkButton, Page, QueryView } from "../../ui";
import { byDay, dayName, IcsButton, icsFilename, type Occurrence, seatsText, timeIn } from "./parts";
import { eventHref, newEventHref } from "./paths";

const DAY = 24 * 60 * 60 * 1000;

function Days({ list }: { list: Occurrence[] }) {
  return (
    <div class="stack">
      {byDay(list).map(([day, items]) => (
        <section key={day} class="stack" aria-label={dayName(day)}>
          <h3>{dayName(day)}</h3>
          <ul class="list">
            {items.map((o) => (
              <li key={`${o.event.id}-${o.date}`}>
                <a href={eventHref(o.event.id)}>{o.event.title}</a>{" "}
                <span class="muted">
                  {timeIn(o.startsAt, o.event.timezone)}
                  {o.event.placeName ? ` · ${o.event.placeName}` : ""}
                  {o.cancelled ? ` · ${t("events.cancelledChip")}` : seatsText(o) ? ` · ${seatsText(o)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export default function Calendar() {
  const { query } = useLocation();
  const groupId = query.group || null;
  const membership = currentMembership.value;
  const communityId = membership?.communityId ?? "";
  const window = useMemo(() => {
    const now = new Date();
    return { from: now.toISOString(), to: new Date(now.getTime() + 60 * DAY).toISOString() };
  }, []);
  const mine = useQuery(EventsMineDocument, window, { skip: !!groupId });
  const upcoming = useQuery(EventsUpcomingDocument, { communityId, groupId, ...window }, { skip: !communityId });
  const organiser = !!membership && ["LEADER", "STAFF", "ADMIN"].includes(membership.role);
  return (
    <Page title={t("events.title")} lead={t("events.lead")}>
      {(groupId || organiser) && (
        <LinkButton href={newEventHref(groupId)} variant="secondary" block>
          {t("events.newEvent")}
        </LinkButton>
      )}
      {!groupId && (
        <section class="section stack" aria-labelledby="events-mine">
          <h2 id="events-mine">{t("events.myCalendar")}</h2>
          <QueryView q={mine} select={(d) => d.myEvents} isEmpty={(l) => l.length === 0} empty={<p class="muted">{t("events.myCalendarEmpty")}</p>}>
            {(list) => (
              <>
                <Days list={list} />
                <IcsButton label={t("events.saveMyCalendar")} filename={icsFilename(t("events.myCalendar"))} load={async () => (await request(EventsMyIcsDocument)).myEventsIcs} />
              </>
            )}
          </QueryView>
        </section>
      )}
      <section class="section stack" aria-labelledby="events-upcoming">
        <h2 id="events-upcoming">{t("events.upcoming")}</h2>
        <QueryView q={upcoming} select={(d) => d.events} isEmpty={(l) => l.length === 0} empty={<p class="muted">{t("events.upcomingEmpty")}</p>}>
          {(list) => <Days list={list} />}
        </QueryView>
      </section>
    </Page>
  );
}
