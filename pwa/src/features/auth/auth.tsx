// Log in and sign up: the only screens a signed-out person sees.
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { LogInDocument, SignUpDocument } from "../../gql/graphql";
import { lang, LANGUAGES, t } from "../../i18n";
import { switchLanguage } from "../../state/me";
import { signIn } from "../../state/session";
import { Button, FormErrors, Page, TextField, useAction } from "../../ui";

/** What is missing, said before asking the server: an empty email (and, to log in, an empty password). */
export function missingFields(email: string, password?: string): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!email.trim()) fields.email = t("auth.emailRequired");
  if (password !== undefined && !password) fields.password = t("auth.passwordRequired");
  return fields;
}

/** Shows what is missing at its fields and takes the person to the first; false when nothing is. */
function reportMissing(form: HTMLFormElement, fields: Record<string, string>, show: (fields: Record<string, string>) => void): boolean {
  if (!Object.keys(fields).length) return false;
  show(fields);
  setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
  return true;
}

function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

function LanguagePicker() {
  return (
    <div class="row" role="group" aria-label="Language / Idioma">
      {LANGUAGES.map((l) => (
        <button key={l} type="button" class="btn quiet" lang={l} aria-pressed={lang.value === l} onClick={() => void switchLanguage(l)}>
          {t(`common.languageName_${l}`)}
        </button>
      ))}
    </div>
  );
}

export function LogIn() {
  const { query, route } = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, errors, run, setErrors } = useAction(["email", "password"]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (reportMissing(e.currentTarget as HTMLFormElement, missingFields(email, password), (fields) => setErrors({ fields, general: [] }))) return;
    const ok = await run(async () => {
      const { token, viewer, errors: problems } = (await request(LogInDocument, { input: { email, password } })).logIn;
      if (token && viewer) signIn(token, viewer.id);
      return problems;
    });
    if (ok) route(safeNext(query.next), true);
  };

  return (
    <Page title={t("auth.logInTitle")} lead={t("auth.welcomeLead")}>
      <LanguagePicker />
      <form class="stack" onSubmit={submit} noValidate>
        <FormErrors messages={errors.general} />
        <TextField label={t("auth.email")} type="email" autoComplete="email" value={email} onValue={setEmail} error={errors.fields.email} required />
        <TextField label={t("auth.password")} type="password" autoComplete="current-password" value={password} onValue={setPassword} error={errors.fields.password} required />
        <Button type="submit" block busy={busy} busyLabel={t("auth.loggingIn")}>
          {t("auth.logIn")}
        </Button>
      </form>
      <p>
        {t("auth.noAccount")} <a href={`/signup${query.next ? `?next=${encodeURIComponent(query.next)}` : ""}`}>{t("auth.toSignUp")}</a>
      </p>
    </Page>
  );
}

export function SignUp() {
  const { query, route } = useLocation();
  const [displayName, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, errors, run, setErrors } = useAction(["displayName", "email", "password"]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (reportMissing(e.currentTarget as HTMLFormElement, missingFields(email), (fields) => setErrors({ fields, general: [] }))) return;
    const ok = await run(async () => {
      const { token, viewer, errors: problems } = (await request(SignUpDocument, { input: { email, password, displayName, uiLanguage: lang.value } })).signUp;
      if (token && viewer) signIn(token, viewer.id);
      return problems;
    });
    if (ok) route(query.next ? safeNext(query.next) : "/welcome", true);
  };

  return (
    <Page title={t("auth.signUpTitle")} lead={t("auth.welcomeLead")}>
      <LanguagePicker />
      <form class="stack" onSubmit={submit} noValidate>
        <FormErrors messages={errors.general} />
        <TextField label={t("auth.displayName")} hint={t("auth.displayNameHint")} autoComplete="nickname" value={displayName} onValue={setName} error={errors.fields.displayName} required />
        <TextField label={t("auth.email")} type="email" autoComplete="email" value={email} onValue={setEmail} error={errors.fields.email} required />
        <TextField label={t("auth.password")} hint={t("auth.passwordHint")} type="password" autoComplete="new-password" value={password} onValue={setPassword} error={errors.fields.password} required />
        <Button type="submit" block busy={busy} busyLabel={t("auth.signingUp")}>
          {t("auth.signUp")}
        </Button>
      </form>
      <p>
        {t("auth.haveAccount")} <a href={`/login${query.next ? `?next=${encodeURIComponent(query.next)}` : ""}`}>{t("auth.toLogIn")}</a>
      </p>
    </Page>
  );
}
