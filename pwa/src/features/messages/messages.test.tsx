// Messages as a family sees them: the list with who, the last words and unread counts, and the
// requests waiting; a conversation that shows what arrives live once each (my own message too) and
// says so politely; writing offline ("Waiting to send", then sent once with the same id); answering a
// request; why nobody can write any more; reporting a message; starting from "Message this family".
import { act, cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import type { ComponentChildren } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setTransport } from "../../api/client";
import type { Listener } from "../../api/live";
import type { MessagesConversationFieldsFragment, MessagesMessageFieldsFragment } from "../../gql/graphql";
import { setLang } from "../../i18n";
import { flushQueue, queued, resetQueue } from "../../offline/queue";
import { me } from "../../state/me";
import { chooseCommunity, signIn, signOutLocally } from "../../state/session";
import { screenFor } from "../notify";
import { routeFor } from "../registry";
import { charactersLeft } from "./composer";
import ConversationScreen, { mergeMessages } from "./conversation";
import Inbox from "./inbox";
import { inbox } from "./live";
import NewMessage from "./new-message";
import { conversationName, preview } from "./parts";
import Requests from "./requests";

// The live module is replaced: each subscription's listener is kept here, to play the server.
const listening: { variables: unknown; listener: Listener<any>; stopped: boolean; query: string }[] = [];
vi.mock("../../api/live", () => ({
  subscribe: (doc: { toString(): string }, variables: unknown, listener: Listener<any>) => {
    const entry = { variables, listener, stopped: false, query: doc.toString() };
    listening.push(entry);
    return () => {
      entry.stopped = true;
    };
  },
}));

const ME = "Q2FyZWdpdmVyOmFuYQ";
const BEN = "Q2FyZWdpdmVyOmJlbg";
const COMMUNITY = "Q29tbXVuaXR5OjE";
const CONV = "Q29udmVyc2F0aW9uOjE";
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });

type Sent = { operationName: string; variables: Record<string, any> };
let sent: Sent[] = [];
let answers: Record<string, (v: Record<string, any>) => unknown> = {};
let online = true;
const ops = (name: string) => sent.filter((s) => s.operationName === name);

const message = (id: string, body: string | null, over: Partial<MessagesMessageFieldsFragment> = {}): MessagesMessageFieldsFragment => ({
  id,
  conversationId: CONV,
  body,
  removed: body === null,
  sentAt: minutesAgo(0),
  mine: false,
  fromFormerMember: false,
  sender: { id: BEN, displayName: "Ben T." },
  ...over,
});

type Conv = MessagesConversationFieldsFragment;
const conversation = (over: Partial<Conv> = {}): Conv => ({
  id: CONV,
  title: "",
  isGroup: false,
  people: [{ caregiver: { id: BEN, displayName: "Ben T." }, formerMember: false, state: "ACTIVE" }],
  unreadCount: 0,
  lastMessageAt: minutesAgo(5),
  viewerState: "ACTIVE",
  ended: null,
  canSend: true,
  lastMessage: message("TWVzc2FnZTox", "See you at pickup!", { sentAt: minutesAgo(5) }),
  ...over,
});

function withMessages(c: Conv, messages: MessagesMessageFieldsFragment[], more = false) {
  // The API's order: newest first.
  const newestFirst = [...messages].sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  return { conversation: { ...c, messages: { edges: newestFirst.map((node) => ({ node })), pageInfo: { hasNextPage: more, endCursor: more ? "older" : null } } } };
}

beforeEach(async () => {
  listening.length = 0;
  inbox.value = null;
  signIn("tok", ME);
  chooseCommunity(COMMUNITY);
  me.value = { viewer: null, myMemberships: [{ id: "TWVtYmVyOjE", role: "CAREGIVER", state: "VERIFIED", communityId: COMMUNITY }] } as unknown as typeof me.value;
  await resetQueue();
  sent = [];
  answers = {};
  online = true;
  Object.defineProperty(navigator, "onLine", { configurable: true, get: () => online });
  setTransport(async (body) => {
    const op = JSON.parse(body) as Sent;
    sent.push(op);
    const answer = answers[op.operationName];
    if (!answer || !online) throw new TypeError("Failed to fetch");
    return json({ data: answer(op.variables) });
  });
});
afterEach(async () => {
  cleanup();
  me.value = null;
  history.replaceState(null, "", "/");
  await resetQueue();
  signOutLocally();
  setLang("en");
  setTransport(async () => new Response("{}"));
});

