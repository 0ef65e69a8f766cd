// The one way the PWA talks to the API: typed documents from codegen, POST /graphql with the
// bearer token, GraphQL errors and network failures told apart (the offline queue needs that).
import type { TypedDocumentString } from "../gql/graphql";
import { session, signOutLocally } from "../state/session";

/** The server could not be reached (offline, timed out, proxy down). Safe to queue and retry. */
export class NetworkError extends Error {
  constructor(message = "network") {
    super(message);
    this.name = "NetworkError";
  }
}

/** The server answered with GraphQL errors: a bug, or a session that ended. Not retried. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
    this.name = "ApiError";
  }
}

export type Doc<R, V> = TypedDocumentString<R, V>;

export function operationName(doc: { toString(): string }): string {
  const match = /(query|mutation|subscription)\s+(\w+)/.exec(doc.toString());
  return match ? match[2] : "anonymous";
}

export type Transport = (body: string, headers: Record<string, string>, signal: AbortSignal) => Promise<Response>;

let transport: Transport = (body, headers, signal) =>
  fetch("/graphql", { method: "POST", body, headers, signal, credentials: "omit", cache: "no-store" });

/** Tests swap the transport; the app never does. */
export function setTransport(t: Transport): void {
  transport = t;
}

export async function request<R, V>(doc: Doc<R, V>, variables?: V, timeoutMs = 15000): Promise<R> {
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" };
  const token = session.token.value;
  if (token) headers.Authorization = `Bearer ${token}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  try {
    response = await transport(JSON.stringify({ query: doc.toString(), variables: variables ?? {} }), headers, controller.signal);
  } catch {
    throw new NetworkError();
  } finally {
    clearTimeout(timer);
  }
  if (response.status >= 502 && response.status <= 504) throw new NetworkError(`HTTP ${response.status}`);
  let body: { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new NetworkError(`HTTP ${response.status}`);
  }
  if (body.errors?.length) {
    const first = body.errors[0];
    const code = first.extensions?.code;
    if (code === "UNAUTHENTICATED" && token) signOutLocally();
    throw new ApiError(first.message, code);
  }
  if (!body.data) throw new ApiError(`HTTP ${response.status}`, undefined);
  return body.data;
}

/** A problem with the input the person can fix, as every mutation payload returns them. */
export interface UserError {
  field: string[] | null;
  message: string;
  code: string;
  retryAfter: number | null;
}
