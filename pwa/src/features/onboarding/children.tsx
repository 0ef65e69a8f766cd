// Step 4: each child's strength circle. A first name or nickname only (Village never asks for
// surnames, birthdays or photos), an optional grade, strengths, passions, interests and joy.
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { OnboardingAddChildDocument, OnboardingFamilyDocument, type OnboardingFamilyQuery, OnboardingRemoveChildDocument, OnboardingUpdateChildDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { Button, FormErrors, LinkButton, Page, QueryView, Select, TagInput, TextArea, TextField, thrownText, splitErrors } from "../../ui";
import { type SectorName, SECTORS, StrengthCircle } from "./circle";
import { Progress, StepNav, takeDraft, useSettled } from "./shared";
import { type ChildDraft, childInput, childUpdate, emptyChild, GRADES, noErrors, stepPath } from "./steps";

type Child = OnboardingFamilyQuery["myFamily"]["children"][number];

const PROMPTS = { strengths: "onboarding.childStrengthsPrompt", passions: "onboarding.childPassionsPrompt", interests: "onboarding.childInterestsPrompt" } as const;
const FIELDS = ["name", "grade", "strengths", "passions", "interests", "joy", "childId"];

export function gradeLabel(grade: string): string {
  if (grade === "PK") return t("onboarding.gradePK");
  if (grade === "K") return t("onboarding.gradeK");
  return t("onboarding.gradeN", { n: grade });
}

function ChildForm({ child, onSaved, onCancel, focus }: { child?: Child; onSaved: (child: Child) => void; onCancel?: () => void; focus?: boolean }) {
  const [draft, setDraft] = useState<ChildDraft>(() =>
    child ? { name: child.name, grade: child.grade ?? "", strengths: [...child.strengths], passions: [...child.passions], interests: [...child.interests], joy: child.joy } : emptyChild(),
  );
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState(noErrors);
  const boxes = useRef<Partial<Record<SectorName, HTMLDivElement | null>>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  const set = <K extends keyof ChildDraft>(key: K, value: ChildDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  // Opened by the person (Edit, Add another): take them to it. Opened on arrival: the h1 keeps focus.
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, []);

  // The API cannot clear a grade once given, so "prefer not to say" is offered only before one is.
  const grades = [...(child?.grade ? [] : [{ value: "", label: t("onboarding.gradeNone") }]), ...GRADES.map((g) => ({ value: g as string, label: gradeLabel(g) }))];

  const submit = async (e: Event) => {
    e.preventDefault();
    const full: ChildDraft = { ...draft, strengths: takeDraft(boxes.current.strengths ?? null, draft.strengths), passions: takeDraft(boxes.current.passions ?? null, draft.passions), interests: takeDraft(boxes.current.interests ?? null, draft.interests) };
    setDraft(full);
    setBusy(true);
    try {
      const payload = child ? (await request(OnboardingUpdateChildDocument, { input: childUpdate(child.id, full) })).updateChild : (await request(OnboardingAddChildDocument, { input: childInput(full) })).addChild;
      if (payload.errors.length || !payload.child) {
        setErrors(splitErrors(payload.errors, FIELDS));
        return;
      }
      setErrors(noErrors());
      onSaved(payload.child);
    } catch (err) {
      setErrors({ fields: {}, general: [thrownText(err)] });
    } finally {
      setBusy(false);
    }
  };

  const general = [...errors.general, ...(errors.fields.childId ? [errors.fields.childId] : [])];
  return (
    <form class="card stack" onSubmit={submit} noValidate aria-labelledby="ob-child-form">
      <h3 id="ob-child-form" ref={heading} tabIndex={-1}>
        {child ? t("onboarding.editChildTitle", { name: child.name }) : t("onboarding.addChildTitle")}
      </h3>
      <StrengthCircle name={draft.name} strengths={draft.strengths} passions={draft.passions} interests={draft.interests} />
      <FormErrors messages={general} />
      <TextField label={t("onboarding.childName")} hint={t("onboarding.childNameHint")} value={draft.name} onValue={(v) => set("name", v)} error={errors.fields.name} autoComplete="off" required />
      <Select label={t("onboarding.grade")} value={draft.grade} onValue={(v) => set("grade", v)} options={grades} error={errors.fields.grade} />
      {SECTORS.map((s) => (
        <div key={s} class={`ob-sector ob-sector-${s}`} ref={(el) => void (boxes.current[s] = el)}>
          <TagInput label={t(`onboarding.${s}`)} hint={`${t(PROMPTS[s])} ${t("onboarding.tagHint")}`} values={draft[s]} onChange={(v) => set(s, v)} maxLength={80} error={errors.fields[s]} />
        </div>
      ))}
      <TextArea label={t("onboarding.joy")} hint={t("onboarding.joyHint")} value={draft.joy} onValue={(v) => set("joy", v)} maxLength={500} error={errors.fields.joy} />
      <div class="row">
        <Button type="submit" busy={busy} busyLabel={t("common.saving")}>
          {t("onboarding.saveChild")}
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}

function ChildCard({ child, onEdit, onRemoved }: { child: Child; onEdit: () => void; onRemoved: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string[]>([]);
  const question = useRef<HTMLParagraphElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);

  const remove = async () => {
    setBusy(true);
    try {
      const data = await request(OnboardingRemoveChildDocument, { input: { childId: child.id } });
      const { removedChildId, errors } = data.removeChild;
      if (errors.length || !removedChildId) {
        setError(splitErrors(errors, []).general);
        return;
      }
      onRemoved();
    } catch (err) {
      setError([thrownText(err)]);
    } finally {
      setBusy(false);
    }
  };

  const lists = SECTORS.filter((s) => child[s].length > 0);
  return (
    <li class="card ob-child">
      <div class="ob-child-head">
        <StrengthCircle small name={child.name} strengths={child.strengths} passions={child.passions} interests={child.interests} />
        <div>
          <h3>{child.name}</h3>
          {child.grade && <p class="muted">{gradeLabel(child.grade)}</p>}
        </div>
      </div>
      {lists.map((s) => (
        <p key={s}>
          <strong>{t(`onboarding.${s}`)}:</strong> {child[s].join(", ")}
        </p>
      ))}
      {child.joy && (
        <p>
          <strong>{t("onboarding.joyShort")}:</strong> {child.joy}
        </p>
      )}
      <FormErrors messages={error} />
      {confirming ? (
        <div class="notice warn stack" style={{ gap: "var(--s-2)" }}>
          <p ref={question} tabIndex={-1}>
            {t("onboarding.confirmRemove", { name: child.name })}
          </p>
          <div class="row">
            <Button variant="danger" busy={busy} busyLabel={t("onboarding.removing")} onClick={() => void remove()}>
              {t("onboarding.confirmRemoveYes", { name: child.name })}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setConfirming(false);
                setTimeout(() => removeButton.current?.focus(), 0);
              }}
            >
              {t("onboarding.keep", { name: child.name })}
            </Button>
          </div>
        </div>
      ) : (
        <div class="row">
          <Button variant="secondary" onClick={onEdit} aria-label={t("onboarding.editChild", { name: child.name })}>
            {t("onboarding.edit")}
          </Button>
          <button ref={removeButton} type="button" class="btn quiet" onClick={() => setConfirming(true)} aria-label={t("onboarding.removeChild", { name: child.name })}>
            {t("onboarding.remove")}
          </button>
        </div>
      )}
    </li>
  );
}

