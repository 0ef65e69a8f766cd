import { cleanup, fireEvent, render } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "../../i18n";
import { errorText } from "../../ui";
import { AvailabilityEditor, availabilityRowErrors, CategoryPicker, localInputToIso, matchStatusName, Reasons, type Slot } from "./parts";

afterEach(() => {
  cleanup();
  setLang("en");
});

describe("datetime-local to the API", () => {
  it("keeps the wall-clock time and adds this device's offset", () => {
    const iso = localInputToIso("2026-12-01T18:30")!;
    expect(iso).toMatch(/^2026-12-01T18:30:00[+-]\d\d:\d\d$/);
    // The same instant as the browser reads the local value.
    expect(new Date(iso).getTime()).toBe(new Date("2026-12-01T18:30").getTime());
  });

  it("sends nothing for an empty or broken value", () => {
    expect(localInputToIso("")).toBeNull();
    expect(localInputToIso("not a date")).toBeNull();
  });
});

describe("availability errors", () => {
  it("puts an error about a time range at its row and keeps the rest for the form", () => {
    const { rows, rest } = availabilityRowErrors(
      [
        { field: ["input", "availability", "1"], message: "A time range must end after it starts.", code: "OUT_OF_RANGE", retryAfter: null },
        { field: ["input", "availability"], message: "Two time ranges overlap; merge them.", code: "OVERLAP", retryAfter: null },
        { field: ["input", "title"], message: "The title is required.", code: "REQUIRED", retryAfter: null },
      ],
      errorText,
    );
    expect(rows).toEqual({ 1: "A time range must end after it starts." });
    expect(rest.map((e) => e.code)).toEqual(["OVERLAP", "REQUIRED"]);
  });
});

function Editor({ initial, rowErrors = {} }: { initial: Slot[]; rowErrors?: Record<number, string> }) {
  const [slots, setSlots] = useState(initial);
  return (
    <>
      <AvailabilityEditor slots={slots} onChange={setSlots} rowErrors={rowErrors} />
      <output data-testid="value">{JSON.stringify(slots)}</output>
    </>
  );
}

describe("the weekly availability editor", () => {
  it("adds a row for the next day with the same hours, and removes a row", () => {
    const { getByRole, getByTestId, getAllByLabelText } = render(<Editor initial={[{ day: "TUESDAY", start: "18:00", end: "20:00" }]} />);
    fireEvent.click(getByRole("button", { name: "Add a time" }));
    expect(JSON.parse(getByTestId("value").textContent!)).toEqual([
      { day: "TUESDAY", start: "18:00", end: "20:00" },
      { day: "WEDNESDAY", start: "18:00", end: "20:00" },
    ]);
    fireEvent.input(getAllByLabelText("From")[1], { target: { value: "09:00" } });
    fireEvent.click(getByRole("button", { name: "Remove time 1" }));
    expect(JSON.parse(getByTestId("value").textContent!)).toEqual([{ day: "WEDNESDAY", start: "09:00", end: "20:00" }]);
  });

  it("names each row for screen readers and shows a row's error inside it", () => {
    const { getByRole } = render(<Editor initial={[{ day: "MONDAY", start: "20:00", end: "18:00" }]} rowErrors={{ 0: "A time range must end after it starts." }} />);
    const row = getByRole("group", { name: "Time 1" });
    expect(row.textContent).toContain("A time range must end after it starts.");
    expect(row.getAttribute("aria-describedby")).toBe("slot-0-error");
  });
});

describe("the category picker", () => {
  it("groups subcategories under their parent, which can be chosen too", () => {
    const groups = [{ slug: "tutoring", label: "Tutoring & homework", subcategories: [{ slug: "tutoring.math", label: "Math" }] }];
    let chosen = "";
    const { getByLabelText, container } = render(<CategoryPicker label="Category" emptyLabel="Choose…" value="" onValue={(v) => (chosen = v)} groups={groups} />);
    const group = container.querySelector("optgroup")!;
    expect(group.getAttribute("label")).toBe("Tutoring & homework");
    expect([...group.querySelectorAll("option")].map((o) => [o.value, o.textContent])).toEqual([
      ["tutoring", "Tutoring & homework (in general)"],
      ["tutoring.math", "Math"],
    ]);
    fireEvent.change(getByLabelText("Category"), { target: { value: "tutoring.math" } });
    expect(chosen).toBe("tutoring.math");
  });
});

describe("words", () => {
  it("says where a match stands from the viewer's side", () => {
    expect(matchStatusName("OFFERED", true)).toBe("Offered to help");
    expect(matchStatusName("OFFERED", false)).toBe("You offered");
    setLang("es");
    expect(matchStatusName("REQUESTED", false)).toBe("Te piden ayuda");
  });

  it("lists the reasons as given, with no score", () => {
    const { getAllByRole } = render(<Reasons reasons={["speaks Spanish", "about 3 km away"]} />);
    expect(getAllByRole("listitem").map((li) => li.textContent)).toEqual(["speaks Spanish", "about 3 km away"]);
  });
});
