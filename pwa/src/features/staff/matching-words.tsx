// The community's matching words, for its staff: the bilingual table of concepts that connects a
// family's need with another family's strength across English and Spanish ("tarea" = "homework"),
// searched by any word, with the words this community added (marked, removable) and a form to add
// one. What staff change counts only in this community, from the next matching run.
import { useEffect, useRef, useState } from "preact/hooks";
import { request, type UserError } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { StaffAddMatchingTermDocument, StaffMatchingConceptsDocument, StaffRemoveMatchingTermDocument, type StaffMatchingConceptsQuery } from "../../gql/graphql";
import { has, lang, t, type Key } from "../../i18n";
import { currentMembership } from "../../state/me";
import { Button, FormErrors, Page, QueryView, Select, TextField, useAction } from "../../ui";
import { ConfirmButton, couldNotLoad, Status } from "./parts";

type Concept = StaffMatchingConceptsQuery["matchingConcepts"][number];
type Word = Concept["words"][number];
type Language = "en" | "es";

const FIRST = 50;
const LANGUAGES: Language[] = ["en", "es"];
/** The concept picker's value for "a new concept" (never a key: keys are a-z, 0-9 and _). */
export const NEW_CONCEPT = "+new";

/** The API's refusals in this screen's words, by field and code ("term" + TOO_GENERIC), in the
 *  reader's language; the code is made unique to the screen so the shared catalogue does not
 *  reword it. Codes without words of their own pass as they are. */
export function inWords(errors: readonly UserError[]): UserError[] {
  return errors.map((e) => {
    const field = (e.field ?? []).filter((p) => p !== "input").at(-1);
    const key = [field && `staff.matchingError_${field}_${e.code}`, `staff.matchingError_${e.code}`].find((k) => k && has(k));
    return key ? { ...e, message: t(key as Key), code: `staff.${e.code}` } : e;
  });
}

function languageWord(language: string): string {
  return language === "es" ? t("staff.matchingSpanish") : language === "en" ? t("staff.matchingEnglish") : language;
}

function AddedWord({ word, concept, onDone }: { word: Word & { id: string }; concept: Concept; onDone: (message: string) => void }) {
  const { errors, run } = useAction();
  const remove = async () => {
    const ok = await run(async () => inWords((await request(StaffRemoveMatchingTermDocument, { input: { termId: word.id } })).removeMatchingTerm.errors));
    if (ok) onDone(t("staff.matchingRemoved", { term: word.term }));
    return ok;
  };
  return (
    <li class="matching-added stack">
      <div class="row">
        <strong lang={word.language}>{word.term}</strong>
        <span class="status pending">{t("staff.matchingAddedHere")}</span>
        <ConfirmButton
          label={t("staff.matchingRemove")}
          name={t("staff.matchingRemoveNamed", { term: word.term, concept: concept.label })}
          question={t("staff.matchingRemoveConfirm", { term: word.term })}
          yes={t("staff.matchingRemoveYes")}
          keep={t("staff.matchingRemoveKeep")}
          busyLabel={t("staff.matchingRemoving")}
          onConfirm={remove}
        >
          <FormErrors messages={errors.general} />
        </ConfirmButton>
      </div>
    </li>
  );
}

