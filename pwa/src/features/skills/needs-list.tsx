// Open needs in my community, newest first, with a category and a mode filter. "Show more" adds
// the next page (each page is its own query, so pages seen before also show offline).
import { useState } from "preact/hooks";
import { useQuery } from "../../api/hooks";
import { SkillsNeedsDocument, type NeedMode } from "../../gql/graphql";
import { t } from "../../i18n";
import { currentMembership } from "../../state/me";
import { Button, LinkButton, Notice, Page, QueryView, Select } from "../../ui";
import { CategoryPicker, modeName, NeedCard, useCategories } from "./parts";

const PAGE = 20;

function NeedsPage({ communityId, category, mode, after, last, onMore }: { communityId: string; category: string; mode: NeedMode | ""; after: string | null; last: boolean; onMore: (cursor: string) => void }) {
  const { label } = useCategories();
  const q = useQuery(SkillsNeedsDocument, { communityId, category: category || null, mode: mode || null, first: PAGE, after });
  // Only the first page says "showing what you last saw" and "none found"; later ones add to it.
  return (
    <QueryView q={q} saved={!after} select={(d) => d.needs} isEmpty={(needs) => needs.edges.length === 0} empty={after ? null : <p class="muted">{t("skills.noNeedsFound")}</p>} missing={null}>
      {({ edges, pageInfo: info }) => (
        <>
          <ul class="list">
            {edges.map((e) => (
              <NeedCard key={e.node.id} need={e.node} categoryLabel={label} />
            ))}
          </ul>
          {last && info.hasNextPage && info.endCursor && (
            <Button variant="secondary" block onClick={() => onMore(info.endCursor!)}>
              {t("skills.showMore")}
            </Button>
          )}
        </>
      )}
    </QueryView>
  );
}

export default function NeedsList() {
  const membership = currentMembership.value;
  const { groups } = useCategories();
  const [category, setCategory] = useState("");
  const [mode, setMode] = useState<NeedMode | "">("");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const reset = () => setCursors([null]);
  if (membership && membership.state !== "VERIFIED") {
    return (
      <Page title={t("skills.needsListTitle")}>
        <Notice>{t("skills.pendingMember")}</Notice>
        <LinkButton href="/strengths/new">{t("skills.offerStrengthBig")}</LinkButton>
      </Page>
    );
  }
  return (
    <Page title={t("skills.needsListTitle")} lead={t("skills.needsListLead")}>
      <div class="filters">
        <CategoryPicker
          label={t("skills.category")}
          emptyLabel={t("skills.allCategories")}
          value={category}
          onValue={(v) => {
            setCategory(v);
            reset();
          }}
          groups={groups}
        />
        <Select<NeedMode | "">
          label={t("skills.filterMode")}
          value={mode}
          onValue={(v) => {
            setMode(v);
            reset();
          }}
          options={[
            { value: "", label: t("skills.anyMode") },
            { value: "IN_PERSON", label: modeName("IN_PERSON") },
            { value: "VIRTUAL", label: modeName("VIRTUAL") },
          ]}
        />
      </div>
      {membership && (
        <div class="stack">
          {cursors.map((after, i) => (
            <NeedsPage
              key={`${category}|${mode}|${after ?? ""}`}
              communityId={membership.communityId}
              category={category}
              mode={mode}
              after={after}
              last={i === cursors.length - 1}
              onMore={(cursor) => setCursors([...cursors, cursor])}
            />
          ))}
        </div>
      )}
      <LinkButton href="/needs/new" block>
        {t("skills.askForHelpBig")}
      </LinkButton>
    </Page>
  );
}
