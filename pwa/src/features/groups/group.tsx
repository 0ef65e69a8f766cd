// One group: what it is for, who leads it and how many belong; where I stand (join, ask to join with
// the answer to its question, accept an invitation, withdraw, leave — the only leader first names who
// takes over); for its leaders, the way to its members, requests and reports; and, for its members,
// the posts with a composer. Opened from a notification, `?n=` marks it read.
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { refreshAll, useQuery } from "../../api/hooks";
import { GroupsGroupDocument, GroupsJoinDocument, GroupsLeaveDocument, GroupsMembersDocument, GroupsReportsDocument, type GroupsGroupQuery } from "../../gql/graphql";
import { t, tn } from "../../i18n";
import { PendingActions } from "../../offline/pending";
import { session } from "../../state/session";
import { Button, FormErrors, LinkButton, Notice, Page, QueryView, Select, TextArea, useAction } from "../../ui";
import { groupEventsHref } from "../events/paths";
import { PostComposer } from "./compose";
import { inWords } from "./errors";
import { Feed } from "./feed";
import { Hearing, useMarkSeen } from "./hearing";
import { groupFacts, joinStep, StandingChip, standingIn, useMarkRead, visibilityName } from "./parts";
import { editGroupHref, groupMembersHref, groupReportsHref, groupsHref } from "./paths";

type Group = GroupsGroupQuery["group"];

/** Whether leaving needs a successor named first: the only leader of a group others still belong to. */
export function mustHandOver(group: Pick<Group, "leaders" | "memberCount" | "viewerMembership">): boolean {
  return standingIn(group.viewerMembership) === "leader" && group.leaders.length <= 1 && group.memberCount > 1;
}

function Successor({ groupId, value, onValue, error }: { groupId: string; value: string; onValue: (v: string) => void; error?: string }) {
  const q = useQuery(GroupsMembersDocument, { id: groupId, state: "MEMBER", first: 100 });
  const me = session.userId.value;
  const others = (q.data?.group.members.edges ?? []).map((e) => e.node).filter((m) => m.caregiver && m.caregiver.id !== me);
  return (
    <QueryView q={q} saved={false} ready={!!q.data || !!q.error}>
      {() =>
        others.length ? (
          <Select
            label={t("groups.successor")}
            hint={t("groups.successorHint")}
            value={value}
            onValue={onValue}
            error={error}
            options={[{ value: "", label: t("groups.chooseSuccessor") }, ...others.map((m) => ({ value: m.caregiver!.id, label: m.caregiver!.displayName }))]}
          />
        ) : (
          <Notice tone="warn">{error ?? t("groups.noSuccessor")}</Notice>
        )
      }
    </QueryView>
  );
}

/** Leave, withdraw a request or turn down an invitation, after a clear second step. */
export function Leave({ group, onLeft }: { group: Group; onLeft: () => void }) {
  const s = standingIn(group.viewerMembership);
  const [open, setOpen] = useState(false);
  const [heir, setHeir] = useState("");
  const [needHeir, setNeedHeir] = useState(false);
  const { busy, errors, run } = useAction(["handOverTo"]);
  const handOver = needHeir || mustHandOver(group);
  const lastOne = s === "leader" && group.memberCount <= 1;
  const label = s === "asked" ? t("groups.withdraw") : s === "invited" ? t("groups.decline") : t("groups.leave");
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  }
  const leave = async () => {
    const ok = await run(async () => {
      const errs = (await request(GroupsLeaveDocument, { input: { groupId: group.id, handOverTo: heir || null } })).leaveGroup.errors;
      if (errs.some((e) => e.code === "LAST_LEADER")) setNeedHeir(true);
      return inWords(errs);
    });
    if (ok) onLeft();
  };
  return (
    <div class="confirm stack" role="group" aria-labelledby="leave-q">
      <p id="leave-q">{s === "asked" ? t("groups.withdrawConfirm") : s === "invited" ? t("groups.declineConfirm") : lastOne ? t("groups.leaveLastConfirm") : t("groups.leaveConfirm")}</p>
      {handOver && <Successor groupId={group.id} value={heir} onValue={setHeir} error={errors.fields.handOverTo} />}
      <FormErrors messages={errors.general} />
      <div class="row">
        <Button variant="danger" busy={busy} busyLabel={t("groups.saving")} onClick={() => void leave()} disabled={handOver && !heir}>
          {s === "asked" ? t("groups.withdrawYes") : s === "invited" ? t("groups.declineYes") : handOver ? t("groups.handOverAndLeave") : t("groups.leaveYes")}
        </Button>
        <Button variant="quiet" onClick={() => setOpen(false)} disabled={busy}>
          {t("groups.stay")}
        </Button>
      </div>
    </div>
  );
}

