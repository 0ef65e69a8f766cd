// The school's own screens, for its staff: people waiting to be let in and the members, invite
// codes (leaders make them too), reports, the community's settings, its matching words and its insights; one
// School entry leads to them, seen only by staff.
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import { useStaffBadge } from "./badge";
import { COMMUNITY_SETTINGS, HUB, INSIGHTS, INVITES, MATCHING_WORDS, MEMBERS, REPORTS } from "./paths";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en> = {
  strings: { en, es },
  routes: [
    { path: HUB, component: lazy(() => import("./hub")), access: "staff" },
    { path: MEMBERS, component: lazy(() => import("./members")), access: "staff" },
    { path: REPORTS, component: lazy(() => import("./reports")), access: "staff" },
    { path: COMMUNITY_SETTINGS, component: lazy(() => import("./community-settings")), access: "staff" },
    { path: MATCHING_WORDS, component: lazy(() => import("./matching-words")), access: "staff" },
    { path: INSIGHTS, component: lazy(() => import("./insights")), access: "staff" },
    { path: INVITES, component: lazy(() => import("./invites")), access: "organiser" },
  ],
  nav: [{ href: HUB, icon: "school", label: "staff.nav", order: 35, access: "staff", useBadge: useStaffBadge, badgeLabel: "staff.navBadge" }],
};
