// One conversation: its messages oldest at the top and newest at the bottom, earlier ones on request;
// mine on the other side; "A former member" for someone gone and "Removed by the school's staff" for
// what the staff took down. Live while open: new messages appear once each (mine too, which the
// screen reads again after sending and the socket reports as well), are announced politely, and are
// marked read while the screen is visible. Below, the composer (messages written offline wait,
// shown as "Waiting to send"), or why nobody can write here any more; for a request to me, Accept,
// Decline or Block first. Others' messages can be reported to the school's staff.
import { useLocation } from "preact-iso";
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { MessagesBlockDocument, MessagesConversationDocument, MessagesMarkReadDocument, MessagesReportDocument, type ReportReason } from "../../gql/graphql";
import { t, tn, type Key } from "../../i18n";
import { discard, queued } from "../../offline/queue";
import { currentMembership } from "../../state/me";
import { Button, FormErrors, Notice, Page, QueryView, Select, TextArea, thrownText, useAction } from "../../ui";
import { ConfirmButton } from "../staff/parts";
import { AnswerRequest } from "./answer";
import { Composer } from "./composer";
import { useMessageAdded } from "./live";
import { awaitingThem, conversationName, endedText, inWords, isRequestToMe, senderName, useMarkNotificationRead, when, type Conversation, type Message } from "./parts";
import { MESSAGES } from "./paths";

const PAGE = 30;
const REASONS: ReportReason[] = ["SPAM", "HARASSMENT", "SAFETY", "INAPPROPRIATE", "OTHER"];

/** Everything read and heard, each message once, oldest first. */
export function mergeMessages(...lists: readonly (readonly Message[])[]): Message[] {
  const byId = new Map<string, Message>();
  for (const list of lists) for (const m of list) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => new Date(a.sentAt).getTime() - new Date(b.sentAt).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function ReportForm({ messageId, onDone, onCancel }: { messageId: string; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState<ReportReason>("INAPPROPRIATE");
  const [details, setDetails] = useState("");
  const { busy, errors, run } = useAction(["reason", "details"]);
  const communityId = currentMembership.value?.communityId ?? "";
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await run(async () => inWords((await request(MessagesReportDocument, { input: { communityId, subjectId: messageId, reason, details: details.trim() || null } })).report.errors));
    if (ok) onDone();
  };
  return (
    <form class="card stack" onSubmit={submit} noValidate aria-label={t("messages.reportTitle")}>
      <p class="muted">{t("messages.reportLead")}</p>
      <FormErrors messages={errors.general} />
      <Select<ReportReason> label={t("messages.reportReason")} value={reason} onValue={setReason} error={errors.fields.reason} options={REASONS.map((r) => ({ value: r, label: t(`messages.reason_${r}` as Key) }))} />
      <TextArea label={t("messages.reportDetails")} value={details} onValue={setDetails} maxLength={2000} error={errors.fields.details} />
      <div class="row">
        <Button type="submit" busy={busy} busyLabel={t("messages.sending")}>
          {t("messages.sendReport")}
        </Button>
        <Button variant="quiet" onClick={onCancel} disabled={busy}>
          {t("messages.cancel")}
        </Button>
      </div>
    </form>
  );
}

function MessageItem({ m }: { m: Message }) {
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState(false);
  const name = senderName(m);
  const removed = m.removed || m.body === null;
  return (
    <li class="message" data-mine={m.mine || undefined}>
      <div class="bubble">
        <p class="muted">
          <strong>{name}</strong> · <time dateTime={m.sentAt}>{when(m.sentAt)}</time>
        </p>
        {removed ? (
          <p class="muted message-body removed">
            {t("messages.removed")}
          </p>
        ) : (
          <p class="message-body">
            {m.body}
          </p>
        )}
      </div>
      {!m.mine && !removed && !reported && !reporting && (
        <div class="message-action">
          <Button variant="quiet" onClick={() => setReporting(true)} aria-label={t("messages.reportNamed", { name })}>
            {t("messages.report")}
          </Button>
        </div>
      )}
      {reporting && (
        <ReportForm
          messageId={m.id}
          onCancel={() => setReporting(false)}
          onDone={() => {
            setReporting(false);
            setReported(true);
          }}
        />
      )}
      <p class="staff-status" role="status">
        {reported ? t("messages.reported") : ""}
      </p>
    </li>
  );
}

/** My messages written offline for this conversation, at the bottom until they are sent. */
function Waiting({ conversationId }: { conversationId: string }) {
  const mine = queued.value.flatMap((q) => (q.kind === "sendMessage" && q.input.conversationId === conversationId ? [{ ...q, body: q.input.body }] : []));
  return (
    <>
      {mine.map((q) => (
        <li key={q.id} class="message" data-mine data-waiting>
          <div class="bubble">
            <p class="muted">
              <strong>{t("messages.you")}</strong> · <span class={`status ${q.status}`}>{q.status === "failed" ? t("messages.sendFailed", { reason: q.error ?? "" }) : t("messages.waitingToSend")}</span>
            </p>
            <p class="message-body">
              {q.body}
            </p>
          </div>
          {q.status === "failed" && (
            <div class="message-action">
              <Button variant="quiet" onClick={() => void discard(q.id)}>
                {t("messages.dismiss")}
              </Button>
            </div>
          )}
        </li>
      ))}
    </>
  );
}

/** Marks the conversation read when it opens with unread messages, and again a moment after new ones
 *  arrive, while the screen is visible (or as soon as it is again). */
function useMarkRead(conversationId: string, unread: number, latestIncoming: string | undefined): void {
  useEffect(() => {
    if (!unread && !latestIncoming) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const mark = () => {
      if (done || document.visibilityState !== "visible") return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        done = true;
        request(MessagesMarkReadDocument, { input: { conversationId, upTo: latestIncoming ?? null } }).catch(() => {
          done = false; // offline: the next visit (or message) tries again
        });
      }, 500);
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", mark);
    };
  }, [conversationId, unread, latestIncoming]);
}

