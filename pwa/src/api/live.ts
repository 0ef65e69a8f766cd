// Live updates: GraphQL subscriptions over the app's one WebSocket (graphql-transport-ws at /graphql,
// signed in with the session's token in connection_init, as the server reads it). The socket opens
// with the first subscription, closes when the last one ends or the person signs out, and comes back
// with growing waits after a drop. Screens load this module lazily, so it stays out of the first download.
import { effect } from "@preact/signals";
import { createClient, type Client } from "graphql-ws/client";
import { session } from "../state/session";
// Only a type from api/client: importing the module would move it (and the persisted operations)
// into a chunk shared with this one, about 1 KB more in the first download.
import type { Doc } from "./client";

export interface Listener<R> {
  next(data: R): void;
  /** The subscription ended for good: refused by the server, or reconnecting gave up. */
  error?(error: unknown): void;
  /** The socket came back after a drop: what happened meanwhile was missed, so read it again. */
  reconnected?(): void;
}

/** Waits before reconnecting: 1 s, 2 s, 4 s… up to 30 s, plus up to a second at random so a school's
 *  phones do not all come back in the same instant after a restart. */
export function backoff(retries: number): number {
  return Math.min(30_000, 1000 * 2 ** retries) + Math.floor(Math.random() * 1000);
}

const RETRIES = 20; // about ten minutes of trying; after that the screen shows what it last read

let client: Client | null = null;
let clientToken: string | null = null;
// One entry per subscription (two screens may pass the same listener).
const active = new Set<{ listener: Listener<never> }>();

function socketUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
}

function open(token: string): Client {
  clientToken = token;
  return createClient({
    url: socketUrl,
    // A function: each reconnection signs in with the token of that moment.
    connectionParams: () => ({ authorization: `Bearer ${session.token.value ?? token}` }),
    lazy: true,
    // Pings keep proxies from closing a quiet socket (most drop one after a minute of silence).
    keepAlive: 25_000,
    retryAttempts: RETRIES,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoff(retries))),
    // A browser reports a dropped socket as an error event before the close event: retry both.
    shouldRetry: () => true,
    on: {
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) for (const { listener } of [...active]) listener.reconnected?.();
      },
    },
  });
}

/** Closes the socket and forgets every subscription on it (their unsubscribe does nothing after). */
function close(): void {
  const c = client;
  client = null;
  clientToken = null;
  active.clear();
  // dispose() waits for a connection still being made; if that attempt fails (the server is gone, a
  // test's page has no server), the failure is the socket's, already told to its listeners.
  void Promise.resolve(c?.dispose()).catch(() => undefined);
}

// Signing out (or in as someone else) closes the socket: it was signed in as the person before.
effect(() => {
  const token = session.token.value;
  if (client && token !== clientToken) close();
});

/** Whether the shared socket is in use (for tests and diagnostics). */
export function isOpen(): boolean {
  return client !== null;
}

/**
 * Listens to a subscription on the shared socket. Returns the way to stop; when nothing else listens,
 * the socket closes. Signed out, nothing is opened.
 */
export function subscribe<R, V>(doc: Doc<R, V>, variables: V, listener: Listener<R>): () => void {
  const token = session.token.value;
  if (!token) return () => undefined;
  if (client && clientToken !== token) close();
  const c = (client ??= open(token));
  const entry = { listener: listener as Listener<never> };
  active.add(entry);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    if (active.delete(entry) && active.size === 0 && client === c) close();
  };
  const stop = c.subscribe<R>(
    // The document holds one operation, so the server needs no operationName.
    { query: doc.toString(), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.data) listener.next(result.data as R);
        else if (result.errors?.length) listener.error?.(result.errors);
      },
      error: (e) => {
        end();
        listener.error?.(e);
      },
      complete: end,
    },
  );
  return () => {
    if (ended) return;
    stop();
    end();
  };
}
