// A group's posts: pinned first, each with its author (or "A former member"), when, the text, a link,
// the latest comments (all of them on request) and a comment box. A menu on each post and comment:
// report it to the school's staff (anyone but its author), and for the group's leaders pin or unpin
// a post and hide a post or comment with a reason (its author and the leaders then see why).
// While the page is open, posts and comments others make appear as they are made (activity.ts).
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { GroupsCommentsDocument, GroupsHideDocument, GroupsPinDocument, GroupsPostsDocument, GroupsReportDocument, type GroupsCommentFieldsFragment, type GroupsPostFieldsFragment, type ReportReason } from "../../gql/graphql";
import { t, type Key } from "../../i18n";
import { Button, FormErrors, Notice, QueryView, Select, TextArea, TextField, useAction } from "../../ui";
import { freshPosts, liveNews, newerComments, useGroupActivity } from "./activity";
import { CommentBox } from "./compose";
import { inWords } from "./errors";
import { useMarkSeenOnNews } from "./hearing";
import { when } from "./parts";
import { postAnchor } from "./paths";

type Post = GroupsPostFieldsFragment;
type Comment = GroupsCommentFieldsFragment;

export interface FeedContext {
  communityId: string;
  groupName: string;
  /** The viewer leads the group: pin, unpin and hide. */
  leader: boolean;
}

// Written text keeps its line breaks, and a long word or link wraps instead of widening the page.
const WRAP = { overflowWrap: "anywhere" } as const;
const TEXT = { whiteSpace: "pre-line", overflowWrap: "anywhere" } as const;
const COMMENT = { paddingLeft: "var(--s-3)", borderLeft: "3px solid var(--c-soft-line)" } as const;

const REASONS: ReportReason[] = ["SPAM", "HARASSMENT", "SAFETY", "INAPPROPRIATE", "OTHER"];

/** What the viewer may do from an item's menu. */
export function menuActions(item: { viewerIsAuthor: boolean; hidden: boolean }, leader: boolean, kind: "post" | "comment"): ("report" | "pin" | "hide")[] {
  const out: ("report" | "pin" | "hide")[] = [];
  if (!item.viewerIsAuthor) out.push("report");
  if (leader && kind === "post" && !item.hidden) out.push("pin");
  if (leader && !item.hidden) out.push("hide");
  return out;
}

function authorName(item: { author: { displayName: string } | null }): string {
  return item.author?.displayName ?? t("groups.formerMember");
}

function ReportForm({ subjectId, communityId, onDone }: { subjectId: string; communityId: string; onDone: (message: string) => void }) {
  const [reason, setReason] = useState<ReportReason>("INAPPROPRIATE");
  const [details, setDetails] = useState("");
  const { busy, errors, run } = useAction(["reason", "details"]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await run(async () => inWords((await request(GroupsReportDocument, { input: { communityId, subjectId, reason, details: details.trim() || null } })).report.errors));
    if (ok) onDone(t("groups.reported"));
  };
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <p class="muted">{t("groups.reportLead")}</p>
      <FormErrors messages={errors.general} />
      <Select<ReportReason> label={t("groups.reportReason")} value={reason} onValue={setReason} error={errors.fields.reason} options={REASONS.map((r) => ({ value: r, label: t(`groups.reason_${r}` as Key) }))} />
      <TextArea label={t("groups.reportDetails")} value={details} onValue={setDetails} maxLength={2000} error={errors.fields.details} />
      <Button type="submit" busy={busy} busyLabel={t("groups.sending")}>
        {t("groups.sendReport")}
      </Button>
    </form>
  );
}

function HideForm({ contentId, onDone }: { contentId: string; onDone: (message: string) => void }) {
  const [reason, setReason] = useState("");
  const { busy, errors, run } = useAction(["reason"]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await run(async () => inWords((await request(GroupsHideDocument, { input: { contentId, reason: reason.trim() } })).hideContent.errors));
    if (ok) onDone(t("groups.hiddenDone"));
  };
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <TextField label={t("groups.hideReason")} hint={t("groups.hideReasonHint")} value={reason} onValue={setReason} required maxLength={500} error={errors.fields.reason} />
      <Button type="submit" variant="danger" busy={busy} busyLabel={t("groups.saving")}>
        {t("groups.hide")}
      </Button>
    </form>
  );
}