function Words({ concept, language, onDone }: { concept: Concept; language: Language; onDone: (message: string) => void }) {
  const words = concept.words.filter((w) => w.language === language);
  const builtin = words.filter((w) => !w.id);
  const added = words.filter((w): w is Word & { id: string } => !!w.id);
  const heading = language === "en" ? t("staff.matchingInEnglish") : t("staff.matchingInSpanish");
  return (
    <div class="stack matching-language">
      <h4>{heading}</h4>
      {!words.length && <p class="muted">{t("staff.matchingNoWords")}</p>}
      {builtin.length > 0 && (
        <ul class="chips" aria-label={`${concept.label}: ${heading}`} lang={language}>
          {builtin.map((w) => (
            <li key={w.term} class="chip plain">
              {w.term}
            </li>
          ))}
        </ul>
      )}
      {added.length > 0 && (
        <ul class="list">
          {added.map((w) => (
            <AddedWord key={w.id} word={w} concept={concept} onDone={onDone} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ConceptCard({ concept, onDone, onPick }: { concept: Concept; onDone: (message: string) => void; onPick: (concept: Concept) => void }) {
  return (
    <li class="card stack matching-concept">
      <div class="card-head">
        <h3>{concept.label}</h3>
        {!concept.builtin && <span class="status">{t("staff.matchingNewConcept")}</span>}
      </div>
      {LANGUAGES.map((l) => (
        <Words key={l} concept={concept} language={l} onDone={onDone} />
      ))}
      <div>
        <Button variant="quiet" onClick={() => onPick(concept)} aria-label={t("staff.matchingAddToNamed", { concept: concept.label })}>
          {t("staff.matchingAddTo")}
        </Button>
      </div>
    </li>
  );
}

function AddForm(props: {
  communityId: string;
  concepts: { key: string; label: string }[];
  choice: string;
  onChoice: (key: string) => void;
  onAdded: (message: string, concept: { key: string; label: string }) => void;
  formRef: { current: HTMLElement | null };
}) {
  const { communityId, concepts, choice, onChoice, onAdded, formRef } = props;
  const [newKey, setNewKey] = useState("");
  const [language, setLanguage] = useState<Language>(lang.value);
  const [term, setTerm] = useState("");
  const { busy, errors, run, setErrors } = useAction(["concept", "language", "term"]);
  const isNew = choice === NEW_CONCEPT;

  const submit = async (e: Event) => {
    e.preventDefault();
    const key = isNew ? newKey.trim() : choice;
    const word = term.trim();
    const missing: Record<string, string> = {};
    if (!key) missing.concept = t("staff.matchingConceptRequired");
    if (!word) missing.term = t("staff.matchingWordRequired");
    if (Object.keys(missing).length) {
      setErrors({ fields: missing, general: [] });
      return;
    }
    const got: { word: Word | null } = { word: null };
    const ok = await run(async () => {
      const answer = (await request(StaffAddMatchingTermDocument, { input: { communityId, concept: key, language, term: word } })).addMatchingTerm;
      got.word = answer.word;
      return inWords(answer.errors);
    });
    if (!ok) return;
    const concept = concepts.find((c) => c.key === key) ?? { key, label: key };
    setTerm("");
    setNewKey("");
    onAdded(t("staff.matchingAdded", { term: got.word?.term ?? word, concept: concept.label }), concept);
  };

  return (
    <section class="card stack matching-add" ref={formRef} aria-labelledby="matching-add-title">
      <h2 id="matching-add-title">{t("staff.matchingAddTitle")}</h2>
      <p class="muted">{t("staff.matchingAddLead")}</p>
      <form class="stack" onSubmit={submit} noValidate>
        <FormErrors messages={errors.general} />
        <Select
          label={t("staff.matchingConcept")}
          value={choice}
          onValue={onChoice}
          required
          error={isNew ? undefined : errors.fields.concept}
          options={[{ value: "", label: t("staff.matchingConceptChoose") }, ...concepts.map((c) => ({ value: c.key, label: c.label })), { value: NEW_CONCEPT, label: t("staff.matchingConceptNew") }]}
        />
        {isNew && (
          <TextField
            label={t("staff.matchingConceptKey")}
            hint={t("staff.matchingConceptKeyHint")}
            value={newKey}
            onValue={setNewKey}
            error={errors.fields.concept}
            maxLength={48}
            required
            autoComplete="off"
            autoCapitalize="none"
            spellcheck={false}
          />
        )}
        <Select label={t("staff.matchingLanguage")} value={language} onValue={setLanguage} error={errors.fields.language} options={LANGUAGES.map((l) => ({ value: l, label: languageWord(l) }))} />
        <TextField label={t("staff.matchingWord")} hint={t("staff.matchingWordHint")} data-term lang={language} value={term} onValue={setTerm} error={errors.fields.term} maxLength={60} required autoComplete="off" />
        <Button type="submit" busy={busy} busyLabel={t("staff.matchingAdding")}>
          {t("staff.matchingAdd")}
        </Button>
      </form>
    </section>
  );
}

export default function MatchingWords() {
  const communityId = currentMembership.value?.communityId ?? "";
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  const [removed, setRemoved] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [choice, setChoice] = useState("");
  // Every concept seen here stays choosable in the form, whatever the search shows now.
  const [seen, setSeen] = useState<Map<string, string>>(new Map());
  const formRef = useRef<HTMLElement>(null);

  // Searching waits for a pause in typing, so a word typed letter by letter asks once.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(draft.trim()), 300);
    return () => clearTimeout(timer);
  }, [draft]);
  const q = useQuery(StaffMatchingConceptsDocument, { communityId, search: search || null, first: FIRST }, { skip: !communityId });
  const list = q.data?.matchingConcepts;
  useEffect(() => {
    if (!list?.length) return;
    setSeen((old) => {
      const next = new Map(old);
      for (const c of list) next.set(c.key, c.label);
      return next;
    });
  }, [list]);
  const shown = (list ?? []).map((c) => ({ key: c.key, label: c.label }));
  const concepts = [...shown, ...[...seen].filter(([key]) => !shown.some((c) => c.key === key)).map(([key, label]) => ({ key, label }))];

  const pick = (concept: Concept) => {
    setChoice(concept.key);
    formRef.current?.scrollIntoView?.({ block: "start" });
    formRef.current?.querySelector<HTMLInputElement>("input[data-term]")?.focus();
  };
  const onRemoved = (message: string) => {
    setAdded(null);
    setRemoved(message);
  };
  const onAdded = (message: string, concept: { key: string; label: string }) => {
    setRemoved(null);
    setAdded(message);
    setSeen((old) => (old.has(concept.key) ? old : new Map(old).set(concept.key, concept.label)));
    setChoice(concept.key);
  };

  return (
    <Page title={t("staff.matchingTitle")} lead={t("staff.matchingLead")}>
      <TextField label={t("staff.matchingSearch")} hint={t("staff.matchingSearchHint")} type="search" value={draft} onValue={setDraft} autoComplete="off" />
      <Status text={removed} />
      <QueryView
        q={q}
        select={(d) => d.matchingConcepts}
        isEmpty={(l) => l.length === 0}
        empty={<p class="card empty-state">{search ? t("staff.matchingNoMatch") : t("staff.matchingEmpty")}</p>}
        error={couldNotLoad(q)}
      >
        {(items) => (
          <>
            <ul class="list" aria-label={t("staff.matchingList")}>
              {items.map((c) => (
                <ConceptCard key={c.key} concept={c} onDone={onRemoved} onPick={pick} />
              ))}
            </ul>
            {items.length >= FIRST && <p class="muted">{t("staff.matchingFirst", { count: FIRST })}</p>}
          </>
        )}
      </QueryView>
      <AddForm communityId={communityId} concepts={concepts} choice={choice} onChoice={setChoice} onAdded={onAdded} formRef={formRef} />
      <Status text={added} />
    </Page>
  );
}
