// Step 1: join the school community with an invite code. A person who already belongs somewhere
// sees that membership (and its verification state, in warm words) and continues.
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { OnboardingCommunityDocument, OnboardingJoinDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { currentMembership, loadMe } from "../../state/me";
import { chooseCommunity } from "../../state/session";
import { Button, FormErrors, LinkButton, Notice, Page, TextField, thrownText, splitErrors } from "../../ui";
import { Progress, StepNav } from "./shared";
import { noErrors, stepPath } from "./steps";

function JoinForm({ onJoined }: { onJoined: (communityName: string) => void }) {
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState(noErrors);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const data = await request(OnboardingJoinDocument, { input: { inviteCode: code.trim() } });
      const { membership, community, errors: problems } = data.joinCommunity;
      if (problems.length || !membership || !community) {
        setErrors(splitErrors(problems, ["inviteCode"]));
        return;
      }
      setErrors(noErrors());
      setCode("");
      onJoined(community.name);
      chooseCommunity(membership.communityId);
      await loadMe();
    } catch (err) {
      setErrors({ fields: {}, general: [thrownText(err)] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <TextField
        label={t("onboarding.inviteCode")}
        hint={t("onboarding.inviteCodeHint")}
        value={code}
        onValue={setCode}
        error={errors.fields.inviteCode}
        autoComplete="off"
        autoCapitalize="characters"
        spellcheck={false}
        required
      />
      <Button type="submit" block busy={busy} busyLabel={t("onboarding.joining")}>
        {t("onboarding.join")}
      </Button>
    </form>
  );
}

export function JoinStep() {
  const membership = currentMembership.value;
  const [joinedName, setJoinedName] = useState<string | null>(null);
  const community = useQuery(OnboardingCommunityDocument, { id: membership?.communityId ?? "" }, { skip: !membership });
  const name = community.data?.community.name ?? joinedName ?? t("onboarding.yourCommunity");
  const explain = membership ? t(`onboarding.${membership.state === "VERIFIED" ? "verifiedExplain" : membership.state === "SUSPENDED" ? "suspendedExplain" : "pendingExplain"}`, { community: name }) : "";

  return (
    <Page title={t("onboarding.joinTitle")} lead={membership ? undefined : t("onboarding.joinLead")}>
      <Progress step="join" />
      {joinedName && <Notice live>{t("onboarding.joined", { community: joinedName })}</Notice>}
      {membership ? (
        <>
          <section class="card stack" aria-labelledby="ob-community">
            <h2 id="ob-community">{name}</h2>
            <p>
              <span class={membership.state === "VERIFIED" ? "status" : "status pending"}>{t(`onboarding.state${membership.state}`)}</span>
            </p>
            <p>{explain}</p>
          </section>
          <details class="ob-details">
            <summary>{t("onboarding.anotherCode")}</summary>
            <JoinForm onJoined={setJoinedName} />
          </details>
          <StepNav step="join">
            <LinkButton href={stepPath("language")}>{t("common.continue")}</LinkButton>
          </StepNav>
        </>
      ) : (
        <JoinForm onJoined={setJoinedName} />
      )}
    </Page>
  );
}
