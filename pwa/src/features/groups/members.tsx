// A group's people. Members see who belongs (and who leads). Leaders also see who asks to join, with
// their answer to the group's question (let them in or not), who is invited, and can invite someone
// from the community's directory, make a member a leader (or back), and remove someone.
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import {
  GroupsDecideDocument,
  GroupsDirectoryDocument,
  GroupsGroupDocument,
  GroupsInviteDocument,
  GroupsMembersDocument,
  GroupsRemoveMemberDocument,
  GroupsSetRoleDocument,
  type GroupMembershipState,
  type GroupsMembershipFieldsFragment,
} from "../../gql/graphql";
import { t } from "../../i18n";
import { session } from "../../state/session";
import { Button, FormErrors, LinkButton, Notice, Page, QueryView, TextField, useAction } from "../../ui";
import { messageFamilyHref } from "../messages/paths";
import { ConfirmButton, Status, Tabs } from "../staff/parts";
import { inWords } from "./errors";
import { standingIn, when } from "./parts";
import { groupHref, groupMembersHref, type MembersTab } from "./paths";

type Membership = GroupsMembershipFieldsFragment;

const STATE: Record<MembersTab, GroupMembershipState> = { members: "MEMBER", asking: "REQUESTED", invited: "INVITED" };

export function parseTab(value: string | undefined, leader: boolean): MembersTab {
  return leader && (value === "asking" || value === "invited") ? value : "members";
}

function PersonCard({ m, tab, leader, onDone }: { m: Membership; tab: MembersTab; leader: boolean; onDone: (message: string) => void }) {
  const name = m.caregiver?.displayName ?? t("groups.formerMember");
  const self = !!m.caregiver && m.caregiver.id === session.userId.value;
  const action = useAction();
  const act = async (send: () => Promise<readonly { code: string; message: string; field: string[] | null; retryAfter: number | null }[]>, message: string) => {
    const ok = await action.run(async () => inWords(await send()));
    if (ok) onDone(message);
    return ok;
  };
  const decide = (approve: boolean) => act(async () => (await request(GroupsDecideDocument, { input: { membershipId: m.id, approve } })).decideJoinRequest.errors, t(approve ? "groups.approved" : "groups.declined", { name }));
  const setRole = (role: "LEADER" | "MEMBER") => act(async () => (await request(GroupsSetRoleDocument, { input: { membershipId: m.id, role } })).setGroupRole.errors, t(role === "LEADER" ? "groups.madeLeader" : "groups.madeMember", { name }));
  const remove = () => act(async () => (await request(GroupsRemoveMemberDocument, { input: { membershipId: m.id } })).removeGroupMember.errors, t(tab === "invited" ? "groups.invitationWithdrawn" : "groups.removed", { name }));
  return (
    <li class="card stack member-card">
      <div class="card-head">
        <h3>{name}</h3>
        {tab === "members" && <span class="status">{m.role === "LEADER" ? t("groups.role_LEADER") : t("groups.role_MEMBER")}</span>}
      </div>
      <p class="muted">{tab === "asking" ? t("groups.askedWhen", { when: when(m.since) }) : tab === "invited" ? t("groups.invitedWhen", { when: when(m.since) }) : t("groups.memberSince", { when: when(m.since) })}</p>
      {tab === "asking" &&
        (m.joinAnswer ? (
          <figure class="quote">
            <figcaption class="muted">{t("groups.theirAnswer")}</figcaption>
            <blockquote>{m.joinAnswer}</blockquote>
          </figure>
        ) : (
          <p class="muted">{t("groups.noAnswer")}</p>
        ))}
      <FormErrors messages={action.errors.general} />
      {!self && m.caregiver && tab === "members" && (
        <p class="more-link" style={{ margin: 0 }}>
          <a href={messageFamilyHref(m.caregiver.id, name)}>{t("messages.messageFamilyNamed", { name })}</a>
        </p>
      )}
      {self ? (
        <p class="muted">{t("groups.you")}</p>
      ) : (
        leader && (
          <div class="row">
            {tab === "asking" && (
              <>
                <Button busy={action.busy} onClick={() => void decide(true)} aria-label={t("groups.approveNamed", { name })}>
                  {t("groups.approve")}
                </Button>
                <ConfirmButton label={t("groups.decline")} name={t("groups.declineNamed", { name })} question={t("groups.declineRequestConfirm", { name })} yes={t("groups.declineYes")} keep={t("groups.keepWaiting")} onConfirm={() => decide(false)} />
              </>
            )}
            {tab === "members" && (
              <Button variant="secondary" busy={action.busy} onClick={() => void setRole(m.role === "LEADER" ? "MEMBER" : "LEADER")} aria-label={t(m.role === "LEADER" ? "groups.makeMemberNamed" : "groups.makeLeaderNamed", { name })}>
                {m.role === "LEADER" ? t("groups.makeMember") : t("groups.makeLeader")}
              </Button>
            )}
            {(tab === "invited" || (tab === "members" && m.role !== "LEADER")) && (
              <ConfirmButton
                label={tab === "invited" ? t("groups.withdrawInvitation") : t("groups.remove")}
                name={t(tab === "invited" ? "groups.withdrawInvitationNamed" : "groups.removeNamed", { name })}
                question={t(tab === "invited" ? "groups.withdrawInvitationConfirm" : "groups.removeConfirm", { name })}
                yes={tab === "invited" ? t("groups.withdrawInvitationYes") : t("groups.removeYes")}
                keep={t("groups.keep")}
                onConfirm={remove}
              />
            )}
          </div>
        )
      )}
    </li>
  );
}