/** Join, ask to join (answering the group's question), or accept an invitation. */
export function JoinPanel({ group }: { group: Group }) {
  const step = joinStep(group.visibility, group.viewerMembership);
  const [answer, setAnswer] = useState("");
  const { busy, errors, run } = useAction(["answer"]);
  const join = async (e?: Event) => {
    e?.preventDefault();
    await run(async () => inWords((await request(GroupsJoinDocument, { input: { groupId: group.id, answer: step === "ask" ? answer.trim() || null : null } })).joinGroup.errors));
  };
  switch (step) {
    case "join":
      return (
        <div class="stack">
          <FormErrors messages={errors.general} />
          <Button block busy={busy} busyLabel={t("groups.saving")} onClick={() => void join()}>
            {t("groups.join")}
          </Button>
        </div>
      );
    case "ask":
      return (
        <form class="stack" onSubmit={join} noValidate>
          <p>{t("groups.askLead")}</p>
          <FormErrors messages={errors.general} />
          {group.joinQuestion && <TextArea label={group.joinQuestion} hint={t("groups.answerHint")} value={answer} onValue={setAnswer} required maxLength={1000} error={errors.fields.answer} />}
          <Button type="submit" block busy={busy} busyLabel={t("groups.sending")}>
            {t("groups.askToJoin")}
          </Button>
        </form>
      );
    case "accept":
      return (
        <div class="stack">
          <p>{t("groups.invitedLead")}</p>
          <FormErrors messages={errors.general} />
          <Button block busy={busy} busyLabel={t("groups.saving")} onClick={() => void join()}>
            {t("groups.acceptInvitation")}
          </Button>
        </div>
      );
    case "waiting":
      return <p>{t("groups.waitingLead")}</p>;
    case "inviteOnly":
      return <p>{t("groups.inviteOnlyLead")}</p>;
    default:
      return null;
  }
}

/** For leaders: who waits for an answer, with the way to them (requests should not wait long). */
function Asking({ groupId }: { groupId: string }) {
  const q = useQuery(GroupsMembersDocument, { id: groupId, state: "REQUESTED", first: 50 });
  const n = q.data?.group.members.edges.length ?? 0;
  if (!n) return null;
  return (
    <Notice tone="warn">
      <a href={groupMembersHref(groupId, "asking")}>{tn("groups.askingCount", n)}</a>
    </Notice>
  );
}

/** For leaders: the way to what was reported in the group, with how many reports are open (the
 *  reports screen's own query, so the count and the list agree). */
function ReportsLink({ groupId }: { groupId: string }) {
  const n = useQuery(GroupsReportsDocument, { id: groupId }).data?.group.reports.length ?? 0;
  return (
    <LinkButton href={groupReportsHref(groupId)} variant="secondary" block>
      {n ? t("groups.reportsLinkCount", { count: n }) : t("groups.reportsLink")}
    </LinkButton>
  );
}

function About({ group }: { group: Group }) {
  const leaders = group.leaders.map((l) => l.displayName);
  return (
    <section class="card stack" aria-labelledby="group-about">
      <div class="card-head">
        <h2 id="group-about">{t("groups.about")}</h2>
        <StandingChip membership={group.viewerMembership} />
      </div>
      {group.purpose ? <p style={{ whiteSpace: "pre-line", overflowWrap: "anywhere" }}>{group.purpose}</p> : <p class="muted">{t("groups.noPurpose")}</p>}
      <p class="muted">{groupFacts(group)}</p>
      <p class="muted">
        {visibilityName(group.visibility)}
        {group.hidden ? ` · ${t("groups.hiddenGroup")}` : ""}
      </p>
      {leaders.length > 0 && <p>{t(leaders.length === 1 ? "groups.ledBy_one" : "groups.ledBy_other", { names: leaders.join(", ") })}</p>}
    </section>
  );
}

export default function GroupPage({ id }: { id: string }) {
  const { query, route } = useLocation();
  useMarkRead(query.n);
  const q = useQuery(GroupsGroupDocument, { id });
  const group = q.data?.group;
  const s = standingIn(group?.viewerMembership);
  const inside = s === "leader" || s === "member";
  useMarkSeen(id, inside);
  return (
    <Page title={group?.name ?? t("groups.groupTitle")} actions={s === "leader" && group ? <a href={editGroupHref(group.id)}>{t("groups.edit")}</a> : undefined}>
      <QueryView q={q} select={(d) => d.group} missing={<Notice>{q.offline ? t("groups.offlineNotSeen") : t("groups.groupGone")}</Notice>} error={() => <Notice>{t("groups.groupGone")}</Notice>}>
        {(group) => (
          <>
            <About group={group} />
            <section class="stack" aria-label={t("groups.yourPlace")}>
              <JoinPanel group={group} />
              {s === "leader" && <Asking groupId={group.id} />}
              {inside && group.viewerMembership?.notify && <Hearing groupId={group.id} notify={group.viewerMembership.notify} />}
              {inside && (
                <LinkButton href={groupMembersHref(group.id)} variant="secondary" block>
                  {s === "leader" ? t("groups.manageMembers") : t("groups.seeMembers")}
                </LinkButton>
              )}
              {s === "leader" && <ReportsLink groupId={group.id} />}
              {s !== "none" && (
                <Leave
                  key={group.viewerMembership?.state}
                  group={group}
                  onLeft={() => {
                    refreshAll();
                    route(groupsHref(s === "leader" || s === "member" ? "mine" : "discover"));
                  }}
                />
              )}
            </section>
            {inside && (
              <p class="more-link">
                <a href={groupEventsHref(group.id)}>{t("events.groupEventsLink")}</a>
              </p>
            )}
            {inside && (
              <section class="section stack" aria-labelledby="group-posts">
                <h2 id="group-posts">{t("groups.posts")}</h2>
                <PendingActions />
                <PostComposer groupId={group.id} groupName={group.name} />
                <Feed groupId={group.id} ctx={{ communityId: group.communityId, groupName: group.name, leader: s === "leader" }} />
              </section>
            )}
          </>
        )}
      </QueryView>
    </Page>
  );
}
