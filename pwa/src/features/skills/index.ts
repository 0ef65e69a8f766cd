// Skill-sharing: strengths offered, needs asked, and the matches between them.
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import { offline } from "./offline";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en, typeof offline> = {
  strings: { en, es },
  routes: [
    { path: "/share", component: lazy(() => import("./share")) },
    { path: "/strengths/new", component: lazy(() => import("./strength-form")) },
    { path: "/strengths/:id", component: lazy(() => import("./strength-form")) },
    { path: "/needs", component: lazy(() => import("./needs-list")) },
    { path: "/needs/new", component: lazy(() => import("./need-form")) },
    { path: "/needs/:id", component: lazy(() => import("./need-detail")) },
    { path: "/matches/:id", component: lazy(() => import("./match-detail")) },
  ],
  nav: [{ href: "/share", icon: "share", label: "skills.nav", order: 20 }],
  offline,
};
