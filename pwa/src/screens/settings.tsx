// Settings: language, notifications and quiet hours, push on this device, profile and privacy,
// and the person's data and account. Each section loads and saves on its own (screens/settings/).
import { t } from "../i18n";
import { Page } from "../ui";
import { AccountSection } from "./settings/account";
import { LanguageSection } from "./settings/language";
import { NotificationPrefsSection } from "./settings/notification-prefs";
import { ProfileSection } from "./settings/profile";
import { PushSection } from "./settings/push-device";

export default function Settings() {
  return (
    <Page title={t("settings.title")}>
      <LanguageSection />
      <NotificationPrefsSection />
      <PushSection />
      <ProfileSection />
      <AccountSection />
    </Page>
  );
}
