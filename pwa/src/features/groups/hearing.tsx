// How I hear of a group's posts and comments (at once, a daily digest at six in the evening, or not
// at all), and telling the digest what I have already seen when I open the group.
import { useEffect, useState } from "preact/hooks";
import { request } from "../../api/client";
import { GroupsMarkSeenDocument, GroupsSetNotifyDocument, type GroupNotify } from "../../gql/graphql";
import { t } from "../../i18n";
import { Notice, Select } from "../../ui";

export function Hearing({ groupId, notify }: { groupId: string; notify: GroupNotify }) {
  const [value, setValue] = useState<GroupNotify>(notify);
  const [state, setState] = useState<"idle" | "saved" | "failed">("idle");
  const choose = async (next: GroupNotify) => {
    const before = value;
    setValue(next);
    try {
      const { errors } = (await request(GroupsSetNotifyDocument, { input: { groupId, notify: next } })).setGroupNotifications;
      setState(errors.length ? "failed" : "saved");
      if (errors.length) setValue(before);
    } catch {
      setState("failed");
      setValue(before);
    }
  };
  return (
    <div class="stack">
      <Select<GroupNotify>
        label={t("groups.hearLabel")}
        hint={t("groups.hearHint")}
        value={value}
        onValue={choose}
        options={[
          { value: "INSTANT", label: t("groups.hearInstant") },
          { value: "DAILY", label: t("groups.hearDaily") },
          { value: "OFF", label: t("groups.hearOff") },
        ]}
      />
      {state === "saved" && <Notice live>{t("groups.hearSaved")}</Notice>}
      {state === "failed" && <Notice tone="error" live>{t("groups.hearFailed")}</Notice>}
    </div>
  );
}

/** Once per visit: what is on screen now stays out of the next daily digest (best effort). */
export function useMarkSeen(groupId: string, inside: boolean): void {
  useEffect(() => {
    if (inside) request(GroupsMarkSeenDocument, { input: { groupId } }).catch(() => undefined);
  }, [groupId, inside]);
}

/** What arrives live while the page is open has been seen too: marked again a moment after the
 *  latest news (one request for a burst), so it stays out of the digest and home's "new". */
export function useMarkSeenOnNews(groupId: string, news: number): void {
  useEffect(() => {
    if (!news) return;
    const timer = setTimeout(() => request(GroupsMarkSeenDocument, { input: { groupId } }).catch(() => undefined), 2000);
    return () => clearTimeout(timer);
  }, [groupId, news]);
}
