// The features (features/index.ts) read once, in the shapes the shell needs: the routes for the
// router and its guard, the bottom navigation, the offline actions by name, the catalogue areas.
// Nothing here names a feature: app.tsx, the offline queue and the catalogues read these.
import { exec } from "preact-iso/router";
import type { Lang } from "../i18n";
import type { Access, Feature, FeatureRoute, NavEntry, OfflineAction, Strings } from "./feature";
import * as listed from "./index";

type Listed = typeof listed;
export type FeatureName = keyof Listed;

/** The features in a stable order (by name), each with its name. */
export const features: readonly { name: FeatureName; feature: Feature<Strings, Record<string, OfflineAction<any>>> }[] = (Object.keys(listed) as FeatureName[])
  .sort()
  .map((name) => ({ name, feature: listed[name] as Feature<Strings, Record<string, OfflineAction<any>>> }));

// --- catalogues ----------------------------------------------------------------------------------

/** Each feature's catalogue area, named after the feature (the English strings set the type). */
export type FeatureCatalogue = { [K in FeatureName]: Listed[K]["strings"]["en"] };

export function featureCatalogue(language: Lang): Record<string, Strings> {
  return Object.fromEntries(features.map(({ name, feature }) => [name, feature.strings[language]]));
}

// --- routes --------------------------------------------------------------------------------------

/** Literal segments before parameters ("/needs/new" before "/needs/:id"): preact-iso's Router takes
 *  the first route that matches, and this way it does not depend on the order features list them. */
function precedence(path: string): string {
  return path
    .split("/")
    .filter(Boolean)
    .map((segment) => (segment.startsWith(":") ? "1" : "0"))
    .join("");
}

export const routes: readonly FeatureRoute[] = features
  .flatMap(({ feature }) => feature.routes ?? [])
  .map((route, i) => ({ route, i, key: precedence(route.path) }))
  .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
  .map(({ route }) => route);

/** The route the router shows for a path, if any. */
export function routeFor(path: string): FeatureRoute | undefined {
  return routes.find((r) => exec(path, r.path));
}

/** Who may open a path; an unknown one is for members (they see "not found"). */
export function accessOf(path: string): Access {
  return routeFor(path)?.access ?? "member";
}

/** Where the guard sends people who may not open what they asked for (log in; onboarding). */
export function landing(access: Exclude<Access, "member">): string {
  return routes.find((r) => r.landing && r.access === access)?.path ?? "/";
}

// --- bottom navigation ---------------------------------------------------------------------------

export const navEntries: readonly NavEntry[] = features.flatMap(({ feature }) => feature.nav ?? []).sort((a, b) => a.order - b.order);

// --- offline actions -----------------------------------------------------------------------------

type OfflineOf<F> = F extends Feature<any, infer O> ? O : never;
type ActionsOf<M> = { [A in keyof M & string]: { kind: A; input: M[A] extends OfflineAction<infer I> ? I : never } }[keyof M & string];

/** An offline action as the queue keeps it: its name and its input, typed by the feature that declares it. */
export type Action = { [K in FeatureName]: ActionsOf<OfflineOf<Listed[K]>> }[FeatureName];
export type ActionKind = Action["kind"];

const offlineActions = new Map<string, OfflineAction<unknown>>(features.flatMap(({ feature }) => Object.entries(feature.offline ?? {})));

/** The offline action of that name (undefined for one no feature declares any more). */
export function offlineAction(kind: string): OfflineAction<unknown> | undefined {
  return offlineActions.get(kind);
}
