// The organiser's home: invite families (with how many codes are live and how many people joined
// with them), the member directory, and what they organise — cards that the features running
// groups, events and carpools contribute (cards.ts), or an honest empty state until there are any.
import { useQuery } from "../../api/hooks";
import { OrganiseOverviewDocument, type MemberRole } from "../../gql/graphql";
import { t, tn, type Key } from "../../i18n";
import { currentMembership } from "../../state/me";
import { mayUse } from "../../state/access";
import { LinkButton, Notice, Page, QueryView, SavedState } from "../../ui";
import { organiseCards, type OrganiseCard } from "./cards";

type Invites = { active: boolean; uses: number }[];

/** Codes that still work, and everyone who joined with any of them (expired or revoked ones too). */
export function inviteCounts(invites: Invites): { active: number; joined: number } {
  return { active: invites.filter((i) => i.active).length, joined: invites.reduce((n, i) => n + i.uses, 0) };
}

function Card({ card }: { card: OrganiseCard }) {
  const summary = card.useSummary?.() ?? null;
  return (
    <li class="card stack">
      <h3>
        <a href={card.href}>{t(card.title)}</a>
      </h3>
      <p class="muted">{t(card.lead)}</p>
      {summary && <p>{summary}</p>}
    </li>
  );
}

/** What they organise: every feature's cards, or what will be here. */
export function Organising({ cards = organiseCards() }: { cards?: readonly OrganiseCard[] }) {
  return (
    <section class="section stack" aria-labelledby="organise-organising">
      <h2 id="organise-organising">{t("organise.organisingTitle")}</h2>
      {cards.length ? (
        <ul class="list">
          {cards.map((card) => (
            <Card key={card.href} card={card} />
          ))}
        </ul>
      ) : (
        <div class="card empty-state">
          <p>
            <strong>{t("organise.organisingEmpty")}</strong>
          </p>
          <p>{t("organise.organisingEmptyHint")}</p>
        </div>
      )}
    </section>
  );
}

export default function Organise() {
  const membership = currentMembership.value;
  const communityId = membership?.communityId;
  const q = useQuery(OrganiseOverviewDocument, { communityId: communityId ?? "" }, { skip: !communityId });
  const community = q.data?.community;
  const role = (community?.viewerMembership?.role ?? membership?.role) as MemberRole | undefined;
  return (
    <Page title={t("organise.title")} lead={community ? t("organise.lead", { community: community.name }) : t("organise.leadNoName")}>
      <SavedState offline={q.offline} savedAt={q.savedAt} />
      {role && role !== "CAREGIVER" && <p>{t(`organise.role_${role}` as Key)}</p>}

      <section class="section stack" aria-labelledby="organise-invites">
        <h2 id="organise-invites">{t("organise.invitesTitle")}</h2>
        <p class="muted">{t("organise.invitesLead")}</p>
        <QueryView q={q} saved={false} select={(d) => d.community.invites} error={() => <Notice tone="warn">{t("organise.invitesCouldNotLoad")}</Notice>} missing={null}>
          {(invites) => {
            if (!invites.length) return <p>{t("organise.noInvitesYet")}</p>;
            const { active, joined } = inviteCounts(invites);
            return (
              <ul>
                <li>{tn("organise.activeInvites", active)}</li>
                <li>{joined ? tn("organise.joinedWith", joined) : t("organise.joinedNone")}</li>
              </ul>
            );
          }}
        </QueryView>
        <LinkButton href="/invites" block>
          {t("organise.invitesOpen")}
        </LinkButton>
      </section>

      <section class="section stack" aria-labelledby="organise-directory">
        <h2 id="organise-directory">{t("organise.directoryTitle")}</h2>
        <p class="muted">{t("organise.directoryLead")}</p>
        <LinkButton href="/organise/members" block variant="secondary">
          {t("organise.directoryOpen")}
        </LinkButton>
      </section>

      <Organising />

      {mayUse("platform-admin") && (
        <section class="section stack" aria-labelledby="organise-admin">
          <h2 id="organise-admin">{t("organise.adminTitle")}</h2>
          <p class="muted">{t("organise.adminLead")}</p>
          <LinkButton href="/admin" block variant="secondary">
            {t("organise.adminOpen")}
          </LinkButton>
        </section>
      )}
    </Page>
  );
}
