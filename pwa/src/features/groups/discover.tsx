// Groups: discover the community's groups (by language, grade, how they meet, or a search) and
// "My groups". Each card says where I stand (member, asked, invited). Leaders can start one.
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { useQuery } from "../../api/hooks";
import { GroupsCommunityLanguagesDocument, GroupsListDocument, type GroupFilter, type GroupMode } from "../../gql/graphql";
import { t } from "../../i18n";
import { currentMembership } from "../../state/me";
import { mayUse } from "../../state/access";
import { Button, LinkButton, Notice, Page, QueryView, Select, TextField } from "../../ui";
import { Tabs } from "../staff/parts";
import { GRADE_BANDS, GroupCard, gradeName, languageName, MODES, modeName } from "./parts";
import { groupsHref, NEW_GROUP, type GroupsTab } from "./paths";

const PAGE = 20;

export function parseTab(value: string | undefined): GroupsTab {
  return value === "mine" ? "mine" : "discover";
}

/** The languages to filter by: the community's, and English and Spanish always. */
export function languageChoices(community: readonly string[] | undefined): string[] {
  return [...new Set(["en", "es", ...(community ?? [])])];
}

function GroupsPage({ communityId, filter, after, last, mine, onMore }: { communityId: string; filter: GroupFilter; after: string | null; last: boolean; mine: boolean; onMore: (cursor: string) => void }) {
  const q = useQuery(GroupsListDocument, { communityId, filter, first: PAGE, after });
  const filtered = !!(filter.search || filter.language || filter.gradeBand || filter.mode);
  const empty = after ? null : (
    <div class="card empty-state">
      <p>{mine ? t("groups.noMine") : filtered ? t("groups.noMatch") : t("groups.noGroups")}</p>
    </div>
  );
  return (
    <QueryView q={q} saved={!after} select={(d) => d.groups} isEmpty={(g) => g.edges.length === 0} empty={empty} missing={null}>
      {({ edges, pageInfo }) => (
        <>
          <ul class="list" aria-label={after ? undefined : mine ? t("groups.mineList") : t("groups.discoverList")}>
            {edges.map((e) => (
              <GroupCard key={e.node.id} group={e.node} />
            ))}
          </ul>
          {last && pageInfo.hasNextPage && pageInfo.endCursor && (
            <Button variant="secondary" block onClick={() => onMore(pageInfo.endCursor!)}>
              {t("groups.showMore")}
            </Button>
          )}
        </>
      )}
    </QueryView>
  );
}

export default function Discover() {
  const { query } = useLocation();
  const tab = parseTab(query.tab);
  const membership = currentMembership.value;
  const communityId = membership?.communityId ?? "";
  const verified = membership?.state === "VERIFIED";
  const languages = useQuery(GroupsCommunityLanguagesDocument, { communityId }, { skip: !communityId || !verified });
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  const [language, setLanguage] = useState("");
  const [grade, setGrade] = useState("");
  const [mode, setMode] = useState<GroupMode | "">("");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);

  // Searching waits for a pause in typing, so a name typed letter by letter asks once.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(draft.trim()), 300);
    return () => clearTimeout(timer);
  }, [draft]);
  const mine = tab === "mine";
  const filter: GroupFilter = mine ? { mine: true } : { search: search || null, language: language || null, gradeBand: grade || null, mode: mode || null };
  const key = JSON.stringify(filter);
  const chosen = [language, grade, mode].filter(Boolean).length;
  useEffect(() => setCursors([null]), [key]);

  if (membership && !verified) {
    return (
      <Page title={t("groups.title")}>
        <Notice>{t("groups.pendingMember")}</Notice>
      </Page>
    );
  }
  return (
    <Page title={t("groups.title")} lead={t("groups.lead")}>
      <Tabs
        label={t("groups.tabs")}
        current={tab}
        tabs={[
          { id: "discover", href: groupsHref("discover"), text: t("groups.tabDiscover") },
          { id: "mine", href: groupsHref("mine"), text: t("groups.tabMine") },
        ]}
      />
      {mayUse("organiser") && (
        <LinkButton href={NEW_GROUP} block variant={mine ? "secondary" : undefined}>
          {t("groups.startGroup")}
        </LinkButton>
      )}
      {!mine && (
        <div class="stack" role="search" aria-label={t("groups.filters")}>
          <TextField label={t("groups.search")} hint={t("groups.searchHint")} type="search" value={draft} onValue={setDraft} autoComplete="off" maxLength={100} />
          <details class="ob-details">
            <summary>{chosen ? t("groups.moreFiltersCount", { count: chosen }) : t("groups.moreFilters")}</summary>
            <div class="filters">
              <Select
                label={t("groups.filterLanguage")}
                value={language}
                onValue={setLanguage}
                options={[{ value: "", label: t("groups.anyLanguage") }, ...languageChoices(languages.data?.community.languages).map((code) => ({ value: code, label: languageName(code) }))]}
              />
              <Select label={t("groups.filterGrade")} value={grade} onValue={setGrade} options={[{ value: "", label: t("groups.anyGrade") }, ...GRADE_BANDS.map((g) => ({ value: g, label: gradeName(g) }))]} />
              <Select<GroupMode | ""> label={t("groups.filterMode")} value={mode} onValue={setMode} options={[{ value: "", label: t("groups.anyMode") }, ...MODES.filter((m) => m !== "BOTH").map((m) => ({ value: m, label: modeName(m) }))]} />
            </div>
          </details>
        </div>
      )}
      {communityId && (
        <div class="stack">
          {cursors.map((after, i) => (
            <GroupsPage key={`${key}|${after ?? ""}`} communityId={communityId} filter={filter} after={after} mine={mine} last={i === cursors.length - 1} onMore={(cursor) => setCursors([...cursors, cursor])} />
          ))}
        </div>
      )}
    </Page>
  );
}
