import { Page } from "../../ui";

export default function Screen() {
  return <Page title="skills/need-form">{null}</Page>;
}
