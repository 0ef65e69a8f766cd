// Where the events' screens live, for links and notification routes (kept free of imports so the
// service worker can use it through notify.ts).

export const EVENTS = "/events";
export const NEW_EVENT = "/events/new";
export const EVENT = "/events/:id";
export const EDIT_EVENT = "/events/:id/edit";

export function eventHref(id: string): string {
  return `${EVENTS}/${encodeURIComponent(id)}`;
}

export function editEventHref(id: string): string {
  return `${eventHref(id)}/edit`;
}

export function newEventHref(groupId?: string | null): string {
  return groupId ? `${NEW_EVENT}?group=${encodeURIComponent(groupId)}` : NEW_EVENT;
}

export function groupEventsHref(groupId: string): string {
  return `${EVENTS}?group=${encodeURIComponent(groupId)}`;
}
