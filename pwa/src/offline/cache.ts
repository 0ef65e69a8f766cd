// Last-seen data: every successful query result is kept in IndexedDB under the person, the
// language and the query, so a screen opened offline shows what was there last time.
import { createStore, del, get, set, keys } from "idb-keyval";

const store = typeof indexedDB === "undefined" ? undefined : createStore("village-cache", "queries");

export interface Cached<R> {
  data: R;
  savedAt: number;
}

export async function readCached<R>(key: string): Promise<Cached<R> | undefined> {
  if (!store) return undefined;
  try {
    return await get<Cached<R>>(key, store);
  } catch {
    return undefined;
  }
}

export async function writeCached<R>(key: string, data: R): Promise<void> {
  if (!store) return;
  try {
    await set(key, { data, savedAt: Date.now() } satisfies Cached<R>, store);
  } catch {
    /* storage full or blocked: the app still works online */
  }
}

/** Forget everything cached for this device (sign-out, account deletion). */
export async function clearCached(): Promise<void> {
  if (!store) return;
  try {
    for (const key of await keys(store)) await del(key, store);
  } catch {
    /* nothing to clear */
  }
}
