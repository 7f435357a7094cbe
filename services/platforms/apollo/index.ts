/**
 * Apollo.io: prospecting (people and company search, people match and organization enrichment, which
 * spend credits), the team's contacts, accounts and sequences, email accounts and usage; per-request
 * webhook callbacks for asynchronous reveals; contacts and accounts synced into memory. `X-Api-Key`;
 * per-endpoint minute / hour / day windows paced from Apollo's x-rate-limit-* headers.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { staticAuth } from "../../runtime/http/static-auth.js";
import { APOLLO_API, type ApolloApi, createApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<ApolloApi> = {
  facts,
  baseUrl: APOLLO_API,
  // Apollo's reference sends Cache-Control: no-cache with every call
  auth: (credentials) => staticAuth({ "x-api-key": requiredCredential(credentials, "APOLLO_API_KEY"), "cache-control": "no-cache" }),
  createApi,
  tools,
  webhook,
  syncs,
  // a used-up daily window takes the server out of rotation until it frees up (its tools would only fail)
  readiness: async (api) => api.rateWindows.problems(),
};
