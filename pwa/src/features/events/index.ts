// Events of a group or of the whole community: my calendar and what is coming up, one event with its
// dates and my answer (RSVP, online only), and planning or cancelling for leaders and organisers.
// Reached from a group's page and from Share; no place in the bottom navigation.
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import { EVENTS, NEW_EVENT } from "./paths";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en> = {
  strings: { en, es },
  routes: [
    { path: EVENTS, component: lazy(() => import("./calendar")) },
    { path: NEW_EVENT, component: lazy(() => import("./event-form")) },
    { path: "/events/:id", component: lazy(() => import("./event")) },
  ],
};
