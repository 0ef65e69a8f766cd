// The notifications carpools send (api/carpools/events.py): those about the carpool (seat requests
// and answers, a family leaving, the organiser changing it) open it; those about a trip or a swap
// open the trip's carpool, found from the trip's (or the swap's trip's) ID.
import type { NotificationRoute } from "../notify";
import { carpoolHref, swapHref, tripHref } from "./paths";

export const notificationRoutes: readonly NotificationRoute[] = [
  {
    subject: "Carpool",
    kinds: ["carpool_seat_requested", "carpool_seat_approved", "carpool_seat_declined", "carpool_family_left", "carpool_changed"],
    screen: carpoolHref,
  },
  {
    subject: "CarpoolTrip",
    kinds: [
      "carpool_trip_changed",
      "carpool_trip_cancelled",
      "carpool_needs_driver",
      "carpool_not_riding",
      "carpool_picked_up",
      "carpool_dropped_off",
      "carpool_reminder_evening",
      "carpool_reminder_soon",
    ],
    screen: tripHref,
  },
  { subject: "CarpoolSwap", kinds: ["carpool_swap_requested", "carpool_swap_accepted", "carpool_swap_declined"], screen: swapHref },
];