function at(children: ComponentChildren) {
  return render(<LocationProvider>{children}</LocationProvider>);
}

/** The server tells every open subscription of that kind. */
function server(kind: "messageAdded" | "inboxChanged", data: unknown) {
  act(() => {
    for (const l of listening.filter((l) => !l.stopped && l.query.includes(kind))) l.listener.next({ [kind]: data });
  });
}

const bodies = (root: Element) => [...root.querySelectorAll("li.message .message-body")].map((p) => p.textContent);
const announced = (root: Element) => root.querySelector("section [role=status].visually-hidden")?.textContent;

describe("where messages live", () => {
  it("serves its screens and opens a conversation from its notifications", () => {
    expect(routeFor("/messages")).toBeTruthy();
    expect(routeFor("/messages/requests")?.path).toBe("/messages/requests");
    expect(routeFor("/messages/new")?.path).toBe("/messages/new");
    expect(routeFor(`/messages/${CONV}`)?.path).toBe("/messages/:id");
    expect(screenFor(CONV, "Tm90aWZpY2F0aW9uOjE", "message_new")).toBe(`/messages/${CONV}?n=Tm90aWZpY2F0aW9uOjE`);
    expect(screenFor(btoa("Report:1").replace(/=+$/, ""), "Tm90aWZpY2F0aW9uOjE", "message_reported")).toBe("/staff/reports?n=Tm90aWZpY2F0aW9uOjE");
  });

  it("names a conversation by its people, its title for several families, and a former member", () => {
    expect(conversationName(conversation())).toBe("Ben T.");
    expect(conversationName(conversation({ people: [{ caregiver: null, formerMember: true, state: "ACTIVE" }] }))).toBe("A former member");
    const three = [
      { caregiver: { id: BEN, displayName: "Ben T." }, formerMember: false, state: "ACTIVE" as const },
      { caregiver: { id: "x", displayName: "Carmen R." }, formerMember: false, state: "ACTIVE" as const },
      { caregiver: null, formerMember: true, state: "ACTIVE" as const },
    ];
    expect(conversationName(conversation({ isGroup: true, title: "Soccer carpool", people: three }))).toBe("Soccer carpool");
    expect(conversationName(conversation({ isGroup: true, people: three }))).toBe("Ben T., Carmen R. and 1 other");
    expect(preview(conversation({ lastMessage: message("m", null) }))).toBe("Removed by the school's staff");
    expect(preview(conversation({ lastMessage: message("m", "On my way", { mine: true, sender: null }) }))).toBe("You: On my way");
    setLang("es");
    expect(conversationName(conversation({ isGroup: true, people: three }))).toBe("Ben T., Carmen R. y 1 persona más");
    expect(preview(conversation({ lastMessage: message("m", null) }))).toBe("Eliminado por el personal de la escuela");
  });

  it("shows the characters left only near the limit", () => {
    expect(charactersLeft("hi")).toBeUndefined();
    expect(charactersLeft("x".repeat(3700))).toBe("300 characters left");
  });
});

