// Messages between families: my conversations with unread counts, message requests to answer, one
// conversation live while it is open (with its composer, which works offline), and writing to a
// family from a match or a group. Its navigation entry counts unread messages and requests, live.
import { lazy } from "preact-iso";
import type { Feature, NavEntry } from "../feature";
import { useMessagesBadge } from "./live";
import { offline } from "./offline";
import { MESSAGES, NEW_MESSAGE, REQUESTS } from "./paths";
import en from "./strings/en";
import es from "./strings/es";

/** The bottom navigation's entry, with unread messages plus requests as its badge. */
const messagesNav: NavEntry = { href: MESSAGES, icon: "message", label: "messages.nav", order: 25, useBadge: useMessagesBadge, badgeLabel: "messages.navBadge" };

export const feature: Feature<typeof en, typeof offline> = {
  strings: { en, es },
  routes: [
    { path: MESSAGES, component: lazy(() => import("./inbox")) },
    { path: REQUESTS, component: lazy(() => import("./requests")) },
    { path: NEW_MESSAGE, component: lazy(() => import("./new-message")) },
    { path: `${MESSAGES}/:id`, component: lazy(() => import("./conversation")) },
  ],
  nav: [messagesNav],
  offline,
};
