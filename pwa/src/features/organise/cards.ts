// What a leader organises (groups, events, carpools) is listed on /organise by the features that
// own it: a feature adds `organise: [...]` beside its routes, typed `Feature<…> & Organising`,
// and the screen reads every feature's cards from the registry. Nothing here names a feature.
import type { Key } from "../../i18n";
import { features } from "../registry";

export interface OrganiseCard {
  /** The feature's own screen for what the person organises ("/groups?mine=1"). */
  href: string;
  /** The card's heading and its one-line lead, catalogue keys ("groups.organiseTitle"). */
  title: Key;
  lead: Key;
  /** Place in the list, smallest first. */
  order: number;
  /** A hook giving a short live line ("2 groups you lead"), or null while it is not known. */
  useSummary?: () => string | null;
}

/** What a feature adds to its `feature` object to put cards on the organise screen. */
export interface Organising {
  organise?: readonly OrganiseCard[];
}

/** Every feature's organise cards, in order. */
export function organiseCards(list: readonly { feature: object }[] = features): OrganiseCard[] {
  return list.flatMap(({ feature }) => (feature as Organising).organise ?? []).sort((a, b) => a.order - b.order);
}
