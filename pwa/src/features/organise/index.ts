// Organise: the home of parent leaders (and staff) — invite families, the member directory, and
// the cards of what they organise, which other features contribute (cards.ts).
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en> = {
  strings: { en, es },
  routes: [
    { path: "/organise", component: lazy(() => import("./organise")), access: "organiser" },
    { path: "/organise/members", component: lazy(() => import("./members")), access: "organiser" },
  ],
  nav: [{ href: "/organise", icon: "plus", label: "organise.nav", order: 34, access: "organiser", hiddenFor: "staff" }],
};
