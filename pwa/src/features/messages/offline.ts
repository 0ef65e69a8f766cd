// Sending a message works offline: each carries a clientMutationId made once per message, so the
// queue sending it again (or a retry after a lost answer) stores it once (api/messages/service.py).
import { request } from "../../api/client";
import { QueuedSendMessageDocument, QueuedStartConversationDocument, type SendMessageInput, type StartConversationInput } from "../../gql/graphql";
import type { OfflineAction } from "../feature";

export const offline: { sendMessage: OfflineAction<SendMessageInput>; startConversation: OfflineAction<StartConversationInput> } = {
  sendMessage: {
    async send(input) {
      const data = await request(QueuedSendMessageDocument, { input });
      return { errors: data.sendMessage.errors, id: data.sendMessage.message?.id ?? null };
    },
    pending: "messages.pendingMessage",
  },
  startConversation: {
    async send(input) {
      const data = await request(QueuedStartConversationDocument, { input });
      return { errors: data.startConversation.errors, id: data.startConversation.conversation?.id ?? null };
    },
    pending: "messages.pendingMessage",
  },
};
