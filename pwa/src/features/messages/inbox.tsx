// My conversations, latest first: who each is with, the last message's first words, when, and how
// many I have not read; the way to message requests when some wait for me. Live: whenever one of my
// conversations changes (inboxChanged), the list is read again.
import { useEffect, useRef, useState } from "preact/hooks";
import { useQuery } from "../../api/hooks";
import { MessagesConversationsDocument } from "../../gql/graphql";
import { t, tn } from "../../i18n";
import { PendingActions } from "../../offline/pending";
import { Button, Page, QueryView } from "../../ui";
import { Tabs } from "../staff/parts";
import { useInbox } from "./live";
import { awaitingThem, conversationName, preview, when, type Conversation } from "./parts";
import { conversationHref, MESSAGES, REQUESTS } from "./paths";

const PAGE = 20;

/** Reads the query again whenever the socket says something changed (not for its first, current state). */
export function useRefetchOnInbox(refetch: () => void): void {
  const live = useInbox();
  const seen = useRef<number | null>(null);
  useEffect(() => {
    if (!live) return;
    if (seen.current !== null && live.seq !== seen.current) refetch();
    seen.current = live.seq;
  }, [live?.seq]);
}

export function ConversationItem({ c }: { c: Conversation }) {
  const name = conversationName(c);
  const unread = c.unreadCount;
  return (
    // min-width 0: the preview's one line is cut with an ellipsis instead of widening the list.
    <li class="card conversation-item">
      <div class="conversation-head">
        <h2>
          <a href={conversationHref(c.id)}>{name}</a>
        </h2>
        {unread > 0 && (
          <span class="badge" aria-label={tn("messages.unread", unread)}>
            {unread}
          </span>
        )}
      </div>
      <p class="preview" data-unread={unread > 0 || undefined}>
        {preview(c)}
      </p>
      <p class="muted">
        <time dateTime={c.lastMessageAt}>{when(c.lastMessageAt)}</time>
        {awaitingThem(c) && <> · {t("messages.waitingForAnswer")}</>}
        {c.ended && <> · {t("messages.ended")}</>}
      </p>
    </li>
  );
}

/** The tabs of the messages screens: my conversations, and the requests (with how many wait). */
export function MessagesTabs({ current, requests }: { current: "all" | "requests"; requests: number }) {
  return (
    <Tabs
      label={t("messages.title")}
      current={current}
      tabs={[
        { id: "all", href: MESSAGES, text: t("messages.listLabel") },
        { id: "requests", href: REQUESTS, text: requests ? t("messages.requestsLink", { count: requests }) : t("messages.requestsTab") },
      ]}
    />
  );
}

function ConversationsPage({ after, last, onMore, onRequests }: { after: string | null; last: boolean; onMore: (cursor: string) => void; onRequests?: (n: number) => void }) {
  const q = useQuery(MessagesConversationsDocument, { first: PAGE, after, requests: false });
  useRefetchOnInbox(q.refetch);
  const requests = q.data?.messageRequestCount;
  useEffect(() => {
    if (requests !== undefined) onRequests?.(requests);
  }, [requests]);
  return (
    <QueryView
      q={q}
      saved={!after}
      select={(d) => d.conversations}
      isEmpty={(c) => c.edges.length === 0}
      empty={after ? null : <p class="card empty-state">{t("messages.empty")}</p>}
    >
      {({ edges, pageInfo }) => (
        <>
          <ul class="list" aria-label={after ? undefined : t("messages.listLabel")}>
            {edges.map((e) => (
              <ConversationItem key={e.node.id} c={e.node} />
            ))}
          </ul>
          {last && pageInfo.hasNextPage && pageInfo.endCursor && (
            <Button variant="secondary" block onClick={() => onMore(pageInfo.endCursor!)}>
              {t("messages.moreConversations")}
            </Button>
          )}
        </>
      )}
    </QueryView>
  );
}

export default function Inbox() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [requests, setRequests] = useState(0);
  const live = useInbox();
  const waiting = live ? live.requestCount : requests;
  return (
    <Page title={t("messages.title")} lead={t("messages.lead")}>
      <MessagesTabs current="all" requests={waiting} />
      <PendingActions kind="startConversation" />
      {cursors.map((after, i) => (
        <ConversationsPage key={after ?? ""} after={after} last={i === cursors.length - 1} onMore={(c) => setCursors([...cursors, c])} onRequests={i === 0 ? setRequests : undefined} />
      ))}
    </Page>
  );
}
