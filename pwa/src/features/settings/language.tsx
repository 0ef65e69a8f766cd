// Language: switches the whole app at once and saves it on the profile (notifications use it too).
import { useState } from "preact/hooks";
import { refreshAll } from "../../api/hooks";
import { lang, LANGUAGES, t, type Lang } from "../../i18n";
import { switchLanguage } from "../../state/me";
import { Section, Status } from "./section";

export function LanguageSection() {
  const [status, setStatus] = useState<string | null>(null);
  const choose = async (next: Lang) => {
    setStatus(null);
    await switchLanguage(next);
    // Texts the server renders (notification titles, categories) follow the saved language.
    refreshAll();
    if (navigator.onLine !== false) setStatus(t("settings.languageSaved"));
  };
  return (
    <Section id="settings-language" title={t("settings.languageTitle")}>
      <div class="choices" role="radiogroup" aria-labelledby="settings-language" aria-describedby="settings-language-lead">
        <p class="muted" id="settings-language-lead">
          {t("settings.languageLead")}
        </p>
        {LANGUAGES.map((l) => (
          <label class="choice" key={l} lang={l}>
            <input type="radio" name="ui-language" value={l} checked={lang.value === l} onChange={() => void choose(l)} />
            <span>{t(`common.languageName_${l}`)}</span>
          </label>
        ))}
      </div>
      <Status text={status} />
    </Section>
  );
}
