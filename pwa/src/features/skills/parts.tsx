// Pieces the skill-sharing screens share: the category picker (the server's localized taxonomy),
// need and match cards, the reasons list, the weekly availability editor, and the small
// conversions between form fields and the API (datetime-local ↔ ISO with offset).
import type { ComponentChildren } from "preact";
import { signal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { request } from "../../api/client";
import { cacheKey } from "../../api/hooks";
import { readCached, writeCached } from "../../offline/cache";
import { SkillsCategoriesDocument, type MatchStatus, type NeedMode, type NeedStatus, type SkillsCategoriesQuery, type SkillsNeedFullFragment, type Weekday } from "../../gql/graphql";
import { formatDate, lang, relativeTime, t, type Key } from "../../i18n";
import { Button, Field } from "../../ui";
import { needHref } from "./paths";

// --- categories --------------------------------------------------------------------------------

export interface CategoryGroup {
  slug: string;
  label: string;
  subcategories: { slug: string; label: string }[];
}

// The taxonomy is the same on every screen and changes only with a release: load it once per
// language and share it (with the last-seen copy when offline), instead of once per component.
const taxonomy = signal<Partial<Record<string, CategoryGroup[]>>>({});
const loadingTaxonomy = new Set<string>();

async function loadTaxonomy(language: string): Promise<void> {
  if (loadingTaxonomy.has(language)) return;
  loadingTaxonomy.add(language);
  const key = cacheKey(SkillsCategoriesDocument, { language });
  try {
    const data = await request(SkillsCategoriesDocument, { language });
    taxonomy.value = { ...taxonomy.value, [language]: data.skillCategories };
    void writeCached(key, data);
  } catch {
    const saved = await readCached<SkillsCategoriesQuery>(key);
    if (saved) taxonomy.value = { ...taxonomy.value, [language]: saved.data.skillCategories };
    loadingTaxonomy.delete(language); // try the network again next time
  }
}

/** The taxonomy in the current language, and a slug → label look-up ("" while loading). */
export function useCategories(): { groups: CategoryGroup[]; label: (slug: string) => string } {
  const language = lang.value;
  const groups = taxonomy.value[language];
  useEffect(() => {
    if (!groups) void loadTaxonomy(language);
  }, [language, !groups]);
  const labels = useMemo(() => {
    const map = new Map<string, string>();
    for (const g of groups ?? []) {
      map.set(g.slug, g.label);
      for (const sub of g.subcategories) map.set(sub.slug, sub.label);
    }
    return map;
  }, [groups]);
  return { groups: groups ?? [], label: (slug) => labels.get(slug) ?? "" };
}

/** A native select grouped by parent category: each group offers the parent ("… in general") and its subcategories. */
export function CategoryPicker(props: {
  label: string;
  value: string;
  onValue: (slug: string) => void;
  groups: CategoryGroup[];
  error?: string;
  hint?: string;
  required?: boolean;
  /** The first option's text; "" as its value (e.g. "All categories" in a filter, "Choose…" in a form). */
  emptyLabel: string;
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error} required={props.required}>
      {({ id, describedBy, invalid }) => (
        <select id={id} value={props.value} required={props.required} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => props.onValue((e.target as HTMLSelectElement).value)}>
          <option value="">{props.emptyLabel}</option>
          {props.groups.map((g) => (
            <optgroup key={g.slug} label={g.label}>
              <option value={g.slug}>{t("skills.categoryGeneral", { label: g.label })}</option>
              {g.subcategories.map((s) => (
                <option key={s.slug} value={s.slug}>
                  {s.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      )}
    </Field>
  );
}

// --- words for enums ---------------------------------------------------------------------------

export const WEEKDAYS: Weekday[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

export function dayName(day: Weekday): string {
  return t(`skills.day_${day}` as Key);
}

export function modeName(mode: NeedMode | "IN_PERSON" | "VIRTUAL"): string {
  return t(`skills.mode${mode}` as Key);
}

export function needStatusName(status: NeedStatus): string {
  return t(`skills.needStatus_${status}` as Key);
}

/** A match's state in words, from where the viewer stands (the family who asked, or the helper). */
export function matchStatusName(status: MatchStatus, asFamily: boolean): string {
  return t(`skills.${asFamily ? "family" : "helper"}Status_${status}` as Key);
}

export function languageName(code: string): string {
  return code === "en" || code === "es" ? t(`skills.lang_${code}` as Key) : code;
}

// --- cards -------------------------------------------------------------------------------------

/** Why this match, in the server's words (already in the viewer's language); never a score. */
export function Reasons({ reasons }: { reasons: readonly string[] }) {
  if (!reasons.length) return null;
  return (
    <div class="reasons">
      <p class="reasons-label">{t("skills.why")}</p>
      <ul>
        {reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </div>
  );
}

export interface NeedSummary {
  id: string;
  title: string;
  category: string;
  mode: NeedMode;
  status?: NeedStatus;
  areaLabel: string | null;
  createdAt: string;
  isMine?: boolean;
  requester: { displayName: string };
}

/** A need in a list: its title links to the need; category, mode, area and age in one muted line. */
export function NeedCard({ need, categoryLabel, showRequester = true, children }: { need: NeedSummary; categoryLabel: (slug: string) => string; showRequester?: boolean; children?: ComponentChildren }) {
  const meta = [categoryLabel(need.category), modeName(need.mode), need.areaLabel, relativeTime(need.createdAt)].filter(Boolean);
  return (
    <li class="card need-card">
      <h3>
        <a href={needHref(need.id)}>{need.title}</a>
      </h3>
      <p class="muted">{meta.join(" · ")}</p>
      {showRequester && !need.isMine && <p class="muted">{t("skills.askedBy", { name: need.requester.displayName })}</p>}
      {need.status && need.status !== "OPEN" && <span class="status">{needStatusName(need.status)}</span>}
      {children}
    </li>
  );
}

export function NeedFacts({ need, categoryLabel }: { need: SkillsNeedFullFragment; categoryLabel: (slug: string) => string }) {
  const when = need.startsAt ? (need.endsAt ? `${formatDate(need.startsAt)} – ${formatDate(need.endsAt)}` : formatDate(need.startsAt)) : need.endsAt ? t("skills.byWhen", { when: formatDate(need.endsAt) }) : null;
  const rows: [string, string | null][] = [
    [t("skills.category"), categoryLabel(need.category) || null],
    [t("skills.factMode"), modeName(need.mode)],
    [t("skills.factUrgency"), t(`skills.urgency_${need.urgency}` as Key)],
    [t("skills.language"), need.language ? languageName(need.language) : null],
    [t("skills.when"), when],
    [t("skills.where"), need.areaLabel],
    [t("skills.askedByLabel"), need.isMine ? t("skills.you") : need.requester.displayName],
    [t("skills.posted"), relativeTime(need.createdAt)],
  ];
  return (
    <div class="card stack">
      <p>
        <span class={`status ${need.status === "OPEN" ? "" : "done"}`}>{needStatusName(need.status)}</span>
      </p>
      {need.description && <p class="need-description">{need.description}</p>}
      <dl class="facts">
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
    </div>
  );
}

// --- availability ------------------------------------------------------------------------------

export interface Slot {
  day: Weekday;
  start: string;
  end: string;
}

export function slotText(s: Slot): string {
  return `${dayName(s.day)} ${s.start}–${s.end}`;
}

/** Rows of day + from + to, with add and remove; `rowErrors[i]` shows under row i. */
export function AvailabilityEditor({ slots, onChange, error, rowErrors }: { slots: Slot[]; onChange: (s: Slot[]) => void; error?: string; rowErrors: Record<number, string> }) {
  const set = (i: number, patch: Partial<Slot>) => onChange(slots.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const add = () => {
    const last = slots[slots.length - 1];
    const next = last ? WEEKDAYS[(WEEKDAYS.indexOf(last.day) + 1) % 7] : "MONDAY";
    onChange([...slots, { day: next, start: last?.start ?? "18:00", end: last?.end ?? "20:00" }]);
  };
  return (
    <fieldset class="field" aria-describedby={error ? "availability-error" : "availability-hint"}>
      <legend>{t("skills.availability")}</legend>
      <span class="hint" id="availability-hint">
        {t("skills.availabilityHint")}
      </span>
      {slots.length === 0 && <p class="muted">{t("skills.availabilityNone")}</p>}
      <ul class="list slots">
        {slots.map((s, i) => (
          <li key={i}>
            <fieldset class="slot" aria-describedby={rowErrors[i] ? `slot-${i}-error` : undefined}>
              <legend class="visually-hidden">{t("skills.slotLegend", { n: i + 1 })}</legend>
              <Field label={t("skills.day")}>
                {({ id }) => (
                  <select id={id} value={s.day} onChange={(e) => set(i, { day: (e.target as HTMLSelectElement).value as Weekday })}>
                    {WEEKDAYS.map((d) => (
                      <option key={d} value={d}>
                        {dayName(d)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t("skills.from")}>
                {({ id }) => <input id={id} type="time" value={s.start} aria-invalid={!!rowErrors[i] || undefined} onInput={(e) => set(i, { start: (e.target as HTMLInputElement).value })} />}
              </Field>
              <Field label={t("skills.to")}>
                {({ id }) => <input id={id} type="time" value={s.end} aria-invalid={!!rowErrors[i] || undefined} onInput={(e) => set(i, { end: (e.target as HTMLInputElement).value })} />}
              </Field>
              <Button variant="quiet" class="slot-remove" onClick={() => onChange(slots.filter((_, j) => j !== i))} aria-label={t("skills.removeSlot", { n: i + 1 })}>
                {t("skills.removeSlotShort")}
              </Button>
              {rowErrors[i] && (
                <span class="error" id={`slot-${i}-error`}>
                  {rowErrors[i]}
                </span>
              )}
            </fieldset>
          </li>
        ))}
      </ul>
      {error && (
        <span class="error" id="availability-error">
          {error}
        </span>
      )}
      <div>
        <Button variant="secondary" onClick={add}>
          {t("skills.addSlot")}
        </Button>
      </div>
    </fieldset>
  );
}

/**
 * The server names an unknown category by its slug and the query to use ("'' is not a skill
 * category; pick one from skillCategories"): words for developers. People read the catalogue's.
 */
export function forPeople<E extends { code: string; message: string }>(errors: readonly E[]): E[] {
  return errors.map((e) => (e.code === "UNKNOWN_CATEGORY" ? { ...e, message: "" } : e));
}

// --- conversions -------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-12-01T18:00" (a datetime-local value, the device's time) → "2026-12-01T18:00:00-06:00". */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * Errors about availability rows come as ["input", "availability", "<i>", …]: keep them per row,
 * so each shows at its row; everything else goes through splitErrors as usual.
 */
export function availabilityRowErrors(errors: readonly { field: string[] | null; message: string; code: string; retryAfter: number | null }[], text: (e: { message: string; code: string; retryAfter: number | null }) => string): { rows: Record<number, string>; rest: typeof errors } {
  const rows: Record<number, string> = {};
  const rest: typeof errors[number][] = [];
  for (const e of errors) {
    const f = e.field ?? [];
    const at = f.indexOf("availability");
    const index = at >= 0 && f.length > at + 1 ? Number(f[at + 1]) : NaN;
    if (Number.isInteger(index)) rows[index] ??= text(e);
    else rest.push(e);
  }
  return { rows, rest };
}
