// Peer groups: discover and join them, the group's page (about, posts and comments), and its leaders'
// tools (requests, invitations, roles, pinning and hiding). Leaders find "Start a group" among their
// organise cards; everyone reaches the groups from Share.
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import type { Organising } from "../organise/cards";
import { offline } from "./offline";
import { GROUPS, NEW_GROUP } from "./paths";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en, typeof offline> & Organising = {
  strings: { en, es },
  routes: [
    { path: GROUPS, component: lazy(() => import("./discover")) },
    { path: NEW_GROUP, component: lazy(() => import("./group-form")), access: "organiser" },
    { path: "/groups/post/:postId", component: lazy(() => import("./post-redirect")) },
    { path: "/groups/:id", component: lazy(() => import("./group")) },
    { path: "/groups/:id/edit", component: lazy(() => import("./group-form")) },
    { path: "/groups/:id/members", component: lazy(() => import("./members")) },
  ],
  offline,
  organise: [{ href: NEW_GROUP, title: "groups.organiseTitle", lead: "groups.organiseLead", order: 10 }],
};
