// Pieces the messages screens share: who a conversation is with, in words; a message's preview and
// time; the API's refusals in the reader's language; marking the notification that opened a screen read.
import { useEffect } from "preact/hooks";
import type { UserError } from "../../api/client";
import { request } from "../../api/client";
import { refreshAll } from "../../api/hooks";
import { MessagesMarkNotificationReadDocument, type ConversationEnded, type MessagesConversationFieldsFragment, type MessagesMessageFieldsFragment } from "../../gql/graphql";
import { formatDate, has, lang, relativeTime, t, tn, type Key } from "../../i18n";

export type Conversation = MessagesConversationFieldsFragment;
export type Message = MessagesMessageFieldsFragment;

/** The name of one person in a conversation ("A former member" once they are gone). */
export function personName(p: Conversation["people"][number]): string {
  return p.caregiver?.displayName ?? t("messages.formerMember");
}

/** Who a conversation is with: its title for several families, else the other people's names. */
export function conversationName(c: Pick<Conversation, "title" | "isGroup" | "people">): string {
  if (c.isGroup && c.title.trim()) return c.title.trim();
  const names = c.people.map(personName);
  if (names.length === 0) return t("messages.conversationTitle");
  if (names.length === 1) return names[0];
  if (names.length === 2) return t("messages.and", { first: names[0], second: names[1] });
  return tn("messages.andOthers", names.length - 2, { names: names.slice(0, 2).join(", ") });
}

/** The name beside a message: mine, a former member's, or the sender's. */
export function senderName(m: Message): string {
  if (m.mine) return t("messages.you");
  if (m.fromFormerMember || !m.sender) return t("messages.formerMember");
  return m.sender.displayName;
}

/** One line of the last message: its first words, or why there is none to show. */
export function preview(c: Conversation): string {
  const m = c.lastMessage;
  if (!m) return t("messages.noMessagesYet");
  const text = m.removed || m.body === null ? t("messages.removedPreview") : m.body.replace(/\s+/g, " ").trim();
  const cut = text.length > 90 ? `${text.slice(0, 89).trimEnd()}…` : text;
  return m.mine ? `${t("messages.you")}: ${cut}` : c.isGroup ? `${senderName(m)}: ${cut}` : cut;
}

/** "now", "5 minutes ago" for the last day, the day and time for the week, the date before that. */
export function when(iso: string, now = Date.now()): string {
  const ms = now - new Date(iso).getTime();
  if (Math.abs(ms) < 60_000) return new Intl.RelativeTimeFormat(lang.value, { numeric: "auto" }).format(0, "second");
  if (ms < 86_400_000) return relativeTime(iso, now);
  if (ms < 7 * 86_400_000) return formatDate(iso, { weekday: "short", hour: "numeric", minute: "2-digit" });
  return formatDate(iso, { dateStyle: "medium" });
}

/** Why nobody can write here any more, in plain words. */
export function endedText(ended: ConversationEnded | null): string {
  switch (ended) {
    case "BLOCKED":
      return t("messages.endedBlocked");
    case "DECLINED":
      return t("messages.endedDeclined");
    case "GONE":
      return t("messages.endedGone");
    default:
      return t("messages.endedOther");
  }
}

/** A request to me: the others asked, and I have not answered. */
export function isRequestToMe(c: Pick<Conversation, "viewerState">): boolean {
  return c.viewerState === "REQUESTED";
}

/** My request to them, still unanswered (a conversation of two where they have not said yes). */
export function awaitingThem(c: Pick<Conversation, "viewerState" | "people" | "isGroup">): boolean {
  return c.viewerState === "ACTIVE" && !c.isGroup && c.people.some((p) => p.state === "REQUESTED");
}

/** The messages API's refusal codes in the reader's language (the shared catalogue words some of
 *  these codes for other screens), passed on with the code made unique to the feature. */
export function inWords(errors: readonly UserError[]): UserError[] {
  return errors.map((e) => {
    const key = `messages.error_${e.code}`;
    return has(key) ? { ...e, message: t(key as Key), code: `messages.${e.code}` } : e;
  });
}

const marked = new Set<string>();

/** Marks the notification that opened this screen (`?n=`) read, once. */
export function useMarkNotificationRead(notification: string | undefined): void {
  useEffect(() => {
    if (!notification || marked.has(notification)) return;
    marked.add(notification);
    request(MessagesMarkNotificationReadDocument, { input: { ids: [notification] } })
      .then((d) => {
        if (!d.markNotificationsRead.errors.length) refreshAll();
      })
      .catch(() => marked.delete(notification)); // offline: try again next time it is opened
  }, [notification]);
}
