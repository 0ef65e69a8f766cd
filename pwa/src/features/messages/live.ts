// Live messages over the app's one socket (api/live.ts, loaded lazily so it stays out of the first
// download): the messages of the open conversation as they are sent, and my unread and request counts
// whenever one of my conversations changes (the navigation badge and the list).
import { signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { refreshAll, useQuery } from "../../api/hooks";
import { MessagesAddedDocument, MessagesCountsDocument, MessagesInboxDocument, type MessagesInboxSubscription } from "../../gql/graphql";
import { session } from "../../state/session";
import type { Message } from "./parts";

type Inbox = MessagesInboxSubscription["inboxChanged"];

/** The messages that arrived while the conversation is open, oldest first, each once. */
export function addMessage(live: readonly Message[], m: Message): readonly Message[] {
  return live.some((x) => x.id === m.id) ? live : [...live, m];
}

/** Listens to one conversation while its screen is open. */
export function useMessageAdded(conversationId: string): readonly Message[] {
  const [live, setLive] = useState<readonly Message[]>([]);
  useEffect(() => {
    setLive([]);
    let gone = false;
    let stop: (() => void) | undefined;
    import("../../api/live")
      .then(({ subscribe }) => {
        if (gone) return;
        stop = subscribe(
          MessagesAddedDocument,
          { conversationId },
          {
            next: (d) => setLive((l) => addMessage(l, d.messageAdded)),
            // Back after a drop: read the conversation again for what was said meanwhile.
            reconnected: refreshAll,
          },
        );
      })
      .catch(() => undefined); // the module could not load (offline, first visit): the screen still works
    return () => {
      gone = true;
      stop?.();
    };
  }, [conversationId]);
  return live;
}

/** The latest counts the socket told (null before it said anything), and how many times it changed. */
export const inbox = signal<(Inbox & { seq: number }) | null>(null);

// One subscription for the whole app, kept while anything shows the counts (the navigation is always
// there once signed in): the screens read `inbox` and never open a second one.
let users = 0;
let stopInbox: (() => void) | null = null;
let inboxToken: string | null = null;

function listen(token: string): void {
  inboxToken = token;
  let gone = false;
  stopInbox = () => {
    gone = true;
  };
  import("../../api/live")
    .then(({ subscribe }) => {
      if (gone) return;
      const stop = subscribe(MessagesInboxDocument, {}, {
        next: (d) => {
          const seq = (inbox.value?.seq ?? 0) + 1;
          inbox.value = { ...d.inboxChanged, seq };
        },
        reconnected: refreshAll,
      });
      stopInbox = () => {
        gone = true;
        stop();
      };
    })
    .catch(() => undefined);
}

function unlisten(): void {
  stopInbox?.();
  stopInbox = null;
  inboxToken = null;
  inbox.value = null;
}

/** Keeps the inbox subscription open while the calling component is mounted and someone is signed in. */
export function useInbox(): (Inbox & { seq: number }) | null {
  const token = session.token.value;
  useEffect(() => {
    if (!token) return;
    users++;
    if (inboxToken !== token) {
      unlisten();
      listen(token);
    }
    return () => {
      users--;
      if (users === 0) unlisten();
    };
  }, [token]);
  return inbox.value;
}

/** Unread messages and requests waiting for me: read once (and with every refresh), then kept up
 *  to date by the socket. Null until known. */
export function useMessageCounts(): { unread: number; requests: number } | null {
  const signedIn = !!session.token.value;
  const read = useQuery(MessagesCountsDocument, undefined, { skip: !signedIn });
  const live = useInbox();
  if (!signedIn) return null;
  if (live) return { unread: live.unreadCount, requests: live.requestCount };
  return read.data ? { unread: read.data.unreadMessageCount, requests: read.data.messageRequestCount } : null;
}

/** The number for a navigation entry: unread messages plus requests waiting. */
export function useMessagesBadge(): number {
  const counts = useMessageCounts();
  return counts ? counts.unread + counts.requests : 0;
}
