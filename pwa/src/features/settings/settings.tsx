// Settings: language, notifications and quiet hours, push on this device, profile and privacy,
// and the person's data and account. Each section loads and saves on its own (the files beside this one).
import { t } from "../../i18n";
import { Page } from "../../ui";
import { AccountSection } from "./account";
import { LanguageSection } from "./language";
import { NotificationPrefsSection } from "./notification-prefs";
import { ProfileSection } from "./profile";
import { PushSection } from "./push-device";

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
