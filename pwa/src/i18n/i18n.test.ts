import { describe, expect, it } from "vitest";
import { catalogue, fill, type Key, LANGUAGES, lang, setLang, t, tn } from ".";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("catalogues", () => {
  const en = catalogue("en") as unknown as Record<string, Record<string, string>>;
  for (const language of LANGUAGES.filter((l) => l !== "en")) {
    const other = catalogue(language) as unknown as Record<string, Record<string, string>>;
    it(`${language} has every English string, with the same placeholders`, () => {
      for (const area of Object.keys(en)) {
        expect(Object.keys(other[area]).sort(), area).toEqual(Object.keys(en[area]).sort());
        for (const [key, text] of Object.entries(en[area])) {
          expect(placeholders(other[area][key]), `${area}.${key}`).toEqual(placeholders(text));
          expect(other[area][key].trim(), `${area}.${key} is empty`).not.toBe("");
        }
      }
    });
  }

  it("calls notifications one thing in Spanish: notificaciones, never avisos or alertas", () => {
    const es = catalogue("es") as unknown as Record<string, Record<string, string>>;
    const said = Object.entries(es).flatMap(([area, entries]) => Object.entries(entries).map(([key, text]) => ({ where: `${area}.${key}`, text })));
    expect(said.filter(({ text }) => /\b(avisos?|alertas?)\b/i.test(text)).map(({ where }) => where)).toEqual([]);
    expect(said.filter(({ text }) => /notificaci[oó]n/i.test(text)).length).toBeGreaterThan(10);
  });

  it("has no placeholder text left in any catalogue", () => {
    for (const language of LANGUAGES) {
      const c = catalogue(language) as unknown as Record<string, Record<string, string>>;
      for (const [area, entries] of Object.entries(c)) {
        for (const [key, text] of Object.entries(entries)) expect(text, `${language} ${area}.${key}`).not.toMatch(/^TODO$/);
      }
    }
  });
});

describe("t", () => {
  it("fills placeholders and switches language at once", () => {
    setLang("en");
    expect(t("common.remove", { item: "cooking" })).toBe("Remove cooking");
    setLang("es");
    expect(lang.value).toBe("es");
    expect(t("common.remove", { item: "cocina" })).toBe("Quitar cocina");
    expect(document.documentElement.lang).toBe("es");
    setLang("en");
  });

  it("leaves unknown placeholders visible rather than inventing values", () => {
    expect(t("common.remove")).toBe("Remove {item}");
  });

  it("never doubles a full stop after an abbreviated name, in any string of any language", () => {
    setLang("es");
    expect(t("skills.familyRequested", { name: "Ana G." })).toBe("Le pediste ayuda a Ana G. Te avisaremos cuando responda.");
    setLang("en");
    expect(t("skills.helperAccepted", { name: "Ana G." })).toBe("You are helping Ana G. Get in touch to arrange the details; they will mark it as done.");
    expect(t("skills.helperAccepted", { name: "Ana" })).toMatch(/^You are helping Ana\. Get/);
    let checked = 0;
    for (const language of LANGUAGES) {
      const c = catalogue(language) as unknown as Record<string, Record<string, string>>;
      for (const [area, entries] of Object.entries(c)) {
        for (const [key, text] of Object.entries(entries)) {
          const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
          if (!names.length) continue;
          const out = t(`${area}.${key}` as Key, Object.fromEntries(names.map((n) => [n, "Ana G."])), language);
          expect(out, `${language} ${area}.${key}`).not.toContain("G..");
          checked += /\{\w+\}\./.test(text) ? 1 : 0;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    // Other endings of a sentence count too; a full stop inside a value stays.
    expect(fill("Ask {q}.", { q: "¿mañana?" })).toBe("Ask ¿mañana?");
    expect(fill("{a}.{b}", { a: "x", b: "y" })).toBe("x.y");
  });

  it("shows the key itself, not a crash, for a string missing from every catalogue", () => {
    setLang("en");
    expect(tn("nowhere.items", 1)).toBe("nowhere.items_one");
    expect(tn("nowhere.items", 2)).toBe("nowhere.items_other");
  });
});
