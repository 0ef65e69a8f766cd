import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NetworkError, setTransport, type UserError } from "../api/client";
import { signIn } from "../state/session";
import {
  b64urlToBytes,
  bytesToB64url,
  describe as describeProblem,
  pushProblem,
  pushStatus,
  readRegistered,
  recheckSubscription,
  RefusedError,
  sameKey,
  sessionMark,
  syncSubscription,
  turnOffPush,
  turnOnPush,
  type PushApi,
  type PushManagerLike,
  type Registered,
  type SubscriptionLike,
} from "./push";

// A real-looking VAPID key: 65 bytes, uncompressed P-256 point.
const keyBytes = (fill: number) => Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : (fill + i) % 256));
const SERVER_KEY = bytesToB64url(keyBytes(1));
const OLD_KEY = bytesToB64url(keyBytes(99));

class FakeSubscription implements SubscriptionLike {
  unsubscribed = false;
  constructor(readonly endpoint: string, key: Uint8Array, readonly p256dh = keyBytes(7), readonly auth = new Uint8Array(16).fill(3)) {
    this.options = { applicationServerKey: key.slice().buffer };
  }
  options: { applicationServerKey: ArrayBuffer };
  getKey(name: "p256dh" | "auth") {
    return (name === "p256dh" ? this.p256dh : this.auth).slice().buffer;
  }
  async unsubscribe() {
    this.unsubscribed = true;
    return true;
  }
}

class FakePushManager implements PushManagerLike {
  current: FakeSubscription | null = null;
  subscribedWith: string[] = [];
  next = 1;
  async getSubscription() {
    return this.current && !this.current.unsubscribed ? this.current : null;
  }
  async subscribe(options: { applicationServerKey: Uint8Array<ArrayBuffer> }) {
    this.subscribedWith.push(bytesToB64url(options.applicationServerKey));
    this.current = new FakeSubscription(`https://push.example.test/sub-${this.next++}`, options.applicationServerKey);
    return this.current;
  }
}

class FakeApi implements PushApi {
  registered: string[] = [];
  removed: string[] = [];
  refuse: UserError[] = [];
  constructor(public key = SERVER_KEY) {}
  async vapidKey() {
    return this.key;
  }
  async register(input: { endpoint: string; p256dh: string; auth: string }) {
    if (!this.refuse.length) this.registered.push(input.endpoint);
    return this.refuse;
  }
  async remove(endpoint: string) {
    this.removed.push(endpoint);
  }
}

const who = { user: "Q2FyZWdpdmVyOjE", session: "abcd1234" };

describe("base64url", () => {
  it("turns the server's key into the bytes subscribe() wants, and back", () => {
    const bytes = keyBytes(1);
    expect(b64urlToBytes(SERVER_KEY)).toEqual(bytes);
    expect(bytesToB64url(bytes)).toBe(SERVER_KEY);
    expect(SERVER_KEY).not.toMatch(/[+/=]/);
    // Every padding length round-trips.
    for (const n of [0, 1, 2, 3, 16, 65]) {
      const b = Uint8Array.from({ length: n }, (_, i) => 250 - i);
      expect(b64urlToBytes(bytesToB64url(b))).toEqual(b);
    }
    expect(bytesToB64url(null)).toBe("");
    expect(bytesToB64url(new Uint8Array([251, 255]).buffer)).toBe("-_8");
  });

  it("compares a subscription's key with the server's", () => {
    expect(sameKey(keyBytes(1).buffer, SERVER_KEY)).toBe(true);
    expect(sameKey(keyBytes(2).buffer, SERVER_KEY)).toBe(false);
    expect(sameKey(null, SERVER_KEY)).toBe(false);
  });

  it("marks a sign-in without keeping its token", () => {
    expect(sessionMark("token-a")).toBe(sessionMark("token-a"));
    expect(sessionMark("token-a")).not.toBe(sessionMark("token-b"));
    expect(sessionMark("token-a")).not.toContain("token");
  });
});

