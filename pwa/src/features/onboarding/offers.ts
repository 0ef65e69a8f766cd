// From circle to offers: which of the caregiver's circle entries could become offered strengths, a
// guessed category for each, and what offering one sends. The circle is free text (who I am); an
// offer needs a category of the shared taxonomy (what others can ask me for), so the category is
// guessed from the words of the entry and the category labels in every language, and the person
// can change it. Pure logic, tested without a browser.
import type { AddStrengthInput, HelpMode } from "../../gql/graphql";

export interface CategoryTree {
  slug: string;
  label: string;
  subcategories: readonly { slug: string; label: string }[];
}

interface Indexed {
  slug: string;
  parent: string | null;
  words: string[];
}

/** Words people use in circles that the labels do not have (English and Spanish, without accents). */
const KEYWORDS: Record<string, string[]> = {
  "tutoring.reading": ["read", "reading", "leer", "lectura", "books", "libros", "stories", "cuentos", "writing", "escribir"],
  "tutoring.homework": ["homework", "tarea", "tareas", "tutor", "teach", "teaching", "ensenar"],
  "tutoring.science": ["chemistry", "quimica", "biology", "biologia", "physics", "fisica"],
  "languages.interpreting": ["translate", "translating", "traducir", "interpret", "interpretar", "bilingual", "bilingue"],
  "languages.english": ["ingles"],
  "languages.spanish": ["espanol"],
  "cooking": ["cook", "cocinar", "recipes", "recetas"],
  "cooking.baking": ["bake", "hornear", "cakes", "pasteles", "bread", "pan", "galletas"],
  "trades.home_repair": ["fix", "fixing", "arreglar", "plumbing", "plomeria", "carpentry", "carpinteria", "handyman", "woodwork"],
  "trades.car_repair": ["car", "mechanic", "mecanico", "auto", "carro", "coche"],
  "trades.sewing": ["sew", "coser", "knit", "knitting", "tejer"],
  "trades.gardening": ["garden", "jardin", "plants", "plantas"],
  "tech.devices": ["computer", "computadora", "phone", "telefono", "tech", "tecnologia", "internet"],
  "tech.coding": ["code", "programming", "programar", "software"],
  "arts.music": ["music", "musica", "guitar", "guitarra", "piano", "sing", "singing", "cantar", "violin", "drums"],
  "arts.visual": ["draw", "drawing", "dibujar", "paint", "painting", "pintar", "art", "arte"],
  "arts.dance": ["dancing", "bailar", "salsa"],
  "sports.coaching": ["soccer", "futbol", "football", "basketball", "baloncesto", "basquetbol", "baseball", "beisbol", "volleyball", "coach", "entrenar", "sport", "deporte"],
  "sports.swimming": ["swim", "nadar"],
  "sports.fitness": ["running", "correr", "yoga", "hiking", "senderismo", "exercise", "ejercicio"],
  "childcare.babysitting": ["babysit", "nanny", "ninera"],
  "transportation.school": ["drive", "driving", "manejar", "conducir", "ride", "rides"],
  "school_system.iep": ["iep"],
  "emotional_support.new_parents": ["parenting", "crianza"],
  "emotional_support.listening": ["listen", "escuchar", "listening", "support", "apoyo", "empathy", "empatia"],
  "advocacy.organizing": ["organize", "organizar", "leadership", "liderazgo"],
  "events.planning": ["parties", "fiestas", "party", "fiesta"],
  "events.photography": ["photo", "photos", "fotos", "fotografia", "camera"],
  "household.pets": ["dog", "perro", "cat", "gato", "pet", "mascota", "animal", "animales"],
  "jobs.budgeting": ["budget", "taxes", "accounting", "contabilidad", "finance", "finanzas", "money", "dinero"],
  "jobs.resume": ["resume", "interview", "entrevista"],
  "health.doctors": ["nurse", "enfermera", "enfermero", "doctor", "medico", "health", "salud"],
};

