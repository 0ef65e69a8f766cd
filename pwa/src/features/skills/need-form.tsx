// Ask for help (/needs/new). Sent at once when online (then the need opens with its matches);
// kept and shown as pending on home when offline; refused → the reasons at their fields.
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import type { NeedMode, PostNeedInput, Urgency } from "../../gql/graphql";
import { t } from "../../i18n";
import { useClientId } from "../../offline/client-id";
import { submitOrQueue } from "../../offline/queue";
import { currentMembership } from "../../state/me";
import { Button, FormErrors, LinkButton, Notice, Page, Select, TextArea, TextField, splitErrors, thrownText } from "../../ui";
import { CategoryPicker, forPeople, languageName, localInputToIso, modeName, useCategories } from "./parts";
import { needHref } from "./paths";

const SHOWN = ["category", "title", "description", "mode", "urgency", "language", "startsAt", "endsAt", "postalCode"];
type Errors = { fields: Record<string, string>; general: string[] };
const NONE: Errors = { fields: {}, general: [] };

/** What can be checked without the server, so an obviously incomplete request is not queued offline. */
export function offlineProblems(input: Pick<PostNeedInput, "category" | "title">): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!input.category) fields.category = t("skills.categoryRequired");
  if (!input.title.trim()) fields.title = t("skills.titleRequired");
  return fields;
}

export default function NeedForm() {
  const { route } = useLocation();
  const { groups } = useCategories();
  const membership = currentMembership.value;
  const [category, setCategory] = useState("");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [mode, setMode] = useState<NeedMode>("EITHER");
  const [urgency, setUrgency] = useState<Urgency>("NORMAL");
  const [language, setLanguage] = useState<string>("");
  const [startsAt, setStartsAt] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const [postalCode, setPostalCode] = useState("");
  const [busy, setBusy] = useState(false);
  const clientId = useClientId();
  const [errors, setErrors] = useState<Errors>(NONE);

  if (membership && membership.state !== "VERIFIED") {
    return (
      <Page title={t("skills.needNewTitle")}>
        <Notice>{t("skills.pendingCannotPost")}</Notice>
        <LinkButton href="/strengths/new">{t("skills.offerStrengthBig")}</LinkButton>
      </Page>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!membership) return;
    const input: PostNeedInput = {
      communityId: membership.communityId,
      category,
      title,
      description: description.trim() || null,
      mode,
      urgency,
      language: language || null,
      startsAt: localInputToIso(startsAt),
      endsAt: localInputToIso(endsAt),
      postalCode: postalCode.trim() || null,
      clientMutationId: clientId.current(),
    };
    if (typeof navigator !== "undefined" && navigator.onLine === false) {
      const local = offlineProblems(input);
      if (Object.keys(local).length) {
        setErrors({ fields: local, general: [] });
        return;
      }
    }
    setBusy(true);
    setErrors(NONE);
    try {
      const outcome = await submitOrQueue({ kind: "postNeed", input }, title.trim());
      if (outcome.status !== "refused") clientId.done();
      if (outcome.status === "sent") {
        route(outcome.result ? needHref(outcome.result) : "/");
      } else if (outcome.status === "queued") {
        route("/");
      } else {
        const split = splitErrors(forPeople(outcome.errors));
        const fields: Record<string, string> = {};
        const general = [...split.general];
        for (const [k, v] of Object.entries(split.fields)) (SHOWN.includes(k) ? (fields[k] = v) : general.push(v));
        setErrors({ fields, general });
      }
    } catch (err) {
      setErrors({ fields: {}, general: [thrownText(err)] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t("skills.needNewTitle")} lead={t("skills.needLead")}>
      <form class="stack skills-form" onSubmit={submit} noValidate>
        <FormErrors messages={errors.general} />
        <CategoryPicker label={t("skills.category")} emptyLabel={t("skills.chooseCategory")} value={category} onValue={setCategory} groups={groups} error={errors.fields.category} required />
        <TextField label={t("skills.needTitleLabel")} hint={t("skills.needTitleHint")} value={title} onValue={setTitle} error={errors.fields.title} required />
        <TextArea label={t("skills.descriptionOptional")} hint={t("skills.needDescriptionHint")} value={description} onValue={setDescription} maxLength={2000} error={errors.fields.description} />
        <Select<NeedMode>
          label={t("skills.mode")}
          value={mode}
          onValue={setMode}
          error={errors.fields.mode}
          options={(["EITHER", "IN_PERSON", "VIRTUAL"] as NeedMode[]).map((m) => ({ value: m, label: modeName(m) }))}
        />
        <Select<Urgency>
          label={t("skills.urgency")}
          value={urgency}
          onValue={setUrgency}
          error={errors.fields.urgency}
          options={(["LOW", "NORMAL", "HIGH"] as Urgency[]).map((u) => ({ value: u, label: t(`skills.urgency_${u}`) }))}
        />
        <Select
          label={t("skills.helpLanguage")}
          value={language}
          onValue={setLanguage}
          error={errors.fields.language}
          options={[{ value: "", label: t("skills.anyLanguage") }, ...(["en", "es"] as const).map((l) => ({ value: l, label: languageName(l) }))]}
        />
        <fieldset class="field" aria-describedby="when-hint">
          <legend>{t("skills.whenOptional")}</legend>
          <span class="hint" id="when-hint">
            {t("skills.whenHint")}
          </span>
          <div class="when-row">
            <TextField label={t("skills.startsAt")} type="datetime-local" value={startsAt} onValue={setStartsAt} error={errors.fields.startsAt} />
            <TextField label={t("skills.endsAt")} type="datetime-local" value={endsAt} onValue={setEndsAt} error={errors.fields.endsAt} />
          </div>
        </fieldset>
        <TextField label={t("skills.postalCode")} hint={t("skills.postalCodeHint")} value={postalCode} onValue={setPostalCode} error={errors.fields.postalCode} autoComplete="postal-code" inputMode="numeric" />
        <Button type="submit" block busy={busy} busyLabel={t("skills.sending")}>
          {t("skills.postNeed")}
        </Button>
      </form>
    </Page>
  );
}
