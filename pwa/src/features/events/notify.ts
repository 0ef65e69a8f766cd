// The notifications events send (api/events/events.py): every kind is about an event and opens it.
import type { NotificationRoute } from "../notify";
import { eventHref } from "./paths";

export const notificationRoutes: readonly NotificationRoute[] = [
  {
    subject: "Event",
    kinds: ["event_created", "event_changed", "event_cancelled", "event_waitlist_promoted", "event_reminder_day", "event_reminder_soon"],
    screen: eventHref,
  },
];
