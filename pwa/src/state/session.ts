// Who is signed in on this device, and which community they are looking at. The token lives in
// localStorage (never in a URL or a notification); everything else is re-read from the API.
import { signal } from "@preact/signals";

const TOKEN = "village.token";
const COMMUNITY = "village.community";
const USER = "village.user";

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* private mode: the session lasts as long as the tab */
  }
}

export const session = {
  token: signal<string | null>(read(TOKEN)),
  /** The signed-in caregiver's global ID: keys the offline cache so two people never share it. */
  userId: signal<string | null>(read(USER)),
  communityId: signal<string | null>(read(COMMUNITY)),
};

export function signIn(token: string, userId: string): void {
  write(TOKEN, token);
  write(USER, userId);
  session.userId.value = userId;
  session.token.value = token;
}

export function signOutLocally(): void {
  write(TOKEN, null);
  write(USER, null);
  write(COMMUNITY, null);
  session.token.value = null;
  session.userId.value = null;
  session.communityId.value = null;
}

export function chooseCommunity(id: string | null): void {
  write(COMMUNITY, id);
  session.communityId.value = id;
}
