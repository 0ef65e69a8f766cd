// A need: what is asked, and then either (mine) the people who could help, with why and what to
// do next, and closing it; or (someone else's) my offer to help and where it stands.
import { useQuery } from "../../api/hooks";
import { SkillsMatchesForNeedDocument, SkillsNeedDocument, type SkillsNeedQuery } from "../../gql/graphql";
import { t } from "../../i18n";
import { PendingActions } from "../../offline/pending";
import { LinkButton, Notice, Page, QueryView } from "../../ui";
import { matchStatusName, NeedFacts, Reasons, useCategories } from "./parts";
import { CloseNeed, MatchActions, OfferHelpForm } from "./actions";
import { matchHref } from "./paths";

type Need = SkillsNeedQuery["need"];

function MyNeedMatches({ need }: { need: Need }) {
  const q = useQuery(SkillsMatchesForNeedDocument, { needId: need.id });
  return (
    <section class="section stack" aria-labelledby="helpers-title">
      <h2 id="helpers-title">{t("skills.helpersTitle")}</h2>
      <QueryView
        q={q}
        select={(d) => d.matchesForNeed}
        isEmpty={(l) => l.length === 0}
        empty={<p class="muted">{need.status === "OPEN" ? t("skills.noHelpersYet") : t("skills.noHelpers")}</p>}
      >
        {(matches) => (
          <ul class="list">
            {matches.map((m) => (
              <li key={m.id} class="card stack match-card" aria-labelledby={`helper-${m.id}`}>
                <div class="card-head">
                  <h3 id={`helper-${m.id}`}>{m.helper.displayName}</h3>
                  <span class="status">{matchStatusName(m.status, true)}</span>
                </div>
                {m.strengthTitle && <p class="muted">{t("skills.offers", { title: m.strengthTitle })}</p>}
                <Reasons reasons={m.reasons} />
                <MatchActions match={m} asFamily />
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

function HelpWithNeed({ need, data }: { need: Need; data: SkillsNeedQuery }) {
  const mine = data.need.myMatch;
  return (
    <section class="section stack" aria-labelledby="help-title">
      <h2 id="help-title">{t("skills.canYouHelp")}</h2>
      {mine && mine.status !== "SUGGESTED" ? (
        <div class="stack">
          <p>
            <span class="status">{matchStatusName(mine.status, false)}</span>
          </p>
          <LinkButton href={matchHref(mine.id)} variant="secondary">
            {t("skills.seeYourMatch")}
          </LinkButton>
        </div>
      ) : need.status !== "OPEN" ? (
        <p class="muted">{t("skills.notOpenAnymore")}</p>
      ) : (
        <OfferHelpForm needId={need.id} needTitle={need.title} requester={need.requester.displayName} strengths={data.myStrengths} />
      )}
    </section>
  );
}

export default function NeedDetail({ id }: { id: string }) {
  // preact-iso gives the route parameter already decoded.
  const q = useQuery(SkillsNeedDocument, { id });
  const { label } = useCategories();
  const need = q.data?.need;
  return (
    <Page title={need ? need.title : t("skills.needTitle")}>
      {need && <PendingActions kind="offerHelp" />}
      <QueryView q={q} select={(d) => d.need} missing={<Notice>{t("skills.offlineNotSeen")}</Notice>}>
        {(need) => (
          <>
            <NeedFacts need={need} categoryLabel={label} />
            {need.isMine ? (
              <>
                <MyNeedMatches need={need} />
                {(need.status === "OPEN" || need.status === "MATCHED") && (
                  <section class="section stack" aria-labelledby="manage-title">
                    <h2 id="manage-title">{t("skills.manageTitle")}</h2>
                    <p class="muted">{t("skills.closeNeedHint")}</p>
                    <CloseNeed needId={need.id} title={need.title} />
                  </section>
                )}
              </>
            ) : (
              <HelpWithNeed need={need} data={q.data!} />
            )}
          </>
        )}
      </QueryView>
      {!need && (
        <LinkButton href="/" variant="secondary">
          {t("common.goHome")}
        </LinkButton>
      )}
    </Page>
  );
}
