// Peer groups: discover and join them, the group's page (about, posts and comments, live while it is
// open), and its leaders' tools (requests, invitations, roles, pinning and hiding, what was reported).
// Leaders find "Start a group" among their organise cards; everyone reaches the groups from Share,
// and sees the news from their groups on home.
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import type { Homing } from "../home/sections";
import type { Organising } from "../organise/cards";
import { offline } from "./offline";
import { GROUPS, NEW_GROUP } from "./paths";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en, typeof offline> & Organising & Homing = {
  strings: { en, es },
  routes: [
    { path: GROUPS, component: lazy(() => import("./discover")) },
    { path: NEW_GROUP, component: lazy(() => import("./group-form")), access: "organiser" },
    { path: "/groups/post/:postId", component: lazy(() => import("./post-redirect")) },
    { path: "/groups/:id", component: lazy(() => import("./group")) },
    { path: "/groups/:id/edit", component: lazy(() => import("./group-form")) },
    { path: "/groups/:id/members", component: lazy(() => import("./members")) },
    { path: "/groups/:id/reports", component: lazy(() => import("./reports")) },
  ],
  offline,
  organise: [{ href: NEW_GROUP, title: "groups.organiseTitle", lead: "groups.organiseLead", order: 10 }],
  home: [{ title: "groups.homeNewsTitle", component: lazy(() => import("./home-news")), order: 10 }],
};
