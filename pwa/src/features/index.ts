// The features of the app, one line each: the export's name is the feature's folder and its
// catalogue area (t("skills.…")). Adding a feature is its folder and a line here; nothing else.
export { feature as admin } from "./admin";
export { feature as carpools } from "./carpools";
export { feature as auth } from "./auth";
export { feature as events } from "./events";
export { feature as groups } from "./groups";
export { feature as home } from "./home";
export { feature as messages } from "./messages";
export { feature as notifications } from "./notifications";
export { feature as onboarding } from "./onboarding";
export { feature as organise } from "./organise";
export { feature as settings } from "./settings";
export { feature as skills } from "./skills";
export { feature as staff } from "./staff";
