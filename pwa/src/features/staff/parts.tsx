// Pieces the school's screens share: tabs as links (each tab has its own address, so Back and a link
// from the hub work), a two-step confirm for actions that are hard to undo, and role names.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { MemberRole } from "../../gql/graphql";
import { formatDate, relativeTime, t, type Key } from "../../i18n";
import { Button, Notice } from "../../ui";

/** A school screen's load error, with a retry: QueryView's `error` for every staff screen. */
export function couldNotLoad(q: { refetch: () => unknown }) {
  return () => (
    <Notice tone="error">
      <p>{t("staff.couldNotLoad")}</p>
      <Button variant="secondary" onClick={q.refetch}>
        {t("common.retry")}
      </Button>
    </Notice>
  );
}

export function roleName(role: MemberRole): string {
  return t(`staff.role_${role}` as Key);
}

/** "3 days ago" for recent things, the date for older ones (a week or more). */
export function when(iso: string): string {
  const days = Math.abs(Date.now() - new Date(iso).getTime()) / 86_400_000;
  return days < 7 ? relativeTime(iso) : formatDate(iso, { dateStyle: "medium" });
}

export function Tabs<T extends string>({ label, tabs, current }: { label: string; tabs: readonly { id: T; href: string; text: string }[]; current: T }) {
  return (
    <nav class="tabs" aria-label={label}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.id}>
            <a href={tab.href} aria-current={tab.id === current ? "page" : undefined}>
              {tab.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A button that asks first: the question and a plain Yes / Keep in its place. `onConfirm` returns
 *  whether it worked; when it did not, the question stays (the error shows beside it). */
export function ConfirmButton(props: {
  label: string;
  /** The button's accessible name when the label alone is ambiguous in a list ("Decline Ana"). */
  name?: string;
  question: string;
  yes: string;
  keep: string;
  busyLabel?: string;
  variant?: "secondary" | "danger";
  onConfirm: () => Promise<boolean>;
  children?: ComponentChildren;
}) {
  const { label, name, question, yes, keep, busyLabel, variant = "secondary", onConfirm, children } = props;
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const prompt = useRef<HTMLParagraphElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    // Focus follows the question, and goes back to the button when the person keeps things as they are.
    if (open) prompt.current?.focus();
    else if (opened.current) trigger.current?.focus();
    opened.current = open;
  }, [open]);

  if (!open) {
    return (
      <button ref={trigger} type="button" class={`btn ${variant}`} aria-label={name} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    try {
      if (await onConfirm()) opened.current = false; // done: the row changes, nothing to go back to
      else return;
    } finally {
      setBusy(false);
    }
    setOpen(false);
  };
  return (
    <div class="confirm stack" role="group" aria-labelledby={id}>
      <p id={id} ref={prompt} tabIndex={-1}>
        {question}
      </p>
      {children}
      <div class="row">
        <button type="button" class="btn danger" onClick={() => void confirm()} disabled={busy} aria-busy={busy || undefined}>
          {busy && busyLabel ? busyLabel : yes}
        </button>
        <button type="button" class="btn quiet" onClick={() => setOpen(false)} disabled={busy}>
          {keep}
        </button>
      </div>
    </div>
  );
}

/** Always in the page, so screen readers announce what is put in it ("Ana is verified."). */
export function Status({ text }: { text: string | null }) {
  return (
    <p class="staff-status" role="status">
      {text}
    </p>
  );
}
