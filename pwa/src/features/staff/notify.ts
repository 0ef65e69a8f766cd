// A person waiting to join is told when the school decides (api/communities/events.py, both about
// the community). Verified: home, which is the whole app for them now. Declined: home too, where
// the guard takes someone without a community to joining, to try another code.
import type { NotificationRoute } from "../notify";

// Staff who asked for fresh school insights are told when they are ready: the dashboard.
export const notificationRoutes: readonly NotificationRoute[] = [
  { subject: "Community", kinds: ["member_verified", "member_declined"], screen: () => "/" },
  { subject: "Community", kinds: ["insights_ready"], screen: () => "/staff/insights" },
];
