import { Page } from "../../ui";

export default function Screen() {
  return <Page title="skills/needs-list">{null}</Page>;
}
