// Where the carpools' screens live, for links, redirects and notification routes (kept free of
// imports so the service worker can use it through notify.ts).

export const CARPOOLS = "/carpools";
export const NEW_CARPOOL = "/carpools/new";
export const CARPOOL = "/carpools/:id";
/** A trip or a swap known only by its ID (a notification): the screen finds its carpool. */
export const TRIP = "/carpools/trip/:tripId";
export const SWAP = "/carpools/swap/:swapId";

/** Where a family adds its children (the onboarding step, open to members too). */
export const ADD_CHILDREN = "/welcome/children";

export type CarpoolsTab = "mine" | "near";

export function carpoolsHref(tab: CarpoolsTab = "mine"): string {
  return tab === "near" ? `${CARPOOLS}?tab=near` : CARPOOLS;
}

export function carpoolHref(id: string): string {
  return `${CARPOOLS}/${encodeURIComponent(id)}`;
}

export function tripHref(tripId: string): string {
  return `${CARPOOLS}/trip/${encodeURIComponent(tripId)}`;
}

export function swapHref(swapId: string): string {
  return `${CARPOOLS}/swap/${encodeURIComponent(swapId)}`;
}

/** The element id of a trip on its carpool's page (for #fragment links). */
export function tripAnchor(tripId: string): string {
  return `trip-${tripId.replace(/[^A-Za-z0-9_-]/g, "")}`;
}
