// Events: my answer in words (going with how many, my place on the waiting list, not going) and the
// answer sent; the plan form refusing a repeat without its last date and sending what was typed; and
// every event notification opening the event.
import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import type { ComponentChildren } from "preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTransport } from "../../api/client";
import { setLang } from "../../i18n";
import { me } from "../../state/me";
import { chooseCommunity, signIn, signOutLocally } from "../../state/session";
import { screenFor } from "../notify";
import { routeFor } from "../registry";
import { RsvpPanel } from "./event";
import { EventForm } from "./event-form";
import type { Rsvp } from "./parts";

const ME = "Q2FyZWdpdmVyOm1l";
const EVENT = "RXZlbnQ6MQ";
const GROUP = "R3JvdXA6MQ";
const COMMUNITY = "Q29tbXVuaXR5OjE";
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
type Sent = { operationName: string; variables: Record<string, any> };
let sent: Sent[] = [];
let answers: Record<string, (v: Record<string, any>) => unknown> = {};

function serve() {
  setTransport(async (body) => {
    const op = JSON.parse(body) as Sent;
    sent.push(op);
    const answer = answers[op.operationName];
    if (!answer) throw new TypeError("Failed to fetch");
    return json({ data: answer(op.variables) });
  });
}
const ops = (name: string) => sent.filter((s) => s.operationName === name);
const at = (children: ComponentChildren) => render(<LocationProvider>{children}</LocationProvider>);
const rsvp = (over: Partial<Rsvp> = {}): Rsvp => ({ id: "UnN2cDox", occurrence: "2026-03-03", status: "GOING", adults: 1, children: 1, waitlistPosition: null, ...over });

beforeEach(() => {
  signIn("tok", ME);
  chooseCommunity(COMMUNITY);
  me.value = { viewer: null, myMemberships: [{ id: "TWVtYmVyOjE", role: "CAREGIVER", state: "VERIFIED", communityId: COMMUNITY }] } as unknown as typeof me.value;
  sent = [];
  answers = {};
  serve();
});
afterEach(() => {
  cleanup();
  me.value = null;
  history.replaceState(null, "", "/");
  signOutLocally();
  setLang("en");
  setTransport(async () => new Response("{}"));
});

describe("my answer to a date", () => {
  it("says I am going, with how many", () => {
    const { getByRole } = render(<RsvpPanel eventId={EVENT} occurrence="2026-03-03" rsvp={rsvp({ adults: 2, children: 0 })} label="Your answer" />);
    expect(getByRole("status").textContent).toBe("You are going (adults: 2, children: 0).");
    expect(getByRole("button", { name: "Change my answer" })).toBeTruthy();
  });

  it("gives my place in the waiting line, in Spanish too", () => {
    const { getByRole } = render(<RsvpPanel eventId={EVENT} occurrence="2026-03-03" rsvp={rsvp({ status: "WAITLISTED", waitlistPosition: 3 })} label="Your answer" />);
    expect(getByRole("status").textContent).toBe("You are on the waiting list: number 3 in line.");
    cleanup();
    setLang("es");
    const again = render(<RsvpPanel eventId={EVENT} occurrence="2026-03-03" rsvp={rsvp({ status: "WAITLISTED", waitlistPosition: 3 })} label="Tu respuesta" />);
    expect(again.getByRole("status").textContent).toBe("Estás en la lista de espera: número 3 en la fila.");
  });

  it("says I am not going, and changes the answer to going with the counts typed", async () => {
    answers.EventsRsvp = () => ({ rsvp: { rsvp: rsvp({ adults: 2, children: 1 }), errors: [] } });
    const { getByRole, getByLabelText } = render(<RsvpPanel eventId={EVENT} occurrence="2026-03-03" rsvp={rsvp({ status: "NOT_GOING", adults: 0, children: 0 })} label="Your answer" />);
    expect(getByRole("status").textContent).toBe("You are not going.");
    fireEvent.click(getByRole("button", { name: "Change my answer" }));
    fireEvent.input(getByLabelText(/^Adults/), { target: { value: "2" } });
    fireEvent.input(getByLabelText(/^Children/), { target: { value: "1" } });
    fireEvent.click(getByRole("button", { name: "Going" }));
    await waitFor(() => expect(ops("EventsRsvp")).toHaveLength(1));
    expect(ops("EventsRsvp")[0].variables.input).toEqual({ eventId: EVENT, occurrence: "2026-03-03", going: true, adults: 2, children: 1 });
  });

  it("cancels my answer with Not going", async () => {
    answers.EventsRsvp = () => ({ rsvp: { rsvp: rsvp({ status: "NOT_GOING" }), errors: [] } });
    const { getByRole } = render(<RsvpPanel eventId={EVENT} occurrence={null} rsvp={null} label="Your answer" />);
    expect(getByRole("status").textContent).toBe("You have not answered yet.");
    fireEvent.click(getByRole("button", { name: "Not going" }));
    await waitFor(() => expect(ops("EventsRsvp")).toHaveLength(1));
    expect(ops("EventsRsvp")[0].variables.input).toMatchObject({ eventId: EVENT, occurrence: null, going: false });
  });
});

