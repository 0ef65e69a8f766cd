// What shows in the app and what is pushed, per kind of notification; quiet hours in the person's
// time zone. Each toggle saves at once; quiet hours save with their own button.
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../../api/client";
import { refreshAll, useQuery } from "../../api/hooks";
import { SettingsPrefsDocument, SettingsUpdatePrefsDocument, SettingsUpdateProfileDocument, type NotificationKind, type SettingsPrefsQuery, type UpdateNotificationPreferencesInput } from "../../gql/graphql";
import { has, lang, t, type Key } from "../../i18n";
import { Button, Checkbox, FormErrors, Notice, QueryView, splitErrors, TextField, thrownText } from "../../ui";
import { Section, Status } from "./section";

type Prefs = SettingsPrefsQuery["notificationPreferences"];

export function kindLabel(kind: NotificationKind | string): string {
  const key = `settings.kind_${kind}`;
  return has(key) ? t(key as Key) : t("settings.kindOther");
}

/** "21:30" as the person reads times: "9:30 PM" in English, "21:30" in Spanish. */
export function clock(hhmm: string): string {
  const [h, m] = hhmm.split(":").map(Number);
  if (!Number.isInteger(h) || !Number.isInteger(m)) return hhmm;
  return new Intl.DateTimeFormat(lang.value, { hour: "numeric", minute: "2-digit" }).format(new Date(2000, 0, 1, h, m));
}

function deviceZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

