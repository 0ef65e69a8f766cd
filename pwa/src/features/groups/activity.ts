// The group page's live feed: posts and comments made while the page is open, from the groupActivity
// subscription (api/live.ts, loaded only when a group page opens), kept apart from what the feed read
// and merged into it by ID, so nothing shows twice — not my own post, which the feed reads again after
// I send it and the subscription also reports.
import { useEffect, useState } from "preact/hooks";
import { refreshAll } from "../../api/hooks";
import { GroupsActivityDocument, type GroupsActivitySubscription, type GroupsCommentFieldsFragment, type GroupsPostFieldsFragment } from "../../gql/graphql";
import { t, tn } from "../../i18n";

type Post = GroupsPostFieldsFragment;
type Comment = GroupsCommentFieldsFragment;
export type Activity = GroupsActivitySubscription["groupActivity"];

export interface LiveFeed {
  /** Posts made since the page opened, newest first. */
  posts: readonly Post[];
  /** Comments made since the page opened, oldest first. */
  comments: readonly Comment[];
  /** How many of them other people wrote (what is announced). */
  newPosts: number;
  newComments: number;
}

export const NO_LIVE: LiveFeed = { posts: [], comments: [], newPosts: 0, newComments: 0 };

/** The feed with one more event in it; an event already there changes nothing. */
export function addActivity(live: LiveFeed, a: Activity): LiveFeed {
  if (a.kind === "POST" && a.post) {
    const post = a.post;
    if (live.posts.some((p) => p.id === post.id)) return live;
    return { ...live, posts: [post, ...live.posts], newPosts: live.newPosts + (post.viewerIsAuthor ? 0 : 1) };
  }
  if (a.kind === "COMMENT" && a.comment) {
    const comment = a.comment;
    if (live.comments.some((c) => c.id === comment.id)) return live;
    return { ...live, comments: [...live.comments, comment], newComments: live.newComments + (comment.viewerIsAuthor ? 0 : 1) };
  }
  return live; // RSVP changes are for the events' screens
}

/** The live posts the feed's first page does not show yet, newest first. */
export function freshPosts(live: readonly Post[], shown: readonly Post[]): Post[] {
  const ids = new Set(shown.map((p) => p.id));
  return live.filter((p) => !ids.has(p.id));
}

/** The live comments to add under a post after the ones it shows: on that post, not shown yet, and
 *  newer than the last shown (an older one left the post's latest comments when the feed was read
 *  again, and the full list has it). */
export function newerComments(postId: string, shown: readonly Comment[], live: readonly Comment[]): Comment[] {
  const ids = new Set(shown.map((c) => c.id));
  const last = shown.length ? shown[shown.length - 1].createdAt : "";
  return live.filter((c) => c.postId === postId && !ids.has(c.id) && new Date(c.createdAt).getTime() >= (last ? new Date(last).getTime() : 0));
}

/** What the screen reader says, politely: "1 new post", "2 new posts, 1 new comment"; "" before anything. */
export function liveNews(live: Pick<LiveFeed, "newPosts" | "newComments">): string {
  const posts = live.newPosts ? tn("groups.liveNewPosts", live.newPosts) : "";
  const comments = live.newComments ? tn("groups.liveNewComments", live.newComments) : "";
  return posts && comments ? t("groups.liveNewBoth", { posts, comments }) : posts || comments;
}

/** Listens to the group while the page is open. */
export function useGroupActivity(groupId: string): LiveFeed {
  const [live, setLive] = useState<LiveFeed>(NO_LIVE);
  useEffect(() => {
    setLive(NO_LIVE);
    let gone = false;
    let stop: (() => void) | undefined;
    import("../../api/live")
      .then(({ subscribe }) => {
        if (gone) return;
        stop = subscribe(
          GroupsActivityDocument,
          { groupId },
          {
            next: (d) => setLive((l) => addActivity(l, d.groupActivity)),
            // Back after a drop: read the feed again for what was said meanwhile.
            reconnected: refreshAll,
          },
        );
      })
      .catch(() => undefined); // the module could not load (offline, first visit): the feed still works
    return () => {
      gone = true;
      stop?.();
    };
  }, [groupId]);
  return live;
}
