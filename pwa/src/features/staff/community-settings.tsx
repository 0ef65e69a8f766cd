// The community's own settings, for its staff: the name and description families see, the
// languages its families speak, and the time zone times and reminders use.
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { StaffCommunityDocument, StaffUpdateCommunityDocument, type StaffCommunityQuery } from "../../gql/graphql";
import { lang, t } from "../../i18n";
import { currentMembership } from "../../state/me";
import { Button, CheckboxGroup, FormErrors, Page, QueryView, Select, TextArea, TextField, useAction } from "../../ui";
import { couldNotLoad, Status } from "./parts";

type Community = StaffCommunityQuery["community"];

/** Languages offered as checkboxes: the app's own and the ones most spoken in US schools after
 *  English (a community's other languages stay listed too). */
export const COMMON_LANGUAGES = ["en", "es", "zh", "vi", "ar", "ht", "pt", "fr", "ko", "ru", "tl", "so"];

export function languageLabel(code: string, language = lang.value): string {
  try {
    const name = new Intl.DisplayNames([language], { type: "language" }).of(code);
    return name && name !== code ? name.charAt(0).toLocaleUpperCase(language) + name.slice(1) : code;
  } catch {
    return code;
  }
}

/** Every IANA time zone the browser knows, with the community's own first kept in the list. */
export function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    /* an old browser: the community's zone and the US ones */
    zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"];
  }
  return zones.includes(current) ? zones : [current, ...zones];
}

function Form({ community }: { community: Community }) {
  const [name, setName] = useState(community.name);
  const [description, setDescription] = useState(community.description);
  const [languages, setLanguages] = useState<string[]>(community.languages);
  const [timezone, setTimezone] = useState(community.timezone);
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, errors, run } = useAction(["name", "description", "languages", "timezone"]);
  const offered = [...COMMON_LANGUAGES, ...community.languages.filter((l) => !COMMON_LANGUAGES.includes(l))];

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(null);
    const ok = await run(
      async () =>
        (await request(StaffUpdateCommunityDocument, { input: { communityId: community.id, name: name.trim(), description: description.trim(), languages, timezone } })).updateCommunity.errors,
    );
    if (ok) setSaved(t("staff.saved"));
  };

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <TextField label={t("staff.name")} value={name} onValue={setName} error={errors.fields.name} maxLength={120} required autoComplete="off" />
      <TextArea label={t("staff.description")} hint={t("staff.descriptionHint")} value={description} onValue={setDescription} error={errors.fields.description} maxLength={2000} />
      <CheckboxGroup legend={t("staff.languages")} options={offered.map((code) => ({ value: code, label: languageLabel(code) }))} values={languages} onChange={setLanguages} error={errors.fields.languages} />
      <p class="muted">{t("staff.languagesHint")}</p>
      <Select label={t("staff.timezone")} hint={t("staff.timezoneHint")} value={timezone} onValue={setTimezone} options={timeZones(community.timezone).map((z) => ({ value: z, label: z.replace(/_/g, " ") }))} error={errors.fields.timezone} />
      <Button type="submit" block busy={busy} busyLabel={t("staff.saving")}>
        {t("staff.save")}
      </Button>
      <Status text={saved} />
    </form>
  );
}

export default function CommunitySettings() {
  const communityId = currentMembership.value?.communityId ?? "";
  const q = useQuery(StaffCommunityDocument, { id: communityId }, { skip: !communityId });
  const community = q.data?.community;
  return (
    <Page title={t("staff.settingsTitle")} lead={community ? t("staff.settingsLead", { community: community.name }) : undefined}>
      <QueryView
        q={q}
        select={(d) => d.community}
        error={couldNotLoad(q)}
      >
        {(c) => <Form key={c.id} community={c} />}
      </QueryView>
    </Page>
  );
}
