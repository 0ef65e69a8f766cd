// Reports to the school's staff: open ones to look at and resolve (what was done, and a note for the
// other staff), resolved ones with the action taken, by whom and when.
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { StaffReportsDocument, StaffResolveReportDocument, type ReportAction, type StaffReportFieldsFragment, type StaffReportsQuery } from "../../gql/graphql";
import { has, t, type Key } from "../../i18n";
import { currentMembership } from "../../state/me";
import { Button, FormErrors, Page, QueryView, Select, TextArea, thrownText, useAction } from "../../ui";
import { needHref } from "../skills/paths";
import { useStaffCounts } from "./badge";
import { couldNotLoad, Status, Tabs, when } from "./parts";
import { reportsHref, type ReportsTab } from "./paths";

type Report = StaffReportFieldsFragment;
type PageInfo = StaffReportsQuery["reports"]["pageInfo"];

const PAGE = 20;
export const ACTIONS: ReportAction[] = ["NO_ACTION", "WARNED", "CONTENT_REMOVED", "MEMBER_SUSPENDED"];

export function parseTab(value: string | undefined): ReportsTab {
  return value === "resolved" ? "resolved" : "open";
}

export function actionName(action: ReportAction): string {
  return t(`staff.action_${action}` as Key);
}

/** What the report is about, in words: "About a request for help by Ana", "About Ana". */
export function aboutText(report: Pick<Report, "subjectType" | "subjectCaregiver">): string {
  const key = `staff.subject_${report.subjectType}`;
  const subject = has(key) ? t(key) : report.subjectType;
  const name = report.subjectCaregiver?.displayName;
  if (report.subjectType === "caregiver") return name ? t("staff.aboutName", { name }) : t("staff.about", { subject });
  return name ? t("staff.aboutPerson", { subject, name }) : t("staff.about", { subject });
}