export function NotificationPrefsSection() {
  const query = useQuery(SettingsPrefsDocument);
  const [prefs, setPrefs] = useState<Prefs | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  // null: not edited, so the saved times show (and a refresh does not undo someone's typing).
  const [startDraft, setStart] = useState<string | null>(null);
  const [endDraft, setEnd] = useState<string | null>(null);
  const [quietErrors, setQuietErrors] = useState<{ fields: Record<string, string>; general: string[] }>({ fields: {}, general: [] });
  const [busy, setBusy] = useState<"save" | "clear" | "zone" | null>(null);
  const saving = useRef(0);
  const start = startDraft ?? prefs?.quietHours?.start ?? "";
  const end = endDraft ?? prefs?.quietHours?.end ?? "";

  // A refresh takes the server's copy, unless a change is on its way (its answer is newer).
  useEffect(() => {
    const fresh = query.data?.notificationPreferences;
    if (fresh && !saving.current) setPrefs(fresh);
  }, [query.data]);

  const save = async (input: UpdateNotificationPreferencesInput): Promise<{ fields: Record<string, string>; general: string[] } | null> => {
    saving.current++;
    try {
      const data = await request(SettingsUpdatePrefsDocument, { input });
      const payload = data.updateNotificationPreferences;
      if (payload.errors.length) return splitErrors(payload.errors);
      if (payload.preferences) setPrefs(payload.preferences);
      return null;
    } catch (e) {
      return { fields: {}, general: [thrownText(e)] };
    } finally {
      saving.current--;
    }
  };

  const toggle = async (kind: NotificationKind, field: "inApp" | "push", value: boolean) => {
    const current = prefs?.kinds.find((k) => k.kind === kind);
    if (!current) return;
    const next = { kind, inApp: current.inApp, push: current.push, [field]: value };
    const set = (v: { inApp: boolean; push: boolean }) => setPrefs((p) => (p ? { ...p, kinds: p.kinds.map((k) => (k.kind === kind ? { ...k, ...v } : k)) } : p));
    set(next);
    setStatus(null);
    setErrors([]);
    const problems = await save({ preferences: [next] });
    if (problems) {
      set({ inApp: current.inApp, push: current.push });
      setErrors([...problems.general, ...Object.values(problems.fields)]);
    } else setStatus(t("settings.saved"));
  };

  const saveQuiet = async (e: Event) => {
    e.preventDefault();
    setStatus(null);
    const fields: Record<string, string> = {};
    if (!start) fields.start = t("settings.quietBoth");
    if (!end) fields.end = t("settings.quietBoth");
    if (start && end && start === end) fields.end = t("settings.quietSame");
    if (Object.keys(fields).length) {
      setQuietErrors({ fields, general: [] });
      return;
    }
    setBusy("save");
    const problems = await save({ quietHours: { start, end } });
    setBusy(null);
    setQuietErrors(problems ?? { fields: {}, general: [] });
    if (!problems) {
      setStart(null);
      setEnd(null);
      setStatus(t("settings.quietSaved"));
    }
  };

  const clearQuiet = async () => {
    setStatus(null);
    setBusy("clear");
    const problems = await save({ clearQuietHours: true });
    setBusy(null);
    setQuietErrors(problems ?? { fields: {}, general: [] });
    if (!problems) {
      setStart(null);
      setEnd(null);
      setStatus(t("settings.quietCleared"));
    }
  };

  const adoptZone = async (zone: string) => {
    setBusy("zone");
    setStatus(null);
    try {
      const data = await request(SettingsUpdateProfileDocument, { input: { timezone: zone } });
      const { general, fields } = splitErrors(data.updateProfile.errors);
      if (general.length || Object.keys(fields).length) setErrors([...general, ...Object.values(fields)]);
      else {
        setStatus(t("settings.zoneSaved"));
        refreshAll();
      }
    } catch (err) {
      setErrors([thrownText(err)]);
    } finally {
      setBusy(null);
    }
  };

  const zone = deviceZone();
  return (
    <Section id="settings-notifications" title={t("settings.notificationsTitle")} lead={t("settings.notificationsLead")}>
      <QueryView q={query} select={() => prefs} error={() => <Notice tone="error">{t("settings.couldNotLoad")}</Notice>} missing={null}>
        {(prefs) => (
          <>
            <ul class="list prefs">
              {prefs.kinds.map((k) => (
                <li key={k.kind}>
                  <fieldset class="pref">
                    <legend>{kindLabel(k.kind)}</legend>
                    <div class="pref-toggles">
                      <Checkbox label={t("settings.inApp")} checked={k.inApp} onChange={(v) => void toggle(k.kind, "inApp", v)} />
                      <Checkbox label={t("settings.push")} checked={k.push} onChange={(v) => void toggle(k.kind, "push", v)} />
                    </div>
                    {k.urgent && <p class="muted">{t("settings.urgentHint")}</p>}
                  </fieldset>
                </li>
              ))}
            </ul>
            <FormErrors messages={errors} />

            <h3 id="settings-quiet">{t("settings.quietTitle")}</h3>
            <p class="muted">{t("settings.quietLead")}</p>
            <p>
              {prefs.quietHours ? t("settings.quietNow", { start: clock(prefs.quietHours.start), end: clock(prefs.quietHours.end) }) : t("settings.quietNone")}{" "}
              {t("settings.quietZone", { zone: prefs.timezone })}
            </p>
            {zone && zone !== prefs.timezone && (
              <Button variant="quiet" onClick={() => void adoptZone(zone)} busy={busy === "zone"}>
                {t("settings.useDeviceZone", { zone })}
              </Button>
            )}
            <form class="stack" onSubmit={saveQuiet} noValidate aria-labelledby="settings-quiet">
              <FormErrors messages={quietErrors.general} />
              <div class="quiet-times">
                <TextField label={t("settings.quietStart")} type="time" value={start} onValue={setStart} error={quietErrors.fields.start} />
                <TextField label={t("settings.quietEnd")} type="time" value={end} onValue={setEnd} error={quietErrors.fields.end} />
              </div>
              <div class="row">
                <Button type="submit" busy={busy === "save"} busyLabel={t("common.saving")}>
                  {t("settings.quietSave")}
                </Button>
                {prefs.quietHours && (
                  <Button variant="secondary" onClick={() => void clearQuiet()} busy={busy === "clear"} aria-label={t("settings.quietOffLabel")}>
                    {t("settings.quietOff")}
                  </Button>
                )}
              </div>
            </form>
          </>
        )}
      </QueryView>
      <Status text={status} />
    </Section>
  );
}
