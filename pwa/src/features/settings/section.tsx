// One settings section: an h2 that names it, and a polite status line for "Saved." messages.
import type { ComponentChildren } from "preact";

export function Section({ id, title, lead, children }: { id: string; title: string; lead?: string; children: ComponentChildren }) {
  return (
    <section class="section settings-section stack" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {lead && <p class="muted">{lead}</p>}
      {children}
    </section>
  );
}

/** Always in the page, so screen readers announce what is put in it. */
export function Status({ text }: { text: string | null }) {
  return (
    <p class="muted settings-status" role="status">
      {text}
    </p>
  );
}
