// Onboarding (/welcome, /welcome/:step): join with an invite code, choose the language, then the
// caregiver's strength circle (who I am), what of it to offer (what others can ask me for), and
// each child's circle — the seeds' worksheets made interactive.
import { ChildrenStep } from "./children";
import { DoneStep } from "./done";
import { JoinStep } from "./join";
import { LanguageStep } from "./language";
import { CircleStep } from "./my-circle";
import { OffersStep } from "./my-offers";
import { parseStep, type Step } from "./steps";

const SCREENS: Record<Step, () => preact.JSX.Element> = {
  join: JoinStep,
  language: LanguageStep,
  circle: CircleStep,
  offers: OffersStep,
  children: ChildrenStep,
  done: DoneStep,
};

export default function Onboarding({ step }: { step?: string }) {
  const current = parseStep(step);
  const Screen = SCREENS[current];
  // Keyed by step: each step mounts afresh, so its heading takes focus as a new screen's does.
  return <Screen key={current} />;
}
