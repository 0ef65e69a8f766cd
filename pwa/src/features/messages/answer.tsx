// Answering a message request: accept (the conversation opens for both), decline (they cannot write
// here again) or block them (after a clear second step). Used by the requests list and by the
// conversation itself, above where the composer will be.
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { MessagesAnswerDocument, MessagesBlockDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { Button, FormErrors, useAction } from "../../ui";
import { ConfirmButton } from "../staff/parts";
import { inWords } from "./parts";

export type Answer = "accepted" | "declined" | "blocked";

export function AnswerRequest({ conversationId, caregiverId, name, onAnswered }: { conversationId: string; caregiverId: string | null; name: string; onAnswered: (answer: Answer, message: string) => void }) {
  const action = useAction();
  const [busy, setBusy] = useState(false);
  const answer = async (accept: boolean) => {
    setBusy(true);
    try {
      const ok = await action.run(async () => inWords((await request(MessagesAnswerDocument, { input: { conversationId, accept } })).answerMessageRequest.errors));
      if (ok) onAnswered(accept ? "accepted" : "declined", t(accept ? "messages.accepted" : "messages.declined"));
      return ok;
    } finally {
      setBusy(false);
    }
  };
  const block = async () => {
    if (!caregiverId) return false;
    const ok = await action.run(async () => inWords((await request(MessagesBlockDocument, { input: { caregiverId } })).block.errors));
    if (ok) onAnswered("blocked", t("messages.blocked", { name }));
    return ok;
  };
  return (
    <div class="stack">
      <FormErrors messages={action.errors.general} />
      <div class="row">
        <Button busy={busy} busyLabel={t("messages.saving")} onClick={() => void answer(true)} aria-label={t("messages.acceptNamed", { name })}>
          {t("messages.accept")}
        </Button>
        <ConfirmButton label={t("messages.decline")} name={t("messages.declineNamed", { name })} question={t("messages.declineConfirm", { name })} yes={t("messages.declineYes")} keep={t("messages.keep")} busyLabel={t("messages.saving")} onConfirm={() => answer(false)} />
        {caregiverId && (
          <ConfirmButton label={t("messages.block")} name={t("messages.blockNamed", { name })} question={t("messages.blockConfirm", { name })} yes={t("messages.blockYes")} keep={t("messages.keep")} busyLabel={t("messages.saving")} variant="danger" onConfirm={block} />
        )}
      </div>
    </div>
  );
}
