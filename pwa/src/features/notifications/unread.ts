// How many notifications are unread, for the badge on the bottom navigation. Refreshed with every
// query (a push arriving, a mutation, coming back online).
import { useQuery } from "../../api/hooks";
import { UnreadCountDocument } from "../../gql/graphql";
import { session } from "../../state/session";

export function useUnreadCount(): number {
  const unread = useQuery(UnreadCountDocument, undefined, { skip: !session.token.value });
  return unread.data?.notifications.unreadCount ?? 0;
}
