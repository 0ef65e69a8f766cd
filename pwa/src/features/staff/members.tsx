// The community's people, for its staff: who waits to be let in (with what they wrote when joining:
// verify or decline), the members (role, suspend) and the suspended (restore). Search by name.
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import {
  StaffDeclineMemberDocument,
  StaffMembersDocument,
  StaffSetMemberRoleDocument,
  StaffSuspendMemberDocument,
  StaffVerifyMemberDocument,
  type MemberRole,
  type MemberState,
  type StaffMemberFieldsFragment,
  type StaffMembersQuery,
} from "../../gql/graphql";
import { t } from "../../i18n";
import { currentMembership } from "../../state/me";
import { Button, FormErrors, Page, QueryView, Select, TextField, thrownText, useAction } from "../../ui";
import { useStaffCounts } from "./badge";
import { ConfirmButton, couldNotLoad, roleName, Status, Tabs, when } from "./parts";
import { membersHref, type MembersTab } from "./paths";

type Member = StaffMemberFieldsFragment;
type PageInfo = StaffMembersQuery["community"]["members"]["pageInfo"];

const PAGE = 20;
const STATE: Record<MembersTab, MemberState> = { waiting: "PENDING", members: "VERIFIED", suspended: "SUSPENDED" };
const GIVEN_ROLES: MemberRole[] = ["CAREGIVER", "LEADER", "STAFF"];

export function parseTab(value: string | undefined): MembersTab {
  return value === "members" || value === "suspended" ? value : "waiting";
}

/** The roles `actor` may give `target` (none: the role is not theirs to change). Mirrors the API's
 *  rule: only admins give or take the staff role, and admins keep theirs. */
export function rolesToGive(actor: MemberRole | undefined, target: MemberRole): MemberRole[] {
  if (target === "ADMIN" || !actor) return [];
  if (actor === "ADMIN") return GIVEN_ROLES;
  if (actor === "STAFF" && target !== "STAFF") return ["CAREGIVER", "LEADER"];
  return [];
}

/** Whether `actor` may suspend `target`: never an admin; staff only by an admin. */
export function maySuspend(actor: MemberRole | undefined, target: MemberRole): boolean {
  if (target === "ADMIN" || !actor) return false;
  return target !== "STAFF" || actor === "ADMIN";
}

/** One person: name, when they asked or were let in, what they wrote, and the actions of the tab. */
function MemberCard({ member, tab, onDone }: { member: Member; tab: MembersTab; onDone: (message: string) => void }) {
  const mine = currentMembership.value;
  const self = member.id === mine?.id;
  const name = member.caregiver.displayName;
  const action = useAction(["role"]);
  const [role, setRole] = useState<MemberRole>(member.role);
  const options = rolesToGive(mine?.role, member.role);

  const verify = async () => {
    const ok = await action.run(async () => (await request(StaffVerifyMemberDocument, { input: { memberId: member.id } })).verifyMember.errors);
    if (ok) onDone(t(tab === "suspended" ? "staff.restored" : "staff.verified", { name }));
    return ok;
  };
  const decline = async () => {
    const ok = await action.run(async () => (await request(StaffDeclineMemberDocument, { input: { memberId: member.id } })).declineMember.errors);
    if (ok) onDone(t("staff.declined", { name }));
    return ok;
  };
  const suspend = async () => {
    const ok = await action.run(async () => (await request(StaffSuspendMemberDocument, { input: { memberId: member.id } })).suspendMember.errors);
    if (ok) onDone(t("staff.suspended", { name }));
    return ok;
  };
  const changeRole = async (e: Event) => {
    e.preventDefault();
    const ok = await action.run(async () => (await request(StaffSetMemberRoleDocument, { input: { memberId: member.id, role } })).setMemberRole.errors);
    if (ok) onDone(t("staff.roleSaved", { name, role: roleName(role) }));
  };

  return (
    <li class="card stack member-card">
      <div class="card-head">
        <h3>{name}</h3>
        <span class={member.state === "VERIFIED" ? "status" : "status pending"}>{member.state === "VERIFIED" ? roleName(member.role) : t(`staff.state_${member.state}`)}</span>
      </div>
      <p class="muted">
        {tab === "members" && member.verifiedAt ? t("staff.memberSince", { when: when(member.verifiedAt) }) : t("staff.joined", { when: when(member.joinedAt) })}
        {tab !== "members" && member.role !== "CAREGIVER" && <> · {t("staff.invitedAs", { role: roleName(member.role) })}</>}
      </p>
      {tab === "waiting" &&
        (member.joinNote ? (
          <figure class="quote">
            <figcaption class="muted">{t("staff.theyWrote")}</figcaption>
            <blockquote>{member.joinNote}</blockquote>
          </figure>
        ) : (
          <p class="muted">{t("staff.noNote")}</p>
        ))}
      <FormErrors messages={action.errors.general} />
      {self ? (
        <p class="muted">{t("staff.you")}</p>
      ) : tab === "waiting" ? (
        <div class="row member-actions">
          <Button onClick={() => void verify()} busy={action.busy} aria-label={t("staff.verifyNamed", { name })}>
            {t("staff.verify")}
          </Button>
          <ConfirmButton
            label={t("staff.decline")}
            name={t("staff.declineNamed", { name })}
            question={t("staff.declineConfirm", { name })}
            yes={t("staff.declineYes")}
            keep={t("staff.declineKeep")}
            onConfirm={decline}
          />
        </div>
      ) : tab === "suspended" ? (
        <Button variant="secondary" onClick={() => void verify()} busy={action.busy} aria-label={t("staff.restoreNamed", { name })}>
          {t("staff.restore")}
        </Button>
      ) : (
        <>
          {options.length > 0 && (
            <form class="row role-form" onSubmit={changeRole}>
              <Select label={t("staff.roleLabel", { name })} value={role} onValue={setRole} options={options.map((r) => ({ value: r, label: roleName(r) }))} error={action.errors.fields.role} />
              <Button type="submit" variant="secondary" busy={action.busy} disabled={role === member.role}>
                {t("staff.saveRole")}
              </Button>
            </form>
          )}
          {maySuspend(mine?.role, member.role) && (
            <ConfirmButton
              label={t("staff.suspend")}
              name={t("staff.suspendNamed", { name })}
              question={t("staff.suspendConfirm", { name })}
              yes={t("staff.suspendYes")}
              keep={t("staff.suspendKeep")}
              onConfirm={suspend}
            />
          )}
        </>
      )}
    </li>
  );
}

