// Actions taken offline, shown until they are sent (or, if refused, until dismissed).
import { discard, queued, type Queued } from "../offline/queue";
import { t } from "../i18n";
import { Button } from ".";

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
              {t(q.kind === "postNeed" ? "common.pendingPostNeed" : "common.pendingOfferHelp", { label: q.label })}{" "}
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
