import { cleanup, fireEvent, render, waitFor, within } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTransport } from "../../api/client";
import { setLang } from "../../i18n";
import { signIn, signOutLocally } from "../../state/session";
import { OffersStep } from "./my-offers";
import { type CategoryTree, categoryIndex, guessCategory, offerCandidates, offerInput } from "./offers";

// A slice of the taxonomy, as skillCategories gives it in each language.
const EN: CategoryTree[] = [
  { slug: "tutoring", label: "Tutoring & homework", subcategories: [{ slug: "tutoring.math", label: "Math" }, { slug: "tutoring.homework", label: "Homework help" }] },
  { slug: "cooking", label: "Cooking & food", subcategories: [{ slug: "cooking.meals", label: "Family meals" }, { slug: "cooking.baking", label: "Baking" }] },
  { slug: "trades", label: "Trades & repair", subcategories: [{ slug: "trades.sewing", label: "Sewing & mending" }, { slug: "trades.car_repair", label: "Car repair" }] },
  { slug: "arts", label: "Arts & music", subcategories: [{ slug: "arts.visual", label: "Drawing & painting" }, { slug: "arts.dance", label: "Dance" }] },
  { slug: "emotional_support", label: "Emotional support", subcategories: [{ slug: "emotional_support.listening", label: "A listening ear" }] },
];
const ES: CategoryTree[] = [
  { slug: "tutoring", label: "Tutoría y tareas", subcategories: [{ slug: "tutoring.math", label: "Matemáticas" }, { slug: "tutoring.homework", label: "Ayuda con la tarea" }] },
  { slug: "cooking", label: "Cocina y comida", subcategories: [{ slug: "cooking.meals", label: "Comidas familiares" }, { slug: "cooking.baking", label: "Repostería" }] },
  { slug: "trades", label: "Oficios y reparaciones", subcategories: [{ slug: "trades.sewing", label: "Costura y arreglos" }, { slug: "trades.car_repair", label: "Mecánica de autos" }] },
  { slug: "arts", label: "Artes y música", subcategories: [{ slug: "arts.visual", label: "Dibujo y pintura" }, { slug: "arts.dance", label: "Baile" }] },
  { slug: "emotional_support", label: "Apoyo emocional", subcategories: [{ slug: "emotional_support.listening", label: "Alguien que escuche" }] },
];
const index = categoryIndex([EN, ES]);

describe("guessing an entry's category", () => {
  it("reads the entry in either language, in any form of the word", () => {
    expect(guessCategory("Cooking", index)).toBe("cooking");
    expect(guessCategory("Cocinar", index)).toBe("cooking");
    expect(guessCategory("Baking bread", index)).toBe("cooking.baking");
    expect(guessCategory("Math tutoring", index)).toBe("tutoring.math");
    expect(guessCategory("matemáticas", index)).toBe("tutoring.math");
    expect(guessCategory("Dibujar", index)).toBe("arts.visual");
    expect(guessCategory("Bailar salsa", index)).toBe("arts.dance");
    expect(guessCategory("Escuchar", index)).toBe("emotional_support.listening");
    expect(guessCategory("Fixing cars", index)).toBe("trades.car_repair");
  });

  it("guesses nothing rather than something wrong when no word fits", () => {
    expect(guessCategory("Patience", index)).toBe("");
    expect(guessCategory("Help for the family", index)).toBe("");
  });
});

describe("which circle entries could be offers", () => {
  it("lists strengths then passions, once each, not interests, and knows what is offered already", () => {
    const circle = { strengths: ["Cooking", " Escuchar ", "x"], passions: ["cooking", "Bailar salsa"], interests: ["Astronomy"] };
    const list = offerCandidates(circle, [{ title: "bailar salsa" }], index);
    expect(list).toEqual([
      { text: "Cooking", sector: "strengths", guess: "cooking", offered: false },
      { text: "Escuchar", sector: "strengths", guess: "emotional_support.listening", offered: false },
      { text: "Bailar salsa", sector: "passions", guess: "arts.dance", offered: true },
    ]);
  });

  it("offers an entry in person, in the languages I speak, titled by its words", () => {
    expect(offerInput(" Cooking ", "cooking", ["es", "en"])).toEqual({ category: "cooking", title: "Cooking", languages: ["es", "en"], modes: ["IN_PERSON"] });
  });
});

