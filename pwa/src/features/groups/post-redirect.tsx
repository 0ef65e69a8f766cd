// A post known only by its ID (a notification about a new post or comment): find its group and go
// to it, at the post, keeping `?n=` so the group page marks the notification read.
import { useLocation } from "preact-iso";
import { useEffect } from "preact/hooks";
import { useQuery } from "../../api/hooks";
import { GroupsPostGroupDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { LinkButton, Notice, Page, QueryView } from "../../ui";
import { groupHref, groupsHref, postAnchor } from "./paths";

export default function PostRedirect({ postId }: { postId: string }) {
  const { query, route } = useLocation();
  const q = useQuery(GroupsPostGroupDocument, { postId });
  const node = q.data?.node;
  const groupId = node && "groupId" in node ? node.groupId : null;
  useEffect(() => {
    if (groupId) route(`${groupHref(groupId)}${query.n ? `?n=${encodeURIComponent(query.n)}` : ""}#${postAnchor(postId)}`, true);
  }, [groupId]);
  return (
    <Page title={t("groups.postTitle")}>
      <QueryView q={q} select={() => groupId} missing={<Notice>{q.offline ? t("groups.offlineNotSeen") : t("groups.postGone")}</Notice>} error={() => <Notice>{t("groups.postGone")}</Notice>}>
        {() => <p class="muted">{t("common.loading")}</p>}
      </QueryView>
      {!q.loading && !groupId && <LinkButton href={groupsHref("mine")}>{t("groups.toMyGroups")}</LinkButton>}
    </Page>
  );
}
