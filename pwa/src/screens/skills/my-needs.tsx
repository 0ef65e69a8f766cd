// The needs I have open (open or being helped), and others' newest open needs.
import { useQuery, type QueryState } from "../../api/hooks";
import { SkillsOpenNeedsDocument, type SkillsOpenNeedsQuery } from "../../gql/graphql";
import { t } from "../../i18n";
import { Loading, Notice, SavedState } from "../../ui";
import { NeedCard, queryErrorText, useCategories, type NeedSummary } from "../../ui/skills";

export function useOpenNeeds(communityId: string | undefined): QueryState<SkillsOpenNeedsQuery> & { mine: NeedSummary[]; others: NeedSummary[] } {
  const q = useQuery(SkillsOpenNeedsDocument, { communityId: communityId ?? "" }, { skip: !communityId });
  const mine = [...(q.data?.mineOpen.edges ?? []), ...(q.data?.mineMatched.edges ?? [])].map((e) => e.node);
  const others = (q.data?.open.edges ?? []).map((e) => e.node).filter((n) => !n.isMine);
  return { ...q, mine, others };
}

export function MyNeeds({ communityId }: { communityId: string }) {
  const q = useOpenNeeds(communityId);
  return (
    <>
      <SavedState offline={q.offline} savedAt={q.savedAt} />
      <MyNeedsList q={q} />
    </>
  );
}

export function MyNeedsList({ q, empty }: { q: ReturnType<typeof useOpenNeeds>; empty?: string }) {
  const { label } = useCategories();
  return (
    <>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error && !q.data ? (
        <Notice tone="error">{queryErrorText(q.error)}</Notice>
      ) : q.mine.length === 0 ? (
        <p class="muted">{empty ?? t("skills.noNeeds")}</p>
      ) : (
        <ul class="list">
          {q.mine.map((n) => (
            <NeedCard key={n.id} need={n} categoryLabel={label} showRequester={false} />
          ))}
        </ul>
      )}
    </>
  );
}