function Thread({ c, page, onIncoming }: { c: Conversation; page: { messages: readonly Message[]; cursor: string | null; more: boolean }; onIncoming?: () => void }) {
  const [older, setOlder] = useState<Message[]>([]);
  const [paging, setPaging] = useState<{ cursor: string | null; more: boolean } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const live = useMessageAdded(c.id);
  const incoming = live.filter((m) => !m.mine);
  useMarkRead(c.id, c.unreadCount, incoming.length ? incoming[incoming.length - 1].id : undefined);
  useEffect(() => {
    if (incoming.length) onIncoming?.();
  }, [incoming.length]);
  const messages = mergeMessages(older, page.messages, live);
  const { cursor, more } = paging ?? page;
  const end = useRef<HTMLDivElement>(null);
  const scrolled = useRef(false);
  useEffect(() => {
    // Opened: the newest messages are the ones to see (the page starts at the bottom, once).
    if (!scrolled.current && messages.length) end.current?.scrollIntoView?.({ block: "end" });
    scrolled.current = true;
  }, [messages.length]);
  const earlier = async () => {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const d = await request(MessagesConversationDocument, { id: c.id, first: PAGE, before: cursor });
      const conn = d.conversation.messages;
      setOlder((o) => [...conn.edges.map((e) => e.node), ...o]);
      setPaging({ cursor: conn.pageInfo.endCursor, more: conn.pageInfo.hasNextPage });
    } catch (e) {
      setError(thrownText(e));
    } finally {
      setLoading(false);
    }
  };
  return (
    <section class="stack" aria-labelledby="messages-heading">
      <h2 id="messages-heading" class="visually-hidden">
        {t("messages.messagesLabel")}
      </h2>
      {more && cursor && (
        <Button variant="secondary" block busy={loading} busyLabel={t("common.loading")} onClick={() => void earlier()}>
          {t("messages.loadEarlier")}
        </Button>
      )}
      <FormErrors messages={error ? [error] : []} />
      {messages.length === 0 && !queued.value.some((q) => q.kind === "sendMessage" && q.input.conversationId === c.id) && <p class="muted">{t("messages.noMessagesYet")}</p>}
      <ol class="list messages" aria-label={t("messages.messagesLabel")}>
        {messages.map((m) => (
          <MessageItem key={m.id} m={m} />
        ))}
        <Waiting conversationId={c.id} />
      </ol>
      <p class="visually-hidden" role="status">
        {incoming.length ? tn("messages.liveNew", incoming.length) : ""}
      </p>
      <div ref={end} />
    </section>
  );
}

