import { describe, expect, it, vi } from "vitest";
import { handleClick, handlePush, registerPushHandlers } from "./push";

const ORIGIN = "https://village.test";
const MATCH = "TWF0Y2g6MQ";
const NOTE = "Tm90aWZpY2F0aW9uOjE";
const payload = { id: NOTE, kind: "match_offered", subject: MATCH, title: "Someone offered to help", body: "Someone offered to help with your need.", lang: "en", urgent: false };

function windowClient(url: string, focused: boolean, opts: { controlled?: boolean } = {}) {
  const client = {
    url,
    focused,
    visibilityState: focused ? "visible" : "hidden",
    messages: [] as unknown[],
    postMessage(m: unknown) {
      client.messages.push(m);
    },
    focus: vi.fn(async () => client),
    navigate: vi.fn(async (to: string) => {
      if (opts.controlled === false) throw new TypeError("not controlled");
      client.url = new URL(to, ORIGIN).href;
      return client;
    }),
  };
  return client;
}

function fakeSw(windows: ReturnType<typeof windowClient>[]) {
  const shown: { title: string; options: NotificationOptions }[] = [];
  const listeners: Record<string, (e: unknown) => void> = {};
  const sw = {
    location: { origin: ORIGIN },
    clients: {
      matchAll: vi.fn(async () => windows),
      openWindow: vi.fn(async (_url: string) => null),
    },
    registration: {
      showNotification: vi.fn(async (title: string, options: NotificationOptions) => {
        // The platform replaces a notification with the same tag.
        const i = shown.findIndex((n) => n.options.tag === options.tag);
        if (i >= 0) shown.splice(i, 1);
        shown.push({ title, options });
      }),
    },
    addEventListener: (type: string, fn: (e: unknown) => void) => {
      listeners[type] = fn;
    },
  };
  return { sw: sw as never, raw: sw, shown, listeners };
}

const data = (value: unknown) => ({ json: () => (typeof value === "string" ? JSON.parse(value) : value), text: () => String(value) }) as unknown as PushMessageData;

describe("a push arriving", () => {
  it("is shown when no window is focused, tagged with the notification id, with the screen's URL", async () => {
    const background = windowClient(`${ORIGIN}/`, false);
    const { sw, shown } = fakeSw([background]);
    await handlePush(sw, data(payload));
    expect(shown).toHaveLength(1);
    expect(shown[0].title).toBe("Someone offered to help");
    expect(shown[0].options.tag).toBe(NOTE);
    expect(shown[0].options.data).toEqual({ url: `/matches/${MATCH}?n=${NOTE}` });
    // Open windows refresh their lists too.
    expect(background.messages).toEqual([{ type: "notification", id: NOTE }]);
  });

  it("is not shown while the app is focused: the window is told instead", async () => {
    const open = windowClient(`${ORIGIN}/notifications`, true);
    const { sw, shown } = fakeSw([open]);
    await handlePush(sw, data(payload));
    expect(shown).toEqual([]);
    expect(open.messages).toEqual([{ type: "notification", id: NOTE }]);
  });

  it("collapses two copies of one notification into one", async () => {
    const { sw, shown } = fakeSw([]);
    await handlePush(sw, data(payload));
    await handlePush(sw, data(payload));
    expect(shown).toHaveLength(1);
  });

  it("ignores a malformed payload without throwing", async () => {
    const open = windowClient(`${ORIGIN}/`, false);
    const { sw, shown } = fakeSw([open]);
    const broken = { json: () => JSON.parse("{oops"), text: () => "{oops" } as unknown as PushMessageData;
    await handlePush(sw, broken);
    await handlePush(sw, null);
    await handlePush(sw, data({ hello: "world" }));
    expect(shown).toEqual([]);
    expect(open.messages).toEqual([]);
  });

  it("is wired to the push and notificationclick events", () => {
    const { sw, listeners } = fakeSw([]);
    registerPushHandlers(sw);
    expect(Object.keys(listeners).sort()).toEqual(["notificationclick", "push"]);
  });
});

describe("a click on a notification", () => {
  const note = (url: unknown) => ({ data: { url }, close: vi.fn() }) as unknown as Notification;

  it("focuses an open window and takes it to the screen", async () => {
    const open = windowClient(`${ORIGIN}/`, false);
    const { sw, raw } = fakeSw([open]);
    const n = note(`/matches/${MATCH}?n=${NOTE}`);
    await handleClick(sw, n);
    expect(n.close).toHaveBeenCalled();
    expect(open.focus).toHaveBeenCalled();
    expect(open.url).toBe(`${ORIGIN}/matches/${MATCH}?n=${NOTE}`);
    expect(raw.clients.openWindow).not.toHaveBeenCalled();
  });

  it("asks a window it does not control to route itself", async () => {
    const open = windowClient(`${ORIGIN}/`, true, { controlled: false });
    const { sw } = fakeSw([open]);
    await handleClick(sw, note("/notifications"));
    expect(open.messages).toEqual([{ type: "navigate", url: "/notifications" }]);
  });

  it("opens a window when none is open, and never another site", async () => {
    const { sw, raw } = fakeSw([windowClient("https://other.test/", true)]);
    await handleClick(sw, note("https://evil.test/phish"));
    expect(raw.clients.openWindow).toHaveBeenCalledWith("/notifications");
  });
});
