// The catalogues: the shared areas (common, errors) here under en/ and es/, and one area per
// feature, named after it, from the feature registry (features/<name>/strings/). Spanish is typed by
// English everywhere, so a missing string fails the build. The language is a signal: switching
// re-renders at once.
import { signal } from "@preact/signals";
import { featureCatalogue, type FeatureCatalogue } from "../features/registry";
import en from "./en";
import es from "./es";

export type Catalogue = typeof en & FeatureCatalogue;
export type Lang = "en" | "es";
export const LANGUAGES: Lang[] = ["en", "es"];

// Built on first use, not at load: the features' screens import this module, and the registry
// imports the features, so the registry may not be ready yet while this module loads.
let built: Record<Lang, Catalogue> | undefined;
function catalogues(): Record<Lang, Catalogue> {
  built ??= {
    en: { ...featureCatalogue("en"), ...en } as Catalogue,
    es: { ...featureCatalogue("es"), ...es } as Catalogue,
  };
  return built;
}

type Leaf<C> = { [A in keyof C & string]: { [K in keyof C[A] & string]: `${A}.${K}` }[keyof C[A] & string] }[keyof C & string];
export type Key = Leaf<Catalogue>;

const STORED = "village.lang";

export function isLang(value: unknown): value is Lang {
  return value === "en" || value === "es";
}

function initial(): Lang {
  try {
    const stored = localStorage.getItem(STORED);
    if (isLang(stored)) return stored;
  } catch {
    /* no storage */
  }
  const nav = typeof navigator !== "undefined" ? navigator.language?.slice(0, 2) : "en";
  return isLang(nav) ? nav : "en";
}

export const lang = signal<Lang>(initial());

export function setLang(next: Lang): void {
  if (!isLang(next)) return;
  try {
    localStorage.setItem(STORED, next);
  } catch {
    /* no storage */
  }
  lang.value = next;
  if (typeof document !== "undefined") document.documentElement.lang = next;
}

export type Params = Record<string, string | number>;

/** The text for `key` in the current language, with {name} placeholders filled. */
export function t(key: Key, params?: Params, language: Lang = lang.value): string {
  const [area, name] = key.split(".") as [keyof Catalogue, string];
  const all = catalogues();
  const text = (all[language][area] as Record<string, string> | undefined)?.[name] ?? (all.en[area] as Record<string, string> | undefined)?.[name] ?? key;
  return params ? fill(text, params) : text;
}

/**
 * Placeholders filled. A value that already ends a sentence ("Ana G.", "¿Mañana?") takes the place of
 * the full stop after it, so "You are helping {name}." reads "…helping Ana G." and never "G..".
 */
export function fill(text: string, params: Params): string {
  return text.replace(/\{(\w+)\}(\.?)/g, (m, p: string, stop: string) => {
    if (!(p in params)) return m;
    const value = String(params[p]);
    return stop && /[.!?…]$/.test(value) ? value : value + stop;
  });
}

/** Plural forms: `${key}_one` / `${key}_other` chosen by Intl.PluralRules, with {count}. */
export function tn(key: string, count: number, params?: Params): string {
  const form = new Intl.PluralRules(lang.value).select(count) === "one" ? "one" : "other";
  return t(`${key}_${form}` as Key, { count, ...params });
}

/** Whether a key exists (for codes coming from the server, e.g. error codes). */
export function has(key: string): key is Key {
  const [area, name] = key.split(".");
  return !!area && !!name && name in ((catalogues().en as Record<string, Record<string, string>>)[area] ?? {});
}

export function formatDate(iso: string, options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" }): string {
  return new Intl.DateTimeFormat(lang.value, options).format(new Date(iso));
}

export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lang.value, { numeric: "auto" });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, "second");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  return rtf.format(Math.round(seconds / 86400), "day");
}

export function catalogue(language: Lang): Catalogue {
  return catalogues()[language];
}
