// Actions taken offline wait here, shown as pending, and are sent when the connection returns. Only a
// NetworkError queues: a refusal from the server is shown at once, and a queued action the server
// later refuses stays visible (failed, with the reason) until the person dismisses it, so nothing
// they did is silently lost. Which actions exist, and how each is sent, is the features' business
// (their `offline`, looked up by name in the feature registry): this file names none of them.
import { effect, signal } from "@preact/signals";
import { createStore, get, set } from "idb-keyval";
import { NetworkError, type UserError } from "../api/client";
import { refreshAll } from "../api/hooks";
import { offlineAction, type Action } from "../features/registry";
import { session } from "../state/session";

export type { Action };

export type Queued = Action & {
  id: string;
  userId: string;
  /** What the person will recognise it by: the need's title. */
  label: string;
  createdAt: number;
  status: "pending" | "failed";
  error?: string;
};

const store = typeof indexedDB === "undefined" ? undefined : createStore("village-queue", "actions");
const KEY = "queue";
let memory: Queued[] = [];

/** Everything waiting or failed, for the signed-in person. */
export const queued = signal<Queued[]>([]);

function publish(): void {
  queued.value = memory.filter((q) => q.userId === session.userId.value);
}

// Another person signing in on this device sees only their own actions.
effect(() => {
  void session.userId.value;
  publish();
});

async function persist(): Promise<void> {
  publish();
  if (store) await set(KEY, memory, store).catch(() => undefined);
}

export async function loadQueue(): Promise<void> {
  if (store) memory = ((await get<Queued[]>(KEY, store).catch(() => undefined)) ?? []).map((q) => q);
  publish();
}

export type Outcome<R> = { status: "sent"; result: R } | { status: "queued"; item: Queued } | { status: "refused"; errors: UserError[] };

async function send(action: Action): Promise<{ errors: UserError[]; id: string | null }> {
  const definition = offlineAction(action.kind);
  // Kept from an older version of the app that had this action: say so rather than drop it.
  if (!definition) throw new Error(`"${action.kind}" can no longer be sent.`);
  return definition.send(action.input);
}

function newId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

/** Send now when online; queue when the network is down. `result` is the new need's or match's ID. */
export async function submitOrQueue(action: Action, label: string): Promise<Outcome<string | null>> {
  const enqueue = async (): Promise<Outcome<string | null>> => {
    const item: Queued = { ...action, id: newId(), userId: session.userId.value ?? "", label, createdAt: Date.now(), status: "pending" };
    memory.push(item);
    await persist();
    return { status: "queued", item };
  };
  if (typeof navigator !== "undefined" && navigator.onLine === false) return enqueue();
  try {
    const { errors, id } = await send(action);
    if (errors.length) return { status: "refused", errors };
    refreshAll();
    return { status: "sent", result: id };
  } catch (e) {
    if (e instanceof NetworkError) return enqueue();
    throw e;
  }
}

let flushing: Promise<number> | null = null;

/** Send what is pending, oldest first; stops at the first network failure. Returns how many were
 *  sent. Calls while a flush runs share it. */
export function flushQueue(): Promise<number> {
  if (!flushing) flushing = sendPending().finally(() => (flushing = null));
  return flushing;
}

async function sendPending(): Promise<number> {
  let sent = 0;
  for (const item of [...memory]) {
    if (item.status !== "pending" || item.userId !== session.userId.value || !session.token.value) continue;
    try {
      const { errors } = await send(item);
      if (errors.length) {
        item.status = "failed";
        item.error = errors.map((e) => e.message).join(" ");
      } else {
        memory = memory.filter((q) => q.id !== item.id);
        sent++;
      }
      await persist();
    } catch (e) {
      if (e instanceof NetworkError) break;
      item.status = "failed";
      item.error = e instanceof Error ? e.message : String(e);
      await persist();
    }
  }
  if (sent) refreshAll();
  return sent;
}

/** The person dismisses a failed (or still pending) action. */
export async function discard(id: string): Promise<void> {
  memory = memory.filter((q) => q.id !== id);
  await persist();
}

/** For tests and sign-out. */
export async function resetQueue(): Promise<void> {
  memory = [];
  await persist();
}