describe("keeping the subscription in step", () => {
  it("subscribes with the server's key when there is no subscription, and registers it", async () => {
    const pm = new FakePushManager();
    const api = new FakeApi();
    const { action, registered } = await syncSubscription(pm, api, who, null);
    expect(action).toBe("subscribed");
    expect(pm.subscribedWith).toEqual([SERVER_KEY]);
    expect(api.registered).toEqual(["https://push.example.test/sub-1"]);
    expect(registered).toMatchObject({ ...who, endpoint: "https://push.example.test/sub-1", key: SERVER_KEY, p256dh: bytesToB64url(keyBytes(7)) });
    expect(b64urlToBytes(registered.auth)).toHaveLength(16);
  });

  it("drops a subscription made with another key, subscribes again and re-registers", async () => {
    const pm = new FakePushManager();
    const old = new FakeSubscription("https://push.example.test/old", b64urlToBytes(OLD_KEY));
    pm.current = old;
    const api = new FakeApi();
    const last: Registered = { ...who, endpoint: old.endpoint, p256dh: bytesToB64url(old.p256dh), auth: bytesToB64url(old.auth), key: OLD_KEY };
    const { action, registered } = await syncSubscription(pm, api, who, last);
    expect(action).toBe("resubscribed");
    expect(old.unsubscribed).toBe(true);
    expect(api.removed).toEqual(["https://push.example.test/old"]);
    expect(pm.subscribedWith).toEqual([SERVER_KEY]);
    expect(api.registered).toEqual([registered.endpoint]);
    expect(registered.endpoint).not.toBe(old.endpoint);
  });

  it("does not register again when nothing changed", async () => {
    const pm = new FakePushManager();
    const api = new FakeApi();
    const first = await syncSubscription(pm, api, who, null);
    const again = await syncSubscription(pm, api, who, first.registered);
    expect(again.action).toBe("none");
    expect(api.registered).toHaveLength(1);
    expect(pm.subscribedWith).toHaveLength(1);
  });

  it("registers again when the browser changed the endpoint, or after a new sign-in", async () => {
    const pm = new FakePushManager();
    const api = new FakeApi();
    const first = await syncSubscription(pm, api, who, null);
    pm.current = new FakeSubscription("https://push.example.test/rotated", b64urlToBytes(SERVER_KEY));
    const rotated = await syncSubscription(pm, api, who, first.registered);
    expect(rotated.action).toBe("registered");
    const signedInAgain = await syncSubscription(pm, api, { ...who, session: "ffff0000" }, rotated.registered);
    expect(signedInAgain.action).toBe("registered");
    expect(api.registered).toEqual(["https://push.example.test/sub-1", "https://push.example.test/rotated", "https://push.example.test/rotated"]);
  });

  it("reports the server's refusal", async () => {
    const api = new FakeApi();
    api.refuse = [{ field: ["input", "endpoint"], message: "The endpoint must be an https URL.", code: "INVALID_ENDPOINT", retryAfter: null }];
    const failure = await syncSubscription(new FakePushManager(), api, who, null).catch((e) => e);
    expect(failure).toBeInstanceOf(RefusedError);
    expect(describeProblem(failure)).toEqual({ code: "refused", errors: api.refuse });
  });

  it("puts browser and network failures in words the settings can show", () => {
    expect(describeProblem(new DOMException("Registration failed - push service error", "AbortError")).code).toBe("unreachable");
    expect(describeProblem(new DOMException("Registration failed - permission denied", "NotAllowedError")).code).toBe("blocked");
    expect(describeProblem(new NetworkError()).code).toBe("network");
    expect(describeProblem(new Error("?")).code).toBe("unknown");
  });
});

// --- the browser wiring, with a fake service worker registration and API -----------------------

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });

