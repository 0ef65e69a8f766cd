// Events: my answer in words (going with how many, my place on the waiting list, not going) and the
// answer sent, or queued offline and sent later with the same input; the plan form refusing a repeat
// without its last date and sending what was typed; the organisers changing an event (prefilled, only
// what changed), moving a date, seeing who is coming and answering for a family; the .ics saved as a
// file fetched with the session; and every event notification opening the event.
import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import type { ComponentChildren } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setTransport } from "../../api/client";
import type { EventsRsvpsQuery } from "../../gql/graphql";
import { setLang } from "../../i18n";
import { PendingActions } from "../../offline/pending";
import { flushQueue, queued, resetQueue } from "../../offline/queue";
import { me } from "../../state/me";
import { chooseCommunity, signIn, signOutLocally } from "../../state/session";
import { screenFor } from "../notify";
import { routeFor } from "../registry";
import Calendar from "./calendar";
import EventPage, { MoveDate, RsvpPanel, WhoIsComing } from "./event";
import { EditEvent, EventForm } from "./event-form";
import { type EventDetails, icsFilename, type Rsvp } from "./parts";

const ME = "Q2FyZWdpdmVyOm1l";
const EVENT = "RXZlbnQ6MQ";
const GROUP = "R3JvdXA6MQ";
const COMMUNITY = "Q29tbXVuaXR5OjE";
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
type Sent = { operationName: string; variables: Record<string, any>; headers: Record<string, string> };
let sent: Sent[] = [];
let answers: Record<string, (v: Record<string, any>) => unknown> = {};
let online = true;

function serve() {
  setTransport(async (body, headers) => {
    const op = { ...(JSON.parse(body) as Sent), headers };
    sent.push(op);
    const answer = answers[op.operationName];
    if (!answer) throw new TypeError("Failed to fetch");
    return json({ data: answer(op.variables) });
  });
}
const ops = (name: string) => sent.filter((s) => s.operationName === name);
const at = (children: ComponentChildren) => render(<LocationProvider>{children}</LocationProvider>);
const rsvp = (over: Partial<Rsvp> = {}): Rsvp => ({ id: "UnN2cDox", occurrence: "2026-03-03", status: "GOING", adults: 1, children: 1, waitlistPosition: null, ...over });

