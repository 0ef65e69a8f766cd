// Writing a message: a text box (4,000 characters at most, with what is left shown near the end) and
// Send. Each message gets one clientMutationId, made when it is first sent and kept until it is sent
// or queued, so sending again (a retry, the offline queue, a lost answer) stores it once. Offline, it
// waits in the queue and the conversation shows it as "Waiting to send".
import { useState } from "preact/hooks";
import { t } from "../../i18n";
import { useClientId } from "../../offline/client-id";
import { submitOrQueue, type Action, type Outcome } from "../../offline/queue";
import { Button, FormErrors, NO_ERRORS, Notice, splitErrors, TextArea, thrownText, type FormErrorsState } from "../../ui";
import { inWords } from "./parts";

export const MAX_BODY = 4000;
/** From here on, the characters left are shown. */
const SHOW_LEFT_FROM = 500;

export function charactersLeft(body: string): string | undefined {
  const left = MAX_BODY - body.length;
  return left <= SHOW_LEFT_FROM ? t("messages.charactersLeft", { count: left }) : undefined;
}

export function Composer({ label, make, queueLabel, onSent }: { label: string; make: (body: string, clientMutationId: string) => Action; queueLabel: string; onSent?: (outcome: Exclude<Outcome<string | null>, { status: "refused" }>) => void }) {
  const [body, setBody] = useState("");
  const clientId = useClientId();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrorsState>(NO_ERRORS);
  const [queued, setQueued] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const text = body.trim();
    if (!text || busy) return;
    setBusy(true);
    setErrors(NO_ERRORS);
    setQueued(false);
    try {
      const result = await submitOrQueue(make(text, clientId.current()), queueLabel);
      if (result.status === "refused") {
        setErrors(splitErrors(inWords(result.errors), ["body"]));
        return;
      }
      clientId.done();
      setBody("");
      setQueued(result.status === "queued");
      onSent?.(result);
    } catch (err) {
      setErrors({ fields: {}, general: [thrownText(err)] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack composer" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <TextArea label={label} hint={charactersLeft(body)} value={body} onValue={setBody} required maxLength={MAX_BODY} error={errors.fields.body} />
      <Button type="submit" block busy={busy} busyLabel={t("messages.sending")} disabled={!body.trim()}>
        {t("messages.send")}
      </Button>
      {queued && <Notice live>{t("messages.queued")}</Notice>}
    </form>
  );
}
