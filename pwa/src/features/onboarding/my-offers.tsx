// Step 3, second half: from the circle (who I am) to offers (what other families can ask me for).
// Each strength or passion in the circle is listed with a guessed category; one tap offers it as a
// strength (in person, in my languages: changeable in Share), or skips it.
import { useMemo, useRef, useState } from "preact/hooks";
import { request } from "../../api/client";
import { refreshAll, useQuery } from "../../api/hooks";
import { OnboardingAddStrengthDocument, OnboardingOffersDocument, type OnboardingOffersQuery } from "../../gql/graphql";
import { lang, t } from "../../i18n";
import { Button, FormErrors, LinkButton, Notice, Page, QueryView, queryErrorText, splitErrors, thrownText } from "../../ui";
import { CategoryPicker } from "../skills/parts";
import { type Candidate, categoryIndex, offerCandidates, offerInput } from "./offers";
import { Progress, StepNav, useSettled } from "./shared";
import { stepPath } from "./steps";

type State = "open" | "offered" | "skipped";
type Problems = { fields: Record<string, string>; general: string[] };

function OfferCard(props: {
  item: Candidate;
  n: number;
  state: State;
  category: string;
  categoryLabel: string;
  groups: OnboardingOffersQuery["en"];
  busy: boolean;
  problems?: Problems;
  onCategory: (slug: string) => void;
  onOffer: () => void;
  onSkip: (skip: boolean) => void;
  heading: (el: HTMLHeadingElement | null) => void;
}) {
  const { item, n, state } = props;
  const id = `ob-offer-${n}`;
  return (
    <li class="card stack ob-offer">
      <div role="group" aria-labelledby={id} class="stack">
        <div>
          <h3 id={id} ref={props.heading} tabIndex={-1}>
            {item.text}
          </h3>
          <p class="muted">{item.sector === "strengths" ? t("onboarding.fromStrengths") : t("onboarding.fromPassions")}</p>
        </div>
        {state === "offered" && (
          <p>
            <strong>{t("onboarding.offered")}</strong>
            {props.categoryLabel && ` · ${props.categoryLabel}`}
          </p>
        )}
        {state === "skipped" && (
          <div class="row">
            <span class="muted">{t("onboarding.skipped")}</span>
            <button type="button" class="btn quiet" onClick={() => props.onSkip(false)} aria-label={t("onboarding.undoSkipNamed", { item: item.text })}>
              {t("onboarding.undoSkip")}
            </button>
          </div>
        )}
        {state === "open" && (
          <>
            <FormErrors messages={props.problems?.general ?? []} />
            <CategoryPicker
              label={t("onboarding.offerCategory")}
              emptyLabel={t("skills.chooseCategory")}
              value={props.category}
              onValue={props.onCategory}
              groups={props.groups}
              error={props.problems?.fields.category}
            />
            <div class="row">
              <Button busy={props.busy} busyLabel={t("onboarding.offering")} onClick={props.onOffer} aria-label={t("onboarding.offerThisNamed", { item: item.text })}>
                {t("onboarding.offerThis")}
              </Button>
              <button type="button" class="btn quiet" onClick={() => props.onSkip(true)} disabled={props.busy} aria-label={t("onboarding.skipThisNamed", { item: item.text })}>
                {t("onboarding.skipThis")}
              </button>
            </div>
          </>
        )}
      </div>
    </li>
  );
}

