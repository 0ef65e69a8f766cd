// Web Push on this device: turned on from Settings (after an explanation), re-checked at every
// start (the server's key or the browser's endpoint may have changed since), turned off on log-out.
// Failures never throw to the caller: they land in `pushProblem` for Settings to put in words.
import { signal } from "@preact/signals";
import { ApiError, NetworkError, request, type UserError } from "../api/client";
import { PushRegisterDocument, PushRemoveDocument, PushVapidKeyDocument } from "../gql/graphql";
import { session } from "../state/session";

export type PushStatus = "unsupported" | "denied" | "off" | "on";
/** What went wrong, as the person will be told it (settings.pushProblem_<code>). */
export type PushProblemCode = "unreachable" | "blocked" | "dismissed" | "network" | "refused" | "noWorker" | "unsupported" | "unknown";
export interface PushProblem {
  code: PushProblemCode;
  /** The server's reasons when it refused the subscription. */
  errors?: UserError[];
}

/** The last problem with push on this device (null when the last attempt went well). */
export const pushProblem = signal<PushProblem | null>(null);

// --- base64url ------------------------------------------------------------------------------------

/** A base64url string (the VAPID key) as bytes, for PushManager.subscribe's applicationServerKey. */
export function b64urlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const b64 = value.replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** Bytes (a subscription's p256dh or auth) as base64url without padding, as the API takes them. */
export function bytesToB64url(value: ArrayBuffer | ArrayBufferView | null | undefined): string {
  if (!value) return "";
  const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  let raw = "";
  for (const b of bytes) raw += String.fromCharCode(b);
  return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function sameKey(current: ArrayBuffer | ArrayBufferView | null | undefined, serverKey: string): boolean {
  return !!current && bytesToB64url(current) === bytesToB64url(b64urlToBytes(serverKey));
}

// --- what this device registered -------------------------------------------------------------------

/** Kept in localStorage while push is on for this person on this device. */
export interface Registered {
  user: string;
  /** Which sign-in registered it (a hash, not the token): the server ties a device to a session. */
  session: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** The VAPID key it was made with. */
  key: string;
}

const MEMORY = "village.push";

export function readRegistered(): Registered | null {
  try {
    const value = JSON.parse(localStorage.getItem(MEMORY) ?? "null");
    return value && typeof value.endpoint === "string" ? (value as Registered) : null;
  } catch {
    return null;
  }
}

function writeRegistered(value: Registered | null): void {
  try {
    if (value) localStorage.setItem(MEMORY, JSON.stringify(value));
    else localStorage.removeItem(MEMORY);
  } catch {
    /* private mode: push is re-registered at the next start */
  }
}

/** FNV-1a: tells sign-ins apart without keeping the token a second time. */
export function sessionMark(token: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

// --- the decisions (unit-tested with fakes) -----------------------------------------------------

export interface SubscriptionLike {
  endpoint: string;
  options?: { applicationServerKey?: ArrayBuffer | null };
  getKey(name: "p256dh" | "auth"): ArrayBuffer | null;
  unsubscribe(): Promise<boolean>;
}

export interface PushManagerLike {
  getSubscription(): Promise<SubscriptionLike | null>;
  subscribe(options: { userVisibleOnly: boolean; applicationServerKey: Uint8Array<ArrayBuffer> }): Promise<SubscriptionLike>;
}

export interface PushApi {
  vapidKey(): Promise<string>;
  register(input: { endpoint: string; p256dh: string; auth: string }): Promise<UserError[]>;
  remove(endpoint: string): Promise<void>;
}

/** The server refused the subscription (bad keys or endpoint). */
export class RefusedError extends Error {
  constructor(readonly errors: UserError[]) {
    super("refused");
    this.name = "RefusedError";
  }
}

export type SyncAction = "none" | "registered" | "subscribed" | "resubscribed";

/** Bring this device's subscription in line with the server's key, and the server in line with
 *  the subscription: subscribe when there is none; when it was made with another key, drop it and
 *  subscribe again; register when the endpoint, its keys or the sign-in changed (or `force`). */
export async function syncSubscription(pm: PushManagerLike, api: PushApi, who: { user: string; session: string }, last: Registered | null, force = false): Promise<{ action: SyncAction; registered: Registered }> {
  const key = await api.vapidKey();
  let sub = await pm.getSubscription();
  let action: SyncAction = "none";
  if (sub && !sameKey(sub.options?.applicationServerKey, key)) {
    const old = sub.endpoint;
    await sub.unsubscribe().catch(() => false);
    sub = null;
    action = "resubscribed";
    await api.remove(old).catch(() => undefined); // it could never be delivered to again
  }
  if (!sub) {
    sub = await pm.subscribe({ userVisibleOnly: true, applicationServerKey: b64urlToBytes(key) });
    if (action === "none") action = "subscribed";
  }
  const current: Registered = { ...who, endpoint: sub.endpoint, p256dh: bytesToB64url(sub.getKey("p256dh")), auth: bytesToB64url(sub.getKey("auth")), key };
  const changed = !last || (Object.keys(current) as (keyof Registered)[]).some((k) => current[k] !== last[k]);
  if (force || changed || action !== "none") {
    const errors = await api.register({ endpoint: current.endpoint, p256dh: current.p256dh, auth: current.auth });
    if (errors.length) throw new RefusedError(errors);
    if (action === "none") action = "registered";
  }
  return { action, registered: current };
}

export function describe(e: unknown): PushProblem {
  if (e instanceof RefusedError) return { code: "refused", errors: e.errors };
  if (e instanceof NetworkError) return { code: "network" };
  if (e instanceof ApiError) return { code: "unknown" };
  const name = e instanceof Error || (typeof DOMException !== "undefined" && e instanceof DOMException) ? (e as Error).name : "";
  if (name === "NotAllowedError") return { code: "blocked" };
  // Chromium: "Registration failed - push service error / not available / permission denied"
  // (the last in private windows): the browser's push service would not take the subscription.
  if (name === "AbortError" || name === "InvalidStateError") return { code: "unreachable" };
  if (name === "NotSupportedError") return { code: "unsupported" };
  if (name === "TimeoutError") return { code: "noWorker" };
  return { code: "unknown" };
}

// --- the browser ------------------------------------------------------------------------------

export function pushSupported(): boolean {
  return typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

function permission(): NotificationPermission {
  return typeof Notification === "undefined" ? "denied" : Notification.permission;
}

const api: PushApi = {
  async vapidKey() {
    return (await request(PushVapidKeyDocument)).vapidPublicKey;
  },
  async register(input) {
    return (await request(PushRegisterDocument, { input })).registerPushSubscription.errors;
  },
  async remove(endpoint) {
    await request(PushRemoveDocument, { input: { endpoint } });
  },
};

/** The service worker's push manager; the worker may still be installing on a first visit. */
async function pushManager(timeoutMs = 10000): Promise<PushManagerLike> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("service worker not ready"), { name: "TimeoutError" })), timeoutMs);
  });
  try {
    const registration = await Promise.race([navigator.serviceWorker.ready, timeout]);
    return registration.pushManager as unknown as PushManagerLike;
  } finally {
    clearTimeout(timer);
  }
}

