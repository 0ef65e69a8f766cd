import { afterEach, describe, expect, it } from "vitest";
import { signIn, session } from "../state/session";
import { ApiError, type Doc, NetworkError, operationName, request, setTransport } from "./client";
import { UnreadCountDocument } from "../gql/graphql";
import { persisted } from "../gql/persisted";

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => setTransport((body, headers, signal) => fetch("/graphql", { method: "POST", body, headers, signal })));

describe("request", () => {
  it("sends the document, the variables and the bearer token", async () => {
    signIn("tok123", "Q2FyZWdpdmVyOjE=");
    let seen: { body: string; headers: Record<string, string> } | undefined;
    setTransport(async (body, headers) => {
      seen = { body, headers };
      return json({ data: { notifications: { unreadCount: 2 } } });
    });
    const data = await request(UnreadCountDocument);
    expect(data.notifications.unreadCount).toBe(2);
    expect(seen!.headers.Authorization).toBe("Bearer tok123");
    expect(JSON.parse(seen!.body)).toMatchObject({ operationName: "UnreadCount", variables: {} });
  });

  it("sends a known operation by its hash alone", async () => {
    const sent: Record<string, unknown>[] = [];
    setTransport(async (body) => {
      sent.push(JSON.parse(body));
      return json({ data: { notifications: { unreadCount: 1 } } });
    });
    await request(UnreadCountDocument);
    expect(sent).toEqual([
      { operationName: "UnreadCount", variables: {}, extensions: { persistedQuery: { version: 1, sha256Hash: persisted.UnreadCount.hash } } },
    ]);
    expect(persisted.UnreadCount.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("sends the full document once when the server does not know the hash", async () => {
    const sent: Record<string, unknown>[] = [];
    setTransport(async (body) => {
      sent.push(JSON.parse(body));
      return sent.length === 1
        ? json({ errors: [{ message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] })
        : json({ data: { notifications: { unreadCount: 4 } } });
    });
    const data = await request(UnreadCountDocument);
    expect(data.notifications.unreadCount).toBe(4);
    expect(sent).toHaveLength(2);
    expect(sent[0].query).toBeUndefined();
    expect(sent[1]).toEqual({
      operationName: "UnreadCount",
      variables: {},
      query: persisted.UnreadCount.document,
      extensions: { persistedQuery: { version: 1, sha256Hash: persisted.UnreadCount.hash } },
    });
    // The hash is the SHA-256 of exactly the text sent, as the server checks.
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(persisted.UnreadCount.document));
    expect([...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")).toBe(persisted.UnreadCount.hash);
  });

  it("retries a missing hash only once, and a network failure not at all", async () => {
    let calls = 0;
    setTransport(async () => {
      calls += 1;
      return json({ errors: [{ message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] });
    });
    await expect(request(UnreadCountDocument)).rejects.toMatchObject({ name: "ApiError", code: "PERSISTED_QUERY_NOT_FOUND" });
    expect(calls).toBe(2);
    calls = 0;
    setTransport(async () => {
      calls += 1;
      throw new TypeError("Failed to fetch");
    });
    await expect(request(UnreadCountDocument)).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toBe(1);
  });

  it("sends an operation the server has not registered as a plain document", async () => {
    let sent: Record<string, unknown> | undefined;
    setTransport(async (body) => {
      sent = JSON.parse(body);
      return json({ data: { __typename: "Query" } });
    });
    await request({ toString: () => "query NotInTheManifest { __typename }" } as unknown as Doc<{ __typename: string }, Record<string, never>>);
    expect(sent).toEqual({ query: "query NotInTheManifest { __typename }", variables: {} });
  });

  it("tells an unreachable server (queue and retry) from a GraphQL error (don't)", async () => {
    setTransport(async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(request(UnreadCountDocument)).rejects.toBeInstanceOf(NetworkError);
    setTransport(async () => new Response("bad gateway", { status: 502 }));
    await expect(request(UnreadCountDocument)).rejects.toBeInstanceOf(NetworkError);
    setTransport(async () => json({ errors: [{ message: "boom", extensions: { code: "INTERNAL" } }] }));
    await expect(request(UnreadCountDocument)).rejects.toBeInstanceOf(ApiError);
  });

  it("forgets the session on this device when the server says it has ended", async () => {
    signIn("revoked", "Q2FyZWdpdmVyOjE=");
    setTransport(async () => json({ errors: [{ message: "Sign in first.", extensions: { code: "UNAUTHENTICATED" } }], data: null }));
    await expect(request(UnreadCountDocument)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(session.token.value).toBeNull();
    expect(localStorage.getItem("village.token")).toBeNull();
  });

  it("names operations for the offline cache", () => {
    expect(operationName(UnreadCountDocument)).toBe("UnreadCount");
  });
});
