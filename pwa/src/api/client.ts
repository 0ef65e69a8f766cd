// The one way the PWA talks to the API: typed documents from codegen, POST /graphql with the
// bearer token, GraphQL errors and network failures told apart (the offline queue needs that).
// Operations the server knows (schema/operations.json) go by hash, Apollo APQ style: a server that
// has not got one answers PERSISTED_QUERY_NOT_FOUND and the client sends the full text once.
import type { TypedDocumentString } from "../gql/graphql";
import { persisted } from "../gql/persisted";
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

type Answer<R> = { status: number; body: { data?: R; errors?: { message: string; extensions?: { code?: string } }[] } };

async function post<R>(payload: object, headers: Record<string, string>, timeoutMs: number): Promise<Answer<R>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  try {
    response = await transport(JSON.stringify(payload), headers, controller.signal);
  } catch {
    throw new NetworkError();
  } finally {
    clearTimeout(timer);
  }
  if (response.status >= 502 && response.status <= 504) throw new NetworkError(`HTTP ${response.status}`);
  try {
    return { status: response.status, body: await response.json() };
  } catch {
    throw new NetworkError(`HTTP ${response.status}`);
  }
}

export async function request<R, V>(doc: Doc<R, V>, variables?: V, timeoutMs = 15000): Promise<R> {
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" };
  const token = session.token.value;
  if (token) headers.Authorization = `Bearer ${token}`;
  const name = operationName(doc);
  const known = Object.hasOwn(persisted, name) ? persisted[name] : undefined;
  let answer: Answer<R>;
  if (known) {
    const base = { operationName: name, variables: variables ?? {}, extensions: { persistedQuery: { version: 1, sha256Hash: known.hash } } };
    answer = await post<R>(base, headers, timeoutMs);
    if (answer.body.errors?.some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND")) {
      answer = await post<R>({ ...base, query: known.document }, headers, timeoutMs);
    }
  } else {
    answer = await post<R>({ query: doc.toString(), variables: variables ?? {} }, headers, timeoutMs);
  }
  const { status, body } = answer;
  if (body.errors?.length) {
    const first = body.errors[0];
    const code = first.extensions?.code;
    if (code === "UNAUTHENTICATED" && token) signOutLocally();
    throw new ApiError(first.message, code);
  }
  if (!body.data) throw new ApiError(`HTTP ${status}`, undefined);
  return body.data;
}

/** A problem with the input the person can fix, as every mutation payload returns them. */
export interface UserError {
  field: string[] | null;
  message: string;
  code: string;
  retryAfter: number | null;
}
