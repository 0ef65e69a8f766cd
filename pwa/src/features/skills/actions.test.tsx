import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTransport } from "../../api/client";
import { setLang } from "../../i18n";
import { queued, resetQueue } from "../../offline/queue";
import { signIn } from "../../state/session";
import { MatchActions, OfferHelpForm, type MatchForActions } from "./actions";
import { offlineProblems } from "./need-form";
import { toErrors } from "./strength-form";

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
let online = true;
let sent: { operationName: string; variables: Record<string, unknown> }[] = [];

const match = (status: MatchForActions["status"], extra: Partial<MatchForActions> = {}): MatchForActions => ({
  id: "TWF0Y2g6MQ==",
  status,
  message: "",
  thanks: null,
  helper: { displayName: "María" },
  contact: null,
  need: { id: "TmVlZDox", title: "Math homework", requester: { displayName: "Ana" } },
  ...extra,
});

beforeEach(async () => {
  signIn("tok", "Q2FyZWdpdmVyOjE=");
  await resetQueue();
  online = true;
  sent = [];
  Object.defineProperty(navigator, "onLine", { configurable: true, get: () => online });
});
afterEach(() => {
  cleanup();
  setLang("en");
  setTransport(async () => new Response("{}"));
});

describe("what the family can do", () => {
  it("asks a suggested helper, with a message", async () => {
    setTransport(async (body) => {
      sent.push(JSON.parse(body));
      return json({ data: { requestHelp: { match: { id: "TWF0Y2g6MQ==", status: "REQUESTED" }, errors: [] } } });
    });
    const { getByRole, getByLabelText } = render(<MatchActions match={match("SUGGESTED")} asFamily />);
    fireEvent.click(getByRole("button", { name: "Ask for help" }));
    fireEvent.input(getByLabelText(/A message for María/), { target: { value: "Hola" } });
    fireEvent.click(getByRole("button", { name: "Send request" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].operationName).toBe("SkillsRequestHelp");
    expect(sent[0].variables).toEqual({ input: { matchId: "TWF0Y2g6MQ==", message: "Hola" } });
  });

  it("answers an offer; sees the contact and completes an agreed match", () => {
    const offered = render(<MatchActions match={match("OFFERED", { message: "I can help Tuesdays" })} asFamily />);
    expect(offered.getByRole("button", { name: "Accept" })).toBeTruthy();
    expect(offered.getByRole("button", { name: "Decline" })).toBeTruthy();
    expect(offered.container.textContent).toContain("I can help Tuesdays");
    offered.unmount();
    const agreed = render(<MatchActions match={match("ACCEPTED", { contact: { displayName: "María", email: "maria@example.org" } })} asFamily />);
    expect(agreed.getByRole("link", { name: "maria@example.org" }).getAttribute("href")).toBe("mailto:maria@example.org");
    expect(agreed.getByRole("button", { name: "Mark as done" })).toBeTruthy();
  });

  it("cannot answer its own request: it waits", () => {
    const { queryByRole, container } = render(<MatchActions match={match("REQUESTED")} asFamily />);
    expect(queryByRole("button", { name: "Accept" })).toBeNull();
    expect(container.textContent).toContain("You asked María for help");
  });
});

describe("what the helper can do", () => {
  it("answers a request, but not its own offer", () => {
    const asked = render(<MatchActions match={match("REQUESTED")} asFamily={false} />);
    expect(asked.getByRole("button", { name: "Accept" })).toBeTruthy();
    asked.unmount();
    const offered = render(<MatchActions match={match("OFFERED")} asFamily={false} />);
    expect(offered.queryByRole("button", { name: "Accept" })).toBeNull();
    expect(offered.container.textContent).toContain("You offered to help. Ana will answer soon.");
  });

  it("sees the thank-you of a completed match", () => {
    const { container } = render(<MatchActions match={match("COMPLETED", { thanks: "¡Gracias!" })} asFamily={false} />);
    expect(container.textContent).toContain("Ana said thank you");
    expect(container.textContent).toContain("¡Gracias!");
  });

  it("offers help offline: kept as pending, and the form says so", async () => {
    online = false;
    const { getByRole, getByLabelText, findByText } = render(<OfferHelpForm needId="TmVlZDox" needTitle="Math homework" requester="Ana" strengths={[]} />);
    fireEvent.input(getByLabelText(/A message for Ana/), { target: { value: "Tuesdays work" } });
    fireEvent.click(getByRole("button", { name: "Offer to help" }));
    await findByText("Your offer is saved and will be sent when you are back online.");
    expect(queued.value.map((q) => [q.kind, q.label, q.status])).toEqual([["offerHelp", "Math homework", "pending"]]);
    expect(queued.value[0].input).toEqual({ needId: "TmVlZDox", message: "Tuesdays work", strengthId: null, clientMutationId: expect.any(String) });
  });

  it("sends one clientMutationId per offer, the same again after a refusal (the server forgets a refused one)", async () => {
    const ids: unknown[] = [];
    let refuse = true;
    setTransport(async (raw) => {
      const body = JSON.parse(raw);
      ids.push(body.variables.input.clientMutationId);
      const errors = refuse ? [{ field: ["input", "message"], message: "Too long.", code: "TOO_LONG", retryAfter: null }] : [];
      return json({ data: { offerHelp: { match: refuse ? null : { id: "TWF0Y2g6MQ==", status: "OFFERED" }, errors } } });
    });
    const { getByRole, findByText } = render(<OfferHelpForm needId="TmVlZDox" needTitle="Math homework" requester="Ana" strengths={[]} />);
    fireEvent.click(getByRole("button", { name: "Offer to help" }));
    await findByText("Too long.");
    refuse = false;
    fireEvent.click(getByRole("button", { name: "Offer to help" }));
    await waitFor(() => expect(ids).toHaveLength(2));
    expect(typeof ids[0]).toBe("string");
    expect(ids[1]).toBe(ids[0]);
  });

  it("shows the server's refusal at the message field", async () => {
    setTransport(async () => json({ data: { offerHelp: { match: null, errors: [{ field: ["input", "message"], message: "The message can be at most 1000 characters.", code: "TOO_LONG", retryAfter: null }] } } }));
    const { getByRole, getByLabelText, findByText } = render(<OfferHelpForm needId="TmVlZDox" needTitle="Math homework" requester="Ana" strengths={[]} />);
    fireEvent.click(getByRole("button", { name: "Offer to help" }));
    await findByText("The message can be at most 1000 characters.");
    expect(getByLabelText(/A message for Ana/).getAttribute("aria-invalid")).toBe("true");
  });
});

describe("forms", () => {
  it("does not queue an obviously incomplete need while offline", () => {
    expect(offlineProblems({ category: "", title: "  " })).toEqual({ category: "Please choose a category.", title: "Please give your request a short title." });
    expect(offlineProblems({ category: "tutoring.math", title: "Fractions" })).toEqual({});
  });

  it("places a strength's errors at its fields, its rows, or at the top", () => {
    const errors = toErrors([
      { field: ["input", "title"], message: "The title is required.", code: "REQUIRED", retryAfter: null },
      { field: ["input", "availability", "0"], message: "A time range must end after it starts.", code: "OUT_OF_RANGE", retryAfter: null },
      { field: ["input", "strengthId"], message: "That strength is not one of yours.", code: "NOT_FOUND", retryAfter: null },
      { field: null, message: "You can list at most 30 strengths.", code: "TOO_MANY", retryAfter: null },
    ]);
    expect(errors.fields).toEqual({ title: "The title is required." });
    expect(errors.rows).toEqual({ 0: "A time range must end after it starts." });
    expect(errors.general).toEqual(["You can list at most 30 strengths.", "That strength is not one of yours."]);
  });
});
