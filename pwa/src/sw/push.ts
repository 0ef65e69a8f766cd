/// <reference lib="webworker" />
// Push handlers (owned by the notifications work).
export function registerPushHandlers(_sw: ServiceWorkerGlobalScope): void {}