function Offers({ data }: { data: OnboardingOffersQuery }) {
  const index = useMemo(() => categoryIndex([data.en, data.es]), [data]);
  // Fixed on arrival: the list does not reorder or lose entries while the person works through it.
  const [items] = useState(() => offerCandidates(data.viewer?.strengthCircle ?? { strengths: [], passions: [] }, data.myStrengths, index));
  const [chosen, setChosen] = useState<Record<string, string>>(() =>
    Object.fromEntries(items.map((i) => [i.text, data.myStrengths.find((s) => s.title.trim().toLocaleLowerCase() === i.text.toLocaleLowerCase())?.category ?? i.guess])),
  );
  const [states, setStates] = useState<Record<string, State>>(() => Object.fromEntries(items.map((i) => [i.text, i.offered ? "offered" : "open"])));
  const [problems, setProblems] = useState<Record<string, Problems>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const headings = useRef<Record<string, HTMLHeadingElement | null>>({});
  const groups = lang.value === "es" ? data.es : data.en;
  const labels = useMemo(() => new Map(groups.flatMap((g) => [[g.slug, g.label] as const, ...g.subcategories.map((s) => [s.slug, s.label] as const)])), [groups]);
  const languages = data.viewer?.languages ?? [];

  const settle = (item: Candidate, state: State, message: string) => {
    setStates((s) => ({ ...s, [item.text]: state }));
    setStatus(message);
    // The buttons are gone: keep the person at the entry they just handled.
    setTimeout(() => headings.current[item.text]?.focus(), 0);
  };

  const offer = async (item: Candidate) => {
    const category = chosen[item.text];
    if (!category) {
      setProblems((p) => ({ ...p, [item.text]: { fields: { category: t("onboarding.offerCategoryRequired") }, general: [] } }));
      return;
    }
    setBusy(item.text);
    setProblems((p) => ({ ...p, [item.text]: { fields: {}, general: [] } }));
    try {
      const { errors } = (await request(OnboardingAddStrengthDocument, { input: offerInput(item.text, category, languages) })).addStrength;
      if (errors.length) {
        setProblems((p) => ({ ...p, [item.text]: splitErrors(errors, ["category"]) }));
        return;
      }
      refreshAll();
      settle(item, "offered", t("onboarding.offeredNamed", { item: item.text }));
    } catch (err) {
      setProblems((p) => ({ ...p, [item.text]: { fields: {}, general: [thrownText(err)] } }));
    } finally {
      setBusy(null);
    }
  };

  const anyOffered = Object.values(states).includes("offered");
  return (
    <>
      {items.length === 0 ? (
        <p class="muted">{t("onboarding.nothingToOffer")}</p>
      ) : (
        <>
          <p class="muted">{t("onboarding.offersHow")}</p>
          <div role="status">{status && <p class="notice">{status}</p>}</div>
          <ul class="list">
            {items.map((item, n) => (
              <OfferCard
                key={item.text}
                item={item}
                n={n}
                state={states[item.text]}
                category={chosen[item.text]}
                categoryLabel={labels.get(chosen[item.text]) ?? ""}
                groups={groups}
                busy={busy === item.text}
                problems={problems[item.text]}
                onCategory={(slug) => setChosen((c) => ({ ...c, [item.text]: slug }))}
                onOffer={() => void offer(item)}
                onSkip={(skip) => settle(item, skip ? "skipped" : "open", skip ? t("onboarding.skippedNamed", { item: item.text }) : "")}
                heading={(el) => void (headings.current[item.text] = el)}
              />
            ))}
          </ul>
        </>
      )}
      <StepNav step="offers">
        <LinkButton href={stepPath("children")}>{anyOffered || items.length === 0 ? t("common.continue") : t("common.skip")}</LinkButton>
      </StepNav>
    </>
  );
}

export function OffersStep() {
  const q = useQuery(OnboardingOffersDocument);
  const settled = useSettled(q.loading, !!q.data);
  return (
    <Page title={t("onboarding.offersTitle")} lead={t("onboarding.offersLead")}>
      <Progress step="offers" />
      <QueryView q={q} ready={settled}>
        {() =>
          q.data ? (
            <Offers data={q.data} />
          ) : (
            <>
              <Notice tone="error">{q.error ? queryErrorText(q.error) : t("errors.network")}</Notice>
              <StepNav step="offers">
                <LinkButton href={stepPath("children")}>{t("common.skip")}</LinkButton>
              </StepNav>
            </>
          )
        }
      </QueryView>
    </Page>
  );
}
