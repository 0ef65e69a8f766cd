import type en from "../en/onboarding";

const onboarding: Record<keyof typeof en, string> = {
  title: "TODO",
};
export default onboarding;
