// The school's matching words: the table as staff see it (their own words marked), and what adding
// and removing a word send; the server's refusals at their fields; the screen in Spanish.
import { cleanup, fireEvent, render, waitFor, within } from "@testing-library/preact";
import type { ComponentChildren } from "preact";
import { LocationProvider } from "preact-iso";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MeQuery, StaffMatchingConceptsQuery } from "../../gql/graphql";
import { setLang } from "../../i18n";
import { me, meLoaded } from "../../state/me";
import { signIn, signOutLocally } from "../../state/session";
import { type Answers, fakeApi, type Sent } from "./fake-api";
import Hub from "./hub";
import MatchingWords, { inWords } from "./matching-words";

const COMMUNITY = "Q29tbXVuaXR5OjE";
type Concept = StaffMatchingConceptsQuery["matchingConcepts"][number];
let sent: Sent[] = [];
let answers: Answers = {};

const ADDED_ID = "TWF0Y2hpbmdUZXJtOjE";
const events = (over: Partial<Concept> = {}): Concept => ({
  key: "school_events",
  label: "School events and the PTA",
  builtin: true,
  words: [
    { id: null, language: "en", term: "PTA" },
    { id: null, language: "es", term: "junta de padres" },
    { id: ADDED_ID, language: "es", term: "APM" },
  ],
  ...over,
});
const homework = (over: Partial<Concept> = {}): Concept => ({
  key: "homework",
  label: "Homework help",
  builtin: true,
  words: [
    { id: null, language: "en", term: "homework" },
    { id: null, language: "es", term: "tarea" },
  ],
  ...over,
});
const table = (concepts: Concept[]) => () => ({ matchingConcepts: concepts });

function at(url: string, children: ComponentChildren) {
  history.replaceState(null, "", url);
  return render(<LocationProvider>{children}</LocationProvider>);
}

beforeEach(() => {
  signIn("tok", "Q2FyZWdpdmVyOjE");
  const who: MeQuery = { viewer: null, myMemberships: [{ id: "TWVtYmVyOm1l", role: "STAFF", state: "VERIFIED", communityId: COMMUNITY }] };
  me.value = who;
  meLoaded.value = true;
  sent = [];
  answers = { StaffCounts: () => ({ community: { id: COMMUNITY, name: "Lincoln Elementary", pendingMemberCount: 0, openReportCount: 0 } }) };
  fakeApi(sent, () => answers);
});
afterEach(() => {
  cleanup();
  signOutLocally();
  me.value = null;
  meLoaded.value = false;
  setLang("en");
  history.replaceState(null, "", "/");
});

const ops = (name: string) => sent.filter((s) => s.operationName === name);

