import { act, fireEvent, render } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "../../i18n";
import { TagInput, splitErrors } from "../../ui";
import { takeDraft } from "./shared";
import { afterCircle, childInput, childUpdate, emptyChild, nextStep, onboardedKey, parseStep, prevStep, spokenDefault, stepNumber, stepPath, toggleLanguage, withDraft } from "./steps";

afterEach(() => setLang("en"));

describe("steps", () => {
  it("starts at joining for /welcome and for an unknown step", () => {
    expect(parseStep(undefined)).toBe("join");
    expect(parseStep("nonsense")).toBe("join");
    expect(parseStep("children")).toBe("children");
  });

  it("goes join → language → circle → offers → children → done and back", () => {
    expect(nextStep("join")).toBe("language");
    expect(nextStep("circle")).toBe("offers");
    expect(nextStep("offers")).toBe("children");
    expect(prevStep("children")).toBe("offers");
    expect(nextStep("children")).toBe("done");
    expect(nextStep("done")).toBeNull();
    expect(prevStep("join")).toBeNull();
    expect(prevStep("circle")).toBe("language");
    expect(stepNumber("language")).toBe(2);
    // Offers are the circle's second half: the count stays "of 4".
    expect([stepNumber("circle"), stepNumber("offers"), stepNumber("children"), stepNumber("done")]).toEqual([3, 3, 4, 5]);
    expect(stepPath("join")).toBe("/welcome");
    expect(stepPath("circle")).toBe("/welcome/circle");
    expect(onboardedKey("Q2FyZWdpdmVyOjE=")).toBe("village.onboarded.Q2FyZWdpdmVyOjE=");
  });
});

describe("after the circle", () => {
  it("offers to turn it into offers when it has strengths or passions, else goes on to the children", () => {
    expect(afterCircle({ strengths: ["Cooking"], passions: [] })).toBe("offers");
    expect(afterCircle({ strengths: [], passions: ["Salsa"] })).toBe("offers");
    expect(afterCircle({ strengths: [], passions: [] })).toBe("children");
  });
});

describe("languages I speak", () => {
  it("starts from the profile, else from the app's language", () => {
    expect(spokenDefault(["es", "fr"], "en")).toEqual(["es", "fr"]);
    expect(spokenDefault([], "es")).toEqual(["es"]);
    expect(spokenDefault(undefined, "en")).toEqual(["en"]);
  });

  it("ticks and unticks one language and keeps the others the screen does not show", () => {
    expect(toggleLanguage(["fr", "en"], "es", true)).toEqual(["fr", "en", "es"]);
    expect(toggleLanguage(["fr", "en"], "en", false)).toEqual(["fr"]);
    expect(toggleLanguage(["en"], "en", true)).toEqual(["en"]);
  });
});

describe("a child's circle", () => {
  it("sends a trimmed name, no grade when none was chosen, and the circle", () => {
    const input = childInput({ ...emptyChild(), name: "  Mia ", strengths: ["drawing"], joy: " the sea " });
    expect(input).toEqual({ name: "Mia", grade: null, strengths: ["drawing"], passions: [], interests: [], joy: "the sea" });
  });

  it("leaves the grade out of an update when it is empty (the API cannot clear it)", () => {
    expect(childUpdate("c1", { ...emptyChild(), name: "Leo", grade: "" })).not.toHaveProperty("grade");
    expect(childUpdate("c1", { ...emptyChild(), name: "Leo", grade: "K" })).toMatchObject({ childId: "c1", grade: "K", name: "Leo" });
  });
});

describe("server errors", () => {
  it("puts each error at its field, list items at their list, the rest at the top", () => {
    const { fields, general } = splitErrors(
      [
        { field: ["input", "strengths", "2"], message: "Strengths: each item can be at most 80 characters.", code: "TOO_LONG", retryAfter: null },
        { field: ["input", "name"], message: "Your child's first name or nickname is required.", code: "REQUIRED", retryAfter: null },
        { field: null, message: "A family can list at most 12 children.", code: "TOO_MANY", retryAfter: null },
      ],
      ["name", "strengths"],
    );
    expect(fields).toEqual({ strengths: "Strengths: each item can be at most 80 characters.", name: "Your child's first name or nickname is required." });
    expect(general).toEqual(["A family can list at most 12 children."]);
  });

  it("uses the catalogue's words in Spanish", () => {
    setLang("es");
    const { fields } = splitErrors([{ field: ["input", "inviteCode"], message: "That invite code is not valid.", code: "INVALID_INVITE", retryAfter: null }], ["inviteCode"]);
    expect(fields.inviteCode).toBe("Ese código de invitación no es válido. Confírmalo con tu escuela.");
  });
});

describe("nothing typed is lost", () => {
  it("adds a typed word once, case-insensitively, up to the limit", () => {
    expect(withDraft(["Cooking"], "  Soccer ")).toEqual(["Cooking", "Soccer"]);
    expect(withDraft(["Cooking"], "cooking")).toEqual(["Cooking"]);
    expect(withDraft(["a"], "   ")).toEqual(["a"]);
    expect(withDraft(["a", "b"], "c", 2)).toEqual(["a", "b"]);
  });

  it("takes a word still in a TagInput's field into the list and clears the field", () => {
    let latest: string[] = [];
    function Harness() {
      const [values, setValues] = useState<string[]>(["Cooking"]);
      latest = values;
      return (
        <div data-testid="box">
          <TagInput label="Strengths" values={values} onChange={setValues} />
        </div>
      );
    }
    const { getByTestId, getByRole } = render(<Harness />);
    const field = getByRole("textbox", { name: "Strengths" }) as HTMLInputElement;
    fireEvent.input(field, { target: { value: "Gardening" } });
    let list: string[] = [];
    act(() => {
      list = takeDraft(getByTestId("box"), latest);
    });
    expect(list).toEqual(["Cooking", "Gardening"]);
    expect(latest).toEqual(["Cooking", "Gardening"]);
    expect(field.value).toBe("");
  });
});
