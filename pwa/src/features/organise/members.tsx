// The member directory: verified members who chose to be listed, by name, with the languages and
// strengths each one shows (the API leaves out what a person keeps private). Searching by name
// starts again from the first page; "Show more" adds the next one.
import { useEffect, useState } from "preact/hooks";
import { useQuery } from "../../api/hooks";
import { OrganiseMembersDocument, type OrganiseMembersQuery } from "../../gql/graphql";
import { lang, t, type Key } from "../../i18n";
import { currentMembership } from "../../state/me";
import { Button, Notice, Page, QueryView, TextField } from "../../ui";

const PAGE = 20;
const TYPING_MS = 300;

type Member = OrganiseMembersQuery["community"]["members"]["edges"][number]["node"];

function languageName(code: string): string {
  return code === "en" || code === "es" ? t(`organise.lang_${code}` as Key) : code;
}

/** The lines under a member's name: what they share, and nothing about what they keep private. */
export function memberDetails(member: Member): string[] {
  const { languages, strengthCircle, areaLabel } = member.caregiver;
  const lines: string[] = [];
  if (languages?.length) lines.push(t("organise.speaks", { languages: new Intl.ListFormat(lang.value, { type: "conjunction" }).format(languages.map(languageName)) }));
  if (strengthCircle?.strengths.length) lines.push(t("organise.strengths", { strengths: strengthCircle.strengths.join(", ") }));
  if (areaLabel) lines.push(areaLabel);
  if (languages === null && strengthCircle === null) lines.push(t("organise.privateDetails"));
  return lines;
}

function MemberCard({ member }: { member: Member }) {
  return (
    <li class="card stack need-card">
      <div class="card-head">
        <h3>{member.caregiver.displayName}</h3>
        {member.role !== "CAREGIVER" && <span class="status">{t(`organise.memberRole_${member.role}` as Key)}</span>}
      </div>
      {memberDetails(member).map((line) => (
        <p key={line} class="muted">
          {line}
        </p>
      ))}
    </li>
  );
}

function MembersPage({ communityId, search, after, last, onMore }: { communityId: string; search: string; after: string | null; last: boolean; onMore: (cursor: string) => void }) {
  const q = useQuery(OrganiseMembersDocument, { communityId, search: search || null, first: PAGE, after });
  const empty = after ? null : <p class="muted" role="status">{search ? t("organise.noMatch", { search }) : t("organise.noMembers")}</p>;
  return (
    <QueryView q={q} saved={!after} select={(d) => d.community.members} isEmpty={(m) => m.edges.length === 0} empty={empty} missing={null} error={() => <Notice tone="error">{t("organise.couldNotLoad")}</Notice>}>
      {({ edges, pageInfo }) => (
        <>
          <ul class="list">
            {edges.map(({ node }) => (
              <MemberCard key={node.id} member={node} />
            ))}
          </ul>
          {last && pageInfo.hasNextPage && pageInfo.endCursor && (
            <Button variant="secondary" block onClick={() => onMore(pageInfo.endCursor!)}>
              {t("organise.showMore")}
            </Button>
          )}
        </>
      )}
    </QueryView>
  );
}

export default function Members() {
  const communityId = currentMembership.value?.communityId;
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  // Ask when the person pauses, not at every key.
  useEffect(() => {
    const next = typed.trim();
    if (next === search) return;
    const timer = setTimeout(() => {
      setSearch(next);
      setCursors([null]);
    }, TYPING_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  return (
    <Page title={t("organise.membersTitle")} lead={t("organise.membersLead")}>
      <p>
        <a href="/organise">{t("organise.backToOrganise")}</a>
      </p>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField type="search" label={t("organise.search")} hint={t("organise.searchHint")} value={typed} onValue={setTyped} autoComplete="off" maxLength={100} />
      </form>
      {communityId && (
        <div class="stack">
          {cursors.map((after, i) => (
            <MembersPage key={`${search}|${after ?? ""}`} communityId={communityId} search={search} after={after} last={i === cursors.length - 1} onMore={(cursor) => setCursors([...cursors, cursor])} />
          ))}
        </div>
      )}
    </Page>
  );
}
