import type en from "../en/skills";

const skills: Record<keyof typeof en, string> = {
  title: "TODO",
};
export default skills;
