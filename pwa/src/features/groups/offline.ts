// Posting and commenting work offline: each carries a clientId made once per action, so the queue
// sending it again (or a retry after a lost answer) never posts twice (api/groups/service.py).
import { request } from "../../api/client";
import { QueuedCommentDocument, QueuedCreatePostDocument, type CommentInput, type CreatePostInput } from "../../gql/graphql";
import type { OfflineAction } from "../feature";

export const offline: { createPost: OfflineAction<CreatePostInput>; comment: OfflineAction<CommentInput> } = {
  createPost: {
    async send(input) {
      const data = await request(QueuedCreatePostDocument, { input });
      return { errors: data.createPost.errors, id: data.createPost.post?.id ?? null };
    },
    pending: "groups.pendingPost",
  },
  comment: {
    async send(input) {
      const data = await request(QueuedCommentDocument, { input });
      return { errors: data.comment.errors, id: data.comment.comment?.id ?? null };
    },
    pending: "groups.pendingComment",
  },
};
