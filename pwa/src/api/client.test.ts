import { afterEach, describe, expect, it } from "vitest";
import { signIn, session } from "../state/session";
import { ApiError, NetworkError, operationName, request, setTransport } from "./client";
import { UnreadCountDocument } from "../gql/graphql";

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
    expect(JSON.parse(seen!.body).query).toContain("query UnreadCount");
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
