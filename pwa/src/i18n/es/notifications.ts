import type en from "../en/notifications";

const notifications: Record<keyof typeof en, string> = {
  title: "TODO",
};
export default notifications;
