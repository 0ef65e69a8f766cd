// Admin: for Village administrators — their communities, and creating a school community with the
// staff invite that hands it to the school.
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en> = {
  strings: { en, es },
  routes: [{ path: "/admin", component: lazy(() => import("./admin")), access: "platform-admin" }],
  nav: [{ href: "/admin", icon: "check", label: "admin.nav", order: 38, access: "platform-admin", hiddenFor: "organiser" }],
};
