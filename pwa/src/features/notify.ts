// Which screen a notification opens, from the routes each feature declares in its notify.ts. The
// service worker imports this module, so it reaches only those small files (never a screen); the
// notifications list and home use it too, so a tap and a click lead to the same place.

/** A kind of subject a feature has a screen for. */
export interface NotificationRoute {
  /** The GraphQL type of the subject, as inside its global ID ("Match"). */
  subject: string;
  /** The notification kinds about it, as the API's events.py names them: used when the subject's
   *  ID cannot be read. */
  kinds: readonly string[];
  /** The screen of one subject, a path of ours. */
  screen: (subjectId: string) => string;
}

// Found by file name, so a feature adds a notify.ts and nothing else; registry.test.ts checks that
// every one belongs to a listed feature.
const modules = import.meta.glob<readonly NotificationRoute[]>("./*/notify.ts", { eager: true, import: "notificationRoutes" });

/** Every feature's notification routes, by feature folder. */
export const notificationRoutesByFeature: Record<string, readonly NotificationRoute[]> = Object.fromEntries(
  Object.entries(modules).map(([path, routes]) => [path.split("/")[1], routes]),
);

const routes = Object.values(notificationRoutesByFeature).flat();
// A subject's first route is its default; a route that also names the kind wins for that kind.
const bySubject = new Map([...routes].reverse().map((r) => [r.subject, r]));
const byKind = new Map(routes.flatMap((r) => r.kinds.map((k) => [k.toLowerCase(), r] as const)));

/** The type name inside a Relay global ID (base64url of "Type:uuid"), or null. */
export function globalIdType(id: string): string | null {
  try {
    const b64 = id.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const colon = raw.indexOf(":");
    return colon > 0 && /^[A-Za-z]+$/.test(raw.slice(0, colon)) ? raw.slice(0, colon) : null;
  } catch {
    return null;
  }
}

/** The screen a notification opens: its subject's screen when a feature has one, else the list.
 *  `n` names the notification so the screen can mark it read; nothing else goes in the URL. */
export function screenFor(subjectId: string, notificationId: string, kind?: string): string {
  const type = globalIdType(subjectId) ?? (kind ? byKind.get(kind.toLowerCase())?.subject : undefined) ?? null;
  const forKind = kind ? byKind.get(kind.toLowerCase()) : undefined;
  const route = type ? (forKind?.subject === type ? forKind : bySubject.get(type)) : undefined;
  return route ? `${route.screen(subjectId)}?n=${encodeURIComponent(notificationId)}` : "/notifications";
}
