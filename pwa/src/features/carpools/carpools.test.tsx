// Carpools: the start form sending a school year's Mon–Fri schedule (and waiting offline with one
// clientMutationId), its refusals at their fields; asking for seats with my children and the runs
// chosen; the organiser approving a request, and a full carpool said plainly; "Not riding today" and
// "I'll drive" on a trip; the ledger with its explanation and the organiser's credited help; swaps
// asked of us; the list in Spanish with the statement that Village does not screen drivers; home's
// upcoming trips; and every carpool notification opening the carpool.
import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import type { ComponentChildren } from "preact";
import { LocationProvider } from "preact-iso";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setTransport } from "../../api/client";
import type { CarpoolsActivityQuery, CarpoolsCarpoolQuery } from "../../gql/graphql";
import { setLang } from "../../i18n";
import { flushQueue, queued, resetQueue } from "../../offline/queue";
import { me } from "../../state/me";
import { chooseCommunity, signIn, signOutLocally } from "../../state/session";
import { homeSections } from "../home/sections";
import { screenFor } from "../notify";
import { routeFor } from "../registry";
import CarpoolPage from "./carpool";
import { CarpoolForm, comingJune15, emptyDraft, isoDay } from "./carpool-form";
import UpcomingTrips from "./home-section";
import Carpools from "./list";
import { daysText, scheduleSummary } from "./parts";
import { SwapRedirect, TripRedirect } from "./redirect";

const ME = "Q2FyZWdpdmVyOm1l";
const COMMUNITY = "Q29tbXVuaXR5OjE";
const CARPOOL = "Q2FycG9vbDox";
const TRIP = "Q2FycG9vbFRyaXA6MQ";
const MY_FAMILY = "RmFtaWx5Om1l";
const THEIR_FAMILY = "RmFtaWx5OnRoZW0";
const ANA = "Q2hpbGQ6YW5h";
const LEO = "Q2hpbGQ6bGVv";
const CHICAGO = "America/Chicago";
const NOTE = "Tm90aWZpY2F0aW9uOjE";

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
type Sent = { operationName: string; variables: Record<string, any> };
let sent: Sent[] = [];
let answers: Record<string, (v: Record<string, any>) => unknown> = {};
let online = true;

const ops = (name: string) => sent.filter((s) => s.operationName === name);
const at = (children: ComponentChildren) => render(<LocationProvider>{children}</LocationProvider>);
const ok = (field: string, value: unknown) => ({ [field]: { ...(value as object), errors: [] } });
const refusal = (field: string[], message: string, code: string) => ({ field: ["input", ...field], message, code, retryAfter: null });

