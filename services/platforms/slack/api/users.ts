/** users.lookupByEmail / users.info */
import { userResponse } from "../types/raw.js";
import { toUser, type SlackUser } from "../types/normalized.js";
import { expiringCache } from "../../../runtime/cache.js";
import type { UsersInfoArguments, UsersLookupByEmailArguments } from "@slack/web-api";
import type { SlackCall } from "./call.js";

export interface UsersApi {
  lookupByEmail(email: string): Promise<SlackUser>;
  /** cached for ten minutes: memory records resolve author names through it */
  info(user: string): Promise<SlackUser>;
}

export function createUsersApi(call: SlackCall): UsersApi {
  const cache = expiringCache<SlackUser>({ maxEntries: 2_000, ttlMs: 10 * 60_000 });
  return {
    async lookupByEmail(email) {
      const args = { email } satisfies UsersLookupByEmailArguments;
      const response = await call.read("users.lookupByEmail", args, userResponse);
      return toUser(response.user);
    },
    info(user) {
      const args = { user } satisfies UsersInfoArguments;
      return cache.getOrLoad(user, async () => toUser((await call.read("users.info", args, userResponse)).user));
    },
  };
}
