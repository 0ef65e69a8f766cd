import { Page } from "../../ui";

export default function Screen() {
  return <Page title="skills/need-detail">{null}</Page>;
}
