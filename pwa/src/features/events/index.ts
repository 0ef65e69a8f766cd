// Events of a group or of the whole community: my calendar and what is coming up, one event with its
// dates and my answer (RSVP, which waits in the offline queue when the network is down), and the
// organisers' tools: plan, change, move a date, cancel, who is coming and answering for a family.
// Reached from a group's page and from Share; no place in the bottom navigation.
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import type { Homing } from "../home/sections";
import { offline } from "./offline";
import { EDIT_EVENT, EVENT, EVENTS, NEW_EVENT } from "./paths";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en, typeof offline> & Homing = {
  strings: { en, es },
  routes: [
    { path: EVENTS, component: lazy(() => import("./calendar")) },
    { path: NEW_EVENT, component: lazy(() => import("./event-form")) },
    { path: EVENT, component: lazy(() => import("./event")) },
    // Group leaders organise without a community role, so the screen asks the event (viewerCanManage).
    { path: EDIT_EVENT, component: lazy(() => import("./event-form").then((m) => m.EditEvent)) },
  ],
  offline,
  home: [{ title: "home.upcomingTitle", component: lazy(() => import("./home-section")), order: 20 }],
};
