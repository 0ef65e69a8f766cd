// The notifications list: newest first, unread ones marked in words (not by colour alone), each
// opening the screen it is about. Pushes that arrive while the app is open refresh it (main.tsx).
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { refreshAll, useQuery } from "../../api/hooks";
import { NotificationsListDocument, NotificationsMarkReadDocument, type NotificationsListQuery } from "../../gql/graphql";
import { relativeTime, t, tn } from "../../i18n";
import { screenFor } from "../notify";
import { Button, FormErrors, LinkButton, Notice, Page, QueryView, splitErrors, thrownText } from "../../ui";

type Edge = NotificationsListQuery["notifications"]["edges"][number];
type Item = Edge["node"];
type PageInfo = NotificationsListQuery["notifications"]["pageInfo"];

const PAGE = 20;

async function markRead(input: { ids: string[] } | { all: true }): Promise<string[]> {
  const data = await request(NotificationsMarkReadDocument, { input });
  const errors = data.markNotificationsRead.errors;
  if (!errors.length) refreshAll(); // the badge and every list that shows them
  const { general, fields } = splitErrors(errors);
  return [...general, ...Object.values(fields)];
}

function NotificationRow({ item, read, onOpen }: { item: Item; read: boolean; onOpen: (item: Item) => void }) {
  const url = screenFor(item.subjectId, item.id, item.kind);
  const content = (
    <>
      <span class="notif-title">
        {!read && <span class="status notif-new">{t("notifications.unread")}</span>} <strong>{item.title}</strong>
      </span>
      {item.body && <span class="notif-body">{item.body}</span>}
      <span class="muted notif-meta">
        {item.actor && (
          <>
            {t("notifications.fromActor", { name: item.actor.displayName })}
            {" · "}
          </>
        )}
        <time dateTime={item.createdAt}>{relativeTime(item.createdAt)}</time>
      </span>
    </>
  );
  return (
    <li class={`card notif-item${read ? "" : " unread"}`}>
      {url === "/notifications" ? (
        <div class="notif-link">
          {content}
          {!read && (
            <Button variant="quiet" onClick={() => onOpen(item)}>
              {t("notifications.markRead")}
            </Button>
          )}
        </div>
      ) : (
        <a class="notif-link" href={url} onClick={() => onOpen(item)}>
          {content}
        </a>
      )}
    </li>
  );
}

export default function Notifications() {
  const first = useQuery(NotificationsListDocument, { first: PAGE });
  const [more, setMore] = useState<{ edges: Edge[]; pageInfo: PageInfo } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [readHere, setReadHere] = useState<Set<string>>(new Set());
  const [allRead, setAllRead] = useState(false);
  const [marking, setMarking] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);

  const feed = first.data?.notifications;
  const seen = new Set<string>();
  const items: Item[] = [];
  for (const e of [...(feed?.edges ?? []), ...(more?.edges ?? [])]) {
    if (seen.has(e.node.id)) continue;
    seen.add(e.node.id);
    items.push(e.node);
  }
  const isRead = (item: Item) => item.read || allRead || readHere.has(item.id);
  const unread = feed ? Math.max(0, allRead ? 0 : feed.unreadCount - items.filter((i) => !i.read && readHere.has(i.id)).length) : 0;
  const pageInfo = more?.pageInfo ?? feed?.pageInfo;

  const open = (item: Item) => {
    if (isRead(item)) return;
    setReadHere((s) => new Set(s).add(item.id));
    // The screen it opens is shown at once; the mark follows (and the badge with it).
    void markRead({ ids: [item.id] }).catch(() => undefined);
  };

  const markAll = async () => {
    setMarking(true);
    setErrors([]);
    setDone(null);
    try {
      const problems = await markRead({ all: true });
      if (problems.length) setErrors(problems);
      else {
        setAllRead(true);
        setDone(t("notifications.markedAllRead"));
      }
    } catch (e) {
      setErrors([thrownText(e)]);
    } finally {
      setMarking(false);
    }
  };

  const showMore = async () => {
    if (!pageInfo?.endCursor) return;
    setLoadingMore(true);
    setErrors([]);
    try {
      const data = await request(NotificationsListDocument, { first: PAGE, after: pageInfo.endCursor });
      setMore((m) => ({ edges: [...(m?.edges ?? []), ...data.notifications.edges], pageInfo: data.notifications.pageInfo }));
    } catch (e) {
      setErrors([thrownText(e)]);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Page title={t("notifications.title")} lead={t("notifications.lead")}>
      <QueryView
        q={first}
        select={(d) => d.notifications}
        isEmpty={() => items.length === 0}
        empty={
          <div class="card empty-state">
            <h2>{t("notifications.emptyTitle")}</h2>
            <p>{t("notifications.emptyBody")}</p>
            <LinkButton href="/share" variant="secondary">
              {t("notifications.emptyAction")}
            </LinkButton>
          </div>
        }
        missing={null}
        error={() => (
          <Notice tone="error">
            <p>{t("notifications.couldNotLoad")}</p>
            <Button variant="secondary" onClick={first.refetch}>
              {t("common.retry")}
            </Button>
          </Notice>
        )}
      >
        {() => (
          <>
            <div class="row notif-head">
              <p class="notif-count">{unread ? tn("notifications.unreadCount", unread) : t("notifications.allRead")}</p>
              {unread > 0 && (
                <Button variant="secondary" onClick={markAll} busy={marking} busyLabel={t("notifications.markingAllRead")} disabled={first.offline}>
                  {t("notifications.markAllRead")}
                </Button>
              )}
            </div>
            <FormErrors messages={errors} />
            {done && (
              <Notice live>
                <p>{done}</p>
              </Notice>
            )}
            <ul class="list notif-list" aria-label={t("notifications.list")}>
              {items.map((item) => (
                <NotificationRow key={item.id} item={item} read={isRead(item)} onOpen={open} />
              ))}
            </ul>
            {pageInfo?.hasNextPage && (
              <Button variant="secondary" block onClick={showMore} busy={loadingMore} busyLabel={t("notifications.loadingMore")} disabled={first.offline}>
                {t("notifications.showMore")}
              </Button>
            )}
          </>
        )}
      </QueryView>
    </Page>
  );
}
