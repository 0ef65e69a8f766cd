// What the service worker decides about a push, kept free of service-worker globals so it can be
// unit-tested. Which screen a notification opens is the features' (features/notify.ts, shared with
// the app: the notifications list links to the same screens).
// The payload is the worker's (workers/notifications.py): ids, and a generic title and body line
// rendered in the recipient's language (`lang`); no names.
import { screenFor } from "../features/notify";

export interface PushPayload {
  /** The Notification's global ID. */
  id: string;
  /** What the system notification replaces on screen (the worker's `tag`): for a message, its
   *  Conversation's global ID, so one conversation shows one notification; absent otherwise. */
  tag?: string;
  /** e.g. "match_offered" (lower case, as the worker sends it). */
  kind: string;
  /** The global ID of what it is about (a Match, …). */
  subject: string;
  /** Generic, already in the recipient's language. */
  title: string;
  /** A generic line (no names), in the same language; may be empty. */
  body: string;
  /** The language of title and body, e.g. "es". */
  lang: string | undefined;
  urgent: boolean;
}

const MAX_ID = 200;
const MAX_TITLE = 200;
const MAX_BODY = 300;

function isId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_ID && /^[A-Za-z0-9_=-]+$/.test(value);
}

/** The payload, or null when it is not one of ours (empty, not JSON, missing or odd fields). */
export function parsePayload(raw: unknown): PushPayload | null {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (!isId(v.id) || !isId(v.subject)) return null;
  if (typeof v.kind !== "string" || !/^[a-z_]{1,60}$/.test(v.kind)) return null;
  if (typeof v.title !== "string" || !v.title.trim()) return null;
  const body = typeof v.body === "string" ? v.body.trim().slice(0, MAX_BODY) : "";
  const lang = typeof v.lang === "string" && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(v.lang) ? v.lang : undefined;
  // A tag that is there but not an ID is refused like an odd id: the payload is not one of ours.
  if (v.tag !== undefined && v.tag !== null && !isId(v.tag)) return null;
  const payload: PushPayload = { id: v.id, kind: v.kind, subject: v.subject, title: v.title.trim().slice(0, MAX_TITLE), body, lang, urgent: v.urgent === true };
  if (isId(v.tag)) payload.tag = v.tag;
  return payload;
}

export function urlFor(p: Pick<PushPayload, "id" | "subject" | "kind">): string {
  return screenFor(p.subject, p.id, p.kind);
}

/** What a new system notification replaces: the payload's tag (one per conversation for messages),
 *  else the Notification itself, so a second copy of the same push replaces the first. */
export function tagFor(p: Pick<PushPayload, "id" | "tag">): string {
  return p.tag ?? p.id;
}

/** Skip the system notification while the person is looking at the app: it updates in place. */
export function shouldShow(windows: readonly { focused?: boolean }[]): boolean {
  return !windows.some((w) => w.focused === true);
}

/** Only our own screens, as a path: a notification never opens another site. */
export function safeUrl(value: unknown, origin: string): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return "/notifications";
  try {
    const url = new URL(value, origin);
    return url.origin === origin ? url.pathname + url.search : "/notifications";
  } catch {
    return "/notifications";
  }
}

export const ICON = "/icons/icon-192.png";
/** A white silhouette on transparent: Android shows it in the status bar. */
export const BADGE = "/icons/badge-96.png";

/** Everything showNotification gets: generic texts, the tag, and a same-origin path. No token. */
export function notificationOptions(p: PushPayload): { title: string; options: NotificationOptions } {
  return {
    title: p.title,
    options: {
      tag: tagFor(p),
      body: p.body || undefined,
      icon: ICON,
      badge: BADGE,
      lang: p.lang,
      data: { url: urlFor(p) },
    },
  };
}

/** Which open window a click should use: a focused one, else a visible one, else any. */
export function pickWindow<W extends { focused?: boolean; visibilityState?: string; url: string }>(windows: readonly W[], origin: string): W | undefined {
  const ours = windows.filter((w) => {
    try {
      return new URL(w.url).origin === origin;
    } catch {
      return false;
    }
  });
  return ours.find((w) => w.focused) ?? ours.find((w) => w.visibilityState === "visible") ?? ours[0];
}
