// A family's own answer works offline: it sets the family's answer for a date (or the series) rather
// than adding one, so the queue sending it again (or a retry after a lost answer) never books twice.
// Answers for another family stay online: a new guest family's first answer is not idempotent.
import { request } from "../../api/client";
import { QueuedRsvpDocument, type RsvpInput } from "../../gql/graphql";
import type { OfflineAction } from "../feature";

/** Only the family's own answer: no caregiverId, guestName or rsvpId. */
export type OwnRsvpInput = Pick<RsvpInput, "eventId" | "occurrence" | "going" | "adults" | "children">;

export const offline: { eventRsvp: OfflineAction<OwnRsvpInput> } = {
  eventRsvp: {
    async send(input) {
      const data = await request(QueuedRsvpDocument, { input });
      return { errors: data.rsvp.errors, id: data.rsvp.rsvp?.id ?? null };
    },
    pending: "events.pendingRsvp",
  },
};