beforeEach(async () => {
  signIn("tok", ME);
  await resetQueue();
  online = true;
  Object.defineProperty(navigator, "onLine", { configurable: true, get: () => online });
  chooseCommunity(COMMUNITY);
  me.value = { viewer: null, myMemberships: [{ id: "TWVtYmVyOjE", role: "CAREGIVER", state: "VERIFIED", communityId: COMMUNITY }] } as unknown as typeof me.value;
  sent = [];
  answers = { CarpoolsMyChildren: () => ({ myFamily: { id: MY_FAMILY, children: [{ id: ANA, name: "Ana" }, { id: LEO, name: "Leo" }] } }) };
  setTransport(async (body) => {
    const op = JSON.parse(body) as Sent;
    sent.push(op);
    const answer = answers[op.operationName];
    if (!answer) throw new TypeError("Failed to fetch");
    const data = answer(op.variables) as { __error?: boolean };
    // A refused read, as the API sends a domain error from a query.
    if (data.__error) return json({ data: null, errors: [{ message: "We could not find that postal code.", extensions: { code: "UNKNOWN_POSTAL_CODE" } }] });
    return json({ data });
  });
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

// --- fixtures ------------------------------------------------------------------------------------

type Carpool = CarpoolsCarpoolQuery["carpool"];
type Family = Carpool["families"][number];
type Activity = CarpoolsActivityQuery["carpool"];
type Trip = Activity["trips"][number];

const DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] as const;
const legs = DAYS.flatMap((weekday, i) => [
  { key: `${i}:to:every`, weekday, direction: "TO" as const, at: "07:45:00", weeks: "EVERY" as const },
  { key: `${i}:from:every`, weekday, direction: "FROM" as const, at: "15:15:00", weeks: "EVERY" as const },
]);

const family = (over: Partial<Family> = {}): Family => ({
  id: "Q2FycG9vbFNlYXRSZXF1ZXN0OnRoZW0",
  state: "APPROVED",
  organiser: false,
  canDrive: true,
  legs: legs.map((l) => l.key),
  familyId: THEIR_FAMILY,
  isMine: false,
  note: null,
  contact: null,
  children: [{ id: null, firstName: "Bao" }],
  caregivers: [{ id: "Q2FyZWdpdmVyOmxpbmg", displayName: "Linh N." }],
  ...over,
});
const mine = (over: Partial<Family> = {}): Family =>
  family({ id: "Q2FycG9vbFNlYXRSZXF1ZXN0Om1l", familyId: MY_FAMILY, isMine: true, organiser: true, children: [{ id: ANA, firstName: "Ana" }], caregivers: [{ id: ME, displayName: "Maria G." }], contact: "555-0101", ...over });

const carpool = (over: Partial<Carpool> = {}): Carpool => ({
  id: CARPOOL,
  communityId: COMMUNITY,
  title: "Lincoln Elementary run",
  destination: "Lincoln Elementary",
  purpose: "SCHOOL",
  notes: "",
  timezone: CHICAGO,
  schedule: { legs, startsOn: "2026-09-01", endsOn: "2027-06-15", skipped: ["2026-11-26"] },
  seats: 4,
  seatsFree: 2,
  pickupArea: "Logan Square",
  pickupDetails: null,
  distanceKm: 1.5,
  cancelled: false,
  viewerState: null,
  viewerIsOrganiser: false,
  viewerCanDecide: false,
  familyCount: 2,
  pendingRequestCount: 0,
  organiser: { id: "Q2FyZWdpdmVyOmxpbmg", displayName: "Linh N." },
  families: [],
  ...over,
});

const trip = (over: Partial<Trip> = {}): Trip => ({
  id: TRIP,
  carpoolId: CARPOOL,
  date: "2031-12-01",
  direction: "TO",
  startsAt: "2031-12-01T13:45:00Z",
  moved: false,
  cancelled: false,
  driverConfirmed: false,
  viewerIsDriver: false,
  viewerCanChange: false,
  viewerCanDrive: true,
  seatsUsed: 1,
  seats: 4,
  pickedUpAt: null,
  droppedOffAt: null,
  riders: [
    { child: { id: ANA, firstName: "Ana" }, familyId: MY_FAMILY, riding: true },
    { child: { id: null, firstName: "Bao" }, familyId: THEIR_FAMILY, riding: false },
  ],
  driver: null,
  ...over,
});

const activity = (over: Partial<Activity> = {}): { carpool: Activity } => ({ carpool: { id: CARPOOL, trips: [trip()], ledger: [], swaps: [], ...over } });

// --- words ---------------------------------------------------------------------------------------

describe("schedules in words", () => {
  it("says a school week's runs in a line, days in a row as a range", () => {
    expect(daysText(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"])).toBe("Mon–Fri");
    expect(daysText(["MONDAY", "WEDNESDAY", "FRIDAY"])).toBe("Mon, Wed, Fri");
    expect(scheduleSummary(legs).replace(/\u202f/g, " ")).toBe("Mon–Fri there 7:45 AM · Mon–Fri back 3:15 PM");
  });

  it("ends a school year on the coming June 15", () => {
    expect(comingJune15(new Date(2026, 11, 3))).toBe("2027-06-15");
    expect(comingJune15(new Date(2027, 1, 10))).toBe("2027-06-15");
    expect(comingJune15(new Date(2027, 5, 16))).toBe("2028-06-15");
  });
});

// --- starting one --------------------------------------------------------------------------------

describe("starting a carpool", () => {
  const kids = [
    { id: ANA, name: "Ana" },
    { id: LEO, name: "Leo" },
  ];

  it("sends a Mon–Fri run there and back for the school year with only the destination typed, and opens it", async () => {
    answers.QueuedCreateCarpool = () => ok("createCarpool", { carpool: { id: CARPOOL } });
    const { getByLabelText, getByRole } = at(<CarpoolForm communityId={COMMUNITY} myChildren={kids} />);
    for (const day of DAYS) expect((getByRole("checkbox", { name: new RegExp(`^${day[0]}${day.slice(1).toLowerCase()}$`) }) as HTMLInputElement).checked).toBe(true);
    expect((getByRole("checkbox", { name: "Saturday" }) as HTMLInputElement).checked).toBe(false);
    fireEvent.input(getByLabelText(/^Where to/), { target: { value: " Lincoln Elementary " } });
    fireEvent.click(getByRole("button", { name: "Start the carpool" }));
    await waitFor(() => expect(ops("QueuedCreateCarpool")).toHaveLength(1));
    const input = ops("QueuedCreateCarpool")[0].variables.input;
    const today = new Date();
    expect(input).toMatchObject({
      communityId: COMMUNITY,
      title: "Lincoln Elementary run",
      destination: "Lincoln Elementary",
      purpose: "SCHOOL",
      seats: 4,
      childIds: [ANA, LEO],
      canDrive: true,
      postalCode: null,
      contact: null,
      schedule: { startsOn: isoDay(today), endsOn: comingJune15(today), skipped: [] },
    });
    expect(input.schedule.legs).toEqual([
      ...DAYS.map((weekday) => ({ weekday, direction: "TO", at: "07:45:00", weeks: "EVERY" })),
      ...DAYS.map((weekday) => ({ weekday, direction: "FROM", at: "15:15:00", weeks: "EVERY" })),
    ]);
    expect(input.clientMutationId).toMatch(/.{8,}/);
    await waitFor(() => expect(location.pathname).toBe(`/carpools/${CARPOOL}`));
  });

  it("sends the days, times, weeks, days off and riders chosen, and shows the server's refusals at their fields", async () => {
    answers.QueuedCreateCarpool = () => ({
      createCarpool: {
        carpool: null,
        errors: [refusal(["postalCode"], "Say roughly where pickup is: a postal code (only the area is shown).", "REQUIRED"), refusal(["schedule", "skipped"], "A day off falls within the carpool's dates.", "OUT_OF_RANGE")],
      },
    });
    const { getByLabelText, getByRole, findByText, getByText } = at(<CarpoolForm communityId={COMMUNITY} myChildren={kids} />);
    fireEvent.input(getByLabelText(/^Where to/), { target: { value: "Lincoln Elementary" } });
    fireEvent.input(getByLabelText(/^Name/), { target: { value: "Logan Square to Lincoln" } });
    fireEvent.click(getByRole("checkbox", { name: "Wednesday" }));
    fireEvent.input(getByLabelText(/^Pickup time/), { target: { value: "08:00" } });
    fireEvent.click(getByRole("checkbox", { name: "Also back" }));
    fireEvent.input(getByLabelText(/^Days off/), { target: { value: "2026-11-26" } });
    fireEvent.click(getByRole("button", { name: "Add day off" }));
    getByText("November 26, 2026");
    fireEvent.change(getByLabelText(/^Which weeks/), { target: { value: "A" } });
    fireEvent.change(getByLabelText(/^Seats for children/), { target: { value: "3" } });
    fireEvent.click(getByRole("checkbox", { name: "Leo" }));
    fireEvent.click(getByRole("checkbox", { name: "I can drive" }));
    fireEvent.click(getByRole("button", { name: "Start the carpool" }));
    await findByText("Say roughly where pickup is: a postal code (only the area is shown).");
    expect(getByLabelText(/^Postal code/).getAttribute("aria-invalid")).toBe("true");
    expect(getByLabelText(/^Days off/).getAttribute("aria-invalid")).toBe("true");
    const input = ops("QueuedCreateCarpool")[0].variables.input;
    expect(input).toMatchObject({ title: "Logan Square to Lincoln", seats: 3, childIds: [ANA], canDrive: false, schedule: { skipped: ["2026-11-26"] } });
    expect(input.schedule.legs).toEqual(["MONDAY", "TUESDAY", "THURSDAY", "FRIDAY"].map((weekday) => ({ weekday, direction: "TO", at: "08:00:00", weeks: "A" })));
    expect(queued.value).toEqual([]);
    expect(location.pathname).toBe("/");
  });

  it("asks for a day before sending anything", async () => {
    const { getByLabelText, getByRole, findByText } = at(<CarpoolForm communityId={COMMUNITY} myChildren={kids} />);
    fireEvent.input(getByLabelText(/^Where to/), { target: { value: "Lincoln Elementary" } });
    for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) fireEvent.click(getByRole("checkbox", { name: day }));
    fireEvent.click(getByRole("button", { name: "Start the carpool" }));
    await findByText("Choose at least one day.");
    expect(ops("QueuedCreateCarpool")).toHaveLength(0);
  });

  it("waits in the offline queue, and the queue sends it with the same clientMutationId however often it retries", async () => {
    online = false;
    const { getByLabelText, getByRole, findByText } = at(<CarpoolForm communityId={COMMUNITY} myChildren={kids} />);
    fireEvent.input(getByLabelText(/^Where to/), { target: { value: "Lincoln Elementary" } });
    fireEvent.click(getByRole("button", { name: "Start the carpool" }));
    await findByText("Your carpool is saved and will be set up when you are back online.");
    expect(queued.value.map((q) => [q.kind, q.label, q.status])).toEqual([["createCarpool", "Lincoln Elementary run", "pending"]]);
    online = true;
    expect(await flushQueue()).toBe(0);
    answers.QueuedCreateCarpool = () => ok("createCarpool", { carpool: { id: CARPOOL } });
    expect(await flushQueue()).toBe(1);
    const [first, second] = ops("QueuedCreateCarpool").map((s) => s.variables.input.clientMutationId);
    expect(first).toBeTruthy();
    expect(second).toBe(first);
    expect(queued.value).toEqual([]);
  });

  it("has the school year's defaults", () => {
    const d = emptyDraft(new Date(2026, 11, 3));
    expect([d.days, d.there, d.alsoBack, d.back, d.startsOn, d.endsOn, d.seats, d.canDrive, d.weeks]).toEqual([[...DAYS], "07:45", true, "15:15", "2026-12-03", "2027-06-15", "4", true, "EVERY"]);
  });
});

// --- one carpool ---------------------------------------------------------------------------------

describe("a carpool I am not in", () => {
  it("shows the schedule, the seats free and only the pickup area, and says Village does not screen drivers", async () => {
    answers.CarpoolsCarpool = () => ({ carpool: carpool() });
    const { findByRole, getByText } = at(<CarpoolPage id={CARPOOL} />);
    await findByRole("heading", { level: 1, name: "Lincoln Elementary run" });
    getByText(/Village does not screen drivers\. Families vouch for each other/);
    getByText("2 seats free");
    getByText("Pickup around Logan Square");
    getByText("From Tuesday, September 1, 2026 to Tuesday, June 15, 2027.");
    getByText("Days off: November 26, 2026.");
    expect(getByText("Mon–Fri:").parentElement?.textContent?.replace(/\u202f/g, " ")).toBe("Mon–Fri: there 7:45 AM, back 3:15 PM");
    getByText(/The exact pickup and the families' contacts are shared once your family is approved/);
    expect(ops("CarpoolsActivity")).toHaveLength(0); // trips, ledger and swaps are for approved families
  });

  it("asks for seats for my children on the runs chosen, with a clientMutationId, then shows the request waiting", async () => {
    let state: Carpool["viewerState"] = null;
    answers.CarpoolsCarpool = () => ({ carpool: carpool({ viewerState: state }) });
    answers.QueuedRequestSeat = () => {
      state = "PENDING";
      return ok("requestSeat", { request: { id: "Q2FycG9vbFNlYXRSZXF1ZXN0Om1l" } });
    };
    const { findByRole, getByRole, getByLabelText, findByText, getByText } = at(<CarpoolPage id={CARPOOL} />);
    expect(((await findByRole("checkbox", { name: "Ana" })) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(getByRole("checkbox", { name: "Leo" }));
    fireEvent.click(getByText("Every run (change)"));
    for (const l of legs) expect((getByRole("checkbox", { name: new RegExp(`^${l.weekday[0]}${l.weekday.slice(1).toLowerCase()} ${l.direction === "TO" ? "there" : "back"},`) }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(getByRole("checkbox", { name: /^Friday back,/ }));
    getByText("9 of 10 runs (change)");
    fireEvent.click(getByRole("checkbox", { name: "We can drive" }));
    fireEvent.input(getByLabelText(/^Note for the organiser/), { target: { value: "Ana is in 2nd grade." } });
    fireEvent.input(getByLabelText(/^Phone/), { target: { value: "555-0199" } });
    fireEvent.click(getByRole("button", { name: "Ask for seats" }));
    await waitFor(() => expect(ops("QueuedRequestSeat")).toHaveLength(1));
    const input = ops("QueuedRequestSeat")[0].variables.input;
    expect(input).toMatchObject({ carpoolId: CARPOOL, childIds: [ANA], legs: legs.filter((l) => l.key !== "4:from:every").map((l) => l.key), canDrive: true, note: "Ana is in 2nd grade.", contact: "555-0199" });
    expect(input.clientMutationId).toBeTruthy();
    await findByText("Waiting for the organiser");
    getByRole("button", { name: "Withdraw my request" });
  });

  it("asks for every run (legs: null) by default, and shows a full run plainly at the runs", async () => {
    answers.CarpoolsCarpool = () => ({ carpool: carpool({ seatsFree: 0 }) });
    answers.QueuedRequestSeat = () => ({ requestSeat: { request: null, errors: [refusal(["legs"], "Not enough free seats on Monday there.", "NO_SEATS")] } });
    const { findByRole, getByRole, findByText, getByText } = at(<CarpoolPage id={CARPOOL} />);
    await findByRole("checkbox", { name: "Ana" });
    getByText("Full");
    fireEvent.click(getByRole("button", { name: "Ask for seats" }));
    await findByText("Not enough free seats on Monday there.");
    expect(ops("QueuedRequestSeat")[0].variables.input).toMatchObject({ childIds: [ANA, LEO], legs: null, canDrive: false });
    expect(queued.value).toEqual([]);
  });
});

describe("a carpool my family is in", () => {
  const organising = () =>
    carpool({
      viewerState: "APPROVED",
      viewerIsOrganiser: true,
      viewerCanDecide: true,
      pickupDetails: "Corner of Elm and 5th, by the blue mailbox",
      pendingRequestCount: 1,
      families: [mine(), family({ contact: "555-0123" }), family({ id: "Q2FycG9vbFNlYXRSZXF1ZXN0Om5ldw", familyId: "RmFtaWx5Om5ldw", state: "PENDING", canDrive: false, note: "We live two blocks away.", caregivers: [{ id: "Q2FyZWdpdmVyOnJvc2E", displayName: "Rosa P." }], children: [{ id: null, firstName: "Luz" }] })],
    });

  it("shows the exact pickup and the families with their children's first names and contacts", async () => {
    answers.CarpoolsCarpool = () => ({ carpool: organising() });
    answers.CarpoolsActivity = () => activity();
    const { findByText, getByRole, getByText } = at(<CarpoolPage id={CARPOOL} />);
    await findByText("Exact pickup: Corner of Elm and 5th, by the blue mailbox");
    getByRole("heading", { level: 2, name: "Families" });
    getByRole("heading", { level: 3, name: "Linh N." });
    getByText("Children: Bao");
    expect(getByRole("link", { name: "555-0123" }).getAttribute("href")).toBe("tel:5550123");
    getByText("“We live two blocks away.”");
  });

  it("lets the organiser change the carpool, sending only what changed, and shows a refusal at its field", async () => {
    answers.CarpoolsCarpool = () => ({ carpool: organising() });
    answers.CarpoolsActivity = () => activity();
    answers.CarpoolsUpdate = () => ({ updateCarpool: { carpool: null, errors: [refusal(["seats"], "More children already ride a run than that.", "SEATS_TAKEN")] } });
    const { findByText, getByLabelText, getByRole } = at(<CarpoolPage id={CARPOOL} />);
    fireEvent.click(await findByText("Change the carpool"));
    fireEvent.change(getByLabelText(/^Seats for children/), { target: { value: "1" } });
    fireEvent.input(getByLabelText(/^Days off/), { target: { value: "2026-12-24" } });
    fireEvent.click(getByRole("button", { name: "Add day off" }));
    fireEvent.click(getByRole("button", { name: "Save the changes" }));
    await findByText("More children already ride a run than that.");
    expect(getByLabelText(/^Seats for children/).getAttribute("aria-invalid")).toBe("true");
    expect(ops("CarpoolsUpdate")[0].variables.input).toEqual({ carpoolId: CARPOOL, seats: 1, skipped: ["2026-11-26", "2026-12-24"] });
  });

  it("has no organiser's tools for a family that does not organise", async () => {
    answers.CarpoolsCarpool = () => ({ carpool: carpool({ viewerState: "APPROVED", families: [mine({ organiser: false }), family({ organiser: true })] }) });
    answers.CarpoolsActivity = () => activity({ trips: [trip({ viewerCanChange: false })] });
    const { findByText, queryByText, queryByRole } = at(<CarpoolPage id={CARPOOL} />);
    await findByText("No driver yet.");
    expect(queryByText("Change the carpool")).toBeNull();
    expect(queryByText("Change this trip")).toBeNull();
    expect(queryByRole("heading", { name: "Requests waiting" })).toBeNull();
    expect(queryByRole("button", { name: "Credit help" })).toBeNull();
  });

  it("lets the organiser approve a request, and says plainly when no seats are left", async () => {
    answers.CarpoolsCarpool = () => ({ carpool: organising() });
    answers.CarpoolsActivity = () => activity();
    answers.CarpoolsDecide = () => ({ decideSeatRequest: { request: null, errors: [{ field: ["input", "requestId"], message: "Not enough seats left on Monday there.", code: "NO_SEATS", retryAfter: null }] } });
    const { findByRole, findByText } = at(<CarpoolPage id={CARPOOL} />);
    fireEvent.click(await findByRole("button", { name: "Approve Rosa P." }));
    await findByText("Not enough seats left on Monday there.");
    expect(ops("CarpoolsDecide")[0].variables.input).toEqual({ requestId: "Q2FycG9vbFNlYXRSZXF1ZXN0Om5ldw", approve: true });
    answers.CarpoolsDecide = () => ok("decideSeatRequest", { request: { id: "Q2FycG9vbFNlYXRSZXF1ZXN0Om5ldw", state: "DECLINED" } });
    fireEvent.click(await findByRole("button", { name: "Decline Rosa P." }));
    await waitFor(() => expect(ops("CarpoolsDecide")).toHaveLength(2));
    expect(ops("CarpoolsDecide")[1].variables.input).toEqual({ requestId: "Q2FycG9vbFNlYXRSZXF1ZXN0Om5ldw", approve: false });
  });

  it("marks my child not riding today, and takes a trip with no driver", async () => {
    answers.CarpoolsCarpool = () => ({ carpool: organising() });
    answers.CarpoolsActivity = () => activity();
    answers.CarpoolsSetRiding = () => ok("setTripRiding", { trip: { id: TRIP } });
    answers.CarpoolsTakeTrip = () => ok("takeTrip", { trip: { id: TRIP } });
    const { findByRole, getByRole, getByText } = at(<CarpoolPage id={CARPOOL} />);
    const toggle = await findByRole("button", { name: "Ana: not riding today" });
    expect(toggle.getAttribute("aria-pressed")).toBe("false");
    getByText("No driver yet.");
    getByText(/Riding: Ana · Not riding: Bao/);
    // In the carpool's time (Chicago), in the person's language.
    getByRole("heading", { level: 3, name: /^Mon, Dec 1, 7:45\s?AM · there$/ });
    fireEvent.click(toggle);
    await waitFor(() => expect(ops("CarpoolsSetRiding")).toHaveLength(1));
    expect(ops("CarpoolsSetRiding")[0].variables.input).toEqual({ tripId: TRIP, childIds: [ANA], riding: false });
    fireEvent.click(await findByRole("button", { name: "I'll drive" }));
    await waitFor(() => expect(ops("CarpoolsTakeTrip")).toHaveLength(1));
    expect(ops("CarpoolsTakeTrip")[0].variables.input).toEqual({ tripId: TRIP });
  });

  it("gives the driver Picked up and Dropped off on the day, and shows the server's answer when it is not time yet", async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    answers.CarpoolsCarpool = () => ({ carpool: organising() });
    answers.CarpoolsActivity = () => activity({ trips: [trip({ startsAt: soon, viewerIsDriver: true, viewerCanChange: true, driverConfirmed: true, driver: { familyId: MY_FAMILY, isMine: true, caregivers: [] } })] });
    answers.CarpoolsCheckIn = () => ({ checkInTrip: { trip: null, errors: [{ field: ["input", "tripId"], message: "Check in around the trip's time.", code: "NOT_NOW", retryAfter: null }] } });
    const { findByRole, findByText, getByText, queryByRole } = at(<CarpoolPage id={CARPOOL} />);
    fireEvent.click(await findByRole("button", { name: "Picked up" }));
    await findByText("Check in around the trip's time.");
    expect(ops("CarpoolsCheckIn")[0].variables.input).toEqual({ tripId: TRIP, droppedOff: false });
    getByText("Your family drives.");
    getByText("Confirmed");
    expect(queryByRole("button", { name: "I'll drive" })).toBeNull();
  });

  it("keeps a trip under way listed for its driver's Dropped off, with nothing else to change", async () => {
    const started = new Date(Date.now() - 20 * 60_000).toISOString();
    answers.CarpoolsCarpool = () => ({ carpool: organising() });
    answers.CarpoolsActivity = () => activity({ trips: [trip({ startsAt: started, pickedUpAt: started, viewerIsDriver: true, viewerCanChange: true, driverConfirmed: true, driver: { familyId: MY_FAMILY, isMine: true, caregivers: [] } })] });
    answers.CarpoolsCheckIn = () => ok("checkInTrip", { trip: { id: TRIP, pickedUpAt: started, droppedOffAt: new Date().toISOString() } });
    const { findByRole, getByText, queryByRole, queryByText } = at(<CarpoolPage id={CARPOOL} />);
    fireEvent.click(await findByRole("button", { name: "Dropped off" }));
    await waitFor(() => expect(ops("CarpoolsCheckIn")).toHaveLength(1));
    expect(ops("CarpoolsCheckIn")[0].variables.input).toEqual({ tripId: TRIP, droppedOff: true });
    getByText("Under way");
    getByText(/^Picked up at /);
    expect(queryByRole("button", { name: "Ana: not riding today" })).toBeNull();
    expect(queryByText("Change this trip")).toBeNull();
    // The window starts hours back, on the hour, so a trip under way is still listed.
    const from = new Date(ops("CarpoolsActivity")[0].variables.from).getTime();
    expect(Date.now() - from).toBeGreaterThanOrEqual(6 * 3600_000);
    expect(Date.now() - from).toBeLessThan(7 * 3600_000);
  });

  it("shows no check-in on a day other than the trip's", async () => {
    answers.CarpoolsCarpool = () => ({ carpool: organising() });
    answers.CarpoolsActivity = () => activity({ trips: [trip({ viewerIsDriver: true, driverConfirmed: true, driver: { familyId: MY_FAMILY, isMine: true, caregivers: [] } })] });
    const { findByText, queryByRole } = at(<CarpoolPage id={CARPOOL} />);
    await findByText("Your family drives.");
    expect(queryByRole("button", { name: "Picked up" })).toBeNull();
  });

  it("calls a trip off after a second step, through the offline queue when the network is down", async () => {
    answers.CarpoolsCarpool = () => ({ carpool: organising() });
    answers.CarpoolsActivity = () => activity({ trips: [trip({ viewerCanChange: true })] });
    const { findByText, getByRole, findByRole } = at(<CarpoolPage id={CARPOOL} />);
    fireEvent.click(await findByText("Change this trip"));
    fireEvent.click(getByRole("button", { name: "Call off" }));
    online = false;
    fireEvent.click(getByRole("button", { name: "Yes, call it off" }));
    await findByText("Saved: the trip will be called off when you are back online.");
    expect(queued.value.map((q) => [q.kind, (q.input as { tripId: string }).tripId])).toEqual([["cancelTrip", TRIP]]);
    expect(await findByRole("heading", { name: "Waiting to send" })).toBeTruthy();
  });

  it("shows the ledger with its explanation, who is proposed next, and lets the organiser credit help", async () => {
    answers.CarpoolsCarpool = () => ({ carpool: organising() });
    answers.CarpoolsActivity = () =>
      activity({
        ledger: [
          { familyId: THEIR_FAMILY, isMine: false, balance: -1 / 3, balanceText: "-1/3", drives: 1, credited: 0, proposedNext: true, caregivers: [{ id: "Q2FyZWdpdmVyOmxpbmg", displayName: "Linh N." }] },
          { familyId: MY_FAMILY, isMine: true, balance: 1 / 3, balanceText: "+1/3", drives: 2, credited: 0.5, proposedNext: false, caregivers: [] },
        ],
      });
    answers.CarpoolsCreditHelp = () => ok("creditCarpoolHelp", { carpool: { id: CARPOOL } });
    const { findByRole, getByText, getByRole, getByLabelText } = at(<CarpoolPage id={CARPOOL} />);
    const ledger = (await findByRole("list", { name: "Ledger" })) as HTMLElement;
    getByText(/Each trip's drive is shared by the families riding it; below zero means the family owes drives\. The family owing most is proposed next\./);
    const lines = [...ledger.querySelectorAll(":scope > li")].map((li) => li.textContent);
    expect(lines[0]).toContain("Linh N.");
    expect(lines[0]).toContain("Proposed next");
    expect(lines[0]).toContain("−1/3");
    expect(lines[0]).toContain("owes drives");
    expect(lines[1]).toContain("Your family");
    expect(lines[1]).toContain("+1/3");
    expect(lines[1]).toContain("0.5 drives");
    fireEvent.click(getByRole("button", { name: "Credit help" }));
    fireEvent.input(getByLabelText(/^Worth/), { target: { value: "0.5" } });
    fireEvent.input(getByLabelText(/^What they did/), { target: { value: "Walks the kids in" } });
    fireEvent.click(getByRole("button", { name: "Credit it" }));
    await waitFor(() => expect(ops("CarpoolsCreditHelp")).toHaveLength(1));
    expect(ops("CarpoolsCreditHelp")[0].variables.input).toEqual({ carpoolId: CARPOOL, familyId: THEIR_FAMILY, drives: 0.5, note: "Walks the kids in" });
  });

  it("answers a swap asked of us", async () => {
    answers.CarpoolsCarpool = () => ({ carpool: organising() });
    answers.CarpoolsActivity = () =>
      activity({
        swaps: [{ id: "Q2FycG9vbFN3YXA6MQ", state: "PENDING", note: "Dentist that morning", createdAt: "2026-12-01T10:00:00Z", viewerIsAsked: true, viewerAsked: false, tripId: TRIP, tripStartsAt: "2031-12-01T13:45:00Z", returnTripId: null, returnTripStartsAt: null }],
      });
    answers.CarpoolsAnswerSwap = () => ok("answerSwap", { swap: { id: "Q2FycG9vbFN3YXA6MQ", state: "ACCEPTED" } });
    const { findByText, getByRole } = at(<CarpoolPage id={CARPOOL} />);
    await findByText(/^You are asked to drive Mon, Dec 1, 7:45\s?AM\.$/);
    fireEvent.click(getByRole("button", { name: "Accept" }));
    await waitFor(() => expect(ops("CarpoolsAnswerSwap")).toHaveLength(1));
    expect(ops("CarpoolsAnswerSwap")[0].variables.input).toEqual({ swapId: "Q2FycG9vbFN3YXA6MQ", accept: true });
  });

  it("asks another driving family for a swap, offering to take one of their trips", async () => {
    const theirs = trip({ id: "Q2FycG9vbFRyaXA6Mg", startsAt: "2031-12-02T13:45:00Z", date: "2031-12-02", driverConfirmed: true, driver: { familyId: THEIR_FAMILY, isMine: false, caregivers: [{ id: "Q2FyZWdpdmVyOmxpbmg", displayName: "Linh N." }] } });
    answers.CarpoolsCarpool = () => ({ carpool: organising() });
    answers.CarpoolsActivity = () => activity({ trips: [trip({ viewerIsDriver: true, viewerCanChange: true, driverConfirmed: true, driver: { familyId: MY_FAMILY, isMine: true, caregivers: [] } }), theirs] });
    answers.CarpoolsRequestSwap = () => ok("requestSwap", { swap: { id: "Q2FycG9vbFN3YXA6Mg" } });
    const { findAllByText, getAllByRole, getByLabelText, getByRole } = at(<CarpoolPage id={CARPOOL} />);
    fireEvent.click((await findAllByText("Change this trip"))[0]);
    fireEvent.click(getAllByRole("button", { name: "Ask for a swap" })[0]);
    fireEvent.change(getByLabelText(/^Take one of their trips/), { target: { value: "Q2FycG9vbFRyaXA6Mg" } });
    fireEvent.click(getByRole("button", { name: "Send the request" }));
    await waitFor(() => expect(ops("CarpoolsRequestSwap")).toHaveLength(1));
    expect(ops("CarpoolsRequestSwap")[0].variables.input).toEqual({ tripId: TRIP, toFamilyId: THEIR_FAMILY, returnTripId: "Q2FycG9vbFRyaXA6Mg", note: null });
  });
});

// --- the list, in Spanish too --------------------------------------------------------------------

describe("the carpools list", () => {
  const card = { ...carpool({ viewerState: "PENDING" }) };

  it("shows my carpools with where I stand, the way to start one and the trust statement", async () => {
    answers.CarpoolsMine = () => ({ myCarpools: [card] });
    const { findByRole, getByText, getByRole } = at(<Carpools />);
    const link = await findByRole("link", { name: "Lincoln Elementary run" });
    expect(link.getAttribute("href")).toBe(`/carpools/${CARPOOL}`);
    getByText("Waiting for approval");
    getByText("2 seats free");
    getByText("Pickup around Logan Square · about 1.5 km");
    getByText("Village does not screen drivers. Families vouch for each other: meet first, and decide together who drives your children.");
    expect(getByRole("link", { name: "Start a carpool" }).getAttribute("href")).toBe("/carpools/new");
  });

  it("finds carpools near me with the filters given", async () => {
    history.replaceState(null, "", "/carpools?tab=near");
    answers.CarpoolsNear = () => ({ carpools: [{ ...card, viewerState: null }] });
    const { findByRole, getByLabelText, getByRole } = at(<Carpools />);
    await findByRole("link", { name: "Lincoln Elementary run" });
    expect(ops("CarpoolsNear")[0].variables).toEqual({ communityId: COMMUNITY, destination: null, day: null, near: null });
    fireEvent.input(getByLabelText(/^Destination/), { target: { value: "Lincoln " } });
    fireEvent.change(getByLabelText(/^Day/), { target: { value: "TUESDAY" } });
    fireEvent.input(getByLabelText(/^Near postal code/), { target: { value: "60647" } });
    fireEvent.click(getByRole("button", { name: "Search" }));
    await waitFor(() => expect(ops("CarpoolsNear").at(-1)?.variables).toEqual({ communityId: COMMUNITY, destination: "Lincoln", day: "TUESDAY", near: "60647" }));
  });

  it("says at the field when the postal code is not one the server knows", async () => {
    history.replaceState(null, "", "/carpools?tab=near");
    answers.CarpoolsNear = (v) => (v.near ? { __error: true } : { carpools: [{ ...card, viewerState: null }] });
    const { findByRole, getByLabelText, getByRole, findByText, queryByRole } = at(<Carpools />);
    await findByRole("link", { name: "Lincoln Elementary run" });
    fireEvent.input(getByLabelText(/^Near postal code/), { target: { value: "00000" } });
    fireEvent.click(getByRole("button", { name: "Search" }));
    await findByText("We could not find that postal code.");
    expect(getByLabelText(/^Near postal code/).getAttribute("aria-invalid")).toBe("true");
    expect(queryByRole("link", { name: "Lincoln Elementary run" })).toBeNull();
  });

  it("is in Spanish, statement and all", async () => {
    setLang("es");
    answers.CarpoolsMine = () => ({ myCarpools: [card] });
    const { findByRole, getByText, getByRole } = at(<Carpools />);
    await findByRole("link", { name: "Lincoln Elementary run" });
    getByRole("heading", { level: 1, name: "Viajes compartidos" });
    getByText("Village no verifica a los conductores. Las familias se avalan entre sí: conózcanse primero y decidan juntas quién lleva a sus hijos.");
    getByText("2 asientos libres");
    getByText("Esperando aprobación");
    getByText("Recogida cerca de Logan Square · a unos 1,5 km");
    getByRole("link", { name: "Nuevo viaje compartido" });
  });

  it("words the form and the API's refusals in Spanish", async () => {
    setLang("es");
    answers.QueuedCreateCarpool = () => ({ createCarpool: { carpool: null, errors: [refusal(["childIds"], "More children than seats.", "NO_SEATS")] } });
    const { getByLabelText, getByRole, findByText } = at(<CarpoolForm communityId={COMMUNITY} myChildren={[{ id: ANA, name: "Ana" }]} />);
    getByRole("checkbox", { name: "lunes" });
    fireEvent.input(getByLabelText(/^Adónde/), { target: { value: "Escuela Lincoln" } });
    fireEvent.click(getByRole("button", { name: "Organizar el viaje compartido" }));
    await findByText("No hay suficientes asientos libres en esos trayectos.");
    expect(ops("QueuedCreateCarpool")[0].variables.input.title).toBe("Ruta a Escuela Lincoln");
  });
});

// --- home, notifications and routes --------------------------------------------------------------

describe("home's upcoming trips", () => {
  it("is one of home's sections, lists my next trips in their carpool's time, linking to the carpool, without children's names", async () => {
    expect(homeSections().map((s) => s.title)).toContain("carpools.homeTitle");
    answers.CarpoolsHome = () => ({
      myTrips: [{ id: TRIP, carpoolId: CARPOOL, carpoolTitle: "Lincoln Elementary run", destination: "Lincoln Elementary", direction: "FROM", startsAt: "2031-12-01T21:15:00Z", cancelled: false, driverConfirmed: true, viewerIsDriver: true, driver: { familyId: MY_FAMILY, isMine: true } }],
      myCarpools: [{ id: CARPOOL, timezone: CHICAGO }],
    });
    const { findByRole, getByText } = render(<UpcomingTrips />);
    const link = await findByRole("link", { name: "Lincoln Elementary run" });
    expect(link.getAttribute("href")).toBe(`/carpools/${CARPOOL}#trip-${TRIP}`);
    getByText(/^Mon, Dec 1, 3:15\s?PM · back$/);
    getByText("You drive.");
  });

  it("hides itself when there is no trip", async () => {
    answers.CarpoolsHome = () => ({ myTrips: [], myCarpools: [] });
    const { container } = render(<UpcomingTrips />);
    await waitFor(() => expect(container.querySelector(".carpools-home-empty")).not.toBeNull());
    expect(container.querySelector("ul")).toBeNull();
  });
});

describe("where carpools live", () => {
  const gid = (type: string) => btoa(`${type}:6f1c1f7e-5a7c-4c36-9d0a-3d2f3e9b1a20`).replace(/=+$/, "");

  it("opens the carpool, the trip's or the swap's, from each of its notifications", () => {
    for (const kind of ["carpool_seat_requested", "carpool_seat_approved", "carpool_seat_declined", "carpool_family_left"]) expect(screenFor("garbled", "n1", kind)).toBe("/carpools/garbled?n=n1");
    for (const kind of ["carpool_trip_changed", "carpool_trip_cancelled", "carpool_needs_driver", "carpool_not_riding", "carpool_picked_up", "carpool_dropped_off", "carpool_reminder_evening", "carpool_reminder_soon"]) {
      expect(screenFor("garbled", "n1", kind)).toBe("/carpools/trip/garbled?n=n1");
    }
    for (const kind of ["carpool_swap_requested", "carpool_swap_accepted", "carpool_swap_declined"]) expect(screenFor("garbled", "n1", kind)).toBe("/carpools/swap/garbled?n=n1");
    expect(screenFor(gid("CarpoolTrip"), "n1")).toBe(`/carpools/trip/${gid("CarpoolTrip")}?n=n1`);
    expect(routeFor("/carpools")?.path).toBe("/carpools");
    expect(routeFor("/carpools/new")?.path).toBe("/carpools/new");
    expect(routeFor(`/carpools/${CARPOOL}`)?.path).toBe("/carpools/:id");
    expect(routeFor(`/carpools/trip/${TRIP}`)?.path).toBe("/carpools/trip/:tripId");
    expect(routeFor("/carpools/swap/abc")?.path).toBe("/carpools/swap/:swapId");
  });

  it("goes from a trip to its carpool, at the trip, keeping the notification to mark read", async () => {
    history.replaceState(null, "", `/carpools/trip/${TRIP}?n=${NOTE}`);
    answers.CarpoolsTripCarpool = () => ({ node: { id: TRIP, carpoolId: CARPOOL } });
    at(<TripRedirect tripId={TRIP} />);
    await waitFor(() => expect(location.pathname + location.search + location.hash).toBe(`/carpools/${CARPOOL}?n=${NOTE}#trip-${TRIP}`));
  });

  it("goes from a swap to its trip's carpool", async () => {
    history.replaceState(null, "", "/carpools/swap/c3dhcA");
    answers.CarpoolsSwapTrip = () => ({ node: { id: "c3dhcA", tripId: TRIP } });
    answers.CarpoolsTripCarpool = () => ({ node: { id: TRIP, carpoolId: CARPOOL } });
    at(<SwapRedirect swapId="c3dhcA" />);
    await waitFor(() => expect(location.pathname).toBe(`/carpools/${CARPOOL}`));
    expect(ops("CarpoolsTripCarpool")[0].variables).toEqual({ id: TRIP });
  });

  it("says so when the trip cannot be seen", async () => {
    answers.CarpoolsTripCarpool = () => ({ node: null });
    const { findByText } = at(<TripRedirect tripId={TRIP} />);
    await findByText("This trip is not available.");
  });
});
