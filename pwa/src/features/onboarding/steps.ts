// The onboarding's pure logic: which step comes when and what a child form sends. Kept apart
// from the components so it is tested without a browser.
import type { AddChildInput, UpdateChildInput } from "../../gql/graphql";

export const STEPS = ["join", "language", "circle", "offers", "children", "done"] as const;
export type Step = (typeof STEPS)[number];
/** The steps the progress indicator counts ("Step 2 of 4"); "done" is the arrival, not a step, and
 *  "offers" is the circle's second half (turning entries into offers), so it shares its number. */
export const COUNTED = 4;
const COUNTED_STEPS: readonly Step[] = ["join", "language", "circle", "children"];

export function parseStep(value: string | undefined): Step {
  return (STEPS as readonly string[]).includes(value ?? "") ? (value as Step) : "join";
}

export function stepNumber(step: Step): number {
  if (step === "offers") return stepNumber("circle");
  return step === "done" ? COUNTED + 1 : COUNTED_STEPS.indexOf(step) + 1;
}

export function stepPath(step: Step): string {
  return step === "join" ? "/welcome" : `/welcome/${step}`;
}

/** After the circle: the offers step when the circle has something to offer (strengths or passions). */
export function afterCircle(circle: { strengths: readonly string[]; passions: readonly string[] }): Step {
  return circle.strengths.length + circle.passions.length > 0 ? "offers" : "children";
}

export function nextStep(step: Step): Step | null {
  return STEPS[STEPS.indexOf(step) + 1] ?? null;
}

export function prevStep(step: Step): Step | null {
  const i = STEPS.indexOf(step);
  return i > 0 ? STEPS[i - 1] : null;
}

/** Onboarding finished on this device: a convenience only, the server is the truth. */
export function onboardedKey(userId: string): string {
  return `village.onboarded.${userId}`;
}

/** Languages I speak, before the person says: what the profile has, else the app's language. */
export function spokenDefault(profile: readonly string[] | undefined, uiLanguage: string): string[] {
  return profile && profile.length ? [...profile] : [uiLanguage];
}

/** Tick or untick one language, keeping the others (including ones this screen does not show). */
export function toggleLanguage(list: readonly string[], code: string, on: boolean): string[] {
  const rest = list.filter((l) => l !== code);
  return on ? [...rest, code] : rest;
}

/** A word typed but not yet added as a chip still counts when the person continues. */
export function withDraft(list: readonly string[], draft: string, max = 20): string[] {
  const v = draft.trim();
  if (!v || list.length >= max || list.some((x) => x.toLocaleLowerCase() === v.toLocaleLowerCase())) return [...list];
  return [...list, v];
}

export const GRADES = ["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"] as const;

export interface ChildDraft {
  name: string;
  grade: string; // "" when not said
  strengths: string[];
  passions: string[];
  interests: string[];
  joy: string;
}

export function emptyChild(): ChildDraft {
  return { name: "", grade: "", strengths: [], passions: [], interests: [], joy: "" };
}

export function childInput(d: ChildDraft): AddChildInput {
  return {
    name: d.name.trim(),
    grade: d.grade || null,
    strengths: d.strengths,
    passions: d.passions,
    interests: d.interests,
    joy: d.joy.trim(),
  };
}

/** The API cannot clear a grade once given (null means "unchanged"), so an empty grade is left out. */
export function childUpdate(childId: string, d: ChildDraft): UpdateChildInput {
  const { grade, ...rest } = childInput(d);
  return grade ? { childId, grade, ...rest } : { childId, ...rest };
}

export const noErrors = (): { fields: Record<string, string>; general: string[] } => ({ fields: {}, general: [] });
