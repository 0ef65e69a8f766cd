// The School entry's screen: what waits on the staff (people to let in, open reports) and the way
// to each of the school's screens.
import { t, tn } from "../../i18n";
import { Page, QueryView } from "../../ui";
import { couldNotLoad } from "./parts";
import { mayUse } from "../../state/access";
import { useStaffCounts } from "./badge";
import { COMMUNITY_SETTINGS, INSIGHTS, INVITES, MATCHING_WORDS, membersHref, reportsHref } from "./paths";

function HubLink({ href, title, detail, urgent }: { href: string; title: string; detail: string; urgent?: boolean }) {
  return (
    <li>
      <a class={`card hub-link${urgent ? " urgent" : ""}`} href={href}>
        <strong>{title}</strong>
        <span class="muted">{detail}</span>
      </a>
    </li>
  );
}

export default function Hub() {
  const q = useStaffCounts();
  const community = q.data?.community;
  return (
    <Page title={t("staff.hubTitle")} lead={community ? t("staff.hubLead", { community: community.name }) : undefined}>
      <QueryView
        q={q}
        select={(d) => d.community}
        error={couldNotLoad(q)}
      >
        {(c) => {
          const pending = c.pendingMemberCount ?? 0;
          const open = c.openReportCount ?? 0;
          return (
            <ul class="list hub">
              <HubLink href={membersHref(pending ? "waiting" : "members")} title={t("staff.hubMembers")} detail={pending ? tn("staff.hubMembersWaiting", pending) : t("staff.hubMembersNone")} urgent={pending > 0} />
              <HubLink href={INVITES} title={t("staff.hubInvites")} detail={t("staff.hubInvitesLead")} />
              <HubLink href={reportsHref("open")} title={t("staff.hubReports")} detail={open ? tn("staff.hubReportsOpen", open) : t("staff.hubReportsNone")} urgent={open > 0} />
              <HubLink href={COMMUNITY_SETTINGS} title={t("staff.hubSettings")} detail={t("staff.hubSettingsLead")} />
              <HubLink href={INSIGHTS} title={t("staff.hubInsights")} detail={t("staff.hubInsightsLead")} />
              <HubLink href={MATCHING_WORDS} title={t("staff.hubMatching")} detail={t("staff.hubMatchingLead")} />
              <HubLink href="/organise" title={t("staff.hubOrganise")} detail={t("staff.hubOrganiseLead")} />
              {mayUse("platform-admin") && <HubLink href="/admin" title={t("staff.hubAdmin")} detail={t("staff.hubAdminLead")} />}
            </ul>
          );
        }}
      </QueryView>
    </Page>
  );
}
