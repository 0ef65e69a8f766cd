// Settings: language, notifications, push on this device, profile and privacy, data and account.
// Open before joining a community too (to change the language or delete the account).
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en> = {
  strings: { en, es },
  routes: [{ path: "/settings", component: lazy(() => import("./settings")), access: "joining" }],
  nav: [{ href: "/settings", icon: "settings", label: "settings.nav", order: 40, placement: "top" }],
};
