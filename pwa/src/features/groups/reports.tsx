// A group's open reports, for its leaders: why, when, a short quote of what was reported and its
// author, never who reported it. Each opens its post; one not hidden yet can be hidden from here, with
// a reason its author is told. The school's staff review the same reports and resolve them.
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { GroupsGroupDocument, GroupsHideDocument, GroupsReportsDocument, type GroupsReportsQuery } from "../../gql/graphql";
import { t, type Key } from "../../i18n";
import { Button, FormErrors, LinkButton, Notice, Page, QueryView, TextField, useAction } from "../../ui";
import { Status } from "../staff/parts";
import { inWords } from "./errors";
import { snippet, standingIn, when } from "./parts";
import { groupHref, postHref } from "./paths";

type Report = GroupsReportsQuery["group"]["reports"][number];

const QUOTE = { overflowWrap: "anywhere" } as const;

export function reasonName(reason: Report["reason"]): string {
  return t(`groups.reason_${reason}` as Key);
}

/** "A post by Ana · 5 minutes ago", or a comment (its content is not the post it opens). */
export function aboutReport(report: Pick<Report, "contentId" | "postId" | "author" | "createdAt">): string {
  const post = report.contentId === report.postId;
  const at = when(report.createdAt);
  if (!report.author) return t(post ? "groups.reportAboutPostGone" : "groups.reportAboutCommentGone", { when: at });
  return t(post ? "groups.reportAboutPost" : "groups.reportAboutComment", { name: report.author.displayName, when: at });
}

function HideReported({ report, name, onHidden }: { report: Report; name: string; onHidden: () => void }) {
  const [open, setOpen] = useState(false);
  const [why, setWhy] = useState("");
  const { busy, errors, run, setErrors } = useAction(["reason"]);
  const box = useRef<HTMLDivElement>(null);
  const shown = useRef(false);
  useEffect(() => {
    // Focus goes to the reason when asked for it, and back to the button on Cancel (not on arrival).
    if (shown.current) box.current?.querySelector<HTMLElement>(open ? "input" : "button")?.focus();
    shown.current = true;
  }, [open]);
  const hide = async (e: Event) => {
    e.preventDefault();
    const reason = why.trim();
    if (!reason) {
      setErrors({ fields: { reason: t("groups.reportHideNeedsReason") }, general: [] });
      box.current?.querySelector<HTMLElement>("input")?.focus();
      return;
    }
    if (await run(async () => inWords((await request(GroupsHideDocument, { input: { contentId: report.contentId, reason } })).hideContent.errors))) onHidden();
  };
  if (!open) {
    return (
      <div ref={box}>
        <Button variant="secondary" onClick={() => setOpen(true)} aria-label={t("groups.reportHideNamed", { reason: reasonName(report.reason), name })}>
          {t("groups.reportHide")}
        </Button>
      </div>
    );
  }
  return (
    <div ref={box}>
      <form class="stack" onSubmit={hide} noValidate>
        <FormErrors messages={errors.general} />
        <TextField label={t("groups.hideReason")} hint={t("groups.hideReasonHint")} value={why} onValue={setWhy} required maxLength={500} error={errors.fields.reason} />
        <div class="row">
          <Button type="submit" variant="danger" busy={busy} busyLabel={t("groups.saving")}>
            {t("groups.reportHide")}
          </Button>
          <Button
            variant="quiet"
            disabled={busy}
            onClick={() => {
              setOpen(false);
              setErrors({ fields: {}, general: [] });
            }}
          >
            {t("groups.stay")}
          </Button>
        </div>
      </form>
    </div>
  );
}

function ReportCard({ report, onDone }: { report: Report; onDone: (message: string) => void }) {
  // Shown hidden at once; the list read again after the change says the same.
  const [hiddenHere, setHiddenHere] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const hidden = report.hidden || hiddenHere;
  const name = report.author?.displayName ?? t("groups.formerMember");
  const reason = reasonName(report.reason);
  return (
    <li class="card stack report-card">
      <div class="card-head">
        <h3 ref={heading} tabIndex={-1}>
          {reason}
        </h3>
        {hidden && <span class="status">{t("groups.reportHidden")}</span>}
      </div>
      <p class="muted">{aboutReport(report)}</p>
      <figure class="quote">
        <blockquote style={QUOTE}>{snippet(report.body, 200)}</blockquote>
      </figure>
      <p>
        <a href={postHref(report.postId)} aria-label={t("groups.reportOpenPostNamed", { reason, name })}>
          {t("groups.reportOpenPost")}
        </a>
      </p>
      {!hidden && (
        <HideReported
          report={report}
          name={name}
          onHidden={() => {
            setHiddenHere(true);
            onDone(t("groups.hiddenDone"));
            heading.current?.focus(); // the form it was in is gone
          }}
        />
      )}
    </li>
  );
}

function OpenReports({ groupId, onDone }: { groupId: string; onDone: (message: string) => void }) {
  const q = useQuery(GroupsReportsDocument, { id: groupId });
  return (
    <QueryView q={q} select={(d) => d.group.reports} isEmpty={(l) => l.length === 0} empty={<p class="card empty-state">{t("groups.reportsEmpty")}</p>}>
      {(reports) => (
        <ul class="list" aria-label={t("groups.reportsList")}>
          {reports.map((r) => (
            <ReportCard key={r.id} report={r} onDone={onDone} />
          ))}
        </ul>
      )}
    </QueryView>
  );
}

export default function GroupReports({ id }: { id: string }) {
  const g = useQuery(GroupsGroupDocument, { id });
  const [done, setDone] = useState<string | null>(null);
  return (
    <Page title={t("groups.reportsTitle")} lead={g.data?.group.name}>
      <QueryView q={g} select={(d) => d.group} missing={<Notice>{t("groups.groupGone")}</Notice>} error={() => <Notice>{t("groups.groupGone")}</Notice>}>
        {(group) =>
          standingIn(group.viewerMembership) === "leader" ? (
            <>
              <p>{t("groups.reportsLead")}</p>
              <p class="muted">{t("groups.reportsPrivacy")}</p>
              <Status text={done} />
              <OpenReports groupId={group.id} onDone={setDone} />
              <p class="more-link">
                <a href={groupHref(group.id)}>{t("groups.backToGroup")}</a>
              </p>
            </>
          ) : (
            <>
              <Notice>{t("groups.reportsLeadersOnly")}</Notice>
              <LinkButton href={groupHref(group.id)}>{t("groups.backToGroup")}</LinkButton>
            </>
          )
        }
      </QueryView>
    </Page>
  );
}