describe("the list of conversations", () => {
  const page = (nodes: Conv[], more = false, requests = 0) => ({ conversations: { edges: nodes.map((node) => ({ node })), pageInfo: { hasNextPage: more, endCursor: more ? "c1" : null } }, messageRequestCount: requests });

  it("shows who, the last words, when and how many are unread, with the requests waiting", async () => {
    answers.MessagesConversations = (v) =>
      v.after
        ? page([conversation({ id: "Q29udmVyc2F0aW9uOjM", people: [{ caregiver: null, formerMember: true, state: "ACTIVE" }], lastMessage: message("m3", "Old news") })])
        : page([conversation({ unreadCount: 2 }), conversation({ id: "Q29udmVyc2F0aW9uOjI", isGroup: true, title: "Soccer carpool", lastMessage: message("m2", "Who drives Friday?", { sender: { id: "x", displayName: "Carmen R." } }) })], true, 2);
    const screen = at(<Inbox />);
    const list = await screen.findByRole("list", { name: "Conversations" });
    const items = [...list.querySelectorAll("li")];
    expect(items.map((li) => li.querySelector("a")?.textContent)).toEqual(["Ben T.", "Soccer carpool"]);
    expect(items[0].querySelector("a")?.getAttribute("href")).toBe(`/messages/${CONV}`);
    expect(items[0].textContent).toContain("See you at pickup!");
    expect(items[0].textContent).toContain("5 minutes ago");
    expect(screen.getByLabelText("2 unread messages").textContent).toBe("2");
    expect(items[1].textContent).toContain("Carmen R.: Who drives Friday?");
    expect(items[1].querySelector(".badge")).toBeNull();
    expect((await screen.findByRole("link", { name: "Requests (2)" })).getAttribute("href")).toBe("/messages/requests");

    // More, with the cursor; someone gone is "A former member".
    fireEvent.click(screen.getByRole("button", { name: "Show more conversations" }));
    await screen.findByText("A former member");
    expect(ops("MessagesConversations")[1].variables).toEqual({ first: 20, after: "c1", requests: false });
  });

  it("reads the list again when the socket says a conversation changed, not for the first count", async () => {
    let reads = 0;
    answers.MessagesConversations = () => {
      reads++;
      return page([conversation({ unreadCount: reads > 1 ? 1 : 0 })]);
    };
    const screen = at(<Inbox />);
    await screen.findByRole("list", { name: "Conversations" });
    await waitFor(() => expect(listening.some((l) => l.query.includes("inboxChanged"))).toBe(true));
    server("inboxChanged", { conversationId: null, unreadCount: 0, requestCount: 0 });
    await act(async () => new Promise((r) => setTimeout(r, 0)));
    expect(reads).toBe(1);
    server("inboxChanged", { conversationId: CONV, unreadCount: 1, requestCount: 1 });
    await screen.findByLabelText("1 unread message");
    expect(reads).toBe(2);
    expect(screen.getByRole("link", { name: "Requests (1)" })).toBeTruthy();
  });

  it("says so when there are none, in Spanish too", async () => {
    setLang("es");
    answers.MessagesConversations = () => page([]);
    const screen = at(<Inbox />);
    await screen.findByText(/Todavía no tienes mensajes/);
    expect(screen.getByRole("link", { name: "Solicitudes" })).toBeTruthy();
  });
});

