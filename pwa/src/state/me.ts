// The signed-in caregiver and their memberships, loaded once per sign-in and on refresh; the
// shell routes on it (no membership yet → onboarding) and takes the profile's language from it.
import { computed, effect, signal } from "@preact/signals";
import { NetworkError, request } from "../api/client";
import { refreshAll, refreshTick } from "../api/hooks";
import { MeDocument, type MeQuery, SetUiLanguageDocument } from "../gql/graphql";
import { isLang, lang, setLang, type Lang } from "../i18n";
import { readCached, writeCached } from "../offline/cache";
import { chooseCommunity, session } from "./session";

export const me = signal<MeQuery | null>(null);
export const meLoaded = signal(false);

/** The community the person is looking at: the chosen one, else the first verified, else the first. */
export const currentMembership = computed(() => {
  const list = me.value?.myMemberships ?? [];
  return list.find((m) => m.communityId === session.communityId.value) ?? list.find((m) => m.state === "VERIFIED") ?? list[0] ?? null;
});

let languageTaken: string | null = null;

/** The memberships' roles and states, to tell when they changed (verified, suspended, a new role). */
function standingOf(data: MeQuery | null): string {
  return JSON.stringify((data?.myMemberships ?? []).map((m) => [m.id, m.role, m.state]));
}

export async function loadMe(): Promise<void> {
  const token = session.token.value;
  if (!token) {
    me.value = null;
    meLoaded.value = true;
    return;
  }
  const key = `${session.userId.value}|me`;
  try {
    const data = await request(MeDocument);
    if (session.token.value !== token) return;
    const changed = me.value !== null && standingOf(me.value) !== standingOf(data);
    me.value = data;
    void writeCached(key, data);
    // Verified meanwhile (or suspended, or given a role): every screen asks again with the new rights,
    // so a family the school has just let in sees the whole app at once.
    if (changed) refreshAll();
  } catch (e) {
    if (!(e instanceof NetworkError)) {
      meLoaded.value = true;
      return;
    }
    me.value = (await readCached<MeQuery>(key))?.data ?? me.value;
  }
  const viewer = me.value?.viewer;
  // The profile's language wins once per sign-in; after that the person's own switches do.
  if (viewer && languageTaken !== viewer.id && isLang(viewer.uiLanguage)) {
    languageTaken = viewer.id;
    setLang(viewer.uiLanguage);
  }
  const membership = currentMembership.value;
  if (membership && membership.communityId !== session.communityId.value) chooseCommunity(membership.communityId);
  meLoaded.value = true;
}

/** Switch the language at once, and remember it on the profile (notifications use it too). */
export async function switchLanguage(next: Lang): Promise<void> {
  setLang(next);
  if (!session.token.value) return;
  try {
    await request(SetUiLanguageDocument, { input: { uiLanguage: next } });
  } catch {
    /* offline: the device keeps the choice; the profile catches up next time it is changed */
  }
}

let started = false;
export function startMe(): void {
  if (started) return;
  started = true;
  effect(() => {
    void session.token.value;
    void refreshTick.value;
    void loadMe();
  });
  effect(() => {
    document.documentElement.lang = lang.value;
  });
  // Coming back to the app: the school may have verified the person (or changed their role) while
  // it was in the background. A notification arriving while it is open refreshes it too (main.tsx).
  const again = () => {
    if (document.visibilityState === "visible" && session.token.value) void loadMe();
  };
  document.addEventListener("visibilitychange", again);
  window.addEventListener("focus", again);
}
