// Home: the greeting, what is waiting, the big actions, my needs, matches and needs near me, and the
// sections other features add (sections.ts).
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en> = {
  strings: { en, es },
  routes: [{ path: "/", component: lazy(() => import("./home")) }],
  nav: [{ href: "/", icon: "home", label: "home.nav", order: 10 }],
};
