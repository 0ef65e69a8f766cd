// Share: the strengths I offer (edit, remove) and the needs I have open, with the two big actions.
import { useQuery } from "../../api/hooks";
import { SkillsMyStrengthsDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { currentMembership } from "../../state/me";
import { PendingActions } from "../../offline/pending";
import { LinkButton, Notice, Page, QueryView } from "../../ui";
import { languageName, modeName, slotText, useCategories } from "./parts";
import { MyNeeds } from "./my-needs";

function MyStrengths() {
  const q = useQuery(SkillsMyStrengthsDocument);
  const { label } = useCategories();
  return (
    <section class="section stack" aria-labelledby="my-strengths-title">
      <h2 id="my-strengths-title">{t("skills.myStrengthsTitle")}</h2>
      <QueryView q={q} select={(d) => d.myStrengths} isEmpty={(l) => l.length === 0} empty={<p class="muted">{t("skills.noStrengths")}</p>}>
        {(strengths) => (
          <ul class="list">
            {strengths.map((s) => (
              <li key={s.id} class="card stack strength-card">
                <div class="section-head">
                  <h3>{s.title}</h3>
                  <a href={`/strengths/${encodeURIComponent(s.id)}`} aria-label={t("skills.editNamed", { title: s.title })}>
                    {t("skills.edit")}
                  </a>
                </div>
                <p class="muted">{[label(s.category), ...s.modes.map(modeName), ...s.languages.map(languageName)].filter(Boolean).join(" · ")}</p>
                {s.description && <p>{s.description}</p>}
                {s.availability.length > 0 && (
                  <ul class="chips">
                    {s.availability.map((a) => (
                      <li class="chip plain" key={`${a.day}${a.start}`}>
                        {slotText(a)}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

export default function Share() {
  const membership = currentMembership.value;
  const verified = membership?.state === "VERIFIED";
  return (
    <Page title={t("skills.shareTitle")} lead={t("skills.shareLead")}>
      <PendingActions />
      {!verified && membership && <Notice>{t("skills.pendingMember")}</Notice>}
      <div class="big-actions">
        {verified && (
          <LinkButton href="/needs/new" block>
            {t("skills.askForHelpBig")}
          </LinkButton>
        )}
        <LinkButton href="/strengths/new" block variant={verified ? "secondary" : undefined}>
          {t("skills.offerStrengthBig")}
        </LinkButton>
      </div>
      {verified && <p class="more-link"><a href="/groups">{t("groups.shareLink")}</a></p>}
      {verified && <p class="more-link"><a href="/events">{t("events.shareLink")}</a></p>}
      {verified && <p class="more-link"><a href="/carpools">{t("carpools.shareLink")}</a></p>}
      <MyStrengths />
      {verified && membership && (
        <section class="section stack" aria-labelledby="my-needs-title">
          <h2 id="my-needs-title">{t("skills.myNeedsTitle")}</h2>
          <MyNeeds communityId={membership.communityId} />
          <p class="more-link">
            <a href="/needs">{t("skills.browseNeeds")}</a>
          </p>
        </section>
      )}
    </Page>
  );
}
