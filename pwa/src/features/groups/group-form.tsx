// Start a group (parent leaders and staff) or change one (its leaders): name, purpose, languages,
// grade, how it meets, who may join (open, on request with an optional question, by invitation),
// and whether it is listed. The server's refusals show at their fields.
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { request } from "../../api/client";
import { useQuery } from "../../api/hooks";
import { GroupsCommunityLanguagesDocument, GroupsCreateDocument, GroupsGroupDocument, GroupsUpdateDocument, type GroupMode, type GroupsGroupQuery, type GroupVisibility } from "../../gql/graphql";
import { t } from "../../i18n";
import { currentMembership } from "../../state/me";
import { Button, Checkbox, CheckboxGroup, FormErrors, LinkButton, Notice, Page, QueryView, Select, TextArea, TextField, useAction } from "../../ui";
import { languageChoices } from "./discover";
import { GRADE_BANDS, gradeName, languageName, MODES, modeName, VISIBILITIES, visibilityName } from "./parts";
import { groupHref } from "./paths";

export interface GroupDraft {
  name: string;
  purpose: string;
  languages: string[];
  gradeBand: string;
  mode: GroupMode;
  visibility: GroupVisibility;
  hidden: boolean;
  joinQuestion: string;
}

export const FIELDS = ["name", "purpose", "languages", "gradeBand", "mode", "visibility", "hidden", "joinQuestion"] as const;

export function emptyDraft(): GroupDraft {
  return { name: "", purpose: "", languages: [], gradeBand: "", mode: "BOTH", visibility: "OPEN", hidden: false, joinQuestion: "" };
}

export function draftOf(g: GroupsGroupQuery["group"]): GroupDraft {
  return { name: g.name, purpose: g.purpose, languages: [...g.languages], gradeBand: g.gradeBand ?? "", mode: g.mode, visibility: g.visibility, hidden: g.hidden, joinQuestion: g.joinQuestion };
}

/** What is sent: trimmed, and the join question only for groups one asks to join. */
export function inputOf(d: GroupDraft) {
  return {
    name: d.name.trim(),
    purpose: d.purpose.trim(),
    languages: d.languages,
    gradeBand: d.gradeBand,
    mode: d.mode,
    visibility: d.visibility,
    hidden: d.hidden,
    joinQuestion: d.visibility === "REQUEST" ? d.joinQuestion.trim() : "",
  };
}

function Form({ initial, groupId, communityId }: { initial: GroupDraft; groupId?: string; communityId: string }) {
  const { route } = useLocation();
  const [d, setD] = useState<GroupDraft>(initial);
  const set = <K extends keyof GroupDraft>(k: K) => (v: GroupDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const { busy, errors, run } = useAction(FIELDS);
  const community = useQuery(GroupsCommunityLanguagesDocument, { communityId }, { skip: !communityId });
  const choices = [...new Set([...languageChoices(community.data?.community.languages), ...d.languages])];
  const submit = async (e: Event) => {
    e.preventDefault();
    let made: string | null = groupId ?? null;
    const ok = await run(async () => {
      if (groupId) return (await request(GroupsUpdateDocument, { input: { groupId, ...inputOf(d) } })).updateGroup.errors;
      const payload = (await request(GroupsCreateDocument, { input: { communityId, ...inputOf(d), gradeBand: d.gradeBand || null } })).createGroup;
      made = payload.group?.id ?? null;
      return payload.errors;
    });
    if (ok && made) route(groupHref(made));
  };
  const f = errors.fields;
  return (
    <form class="stack skills-form" onSubmit={submit} noValidate>
      <FormErrors messages={errors.general} />
      <TextField label={t("groups.name")} hint={t("groups.nameHint")} value={d.name} onValue={set("name")} required maxLength={80} error={f.name} />
      <TextArea label={t("groups.purpose")} hint={t("groups.purposeHint")} value={d.purpose} onValue={set("purpose")} maxLength={2000} error={f.purpose} />
      <CheckboxGroup legend={t("groups.languages")} options={choices.map((code) => ({ value: code, label: languageName(code) }))} values={d.languages} onChange={set("languages")} error={f.languages} />
      <Select label={t("groups.grade")} value={d.gradeBand} onValue={set("gradeBand")} error={f.gradeBand} options={[{ value: "", label: t("groups.noGrade") }, ...GRADE_BANDS.map((g) => ({ value: g, label: gradeName(g) }))]} />
      <Select<GroupMode> label={t("groups.mode")} value={d.mode} onValue={set("mode")} error={f.mode} options={MODES.map((m) => ({ value: m, label: modeName(m) }))} />
      <Select<GroupVisibility>
        label={t("groups.visibility")}
        hint={t(`groups.visibilityHint_${d.visibility}`)}
        value={d.visibility}
        onValue={set("visibility")}
        error={f.visibility}
        options={VISIBILITIES.map((v) => ({ value: v, label: visibilityName(v) }))}
      />
      {d.visibility === "REQUEST" && <TextField label={t("groups.joinQuestion")} hint={t("groups.joinQuestionHint")} value={d.joinQuestion} onValue={set("joinQuestion")} maxLength={300} error={f.joinQuestion} />}
      <Checkbox label={t("groups.hidden")} hint={t("groups.hiddenHint")} checked={d.hidden} onChange={set("hidden")} />
      {f.hidden && <p class="error">{f.hidden}</p>}
      <Button type="submit" block busy={busy} busyLabel={t("groups.saving")}>
        {groupId ? t("groups.saveChanges") : t("groups.create")}
      </Button>
    </form>
  );
}

function EditGroup({ id }: { id: string }) {
  const q = useQuery(GroupsGroupDocument, { id });
  const g = q.data?.group;
  const [initial, setInitial] = useState<GroupDraft | null>(null);
  // The form starts from the first answer and is not reset by later refreshes (a save refreshes all).
  useEffect(() => {
    if (g && !initial) setInitial(draftOf(g));
  }, [g]);
  return (
    <Page title={t("groups.editTitle")} lead={g?.name}>
      <QueryView q={q} select={(d) => d.group} missing={<Notice>{t("groups.groupGone")}</Notice>}>
        {(group) =>
          group.viewerMembership?.role === "LEADER" && group.viewerMembership.state === "MEMBER" ? (
            initial && <Form initial={initial} groupId={group.id} communityId={group.communityId} />
          ) : (
            <>
              <Notice>{t("groups.leadersOnly")}</Notice>
              <LinkButton href={groupHref(group.id)}>{t("groups.backToGroup")}</LinkButton>
            </>
          )
        }
      </QueryView>
    </Page>
  );
}

export default function GroupForm({ id }: { id?: string }) {
  const communityId = currentMembership.value?.communityId ?? "";
  if (id) return <EditGroup id={id} />;
  return (
    <Page title={t("groups.newTitle")} lead={t("groups.newLead")}>
      <Form initial={emptyDraft()} communityId={communityId} />
    </Page>
  );
}
