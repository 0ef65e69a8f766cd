import { Page } from "../ui";

export default function Screen() {
  return <Page title="home">{null}</Page>;
}
