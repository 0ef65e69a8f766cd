// Log in and sign up: what a signed-out person sees. Part of the first download (not lazy), so the
// first screen of a new visitor needs no second request.
import type { Feature } from "../feature";
import { LogIn, SignUp } from "./auth";
import en from "./strings/en";
import es from "./strings/es";

export const feature: Feature<typeof en> = {
  strings: { en, es },
  routes: [
    { path: "/login", component: LogIn, access: "guest", landing: true },
    { path: "/signup", component: SignUp, access: "guest" },
  ],
};
