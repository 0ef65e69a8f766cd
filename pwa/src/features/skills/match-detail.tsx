// One match, as either side sees it (often opened from a notification): where it stands, why it
// was suggested, the need, and the viewer's next step. `?n=<notification id>` marks that
// notification read.
import { useLocation } from "preact-iso";
import { useEffect } from "preact/hooks";
import { request } from "../../api/client";
import { refreshAll, useQuery } from "../../api/hooks";
import { SkillsMarkReadDocument, SkillsMatchDocument, type SkillsMatchQuery } from "../../gql/graphql";
import { t } from "../../i18n";
import { PendingActions } from "../../offline/pending";
import { LinkButton, Notice, Page, QueryView } from "../../ui";
import { matchStatusName, NeedFacts, Reasons, useCategories } from "./parts";
import { MatchActions } from "./actions";
import { messageFamilyHref } from "../messages/paths";
import { needHref } from "./paths";

const marked = new Set<string>();

type Node = SkillsMatchQuery["node"];
type MatchNode = Exclude<Node, null | Record<PropertyKey, never>>;

function asMatch(node: Node | undefined): MatchNode | null {
  return node && "status" in node ? (node as MatchNode) : null;
}

export default function MatchDetail({ id }: { id: string }) {
  const { query } = useLocation();
  const notification = query.n;
  const q = useQuery(SkillsMatchDocument, { id });
  const { label } = useCategories();

  useEffect(() => {
    if (!notification || marked.has(notification)) return;
    marked.add(notification);
    request(SkillsMarkReadDocument, { input: { ids: [notification] } })
      .then((d) => {
        if (!d.markNotificationsRead.errors.length) refreshAll();
      })
      .catch(() => marked.delete(notification)); // offline: try again next time it is opened
  }, [notification]);

  const match = asMatch(q.data?.node);
  const asFamily = !!match?.need.isMine;
  return (
    <Page title={match ? match.need.title : t("skills.matchTitleGeneric")}>
      {match && !asFamily && <PendingActions kind="offerHelp" />}
      <QueryView q={q} select={(d) => asMatch(d.node)} missing={<Notice>{q.offline ? t("skills.offlineNotSeen") : t("skills.matchGone")}</Notice>}>
        {(match) => {
          const person = asFamily ? match.helper : match.need.requester;
          const other = person.displayName;
          return (
            <>
              <section class="card stack" aria-labelledby="match-status-title">
                <div class="card-head">
                  <h2 id="match-status-title">{asFamily ? t("skills.matchWithHelper", { name: other }) : t("skills.matchWithFamily", { name: other })}</h2>
                  <span class="status">{matchStatusName(match.status, asFamily)}</span>
                </div>
                {match.strengthTitle && <p class="muted">{t(asFamily ? "skills.offers" : "skills.yourStrength", { title: match.strengthTitle })}</p>}
                <Reasons reasons={match.reasons} />
                <MatchActions match={match} asFamily={asFamily} strengths={q.data?.myStrengths ?? []} />
                <LinkButton href={messageFamilyHref(person.id, other)} variant="secondary" block>
                  {t("messages.messageFamily")}
                </LinkButton>
              </section>
              <section class="section stack" aria-labelledby="match-need-title">
                <h2 id="match-need-title">{t("skills.theNeed")}</h2>
                <NeedFacts need={match.need} categoryLabel={label} />
                <p class="more-link">
                  <a href={needHref(match.need.id)}>{t("skills.openNeed")}</a>
                </p>
              </section>
            </>
          );
        }}
      </QueryView>
      {!match && (
        <LinkButton href="/" variant="secondary">
          {t("common.goHome")}
        </LinkButton>
      )}
    </Page>
  );
}
