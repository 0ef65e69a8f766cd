import type en from "../en/home";

const home: Record<keyof typeof en, string> = {
  title: "TODO",
};
export default home;
