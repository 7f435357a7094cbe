/**
 * Linear: issues (search, get, create, update, comment), teams, workflow states and projects over
 * the GraphQL API. Personal API keys go bare in Authorization; OAuth access tokens as Bearer.
 */
import type { AuthScheme, PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { bareAuthorization, bearerAuth } from "../../runtime/http/static-auth.js";
import { createApi, type LinearApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

/** Personal keys start lin_api_ and are sent as they are; OAuth access tokens need the Bearer word. */
export function linearAuth(key: string): AuthScheme {
  if (/^bearer\s/i.test(key)) return bareAuthorization(key);
  return key.startsWith("lin_oauth_") ? bearerAuth(key) : bareAuthorization(key);
}

export const definition: PlatformDefinition<LinearApi> = {
  facts,
  baseUrl: "https://api.linear.app",
  auth: (credentials) => linearAuth(requiredCredential(credentials, "LINEAR_API_KEY")),
  createApi,
  tools,
  webhook,
  syncs,
};
