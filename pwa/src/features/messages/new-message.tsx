// Writing to a family for the first time (from a match or a group: `?to=<caregiver ID>`, and their
// name for the title): the first message starts the conversation — or goes on in the one the two
// families already have — and the screen moves to it. Offline, it waits in the queue and is sent once.
import { useLocation } from "preact-iso";
import { t } from "../../i18n";
import { PendingActions } from "../../offline/pending";
import { currentMembership } from "../../state/me";
import { LinkButton, Notice, Page } from "../../ui";
import { Composer } from "./composer";
import { conversationHref, MESSAGES } from "./paths";

export default function NewMessage() {
  const { query, route } = useLocation();
  const to = query.to ?? "";
  const name = (query.name ?? "").trim().slice(0, 80);
  const communityId = currentMembership.value?.communityId ?? "";
  return (
    <Page title={name ? t("messages.newTitleTo", { name }) : t("messages.newTitle")} lead={to ? t("messages.newLead") : undefined}>
      <PendingActions kind="startConversation" />
      {to && communityId ? (
        <Composer
          label={name ? t("messages.composerLabelTo", { name }) : t("messages.composerLabel")}
          queueLabel={name || t("messages.newTitle")}
          make={(body, clientMutationId) => ({ kind: "startConversation", input: { communityId, caregiverIds: [to], body, clientMutationId } })}
          onSent={(outcome) => {
            if (outcome.status === "sent" && outcome.result) route(conversationHref(outcome.result), true);
          }}
        />
      ) : (
        <>
          <Notice>{t("messages.newNoOne")}</Notice>
          <LinkButton href={MESSAGES} variant="secondary">
            {t("messages.backToMessages")}
          </LinkButton>
        </>
      )}
    </Page>
  );
}
