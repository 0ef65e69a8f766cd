import { describe, expect, it } from "vitest";
import { catalogue, LANGUAGES, lang, setLang, t, tn } from ".";

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

  it("shows the key itself, not a crash, for a string missing from every catalogue", () => {
    setLang("en");
    expect(tn("nowhere.items", 1)).toBe("nowhere.items_one");
    expect(tn("nowhere.items", 2)).toBe("nowhere.items_other");
  });
});
