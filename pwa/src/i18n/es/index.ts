import auth from "./auth";
import common from "./common";
import errors from "./errors";
import home from "./home";
import notifications from "./notifications";
import onboarding from "./onboarding";
import settings from "./settings";
import skills from "./skills";
import type en from "../en";

const catalogue: typeof en = { auth, common, errors, home, notifications, onboarding, settings, skills };
export default catalogue;
