// The skill-sharing actions that work offline: asking for help and offering it. The queue
// (src/offline/queue.ts) finds them by name through the feature registry.
import { request } from "../../api/client";
import { QueuedOfferHelpDocument, QueuedPostNeedDocument, type OfferHelpInput, type PostNeedInput } from "../../gql/graphql";
import type { OfflineAction } from "../feature";

export const offline: { postNeed: OfflineAction<PostNeedInput>; offerHelp: OfflineAction<OfferHelpInput> } = {
  postNeed: {
    async send(input) {
      const data = await request(QueuedPostNeedDocument, { input });
      return { errors: data.postNeed.errors, id: data.postNeed.need?.id ?? null };
    },
    pending: "skills.pendingPostNeed",
  },
  offerHelp: {
    async send(input) {
      const data = await request(QueuedOfferHelpDocument, { input });
      return { errors: data.offerHelp.errors, id: data.offerHelp.match?.id ?? null };
    },
    pending: "skills.pendingOfferHelp",
  },
};
