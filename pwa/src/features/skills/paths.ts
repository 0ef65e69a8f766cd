// Where skill-sharing's screens live, for links, redirects and notification routes (kept free of
// imports so the service worker can use it).

export function needHref(id: string): string {
  return `/needs/${encodeURIComponent(id)}`;
}

export function matchHref(id: string): string {
  return `/matches/${encodeURIComponent(id)}`;
}