describe("matching words", () => {
  it("lists the concepts with their English and Spanish words, the school's own marked", async () => {
    answers.StaffMatchingConcepts = table([events(), homework()]);
    const { findByRole, getByRole, getByText } = at("/staff/matching-words", <MatchingWords />);
    const card = (await findByRole("heading", { name: "School events and the PTA" })).closest("li")!;
    expect(ops("StaffMatchingConcepts")[0].variables).toEqual({ communityId: COMMUNITY, search: null, first: 50 });
    expect(getByText(/changes? count|counts only in your school/)).toBeTruthy();
    expect(within(card).getByRole("list", { name: "School events and the PTA: In English" }).textContent).toBe("PTA");
    expect(within(card).getByRole("list", { name: "School events and the PTA: In Spanish" }).textContent).toBe("junta de padres");
    const apm = within(card).getByText("APM").closest("li")!;
    expect(apm.textContent).toContain("added here");
    expect(within(apm).getByRole("button", { name: "Remove “APM” from School events and the PTA" })).toBeTruthy();
    // Built-in words cannot be removed.
    const other = getByRole("heading", { name: "Homework help" }).closest("li")!;
    expect(other.textContent).not.toContain("added here");
    expect(within(other).queryByRole("button", { name: /^Remove/ })).toBeNull();
  });

  it("searches by any word", async () => {
    answers.StaffMatchingConcepts = (v) => table(v.search ? (String(v.search) === "tarea" ? [homework()] : []) : [events(), homework()])();
    const { findByRole, getByLabelText, findByText, queryByRole } = at("/staff/matching-words", <MatchingWords />);
    await findByRole("heading", { name: "School events and the PTA" });
    fireEvent.input(getByLabelText(/^Search by any word/), { target: { value: "tarea" } });
    await waitFor(() => expect(queryByRole("heading", { name: "School events and the PTA" })).toBeNull());
    expect(ops("StaffMatchingConcepts").at(-1)?.variables).toMatchObject({ search: "tarea" });
    fireEvent.input(getByLabelText(/^Search by any word/), { target: { value: "zzz" } });
    expect(await findByText("No concept has that word. You can add it below.")).toBeTruthy();
  });

  it("adds a word to a concept, announces it and shows it in the list", async () => {
    let concepts = [events(), homework()];
    answers.StaffMatchingConcepts = () => table(concepts)();
    answers.StaffAddMatchingTerm = (v) => {
      const word = { id: "TWF0Y2hpbmdUZXJtOjI", language: v.input.language, term: v.input.term };
      concepts = [homework({ words: [...homework().words, word] }), events()];
      return { addMatchingTerm: { word, errors: [] } };
    };
    const { findByRole, getByLabelText, getByRole, findByText } = at("/staff/matching-words", <MatchingWords />);
    await findByRole("heading", { name: "Homework help" });
    const concept = getByLabelText(/^Concept \(/) as HTMLSelectElement;
    expect([...concept.options].map((o) => o.textContent)).toEqual(["Choose a concept", "School events and the PTA", "Homework help", "A new concept…"]);
    fireEvent.change(concept, { target: { value: "homework" } });
    fireEvent.change(getByLabelText("Language of the word"), { target: { value: "es" } });
    fireEvent.input(getByLabelText(/^Word or phrase/), { target: { value: "  las tareas  " } });
    fireEvent.click(getByRole("button", { name: "Add word" }));
    await waitFor(() => expect(ops("StaffAddMatchingTerm")).toHaveLength(1));
    expect(ops("StaffAddMatchingTerm")[0].variables).toEqual({ input: { communityId: COMMUNITY, concept: "homework", language: "es", term: "las tareas" } });
    const status = await findByText("“las tareas” was added to Homework help. Matching in your school uses it from its next run.");
    expect(status.getAttribute("role")).toBe("status");
    const card = getByRole("heading", { name: "Homework help" }).closest("li")!;
    await waitFor(() => expect(within(card).getByText("las tareas").closest("li")!.textContent).toContain("added here"));
    expect((getByLabelText(/^Word or phrase/) as HTMLInputElement).value).toBe("");
  });

  it("adds a word under a new concept, from its key", async () => {
    answers.StaffMatchingConcepts = table([homework()]);
    answers.StaffAddMatchingTerm = (v) => ({ addMatchingTerm: { word: { id: "TWF0Y2hpbmdUZXJtOjM", language: v.input.language, term: v.input.term }, errors: [] } });
    const { findByLabelText, getByLabelText, getByRole, findByText } = at("/staff/matching-words", <MatchingWords />);
    fireEvent.change(await findByLabelText(/^Concept \(/), { target: { value: "+new" } });
    fireEvent.input(getByLabelText(/^Name of the new concept/), { target: { value: "ride" } });
    fireEvent.change(getByLabelText("Language of the word"), { target: { value: "es" } });
    fireEvent.input(getByLabelText(/^Word or phrase/), { target: { value: "el raite" } });
    fireEvent.click(getByRole("button", { name: "Add word" }));
    await waitFor(() => expect(ops("StaffAddMatchingTerm")[0]?.variables).toEqual({ input: { communityId: COMMUNITY, concept: "ride", language: "es", term: "el raite" } }));
    expect(await findByText(/“el raite” was added to ride\./)).toBeTruthy();
  });

  it("shows a word that is too general at the word field, and asks nothing for an empty form", async () => {
    answers.StaffMatchingConcepts = table([homework()]);
    answers.StaffAddMatchingTerm = () => ({
      addMatchingTerm: { word: null, errors: [{ field: ["input", "term"], message: "That word says nothing about the help itself; add a more specific one.", code: "TOO_GENERIC", retryAfter: null }] },
    });
    const { findByLabelText, getByLabelText, getByRole, findByText } = at("/staff/matching-words", <MatchingWords />);
    const concept = await findByLabelText(/^Concept \(/);
    fireEvent.click(getByRole("button", { name: "Add word" }));
    expect(await findByText("Choose a concept, or name a new one.")).toBeTruthy();
    expect(await findByText("Write the word or phrase.")).toBeTruthy();
    expect(ops("StaffAddMatchingTerm")).toHaveLength(0);

    fireEvent.change(concept, { target: { value: "homework" } });
    const word = getByLabelText(/^Word or phrase/) as HTMLInputElement;
    fireEvent.input(word, { target: { value: "help" } });
    fireEvent.click(getByRole("button", { name: "Add word" }));
    const error = await findByText("This word is too general to say what kind of help it is. Try a more specific one.");
    expect(word.getAttribute("aria-invalid")).toBe("true");
    expect(word.getAttribute("aria-describedby")).toContain(error.id);
    expect(concept.getAttribute("aria-invalid")).toBeNull();
    expect(word.value).toBe("help");
  });

  it("removes a word the school added only after asking", async () => {
    let concepts = [events()];
    answers.StaffMatchingConcepts = () => table(concepts)();
    answers.StaffRemoveMatchingTerm = (v) => {
      concepts = [events({ words: events().words.filter((w) => w.id !== v.input.termId) })];
      return { removeMatchingTerm: { removedTermId: v.input.termId, errors: [] } };
    };
    const { findByRole, getByRole, getByText, queryByText, findByText } = at("/staff/matching-words", <MatchingWords />);
    const remove = await findByRole("button", { name: "Remove “APM” from School events and the PTA" });
    fireEvent.click(remove);
    const question = getByText(/Remove “APM”\? Matching in your school stops using it/);
    expect(document.activeElement).toBe(question);
    fireEvent.click(getByRole("button", { name: "Keep it" }));
    expect(queryByText(/stops using it/)).toBeNull();
    expect(document.activeElement).toBe(getByRole("button", { name: "Remove “APM” from School events and the PTA" }));
    expect(ops("StaffRemoveMatchingTerm")).toHaveLength(0);

    fireEvent.click(getByRole("button", { name: "Remove “APM” from School events and the PTA" }));
    fireEvent.click(getByRole("button", { name: "Yes, remove" }));
    await waitFor(() => expect(ops("StaffRemoveMatchingTerm")).toHaveLength(1));
    expect(ops("StaffRemoveMatchingTerm")[0].variables).toEqual({ input: { termId: ADDED_ID } });
    expect((await findByText("“APM” was removed. Matching uses the change from its next run.")).getAttribute("role")).toBe("status");
    await waitFor(() => expect(queryByText("APM")).toBeNull());
  });

  it("keeps the question open with the reason when removing fails", async () => {
    answers.StaffMatchingConcepts = table([events()]);
    answers.StaffRemoveMatchingTerm = () => ({ removeMatchingTerm: { removedTermId: null, errors: [{ field: ["input", "termId"], message: "That word is not in any of your communities' tables.", code: "NOT_FOUND", retryAfter: null }] } });
    const { findByRole, getByRole, findByText } = at("/staff/matching-words", <MatchingWords />);
    fireEvent.click(await findByRole("button", { name: "Remove “APM” from School events and the PTA" }));
    fireEvent.click(getByRole("button", { name: "Yes, remove" }));
    expect(await findByText("That word is no longer in the table.")).toBeTruthy();
    expect(getByRole("button", { name: "Yes, remove" })).toBeTruthy();
  });

  it("picks a concept from its card and goes to the word", async () => {
    answers.StaffMatchingConcepts = table([events(), homework()]);
    const { findByRole, getByLabelText } = at("/staff/matching-words", <MatchingWords />);
    fireEvent.click(await findByRole("button", { name: "Add a word here: Homework help" }));
    expect((getByLabelText(/^Concept \(/) as HTMLSelectElement).value).toBe("homework");
    expect(document.activeElement).toBe(getByLabelText(/^Word or phrase/));
  });

  it("words the API's refusals by field, and leaves others as they are", () => {
    const [generic, other] = inWords([
      { field: ["input", "term"], message: "x", code: "TOO_GENERIC", retryAfter: null },
      { field: ["input", "term"], message: "kept", code: "SOMETHING_ELSE", retryAfter: null },
    ]);
    expect(generic.message).toBe("This word is too general to say what kind of help it is. Try a more specific one.");
    expect(other.message).toBe("kept");
    expect(inWords([{ field: null, message: "x", code: "TOO_MANY", retryAfter: null }])[0].message).toContain("as many words as it can");
  });

  it("is linked from the hub", async () => {
    const { findByRole } = at("/staff", <Hub />);
    expect((await findByRole("link", { name: /^Matching words/ })).getAttribute("href")).toBe("/staff/matching-words");
  });

  it("is in Spanish for a Spanish-speaking liaison", async () => {
    setLang("es");
    answers.StaffMatchingConcepts = table([events({ label: "Eventos escolares y la APM" })]);
    answers.StaffAddMatchingTerm = () => ({
      addMatchingTerm: { word: null, errors: [{ field: ["input", "term"], message: "That word says nothing about the help itself; add a more specific one.", code: "TOO_GENERIC", retryAfter: null }] },
    });
    const { findByRole, getByRole, getByLabelText, getByText, findByText } = at("/staff/matching-words", <MatchingWords />);
    expect(await findByRole("heading", { level: 1, name: "Palabras para conectar" })).toBeTruthy();
    expect(getByText(/vale solo en tu escuela/)).toBeTruthy();
    const card = (await findByRole("heading", { name: "Eventos escolares y la APM" })).closest("li")!;
    expect(within(card).getByText("APM").closest("li")!.textContent).toContain("añadida aquí");
    expect(within(card).getByRole("button", { name: "Quitar “APM” de Eventos escolares y la APM" })).toBeTruthy();
    expect(getByLabelText(/^Buscar cualquier palabra/)).toBeTruthy();
    expect((getByLabelText("Idioma de la palabra") as HTMLSelectElement).value).toBe("es");
    fireEvent.change(getByLabelText(/^Concepto \(/), { target: { value: "school_events" } });
    fireEvent.input(getByLabelText(/^Palabra o frase/), { target: { value: "ayuda" } });
    fireEvent.click(getByRole("button", { name: "Añadir la palabra" }));
    expect(await findByText("Esta palabra es demasiado general: no dice qué tipo de ayuda es. Prueba con una más concreta.")).toBeTruthy();
  });
});
