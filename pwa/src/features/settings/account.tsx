// Your data and your account: download everything as JSON, log out on this device, delete the
// account for real. Leaving (either way) also clears what this device kept: the cached screens,
// the offline queue (on deletion) and the push subscription.
import { useLocation } from "preact-iso";
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../../api/client";
import { SettingsDeleteAccountDocument, SettingsExportDocument, SettingsLogOutDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { clearCached } from "../../offline/cache";
import { resetQueue } from "../../offline/queue";
import { turnOffPush } from "../../push/push";
import { signOutLocally } from "../../state/session";
import { Button, FormErrors, splitErrors, TextField, thrownText } from "../../ui";
import { Section, Status } from "./section";

export function exportFileName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `village-export-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

function download(data: unknown, name: string): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AccountSection() {
  const { route } = useLocation();
  const [busy, setBusy] = useState<"export" | "logout" | "delete" | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [deleting, setDeleting] = useState(false);
  const [password, setPassword] = useState("");
  const [deleteErrors, setDeleteErrors] = useState<{ fields: Record<string, string>; general: string[] }>({ fields: {}, general: [] });
  const deleteHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (deleting) deleteHeading.current?.focus();
  }, [deleting]);

  const leave = () => {
    signOutLocally();
    route("/login", true);
  };

  const exportData = async () => {
    setBusy("export");
    setStatus(null);
    setErrors([]);
    try {
      const data = await request(SettingsExportDocument);
      const payload = data.exportMyData;
      if (payload.errors.length) {
        const { general, fields } = splitErrors(payload.errors);
        setErrors([...general, ...Object.values(fields)]);
      } else {
        download(payload.data, exportFileName());
        setStatus(t("settings.exported"));
      }
    } catch (e) {
      setErrors([thrownText(e)]);
    } finally {
      setBusy(null);
    }
  };

  const logOut = async () => {
    setBusy("logout");
    setErrors([]);
    // The server forgets this device's subscription first (while the session still works).
    await turnOffPush();
    try {
      await request(SettingsLogOutDocument);
    } catch {
      /* offline or already signed out: this device forgets the session either way */
    }
    await clearCached();
    setBusy(null);
    leave();
  };

  const deleteAccount = async (e: Event) => {
    e.preventDefault();
    setBusy("delete");
    try {
      const data = await request(SettingsDeleteAccountDocument, { input: { password } });
      const payload = data.deleteAccount;
      if (payload.errors.length || !payload.ok) {
        setDeleteErrors(splitErrors(payload.errors));
        setBusy(null);
        return;
      }
    } catch (err) {
      setDeleteErrors({ fields: {}, general: [thrownText(err)] });
      setBusy(null);
      return;
    }
    // The server has deleted the subscriptions with the account; this device lets go of its own.
    await turnOffPush({ server: false });
    await clearCached();
    await resetQueue();
    setBusy(null);
    leave();
  };

  return (
    <Section id="settings-data" title={t("settings.dataTitle")}>
      <p class="muted">{t("settings.exportLead")}</p>
      <Button variant="secondary" onClick={() => void exportData()} busy={busy === "export"} busyLabel={t("settings.exporting")}>
        {t("settings.export")}
      </Button>
      <FormErrors messages={errors} />
      <Status text={status} />

      <p class="muted">{t("settings.logOutLead")}</p>
      <Button variant="secondary" onClick={() => void logOut()} busy={busy === "logout"} busyLabel={t("settings.loggingOut")}>
        {t("settings.logOut")}
      </Button>

      <h3 id="settings-delete" ref={deleteHeading} tabIndex={-1}>
        {t("settings.deleteTitle")}
      </h3>
      <p>{t("settings.deleteLead")}</p>
      {!deleting ? (
        <Button variant="danger" onClick={() => setDeleting(true)}>
          {t("settings.deleteOpen")}
        </Button>
      ) : (
        <form class="card danger-zone stack" onSubmit={deleteAccount} noValidate aria-labelledby="settings-delete">
          <ul class="explain-list">
            <li>{t("settings.deleteWhat1")}</li>
            <li>{t("settings.deleteWhat2")}</li>
            <li>{t("settings.deleteWhat3")}</li>
          </ul>
          <p class="muted">{t("settings.deleteExportFirst")}</p>
          <FormErrors messages={deleteErrors.general} />
          <TextField label={t("settings.deletePassword")} hint={t("settings.deletePasswordHint")} type="password" autoComplete="current-password" value={password} onValue={setPassword} error={deleteErrors.fields.password} required />
          <div class="row">
            <Button type="submit" variant="danger" busy={busy === "delete"} busyLabel={t("settings.deleting")}>
              {t("settings.deleteConfirm")}
            </Button>
            <Button
              variant="quiet"
              onClick={() => {
                setDeleting(false);
                setPassword("");
                setDeleteErrors({ fields: {}, general: [] });
              }}
            >
              {t("settings.deleteKeep")}
            </Button>
          </div>
        </form>
      )}
    </Section>
  );
}
