// Step 5: arrived. A short welcome and the way home; this device remembers onboarding is done
// (a convenience only: the server's membership is what the shell routes on).
import { useEffect } from "preact/hooks";
import { useQuery } from "../../api/hooks";
import { OnboardingCommunityDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { currentMembership } from "../../state/me";
import { session } from "../../state/session";
import { LinkButton, Page } from "../../ui";
import { Progress, StepNav } from "./shared";
import { onboardedKey } from "./steps";

export function DoneStep() {
  const membership = currentMembership.value;
  const community = useQuery(OnboardingCommunityDocument, { id: membership?.communityId ?? "" }, { skip: !membership || membership.state !== "PENDING" });
  useEffect(() => {
    const user = session.userId.value;
    try {
      if (user) localStorage.setItem(onboardedKey(user), new Date().toISOString());
    } catch {
      /* private mode: nothing to remember */
    }
  }, []);
  const name = community.data?.community.name;
  return (
    <Page title={t("onboarding.doneTitle")}>
      <Progress step="done" />
      <p>{t("onboarding.doneLead")}</p>
      {membership?.state === "PENDING" && name && <p class="muted">{t("onboarding.donePending", { community: name })}</p>}
      <StepNav step="done">
        <LinkButton href="/">{t("onboarding.goHome")}</LinkButton>
      </StepNav>
    </Page>
  );
}