describe("the offers step", () => {
  let sent: { operationName: string; variables: Record<string, unknown> }[] = [];
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });

  beforeEach(() => {
    sent = [];
    signIn("tok", "Q2FyZWdpdmVyOjE=");
    setTransport(async (body) => {
      const call = JSON.parse(body);
      sent.push(call);
      if (call.operationName === "OnboardingOffers") {
        return json({
          data: {
            viewer: { id: "Q2FyZWdpdmVyOjE=", languages: ["es", "en"], strengthCircle: { strengths: ["Cocinar", "Paciencia"], passions: ["Bailar salsa"] } },
            myStrengths: [],
            en: EN,
            es: ES,
          },
        });
      }
      const input = call.variables.input;
      return json({ data: { addStrength: { strength: { id: "U3RyZW5ndGg6MQ==", title: input.title, category: input.category }, errors: [] } } });
    });
  });
  afterEach(() => {
    cleanup();
    signOutLocally();
    setLang("en");
  });

  it("says what offers are, and offers a circle entry in one tap", async () => {
    setLang("es");
    const view = render(
      <LocationProvider>
        <OffersStep />
      </LocationProvider>,
    );
    await view.findByRole("heading", { level: 1, name: "Lo que puedes ofrecer" });
    expect(view.container.textContent).toContain("Tu círculo dice quién eres. Las ofertas son lo que otras familias pueden pedirte");
    const cooking = within(await view.findByRole("group", { name: "Cocinar" }));
    expect((cooking.getByLabelText(/Categoría/) as HTMLSelectElement).value).toBe("cooking");
    fireEvent.click(cooking.getByRole("button", { name: "Ofrecer esto: Cocinar" }));
    await waitFor(() => expect(view.getByRole("status").textContent).toContain("«Cocinar» ya está ofrecido"));
    expect(sent.filter((c) => c.operationName === "OnboardingAddStrength").map((c) => c.variables.input)).toEqual([
      { category: "cooking", title: "Cocinar", languages: ["es", "en"], modes: ["IN_PERSON"] },
    ]);
    expect(cooking.getByText("Ofrecido")).toBeTruthy();
    expect(view.getByRole("link", { name: "Continuar" }).getAttribute("href")).toBe("/welcome/children");
  });

  it("asks for a category it could not guess, and skips what the person does not offer", async () => {
    const view = render(
      <LocationProvider>
        <OffersStep />
      </LocationProvider>,
    );
    const patience = within(await view.findByRole("group", { name: "Paciencia" }));
    fireEvent.click(patience.getByRole("button", { name: "Offer this: Paciencia" }));
    const picker = patience.getByLabelText(/Category/) as HTMLSelectElement;
    await waitFor(() => expect(picker.getAttribute("aria-invalid")).toBe("true"));
    expect(sent.some((c) => c.operationName === "OnboardingAddStrength")).toBe(false);
    fireEvent.change(picker, { target: { value: "emotional_support.listening" } });
    fireEvent.click(patience.getByRole("button", { name: "Offer this: Paciencia" }));
    await waitFor(() => expect(patience.getByText("Offered")).toBeTruthy());

    const salsa = within(view.getByRole("group", { name: "Bailar salsa" }));
    fireEvent.click(salsa.getByRole("button", { name: "Skip: Bailar salsa" }));
    await waitFor(() => expect(salsa.getByText("Skipped")).toBeTruthy());
    expect(salsa.queryByRole("button", { name: /Offer this/ })).toBeNull();
    fireEvent.click(salsa.getByRole("button", { name: "Undo: Bailar salsa" }));
    expect(salsa.getByRole("button", { name: "Offer this: Bailar salsa" })).toBeTruthy();
    expect(sent.filter((c) => c.operationName === "OnboardingAddStrength")).toHaveLength(1);
  });
});