describe("a conversation", () => {
  const older = message("TWVzc2FnZTow", "Hi Ana, it's Ben from the soccer team.", { sentAt: minutesAgo(30) });
  const mine = message("TWVzc2FnZTox", "Hi Ben! Happy to help with Friday.", { sentAt: minutesAgo(20), mine: true, sender: null });

  async function open(c: Conv = conversation(), messages = [older, mine], more = false) {
    answers.MessagesConversation = (v) => (v.before ? withMessages(c, [message("TWVzc2FnZTotMQ", "An earlier hello", { sentAt: minutesAgo(90) })]) : withMessages(c, messages, more));
    answers.MessagesMarkRead = () => ({ markConversationRead: { conversation: { id: c.id, unreadCount: 0 }, errors: [] } });
    const screen = at(<ConversationScreen id={c.id} />);
    await screen.findByRole("list", { name: "Messages" });
    return screen;
  }

  it("shows oldest first, mine on my side, and listens while it is open", async () => {
    const screen = await open();
    expect(bodies(screen.container)).toEqual(["Hi Ana, it's Ben from the soccer team.", "Hi Ben! Happy to help with Friday."]);
    const items = screen.container.querySelectorAll("li.message");
    expect(items[1].hasAttribute("data-mine")).toBe(true);
    expect(items[1].textContent).toContain("You");
    expect(items[0].textContent).toContain("Ben T.");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Ben T.");
    await waitFor(() => expect(listening.find((l) => l.query.includes("messageAdded"))?.variables).toEqual({ conversationId: CONV }));
    screen.unmount();
    expect(listening.filter((l) => l.query.includes("messageAdded")).every((l) => l.stopped)).toBe(true);
  });

  it("shows what arrives once each, mine too, announces only theirs, and marks it read", async () => {
    const screen = await open();
    await waitFor(() => expect(listening.some((l) => l.query.includes("messageAdded"))).toBe(true));
    expect(announced(screen.container)).toBe("");
    const bens = message("TWVzc2FnZToy", "Great, see you at 3:15.");
    server("messageAdded", bens);
    server("messageAdded", bens); // told twice: shown once
    expect(bodies(screen.container).filter((b) => b === "Great, see you at 3:15.")).toHaveLength(1);
    expect(bodies(screen.container).at(-1)).toBe("Great, see you at 3:15.");
    expect(announced(screen.container)).toBe("1 new message");
    await waitFor(() => expect(ops("MessagesMarkRead").map((o) => o.variables.input)).toContainEqual({ conversationId: CONV, upTo: bens.id }), { timeout: 2000 });

    // I write: the screen reads the conversation again and the socket reports it too. Once.
    answers.QueuedSendMessage = () => ({ sendMessage: { message: { id: "TWVzc2FnZToz" }, errors: [] } });
    const reply = message("TWVzc2FnZToz", "Perfect!", { mine: true, sender: null });
    answers.MessagesConversation = () => withMessages(conversation(), [older, mine, bens, reply]);
    fireEvent.input(screen.getByLabelText(/^Your message to Ben T\./), { target: { value: "Perfect!" } });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(bodies(screen.container)).toContain("Perfect!"));
    server("messageAdded", reply);
    expect(bodies(screen.container).filter((b) => b === "Perfect!")).toHaveLength(1);
    expect(announced(screen.container)).toBe("1 new message"); // my own is not news to me
    expect(ops("QueuedSendMessage")).toHaveLength(1);
    expect(ops("QueuedSendMessage")[0].variables.input).toMatchObject({ conversationId: CONV, body: "Perfect!" });
    expect(ops("QueuedSendMessage")[0].variables.input.clientMutationId).toBeTruthy();
  });

  it("merges read, earlier and live messages by id, oldest first", () => {
    const a = message("a", "1", { sentAt: minutesAgo(3) });
    const b = message("b", "2", { sentAt: minutesAgo(2) });
    const c = message("c", "3", { sentAt: minutesAgo(1) });
    expect(mergeMessages([b], [c, a], [c, b]).map((m) => m.id)).toEqual(["a", "b", "c"]);
  });

  it("loads earlier messages at the top, and names removed messages and former members", async () => {
    const gone = message("TWVzc2FnZTo5", "I left", { sentAt: minutesAgo(25), fromFormerMember: true, sender: null });
    const removed = message("TWVzc2FnZTo4", null, { sentAt: minutesAgo(24) });
    const screen = await open(conversation(), [older, gone, removed, mine], true);
    const items = [...screen.container.querySelectorAll("li.message")];
    expect(items[1].textContent).toContain("A former member");
    expect(items[2].textContent).toContain("Removed by the school's staff");
    expect(items[2].querySelector("button")).toBeNull(); // nothing left to report
    fireEvent.click(screen.getByRole("button", { name: "Load earlier messages" }));
    await waitFor(() => expect(bodies(screen.container)[0]).toBe("An earlier hello"));
    expect(ops("MessagesConversation").at(-1)?.variables).toEqual({ id: CONV, first: 30, before: "older" });
    expect(screen.queryByRole("button", { name: "Load earlier messages" })).toBeNull();
  });

  it("offline, keeps my message as 'Waiting to send' and sends it once when back, with the same id", async () => {
    const screen = await open();
    online = false;
    fireEvent.input(screen.getByLabelText(/^Your message to Ben T\./), { target: { value: "Running 5 minutes late" } });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByText("You are offline. Your message will be sent when you are back online.");
    const waiting = screen.container.querySelector("li[data-waiting]")!;
    expect(waiting.textContent).toContain("Waiting to send");
    expect(waiting.textContent).toContain("Running 5 minutes late");
    expect((screen.getByLabelText(/^Your message to Ben T\./) as HTMLTextAreaElement).value).toBe("");
    expect(queued.value).toHaveLength(1);

    // Back online: the queue sends it, once, and the conversation has it from the server.
    online = true;
    const late = message("TWVzc2FnZTo3", "Running 5 minutes late", { mine: true, sender: null });
    answers.MessagesConversation = () => withMessages(conversation(), [older, mine, late]);
    let stored = 0;
    const ids = new Set<string>();
    answers.QueuedSendMessage = (v) => {
      if (!ids.has(v.input.clientMutationId)) stored++;
      ids.add(v.input.clientMutationId);
      return { sendMessage: { message: { id: late.id }, errors: [] } };
    };
    await act(async () => {
      await flushQueue();
      await flushQueue();
    });
    await waitFor(() => expect(screen.container.querySelector("li[data-waiting]")).toBeNull());
    await waitFor(() => expect(bodies(screen.container).filter((b) => b === "Running 5 minutes late")).toHaveLength(1));
    server("messageAdded", late);
    expect(bodies(screen.container).filter((b) => b === "Running 5 minutes late")).toHaveLength(1);
    expect(stored).toBe(1);
    expect(ops("QueuedSendMessage")[0].variables.input).toMatchObject({ conversationId: CONV, body: "Running 5 minutes late" });
  });

  it("shows a refusal at the message box", async () => {
    const screen = await open();
    answers.QueuedSendMessage = () => ({ sendMessage: { message: null, errors: [{ field: ["input", "body"], message: "Too long.", code: "TOO_LONG", retryAfter: null }] } });
    fireEvent.input(screen.getByLabelText(/^Your message to Ben T\./), { target: { value: "x" } });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByText("A message can be at most 4,000 characters.");
    expect(screen.getByLabelText(/^Your message to Ben T\./).getAttribute("aria-invalid")).toBe("true");
  });

  it("says why nobody can write any more, instead of the message box", async () => {
    for (const [ended, text] of [
      ["BLOCKED", "You can no longer message each other."],
      ["DECLINED", "They declined your message request."],
      ["GONE", "This caregiver is no longer in the community."],
    ] as const) {
      const screen = await open(conversation({ ended, canSend: false }));
      expect(screen.container.textContent).toContain(text);
      expect(screen.queryByRole("button", { name: "Send" })).toBeNull();
      cleanup();
    }
  });

  it("for a request to me: Accept, or Decline after a second step", async () => {
    const request = conversation({ viewerState: "REQUESTED" });
    answers.MessagesAnswer = (v) => ({ answerMessageRequest: { conversation: v.input.accept ? { id: CONV, viewerState: "ACTIVE", canSend: true, ended: null } : null, errors: [] } });
    const screen = await open(request, [older]);
    expect(screen.container.textContent).toContain("Ben T. wants to message you.");
    expect(screen.queryByRole("button", { name: "Send" })).toBeNull();
    answers.MessagesConversation = () => withMessages(conversation(), [older]);
    fireEvent.click(screen.getByRole("button", { name: "Accept the request from Ben T." }));
    await waitFor(() => expect(ops("MessagesAnswer")[0]?.variables.input).toEqual({ conversationId: CONV, accept: true }));
    await screen.findByRole("button", { name: "Send" });
  });

  it("in a conversation of two, blocks the other person after a second step, and then says it has ended", async () => {
    answers.MessagesBlock = () => ({ block: { ok: true, errors: [] } });
    const screen = await open();
    fireEvent.click(screen.getByRole("button", { name: "Block Ben T." }));
    expect(ops("MessagesBlock")).toHaveLength(0); // asks first
    answers.MessagesConversation = () => withMessages(conversation({ ended: "BLOCKED", canSend: false }), [older]);
    fireEvent.click(screen.getByRole("button", { name: "Yes, block" }));
    await screen.findByText("You can no longer message each other.");
    expect(ops("MessagesBlock")[0].variables.input).toEqual({ caregiverId: BEN });
    expect(screen.queryByRole("button", { name: "Send" })).toBeNull();
  });

  it("reports someone else's message to the school's staff", async () => {
    answers.MessagesReport = () => ({ report: { reportId: "UmVwb3J0OjE", errors: [] } });
    const screen = await open();
    expect(screen.queryByRole("button", { name: /Report the message from You/ })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Report the message from Ben T." }));
    fireEvent.change(screen.getByLabelText("What is wrong?"), { target: { value: "HARASSMENT" } });
    fireEvent.input(screen.getByLabelText("Details (optional)"), { target: { value: " Keeps writing at night " } });
    fireEvent.click(screen.getByRole("button", { name: "Send report" }));
    await screen.findByText("Reported. The school's staff will look at it.");
    expect(ops("MessagesReport")[0].variables.input).toEqual({ communityId: COMMUNITY, subjectId: older.id, reason: "HARASSMENT", details: "Keeps writing at night" });
  });
});