function ResolveForm({ report, onResolved }: { report: Report; onResolved: (message: string) => void }) {
  const [action, setAction] = useState<ReportAction>("NO_ACTION");
  const [note, setNote] = useState("");
  const { busy, errors, run } = useAction(["action", "note"]);
  // Only actions that fit what was reported: a person has no content to remove, and a
  // member is suspended only when someone is responsible.
  const actions = ACTIONS.filter((a) => (a === "CONTENT_REMOVED" ? report.subjectType !== "caregiver" : a === "MEMBER_SUSPENDED" ? !!report.subjectCaregiver : true));
  const hintKey = `staff.actionHint_${action}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await run(async () => (await request(StaffResolveReportDocument, { input: { reportId: report.id, action, note: note.trim() || null } })).resolveReport.errors);
    if (ok) onResolved(t("staff.resolvedNow", { action: actionName(action) }));
  };
  return (
    <form class="stack resolve-form" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <Select label={t("staff.action")} hint={has(hintKey) ? t(hintKey) : undefined} value={action} onValue={setAction} options={actions.map((a) => ({ value: a, label: actionName(a) }))} error={errors.fields.action} />
      <TextArea label={t("staff.note")} value={note} onValue={setNote} maxLength={2000} error={errors.fields.note} />
      <Button type="submit" busy={busy} busyLabel={t("staff.resolving")} aria-label={t("staff.resolveNamed", { reason: t(`staff.reason_${report.reason}`) })}>
        {t("staff.resolve")}
      </Button>
    </form>
  );
}

function ReportCard({ report, onResolved }: { report: Report; onResolved: (message: string) => void }) {
  const reporter = report.reporter?.displayName;
  return (
    <li class="card stack report-card">
      <div class="card-head">
        <h3>{t(`staff.reason_${report.reason}`)}</h3>
        <span class={report.status === "OPEN" ? "status pending" : "status"}>{report.status === "OPEN" ? t("staff.tabOpen") : t("staff.tabResolved")}</span>
      </div>
      <p>
        <strong>{aboutText(report)}</strong>
        {report.subjectType === "need" && (
          <>
            {" · "}
            <a href={needHref(report.subjectId)}>{t("staff.openNeed")}</a>
          </>
        )}
      </p>
      <p class="muted">{reporter ? t("staff.reportedBy", { name: reporter, when: when(report.createdAt) }) : t("staff.reportedByUnknown", { when: when(report.createdAt) })}</p>
      {report.excerpt && (
        <figure class="quote">
          <figcaption class="muted">{t("staff.excerpt")}</figcaption>
          <blockquote>{report.excerpt}</blockquote>
        </figure>
      )}
      {report.details ? (
        <figure class="quote">
          <figcaption class="muted">{t("staff.details")}</figcaption>
          <blockquote>{report.details}</blockquote>
        </figure>
      ) : (
        <p class="muted">{t("staff.noDetails")}</p>
      )}
      {report.status === "OPEN" ? (
        <ResolveForm report={report} onResolved={onResolved} />
      ) : (
        <div class="resolution">
          {report.resolution && <p>{t("staff.resolution", { action: actionName(report.resolution) })}</p>}
          {report.resolutionNote && <p class="quote-note">{report.resolutionNote}</p>}
          {report.resolvedAt && (
            <p class="muted">
              {report.resolvedBy ? t("staff.resolvedBy", { name: report.resolvedBy.displayName, when: when(report.resolvedAt) }) : t("staff.resolvedWhen", { when: when(report.resolvedAt) })}
            </p>
          )}
        </div>
      )}
    </li>
  );
}

export default function Reports() {
  const { query } = useLocation();
  const tab = parseTab(query.tab);
  const communityId = currentMembership.value?.communityId ?? "";
  const counts = useStaffCounts().data?.community;
  const variables = { communityId, status: tab === "open" ? ("OPEN" as const) : ("RESOLVED" as const), first: PAGE };
  const q = useQuery(StaffReportsDocument, variables, { skip: !communityId });
  const [more, setMore] = useState<{ items: Report[]; pageInfo: PageInfo } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => setMore(null), [q.data]);
  useEffect(() => setDone(null), [tab]);

  const items = [...(q.data?.reports.edges.map((e) => e.node) ?? []), ...(more?.items ?? [])];
  const pageInfo = more?.pageInfo ?? q.data?.reports.pageInfo;
  const showMore = async () => {
    if (!pageInfo?.endCursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const next = (await request(StaffReportsDocument, { ...variables, after: pageInfo.endCursor })).reports;
      setMore((m) => ({ items: [...(m?.items ?? []), ...next.edges.map((e) => e.node)], pageInfo: next.pageInfo }));
    } catch (e) {
      setMoreError(thrownText(e));
    } finally {
      setLoadingMore(false);
    }
  };
  const open = counts?.openReportCount ?? 0;

  return (
    <Page title={t("staff.reportsTitle")} lead={counts ? t("staff.reportsLead", { community: counts.name }) : undefined}>
      <Tabs
        label={t("staff.tabs")}
        current={tab}
        tabs={[
          { id: "open", href: reportsHref("open"), text: open ? t("staff.tabOpenCount", { count: open }) : t("staff.tabOpen") },
          { id: "resolved", href: reportsHref("resolved"), text: t("staff.tabResolved") },
        ]}
      />
      <Status text={done} />
      <QueryView
        q={q}
        select={() => items}
        isEmpty={(list) => list.length === 0}
        empty={<p class="card empty-state">{tab === "open" ? t("staff.noOpen") : t("staff.noResolved")}</p>}
        error={couldNotLoad(q)}
      >
        {(list) => (
          <>
            <ul class="list" aria-label={t("staff.reportsList")}>
              {list.map((r) => (
                <ReportCard key={r.id} report={r} onResolved={setDone} />
              ))}
            </ul>
            {moreError && <FormErrors messages={[moreError]} />}
            {pageInfo?.hasNextPage && (
              <Button variant="secondary" block onClick={() => void showMore()} busy={loadingMore} busyLabel={t("staff.loadingMore")} disabled={q.offline}>
                {t("staff.showMore")}
              </Button>
            )}
          </>
        )}
      </QueryView>
    </Page>
  );
}
