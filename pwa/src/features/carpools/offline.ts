// Starting a carpool, asking for seats and calling a trip off work offline: each carries a
// clientMutationId made once per action (offline/client-id.ts), so the queue sending it again (or a
// retry after a lost answer) acts once (api/carpools/service.py: `once`).
import { request } from "../../api/client";
import { QueuedCancelTripDocument, QueuedCreateCarpoolDocument, QueuedRequestSeatDocument, type CancelTripInput, type CreateCarpoolInput, type RequestSeatInput } from "../../gql/graphql";
import type { OfflineAction } from "../feature";

export const offline: {
  createCarpool: OfflineAction<CreateCarpoolInput>;
  requestSeat: OfflineAction<RequestSeatInput>;
  cancelTrip: OfflineAction<CancelTripInput>;
} = {
  createCarpool: {
    async send(input) {
      const data = await request(QueuedCreateCarpoolDocument, { input });
      return { errors: data.createCarpool.errors, id: data.createCarpool.carpool?.id ?? null };
    },
    pending: "carpools.pendingCreate",
  },
  requestSeat: {
    async send(input) {
      const data = await request(QueuedRequestSeatDocument, { input });
      return { errors: data.requestSeat.errors, id: data.requestSeat.request?.id ?? null };
    },
    pending: "carpools.pendingRequest",
  },
  cancelTrip: {
    async send(input) {
      const data = await request(QueuedCancelTripDocument, { input });
      return { errors: data.cancelTrip.errors, id: data.cancelTrip.trip?.id ?? null };
    },
    pending: "carpools.pendingCancelTrip",
  },
};
