// Invite codes, for staff and parent leaders: make one (for whom, for how long, how many times),
// share it as text or a QR code, revoke it. Leaders invite caregivers; staff also leaders; admins
// also staff (the API's rule, mirrored here so nobody is offered what would be refused).
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { StaffCreateInviteDocument, StaffInvitesDocument, StaffRevokeInviteDocument, type MemberRole, type StaffInviteFieldsFragment } from "../../gql/graphql";
import { formatDate, t, tn } from "../../i18n";
import { currentMembership } from "../../state/me";
import { Button, Checkbox, FormErrors, Page, QueryView, Select, TextField, useAction } from "../../ui";
import { InviteShare } from "./invite-share";
import { ConfirmButton, couldNotLoad, roleName, Status, when } from "./parts";

type Invite = StaffInviteFieldsFragment;

/** The roles someone may invite: leaders caregivers; staff also leaders; admins also staff. */
export function invitableRoles(role: MemberRole | undefined): MemberRole[] {
  if (role === "ADMIN") return ["CAREGIVER", "LEADER", "STAFF"];
  if (role === "STAFF") return ["CAREGIVER", "LEADER"];
  if (role === "LEADER") return ["CAREGIVER"];
  return [];
}

/** A whole number from a field, null when empty, undefined when it is not one. */
export function wholeNumber(value: string): number | null | undefined {
  const v = value.trim();
  if (!v) return null;
  return /^\d{1,6}$/.test(v) ? Number(v) : undefined;
}

function statusOf(invite: Invite): { text: string; tone: string } {
  if (invite.active) return { text: t("staff.statusActive"), tone: "status" };
  if (invite.revokedAt) return { text: t("staff.statusRevoked"), tone: "status failed" };
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return { text: t("staff.statusUsedUp"), tone: "status pending" };
  return { text: t("staff.statusExpired"), tone: "status pending" };
}

function CreateInvite({ communityId, onCreated }: { communityId: string; onCreated: (invite: Invite) => void }) {
  const roles = invitableRoles(currentMembership.value?.role);
  const [role, setRole] = useState<MemberRole>("CAREGIVER");
  const [days, setDays] = useState("14");
  const [uses, setUses] = useState("");
  const { busy, errors, run, setErrors } = useAction(["role", "expiresInDays", "maxUses"]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const expiresInDays = wholeNumber(days);
    const maxUses = wholeNumber(uses);
    if (expiresInDays === undefined || maxUses === undefined) {
      const fields: Record<string, string> = {};
      if (expiresInDays === undefined) fields.expiresInDays = t("errors.OUT_OF_RANGE");
      if (maxUses === undefined) fields.maxUses = t("errors.OUT_OF_RANGE");
      setErrors({ fields, general: [] });
      return;
    }
    let made: Invite | null = null;
    const ok = await run(async () => {
      const payload = (await request(StaffCreateInviteDocument, { input: { communityId, role, expiresInDays, maxUses } })).createInvite;
      made = payload.invite;
      return payload.errors;
    });
    if (ok && made) onCreated(made);
  };

  return (
    <section class="card stack" aria-labelledby="invite-create">
      <h2 id="invite-create">{t("staff.createTitle")}</h2>
      <form class="stack" onSubmit={submit} noValidate>
        <FormErrors messages={errors.general} />
        {roles.length > 1 ? (
          <Select label={t("staff.inviteRole")} value={role} onValue={setRole} options={roles.map((r) => ({ value: r, label: roleName(r) }))} error={errors.fields.role} />
        ) : (
          <p>
            {t("staff.inviteRole")} <strong>{roleName("CAREGIVER")}</strong>
          </p>
        )}
        <TextField label={t("staff.expiresInDays")} hint={t("staff.expiresInDaysHint")} value={days} onValue={setDays} error={errors.fields.expiresInDays} type="text" inputMode="numeric" />
        <TextField label={t("staff.maxUses")} hint={t("staff.maxUsesHint")} value={uses} onValue={setUses} error={errors.fields.maxUses} type="text" inputMode="numeric" />
        <Button type="submit" block busy={busy} busyLabel={t("staff.creating")}>
          {t("staff.create")}
        </Button>
      </form>
    </section>
  );
}

