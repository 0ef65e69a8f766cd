// The shell: routes, the guard (signed out → the guest landing; no community yet → the joining
// landing), the bottom navigation, the offline bar and the update prompt. Every route and navigation
// entry comes from the features (features/registry.ts); screens load lazily and the SW precaches them.
import { signal } from "@preact/signals";
import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from "preact-iso";
import { useEffect } from "preact/hooks";
import { accessOf, landing, navEntries, routeFor, routes } from "./features/registry";
import type { NavEntry } from "./features/feature";
import { t } from "./i18n";
import { me, meLoaded } from "./state/me";
import { session } from "./state/session";
import { Loading, LinkButton, Page } from "./ui";
import { Icon } from "./ui/icons";

export const online = signal(typeof navigator === "undefined" ? true : navigator.onLine);
export const updateReady = signal<(() => void) | null>(null);

function Guard() {
  const { path, url, route } = useLocation();
  const token = session.token.value;
  const memberships = me.value?.myMemberships;
  let target: string | null = null;
  const access = accessOf(path);
  if (!token) {
    if (access !== "guest") target = path === "/" ? landing("guest") : `${landing("guest")}?next=${encodeURIComponent(url)}`;
  } else if (access === "guest") {
    target = "/";
  } else if (meLoaded.value && me.value && memberships && memberships.length === 0 && access !== "joining") {
    target = landing("joining");
  }
  useEffect(() => {
    if (target) route(target, true);
  }, [target]);
  return null;
}

function NotFound() {
  return (
    <Page title={t("common.notFound")}>
      <LinkButton href="/">{t("common.goHome")}</LinkButton>
    </Page>
  );
}

function NavLink({ entry }: { entry: NavEntry }) {
  const { path } = useLocation();
  const { href, icon } = entry;
  const badge = entry.useBadge?.() ?? 0;
  const current = href === "/" ? path === "/" : path.startsWith(href);
  return (
    <li>
      <a href={href} aria-current={current ? "page" : undefined}>
        <Icon name={icon} />
        <span>{t(entry.label)}</span>
        {badge ? (
          <span class="badge" aria-label={t("common.unreadBadge", { count: badge })}>
            {badge}
          </span>
        ) : null}
      </a>
    </li>
  );
}

function BottomNav() {
  return (
    <nav class="bottom-nav" aria-label={t("common.mainNav")}>
      <ul>
        {navEntries.map((entry) => (
          <NavLink key={entry.href} entry={entry} />
        ))}
      </ul>
    </nav>
  );
}

function Shell() {
  const { path } = useLocation();
  const signedIn = !!session.token.value;
  const bare = !!routeFor(path)?.bare;
  const waiting = signedIn && !meLoaded.value;
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <header class="topbar">
        <a href="/">{t("common.appName")}</a>
      </header>
      {!online.value && (
        <div class="offline-bar" role="status">
          {t("common.offline")}
        </div>
      )}
      {updateReady.value && (
        <div class="offline-bar" role="status">
          {t("common.updateReady")}{" "}
          <button class="btn quiet" type="button" onClick={() => updateReady.value?.()}>
            {t("common.reload")}
          </button>
        </div>
      )}
      <Guard />
      <main id="main" tabIndex={-1}>
        {waiting ? (
          <Loading />
        ) : (
          <ErrorBoundary>
            <Router>
              {routes.map((r) => (
                <Route key={r.path} path={r.path} component={r.component} />
              ))}
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        )}
      </main>
      {signedIn && !bare && <BottomNav />}
    </div>
  );
}

export function App() {
  return (
    <LocationProvider>
      <Shell />
    </LocationProvider>
  );
}