export default function Members() {
  const { query } = useLocation();
  const tab = parseTab(query.tab);
  const communityId = currentMembership.value?.communityId ?? "";
  const counts = useStaffCounts().data?.community;
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  const [more, setMore] = useState<{ items: Member[]; pageInfo: PageInfo } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  // Searching waits for a pause in typing, so a name typed letter by letter asks once.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(draft.trim()), 300);
    return () => clearTimeout(timer);
  }, [draft]);
  const variables = { id: communityId, state: STATE[tab], search: search || null, first: PAGE };
  const q = useQuery(StaffMembersDocument, variables, { skip: !communityId });
  // A new answer (another tab, a search, a change made here) starts the list again.
  useEffect(() => setMore(null), [q.data]);
  useEffect(() => setDone(null), [tab]);

  const first = q.data?.community.members;
  const items = [...(first?.edges.map((e) => e.node) ?? []), ...(more?.items ?? [])];
  const pageInfo = more?.pageInfo ?? first?.pageInfo;
  const showMore = async () => {
    if (!pageInfo?.endCursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const data = await request(StaffMembersDocument, { ...variables, after: pageInfo.endCursor });
      const next = data.community.members;
      setMore((m) => ({ items: [...(m?.items ?? []), ...next.edges.map((e) => e.node)], pageInfo: next.pageInfo }));
    } catch (e) {
      setMoreError(thrownText(e));
    } finally {
      setLoadingMore(false);
    }
  };

  const pending = counts?.pendingMemberCount ?? 0;
  const empty = search ? t("staff.noMatch") : t(tab === "waiting" ? "staff.noWaiting" : tab === "members" ? "staff.noMembers" : "staff.noSuspended");
  return (
    <Page title={t("staff.membersTitle")} lead={counts ? t("staff.membersLead", { community: counts.name }) : undefined}>
      <Tabs
        label={t("staff.tabs")}
        current={tab}
        tabs={[
          { id: "waiting", href: membersHref("waiting"), text: pending ? t("staff.tabWaitingCount", { count: pending }) : t("staff.tabWaiting") },
          { id: "members", href: membersHref("members"), text: t("staff.tabMembers") },
          { id: "suspended", href: membersHref("suspended"), text: t("staff.tabSuspended") },
        ]}
      />
      <TextField label={t("staff.search")} type="search" value={draft} onValue={setDraft} autoComplete="off" />
      <Status text={done} />
      <QueryView
        q={q}
        select={() => items}
        isEmpty={(list) => list.length === 0}
        empty={<p class="card empty-state">{empty}</p>}
        error={couldNotLoad(q)}
      >
        {(list) => (
          <>
            <ul class="list" aria-label={t("staff.membersList")}>
              {list.map((m) => (
                // Keyed by role too: a role changed (here or by someone else) starts the card afresh.
                <MemberCard key={`${m.id}:${m.role}`} member={m} tab={tab} onDone={setDone} />
              ))}
            </ul>
            {moreError && <FormErrors messages={[moreError]} />}
            {pageInfo?.hasNextPage && (
              <Button variant="secondary" block onClick={() => void showMore()} busy={loadingMore} busyLabel={t("staff.loadingMore")} disabled={q.offline}>
                {t("staff.showMore")}
              </Button>
            )}
          </>
        )}
      </QueryView>
    </Page>
  );
}
