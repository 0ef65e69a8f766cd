import { render } from "preact";
import { App, online, updateReady } from "./app";
import { refreshAll } from "./api/hooks";
import { flushQueue, loadQueue } from "./offline/queue";
import { recheckSubscription } from "./push/push";
import { startMe } from "./state/me";
import { session } from "./state/session";
import { effect } from "@preact/signals";
import "./ui/app.css";

startMe();
void loadQueue().then(() => flushQueue());

window.addEventListener("online", () => {
  online.value = true;
  void flushQueue();
  refreshAll();
});
window.addEventListener("offline", () => {
  online.value = false;
});

effect(() => {
  if (session.token.value && session.userId.value) {
    void loadQueue().then(() => flushQueue());
    void recheckSubscription();
  }
});

if ("serviceWorker" in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register("/sw.js", { scope: "/" }).then((reg) => {
    const offer = (worker: ServiceWorker | null) => {
      if (!worker || !navigator.serviceWorker.controller) return;
      updateReady.value = () => worker.postMessage({ type: "SKIP_WAITING" });
    };
    offer(reg.waiting);
    reg.addEventListener("updatefound", () => {
      const installing = reg.installing;
      installing?.addEventListener("statechange", () => installing.state === "installed" && offer(installing));
    });
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (updateReady.value && !reloading) {
      reloading = true;
      location.reload();
    }
  });
  // The service worker tells open windows about pushes it did not show (the app was focused).
  // …and, when a notification is tapped, which screen an open window it does not control should show.
  navigator.serviceWorker.addEventListener("message", (event) => {
    const data = event.data as { type?: string; url?: unknown } | null;
    if (data?.type === "notification") refreshAll();
    if (data?.type === "navigate" && typeof data.url === "string" && data.url.startsWith("/") && !data.url.startsWith("//")) location.assign(data.url);
  });
}

render(<App />, document.getElementById("app")!);
