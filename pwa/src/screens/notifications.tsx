import { Page } from "../ui";

export default function Screen() {
  return <Page title="notifications">{null}</Page>;
}
