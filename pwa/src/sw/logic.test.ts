import { describe, expect, it } from "vitest";
import { globalIdType, screenFor } from "../features/notify";
import { notificationOptions, parsePayload, pickWindow, safeUrl, shouldShow, tagFor, urlFor } from "./logic";

// As the worker builds them: base64url("Type:uuid") without padding.
const gid = (type: string, pk = "6f1c1f7e-5a7c-4c36-9d0a-3d2f3e9b1a20") => btoa(`${type}:${pk}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const NOTE = gid("Notification");
const MATCH = gid("Match");
const payload = { id: NOTE, kind: "match_offered", subject: MATCH, title: "Someone offered to help", body: "Someone offered to help with your need.", lang: "en", urgent: false };

describe("push payloads", () => {
  it("reads the worker's payload, from text or from parsed JSON", () => {
    expect(parsePayload(JSON.stringify(payload))).toEqual(payload);
    expect(parsePayload(payload)).toEqual(payload);
    expect(parsePayload({ ...payload, urgent: "yes" })?.urgent).toBe(false);
  });

  it("ignores anything malformed instead of throwing", () => {
    for (const raw of [null, undefined, "", "not json", "[]", "42", "null", [payload], { ...payload, id: "" }, { ...payload, id: 7 }, { ...payload, subject: "a b" },
      { ...payload, id: "x".repeat(500) }, { ...payload, title: "   " }, { ...payload, title: 3 }, { ...payload, kind: "Drop Table" }, { id: NOTE }]) {
      expect(parsePayload(raw)).toBeNull();
    }
  });

  it("decodes the type of a global ID, and nothing from garbage", () => {
    expect(globalIdType(MATCH)).toBe("Match");
    expect(globalIdType(NOTE)).toBe("Notification");
    expect(globalIdType("%%%")).toBeNull();
    expect(globalIdType(btoa("no colon here"))).toBeNull();
  });
});

describe("where a notification leads", () => {
  it("opens the match it is about, naming the notification so it can be marked read", () => {
    expect(urlFor(payload)).toBe(`/matches/${encodeURIComponent(MATCH)}?n=${encodeURIComponent(NOTE)}`);
    expect(screenFor(MATCH, NOTE)).toBe(urlFor(payload));
  });

  it("falls back to the list for subjects the app has no screen for", () => {
    expect(screenFor(gid("Invoice"), NOTE, "invoice_paid")).toBe("/notifications");
    expect(screenFor("???", NOTE, "trip_reminder")).toBe("/notifications");
  });

  it("never carries a token: only the two ids are in the URL", () => {
    const url = new URL(urlFor(payload), "https://village.test");
    expect([...url.searchParams.keys()]).toEqual(["n"]);
  });

  it("keeps clicks on our own origin", () => {
    const origin = "https://village.test";
    expect(safeUrl("/matches/abc?n=1", origin)).toBe("/matches/abc?n=1");
    expect(safeUrl("https://evil.test/x", origin)).toBe("/notifications");
    expect(safeUrl("//evil.test/x", origin)).toBe("/notifications");
    expect(safeUrl("javascript:alert(1)", origin)).toBe("/notifications");
    expect(safeUrl(undefined, origin)).toBe("/notifications");
  });
});

describe("showing it", () => {
  it("skips the system notification while a window is focused", () => {
    expect(shouldShow([])).toBe(true);
    expect(shouldShow([{ focused: false }, { focused: false }])).toBe(true);
    expect(shouldShow([{ focused: false }, { focused: true }])).toBe(false);
  });

  it("tags by notification id so copies collapse", () => {
    expect(tagFor(payload)).toBe(NOTE);
    expect(notificationOptions(payload).options.tag).toBe(NOTE);
  });

  it("tags a message by its conversation, so one conversation's pushes replace each other", () => {
    const CONVERSATION = gid("Conversation");
    const first = parsePayload({ ...payload, id: gid("Notification", "1"), kind: "message_new", subject: CONVERSATION, tag: CONVERSATION })!;
    const second = parsePayload({ ...payload, id: gid("Notification", "2"), kind: "message_new", subject: CONVERSATION, tag: CONVERSATION })!;
    expect(first.tag).toBe(CONVERSATION);
    expect(notificationOptions(first).options.tag).toBe(CONVERSATION);
    expect(notificationOptions(second).options.tag).toBe(notificationOptions(first).options.tag);
    expect(notificationOptions(first).options.data).toEqual({ url: `/messages/${encodeURIComponent(CONVERSATION)}?n=${encodeURIComponent(first.id)}` });
    // Without a tag (an older worker, other kinds), the notification's own id as before.
    expect(parsePayload(payload)!.tag).toBeUndefined();
    expect(tagFor({ id: NOTE, tag: undefined })).toBe(NOTE);
  });

  it("refuses a tag that is not an id, as it does an odd id", () => {
    for (const tag of ["", "a b", "x".repeat(500), 7, ["x"], "<script>"]) {
      expect(parsePayload({ ...payload, tag })).toBeNull();
    }
    expect(parsePayload({ ...payload, tag: null })?.tag).toBeUndefined();
  });

  it("opens the staff's reports for a reported message", () => {
    expect(urlFor({ id: NOTE, kind: "message_reported", subject: gid("Report") })).toBe(`/staff/reports?n=${encodeURIComponent(NOTE)}`);
    expect(urlFor({ id: NOTE, kind: "message_request", subject: "???" })).toBe(`/messages/${encodeURIComponent("???")}?n=${encodeURIComponent(NOTE)}`);
  });

  it("shows the server's body line in the server's language, and none when absent or odd", () => {
    expect(notificationOptions(payload).options).toMatchObject({ body: "Someone offered to help with your need.", lang: "en" });
    const bare = parsePayload({ id: NOTE, kind: "match_offered", subject: MATCH, title: "Alguien ofreció ayuda", urgent: false })!;
    expect(notificationOptions(bare).options.body).toBeUndefined();
    expect(notificationOptions(bare).options.lang).toBeUndefined();
    expect(parsePayload({ ...JSON.parse(JSON.stringify(payload)), lang: "<script>" })!.lang).toBeUndefined();
  });

  it("shows the generic title and a same-origin URL, nothing else", () => {
    const { title, options } = notificationOptions(payload);
    expect(title).toBe("Someone offered to help");
    expect(options.data).toEqual({ url: urlFor(payload) });
    expect(options.icon).toBe("/icons/icon-192.png");
    expect(options.lang).toBe("en");
  });
});

describe("which window a click uses", () => {
  const origin = "https://village.test";
  const w = (url: string, focused = false, visibilityState = "hidden") => ({ url, focused, visibilityState });
  it("prefers a focused window of ours, then a visible one, then any", () => {
    const a = w(`${origin}/`), b = w(`${origin}/needs`, false, "visible"), c = w(`${origin}/settings`, true);
    expect(pickWindow([a, b, c], origin)).toBe(c);
    expect(pickWindow([a, b], origin)).toBe(b);
    expect(pickWindow([a], origin)).toBe(a);
    expect(pickWindow([w("https://other.test/", true)], origin)).toBeUndefined();
    expect(pickWindow([], origin)).toBeUndefined();
  });
});
