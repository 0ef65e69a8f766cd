// The features (features/index.ts) read once, in the shapes the shell needs: the routes for the
// router and its guard, the bottom navigation, the offline actions by name, the catalogue areas.
// Nothing here names a feature: app.tsx, the offline queue and the catalogues read these.
import { exec } from "preact-iso/router";
import type { Lang } from "../i18n";
import type { MemberRole, MemberState } from "../gql/graphql";
import type { Access, Feature, FeatureRoute, NavEntry, OfflineAction, RoleAccess, Strings } from "./feature";
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

// --- roles ---------------------------------------------------------------------------------------

/** What the shell knows of the signed-in person's standing: their membership in the community they
 *  are looking at (null: none, or not known) and whether they administer Village itself. */
export interface Standing {
  membership: { role: MemberRole; state: MemberState } | null;
  platformAdmin: boolean;
}

const ROLES: Record<Exclude<RoleAccess, "platform-admin">, readonly MemberRole[]> = {
  organiser: ["LEADER", "STAFF", "ADMIN"],
  staff: ["STAFF", "ADMIN"],
};

/** Whether someone of that standing may use screens of that access. The roles count only once the
 *  membership is verified (the API refuses the rest anyway); the other accesses are about being
 *  signed in and having a community, which the guard checks first. */
export function allows(access: Access | undefined, standing: Standing): boolean {
  if (access === "platform-admin") return standing.platformAdmin;
  if (access === "organiser" || access === "staff") {
    const m = standing.membership;
    return !!m && m.state === "VERIFIED" && ROLES[access].includes(m.role);
  }
  return true;
}

/** Whether a signed-in person needs a community first (else the guard sends them to onboarding). A
 *  platform admin's screens work without one: they are where communities are made. */
export function needsCommunity(access: Access): boolean {
  return access !== "joining" && access !== "guest" && access !== "platform-admin";
}

// --- bottom navigation ---------------------------------------------------------------------------

export const navEntries: readonly NavEntry[] = features.flatMap(({ feature }) => feature.nav ?? []).sort((a, b) => a.order - b.order);

/** The entries someone of that standing sees: only what they may use. */
/** The entries this person sees in the bottom navigation, or (placement "top") in the top bar. */
export function navFor(standing: Standing, placement: "bottom" | "top" = "bottom"): readonly NavEntry[] {
  return navEntries.filter(
    (e) => (e.placement ?? "bottom") === placement && allows(e.access, standing) && !(e.hiddenFor && allows(e.hiddenFor, standing)),
  );
}

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
