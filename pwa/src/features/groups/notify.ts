// The notifications groups send (api/groups/events.py): those about a group (join requests and
// decisions, invitations, hidden or reported content) open the group; those about a post (a new post,
// a comment) open the post in its group, found from the post's ID.
import type { NotificationRoute } from "../notify";
import { groupHref, postHref } from "./paths";

export const notificationRoutes: readonly NotificationRoute[] = [
  {
    subject: "Group",
    kinds: ["group_join_requested", "group_join_approved", "group_join_declined", "group_invited", "group_content_hidden", "group_content_reported", "group_digest"],
    screen: groupHref,
  },
  { subject: "Post", kinds: ["group_post", "group_comment"], screen: postHref },
];
