// Carpools: find one near me or start one (a school year's run set up in under a minute), ask for
// seats, and, once in, the trips (who drives, who rides, not riding today, picked up and dropped
// off), the families, the fair-driving ledger and swaps. Reached from Share and from home's
// "Upcoming trips" (and leaders from their organise cards); no place in the bottom navigation.
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import type { Homing } from "../home/sections";
import type { Organising } from "../organise/cards";
import { offline } from "./offline";
import { CARPOOL, CARPOOLS, NEW_CARPOOL, SWAP, TRIP } from "./paths";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en, typeof offline> & Organising & Homing = {
  strings: { en, es },
  routes: [
    { path: CARPOOLS, component: lazy(() => import("./list")) },
    { path: NEW_CARPOOL, component: lazy(() => import("./carpool-form")) },
    { path: TRIP, component: lazy(() => import("./redirect").then((m) => m.TripRedirect)) },
    { path: SWAP, component: lazy(() => import("./redirect").then((m) => m.SwapRedirect)) },
    { path: CARPOOL, component: lazy(() => import("./carpool")) },
  ],
  offline,
  // Any verified member may start one; leaders find it among what they organise too.
  organise: [{ href: NEW_CARPOOL, title: "carpools.organiseTitle", lead: "carpools.organiseLead", order: 30 }],
  home: [{ title: "carpools.homeTitle", component: lazy(() => import("./home-section")), order: 30 }],
};
