// Home's "Upcoming events" (a home section, ../home/sections.ts): the next dates my family is going
// to, each with when (in the event's time) and where, linking to the event; with none, the way to
// see what is coming up. Its words are home's ("home.upcoming…"), where the section is shown.
import { useQuery } from "../../api/hooks";
import { EventsHomeDocument } from "../../gql/graphql";
import { formatDate, t } from "../../i18n";
import { LinkButton, QueryView } from "../../ui";
import { EVENTS, eventHref } from "./paths";

/** "Tue, Mar 3, 4:00 PM", in the event's (the community's) time zone. */
export function startText(startsAt: string, timeZone: string): string {
  return formatDate(startsAt, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone });
}

export default function UpcomingEvents() {
  const q = useQuery(EventsHomeDocument);
  const empty = (
    <div class="card empty-state stack">
      <p>
        <strong>{t("home.upcomingEmpty")}</strong>
      </p>
      <p>{t("home.upcomingEmptyHint")}</p>
      <LinkButton href={EVENTS} variant="secondary">
        {t("home.upcomingSee")}
      </LinkButton>
    </div>
  );
  return (
    <QueryView q={q} saved={false} select={(d) => d.myEvents} isEmpty={(l) => l.length === 0} empty={empty}>
      {(dates) => (
        <>
          <ul class="list" aria-label={t("home.upcomingList")}>
            {dates.map((o) => (
              <li key={`${o.event.id}|${o.date}`} class="card stack">
                <div class="card-head">
                  <h3>
                    <a href={eventHref(o.event.id)}>{o.event.title}</a>
                  </h3>
                  {(o.cancelled || o.event.cancelled) && <span class="status failed">{t("home.upcomingCancelled")}</span>}
                </div>
                <p class="muted">{[startText(o.startsAt, o.event.timezone), o.event.placeName].filter(Boolean).join(" · ")}</p>
              </li>
            ))}
          </ul>
          <p class="more-link">
            <a href={EVENTS}>{t("home.upcomingAll")}</a>
          </p>
        </>
      )}
    </QueryView>
  );
}
