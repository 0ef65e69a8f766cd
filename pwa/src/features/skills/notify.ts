// The notifications skill-sharing sends (api/skills/events.py) are all about a match: they open it.
import type { NotificationRoute } from "../notify";
import { matchHref } from "./paths";

export const notificationRoutes: readonly NotificationRoute[] = [
  {
    subject: "Match",
    kinds: ["match_suggested", "match_offered", "match_requested", "match_accepted", "match_declined", "match_completed", "thanks_received"],
    screen: matchHref,
  },
];