/** The menu of a post or comment: a button that opens its actions, one open form at a time. */
export function ItemMenu({ item, kind, ctx, name }: { item: { id: string; viewerIsAuthor: boolean; hidden: boolean; pinned?: boolean }; kind: "post" | "comment"; ctx: FeedContext; name: string }) {
  const actions = menuActions(item, ctx.leader, kind);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<"report" | "hide" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const pin = useAction();
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>("button, select, input, textarea")?.focus();
  }, [open, form]);
  if (!actions.length) return null;
  const finish = (message: string) => {
    setDone(message);
    setForm(null);
    setOpen(false);
  };
  const togglePin = async () => {
    const ok = await pin.run(async () => inWords((await request(GroupsPinDocument, { input: { postId: item.id, pinned: !item.pinned } })).pinPost.errors));
    if (ok) finish(t(item.pinned ? "groups.unpinnedDone" : "groups.pinnedDone"));
  };
  return (
    <div class="stack item-menu">
      <Button
        variant="quiet"
        aria-expanded={open}
        aria-controls={id}
        aria-label={t(kind === "post" ? "groups.postMenuNamed" : "groups.commentMenuNamed", { name })}
        onClick={() => {
          setOpen(!open);
          setForm(null);
          setDone(null);
        }}
      >
        {t(kind === "post" ? "groups.postMenu" : "groups.commentMenu")}
      </Button>
      {done && (
        <p class="staff-status" role="status">
          {done}
        </p>
      )}
      {open && (
        <div id={id} ref={panel} class="card stack">
          <FormErrors messages={pin.errors.general} />
          {form === null && (
            <div class="row">
              {actions.includes("report") && (
                <Button variant="secondary" onClick={() => setForm("report")}>
                  {t("groups.report")}
                </Button>
              )}
              {actions.includes("pin") && (
                <Button variant="secondary" busy={pin.busy} busyLabel={t("groups.saving")} onClick={() => void togglePin()}>
                  {item.pinned ? t("groups.unpin") : t("groups.pin")}
                </Button>
              )}
              {actions.includes("hide") && (
                <Button variant="secondary" onClick={() => setForm("hide")}>
                  {t("groups.hideOpen")}
                </Button>
              )}
            </div>
          )}
          {form === "report" && <ReportForm subjectId={item.id} communityId={ctx.communityId} onDone={finish} />}
          {form === "hide" && <HideForm contentId={item.id} onDone={finish} />}
          <Button variant="quiet" onClick={() => setOpen(false)}>
            {t("groups.closeMenu")}
          </Button>
        </div>
      )}
    </div>
  );
}

function HiddenNote({ item }: { item: { hidden: boolean; hiddenReason: string | null } }) {
  if (!item.hidden) return null;
  return <Notice tone="warn">{item.hiddenReason ? t("groups.hiddenBecause", { reason: item.hiddenReason }) : t("groups.hiddenNoReason")}</Notice>;
}

function CommentItem({ comment, ctx }: { comment: Comment; ctx: FeedContext }) {
  const name = authorName(comment);
  return (
    <li class="comment stack" style={COMMENT}>
      <p>
        <strong>{name}</strong> <span class="muted">· {when(comment.createdAt)}</span>
      </p>
      <HiddenNote item={comment} />
      <p style={TEXT}>{comment.body}</p>
      <ItemMenu item={comment} kind="comment" ctx={ctx} name={name} />
    </li>
  );
}

function AllComments({ postId, ctx, live }: { postId: string; ctx: FeedContext; live: readonly Comment[] }) {
  const [after, setAfter] = useState<string | null>(null);
  const [earlier, setEarlier] = useState<Comment[]>([]);
  const q = useQuery(GroupsCommentsDocument, { postId, after });
  const node = q.data?.node;
  const page = node && "comments" in node ? node.comments : null;
  return (
    <QueryView q={q} saved={false} select={() => page} missing={null}>
      {(conn) => {
        const read = [...earlier, ...conn.edges.map((e) => e.node)];
        const ids = new Set(read.map((c) => c.id));
        return (
          <>
            <ul class="list comments" aria-label={t("groups.commentsList")}>
              {[...read, ...live.filter((c) => c.postId === postId && !ids.has(c.id))].map((c) => (
                <CommentItem key={c.id} comment={c} ctx={ctx} />
              ))}
            </ul>
            {conn.pageInfo.hasNextPage && conn.pageInfo.endCursor && (
              <Button
                variant="quiet"
                onClick={() => {
                  setEarlier([...earlier, ...conn.edges.map((e) => e.node)]);
                  setAfter(conn.pageInfo.endCursor);
                }}
              >
                {t("groups.moreComments")}
              </Button>
            )}
          </>
        );
      }}
    </QueryView>
  );
}