beforeEach(async () => {
  signIn("tok", ME);
  await resetQueue();
  online = true;
  Object.defineProperty(navigator, "onLine", { configurable: true, get: () => online });
  chooseCommunity(COMMUNITY);
  me.value = { viewer: null, myMemberships: [{ id: "TWVtYmVyOjE", role: "CAREGIVER", state: "VERIFIED", communityId: COMMUNITY }] } as unknown as typeof me.value;
  sent = [];
  answers = {};
  serve();
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await resetQueue();
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
    answers.QueuedRsvp = () => ({ rsvp: { rsvp: { id: "UnN2cDox" }, errors: [] } });
    const { getByRole, getByLabelText } = render(<RsvpPanel eventId={EVENT} occurrence="2026-03-03" rsvp={rsvp({ status: "NOT_GOING", adults: 0, children: 0 })} label="Your answer" />);
    expect(getByRole("status").textContent).toBe("You are not going.");
    fireEvent.click(getByRole("button", { name: "Change my answer" }));
    fireEvent.input(getByLabelText(/^Adults/), { target: { value: "2" } });
    fireEvent.input(getByLabelText(/^Children/), { target: { value: "1" } });
    fireEvent.click(getByRole("button", { name: "Going" }));
    await waitFor(() => expect(ops("QueuedRsvp")).toHaveLength(1));
    expect(ops("QueuedRsvp")[0].variables.input).toEqual({ eventId: EVENT, occurrence: "2026-03-03", going: true, adults: 2, children: 1 });
  });

  it("cancels my answer with Not going", async () => {
    answers.QueuedRsvp = () => ({ rsvp: { rsvp: { id: "UnN2cDox" }, errors: [] } });
    const { getByRole } = render(<RsvpPanel eventId={EVENT} occurrence={null} rsvp={null} label="Your answer" />);
    expect(getByRole("status").textContent).toBe("You have not answered yet.");
    fireEvent.click(getByRole("button", { name: "Not going" }));
    await waitFor(() => expect(ops("QueuedRsvp")).toHaveLength(1));
    expect(ops("QueuedRsvp")[0].variables.input).toMatchObject({ eventId: EVENT, occurrence: null, going: false });
  });

  it("shows the server's refusal at the counts, and nothing waits in the queue", async () => {
    answers.QueuedRsvp = () => ({ rsvp: { rsvp: null, errors: [{ field: ["input", "adults"], message: "This event has room for 4 people in all.", code: "PARTY_TOO_BIG", retryAfter: null }] } });
    const { getByRole, getByLabelText, findByText } = render(<RsvpPanel eventId={EVENT} occurrence="2026-03-03" rsvp={null} label="Your answer" />);
    fireEvent.input(getByLabelText(/^Adults/), { target: { value: "5" } });
    fireEvent.click(getByRole("button", { name: "Going" }));
    await findByText("This event has room for 4 people in all.");
    expect(getByLabelText(/^Adults/).getAttribute("aria-invalid")).toBe("true");
    expect(queued.value).toEqual([]);
  });

  it("waits in the offline queue when the network is down, shown as pending, and the queue sends the same answer however often it retries", async () => {
    online = false;
    const { getByRole, getByLabelText, findByText, getByTestId } = render(
      <>
        <PendingActions kind="eventRsvp" />
        <RsvpPanel eventId={EVENT} occurrence="2026-03-03" rsvp={null} label="Your answer" title="Park playdate" />
      </>,
    );
    fireEvent.input(getByLabelText(/^Children/), { target: { value: "2" } });
    fireEvent.click(getByRole("button", { name: "Going" }));
    await findByText(/Your answer is saved and will be sent when you are back online/);
    expect(queued.value.map((q) => [q.kind, q.label, q.status])).toEqual([["eventRsvp", "Park playdate, Tuesday, March 3", "pending"]]);
    expect(getByTestId("pending-actions").textContent).toContain("Your answer for Park playdate, Tuesday, March 3");
    expect(ops("QueuedRsvp")).toHaveLength(0); // offline: not even tried
    online = true;
    expect(await flushQueue()).toBe(0); // the network is still down: kept
    answers.QueuedRsvp = () => ({ rsvp: { rsvp: { id: "UnN2cDox" }, errors: [] } });
    expect(await flushQueue()).toBe(1);
    const input = { eventId: EVENT, occurrence: "2026-03-03", going: true, adults: 1, children: 2 };
    expect(ops("QueuedRsvp").map((s) => s.variables.input)).toEqual([input, input]);
    expect(queued.value).toEqual([]);
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

const CHICAGO = "America/Chicago";
const occurrence = (over: Partial<EventDetails["occurrences"][number]> = {}): EventDetails["occurrences"][number] => ({
  date: "2026-03-03",
  startsAt: "2026-03-03T22:00:00Z",
  endsAt: "2026-03-03T23:30:00Z",
  cancelled: false,
  moved: false,
  goingCount: 3,
  spotsLeft: 7,
  waitlistCount: 0,
  viewerRsvp: null,
  event: { id: EVENT, title: "Saturday park playdate", placeName: "Lincoln Park", timezone: CHICAGO, groupId: GROUP, cancelled: false },
  ...over,
});
const details = (over: Partial<EventDetails> = {}): EventDetails => ({
  id: EVENT,
  communityId: COMMUNITY,
  groupId: GROUP,
  title: "Saturday park playdate",
  description: "Bring water.",
  placeName: "Lincoln Park",
  areaLabel: null,
  virtualLink: null,
  timezone: CHICAGO,
  startsAt: "2026-03-03T22:00:00Z",
  endsAt: "2026-03-03T23:30:00Z",
  recurrence: { frequency: "NONE", interval: 1, until: null },
  capacity: 10,
  cancelled: false,
  viewerCanManage: true,
  viewerCanRsvp: true,
  organiser: { id: "Q2FyZWdpdmVyOmxlYWQ", displayName: "Carmen R." },
  viewerSeriesRsvp: null,
  occurrences: [occurrence()],
  ...over,
});
const weekly = { frequency: "WEEKLY" as const, interval: 1, until: "2026-04-28" };
const refusal = (field: string, message: string, code = "INVALID") => ({ field: ["input", field], message, code, retryAfter: null });

describe("changing an event", () => {
  it("is prefilled in the community's time, and sends only what changed besides the texts", async () => {
    answers.EventsUpdate = () => ({ updateEvent: { event: { id: EVENT }, errors: [] } });
    const { getByLabelText, getByRole } = at(<EventForm communityId={COMMUNITY} groupId={GROUP} event={details()} />);
    expect((getByLabelText(/^Title/) as HTMLInputElement).value).toBe("Saturday park playdate");
    expect((getByLabelText(/^Start date/) as HTMLInputElement).value).toBe("2026-03-03");
    expect((getByLabelText(/^Start time/) as HTMLInputElement).value).toBe("16:00");
    expect((getByLabelText(/^End time/) as HTMLInputElement).value).toBe("17:30");
    expect((getByLabelText(/^Capacity/) as HTMLInputElement).value).toBe("10");
    expect(() => getByLabelText(/^Repeat/)).toThrow(); // the repeat is not changed here
    fireEvent.input(getByLabelText(/^Title/), { target: { value: "Sunday park playdate " } });
    fireEvent.input(getByLabelText(/^Place/), { target: { value: "" } });
    fireEvent.click(getByRole("button", { name: "Save the changes" }));
    await waitFor(() => expect(ops("EventsUpdate")).toHaveLength(1));
    expect(ops("EventsUpdate")[0].variables.input).toEqual({ eventId: EVENT, title: "Sunday park playdate", description: "Bring water.", placeName: "", virtualLink: "" });
    await waitFor(() => expect(location.pathname).toBe(`/events/${EVENT}`));
  });

  it("sends new times and no limit when they changed, and shows each refusal at its field", async () => {
    answers.EventsUpdate = () => ({ updateEvent: { event: null, errors: [refusal("startsAt", "That time is in the past.", "IN_THE_PAST"), refusal("title", "The title is too short.")] } });
    const { getByLabelText, getByRole, findByText } = at(<EventForm communityId={COMMUNITY} groupId={GROUP} event={details()} />);
    fireEvent.input(getByLabelText(/^Start date/), { target: { value: "2026-03-01" } });
    fireEvent.input(getByLabelText(/^End date/), { target: { value: "2026-03-01" } });
    fireEvent.input(getByLabelText(/^Capacity/), { target: { value: "" } });
    fireEvent.click(getByRole("button", { name: "Save the changes" }));
    await findByText("That time is in the past.");
    expect(getByLabelText(/^Start date/).getAttribute("aria-invalid")).toBe("true");
    expect(getByLabelText(/^Title/).getAttribute("aria-invalid")).toBe("true");
    expect(ops("EventsUpdate")[0].variables.input).toMatchObject({ startsAt: "2026-03-01T16:00:00", endsAt: "2026-03-01T17:30:00", noCapacityLimit: true });
    expect(ops("EventsUpdate")[0].variables.input).not.toHaveProperty("capacity");
    expect(location.pathname).toBe("/");
  });

  it("keeps a series' dates: only its times and its last date, which it sends when changed", async () => {
    answers.EventsUpdate = () => ({ updateEvent: { event: { id: EVENT }, errors: [] } });
    const { getByLabelText, getByRole, getByText } = at(<EventForm communityId={COMMUNITY} groupId={GROUP} event={details({ recurrence: weekly })} />);
    getByText(/Its dates stay the same/);
    expect(() => getByLabelText(/^Start date/)).toThrow();
    fireEvent.input(getByLabelText(/^Start time/), { target: { value: "15:00" } });
    fireEvent.input(getByLabelText(/^Last date/), { target: { value: "2026-05-26" } });
    fireEvent.click(getByRole("button", { name: "Save the changes" }));
    await waitFor(() => expect(ops("EventsUpdate")).toHaveLength(1));
    expect(ops("EventsUpdate")[0].variables.input).toMatchObject({ startsAt: "2026-03-03T15:00:00", endsAt: "2026-03-03T17:30:00", until: "2026-05-26" });
  });

  it("opens for the event's organisers only", async () => {
    answers.EventsEvent = () => ({ event: details({ viewerCanManage: false }) });
    const first = at(<EditEvent id={EVENT} />);
    await first.findByText("Only the event's organisers can change it.");
    expect(first.queryByLabelText(/^Title/)).toBeNull();
    cleanup();
    answers.EventsEvent = () => ({ event: details() });
    const { findByLabelText } = at(<EditEvent id={EVENT} />);
    expect(((await findByLabelText(/^Title/)) as HTMLInputElement).value).toBe("Saturday park playdate");
  });
});

describe("an organiser's event page", () => {
  it("links to the change form, and marks a date moved once moveOccurrence answers", async () => {
    let moved = false;
    answers.EventsEvent = () => ({ event: details({ occurrences: [moved ? occurrence({ moved: true, startsAt: "2026-03-05T00:00:00Z", endsAt: "2026-03-05T01:30:00Z" }) : occurrence()] }) });
    answers.EventsMove = () => {
      moved = true;
      return { moveOccurrence: { event: { id: EVENT }, errors: [] } };
    };
    const { findByRole, getByRole, getByLabelText, findByText, queryByText } = at(<EventPage id={EVENT} />);
    expect((await findByRole("link", { name: "Change the event" })).getAttribute("href")).toBe(`/events/${EVENT}/edit`);
    expect(queryByText("Moved")).toBeNull();
    fireEvent.click(getByRole("button", { name: "Move this date" }));
    expect((getByLabelText(/^New start/) as HTMLInputElement).value).toBe("2026-03-03T16:00");
    fireEvent.input(getByLabelText(/^New start/), { target: { value: "2026-03-04T18:00" } });
    fireEvent.click(getByRole("button", { name: "Move the date" }));
    await findByText("Moved");
    await findByText("Moved from Tuesday, March 3.");
    expect(ops("EventsMove")[0].variables.input).toEqual({ eventId: EVENT, occurrence: "2026-03-03", startsAt: "2026-03-04T18:00:00" });
    getByRole("button", { name: "Move this date" }); // the form closed
  });

  it("shows a refused move at the new start", async () => {
    answers.EventsMove = () => ({ moveOccurrence: { event: null, errors: [refusal("startsAt", "That time is in the past.", "IN_THE_PAST")] } });
    const { getByRole, getByLabelText, findByText } = render(<MoveDate event={{ id: EVENT, timezone: CHICAGO }} o={{ date: "2026-03-03", startsAt: "2026-03-03T22:00:00Z" }} />);
    fireEvent.click(getByRole("button", { name: "Move this date" }));
    fireEvent.click(getByRole("button", { name: "Move the date" }));
    await findByText("That time is in the past.");
    expect(getByLabelText(/^New start/).getAttribute("aria-invalid")).toBe("true");
  });

  it("has no organisers' tools for a family", async () => {
    answers.EventsEvent = () => ({ event: details({ viewerCanManage: false }) });
    const { findByRole, queryByRole } = at(<EventPage id={EVENT} />);
    await findByRole("button", { name: "Add to my calendar (.ics)" });
    for (const name of ["Change the event", "Move this date", "Who is coming", "Cancel this date"]) expect(queryByRole("button", { name }) ?? queryByRole("link", { name })).toBeNull();
  });
});

describe("who is coming, and answering for a family", () => {
  type Answer = EventsRsvpsQuery["event"]["rsvps"][number];
  const ANA = "Q2FyZWdpdmVyOmFuYQ";
  const GUEST = "UnN2cDpndWVzdA";
  const list: Answer[] = [
    { id: "UnN2cDph", occurrence: "2026-03-03", status: "GOING", adults: 2, children: 1, waitlistPosition: null, guestName: null, onBehalf: false, caregiver: { id: ANA, displayName: "Ana R." } },
    { id: GUEST, occurrence: "2026-03-03", status: "WAITLISTED", adults: 1, children: 2, waitlistPosition: 1, guestName: "The Nguyens", onBehalf: true, caregiver: null },
  ];

  beforeEach(() => {
    answers.EventsRsvps = (v) => ({ event: { id: v.id, rsvps: list } });
    answers.EventsGroupMembers = () => ({ group: { id: GROUP, members: { edges: [{ node: { id: "m1", caregiver: { id: ANA, displayName: "Ana R." } } }] } } });
    answers.EventsRsvp = () => ({ rsvp: { rsvp: rsvp(), errors: [] } });
  });

  it("lists each family's answer for the date, asked for only when opened", async () => {
    const { getByRole, findAllByRole } = render(<WhoIsComing event={{ id: EVENT, groupId: GROUP }} occurrence="2026-03-03" />);
    expect(ops("EventsRsvps")).toHaveLength(0);
    fireEvent.click(getByRole("button", { name: "Who is coming" }));
    expect(getByRole("button", { name: "Who is coming" }).getAttribute("aria-expanded")).toBe("true");
    const rows = await findAllByRole("listitem");
    expect(rows.map((r) => r.textContent)).toEqual([
      "Ana R.Going (adults: 2, children: 1)",
      "The Nguyens · answered by an organiserWaiting list, number 1 (adults: 1, children: 2)Change",
    ]);
    expect(ops("EventsRsvps")[0].variables).toEqual({ id: EVENT, occurrence: "2026-03-03" });
  });

  it("answers for a family without the app by name, then changes that answer by its RSVP", async () => {
    const { getByRole, getByLabelText, findByText, findByRole } = render(<WhoIsComing event={{ id: EVENT, groupId: GROUP }} occurrence="2026-03-03" />);
    fireEvent.click(getByRole("button", { name: "Who is coming" }));
    await findByText("The Nguyens");
    fireEvent.input(getByLabelText(/^The family's name/), { target: { value: " The Okafors " } });
    fireEvent.input(getByLabelText(/^Adults/), { target: { value: "2" } });
    fireEvent.input(getByLabelText(/^Children/), { target: { value: "3" } });
    fireEvent.click(getByRole("button", { name: "Going" }));
    await findByText("Answer saved for The Okafors.");
    expect(ops("EventsRsvp")[0].variables.input).toEqual({ eventId: EVENT, occurrence: "2026-03-03", going: true, adults: 2, children: 3, guestName: "The Okafors" });
    fireEvent.click(await findByRole("button", { name: "Change the answer for The Nguyens" }));
    await findByRole("heading", { name: "Change the answer for The Nguyens" });
    fireEvent.click(getByRole("button", { name: "Not going" }));
    await waitFor(() => expect(ops("EventsRsvp")).toHaveLength(2));
    expect(ops("EventsRsvp")[1].variables.input).toEqual({ eventId: EVENT, occurrence: "2026-03-03", going: false, adults: 1, children: 0, rsvpId: GUEST });
    expect(queued.value).toEqual([]); // answers for others never wait in the queue
  });

  it("answers for a member's family picked from the group, and shows a refusal at the name", async () => {
    const { getByRole, getByLabelText, findByLabelText, findByText } = render(<WhoIsComing event={{ id: EVENT, groupId: GROUP }} occurrence="2026-03-03" />);
    fireEvent.click(getByRole("button", { name: "Who is coming" }));
    answers.EventsRsvp = () => ({ rsvp: { rsvp: null, errors: [refusal("guestName", "The family's name needs at least 2 characters.")] } });
    fireEvent.click(getByRole("button", { name: "Going" }));
    await findByText("The family's name needs at least 2 characters.");
    expect(getByLabelText(/^The family's name/).getAttribute("aria-invalid")).toBe("true");
    answers.EventsRsvp = () => ({ rsvp: { rsvp: rsvp(), errors: [] } });
    fireEvent.change(await findByLabelText(/^Which family/), { target: { value: ANA } });
    fireEvent.click(getByRole("button", { name: "Going" }));
    await findByText("Answer saved for Ana R.");
    expect(ops("EventsRsvp")[1].variables.input).toEqual({ eventId: EVENT, occurrence: "2026-03-03", going: true, adults: 1, children: 0, caregiverId: ANA });
  });
});

describe("adding to a calendar", () => {
  const ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Saturday park playdate\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

  function capture() {
    const blobs: Blob[] = [];
    const saved: { href: string; download: string }[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((b) => {
      blobs.push(b as Blob);
      return "blob:village/1";
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.getAttribute("href") ?? "", download: this.download });
    });
    return { blobs, saved };
  }

  it("names the file after the title", () => {
    expect(icsFilename("Saturday park playdate!")).toBe("saturday-park-playdate.ics");
    expect(icsFilename("Día de la Familia")).toBe("dia-de-la-familia.ics");
    expect(icsFilename("!!!")).toBe("events.ics");
  });

  it("fetches the event's .ics with the session through the client and saves it as a text/calendar file", async () => {
    const { blobs, saved } = capture();
    answers.EventsEvent = () => ({ event: details({ viewerCanManage: false }) });
    answers.EventsIcs = () => ({ event: { id: EVENT, ics: ICS } });
    const { findByRole } = at(<EventPage id={EVENT} />);
    fireEvent.click(await findByRole("button", { name: "Add to my calendar (.ics)" }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual({ href: "blob:village/1", download: "saturday-park-playdate.ics" });
    expect(blobs[0].type).toBe("text/calendar");
    expect(await blobs[0].text()).toBe(ICS);
    const [ask] = ops("EventsIcs");
    expect(ask.variables).toEqual({ id: EVENT });
    expect(ask.headers.Authorization).toBe("Bearer tok");
  });

  it("saves my calendar from the calendar screen, and says so when the network is down", async () => {
    const { blobs, saved } = capture();
    answers.EventsMine = () => ({ myEvents: [occurrence()] });
    answers.EventsUpcoming = () => ({ events: [] });
    const { findByRole, findByText } = at(<Calendar />);
    fireEvent.click(await findByRole("button", { name: "Save my calendar (.ics)" }));
    await findByText("Could not reach Village. Check your connection and try again.");
    expect(saved).toHaveLength(0);
    answers.EventsMyIcs = () => ({ myEventsIcs: ICS });
    fireEvent.click(await findByRole("button", { name: "Save my calendar (.ics)" }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].download).toBe("my-calendar.ics");
    expect(await blobs[0].text()).toContain("BEGIN:VCALENDAR");
    expect(ops("EventsMyIcs").every((s) => s.headers.Authorization === "Bearer tok")).toBe(true);
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
    expect(routeFor(`/events/${EVENT}/edit`)?.path).toBe("/events/:id/edit");
  });
});
