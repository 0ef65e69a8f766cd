import { Page } from "../../ui";

export default function Screen() {
  return <Page title="skills/strength-form">{null}</Page>;
}
