// Where the school's screens live, for links and the notification route (kept free of imports so
// the service worker can use it through notify.ts).

export const HUB = "/staff";
export const MEMBERS = "/staff/members";
export const REPORTS = "/staff/reports";
export const COMMUNITY_SETTINGS = "/staff/settings";
export const MATCHING_WORDS = "/staff/matching-words";
export const INSIGHTS = "/staff/insights";
export const INVITES = "/invites";

export type MembersTab = "waiting" | "members" | "suspended";
export type ReportsTab = "open" | "resolved";

export function membersHref(tab: MembersTab = "waiting"): string {
  return `${MEMBERS}?tab=${tab}`;
}

export function reportsHref(tab: ReportsTab = "open"): string {
  return `${REPORTS}?tab=${tab}`;
}