/** A post with its latest comments; `live`: comments made since the page opened (any post's). */
export function PostCard({ post, ctx, live = [] }: { post: Post; ctx: FeedContext; live?: readonly Comment[] }) {
  const [all, setAll] = useState(false);
  const name = authorName(post);
  const headingId = `${postAnchor(post.id)}-by`;
  const added = newerComments(post.id, post.latestComments, live);
  const latest = added.length ? [...post.latestComments, ...added] : post.latestComments;
  const count = post.commentCount + added.length;
  const more = count > latest.length;
  return (
    <li>
      <article id={postAnchor(post.id)} class={post.hidden ? "card stack post hidden-item" : "card stack post"} aria-labelledby={headingId}>
        <div class="card-head">
          <h3 id={headingId}>{name}</h3>
          <p class="muted">
            {when(post.createdAt)}
            {post.pinned && (
              <>
                {" "}
                <span class="status">{t("groups.pinned")}</span>
              </>
            )}
          </p>
        </div>
        <HiddenNote item={post} />
        <p style={TEXT}>{post.body}</p>
        {post.link && (
          <p style={WRAP}>
            <a href={post.link} target="_blank" rel="noopener noreferrer nofollow ugc">
              {post.link}
            </a>
          </p>
        )}
        <ItemMenu item={post} kind="post" ctx={ctx} name={name} />
        <section class="stack" aria-label={t("groups.commentsOn", { name })}>
          <p class="muted">{count === 1 ? t("groups.commentCount_one") : t("groups.commentCount_other", { count })}</p>
          {all ? (
            <AllComments postId={post.id} ctx={ctx} live={live} />
          ) : (
            latest.length > 0 && (
              <ul class="list comments" aria-label={t("groups.latestComments")}>
                {latest.map((c) => (
                  <CommentItem key={c.id} comment={c} ctx={ctx} />
                ))}
              </ul>
            )
          )}
          {more && !all && (
            <Button variant="quiet" onClick={() => setAll(true)}>
              {t("groups.showAllComments", { count })}
            </Button>
          )}
          {!post.hidden && <CommentBox postId={post.id} label={t("groups.commentLabel", { name, group: ctx.groupName })} />}
        </section>
      </article>
    </li>
  );
}

interface PageProps {
  groupId: string;
  after: string | null;
  last: boolean;
  ctx: FeedContext;
  onMore: (cursor: string) => void;
  /** Posts made since the page opened, shown at the top of the first page until it has them itself. */
  fresh: readonly Post[];
  liveComments: readonly Comment[];
}

function PostsPage({ groupId, after, last, ctx, onMore, fresh, liveComments }: PageProps) {
  const q = useQuery(GroupsPostsDocument, { id: groupId, first: 20, after });
  return (
    <QueryView q={q} saved={!after} select={(d) => d.group.posts} isEmpty={(p) => p.edges.length === 0 && (!!after || !fresh.length)} empty={after ? null : <p class="card empty-state">{t("groups.noPosts")}</p>} missing={null}>
      {({ edges, pageInfo }) => {
        const read = edges.map((e) => e.node);
        const posts = after ? read : [...freshPosts(fresh, read), ...read];
        return (
          <>
            <ul class="list" aria-label={after ? undefined : t("groups.postsList")}>
              {posts.map((p) => (
                <PostCard key={p.id} post={p} ctx={ctx} live={liveComments} />
              ))}
            </ul>
            {last && pageInfo.hasNextPage && pageInfo.endCursor && (
              <Button variant="secondary" block onClick={() => onMore(pageInfo.endCursor!)}>
                {t("groups.morePosts")}
              </Button>
            )}
          </>
        );
      }}
    </QueryView>
  );
}

export function Feed({ groupId, ctx }: { groupId: string; ctx: FeedContext }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const live = useGroupActivity(groupId);
  useMarkSeenOnNews(groupId, live.newPosts + live.newComments);
  return (
    <div class="stack">
      <p class="visually-hidden" role="status">
        {liveNews(live)}
      </p>
      {cursors.map((after, i) => (
        <PostsPage
          key={after ?? ""}
          groupId={groupId}
          after={after}
          ctx={ctx}
          last={i === cursors.length - 1}
          onMore={(c) => setCursors([...cursors, c])}
          fresh={live.posts}
          liveComments={live.comments}
        />
      ))}
    </div>
  );
}
