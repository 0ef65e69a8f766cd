// What each side may do with a match, by its status (the same rules as api/skills/service.py):
// the family asks a suggested helper, answers an offer, marks an agreed match done with thanks;
// the helper offers (queued when offline), answers a request. Also: offering help on a need, and
// closing one's own need. Every action refreshes what is on screen when it succeeds.
import { useEffect, useRef, useState } from "preact/hooks";
import { request, type UserError } from "../../api/client";
import {
  SkillsCloseNeedDocument,
  SkillsCompleteMatchDocument,
  SkillsRequestHelpDocument,
  SkillsRespondToMatchDocument,
  type MatchStatus,
} from "../../gql/graphql";
import { t } from "../../i18n";
import { useClientId } from "../../offline/client-id";
import { queued, submitOrQueue } from "../../offline/queue";
import { Button, FormErrors, NO_ERRORS, Notice, Select, splitErrors, TextArea, thrownText, useAction } from "../../ui";

export interface MatchForActions {
  id: string;
  status: MatchStatus;
  message: string;
  thanks: string | null;
  helper: { displayName: string };
  contact: { displayName: string; email: string } | null;
  need: { id: string; title: string; requester: { displayName: string } };
}

function ContactCard({ contact }: { contact: { displayName: string; email: string } }) {
  return (
    <div class="notice contact">
      <p>
        <strong>{t("skills.contactTitle", { name: contact.displayName })}</strong>
      </p>
      <p>
        <a href={`mailto:${contact.email}`}>{contact.email}</a>
      </p>
    </div>
  );
}

function Quote({ label, text }: { label: string; text: string }) {
  if (!text) return null;
  return (
    <figure class="quote">
      <figcaption class="muted">{label}</figcaption>
      <blockquote>{text}</blockquote>
    </figure>
  );
}

function AnswerButtons({ matchId }: { matchId: string }) {
  const { busy, errors, run } = useAction();
  const [which, setWhich] = useState<boolean | null>(null);
  const answer = (accept: boolean) => {
    setWhich(accept);
    void run(async () => (await request(SkillsRespondToMatchDocument, { input: { matchId, accept } })).respondToMatch.errors);
  };
  return (
    <div class="stack">
      <FormErrors messages={errors.general} />
      <div class="row">
        <Button onClick={() => answer(true)} busy={busy && which === true} disabled={busy} busyLabel={t("skills.saving")}>
          {t("skills.accept")}
        </Button>
        <Button variant="secondary" onClick={() => answer(false)} busy={busy && which === false} disabled={busy} busyLabel={t("skills.saving")}>
          {t("skills.decline")}
        </Button>
      </div>
    </div>
  );
}

/** Opening a small form moves focus into it (the button that opened it is gone). */
function useFocusOnOpen(open: boolean) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (open) form.current?.querySelector<HTMLElement>("textarea, input, select")?.focus();
  }, [open]);
  return form;
}