function Below({ c, onChanged }: { c: Conversation; onChanged: () => void }) {
  const { route } = useLocation();
  const name = conversationName(c);
  if (isRequestToMe(c)) {
    const starter = c.isGroup ? null : (c.people[0]?.caregiver?.id ?? null);
    return (
      <section class="card stack" aria-label={t("messages.requestsTitle")}>
        <p>{t("messages.requestBar", { name })}</p>
        <AnswerRequest conversationId={c.id} caregiverId={starter} name={name} onAnswered={(answer) => answer !== "accepted" && route(MESSAGES)} />
      </section>
    );
  }
  if (!c.canSend) return <Notice tone="warn">{endedText(c.ended)}</Notice>;
  const other = c.isGroup ? null : (c.people[0]?.caregiver ?? null);
  return (
    <>
      {awaitingThem(c) && <p class="muted">{t("messages.requestSent")}</p>}
      <Composer label={c.isGroup ? t("messages.composerLabel") : t("messages.composerLabelTo", { name })} queueLabel={name} make={(body, clientMutationId) => ({ kind: "sendMessage", input: { conversationId: c.id, body, clientMutationId } })} />
      {other && <BlockThem caregiverId={other.id} name={other.displayName} onBlocked={onChanged} />}
    </>
  );
}

/** In a conversation of two: block the other person (a clear second step), which ends it both ways. */
function BlockThem({ caregiverId, name, onBlocked }: { caregiverId: string; name: string; onBlocked: () => void }) {
  const action = useAction();
  const block = async () => {
    const ok = await action.run(async () => inWords((await request(MessagesBlockDocument, { input: { caregiverId } })).block.errors));
    if (ok) onBlocked();
    return ok;
  };
  return (
    <div class="stack">
      <FormErrors messages={action.errors.general} />
      <p class="muted">{t("messages.blockHint")}</p>
      <div class="row">
        <ConfirmButton label={t("messages.block")} name={t("messages.blockNamed", { name })} question={t("messages.blockConfirm", { name })} yes={t("messages.blockYes")} keep={t("messages.keep")} busyLabel={t("messages.saving")} variant="danger" onConfirm={block} />
      </div>
    </div>
  );
}

export default function ConversationScreen({ id }: { id: string }) {
  const { query } = useLocation();
  useMarkNotificationRead(query.n);
  const q = useQuery(MessagesConversationDocument, { id, first: PAGE });
  const c = q.data?.conversation;
  return (
    <Page title={c ? conversationName(c) : t("messages.conversationTitle")}>
      <QueryView q={q} select={(d) => d.conversation} missing={<Notice>{q.offline ? t("messages.offlineNotSeen") : t("messages.conversationGone")}</Notice>} error={() => <Notice>{t("messages.conversationGone")}</Notice>}>
        {(c) => (
          <>
            <Thread
              key={c.id}
              c={c}
              page={{ messages: c.messages.edges.map((e) => e.node), cursor: c.messages.pageInfo.endCursor, more: c.messages.pageInfo.hasNextPage }}
              // They answered my request by writing back: read where it stands again (no longer waiting).
              onIncoming={awaitingThem(c) ? q.refetch : undefined}
            />
            <Below c={c} onChanged={q.refetch} />
          </>
        )}
      </QueryView>
      <p class="more-link">
        <a href={MESSAGES}>{t("messages.backToMessages")}</a>
      </p>
    </Page>
  );
}
