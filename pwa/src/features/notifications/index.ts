// The notifications list, and the unread count on its navigation entry.
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import en from "./strings/en";
import es from "./strings/es";
import { useUnreadCount } from "./unread";

export const feature: Feature<typeof en> = {
  strings: { en, es },
  routes: [{ path: "/notifications", component: lazy(() => import("./notifications")) }],
  nav: [{ href: "/notifications", icon: "bell", label: "notifications.nav", order: 30, useBadge: useUnreadCount }],
};
