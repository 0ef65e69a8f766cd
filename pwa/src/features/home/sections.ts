// What other features put on home ("News from my groups", "Upcoming events"): a feature adds
// `home: [...]` beside its routes, typed `Feature<…> & Homing`, and home shows every feature's
// sections from the registry, in order, each under its heading. Nothing here names a feature.
import type { AnyComponent } from "preact";
import type { Key } from "../../i18n";
import { features } from "../registry";

export interface HomeSection {
  /** The section's heading, a catalogue key ("groups.homeNewsTitle"); home shows it at once. */
  title: Key;
  /** What goes under the heading, with its own query and its own empty state. Use preact-iso's
   *  lazy(() => import("./home-section")): home's download stays the same whatever features add. */
  component: AnyComponent;
  /** Place among the sections, smallest first. */
  order: number;
}

/** What a feature adds to its `feature` object to show a section on home. Home shows them to verified
 *  members, whose groups, dates and the rest they are. */
export interface Homing {
  home?: readonly HomeSection[];
}

/** Every feature's home sections, in order. */
export function homeSections(list: readonly { feature: object }[] = features): HomeSection[] {
  return list.flatMap(({ feature }) => (feature as Homing).home ?? []).sort((a, b) => a.order - b.order);
}
