// The shell: routes, the guard (signed out → log in; no community yet → onboarding), the bottom
// navigation, the offline bar and the unread badge. Screens load lazily; the SW precaches them all.
import { signal } from "@preact/signals";
import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from "preact-iso";
import { useEffect } from "preact/hooks";
import { useQuery } from "./api/hooks";
import { UnreadCountDocument } from "./gql/graphql";
import { t } from "./i18n";
import { LogIn, SignUp } from "./screens/auth";
import { me, meLoaded } from "./state/me";
import { session } from "./state/session";
import { Loading, LinkButton, Page } from "./ui";
import { Icon, type IconName } from "./ui/icons";

const Onboarding = lazy(() => import("./screens/onboarding"));
const Home = lazy(() => import("./screens/home"));
const Share = lazy(() => import("./screens/skills/share"));
const StrengthForm = lazy(() => import("./screens/skills/strength-form"));
const NeedForm = lazy(() => import("./screens/skills/need-form"));
const NeedDetail = lazy(() => import("./screens/skills/need-detail"));
const NeedsList = lazy(() => import("./screens/skills/needs-list"));
const MatchDetail = lazy(() => import("./screens/skills/match-detail"));
const Notifications = lazy(() => import("./screens/notifications"));
const Settings = lazy(() => import("./screens/settings"));

export const online = signal(typeof navigator === "undefined" ? true : navigator.onLine);
export const updateReady = signal<(() => void) | null>(null);

const PUBLIC = ["/login", "/signup"];

function Guard() {
  const { path, url, route } = useLocation();
  const token = session.token.value;
  const memberships = me.value?.myMemberships;
  let target: string | null = null;
  if (!token) {
    if (!PUBLIC.includes(path)) target = path === "/" ? "/login" : `/login?next=${encodeURIComponent(url)}`;
  } else if (PUBLIC.includes(path)) {
    target = "/";
  } else if (meLoaded.value && me.value && memberships && memberships.length === 0 && !path.startsWith("/welcome") && path !== "/settings") {
    target = "/welcome";
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

function NavLink({ href, icon, label, badge }: { href: string; icon: IconName; label: string; badge?: number }) {
  const { path } = useLocation();
  const current = href === "/" ? path === "/" : path.startsWith(href);
  return (
    <li>
      <a href={href} aria-current={current ? "page" : undefined}>
        <Icon name={icon} />
        <span>{label}</span>
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
  const unread = useQuery(UnreadCountDocument, undefined, { skip: !session.token.value });
  const count = unread.data?.notifications.unreadCount ?? 0;
  return (
    <nav class="bottom-nav" aria-label={t("common.mainNav")}>
      <ul>
        <NavLink href="/" icon="home" label={t("common.navHome")} />
        <NavLink href="/share" icon="share" label={t("common.navShare")} />
        <NavLink href="/notifications" icon="bell" label={t("common.navNotifications")} badge={count} />
        <NavLink href="/settings" icon="settings" label={t("common.navSettings")} />
      </ul>
    </nav>
  );
}

function Shell() {
  const { path } = useLocation();
  const signedIn = !!session.token.value;
  const onboarding = path.startsWith("/welcome");
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
              <Route path="/login" component={LogIn} />
              <Route path="/signup" component={SignUp} />
              <Route path="/welcome" component={Onboarding} />
              <Route path="/welcome/:step" component={Onboarding} />
              <Route path="/" component={Home} />
              <Route path="/share" component={Share} />
              <Route path="/strengths/new" component={StrengthForm} />
              <Route path="/strengths/:id" component={StrengthForm} />
              <Route path="/needs" component={NeedsList} />
              <Route path="/needs/new" component={NeedForm} />
              <Route path="/needs/:id" component={NeedDetail} />
              <Route path="/matches/:id" component={MatchDetail} />
              <Route path="/notifications" component={Notifications} />
              <Route path="/settings" component={Settings} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        )}
      </main>
      {signedIn && !onboarding && <BottomNav />}
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