/** Words that say nothing about what the help is (both languages); they would match anything. */
const GENERIC = new Set(
  "a an and the of for in on with to at my i me help helping other others general things thing people family families need needs new y o de del la el los las un una en con para por mi mis yo ayuda ayudar otros otras otro cosas gente personas familia familias".split(" "),
);

function stem(word: string): string {
  return word.length > 3 && word.endsWith("s") ? word.slice(0, -1) : word;
}

/** Lower case, no accents, letters only, the generic words dropped: "Bailar salsa" → ["bailar", "salsa"]. */
export function words(text: string): string[] {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !GENERIC.has(w))
    .map(stem);
}

/** How well two words agree: 1 for the same word, a little less for another form of it
 *  ("cooking"/"cook", "dibujar"/"dibujo": one starts the other, or only the last letters differ). */
function likeness(a: string, b: string): number {
  if (a === b) return 1;
  const shorter = Math.min(a.length, b.length);
  let n = 0;
  while (n < shorter && a[n] === b[n]) n++;
  return n >= 4 && (n === shorter || (n >= 5 && n >= shorter - 2)) ? 0.9 : 0;
}

/** Every category (top level and sub) with the words of its labels in each language and its keywords. */
export function categoryIndex(languages: readonly (readonly CategoryTree[])[]): Indexed[] {
  const bySlug = new Map<string, Indexed>();
  const add = (slug: string, parent: string | null, label: string) => {
    const entry = bySlug.get(slug) ?? { slug, parent, words: (KEYWORDS[slug] ?? []).map(stem) };
    entry.words.push(...words(label));
    bySlug.set(slug, entry);
  };
  for (const trees of languages) {
    for (const tree of trees) {
      add(tree.slug, null, tree.label);
      for (const sub of tree.subcategories) add(sub.slug, tree.slug, sub.label);
    }
  }
  return [...bySlug.values()];
}

/** The category an entry most likely belongs to, or "" when no word fits (the person chooses). A
 *  subcategory counts its parent's words at half weight, so "Math tutoring" is Math, not Tutoring. */
export function guessCategory(text: string, index: readonly Indexed[]): string {
  const mine = words(text);
  const hits = (entry: Indexed | undefined) => (entry ? mine.reduce((sum, w) => sum + Math.max(0, ...entry.words.map((c) => likeness(w, c))), 0) : 0);
  const bySlug = new Map(index.map((e) => [e.slug, e]));
  let best = "";
  let bestScore = 0;
  for (const entry of index) {
    const own = hits(entry);
    if (!own) continue;
    const score = own + (entry.parent ? 0.5 * hits(bySlug.get(entry.parent)) : 0);
    if (score > bestScore) [best, bestScore] = [entry.slug, score];
  }
  return best;
}

export type Sector = "strengths" | "passions";

export interface Candidate {
  text: string;
  sector: Sector;
  /** The guessed category ("" when none fits). */
  guess: string;
  /** Already one of my offered strengths (same title), e.g. when coming back to this step. */
  offered: boolean;
}

const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** The entries that could be offers: strengths, then passions (interests are what I want to learn,
 *  not what I offer), each once, with a guessed category and whether it is offered already. */
export function offerCandidates(circle: { strengths: readonly string[]; passions: readonly string[] }, offered: readonly { title: string }[], index: readonly Indexed[]): Candidate[] {
  const out: Candidate[] = [];
  for (const sector of ["strengths", "passions"] as const) {
    for (const raw of circle[sector]) {
      const text = raw.trim();
      if (text.length < 2 || out.some((c) => same(c.text, text))) continue;
      out.push({ text, sector, guess: guessCategory(text, index), offered: offered.some((s) => same(s.title, text)) });
    }
  }
  return out;
}

/** Offering an entry: its words as the title, the languages I speak, in person (changeable in Share). */
export function offerInput(text: string, category: string, languages: readonly string[]): AddStrengthInput {
  const modes: HelpMode[] = ["IN_PERSON"];
  return { category, title: text.trim(), languages: [...languages], modes };
}
