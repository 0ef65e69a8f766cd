// An invite code, ready to hand on: the text to send (in the viewer's language), shared through the
// phone's share sheet where there is one and copied otherwise, and a QR code of the join link to
// scan from the screen. The admin's screens show a new community's first staff invite with it too.
import qrcode from "qrcode-generator";
import { useState } from "preact/hooks";
import { t } from "../../i18n";
import { Button } from "../../ui";
import { landing } from "../registry";

/** The address that opens joining with the code filled in (signed out: sign up first, then there). */
export function joinLink(code: string, origin = location.origin): string {
  return `${origin}${landing("joining")}?code=${encodeURIComponent(code)}`;
}

export function inviteText(code: string, communityName: string, origin?: string): string {
  return t("staff.shareText", { community: communityName, code, link: joinLink(code, origin) });
}

/** The QR code of `value` as one SVG path (crisp at any size, nothing to download), with a quiet zone. */
export function QrCode({ value, label }: { value: string; label: string }) {
  const qr = qrcode(0, "M");
  qr.addData(value);
  qr.make();
  const n = qr.getModuleCount();
  const quiet = 4;
  let d = "";
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) if (qr.isDark(row, col)) d += `M${col + quiet} ${row + quiet}h1v1h-1z`;
  }
  const size = n + quiet * 2;
  return (
    <svg class="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shape-rendering="crispEdges" data-testid="invite-qr">
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

export function InviteShare({ invite, communityName }: { invite: { code: string }; communityName: string }) {
  const [status, setStatus] = useState<string | null>(null);
  const text = inviteText(invite.code, communityName);
  const canShare = typeof navigator !== "undefined" && typeof navigator.share === "function";

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(t("staff.copied"));
    } catch {
      setStatus(t("staff.copyFailed"));
    }
  };
  const share = async () => {
    try {
      await navigator.share({ title: t("staff.shareTitle", { community: communityName }), text });
      setStatus(t("staff.shared"));
    } catch (e) {
      // Closing the share sheet is not a failure; anything else falls back to copying.
      if ((e as DOMException)?.name !== "AbortError") await copy();
    }
  };

  return (
    <div class="invite-share stack">
      <QrCode value={joinLink(invite.code)} label={t("staff.qrLabel", { community: communityName, code: invite.code })} />
      <p class="muted">{t("staff.qrHint")}</p>
      <figure class="quote">
        <figcaption class="muted">{t("staff.inviteTextLabel")}</figcaption>
        <blockquote class="share-text">{text}</blockquote>
      </figure>
      <div class="row">
        {canShare && <Button onClick={() => void share()}>{t("staff.shareButton")}</Button>}
        <Button variant={canShare ? "secondary" : "primary"} onClick={() => void copy()}>
          {t("staff.copyButton")}
        </Button>
      </div>
      <p class="staff-status" role="status">
        {status}
      </p>
    </div>
  );
}
