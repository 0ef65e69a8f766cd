// The shell: routes, the guard (signed out → the guest landing; no community yet → the joining
// landing; a screen of a role the person lacks → home), the bottom navigation (only what they may
// use), the offline bar and the update prompt. Every route and navigation entry comes from the
// features (features/registry.ts); screens load lazily and the SW precaches them.
import { signal } from "@preact/signals";
import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from "preact-iso";
import { useEffect } from "preact/hooks";
import { accessOf, landing, navFor, needsCommunity, routeFor, routes } from "./features/registry";
import type { NavEntry } from "./features/feature";
import { t } from "./i18n";
import { mayUse, standing } from "./state/access";
import { me, meLoaded } from "./state/me";
import { session } from "./state/session";
import { Loading, LinkButton, Page } from "./ui";
import { Icon } from "./ui/icons";

export const online = signal(typeof navigator === "undefined" ? true : navigator.onLine);
export const updateReady = signal<(() => void) | null>(null);

/** Where the guard sends the person instead of the screen at `path`, or null when they may see it. */
export function redirectFor(path: string, url: string): string | null {
  const access = accessOf(path);
  if (!session.token.value) {
    if (access === "guest") return null;
    return path === "/" ? landing("guest") : `${landing("guest")}?next=${encodeURIComponent(url)}`;
  }
  if (access === "guest") return "/";
  const memberships = me.value?.myMemberships;
  if (meLoaded.value && me.value && memberships && memberships.length === 0 && needsCommunity(access)) return landing("joining");
  if (meLoaded.value && !mayUse(access)) return "/";
  return null;
}

/** Sends the person where redirectFor says. The shell renders no screen meanwhile (not even for one
 *  frame), so a person without a community never glimpses home on the way to onboarding. */
function Guard({ target }: { target: string | null }) {
  const { route } = useLocation();
  useEffect(() => {
    // Asked again now: the render that said where may be out of date (signing up routes straight on
    // to ?next=, and a stale "/" from the sign-up screen would lose the invite link's code).
    const now = target && redirectFor(location.pathname, location.pathname + location.search);
    if (now) route(now, true);
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
          <span class="badge" aria-label={t(entry.badgeLabel ?? "common.unreadBadge", { count: badge })}>
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
        {navFor(standing.value).map((entry) => (
          <NavLink key={entry.href} entry={entry} />
        ))}
      </ul>
    </nav>
  );
}

/** Entries placed in the top bar (Settings): an icon and its name, outside the main navigation. */
function TopLinks() {
  const { path } = useLocation();
  return (
    <>
      {navFor(standing.value, "top").map((entry) => (
        <a key={entry.href} class="topbar-link" href={entry.href} aria-current={path === entry.href ? "page" : undefined}>
          <Icon name={entry.icon} />
          <span>{t(entry.label)}</span>
        </a>
      ))}
    </>
  );
}

function Shell() {
  const { path, url } = useLocation();
  const signedIn = !!session.token.value;
  const bare = !!routeFor(path)?.bare;
  const target = redirectFor(path, url);
  // Until the person (and so their community) is known, or while they are being sent elsewhere, no
  // screen and no navigation: either could belong to a place they are not going to stay.
  const waiting = (signedIn && !meLoaded.value) || target !== null;
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <header class="topbar">
        <a href="/">{t("common.appName")}</a>
        {signedIn && !waiting && !bare && <TopLinks />}
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
      <Guard target={target} />
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
      {signedIn && !bare && !waiting && <BottomNav />}
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