function People({ groupId, tab, leader, onDone }: { groupId: string; tab: MembersTab; leader: boolean; onDone: (message: string) => void }) {
  const q = useQuery(GroupsMembersDocument, { id: groupId, state: STATE[tab], first: 100 });
  const empty = tab === "asking" ? t("groups.noneAsking") : tab === "invited" ? t("groups.noneInvited") : t("groups.noMembers");
  return (
    <QueryView q={q} select={(d) => d.group.members.edges.map((e) => e.node)} isEmpty={(l) => l.length === 0} empty={<p class="card empty-state">{empty}</p>}>
      {(list) => (
        <ul class="list" aria-label={t(`groups.list_${tab}`)}>
          {list.map((m) => (
            <PersonCard key={`${m.id}:${m.role}`} m={m} tab={tab} leader={leader} onDone={onDone} />
          ))}
        </ul>
      )}
    </QueryView>
  );
}

/** Leaders invite someone from the community's directory: search by name, then Invite. */
function InviteSomeone({ groupId, communityId, onDone }: { groupId: string; communityId: string; onDone: (message: string) => void }) {
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setSearch(draft.trim()), 300);
    return () => clearTimeout(timer);
  }, [draft]);
  const q = useQuery(GroupsDirectoryDocument, { communityId, search }, { skip: search.length < 2 });
  const action = useAction();
  const invite = async (caregiverId: string, name: string) => {
    const ok = await action.run(async () => inWords((await request(GroupsInviteDocument, { input: { groupId, caregiverId } })).inviteToGroup.errors));
    if (ok) {
      onDone(t("groups.invited", { name }));
      setDraft("");
      setSearch("");
    }
  };
  const me = session.userId.value;
  return (
    <section class="section stack" aria-labelledby="invite-title">
      <h2 id="invite-title">{t("groups.inviteTitle")}</h2>
      <TextField label={t("groups.inviteSearch")} hint={t("groups.inviteSearchHint")} type="search" value={draft} onValue={setDraft} autoComplete="off" maxLength={100} />
      <FormErrors messages={action.errors.general} />
      {search.length >= 2 && (
        <QueryView q={q} saved={false} select={(d) => d.community.members.edges.map((e) => e.node).filter((m) => m.caregiver.id !== me)} isEmpty={(l) => l.length === 0} empty={<p class="muted">{t("groups.inviteNoMatch", { search })}</p>}>
          {(people) => (
            <ul class="list" aria-label={t("groups.inviteResults")}>
              {people.map((p) => (
                <li key={p.id} class="card row" style={{ justifyContent: "space-between" }}>
                  <strong>{p.caregiver.displayName}</strong>
                  <Button variant="secondary" busy={action.busy} onClick={() => void invite(p.caregiver.id, p.caregiver.displayName)} aria-label={t("groups.inviteNamed", { name: p.caregiver.displayName })}>
                    {t("groups.invite")}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      )}
    </section>
  );
}

export default function GroupMembers({ id }: { id: string }) {
  const { query } = useLocation();
  const g = useQuery(GroupsGroupDocument, { id });
  const group = g.data?.group;
  const leader = standingIn(group?.viewerMembership) === "leader";
  const tab = parseTab(query.tab, leader);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => setDone(null), [tab]);
  const asking = useQuery(GroupsMembersDocument, { id, state: "REQUESTED", first: 50 }, { skip: !leader }).data?.group.members.edges.length ?? 0;
  return (
    <Page title={t("groups.membersTitle")} lead={group?.name}>
      <QueryView q={g} select={(d) => d.group} missing={<Notice>{t("groups.groupGone")}</Notice>} error={() => <Notice>{t("groups.groupGone")}</Notice>}>
        {(group) =>
          standingIn(group.viewerMembership) === "member" || leader ? (
            <>
              {leader && (
                <Tabs
                  label={t("groups.membersTabs")}
                  current={tab}
                  tabs={[
                    { id: "members", href: groupMembersHref(group.id, "members"), text: t("groups.tabMembers") },
                    { id: "asking", href: groupMembersHref(group.id, "asking"), text: asking ? t("groups.tabAskingCount", { count: asking }) : t("groups.tabAsking") },
                    { id: "invited", href: groupMembersHref(group.id, "invited"), text: t("groups.tabInvited") },
                  ]}
                />
              )}
              <Status text={done} />
              <People groupId={group.id} tab={tab} leader={leader} onDone={setDone} />
              {leader && tab !== "asking" && <InviteSomeone groupId={group.id} communityId={group.communityId} onDone={setDone} />}
              <p class="more-link">
                <a href={groupHref(group.id)}>{t("groups.backToGroup")}</a>
              </p>
            </>
          ) : (
            <>
              <Notice>{t("groups.membersOnly")}</Notice>
              <LinkButton href={groupHref(group.id)}>{t("groups.backToGroup")}</LinkButton>
            </>
          )
        }
      </QueryView>
    </Page>
  );
}
