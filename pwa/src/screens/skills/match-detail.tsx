import { Page } from "../../ui";

export default function Screen() {
  return <Page title="skills/match-detail">{null}</Page>;
}
