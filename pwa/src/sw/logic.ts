// What the service worker decides about a push, kept free of service-worker globals so it can be
// unit-tested (and shared with the app: the notifications list links to the same screens).
// The payload is the worker's (workers/notifications.py): ids and a generic title, no names.

export interface PushPayload {
  /** The Notification's global ID: the notification's tag, so copies of one push collapse. */
  id: string;
  /** e.g. "match_offered" (lower case, as the worker sends it). */
  kind: string;
  /** The global ID of what it is about (a Match, …). */
  subject: string;
  /** Generic, already in the recipient's language. */
  title: string;
  urgent: boolean;
}

const MAX_ID = 200;
const MAX_TITLE = 200;

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
  return { id: v.id, kind: v.kind, subject: v.subject, title: v.title.trim().slice(0, MAX_TITLE), urgent: v.urgent === true };
}

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

/** The screen a notification opens: its subject's screen when the app has one, else the list.
 *  `n` names the notification so the screen can mark it read; nothing else goes in the URL. */
export function screenFor(subjectId: string, notificationId: string, kind?: string): string {
  const type = globalIdType(subjectId) ?? (kind && /^(match_|thanks_)/i.test(kind) ? "Match" : null);
  if (type === "Match") return `/matches/${encodeURIComponent(subjectId)}?n=${encodeURIComponent(notificationId)}`;
  return "/notifications";
}

export function urlFor(p: Pick<PushPayload, "id" | "subject" | "kind">): string {
  return screenFor(p.subject, p.id, p.kind);
}

/** One notification per Notification: a second copy of the same push replaces the first. */
export function tagFor(p: Pick<PushPayload, "id">): string {
  return p.id;
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

// The payload does not say its language, but its title is one of the worker's generic titles
// (api/notifications/kinds.py) in the person's language: the body line takes the same language.
// An unknown title (a new kind, reworded text) gets no body rather than one in the wrong language.
type Lines = { title: string; body: string };
const LINES: Record<string, { en: Lines; es: Lines }> = {
  match_suggested: {
    en: { title: "New match suggestion", body: "A family's need may fit what you offer." },
    es: { title: "Nueva sugerencia de ayuda", body: "La necesidad de una familia podría encajar con lo que ofreces." },
  },
  match_offered: {
    en: { title: "Someone offered to help", body: "Open Village to see the offer." },
    es: { title: "Alguien ofreció ayuda", body: "Abre Village para ver el ofrecimiento." },
  },
  match_requested: {
    en: { title: "A family asked for your help", body: "Open Village to answer." },
    es: { title: "Una familia pidió tu ayuda", body: "Abre Village para responder." },
  },
  match_accepted: {
    en: { title: "Match accepted", body: "Open Village to get in touch." },
    es: { title: "Ayuda aceptada", body: "Abre Village para ponerse en contacto." },
  },
  match_declined: {
    en: { title: "Match declined", body: "Open Village to see who else could help." },
    es: { title: "Ayuda no aceptada", body: "Abre Village para ver quién más podría ayudar." },
  },
  match_completed: {
    en: { title: "Help marked as done", body: "Open Village to see it." },
    es: { title: "Ayuda completada", body: "Abre Village para verla." },
  },
  thanks_received: {
    en: { title: "You received a thank-you", body: "Open Village to read it." },
    es: { title: "Recibiste un agradecimiento", body: "Abre Village para leerlo." },
  },
};

/** The language of a payload's title, when it is one of the known titles. */
export function titleLanguage(p: Pick<PushPayload, "kind" | "title">): "en" | "es" | null {
  const lines = LINES[p.kind];
  if (!lines) return null;
  if (lines.en.title === p.title) return "en";
  if (lines.es.title === p.title) return "es";
  return null;
}

export function bodyFor(p: Pick<PushPayload, "kind" | "title">): string | undefined {
  const language = titleLanguage(p);
  return language ? LINES[p.kind][language].body : undefined;
}

export const ICON = "/icons/icon-192.png";

/** Everything showNotification gets: generic texts, the tag, and a same-origin path. No token.
 *  (No `badge`: it must be a monochrome silhouette, and the app icon is an opaque square.) */
export function notificationOptions(p: PushPayload): { title: string; options: NotificationOptions } {
  const language = titleLanguage(p);
  return {
    title: p.title,
    options: {
      tag: tagFor(p),
      body: bodyFor(p),
      icon: ICON,
      lang: language ?? undefined,
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
