// Profile and privacy: the name others see, the approximate home area (from a ZIP code, never an
// address), and what the community directory shows. Privacy toggles save at once.
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../../api/client";
import { refreshAll, useQuery } from "../../api/hooks";
import { SettingsProfileDocument, SettingsUpdateProfileDocument, type SettingsProfileQuery, type UpdateProfileInput } from "../../gql/graphql";
import { t } from "../../i18n";
import { Button, Checkbox, FormErrors, Notice, QueryView, splitErrors, TextField, thrownText } from "../../ui";
import { Section, Status } from "./section";

type Viewer = NonNullable<SettingsProfileQuery["viewer"]>;
type Privacy = Viewer["directoryPrivacy"];
type Errors = { fields: Record<string, string>; general: string[] };
const NONE: Errors = { fields: {}, general: [] };

const PRIVACY: { key: keyof Privacy; input: "listedInDirectory" | "showLanguages" | "showStrengths" | "showArea"; label: "settings.listed" | "settings.showLanguages" | "settings.showStrengths" | "settings.showArea" }[] = [
  { key: "listed", input: "listedInDirectory", label: "settings.listed" },
  { key: "showLanguages", input: "showLanguages", label: "settings.showLanguages" },
  { key: "showStrengths", input: "showStrengths", label: "settings.showStrengths" },
  { key: "showArea", input: "showArea", label: "settings.showArea" },
];

export function ProfileSection() {
  const query = useQuery(SettingsProfileDocument);
  const [viewer, setViewer] = useState<Viewer | null>(null);
  // null: not edited, so the saved name shows (and a refresh does not undo someone's typing).
  const [name, setName] = useState<string | null>(null);
  const [zip, setZip] = useState("");
  const [errors, setErrors] = useState<Errors>(NONE);
  const [privacyErrors, setPrivacyErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState<"save" | "clear" | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const saving = useRef(0);

  // A refresh takes the server's copy, unless a change is on its way (its answer is newer).
  useEffect(() => {
    const fresh = query.data?.viewer;
    if (fresh && !saving.current) setViewer(fresh);
  }, [query.data]);

  const update = async (input: UpdateProfileInput): Promise<Errors | null> => {
    saving.current++;
    try {
      const data = await request(SettingsUpdateProfileDocument, { input });
      const payload = data.updateProfile;
      if (payload.errors.length) return splitErrors(payload.errors);
      if (payload.viewer) {
        const saved = payload.viewer;
        setViewer((v) => (v ? { ...v, ...saved } : v));
      }
      if (input.displayName !== undefined || input.postalCode !== undefined || input.clearHomeArea) refreshAll(); // shown elsewhere too
      return null;
    } catch (e) {
      return { fields: {}, general: [thrownText(e)] };
    } finally {
      saving.current--;
    }
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!viewer) return;
    setStatus(null);
    const input: UpdateProfileInput = {};
    if (name !== null && name.trim() !== viewer.displayName) input.displayName = name.trim();
    if (zip.trim()) input.postalCode = zip.trim();
    setBusy("save");
    const problems = Object.keys(input).length ? await update(input) : null;
    setBusy(null);
    setErrors(problems ?? NONE);
    if (!problems) {
      setZip("");
      setName(null);
      setStatus(t("settings.profileSaved"));
    }
  };

  const clearArea = async () => {
    setStatus(null);
    setBusy("clear");
    const problems = await update({ clearHomeArea: true });
    setBusy(null);
    setErrors(problems ?? NONE);
    if (!problems) setStatus(t("settings.areaCleared"));
  };

  const togglePrivacy = async (item: (typeof PRIVACY)[number], value: boolean) => {
    if (!viewer) return;
    const before = viewer.directoryPrivacy[item.key];
    const set = (v: boolean) => setViewer((current) => (current ? { ...current, directoryPrivacy: { ...current.directoryPrivacy, [item.key]: v } } : current));
    set(value);
    setStatus(null);
    setPrivacyErrors([]);
    const problems = await update({ [item.input]: value });
    if (problems) {
      set(before);
      setPrivacyErrors([...problems.general, ...Object.values(problems.fields)]);
    } else setStatus(t("settings.saved"));
  };

  return (
    <Section id="settings-profile" title={t("settings.profileTitle")}>
      <QueryView q={query} select={() => viewer} error={() => <Notice tone="error">{t("settings.couldNotLoad")}</Notice>} missing={null}>
        {(viewer) => (
          <>
            <p class="muted">{t("settings.signedInAs", { email: viewer.email })}</p>
            <form class="stack" onSubmit={save} noValidate>
              <FormErrors messages={errors.general} />
              <TextField label={t("settings.displayName")} hint={t("settings.displayNameHint")} value={name ?? viewer.displayName} onValue={setName} error={errors.fields.displayName} autoComplete="name" required />
              <p>{viewer.homeArea ? t("settings.areaNow", { area: viewer.homeArea.label ?? t("settings.areaUnnamed") }) : t("settings.areaNone")}</p>
              <TextField label={t("settings.zip")} hint={t("settings.zipHint")} value={zip} onValue={setZip} error={errors.fields.postalCode} inputMode="numeric" autoComplete="postal-code" />
              <div class="row">
                <Button type="submit" busy={busy === "save"} busyLabel={t("common.saving")}>
                  {t("settings.saveProfile")}
                </Button>
                {viewer.homeArea && (
                  <Button variant="secondary" onClick={() => void clearArea()} busy={busy === "clear"} busyLabel={t("common.saving")}>
                    {t("settings.clearArea")}
                  </Button>
                )}
              </div>
            </form>

            <h3 id="settings-directory">{t("settings.directoryTitle")}</h3>
            <p class="muted">{t("settings.directoryLead")}</p>
            <div class="privacy" role="group" aria-labelledby="settings-directory">
              {PRIVACY.map((item) => (
                <Checkbox key={item.key} label={t(item.label)} checked={viewer.directoryPrivacy[item.key]} onChange={(v) => void togglePrivacy(item, v)} />
              ))}
            </div>
            <FormErrors messages={privacyErrors} />
          </>
        )}
      </QueryView>
      <Status text={status} />
    </Section>
  );
}
