import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTransport } from "../api/client";
import { signIn } from "../state/session";
import { discard, flushQueue, queued, resetQueue, submitOrQueue } from "./queue";

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
const need = { communityId: "Q29tbXVuaXR5OjE=", category: "tutoring.math", title: "Math homework" };
let online = true;

beforeEach(async () => {
  signIn("tok", "Q2FyZWdpdmVyOjE=");
  await resetQueue();
  online = true;
  Object.defineProperty(navigator, "onLine", { configurable: true, get: () => online });
});
afterEach(() => setTransport(async () => new Response("{}")));

describe("the offline queue", () => {
  it("queues while offline and shows the action as pending, then sends it when back", async () => {
    online = false;
    const sent: string[] = [];
    setTransport(async (body) => {
      sent.push(JSON.parse(body).variables.input.title);
      return json({ data: { postNeed: { need: { id: "TmVlZDox", title: "Math homework" }, errors: [] } } });
    });
    const outcome = await submitOrQueue({ kind: "postNeed", input: need }, need.title);
    expect(outcome.status).toBe("queued");
    expect(sent).toEqual([]);
    expect(queued.value.map((q) => [q.label, q.status])).toEqual([["Math homework", "pending"]]);

    online = true;
    expect(await flushQueue()).toBe(1);
    expect(sent).toEqual(["Math homework"]);
    expect(queued.value).toEqual([]);
  });

  it("still sends after an earlier flush found nothing to send (as at start-up)", async () => {
    expect(await flushQueue()).toBe(0);
    online = false;
    await submitOrQueue({ kind: "postNeed", input: need }, need.title);
    online = true;
    setTransport(async () => json({ data: { postNeed: { need: { id: "TmVlZDox", title: "Math homework" }, errors: [] } } }));
    expect(await flushQueue()).toBe(1);
    expect(queued.value).toEqual([]);
  });

  it("queues when the request fails on the network, and keeps it when the retry fails too", async () => {
    setTransport(async () => {
      throw new TypeError("Failed to fetch");
    });
    const outcome = await submitOrQueue({ kind: "offerHelp", input: { needId: "TmVlZDox", message: "Happy to" } }, "Math homework");
    expect(outcome.status).toBe("queued");
    expect(await flushQueue()).toBe(0);
    expect(queued.value[0].status).toBe("pending");
  });

  it("keeps a queued action the server refuses, with the reason, until dismissed", async () => {
    online = false;
    await submitOrQueue({ kind: "postNeed", input: { ...need, title: "" } }, "(untitled)");
    online = true;
    setTransport(async () => json({ data: { postNeed: { need: null, errors: [{ field: ["input", "title"], message: "Give your need a title.", code: "REQUIRED", retryAfter: null }] } } }));
    expect(await flushQueue()).toBe(0);
    expect(queued.value[0]).toMatchObject({ status: "failed", error: "Give your need a title." });
    await discard(queued.value[0].id);
    expect(queued.value).toEqual([]);
  });

  it("returns a refusal at once when online instead of queueing it", async () => {
    setTransport(async () => json({ data: { postNeed: { need: null, errors: [{ field: ["input", "category"], message: "Unknown category.", code: "UNKNOWN_CATEGORY", retryAfter: null }] } } }));
    const outcome = await submitOrQueue({ kind: "postNeed", input: need }, need.title);
    expect(outcome).toMatchObject({ status: "refused" });
    expect(queued.value).toEqual([]);
  });

  it("shows each person only their own queued actions", async () => {
    online = false;
    await submitOrQueue({ kind: "postNeed", input: need }, "Mine");
    signIn("tok2", "Q2FyZWdpdmVyOjI=");
    expect(queued.value).toEqual([]);
  });
});