describe("message requests", () => {
  it("shows the first message with Accept, Decline and Block (after a confirm)", async () => {
    const req = conversation({ viewerState: "REQUESTED", lastMessage: message("m", "Hello! Our kids are in the same class.") });
    answers.MessagesConversations = () => ({ conversations: { edges: [{ node: req }], pageInfo: { hasNextPage: false, endCursor: null } }, messageRequestCount: 1 });
    answers.MessagesAnswer = () => ({ answerMessageRequest: { conversation: null, errors: [] } });
    answers.MessagesBlock = () => ({ block: { ok: true, errors: [] } });
    const screen = at(<Requests />);
    const list = await screen.findByRole("list", { name: "Message requests" });
    expect(list.textContent).toContain("Hello! Our kids are in the same class.");
    expect(ops("MessagesConversations")[0].variables).toMatchObject({ requests: true });

    fireEvent.click(screen.getByRole("button", { name: "Decline the request from Ben T." }));
    expect(ops("MessagesAnswer")).toHaveLength(0); // asks first
    fireEvent.click(screen.getByRole("button", { name: "Yes, decline" }));
    await screen.findByText("Declined.");
    expect(ops("MessagesAnswer")[0].variables.input).toEqual({ conversationId: CONV, accept: false });

    fireEvent.click(screen.getByRole("button", { name: "Block Ben T." }));
    expect(screen.container.textContent).toContain("Block Ben T.? Neither of you will be able to message the other");
    fireEvent.click(screen.getByRole("button", { name: "Yes, block" }));
    await screen.findByText("Ben T. is blocked.");
    expect(ops("MessagesBlock")[0].variables.input).toEqual({ caregiverId: BEN });
  });
});

describe("writing to a family for the first time", () => {
  it("starts the conversation with the first message and opens it", async () => {
    history.replaceState(null, "", `/messages/new?to=${BEN}&name=Ben%20T.`);
    answers.QueuedStartConversation = () => ({ startConversation: { conversation: { id: CONV }, errors: [] } });
    const screen = at(<NewMessage />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Message Ben T.");
    fireEvent.input(screen.getByLabelText(/^Your message to Ben T\./), { target: { value: "Hi Ben, can Leo join the carpool?" } });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(location.pathname).toBe(`/messages/${CONV}`));
    expect(ops("QueuedStartConversation")[0].variables.input).toMatchObject({ communityId: COMMUNITY, caregiverIds: [BEN], body: "Hi Ben, can Leo join the carpool?" });
  });
});
