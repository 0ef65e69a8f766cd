// Home's "News from my groups" (a home section, ../home/sections.ts): the newest posts by others in my
// groups, each with its group, its author and when, one line of it linking to the post, and "New"
// until I open the group; with no groups or no posts yet, the way to find a group.
import { useQuery } from "../../api/hooks";
import { GroupsNewsDocument } from "../../gql/graphql";
import { t } from "../../i18n";
import { LinkButton, QueryView } from "../../ui";
import { snippet, when } from "./parts";
import { groupsHref, postHref } from "./paths";

// One line, cut with an ellipsis; the padding (taken back by the margins, the top one from .stack's
// spacing) keeps the link's focus ring visible.
const ONE_LINE = { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis", padding: "5px", margin: "calc(var(--s-4) - 5px) -5px -5px" } as const;
// The card stays as narrow as the screen (a grid item grows to its content unless told otherwise).
const NARROW = { minWidth: 0 } as const;
// Under the heading, not after a link in a line: no gap before it.
const FLUSH = { marginLeft: 0 } as const;

export default function GroupNews() {
  const q = useQuery(GroupsNewsDocument, { first: 5 });
  const empty = (
    <div class="card empty-state stack">
      <p>
        <strong>{t("groups.homeNewsEmpty")}</strong>
      </p>
      <p>{t("groups.homeNewsEmptyHint")}</p>
      <LinkButton href={groupsHref("discover")} variant="secondary">
        {t("groups.homeNewsDiscover")}
      </LinkButton>
    </div>
  );
  return (
    <QueryView q={q} saved={false} select={(d) => d.groupNews} isEmpty={(l) => l.length === 0} empty={empty}>
      {(items) => (
        <>
          <ul class="list" aria-label={t("groups.homeNewsList")}>
            {items.map(({ post, group, unread }) => (
              <li key={post.id} class="card stack" style={NARROW}>
                <div class="card-head">
                  <h3>{group.name}</h3>
                  {unread && (
                    <span class="status new" style={FLUSH}>
                      {t("groups.homeNewsNew")}
                    </span>
                  )}
                </div>
                <p style={ONE_LINE}>
                  <a href={postHref(post.id)}>{snippet(post.body, 120)}</a>
                </p>
                <p class="muted">{t("groups.homeNewsBy", { name: post.author?.displayName ?? t("groups.formerMember"), when: when(post.createdAt) })}</p>
              </li>
            ))}
          </ul>
          <p class="more-link">
            <a href={groupsHref("mine")}>{t("groups.homeNewsMine")}</a>
          </p>
        </>
      )}
    </QueryView>
  );
}
