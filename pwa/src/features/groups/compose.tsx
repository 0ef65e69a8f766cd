// Writing in a group: a post (text and an optional link) and a comment. Both go through the offline
// queue, and each action gets one clientId, made when it is first sent and kept until it is sent or
// queued, so sending again (a retry, the queue, a lost answer) never posts twice.
import { useState } from "preact/hooks";
import { t } from "../../i18n";
import { useClientId } from "../../offline/client-id";
import { submitOrQueue, type Action } from "../../offline/queue";
import { Button, FormErrors, NO_ERRORS, Notice, splitErrors, TextArea, TextField, thrownText, type FormErrorsState } from "../../ui";
import { inWords } from "./errors";

type Sent = "sent" | "queued" | null;

/** Sends (or queues) one action; its errors by field, and whether it went or waits. */
function useSend(fields: readonly string[]) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrorsState>(NO_ERRORS);
  const [outcome, setOutcome] = useState<Sent>(null);
  const send = async (action: Action, label: string): Promise<boolean> => {
    setBusy(true);
    setErrors(NO_ERRORS);
    setOutcome(null);
    try {
      const result = await submitOrQueue(action, label);
      if (result.status === "refused") {
        setErrors(splitErrors(inWords(result.errors), fields));
        return false;
      }
      setOutcome(result.status);
      return true;
    } catch (e) {
      setErrors({ fields: {}, general: [thrownText(e)] });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, outcome, send };
}

export function PostComposer({ groupId, groupName }: { groupId: string; groupName: string }) {
  const [body, setBody] = useState("");
  const [link, setLink] = useState("");
  const clientId = useClientId();
  const { busy, errors, outcome, send } = useSend(["body", "link"]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const input = { groupId, body: body.trim(), link: link.trim() || null, clientId: clientId.current() };
    if (await send({ kind: "createPost", input }, groupName)) {
      clientId.done();
      setBody("");
      setLink("");
    }
  };
  return (
    <form class="card stack composer" onSubmit={submit} noValidate aria-labelledby="composer-title">
      <h2 id="composer-title">{t("groups.composerTitle")}</h2>
      <FormErrors messages={errors.general} />
      <TextArea label={t("groups.postBody")} hint={t("groups.postBodyHint")} value={body} onValue={setBody} required maxLength={5000} error={errors.fields.body} />
      <TextField label={t("groups.postLink")} hint={t("groups.postLinkHint")} type="text" inputMode="url" value={link} onValue={setLink} maxLength={500} autoComplete="off" error={errors.fields.link} />
      <Button type="submit" block busy={busy} busyLabel={t("groups.posting")} disabled={!body.trim()}>
        {t("groups.post")}
      </Button>
      {outcome === "queued" && <Notice live>{t("groups.postQueued")}</Notice>}
      {outcome === "sent" && <Notice live>{t("groups.posted")}</Notice>}
    </form>
  );
}

export function CommentBox({ postId, label }: { postId: string; label: string }) {
  const [body, setBody] = useState("");
  const clientId = useClientId();
  const { busy, errors, outcome, send } = useSend(["body"]);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (await send({ kind: "comment", input: { postId, body: body.trim(), clientId: clientId.current() } }, label)) {
      clientId.done();
      setBody("");
    }
  };
  return (
    <form class="stack comment-box" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <TextArea label={t("groups.commentBody")} value={body} onValue={setBody} maxLength={2000} error={errors.fields.body ?? errors.fields.postId} />
      <Button type="submit" variant="secondary" busy={busy} busyLabel={t("groups.posting")} disabled={!body.trim()}>
        {t("groups.comment")}
      </Button>
      {outcome === "queued" && <Notice live>{t("groups.commentQueued")}</Notice>}
    </form>
  );
}
