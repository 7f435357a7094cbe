/**
 * UserGems: track and untrack contacts and accounts, privacy deletion (at UserGems and of the
 * person's memories here), and read tools over the job-change signals its "Send to Webhook"
 * campaigns have sent us, served from memory.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { headerAuth } from "../../runtime/http/static-auth.js";
import { createApi, type UsergemsApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<UsergemsApi> = {
  facts,
  baseUrl: "https://api.usergems.com/v1",
  auth: (credentials) => headerAuth("X-Api-Key", requiredCredential(credentials, "USERGEMS_API_KEY")),
  createApi,
  tools,
  webhook,
  syncs,
};
