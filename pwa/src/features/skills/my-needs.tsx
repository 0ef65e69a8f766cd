// The needs I have open (open or being helped), and others' newest open needs.
import { useQuery, type QueryState } from "../../api/hooks";
import { SkillsOpenNeedsDocument, type SkillsOpenNeedsQuery } from "../../gql/graphql";
import { t } from "../../i18n";
import { QueryView } from "../../ui";
import { NeedCard, useCategories, type NeedSummary } from "./parts";

export function useOpenNeeds(communityId: string | undefined): QueryState<SkillsOpenNeedsQuery> & { mine: NeedSummary[]; others: NeedSummary[] } {
  const q = useQuery(SkillsOpenNeedsDocument, { communityId: communityId ?? "" }, { skip: !communityId });
  const mine = [...(q.data?.mineOpen.edges ?? []), ...(q.data?.mineMatched.edges ?? [])].map((e) => e.node);
  const others = (q.data?.open.edges ?? []).map((e) => e.node).filter((n) => !n.isMine);
  return { ...q, mine, others };
}

export function MyNeeds({ communityId }: { communityId: string }) {
  const q = useOpenNeeds(communityId);
  return <MyNeedsList q={q} saved />;
}

/** My open needs; `saved`: with the "showing what you last saw" note (home shows one for the page). */
export function MyNeedsList({ q, empty, saved = false }: { q: ReturnType<typeof useOpenNeeds>; empty?: string; saved?: boolean }) {
  const { label } = useCategories();
  return (
    <QueryView q={q} saved={saved} select={() => q.mine} isEmpty={(l) => l.length === 0} empty={<p class="muted">{empty ?? t("skills.noNeeds")}</p>}>
      {(mine) => (
        <ul class="list">
          {mine.map((n) => (
            <NeedCard key={n.id} need={n} categoryLabel={label} showRequester={false} />
          ))}
        </ul>
      )}
    </QueryView>
  );
}