function who(): { user: string; session: string } | null {
  const user = session.userId.value;
  const token = session.token.value;
  return user && token ? { user, session: sessionMark(token) } : null;
}

/** Where push stands on this device for the signed-in person. */
export async function pushStatus(): Promise<PushStatus> {
  if (!pushSupported()) return "unsupported";
  if (permission() === "denied") return "denied";
  const mine = readRegistered();
  if (!mine || mine.user !== session.userId.value || permission() !== "granted") return "off";
  try {
    const sub = await (await pushManager(3000)).getSubscription();
    return sub ? "on" : "off";
  } catch {
    return "off";
  }
}

let checking: Promise<void> | null = null;

async function recheck(): Promise<void> {
  try {
    const me = who();
    const last = readRegistered();
    if (!pushSupported() || permission() !== "granted" || !me || !last || last.user !== me.user) return;
    const { registered } = await syncSubscription(await pushManager(), api, me, last);
    writeRegistered(registered);
    pushProblem.value = null;
  } catch (e) {
    pushProblem.value = describe(e);
  }
}

/** At start, when signed in: keep the subscription of a person who turned push on here working. */
export function recheckSubscription(): Promise<void> {
  checking ??= recheck().finally(() => {
    checking = null;
  });
  return checking;
}

/** After the explanation: ask the browser, subscribe with the server's key, register the device. */
export async function turnOnPush(): Promise<PushStatus> {
  pushProblem.value = null;
  if (!pushSupported()) {
    pushProblem.value = { code: "unsupported" };
    return "unsupported";
  }
  let answer: NotificationPermission;
  try {
    answer = await Notification.requestPermission();
  } catch {
    answer = permission();
  }
  if (answer === "denied") return "denied";
  if (answer !== "granted") {
    pushProblem.value = { code: "dismissed" };
    return "off";
  }
  const me = who();
  if (!me) return "off";
  try {
    const { registered } = await syncSubscription(await pushManager(), api, me, null, true);
    writeRegistered(registered);
    return "on";
  } catch (e) {
    pushProblem.value = describe(e);
    return "off";
  }
}

/** Stop push on this device: tell the server (unless `server` is false: the account is gone),
 *  then drop the browser's subscription. The local part always happens. */
export async function turnOffPush({ server = true }: { server?: boolean } = {}): Promise<void> {
  pushProblem.value = null;
  writeRegistered(null);
  if (!pushSupported()) return;
  let sub: SubscriptionLike | null = null;
  try {
    sub = await (await pushManager(3000)).getSubscription();
  } catch {
    return;
  }
  if (!sub) return;
  if (server && session.token.value) await api.remove(sub.endpoint).catch(() => undefined);
  await sub.unsubscribe().catch(() => false);
}
