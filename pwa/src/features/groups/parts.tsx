// Pieces the group screens share: names of modes, grades, languages and join rules; where the viewer
// stands in a group; the group card of the lists; marking the notification that opened a screen read.
import { useEffect } from "preact/hooks";
import { request } from "../../api/client";
import { refreshAll } from "../../api/hooks";
import { GroupsMarkReadDocument, type GroupMembershipState, type GroupMode, type GroupRole, type GroupsCardFieldsFragment, type GroupVisibility } from "../../gql/graphql";
import { formatDate, lang, relativeTime, t, type Key } from "../../i18n";
import { groupHref } from "./paths";

export const GRADE_BANDS = ["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "K-2", "3-5", "6-8", "9-12"] as const;
export const MODES: GroupMode[] = ["IN_PERSON", "VIRTUAL", "BOTH"];
export const VISIBILITIES: GroupVisibility[] = ["OPEN", "REQUEST", "INVITE"];

export function modeName(mode: GroupMode): string {
  return t(`groups.mode_${mode}` as Key);
}

export function visibilityName(visibility: GroupVisibility): string {
  return t(`groups.visibility_${visibility}` as Key);
}

/** "Grade 3", "Grades 3–5", "Kindergarten", "Pre-K". */
export function gradeName(grade: string): string {
  if (grade === "PK") return t("groups.gradePK");
  if (grade === "K") return t("groups.gradeK");
  if (grade === "K-2") return t("groups.gradeBand", { from: t("groups.gradeKShort"), to: "2" });
  const band = /^(\d+)-(\d+)$/.exec(grade);
  if (band) return t("groups.gradeBand", { from: band[1], to: band[2] });
  return t("groups.gradeN", { n: grade });
}

/** A language's name in the reader's language ("Spanish", "español"), or its code when unknown. */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([lang.value], { type: "language" }).of(code);
    if (name && name !== code) return name.charAt(0).toLocaleUpperCase(lang.value) + name.slice(1);
  } catch {
    /* an engine without DisplayNames, or an odd code */
  }
  return code;
}

type Membership = { role: GroupRole; state: GroupMembershipState } | null | undefined;

/** Where the viewer stands in a group. */
export type Standing = "leader" | "member" | "asked" | "invited" | "none";

export function standingIn(m: Membership): Standing {
  if (!m) return "none";
  if (m.state === "REQUESTED") return "asked";
  if (m.state === "INVITED") return "invited";
  return m.role === "LEADER" ? "leader" : "member";
}

/** The next step a person who is not in the group can take, from its join rule and their standing. */
export type JoinStep = "join" | "ask" | "accept" | "waiting" | "inviteOnly" | "in";

export function joinStep(visibility: GroupVisibility, m: Membership): JoinStep {
  const s = standingIn(m);
  if (s === "leader" || s === "member") return "in";
  if (s === "asked") return "waiting";
  if (s === "invited") return "accept";
  return visibility === "OPEN" ? "join" : visibility === "REQUEST" ? "ask" : "inviteOnly";
}

/** The group's facts in one line: languages · grade · how it meets · members. */
export function groupFacts(g: Pick<GroupsCardFieldsFragment, "languages" | "gradeBand" | "mode" | "memberCount">): string {
  return [g.languages.map(languageName).join(", "), g.gradeBand ? gradeName(g.gradeBand) : "", modeName(g.mode), t(g.memberCount === 1 ? "groups.memberCount_one" : "groups.memberCount_other", { count: g.memberCount })]
    .filter(Boolean)
    .join(" · ");
}

/** The first words of the purpose, cut at a word near `max` characters. */
export function snippet(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, "")}…`;
}

const STANDING_KEY: Record<Exclude<Standing, "none">, Key> = {
  leader: "groups.standing_leader",
  member: "groups.standing_member",
  asked: "groups.standing_asked",
  invited: "groups.standing_invited",
};

export function StandingChip({ membership }: { membership: Membership }) {
  const s = standingIn(membership);
  if (s === "none") return null;
  return <span class={s === "asked" || s === "invited" ? "status pending" : "status"}>{t(STANDING_KEY[s])}</span>;
}

export function GroupCard({ group }: { group: GroupsCardFieldsFragment }) {
  return (
    <li class="card stack group-card">
      <div class="card-head">
        <h3>
          <a href={groupHref(group.id)}>{group.name}</a>
        </h3>
        <StandingChip membership={group.viewerMembership} />
      </div>
      {group.purpose && <p>{snippet(group.purpose)}</p>}
      <p class="muted">{groupFacts(group)}</p>
      <p class="muted">
        {visibilityName(group.visibility)}
        {group.hidden ? ` · ${t("groups.hiddenGroup")}` : ""}
      </p>
    </li>
  );
}

const marked = new Set<string>();

/** Marks the notification that opened this screen (`?n=`) read, once. */
export function useMarkRead(notification: string | undefined): void {
  useEffect(() => {
    if (!notification || marked.has(notification)) return;
    marked.add(notification);
    request(GroupsMarkReadDocument, { input: { ids: [notification] } })
      .then((d) => {
        if (!d.markNotificationsRead.errors.length) refreshAll();
      })
      .catch(() => marked.delete(notification)); // offline: try again next time it is opened
  }, [notification]);
}

/** "now" and "3 minutes ago" for the last week, the date before that. */
export function when(iso: string): string {
  const ms = Math.abs(Date.now() - new Date(iso).getTime());
  if (ms < 60_000) return new Intl.RelativeTimeFormat(lang.value, { numeric: "auto" }).format(0, "second");
  return ms < 7 * 86_400_000 ? relativeTime(iso) : formatDate(iso, { dateStyle: "medium" });
}