describe("at start and from settings", () => {
  let pm: FakePushManager;
  let calls: { op: string; variables: Record<string, unknown> }[];
  let serverKey: string;
  let permission: NotificationPermission;
  let requests: number;

  beforeEach(() => {
    localStorage.clear();
    signIn("tok-1", who.user);
    pm = new FakePushManager();
    calls = [];
    serverKey = SERVER_KEY;
    permission = "granted";
    requests = 0;
    pushProblem.value = null;
    Object.defineProperty(navigator, "serviceWorker", { configurable: true, value: { ready: Promise.resolve({ pushManager: pm }) } });
    Object.assign(window, { PushManager: class {} });
    Object.defineProperty(window, "Notification", {
      configurable: true,
      value: {
        get permission() {
          return permission;
        },
        requestPermission: async () => {
          requests++;
          return permission;
        },
      },
    });
    setTransport(async (body) => {
      const { operationName: op, variables } = JSON.parse(body);
      calls.push({ op, variables });
      if (op === "PushVapidKey") return json({ data: { vapidPublicKey: serverKey } });
      if (op === "PushRegister") return json({ data: { registerPushSubscription: { subscription: { endpointOrigin: "https://push.example.test" }, errors: [] } } });
      if (op === "PushRemove") return json({ data: { removePushSubscription: { ok: true, errors: [] } } });
      throw new Error(`unexpected ${op}`);
    });
  });
  afterEach(() => setTransport(async () => new Response("{}")));

  const ops = () => calls.map((c) => c.op);

  it("does nothing at start for someone who has not turned push on here", async () => {
    pm.current = new FakeSubscription("https://push.example.test/someone-else", b64urlToBytes(SERVER_KEY));
    await recheckSubscription();
    expect(ops()).toEqual([]);
    expect(await pushStatus()).toBe("off");
  });

  it("turns on, then re-checks quietly, then re-subscribes when the server's key changed", async () => {
    expect(await turnOnPush()).toBe("on");
    expect(requests).toBe(1);
    expect(ops()).toEqual(["PushVapidKey", "PushRegister"]);
    expect(readRegistered()?.endpoint).toBe("https://push.example.test/sub-1");
    expect(await pushStatus()).toBe("on");

    calls = [];
    await recheckSubscription();
    expect(ops()).toEqual(["PushVapidKey"]); // unchanged: nothing registered again

    calls = [];
    serverKey = OLD_KEY; // the server's key was replaced (restored from another backup, say)
    await recheckSubscription();
    expect(ops()).toEqual(["PushVapidKey", "PushRemove", "PushRegister"]);
    expect(pm.subscribedWith).toEqual([SERVER_KEY, OLD_KEY]);
    expect(calls[2].variables.input).toMatchObject({ endpoint: "https://push.example.test/sub-2" });
    expect(pushProblem.value).toBeNull();
  });

  it("keeps a failure for settings to show, without throwing", async () => {
    await turnOnPush();
    pm.current!.unsubscribed = true;
    pm.subscribe = async () => {
      throw new DOMException("Registration failed - push service not available", "AbortError");
    };
    await expect(recheckSubscription()).resolves.toBeUndefined();
    expect(pushProblem.value).toEqual({ code: "unreachable" });
  });

  it("asks the browser only when the person turns it on, and reports a refusal", async () => {
    permission = "denied";
    expect(await turnOnPush()).toBe("denied");
    expect(requests).toBe(1);
    expect(ops()).toEqual([]);
    permission = "default";
    expect(await turnOnPush()).toBe("off");
    expect(pushProblem.value).toEqual({ code: "dismissed" });
  });

  it("turns off: the server forgets the device, the browser drops the subscription", async () => {
    await turnOnPush();
    const sub = pm.current!;
    calls = [];
    await turnOffPush();
    expect(ops()).toEqual(["PushRemove"]);
    expect(calls[0].variables.input).toEqual({ endpoint: sub.endpoint });
    expect(sub.unsubscribed).toBe(true);
    expect(readRegistered()).toBeNull();
    expect(await pushStatus()).toBe("off");
  });
});
