// Push on this device: what the browser allows, an explanation before the browser is asked, and
// problems in plain words. Also the person's devices that get pushes, briefly.
import { useEffect, useRef, useState } from "preact/hooks";
import { useQuery } from "../../api/hooks";
import { SettingsDevicesDocument } from "../../gql/graphql";
import { formatDate, t, type Key } from "../../i18n";
import { pushProblem, pushStatus, turnOffPush, turnOnPush, type PushProblem, type PushStatus } from "../../push/push";
import { Button, errorText, Notice } from "../../ui";
import { Section, Status } from "./section";

export function problemText(problem: PushProblem): string {
  if (problem.code === "refused") {
    const reason = (problem.errors ?? []).map(errorText).join(" ");
    return t("settings.pushProblem_refused", { reason });
  }
  return t(`settings.pushProblem_${problem.code}` as Key);
}

/** "Chrome · Android" from a user agent: enough to recognise one's own devices. */
export function deviceName(ua: string | null): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /(Chrome|Chromium|CriOS)\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : null;
  const os = /Android/.test(ua) ? "Android" : /iPhone|iPad|iPod/.test(ua) ? "iOS" : /Windows/.test(ua) ? "Windows" : /Mac OS X|Macintosh/.test(ua) ? "macOS" : /CrOS/.test(ua) ? "ChromeOS" : /Linux/.test(ua) ? "Linux" : null;
  const parts = [browser, os].filter(Boolean);
  return parts.length ? parts.join(" · ") : null;
}

function Devices({ version }: { version: number }) {
  const devices = useQuery(SettingsDevicesDocument);
  useEffect(() => {
    if (version) devices.refetch();
  }, [version]);
  const list = devices.data?.myPushSubscriptions;
  if (!list) return null;
  return (
    <>
      <h3 id="settings-devices">{t("settings.devicesTitle")}</h3>
      {list.length === 0 ? (
        <p class="muted">{t("settings.devicesNone")}</p>
      ) : (
        <ul class="devices" aria-labelledby="settings-devices">
          {list.map((d) => (
            <li key={`${d.endpointOrigin}|${d.createdAt}`}>
              {deviceName(d.userAgent) ?? t("settings.deviceBrowser")}{" "}
              <span class="muted">
                ({t("settings.deviceVia", { service: new URL(d.endpointOrigin).host })}, {t("settings.deviceSince", { date: formatDate(d.createdAt, { dateStyle: "medium" }) })})
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function PushSection() {
  const [status, setStatus] = useState<PushStatus | "checking">("checking");
  const [explaining, setExplaining] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const panel = useRef<HTMLHeadingElement>(null);
  const problem = pushProblem.value;

  useEffect(() => {
    let live = true;
    void pushStatus().then((s) => live && setStatus(s));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (explaining) panel.current?.focus();
  }, [explaining]);

  const allow = async () => {
    setBusy(true);
    setMessage(null);
    const next = await turnOnPush();
    setBusy(false);
    setStatus(next);
    setExplaining(false);
    if (next === "on") setMessage(t("settings.pushTurnedOn"));
    setVersion((v) => v + 1);
  };

  const off = async () => {
    setBusy(true);
    setMessage(null);
    await turnOffPush();
    setBusy(false);
    setStatus(await pushStatus());
    setMessage(t("settings.pushTurnedOff"));
    setVersion((v) => v + 1);
  };

  return (
    <Section id="settings-push" title={t("settings.pushTitle")}>
      {status === "checking" && <p class="muted">{t("settings.pushChecking")}</p>}
      {status === "unsupported" && <Notice>{t("settings.pushUnsupported")}</Notice>}
      {status === "denied" && <Notice tone="warn">{t("settings.pushDenied")}</Notice>}
      {status === "on" && (
        <>
          <p>{t("settings.pushOn")}</p>
          <Button variant="secondary" onClick={() => void off()} busy={busy} busyLabel={t("settings.pushTurningOff")}>
            {t("settings.pushTurnOff")}
          </Button>
        </>
      )}
      {status === "off" && !explaining && (
        <>
          <p>{t("settings.pushOff")}</p>
          <Button onClick={() => setExplaining(true)}>{t("settings.pushTurnOn")}</Button>
        </>
      )}
      {status === "off" && explaining && (
        <div class="card explain stack" role="group" aria-labelledby="settings-push-explain">
          <h3 id="settings-push-explain" ref={panel} tabIndex={-1}>
            {t("settings.pushExplainTitle")}
          </h3>
          <ul class="explain-list">
            <li>{t("settings.pushExplain1")}</li>
            <li>{t("settings.pushExplain2")}</li>
            <li>{t("settings.pushExplain3")}</li>
            <li>{t("settings.pushExplain4")}</li>
          </ul>
          <div class="row">
            <Button onClick={() => void allow()} busy={busy} busyLabel={t("settings.pushWorking")}>
              {t("settings.pushAllow")}
            </Button>
            <Button variant="quiet" onClick={() => setExplaining(false)} disabled={busy}>
              {t("settings.pushNotNow")}
            </Button>
          </div>
        </div>
      )}
      {problem && (
        <Notice tone="error">
          <p>{problemText(problem)}</p>
          {problem.code === "blocked" && <p>{t("settings.pushDenied")}</p>}
        </Notice>
      )}
      <Status text={message} />
      <Devices version={version} />
    </Section>
  );
}