describe("planning an event", () => {
  function fill(getByLabelText: (m: RegExp) => HTMLElement) {
    fireEvent.input(getByLabelText(/^Title/), { target: { value: " Park playdate " } });
    fireEvent.input(getByLabelText(/^Place/), { target: { value: "Lincoln Park" } });
    fireEvent.input(getByLabelText(/^Start date/), { target: { value: "2026-03-03" } });
    fireEvent.input(getByLabelText(/^Start time/), { target: { value: "16:00" } });
    fireEvent.input(getByLabelText(/^End time/), { target: { value: "17:30" } });
    fireEvent.change(getByLabelText(/^Repeat/), { target: { value: "weekly" } });
  }

  it("asks for the last date of a repeating event before sending anything", async () => {
    const { getByLabelText, getByRole, findByText } = at(<EventForm communityId={COMMUNITY} groupId={GROUP} />);
    fill(getByLabelText);
    fireEvent.click(getByRole("button", { name: "Plan the event" }));
    await findByText("Choose the last date.");
    expect(getByLabelText(/^Last date/).getAttribute("aria-invalid")).toBe("true");
    expect(ops("EventsCreate")).toHaveLength(0);
  });

  it("sends the event for the group in the community's local time, and shows a refusal at its field", async () => {
    answers.EventsCreate = () => ({ createEvent: { event: null, errors: [{ field: ["input", "capacity"], message: "Capacity must be at least 1.", code: "INVALID", retryAfter: null }] } });
    const { getByLabelText, getByRole, findByText } = at(<EventForm communityId={COMMUNITY} groupId={GROUP} />);
    fill(getByLabelText);
    fireEvent.input(getByLabelText(/^Last date/), { target: { value: "2026-04-28" } });
    fireEvent.input(getByLabelText(/^Capacity/), { target: { value: "0" } });
    fireEvent.click(getByRole("button", { name: "Plan the event" }));
    await findByText("Capacity must be at least 1.");
    expect(getByLabelText(/^Capacity/).getAttribute("aria-invalid")).toBe("true");
    expect(ops("EventsCreate")[0].variables.input).toEqual({
      communityId: null,
      groupId: GROUP,
      title: "Park playdate",
      description: null,
      placeName: "Lincoln Park",
      virtualLink: null,
      startsAt: "2026-03-03T16:00:00",
      endsAt: "2026-03-03T17:30:00",
      recurrence: { frequency: "WEEKLY", interval: 1, until: "2026-04-28" },
      capacity: 0,
    });
  });
});

describe("where events live", () => {
  it("opens the event from each of its notifications, and has its screens", () => {
    for (const kind of ["event_created", "event_changed", "event_cancelled", "event_waitlist_promoted", "event_reminder_day", "event_reminder_soon"]) {
      expect(screenFor("garbled", "n1", kind)).toBe("/events/garbled?n=n1");
    }
    expect(screenFor(EVENT, "n1")).toBe(`/events/${EVENT}?n=n1`);
    expect(routeFor("/events")?.path).toBe("/events");
    expect(routeFor("/events/new")?.path).toBe("/events/new");
    expect(routeFor(`/events/${EVENT}`)?.path).toBe("/events/:id");
  });
});
