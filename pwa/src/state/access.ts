// The signed-in person's standing (their role in the community they are looking at, and whether
// they administer Village), read by the shell's guard and navigation and by screens that offer
// more to some roles than to others. The rules themselves are in features/registry.ts (allows).
import { computed } from "@preact/signals";
import type { Access } from "../features/feature";
import { allows, type Standing } from "../features/registry";
import { currentMembership, me } from "./me";

export const standing = computed<Standing>(() => ({
  membership: currentMembership.value,
  platformAdmin: me.value?.viewer?.isPlatformAdmin ?? false,
}));

/** Whether the signed-in person may use screens of that access now. */
export function mayUse(access: Access | undefined): boolean {
  return allows(access, standing.value);
}