function InviteCard({ invite, communityName, open, onToggle, onRevoked }: { invite: Invite; communityName: string; open: boolean; onToggle: () => void; onRevoked: (code: string) => void }) {
  const action = useAction();
  const status = statusOf(invite);
  const revoke = async () => {
    const ok = await action.run(async () => (await request(StaffRevokeInviteDocument, { input: { inviteId: invite.id } })).revokeInvite.errors);
    if (ok) onRevoked(invite.code);
    return ok;
  };
  return (
    <li class="card stack invite-card">
      <div class="card-head">
        <h3>
          <span class="visually-hidden">{t("staff.inviteCode")} </span>
          <span class="invite-code">{invite.code}</span>
        </h3>
        <span class="row">
          <span class="status">{roleName(invite.role)}</span>
          <span class={status.tone}>{status.text}</span>
        </span>
      </div>
      <p class="muted">
        {invite.maxUses !== null ? t("staff.usesOf", { uses: invite.uses, max: invite.maxUses }) : tn("staff.usesUnlimited", invite.uses)}
        {" · "}
        {invite.revokedAt ? `${t("staff.statusRevoked")} ${when(invite.revokedAt)}` : invite.expiresAt ? t("staff.expires", { when: formatDate(invite.expiresAt, { dateStyle: "medium" }) }) : t("staff.neverExpires")}
      </p>
      <FormErrors messages={action.errors.general} />
      {invite.active && (
        <div class="row">
          <Button variant="secondary" onClick={onToggle} aria-expanded={open}>
            {open ? t("staff.hideShare") : t("staff.share")}
          </Button>
          <ConfirmButton
            label={t("staff.revoke")}
            name={t("staff.revokeNamed", { code: invite.code })}
            question={t("staff.revokeConfirm", { code: invite.code })}
            yes={t("staff.revokeYes")}
            keep={t("staff.revokeKeep")}
            onConfirm={revoke}
          />
        </div>
      )}
      {invite.active && open && <InviteShare invite={invite} communityName={communityName} />}
    </li>
  );
}

export default function Invites() {
  const communityId = currentMembership.value?.communityId ?? "";
  const [all, setAll] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const q = useQuery(StaffInvitesDocument, { id: communityId, includeInactive: all }, { skip: !communityId });
  const community = q.data?.community;

  return (
    <Page title={t("staff.invitesTitle")} lead={community ? t("staff.invitesLead", { community: community.name }) : undefined}>
      {communityId && (
        <CreateInvite
          communityId={communityId}
          onCreated={(invite) => {
            setOpen(invite.id);
            setDone(t("staff.created", { code: invite.code }));
          }}
        />
      )}
      <Status text={done} />
      <section class="stack" aria-labelledby="invite-list">
        <h2 id="invite-list">{all ? t("staff.allTitle") : t("staff.activeTitle")}</h2>
        <Checkbox label={t("staff.showInactive")} checked={all} onChange={setAll} />
        <QueryView
          q={q}
          select={(d) => d.community.invites}
          isEmpty={(list) => list.length === 0}
          empty={<p class="card empty-state">{all ? t("staff.noInvitesAtAll") : t("staff.noInvites")}</p>}
          error={couldNotLoad(q)}
        >
          {(invites) => (
            <ul class="list">
              {invites.map((invite) => (
                <InviteCard
                  key={invite.id}
                  invite={invite}
                  communityName={community?.name ?? ""}
                  open={open === invite.id}
                  onToggle={() => setOpen(open === invite.id ? null : invite.id)}
                  onRevoked={(code) => setDone(t("staff.revoked", { code }))}
                />
              ))}
            </ul>
          )}
        </QueryView>
      </section>
    </Page>
  );
}
