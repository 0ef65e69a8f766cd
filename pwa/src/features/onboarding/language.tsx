// Step 2: the app's language (switches everything at once), the languages I speak, and an
// optional ZIP code kept only as an area of about 1 km.
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { OnboardingProfileDocument, OnboardingViewerDocument, type OnboardingViewerQuery } from "../../gql/graphql";
import { lang, LANGUAGES, t } from "../../i18n";
import { me, switchLanguage } from "../../state/me";
import { Button, Checkbox, FormErrors, Page, QueryView, TextField, useAction } from "../../ui";
import { Progress, StepNav, useSettled } from "./shared";
import { spokenDefault, stepPath, toggleLanguage } from "./steps";

type Viewer = NonNullable<OnboardingViewerQuery["viewer"]>;

function LanguageForm({ viewer }: { viewer: Pick<Viewer, "languages" | "homeArea"> | null }) {
  const { route } = useLocation();
  const [spoken, setSpoken] = useState(() => spokenDefault(viewer?.languages, lang.value));
  const [zip, setZip] = useState("");
  const [area, setArea] = useState(viewer?.homeArea?.label ?? null);
  const { busy, errors, run } = useAction(["languages", "postalCode", "uiLanguage"]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const postalCode = zip.trim();
    const ok = await run(async () => {
      const { viewer: saved, errors: problems } = (await request(OnboardingProfileDocument, { input: { uiLanguage: lang.value, languages: spoken, ...(postalCode ? { postalCode } : {}) } })).updateProfile;
      if (saved) setArea(saved.homeArea?.label ?? null);
      return problems;
    });
    if (ok) route(stepPath("circle"));
  };

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <fieldset class="field">
        <legend>{t("onboarding.appLanguage")}</legend>
        <div class="ob-choices">
          {LANGUAGES.map((l) => (
            <label key={l} class="ob-choice" lang={l}>
              <input type="radio" name="ob-ui-language" value={l} checked={lang.value === l} onChange={() => void switchLanguage(l)} />
              <span>{t(`common.languageName_${l}`)}</span>
            </label>
          ))}
        </div>
        {errors.fields.uiLanguage && <span class="error">{errors.fields.uiLanguage}</span>}
      </fieldset>
      <fieldset class="field" aria-describedby="ob-spoken-hint">
        <legend>{t("onboarding.languagesSpoken")}</legend>
        <span class="hint" id="ob-spoken-hint">
          {t("onboarding.languagesSpokenHint")}
        </span>
        {LANGUAGES.map((l) => (
          <Checkbox key={l} label={t(`onboarding.language_${l}`)} checked={spoken.includes(l)} onChange={(on) => setSpoken((list) => toggleLanguage(list, l, on))} />
        ))}
        {errors.fields.languages && <span class="error">{errors.fields.languages}</span>}
      </fieldset>
      <div class="stack" style={{ gap: "var(--s-2)" }}>
        <TextField
          label={t("onboarding.postalCode")}
          hint={t("onboarding.postalCodeHint")}
          value={zip}
          onValue={setZip}
          error={errors.fields.postalCode}
          inputMode="numeric"
          autoComplete="postal-code"
        />
        {area && <p class="muted">{t("onboarding.currentArea", { area })}</p>}
      </div>
      <StepNav step="language">
        <Button type="submit" busy={busy} busyLabel={t("common.saving")}>
          {t("common.continue")}
        </Button>
      </StepNav>
    </form>
  );
}

export function LanguageStep() {
  const q = useQuery(OnboardingViewerDocument);
  const settled = useSettled(q.loading, !!q.data);
  const viewer = q.data?.viewer ?? me.value?.viewer ?? null;
  return (
    <Page title={t("onboarding.languageTitle")} lead={t("onboarding.languageLead")}>
      <Progress step="language" />
      <QueryView q={q} ready={settled}>
        {() => <LanguageForm viewer={viewer} />}
      </QueryView>
    </Page>
  );
}
