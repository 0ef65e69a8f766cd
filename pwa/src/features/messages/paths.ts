// Where the messages screens live, for links, redirects and notification routes (kept free of
// imports so the service worker can use it through notify.ts).

export const MESSAGES = "/messages";
export const REQUESTS = "/messages/requests";
export const NEW_MESSAGE = "/messages/new";

export function conversationHref(id: string): string {
  return `${MESSAGES}/${encodeURIComponent(id)}`;
}

/** Writing to one caregiver: their conversation of two if there is one, else a new one (or a
 *  message request). `name` only titles the screen until the first message is sent. */
export function messageFamilyHref(caregiverId: string, name?: string): string {
  const query = new URLSearchParams({ to: caregiverId });
  if (name) query.set("name", name);
  return `${NEW_MESSAGE}?${query.toString()}`;
}
