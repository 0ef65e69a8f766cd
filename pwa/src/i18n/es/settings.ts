import type en from "../en/settings";

const settings: Record<keyof typeof en, string> = {
  title: "TODO",
};
export default settings;
