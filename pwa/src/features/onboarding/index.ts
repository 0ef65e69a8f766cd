// Onboarding: join a school community, choose the language, fill in the strength circles. Where a
// signed-in person without a community is sent.
import { lazy } from "preact-iso";
import type { Feature } from "../feature";
import en from "./strings/en";
import es from "./strings/es";

const Onboarding = lazy(() => import("./onboarding"));

export const feature: Feature<typeof en> = {
  strings: { en, es },
  routes: [
    { path: "/welcome", component: Onboarding, access: "joining", landing: true, bare: true },
    { path: "/welcome/:step", component: Onboarding, access: "joining", bare: true },
  ],
};
