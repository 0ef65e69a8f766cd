// Where the groups' screens live, for links, redirects and notification routes (kept free of imports
// so the service worker can use it through notify.ts).

export const GROUPS = "/groups";
export const NEW_GROUP = "/groups/new";

export type GroupsTab = "discover" | "mine";

export function groupsHref(tab: GroupsTab = "discover"): string {
  return tab === "mine" ? `${GROUPS}?tab=mine` : GROUPS;
}

export function groupHref(id: string): string {
  return `${GROUPS}/${encodeURIComponent(id)}`;
}

export function editGroupHref(id: string): string {
  return `${groupHref(id)}/edit`;
}

export type MembersTab = "members" | "asking" | "invited";

export function groupMembersHref(id: string, tab: MembersTab = "members"): string {
  return `${groupHref(id)}/members${tab === "members" ? "" : `?tab=${tab}`}`;
}

/** The group's open reports, for its leaders. */
export function groupReportsHref(id: string): string {
  return `${groupHref(id)}/reports`;
}

/** A post, when only its ID is known (a notification): the screen finds its group and goes there. */
export function postHref(postId: string): string {
  return `${GROUPS}/post/${encodeURIComponent(postId)}`;
}

/** The element id of a post on its group's page (for #fragment links). */
export function postAnchor(postId: string): string {
  return `post-${postId.replace(/[^A-Za-z0-9_-]/g, "")}`;
}
