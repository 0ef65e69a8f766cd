// Actions taken offline, shown until they are sent (or, if refused, until dismissed). Each is
// listed in the words of the feature that declared it (its offline action's `pending` string).
import { offlineAction } from "../features/registry";
import { t } from "../i18n";
import { Button } from "../ui";
import { discard, queued, type Queued } from "./queue";

export function PendingActions({ kind }: { kind?: Queued["kind"] }) {
  const items = queued.value.filter((q) => !kind || q.kind === kind);
  if (!items.length) return null;
  return (
    <section class="card" aria-labelledby="pending-title" data-testid="pending-actions">
      <h2 id="pending-title" style={{ fontSize: "var(--t-lg)" }}>
        {t("common.pendingTitle")}
      </h2>
      <p class="muted">{t("common.pendingHint")}</p>
      <ul class="list">
        {items.map((q) => (
          <li key={q.id} class="row" style={{ justifyContent: "space-between" }}>
            <span>
              {pendingText(q)}{" "}
              <span class={`status ${q.status}`}>{q.status === "failed" ? t("common.failedStatus", { reason: q.error ?? "" }) : t("common.pendingStatus")}</span>
            </span>
            {q.status === "failed" && (
              <Button variant="quiet" onClick={() => void discard(q.id)}>
                {t("common.dismiss")}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function pendingText(q: Queued): string {
  const action = offlineAction(q.kind);
  return action ? t(action.pending, { label: q.label }) : q.label;
}
