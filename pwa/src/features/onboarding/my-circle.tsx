// Step 3: the caregiver's strength circle (who I am) — the worksheet made interactive. The drawing
// follows what is typed; the lists and their labelled inputs below it are the real, accessible
// content. What to offer other families is the next screen's question (my-offers.tsx).
import { useLocation } from "preact-iso";
import { useRef, useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { OnboardingProfileDocument, OnboardingViewerDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { me } from "../../state/me";
import { Button, FormErrors, Page, QueryView, TagInput, useAction } from "../../ui";
import { type SectorName, SECTORS, StrengthCircle } from "./circle";
import { Progress, StepNav, takeDraft, useSettled } from "./shared";
import { afterCircle, stepPath } from "./steps";

type Circle = Record<SectorName, string[]>;

const PROMPTS = { strengths: "onboarding.myStrengthsPrompt", passions: "onboarding.myPassionsPrompt", interests: "onboarding.myInterestsPrompt" } as const;

function CircleForm({ name, initial }: { name: string; initial: Circle }) {
  const { route } = useLocation();
  const [circle, setCircle] = useState<Circle>(initial);
  const { busy, errors, run } = useAction(SECTORS);
  const boxes = useRef<Partial<Record<SectorName, HTMLDivElement | null>>>({});

  const submit = async (e: Event) => {
    e.preventDefault();
    const input: Circle = { strengths: takeDraft(boxes.current.strengths ?? null, circle.strengths), passions: takeDraft(boxes.current.passions ?? null, circle.passions), interests: takeDraft(boxes.current.interests ?? null, circle.interests) };
    setCircle(input);
    if (await run(async () => (await request(OnboardingProfileDocument, { input })).updateProfile.errors)) route(stepPath(afterCircle(input)));
  };

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <StrengthCircle name={name} {...circle} />
      <FormErrors messages={errors.general} />
      {SECTORS.map((s) => (
        <div key={s} class={`ob-sector ob-sector-${s}`} ref={(el) => void (boxes.current[s] = el)}>
          <TagInput
            label={t(`onboarding.${s}`)}
            hint={`${t(PROMPTS[s])} ${t("onboarding.tagHint")}`}
            values={circle[s]}
            onChange={(v) => setCircle((c) => ({ ...c, [s]: v }))}
            maxLength={80}
            error={errors.fields[s]}
          />
        </div>
      ))}
      <StepNav step="circle">
        <Button type="submit" busy={busy} busyLabel={t("common.saving")}>
          {t("common.continue")}
        </Button>
      </StepNav>
    </form>
  );
}

export function CircleStep() {
  const q = useQuery(OnboardingViewerDocument);
  const settled = useSettled(q.loading, !!q.data);
  const viewer = q.data?.viewer ?? me.value?.viewer ?? null;
  const sc = viewer?.strengthCircle;
  return (
    <Page title={t("onboarding.circleTitle")} lead={t("onboarding.circleLead")}>
      <Progress step="circle" />
      <QueryView q={q} ready={settled}>
        {() => <CircleForm name={viewer?.displayName ?? ""} initial={{ strengths: [...(sc?.strengths ?? [])], passions: [...(sc?.passions ?? [])], interests: [...(sc?.interests ?? [])] }} />}
      </QueryView>
    </Page>
  );
}
