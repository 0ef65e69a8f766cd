// Pieces every onboarding step uses: the progress indicator, Back/Continue, and a way to keep a
// form's typed input when the data behind it is fetched again (e.g. after a language switch).
import type { ComponentChildren } from "preact";
import { useRef } from "preact/hooks";
import { t } from "../../i18n";
import { LinkButton } from "../../ui";
import { COUNTED, prevStep, type Step, stepNumber, stepPath, withDraft } from "./steps";

export function Progress({ step }: { step: Step }) {
  const current = stepNumber(step);
  const text = current <= COUNTED ? t("onboarding.progress", { current, total: COUNTED }) : t("onboarding.allDone");
  return (
    <div class="ob-progress">
      <p>{text}</p>
      <ol class="ob-bar" aria-hidden="true">
        {Array.from({ length: COUNTED }, (_, i) => (
          <li key={i} class={i + 1 < current ? "done" : i + 1 === current ? "current" : undefined} />
        ))}
      </ol>
    </div>
  );
}

/** Back (a link: it only navigates) and the step's own way forward. */
export function StepNav({ step, children }: { step: Step; children?: ComponentChildren }) {
  const back = prevStep(step);
  return (
    <div class="ob-nav">
      {back && (
        <LinkButton href={stepPath(back)} variant="secondary">
          {t("common.back")}
        </LinkButton>
      )}
      {children}
    </div>
  );
}

/** True once the first load is over; stays true, so a refetch never unmounts a form being filled. */
export function useSettled(loading: boolean, hasData: boolean): boolean {
  const settled = useRef(false);
  if (!loading || hasData) settled.current = true;
  return settled.current;
}

/**
 * A word typed into a TagInput but not yet added: add it (TagInput's own Enter handling clears the
 * field and updates the chips) and return the list as it will be, so nothing typed is lost.
 */
export function takeDraft(container: HTMLElement | null, list: readonly string[]): string[] {
  const input = container?.querySelector<HTMLInputElement>('input[type="text"]');
  const draft = input?.value.trim() ?? "";
  if (!input || !draft) return [...list];
  input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
  return withDraft(list, draft);
}