/** A button that opens a short form with one message, e.g. "Ask for help" or "Mark as done". */
function MessageAction(props: { open: string; label: string; hint: string; submit: string; busyLabel: string; field: string; send: (text: string | null) => Promise<readonly UserError[]> }) {
  const [open, setOpen] = useState(false);
  const formRef = useFocusOnOpen(open);
  const [text, setText] = useState("");
  const { busy, errors, run } = useAction([props.field]);
  if (!open) return <Button onClick={() => setOpen(true)}>{props.open}</Button>;
  const submit = (e: Event) => {
    e.preventDefault();
    void run(() => props.send(text.trim() || null));
  };
  return (
    <form class="stack" ref={formRef} onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <TextArea label={props.label} hint={props.hint} value={text} onValue={setText} maxLength={1000} error={errors.fields[props.field]} />
      <div class="row">
        <Button type="submit" busy={busy} busyLabel={props.busyLabel}>
          {props.submit}
        </Button>
        <Button variant="quiet" onClick={() => setOpen(false)}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

function AskForHelp({ match }: { match: MatchForActions }) {
  return (
    <MessageAction
      open={t("skills.askForHelp")}
      label={t("skills.messageTo", { name: match.helper.displayName })}
      hint={t("skills.askMessageHint")}
      submit={t("skills.sendRequest")}
      busyLabel={t("skills.sending")}
      field="message"
      send={async (message) => (await request(SkillsRequestHelpDocument, { input: { matchId: match.id, message } })).requestHelp.errors}
    />
  );
}

function CompleteWithThanks({ match }: { match: MatchForActions }) {
  return (
    <MessageAction
      open={t("skills.markDone")}
      label={t("skills.thanksLabel", { name: match.helper.displayName })}
      hint={t("skills.thanksHint")}
      submit={t("skills.confirmDone")}
      busyLabel={t("skills.saving")}
      field="thanks"
      send={async (thanks) => (await request(SkillsCompleteMatchDocument, { input: { matchId: match.id, thanks } })).completeMatch.errors}
    />
  );
}

/** The viewer's next step on a match, or where it stands when there is nothing to do. */
export function MatchActions({ match, asFamily, strengths = [] }: { match: MatchForActions; asFamily: boolean; strengths?: { id: string; title: string }[] }) {
  const family = match.need.requester.displayName;
  const helper = match.helper.displayName;
  if (asFamily) {
    switch (match.status) {
      case "SUGGESTED":
        return <AskForHelp match={match} />;
      case "OFFERED":
        return (
          <div class="stack">
            <p>{t("skills.familyOffered", { name: helper })}</p>
            <Quote label={t("skills.theirMessage", { name: helper })} text={match.message} />
            <AnswerButtons matchId={match.id} />
          </div>
        );
      case "REQUESTED":
        return (
          <div class="stack">
            <p>{t("skills.familyRequested", { name: helper })}</p>
            <Quote label={t("skills.yourMessage")} text={match.message} />
          </div>
        );
      case "ACCEPTED":
        return (
          <div class="stack">
            <p>{t("skills.familyAccepted", { name: helper })}</p>
            {match.contact && <ContactCard contact={match.contact} />}
            <CompleteWithThanks match={match} />
          </div>
        );
      case "COMPLETED":
        return (
          <div class="stack">
            <p>{t("skills.familyCompleted", { name: helper })}</p>
            {match.thanks && <Quote label={t("skills.yourThanks")} text={match.thanks} />}
          </div>
        );
      case "DECLINED":
        return <p class="muted">{t("skills.declinedNote")}</p>;
      default:
        return <p class="muted">{t("skills.expiredNote")}</p>;
    }
  }
  switch (match.status) {
    case "SUGGESTED":
      return <OfferHelpForm needId={match.need.id} needTitle={match.need.title} requester={family} strengths={strengths} />;
    case "OFFERED":
      return (
        <div class="stack">
          <p>{t("skills.helperOffered", { name: family })}</p>
          <Quote label={t("skills.yourMessage")} text={match.message} />
        </div>
      );
    case "REQUESTED":
      return (
        <div class="stack">
          <p>{t("skills.helperRequested", { name: family })}</p>
          <Quote label={t("skills.theirMessage", { name: family })} text={match.message} />
          <AnswerButtons matchId={match.id} />
        </div>
      );
    case "ACCEPTED":
      return (
        <div class="stack">
          <p>{t("skills.helperAccepted", { name: family })}</p>
          {match.contact && <ContactCard contact={match.contact} />}
        </div>
      );
    case "COMPLETED":
      return (
        <div class="stack">
          <p>{t("skills.helperCompleted", { name: family })}</p>
          {match.thanks && <Quote label={t("skills.theirThanks", { name: family })} text={match.thanks} />}
        </div>
      );
    case "DECLINED":
      return <p class="muted">{t("skills.declinedNote")}</p>;
    default:
      return <p class="muted">{t("skills.expiredNote")}</p>;
  }
}

/** A helper offers to help: sent at once, or kept and sent when back online (shown as pending). */
export function OfferHelpForm({ needId, needTitle, requester, strengths }: { needId: string; needTitle: string; requester: string; strengths: { id: string; title: string }[] }) {
  const [message, setMessage] = useState("");
  const [strengthId, setStrengthId] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState(NO_ERRORS);
  const clientId = useClientId();
  const waiting = queued.value.some((q) => q.kind === "offerHelp" && q.input.needId === needId && q.status === "pending");
  if (waiting) {
    return <Notice live>{t("skills.offerQueued")}</Notice>;
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const input = { needId, message: message.trim() || null, strengthId: strengthId || null, clientMutationId: clientId.current() };
      const outcome = await submitOrQueue({ kind: "offerHelp", input }, needTitle);
      if (outcome.status === "refused") setErrors(splitErrors(outcome.errors, ["message", "strengthId"]));
      else clientId.done();
    } catch (err) {
      setErrors({ fields: {}, general: [thrownText(err)] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <TextArea label={t("skills.messageTo", { name: requester })} hint={t("skills.offerMessageHint")} value={message} onValue={setMessage} maxLength={1000} error={errors.fields.message} />
      {strengths.length > 0 && (
        <Select
          label={t("skills.whichStrength")}
          value={strengthId}
          onValue={setStrengthId}
          error={errors.fields.strengthId}
          options={[{ value: "", label: t("skills.noStrength") }, ...strengths.map((s) => ({ value: s.id, label: s.title }))]}
        />
      )}
      <Button type="submit" block busy={busy} busyLabel={t("skills.sending")}>
        {t("skills.offerHelp")}
      </Button>
    </form>
  );
}

/** Close my need, after a clear second step (nothing is closed by one stray tap). */
export function CloseNeed({ needId, title }: { needId: string; title: string }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, errors, run } = useAction();
  if (!confirming) {
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        {t("skills.closeNeed")}
      </Button>
    );
  }
  return (
    <div class="card stack" role="group" aria-labelledby="close-need-q">
      <p id="close-need-q">{t("skills.closeNeedConfirm", { title })}</p>
      <FormErrors messages={errors.general} />
      <div class="row">
        <Button
          variant="danger"
          busy={busy}
          busyLabel={t("skills.saving")}
          onClick={() => void run(async () => (await request(SkillsCloseNeedDocument, { input: { needId } })).closeNeed.errors).then((ok) => ok && setConfirming(false))}
        >
          {t("skills.closeNeedYes")}
        </Button>
        <Button variant="quiet" onClick={() => setConfirming(false)}>
          {t("skills.keepOpen")}
        </Button>
      </div>
    </div>
  );
}
