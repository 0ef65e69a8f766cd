// Step 1: join the school community with an invite code. A person who already belongs somewhere
// sees that membership (and its verification state, in warm words) and continues.
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { OnboardingCommunityDocument, OnboardingJoinDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { mayUse } from "../../state/access";
import { currentMembership, loadMe } from "../../state/me";
import { chooseCommunity } from "../../state/session";
import { Button, FormErrors, LinkButton, Notice, Page, TextArea, TextField, useAction } from "../../ui";
import { Progress, StepNav } from "./shared";
import { stepPath } from "./steps";

function JoinForm({ onJoined }: { onJoined: (communityName: string) => void }) {
  // An invite link (the school's shared text or QR code) carries the code: ?code=…
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get("code") ?? "");
  const [note, setNote] = useState("");
  const { busy, errors, run } = useAction(["inviteCode", "note"]);

  const submit = async (e: Event) => {
    e.preventDefault();
    let joined: { name: string; communityId: string } | null = null;
    const ok = await run(async () => {
      const { membership, community, errors: problems } = (await request(OnboardingJoinDocument, { input: { inviteCode: code.trim(), note: note.trim() || null } })).joinCommunity;
      if (membership && community) joined = { name: community.name, communityId: membership.communityId };
      return problems;
    });
    if (!ok || !joined) return;
    const { name, communityId } = joined;
    setCode("");
    setNote("");
    onJoined(name);
    chooseCommunity(communityId);
    await loadMe();
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
      <TextArea label={t("onboarding.joinNote")} hint={t("onboarding.joinNoteHint")} value={note} onValue={setNote} error={errors.fields.note} maxLength={500} />
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
        <>
          <JoinForm onJoined={setJoinedName} />
          {mayUse("platform-admin") && (
            // A Village administrator starts with no school: their work is to create one.
            <section class="card stack" aria-labelledby="ob-admin">
              <h2 id="ob-admin">{t("onboarding.adminTitle")}</h2>
              <p>{t("onboarding.adminLead")}</p>
              <LinkButton href="/admin">{t("onboarding.adminOpen")}</LinkButton>
            </section>
          )}
        </>
      )}
    </Page>
  );
}
