// The small design system: every screen is built from these, so labels, errors, focus and touch
// targets behave the same everywhere.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { type ApiError, NetworkError, type UserError } from "../api/client";
import { type QueryState, refreshAll } from "../api/hooks";
import { has, lang, t, type Key } from "../i18n";

let firstPage = true;

/** A screen: its h1 names it in the tab title, and takes focus after in-app navigation. */
export function Page(props: { title: string; children: ComponentChildren; lead?: ComponentChildren; actions?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ${t("common.appName")}`;
  }, [props.title, lang.value]);
  useEffect(() => {
    if (!firstPage) heading.current?.focus();
    firstPage = false;
  }, []);
  return (
    <div class="stack">
      <div class="section-head">
        <h1 ref={heading} tabIndex={-1} id="page-title">
          {props.title}
        </h1>
        {props.actions}
      </div>
      {props.lead && <p class="muted">{props.lead}</p>}
      {props.children}
    </div>
  );
}

type ButtonProps = JSX.HTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "secondary" | "danger" | "quiet";
  block?: boolean;
  busy?: boolean;
  busyLabel?: string;
  type?: "button" | "submit";
  disabled?: boolean;
};

export function Button({ variant = "primary", block, busy, busyLabel, children, class: cls, type = "button", disabled, ...rest }: ButtonProps) {
  return (
    <button {...rest} type={type} class={["btn", variant !== "primary" && variant, block && "block", cls].filter(Boolean).join(" ")} disabled={disabled || busy} aria-busy={busy || undefined}>
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}

export function LinkButton(props: { href: string; children: ComponentChildren; variant?: "primary" | "secondary" | "quiet"; block?: boolean }) {
  return (
    <a href={props.href} class={["btn", props.variant && props.variant !== "primary" && props.variant, props.block && "block"].filter(Boolean).join(" ")}>
      {props.children}
    </a>
  );
}

type FieldProps = {
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
};

/** A label, the control, a hint and an error, wired together with ids for screen readers. */
export function Field({ label, hint, error, required, children }: FieldProps) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field">
      <label for={id}>
        {label} {required ? <span class="visually-hidden">{t("common.required")}</span> : null}
      </label>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {children({ id, describedBy, invalid: !!error })}
      {error && (
        <span class="error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

type InputProps = Omit<JSX.HTMLAttributes<HTMLInputElement>, "value" | "onInput"> & {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onValue: (value: string) => void;
  type?: string;
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
};

export function TextField({ label, hint, error, value, onValue, required, ...rest }: InputProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {({ id, describedBy, invalid }) => (
        <input {...rest} id={id} value={value} required={required} aria-describedby={describedBy} aria-invalid={invalid || undefined} onInput={(e) => onValue((e.target as HTMLInputElement).value)} />
      )}
    </Field>
  );
}

export function TextArea({ label, hint, error, value, onValue, required, maxLength }: { label: string; hint?: string; error?: string; value: string; onValue: (v: string) => void; required?: boolean; maxLength?: number }) {
  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {({ id, describedBy, invalid }) => (
        <textarea id={id} value={value} required={required} maxLength={maxLength} aria-describedby={describedBy} aria-invalid={invalid || undefined} onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)} />
      )}
    </Field>
  );
}

export function Select<T extends string>({ label, hint, error, value, onValue, options, required }: { label: string; hint?: string; error?: string; value: T; onValue: (v: T) => void; options: { value: T; label: string }[]; required?: boolean }) {
  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {({ id, describedBy, invalid }) => (
        <select id={id} value={value} required={required} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => onValue((e.target as HTMLSelectElement).value as T)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Checkbox({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string }) {
  const id = useId();
  return (
    <div>
      <div class="check">
        <input type="checkbox" id={id} checked={checked} onChange={(e) => onChange((e.target as HTMLInputElement).checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
        <label for={id}>{label}</label>
      </div>
      {hint && (
        <p class="muted" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** A group of checkboxes choosing some of `options`, with its legend and one error. */
export function CheckboxGroup<T extends string>({ legend, options, values, onChange, error }: { legend: string; options: { value: T; label: string }[]; values: T[]; onChange: (v: T[]) => void; error?: string }) {
  const id = useId();
  return (
    <fieldset class="field" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <Checkbox key={o.value} label={o.label} checked={values.includes(o.value)} onChange={(on) => onChange(on ? [...values.filter((v) => v !== o.value), o.value] : values.filter((v) => v !== o.value))} />
      ))}
      {error && (
        <span class="error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** A list of short words or phrases (strengths, passions, interests) with add and remove. */
export function TagInput({ label, hint, values, onChange, max = 20, maxLength = 60, error }: { label: string; hint?: string; values: string[]; onChange: (v: string[]) => void; max?: number; maxLength?: number; error?: string }) {
  const [draft, setDraft] = useState("");
  const add = () => {
    const v = draft.trim();
    if (!v || values.some((x) => x.toLocaleLowerCase() === v.toLocaleLowerCase()) || values.length >= max) {
      setDraft("");
      return;
    }
    onChange([...values, v]);
    setDraft("");
  };
  return (
    <Field label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <div class="stack" style={{ gap: "var(--s-2)" }}>
          {values.length > 0 && (
            <ul class="chips" aria-label={label}>
              {values.map((v) => (
                <li class="chip" key={v}>
                  <span>{v}</span>
                  <button type="button" aria-label={t("common.remove", { item: v })} onClick={() => onChange(values.filter((x) => x !== v))}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div class="row" style={{ flexWrap: "nowrap" }}>
            <input
              id={id}
              type="text"
              value={draft}
              maxLength={maxLength}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === ",") {
                  e.preventDefault();
                  add();
                }
              }}
            />
            <Button variant="secondary" onClick={add} aria-label={`${t("common.add")}: ${label}`}>
              {t("common.add")}
            </Button>
          </div>
        </div>
      )}
    </Field>
  );
}

export function Notice({ tone = "info", children, live }: { tone?: "info" | "warn" | "error"; children: ComponentChildren; live?: boolean }) {
  return (
    <div class={`notice ${tone === "info" ? "" : tone}`} role={tone === "error" ? "alert" : live ? "status" : undefined}>
      {children}
    </div>
  );
}

export function Loading() {
  return (
    <p class="muted" role="status">
      {t("common.loading")}
    </p>
  );
}

/** The localized text of a server UserError: the server's words in English, the catalogue's otherwise. */
export function errorText(e: Pick<UserError, "code" | "message" | "retryAfter">): string {
  const key = `errors.${e.code}`;
  if (lang.value === "en" && e.message) return e.message;
  if (has(key)) return t(key as Key, { seconds: e.retryAfter ?? 30 });
  return e.message;
}

/** A failed read in words: the server's domain errors carry a code (NOT_VERIFIED, NOT_FOUND…). */
export function queryErrorText(e: ApiError): string {
  return e.code ? errorText({ code: e.code, message: e.message, retryAfter: null }) : t("common.somethingWrong");
}

/** Split a payload's errors into per-field messages and the rest. The field is the last name on
 *  the error's path (a list item's path ends in its index: ["input", "strengths", "0"]); with
 *  `known`, the first name on the path that the screen shows, and errors about anything else go
 *  to `general` so that none is lost. */
export function splitErrors(errors: readonly UserError[], known?: readonly string[]): { fields: Record<string, string>; general: string[] } {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const e of errors) {
    const path = (e.field ?? []).filter((p) => p !== "input" && !/^\d+$/.test(p));
    const name = known ? path.find((p) => known.includes(p)) : path[path.length - 1];
    if (!name) general.push(errorText(e));
    else if (!(name in fields)) fields[name] = errorText(e);
  }
  return { fields, general };
}

export type FormErrorsState = { fields: Record<string, string>; general: string[] };
export const NO_ERRORS: FormErrorsState = { fields: {}, general: [] };

/** Busy state and errors for one mutation. `run(fn)` calls it (fn returns the payload's errors),
 *  places the errors (fields the form shows, `shown`, by the field; the rest above the form),
 *  says what went wrong when it threw, refreshes what is on screen on success, and returns
 *  whether it succeeded. */
export function useAction(shown: readonly string[] = []) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrorsState>(NO_ERRORS);
  const run = async (fn: () => Promise<readonly UserError[]>): Promise<boolean> => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const problems = await fn();
      if (problems.length) {
        setErrors(splitErrors(problems, shown));
        return false;
      }
      refreshAll();
      return true;
    } catch (e) {
      setErrors({ fields: {}, general: [thrownText(e)] });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, run, setErrors };
}

/** What to tell the person when a call threw (network or a bug). */
export function thrownText(e: unknown): string {
  return e instanceof NetworkError ? t("errors.network") : t("common.somethingWrong");
}

export function FormErrors({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div class="notice error" role="alert">
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}

export function SavedState({ offline, savedAt }: { offline: boolean; savedAt?: number }) {
  if (!offline) return null;
  return (
    <p class="muted" role="status">
      {savedAt ? t("common.showingSaved", { when: new Intl.DateTimeFormat(lang.value, { dateStyle: "medium", timeStyle: "short" }).format(savedAt) }) : t("common.offline")}
    </p>
  );
}

type QueryViewBase<R> = {
  q: Pick<QueryState<R>, "data" | "loading" | "offline" | "savedAt" | "error">;
  /** Say "showing what you last saw" above it when the copy is the saved one (default yes). */
  saved?: boolean;
  /** While the first answer is awaited (default: "Loading…"). */
  loading?: ComponentChildren;
  /** When it failed and there is nothing to show (default: the reason, as an alert). */
  error?: (e: ApiError) => ComponentChildren;
};

type QueryViewProps<R, T> = QueryViewBase<R> &
  (
    | {
        /** The part of the answer shown; null or undefined counts as nothing to show. */
        select?: (data: R) => T | null | undefined;
        isEmpty?: (value: T) => boolean;
        /** What an empty answer looks like ("No needs yet."). */
        empty?: ComponentChildren;
        /** Nothing to show and nothing wrong: offline with no saved copy, or the thing is gone.
         *  Defaults to `empty` (a list never seen is shown as an empty one). */
        missing?: ComponentChildren;
        ready?: undefined;
        children: (value: T) => ComponentChildren;
      }
    | {
        /** A form that works from what the app knows: shown once `ready`, with or without an answer
         *  (and never taken down again by a refetch). Until then, the loading state. */
        ready: boolean;
        children: () => ComponentChildren;
      }
  );

/** One query on screen: the saved-copy note, then the answer, or loading, the error, empty or missing,
 *  the same way on every screen. */
export function QueryView<R, T = R>(props: QueryViewProps<R, T>) {
  const { q, saved = true, loading = <Loading />, error = (e: ApiError) => <Notice tone="error">{queryErrorText(e)}</Notice> } = props;
  let body: ComponentChildren;
  if (props.ready !== undefined) {
    body = props.ready ? props.children() : loading;
  } else {
    const { select, isEmpty, empty, missing = empty, children } = props;
    const value = q.data === undefined ? undefined : select ? select(q.data) : (q.data as unknown as T);
    if (value !== undefined && value !== null) body = isEmpty?.(value) ? empty : children(value);
    else if (q.loading) body = loading;
    else if (q.error) body = error(q.error);
    else body = missing;
  }
  return (
    <>
      {saved && <SavedState offline={q.offline} savedAt={q.savedAt} />}
      {body}
    </>
  );
}