export function ChildrenStep() {
  const q = useQuery(OnboardingFamilyDocument);
  const settled = useSettled(q.loading, !!q.data);
  const [list, setList] = useState<Child[] | null>(null);
  /** "new", a child's id, or null; undefined: not chosen yet (open "new" when there are no children). */
  const [editing, setEditing] = useState<string | null | undefined>(undefined);
  const [status, setStatus] = useState("");
  const listHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (q.data) setList(q.data.myFamily.children);
  }, [q.data]);

  const children = list ?? [];
  const open = editing === undefined ? (settled && children.length === 0 ? "new" : null) : editing;

  const after = (message: string) => {
    setStatus(message);
    setEditing(null);
    setTimeout(() => listHeading.current?.focus(), 0);
  };

  return (
    <Page title={t("onboarding.childrenTitle")} lead={t("onboarding.childrenLead")}>
      <Progress step="children" />
      <QueryView q={q} ready={settled}>
        {() => (
          <>
            <section class="stack" aria-labelledby="ob-children">
              <h2 id="ob-children" ref={listHeading} tabIndex={-1}>
                {t("onboarding.yourChildren")}
              </h2>
              <div role="status">{status && <p class="notice">{status}</p>}</div>
              {children.length === 0 && open !== "new" && <p class="muted">{t("onboarding.noChildren")}</p>}
              {children.length > 0 && (
                <ul class="list">
                  {children.map((c) =>
                    open === c.id ? (
                      <li key={c.id}>
                        <ChildForm
                          child={c}
                          focus
                          onSaved={(saved) => {
                            setList(children.map((x) => (x.id === saved.id ? saved : x)));
                            after(t("onboarding.childSaved", { name: saved.name }));
                          }}
                          onCancel={() => after("")}
                        />
                      </li>
                    ) : (
                      <ChildCard
                        key={c.id}
                        child={c}
                        onEdit={() => {
                          setStatus("");
                          setEditing(c.id);
                        }}
                        onRemoved={() => {
                          setList(children.filter((x) => x.id !== c.id));
                          after(t("onboarding.childRemoved", { name: c.name }));
                        }}
                      />
                    ),
                  )}
                </ul>
              )}
              {open === "new" ? (
                <ChildForm
                  focus={editing === "new"}
                  onSaved={(saved) => {
                    setList([...children, saved]);
                    after(t("onboarding.childSaved", { name: saved.name }));
                  }}
                  onCancel={children.length ? () => after("") : undefined}
                />
              ) : (
                open === null && (
                  <Button
                    variant="secondary"
                    block
                    onClick={() => {
                      setStatus("");
                      setEditing("new");
                    }}
                  >
                    {t("onboarding.addAnother")}
                  </Button>
                )
              )}
            </section>
            <StepNav step="children">
              <LinkButton href={stepPath("done")} variant={open === "new" ? "secondary" : undefined}>
                {children.length ? t("common.continue") : t("common.skip")}
              </LinkButton>
            </StepNav>
          </>
        )}
      </QueryView>
    </Page>
  );
}

