// Home: a greeting, what is waiting to be sent, the two big actions, my open needs, needs I could
// help with (with why), needs near me, what other features show here (sections.ts: news from my
// groups, upcoming events), and the newest notifications. Offline it shows what was last seen, and
// says so once at the top.
import { ErrorBoundary } from "preact-iso";
import { useQuery, type QueryState } from "../../api/hooks";
import { HomeNearNeedsDocument, HomeOverviewDocument, type HomeOverviewQuery } from "../../gql/graphql";
import { relativeTime, t } from "../../i18n";
import { currentMembership, me } from "../../state/me";
import { PendingActions } from "../../offline/pending";
import { LinkButton, Notice, Page, QueryView, SavedState } from "../../ui";
import { screenFor } from "../notify";
import { MyNeedsList, useOpenNeeds } from "../skills/my-needs";
import { matchStatusName, modeName, NeedCard, Reasons, useCategories, type NeedSummary } from "../skills/parts";
import { matchHref } from "../skills/paths";
import { homeSections, type HomeSection } from "./sections";

const SHOW = 5;

type Overview = QueryState<HomeOverviewQuery>;

function MatchesForMe({ q }: { q: Overview }) {
  const { label } = useCategories();
  return (
    <section class="section stack" aria-labelledby="home-matches">
      <h2 id="home-matches">{t("home.matchesTitle")}</h2>
      <QueryView q={q} saved={false} select={(d) => d.suggestedMatches} isEmpty={(l) => l.length === 0} empty={<p class="muted">{t("home.noMatches")}</p>}>
        {(matches) => (
          <ul class="list">
            {matches.map((m) => (
              <li key={m.id} class="card stack match-card">
                <div class="card-head">
                  <h3>
                    <a href={matchHref(m.id)}>{m.need.title}</a>
                  </h3>
                  <span class="status">{matchStatusName(m.status, false)}</span>
                </div>
                <p class="muted">
                  {[t("skills.askedBy", { name: m.need.requester.displayName }), label(m.need.category), modeName(m.need.mode), m.need.areaLabel, relativeTime(m.need.createdAt)].filter(Boolean).join(" · ")}
                </p>
                <Reasons reasons={m.reasons} />
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

function NeedsNearMe({ communityId, others, skipIds }: { communityId: string; others: NeedSummary[]; skipIds: Set<string> }) {
  const { label } = useCategories();
  const hasArea = !!me.value?.viewer?.homeArea;
  const near = useQuery(HomeNearNeedsDocument, { communityId }, { skip: !hasArea });
  const noArea = !hasArea || near.error?.code === "NO_HOME_AREA";
  const empty = <p class="muted">{t("home.noNearNeeds")}</p>;
  const cards = (needs: NeedSummary[]) => (
    <ul class="list">
      {needs.map((n) => (
        <NeedCard key={n.id} need={n} categoryLabel={label} />
      ))}
    </ul>
  );
  const list = (noArea ? others : (near.data?.needs.edges.map((e) => e.node) ?? []).filter((n) => !n.isMine)).filter((n) => !skipIds.has(n.id)).slice(0, SHOW);
  return (
    <section class="section stack" aria-labelledby="home-near">
      <h2 id="home-near">{noArea ? t("home.needsTitle") : t("home.nearTitle")}</h2>
      {noArea && (
        <p class="muted">
          {t("home.noAreaHint")} <a href="/settings">{t("home.toSettings")}</a>
        </p>
      )}
      {noArea ? (
        list.length === 0 ? empty : cards(list)
      ) : (
        <QueryView q={near} saved={false} select={() => list} isEmpty={(l) => l.length === 0} empty={empty}>
          {cards}
        </QueryView>
      )}
      <p class="more-link">
        <a href="/needs">{t("home.allNeeds")}</a>
      </p>
    </section>
  );
}

/** Every feature's section, each under its heading; its body loads on its own (the boundary waits
 *  for that one section, not the screen). */
export function FeatureSections({ sections = homeSections() }: { sections?: readonly HomeSection[] }) {
  return (
    <>
      {sections.map(({ title, component: Body }) => {
        const id = `home-${title.replace(/[^A-Za-z0-9]/g, "-")}`;
        return (
          <section key={title} class="section stack" aria-labelledby={id}>
            <h2 id={id}>{t(title)}</h2>
            <ErrorBoundary>
              <Body />
            </ErrorBoundary>
          </section>
        );
      })}
    </>
  );
}

function RecentNotifications({ q }: { q: Overview }) {
  const empty = <p class="muted">{t("home.noNotifications")}</p>;
  return (
    <section class="section stack" aria-labelledby="home-notifications">
      <h2 id="home-notifications">{t("home.notificationsTitle")}</h2>
      <QueryView q={q} saved={false} loading={null} error={() => empty} select={(d) => d.notifications.edges} isEmpty={(l) => l.length === 0} empty={empty}>
        {(edges) => (
          <ul class="list">
            {edges.map(({ node: n }) => {
              const subject = n.subject && "id" in n.subject ? (n.subject as { id: string }).id : null;
              return (
                <li key={n.id} class={`card notification-card${n.read ? "" : " unread"}`}>
                  <p>
                    <a href={subject ? screenFor(subject, n.id, n.kind) : "/notifications"}>{n.title}</a>
                    {!n.read && <span class="status new">{t("home.unread")}</span>}
                  </p>
                  {n.body && <p class="muted">{n.body}</p>}
                  <p class="muted">{relativeTime(n.createdAt)}</p>
                </li>
              );
            })}
          </ul>
        )}
      </QueryView>
      <p class="more-link">
        <a href="/notifications">{t("home.allNotifications")}</a>
      </p>
    </section>
  );
}

export default function Home() {
  const membership = currentMembership.value;
  const verified = membership?.state === "VERIFIED";
  const name = me.value?.viewer?.displayName ?? "";
  const overview = useQuery(HomeOverviewDocument);
  const open = useOpenNeeds(verified ? membership?.communityId : undefined);
  const matchedNeeds = new Set((overview.data?.suggestedMatches ?? []).map((m) => m.need.id));
  const offline = overview.offline || open.offline;
  const savedAt = [overview.savedAt, open.savedAt].filter((x): x is number => !!x).sort()[0];
  return (
    <Page title={name ? t("home.greeting", { name }) : t("home.greetingNoName")}>
      <SavedState offline={offline} savedAt={savedAt} />
      <PendingActions />
      {membership && !verified && <Notice>{membership.state === "SUSPENDED" ? t("home.suspended") : t("home.pendingNotice")}</Notice>}
      <div class="big-actions">
        {verified && (
          <LinkButton href="/needs/new" block>
            {t("home.askForHelp")}
          </LinkButton>
        )}
        <LinkButton href="/strengths/new" block variant={verified ? "secondary" : undefined}>
          {t("home.offerStrength")}
        </LinkButton>
      </div>
      {verified && membership && (
        <section class="section stack" aria-labelledby="home-my-needs">
          <h2 id="home-my-needs">{t("home.myNeedsTitle")}</h2>
          <MyNeedsList q={open} empty={t("home.noMyNeeds")} />
        </section>
      )}
      <MatchesForMe q={overview} />
      {verified && membership && <NeedsNearMe communityId={membership.communityId} others={open.others} skipIds={matchedNeeds} />}
      {verified && <FeatureSections />}
      <RecentNotifications q={overview} />
    </Page>
  );
}
