// Message requests to me: families I share no match, group or carpool with wrote first. Each shows
// who and their first message, so the person can decide: accept, decline, or block them.
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { useQuery } from "../../api/hooks";
import { MessagesConversationsDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { Page, QueryView } from "../../ui";
import { Status } from "../staff/parts";
import { AnswerRequest } from "./answer";
import { useRefetchOnInbox, MessagesTabs } from "./inbox";
import { conversationName, when, type Conversation } from "./parts";
import { conversationHref } from "./paths";

function RequestItem({ c, onDone }: { c: Conversation; onDone: (message: string) => void }) {
  const { route } = useLocation();
  const name = conversationName(c);
  const first = c.lastMessage;
  const starter = c.people.find((p) => p.caregiver && p.state === "ACTIVE")?.caregiver ?? c.people.find((p) => p.caregiver)?.caregiver ?? null;
  return (
    <li class="card stack request-item">
      <div class="card-head">
        <h2>{name}</h2>
        <p class="muted">
          <time dateTime={c.lastMessageAt}>{when(c.lastMessageAt)}</time>
        </p>
      </div>
      {first && <blockquote class="message-body">{first.removed || first.body === null ? t("messages.removed") : first.body}</blockquote>}
      <p class="more-link">
        <a href={conversationHref(c.id)}>{t("messages.openConversation")}</a>
      </p>
      <AnswerRequest
        conversationId={c.id}
        caregiverId={c.isGroup ? null : (starter?.id ?? null)}
        name={name}
        onAnswered={(answer, message) => {
          if (answer === "accepted") route(conversationHref(c.id));
          else onDone(message);
        }}
      />
    </li>
  );
}

export default function Requests() {
  const q = useQuery(MessagesConversationsDocument, { first: 50, requests: true });
  useRefetchOnInbox(q.refetch);
  const [done, setDone] = useState<string | null>(null);
  return (
    <Page title={t("messages.requestsTitle")} lead={t("messages.requestsLead")}>
      <MessagesTabs current="requests" requests={q.data?.messageRequestCount ?? 0} />
      <Status text={done} />
      <QueryView q={q} select={(d) => d.conversations.edges.map((e) => e.node)} isEmpty={(l) => l.length === 0} empty={<p class="card empty-state">{t("messages.requestsEmpty")}</p>}>
        {(list) => (
          <ul class="list" aria-label={t("messages.requestsLabel")}>
            {list.map((c) => (
              <RequestItem key={c.id} c={c} onDone={setDone} />
            ))}
          </ul>
        )}
      </QueryView>
    </Page>
  );
}
