// For Village administrators: the communities they belong to, and a form that creates a school
// community. The answer carries a single-use staff invite, shown with its code, share text and QR
// code for the school's first staff member, who takes the community over from there.
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { AdminCommunityDocument, AdminCreateCommunityDocument, AdminMembershipsDocument, type AdminCreateCommunityMutation, type AdminMembershipsQuery } from "../../gql/graphql";
import { formatDate, lang, t, tn, type Key } from "../../i18n";
import { chooseCommunity, session } from "../../state/session";
import { Button, CheckboxGroup, FormErrors, Notice, Page, QueryView, Select, TextArea, TextField, useAction } from "../../ui";
import { InviteShare } from "../staff/invite-share";

type Membership = AdminMembershipsQuery["myMemberships"][number];
type Created = NonNullable<AdminCreateCommunityMutation["createCommunity"]["community"]>;
type StaffInvite = AdminCreateCommunityMutation["createCommunity"]["staffInvite"];

const LANGS = ["en", "es"] as const;
type Lang = (typeof LANGS)[number];
const FIELDS = ["name", "description", "timezone", "languages"] as const;

/** The browser's time zone, and every zone it knows (the browser's first, should it be missing). */
export function timeZones(): { zones: string[]; here: string } {
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return { zones: known.includes(here) ? known : [here, ...known], here };
}

function languageList(codes: readonly string[]): string {
  const names = codes.map((c) => (c === "en" || c === "es" ? t(`admin.lang_${c}` as Key) : c));
  return new Intl.ListFormat(lang.value, { type: "conjunction" }).format(names);
}

function CommunityRow({ membership }: { membership: Membership }) {
  const q = useQuery(AdminCommunityDocument, { id: membership.communityId });
  const current = session.communityId.value === membership.communityId;
  return (
    <li class="card stack">
      <QueryView q={q} saved={false} select={(d) => d.community} error={() => <p class="muted">{t("admin.couldNotLoadOne")}</p>} missing={null}>
        {(c) => (
          <>
            <div class="card-head">
              <h3>{c.name}</h3>
              <span class="status">
                {t(`admin.role_${membership.role}` as Key)}
                {membership.state !== "VERIFIED" && ` · ${t(`admin.state_${membership.state}` as Key)}`}
              </span>
            </div>
            <p class="muted">{t("admin.communityFacts", { timezone: c.timezone, languages: languageList(c.languages) })}</p>
            {!!c.pendingMemberCount && <p>{tn("admin.waiting", c.pendingMemberCount)}</p>}
            {current ? (
              <p class="muted">{t("admin.current")}</p>
            ) : (
              <Button variant="secondary" onClick={() => chooseCommunity(c.id)}>
                {t("admin.switchTo", { name: c.name })}
              </Button>
            )}
          </>
        )}
      </QueryView>
    </li>
  );
}

function Communities() {
  const q = useQuery(AdminMembershipsDocument);
  return (
    <section class="section stack" aria-labelledby="admin-communities">
      <h2 id="admin-communities">{t("admin.communitiesTitle")}</h2>
      <QueryView q={q} select={(d) => d.myMemberships} isEmpty={(l) => l.length === 0} empty={<p class="muted">{t("admin.noCommunities")}</p>} error={() => <Notice tone="error">{t("admin.couldNotLoad")}</Notice>}>
        {(memberships) => (
          <ul class="list">
            {memberships.map((m) => (
              <CommunityRow key={m.id} membership={m} />
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

/** What was made: the community, and the staff invite to hand over, explained. */
export function CreatedCommunity({ community, invite, onAnother }: { community: Created; invite: StaffInvite; onAnother: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="section stack" aria-labelledby="admin-created">
      <h2 id="admin-created" ref={heading} tabIndex={-1}>
        {t("admin.createdTitle", { name: community.name })}
      </h2>
      <p>{t("admin.createdLead")}</p>
      {invite ? (
        <div class="card stack">
          <h3>{t("admin.staffInviteTitle")}</h3>
          <p>{t("admin.staffInviteExplain")}</p>
          <dl class="facts">
            <div>
              <dt>{t("admin.code")}</dt>
              <dd>
                <strong>{invite.code}</strong>
              </dd>
            </div>
            {invite.expiresAt && (
              <div>
                <dt>{t("admin.worksUntil")}</dt>
                <dd>{formatDate(invite.expiresAt, { dateStyle: "long" })}</dd>
              </div>
            )}
          </dl>
          <InviteShare invite={invite} communityName={community.name} />
          <p class="muted">{t("admin.staffInviteNext")}</p>
        </div>
      ) : (
        <Notice tone="warn">{t("admin.noStaffInvite")}</Notice>
      )}
      <Button variant="secondary" block onClick={onAnother}>
        {t("admin.createAnother")}
      </Button>
    </section>
  );
}

export function CreateCommunityForm({ onCreated }: { onCreated: (community: Created, invite: StaffInvite) => void }) {
  const [{ zones, here }] = useState(timeZones);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [timezone, setTimezone] = useState(here);
  const [languages, setLanguages] = useState<Lang[]>([...LANGS]);
  const { busy, errors, run } = useAction(FIELDS);

  const submit = async (e: Event) => {
    e.preventDefault();
    let made: AdminCreateCommunityMutation["createCommunity"] | null = null;
    const ok = await run(async () => {
      const input = { name: name.trim(), description: description.trim() || null, timezone, languages: LANGS.filter((l) => languages.includes(l)) };
      made = (await request(AdminCreateCommunityDocument, { input })).createCommunity;
      return made.errors;
    });
    const payload = made as AdminCreateCommunityMutation["createCommunity"] | null;
    if (ok && payload?.community) onCreated(payload.community, payload.staffInvite);
  };

  return (
    <section class="section stack" aria-labelledby="admin-create">
      <h2 id="admin-create">{t("admin.createTitle")}</h2>
      <p class="muted">{t("admin.createLead")}</p>
      <form class="stack" onSubmit={submit} noValidate>
        <FormErrors messages={errors.general} />
        <TextField label={t("admin.name")} hint={t("admin.nameHint")} value={name} onValue={setName} error={errors.fields.name} required maxLength={120} autoComplete="off" />
        <TextArea label={t("admin.description")} hint={t("admin.descriptionHint")} value={description} onValue={setDescription} error={errors.fields.description} maxLength={2000} />
        <Select label={t("admin.timezone")} hint={t("admin.timezoneHint")} value={timezone} onValue={setTimezone} error={errors.fields.timezone} required options={zones.map((z) => ({ value: z, label: z.replace(/_/g, " ") }))} />
        <CheckboxGroup<Lang> legend={t("admin.languages")} options={LANGS.map((l) => ({ value: l, label: t(`admin.lang_${l}` as Key) }))} values={languages} onChange={setLanguages} error={errors.fields.languages} />
        <Button type="submit" block busy={busy} busyLabel={t("admin.creating")}>
          {t("admin.create")}
        </Button>
      </form>
    </section>
  );
}

export default function Admin() {
  const [created, setCreated] = useState<{ community: Created; invite: StaffInvite } | null>(null);
  return (
    <Page title={t("admin.title")} lead={t("admin.lead")}>
      <Communities />
      {created ? (
        <CreatedCommunity community={created.community} invite={created.invite} onAnother={() => setCreated(null)} />
      ) : (
        <CreateCommunityForm onCreated={(community, invite) => setCreated({ community, invite })} />
      )}
    </Page>
  );
}
