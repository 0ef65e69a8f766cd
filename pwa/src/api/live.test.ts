// The live connection: one socket for the whole app, opened by the first subscription, shared by the
// next, closed when the last one ends and when the person signs out; it signs in with the token of the
// moment, asks again for what was missed after a drop, and waits longer after each failed try.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GroupsActivityDocument } from "../gql/graphql";
import { signIn, signOutLocally } from "../state/session";

// A stand-in for graphql-ws's client: each createClient() is one socket.
type Sink = { next(v: unknown): void; error(e: unknown): void; complete(): void };
interface FakeSocket {
  options: Record<string, any>;
  subscriptions: { payload: Record<string, unknown>; sink: Sink; stopped: boolean }[];
  disposed: boolean;
}
const sockets: FakeSocket[] = [];
// When set, dispose() answers as graphql-ws does when a connection still being made then fails.
let disposeFails = false;

vi.mock("graphql-ws/client", () => ({
  createClient: (options: Record<string, any>) => {
    const socket: FakeSocket = { options, subscriptions: [], disposed: false };
    sockets.push(socket);
    return {
      subscribe(payload: Record<string, unknown>, sink: Sink) {
        const s = { payload, sink, stopped: false };
        socket.subscriptions.push(s);
        return () => {
          s.stopped = true;
        };
      },
      dispose() {
        socket.disposed = true;
        return disposeFails ? Promise.reject(new Error("closed before it opened (1006)")) : undefined;
      },
      on: () => () => undefined,
      iterate: () => undefined,
      terminate: () => undefined,
    };
  },
}));

const { backoff, isOpen, subscribe } = await import("./live");

const A = { groupId: "R3JvdXA6MQ" };
const B = { groupId: "R3JvdXA6Mg" };
const noop = { next: () => undefined };

beforeEach(() => {
  sockets.length = 0;
  disposeFails = false;
  signIn("token-ana", "Q2FyZWdpdmVyOmFuYQ");
});
afterEach(() => {
  signOutLocally();
});

describe("the shared socket", () => {
  it("closes quietly while its connection is still being made and then fails", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      disposeFails = true;
      const stop = subscribe(GroupsActivityDocument, A, noop);
      stop();
      expect(sockets[0].disposed).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });

  it("opens with the first subscription, carries the second, and closes when both have ended", () => {
    expect(isOpen()).toBe(false);
    const stopA = subscribe(GroupsActivityDocument, A, noop);
    const stopB = subscribe(GroupsActivityDocument, B, noop);
    expect(sockets).toHaveLength(1);
    const [socket] = sockets;
    expect(socket.subscriptions.map((s) => s.payload.variables)).toEqual([A, B]);
    expect(String(socket.subscriptions[0].payload.query)).toContain("subscription GroupsActivity");

    stopA();
    stopA(); // twice is once
    expect(socket.subscriptions[0].stopped).toBe(true);
    expect(socket.disposed).toBe(false);
    stopB();
    expect(socket.disposed).toBe(true);
    expect(isOpen()).toBe(false);

    // The next subscription opens a new socket.
    subscribe(GroupsActivityDocument, A, noop);
    expect(sockets).toHaveLength(2);
  });

  it("closes when the person signs out, and opens nothing while signed out", () => {
    const stop = subscribe(GroupsActivityDocument, A, noop);
    subscribe(GroupsActivityDocument, B, noop);
    signOutLocally();
    expect(sockets[0].disposed).toBe(true);
    expect(isOpen()).toBe(false);
    stop(); // a screen that goes away afterwards changes nothing
    expect(subscribe(GroupsActivityDocument, A, noop)()).toBeUndefined();
    expect(sockets).toHaveLength(1);
  });

  it("opens a new socket for someone else who signs in on the device", () => {
    subscribe(GroupsActivityDocument, A, noop);
    signIn("token-ben", "Q2FyZWdpdmVyOmJlbg");
    expect(sockets[0].disposed).toBe(true);
    subscribe(GroupsActivityDocument, A, noop);
    expect(sockets).toHaveLength(2);
    expect(sockets[1].options.connectionParams()).toEqual({ authorization: "Bearer token-ben" });
  });

  it("signs in with the session's token in connection_init, at the page's origin", () => {
    subscribe(GroupsActivityDocument, A, noop);
    const { options } = sockets[0];
    expect(options.connectionParams()).toEqual({ authorization: "Bearer token-ana" });
    expect(options.url()).toBe(`ws://${location.host}/graphql`);
    expect(options.lazy).toBe(true);
  });

  it("hands each subscription its own data, and closes once the server ends the last one", () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    subscribe(GroupsActivityDocument, A, { next: (d) => a.push(d) });
    subscribe(GroupsActivityDocument, B, { next: (d) => b.push(d) });
    const [sa, sb] = sockets[0].subscriptions;
    sa.sink.next({ data: { groupActivity: { kind: "POST" } } });
    sb.sink.next({ data: { groupActivity: { kind: "COMMENT" } } });
    expect(a).toEqual([{ groupActivity: { kind: "POST" } }]);
    expect(b).toEqual([{ groupActivity: { kind: "COMMENT" } }]);
    sa.sink.complete();
    expect(sockets[0].disposed).toBe(false);
    sb.sink.complete();
    expect(sockets[0].disposed).toBe(true);
  });

  it("tells a subscription the server refused it", () => {
    const errors: unknown[] = [];
    subscribe(GroupsActivityDocument, A, { next: () => undefined, error: (e) => errors.push(e) });
    sockets[0].subscriptions[0].sink.next({ errors: [{ message: "Only the group's members can do that." }] });
    expect(errors).toHaveLength(1);
  });
});

describe("after a drop", () => {
  it("retries every kind of drop, waiting longer each time, and says when it is back", async () => {
    const back = vi.fn();
    subscribe(GroupsActivityDocument, A, { next: () => undefined, reconnected: back });
    const { options } = sockets[0];
    expect(options.shouldRetry(new Event("error"))).toBe(true);
    expect(options.retryAttempts).toBeGreaterThan(5);
    options.on.connected({}, null, false);
    expect(back).not.toHaveBeenCalled();
    options.on.connected({}, null, true);
    expect(back).toHaveBeenCalledOnce();

    const waits = [0, 1, 2, 3, 4, 5, 10].map(backoff);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[0]).toBeLessThan(2000);
    expect(waits[3]).toBeGreaterThanOrEqual(8000);
    expect(waits[6]).toBeLessThan(31_000);
  });
});
