// The notifications messages send (api/messages/events.py): a new message and a message request open
// the conversation; a reported message (to the school's staff, about the Report) opens their reports screen
// (its open tab, the default: the `?n=` the caller adds must be the only query).
import type { NotificationRoute } from "../notify";
import { REPORTS } from "../staff/paths";
import { conversationHref } from "./paths";

export const notificationRoutes: readonly NotificationRoute[] = [
  { subject: "Conversation", kinds: ["message_new", "message_request"], screen: conversationHref },
  { subject: "Report", kinds: ["message_reported"], screen: () => REPORTS },
];
