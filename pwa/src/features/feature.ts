// What a feature hands the shell: its strings, its screens and where they live, its places in the
// bottom navigation and the actions it lets people take offline. Each feature's index.ts exports one
// `feature`; features/index.ts lists them, and the shell, the router, the offline queue and the
// catalogues read that list (registry.ts), so adding a feature edits no shared switch.
// Notification routes are not here: they live in the feature's notify.ts, which the service worker
// reads without pulling in any screen (notify.ts in this folder).
import type { AnyComponent } from "preact";
import type { UserError } from "../api/client";
import type { Key } from "../i18n";
import type { IconName } from "../ui/icons";

/** A catalogue area: the feature's strings, one flat object per language. */
export type Strings = Record<string, string>;

/**
 * Who may open a screen. "member" (the default): signed in and in a community. "joining": signed
 * in, with or without a community (onboarding, settings). "guest": signed out only (log in, sign up);
 * a signed-in person is sent home. The roles, in the community the person is looking at and with a
 * verified membership there: "organiser" a leader, staff or admin; "staff" staff or admin.
 * "platform-admin": a Village administrator (with or without a community). Anyone else is sent home,
 * and never sees the screen's navigation entry.
 */
export type Access = "member" | "joining" | "guest" | RoleAccess;
export type RoleAccess = "organiser" | "staff" | "platform-admin";

export interface FeatureRoute {
  /** A preact-iso path: "/needs/:id". Literal segments win over parameters, whatever the order. */
  path: string;
  /** The screen. Use preact-iso's lazy(() => import("./screen")) so it stays out of the first download. */
  component: AnyComponent<any>;
  access?: Access;
  /** Where the shell sends people who may not see the screen they asked for yet: the guest landing
   *  (log in) or the joining one (onboarding). One of each in the whole app. */
  landing?: boolean;
  /** A screen of its own, without the bottom navigation (onboarding). */
  bare?: boolean;
}

export interface NavEntry {
  href: string;
  icon: IconName;
  label: Key;
  /** Place in the bottom navigation, smallest first. */
  order: number;
  /** Who sees the entry (as for routes; default "member"). */
  access?: Access;
  /** Hidden from people who also have this access, whose own entry leads here (the School hub links
   *  to Organise and Admin), so nobody's bottom navigation grows past five entries. */
  hiddenFor?: RoleAccess;
  /** A hook giving the number shown on the entry (0: none). Called once per render of the entry. */
  useBadge?: () => number;
  /** What the number means, a catalogue key with {count} (default: "{count} unread"). */
  badgeLabel?: Key;
  /** "top": a link in the top bar instead of the bottom navigation (Settings: reached now and then,
   *  so the bottom's five places go to what people open every day). */
  placement?: "bottom" | "top";
}

/** An action that can wait in the offline queue: sent when online, queued when the network is down. */
export interface OfflineAction<I> {
  /** Sends it: the payload's errors, and the ID of what it made. */
  send(input: I): Promise<{ errors: UserError[]; id: string | null }>;
  /** How a waiting one is listed, a catalogue key with {label} (what the person will recognise). */
  pending: Key;
}

export interface Feature<S extends Strings = Strings, O extends Record<string, OfflineAction<any>> = {}> {
  /** The catalogue area's strings; Spanish is typed by English, so a missing string fails the build. */
  strings: { en: S; es: Record<keyof S, string> };
  routes?: readonly FeatureRoute[];
  nav?: readonly NavEntry[];
  /** Offline actions by name (unique across features): the queue stores the name and the input. */
  offline?: O;
}
