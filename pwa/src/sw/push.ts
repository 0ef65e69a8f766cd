/// <reference lib="webworker" />
// Web Push in the service worker. A push carries ids and a generic title (workers/notifications.py);
// while the person is looking at the app nothing is shown and the open windows refresh instead;
// otherwise one system notification per Notification (tagged with its id, so copies collapse),
// and a click focuses an open window on the right screen, or opens one.
import { notificationOptions, parsePayload, pickWindow, safeUrl, shouldShow } from "./logic";

type Sw = Pick<ServiceWorkerGlobalScope, "addEventListener" | "clients" | "registration" | "location">;

function readData(data: PushMessageData | null): unknown {
  if (!data) return null;
  try {
    return data.json();
  } catch {
    return null;
  }
}

export async function handlePush(sw: Sw, data: PushMessageData | null): Promise<void> {
  const payload = parsePayload(readData(data));
  if (!payload) return; // not ours, or damaged: nothing to show or refresh
  const windows = await sw.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const w of windows) w.postMessage({ type: "notification", id: payload.id });
  if (!shouldShow(windows)) return;
  const { title, options } = notificationOptions(payload);
  await sw.registration.showNotification(title, options);
}

export async function handleClick(sw: Sw, notification: Notification): Promise<void> {
  const origin = sw.location.origin;
  const url = safeUrl((notification.data as { url?: unknown } | null)?.url, origin);
  notification.close();
  const windows = await sw.clients.matchAll({ type: "window", includeUncontrolled: true });
  const target = pickWindow(windows, origin);
  if (!target) {
    await sw.clients.openWindow(url);
    return;
  }
  const focused = await target.focus().catch(() => target);
  // navigate() works for windows this worker controls (a full load of the cached shell); an
  // uncontrolled window is asked to route itself.
  const moved = await (focused ?? target).navigate(url).catch(() => null);
  if (!moved) (focused ?? target).postMessage({ type: "navigate", url });
}

export function registerPushHandlers(sw: Sw): void {
  sw.addEventListener("push", (event) => event.waitUntil(handlePush(sw, event.data)));
  sw.addEventListener("notificationclick", (event) => event.waitUntil(handleClick(sw, event.notification)));
}
