// Offer a strength (/strengths/new) or change one (/strengths/:id): category, title, description,
// languages, in person / online, and weekly times. Problems show at their fields.
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { request, type UserError } from "../../api/client";
import { refreshAll, useQuery } from "../../api/hooks";
import {
  SkillsAddStrengthDocument,
  SkillsRemoveStrengthDocument,
  SkillsStrengthDocument,
  SkillsUpdateStrengthDocument,
  type HelpMode,
  type SkillsStrengthFieldsFragment,
  type SkillsStrengthQuery,
} from "../../gql/graphql";
import { t } from "../../i18n";
import { me } from "../../state/me";
import { Button, CheckboxGroup, FormErrors, Notice, Page, QueryView, TextArea, TextField, errorText, splitErrors, thrownText } from "../../ui";
import { availabilityRowErrors, AvailabilityEditor, CategoryPicker, forPeople, languageName, modeName, useCategories, type Slot } from "./parts";

const LANGS = ["en", "es"] as const;
const MODES: HelpMode[] = ["IN_PERSON", "VIRTUAL"];

type Errors = { fields: Record<string, string>; general: string[]; rows: Record<number, string> };
const NONE: Errors = { fields: {}, general: [], rows: {} };
const SHOWN = ["category", "title", "description", "languages", "modes", "availability"];

export function toErrors(problems: readonly UserError[]): Errors {
  const { rows, rest } = availabilityRowErrors(forPeople(problems), errorText);
  const split = splitErrors(rest);
  const fields: Record<string, string> = {};
  const general = [...split.general];
  for (const [k, v] of Object.entries(split.fields)) (SHOWN.includes(k) ? (fields[k] = v) : general.push(v));
  return { fields, general, rows };
}

function Form({ strength }: { strength: SkillsStrengthFieldsFragment | null }) {
  const { route } = useLocation();
  const { groups } = useCategories();
  const known = (me.value?.viewer?.languages ?? []).filter((l) => (LANGS as readonly string[]).includes(l));
  const [category, setCategory] = useState(strength?.category ?? "");
  const [title, setTitle] = useState(strength?.title ?? "");
  const [description, setDescription] = useState(strength?.description ?? "");
  const [languages, setLanguages] = useState<string[]>(strength?.languages ?? known);
  const [modes, setModes] = useState<HelpMode[]>(strength?.modes ?? ["IN_PERSON"]);
  const [slots, setSlots] = useState<Slot[]>(strength?.availability.map((s) => ({ day: s.day, start: s.start, end: s.end })) ?? []);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>(NONE);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [removing, setRemoving] = useState(false);


  /** Runs one mutation of this form: its errors by field (and availability row), else back to Share. */
  const act = async (setRunning: (on: boolean) => void, send: () => Promise<readonly UserError[]>) => {
    setRunning(true);
    setErrors(NONE);
    try {
      const problems = await send();
      if (problems.length) {
        setErrors(toErrors(problems));
        return;
      }
      refreshAll();
      route("/share");
    } catch (err) {
      setErrors({ ...NONE, general: [thrownText(err)] });
    } finally {
      setRunning(false);
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const fields = { category, title, description: description.trim() || null, languages, modes, availability: slots };
    void act(setBusy, async () =>
      strength
        ? (await request(SkillsUpdateStrengthDocument, { input: { strengthId: strength.id, ...fields, description: description.trim() } })).updateStrength.errors
        : (await request(SkillsAddStrengthDocument, { input: fields })).addStrength.errors,
    );
  };

  const remove = () => {
    if (strength) void act(setRemoving, async () => (await request(SkillsRemoveStrengthDocument, { input: { strengthId: strength.id } })).removeStrength.errors);
  };

  return (
    <>
      <form class="stack skills-form" onSubmit={submit} noValidate>
        <FormErrors messages={errors.general} />
        <CategoryPicker label={t("skills.category")} emptyLabel={t("skills.chooseCategory")} value={category} onValue={setCategory} groups={groups} error={errors.fields.category} required />
        <TextField label={t("skills.strengthTitle")} hint={t("skills.strengthTitleHint")} value={title} onValue={setTitle} error={errors.fields.title} required />
        <TextArea label={t("skills.descriptionOptional")} hint={t("skills.strengthDescriptionHint")} value={description} onValue={setDescription} maxLength={2000} error={errors.fields.description} />
        <CheckboxGroup legend={t("skills.helpLanguages")} options={LANGS.map((l): { value: string; label: string } => ({ value: l, label: languageName(l) }))} values={languages} onChange={setLanguages} error={errors.fields.languages} />
        <CheckboxGroup legend={t("skills.helpModes")} options={MODES.map((m) => ({ value: m, label: modeName(m) }))} values={modes} onChange={setModes} error={errors.fields.modes} />
        <AvailabilityEditor slots={slots} onChange={setSlots} error={errors.fields.availability} rowErrors={errors.rows} />
        <Button type="submit" block busy={busy} busyLabel={t("skills.saving")}>
          {strength ? t("skills.saveStrength") : t("skills.addStrength")}
        </Button>
      </form>
      {strength && (
        <section class="section stack" aria-label={t("skills.removeStrength")}>
          {confirmRemove ? (
            <div class="card stack">
              <p>{t("skills.removeStrengthConfirm", { title: strength.title })}</p>
              <div class="row">
                <Button variant="danger" busy={removing} busyLabel={t("skills.saving")} onClick={() => void remove()}>
                  {t("skills.removeStrengthYes")}
                </Button>
                <Button variant="quiet" onClick={() => setConfirmRemove(false)}>
                  {t("skills.keepIt")}
                </Button>
              </div>
            </div>
          ) : (
            <div>
              <Button variant="secondary" onClick={() => setConfirmRemove(true)}>
                {t("skills.removeStrength")}
              </Button>
            </div>
          )}
        </section>
      )}
    </>
  );
}

function asStrength(node: SkillsStrengthQuery["node"] | undefined): SkillsStrengthFieldsFragment | null {
  return node && "title" in node ? (node as SkillsStrengthFieldsFragment) : null;
}

function EditStrength({ id }: { id: string }) {
  const q = useQuery(SkillsStrengthDocument, { id });
  const strength = asStrength(q.data?.node);
  // The form keeps its own state; mount it once the strength is known.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (strength) setReady(true);
  }, [strength?.id]);
  return (
    <Page title={t("skills.strengthEditTitle")}>
      <QueryView q={q} select={(d) => (ready ? asStrength(d.node) : null)} missing={<Notice tone="error">{t("skills.strengthNotFound")}</Notice>}>
        {(strength) => <Form strength={strength} />}
      </QueryView>
    </Page>
  );
}

export default function StrengthForm({ id }: { id?: string }) {
  if (id) return <EditStrength id={id} />;
  return (
    <Page title={t("skills.strengthNewTitle")} lead={t("skills.strengthLead")}>
      <Form strength={null} />
    </Page>
  );
}
