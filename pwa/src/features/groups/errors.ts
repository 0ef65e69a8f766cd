// The groups API's own refusal codes in the reader's language. Some share a name with a code the
// shared catalogue words differently (ALREADY_MEMBER there is about the school community), so these
// are worded here and passed on with the code made unique to the feature.
import type { UserError } from "../../api/client";
import { has, t, type Key } from "../../i18n";

export function inWords(errors: readonly UserError[]): UserError[] {
  return errors.map((e) => {
    const key = `groups.error_${e.code}`;
    return has(key) ? { ...e, message: t(key as Key), code: `groups.${e.code}` } : e;
  });
}
