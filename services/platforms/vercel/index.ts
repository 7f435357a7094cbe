/**
 * Vercel: teams, projects, deployments (list, get, build logs, redeploy, cancel), domains (and the
 * registrar's availability and prices) and environment variable names. Bearer token, scoped to
 * VERCEL_TEAM_ID when set; webhooks signed with x-vercel-signature; deployments synced since the
 * checkpoint.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { bearerAuth } from "../../runtime/http/static-auth.js";
import { createApi, type VercelApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<VercelApi> = {
  facts,
  baseUrl: "https://api.vercel.com",
  auth: (credentials) => bearerAuth(requiredCredential(credentials, "VERCEL_TOKEN")),
  createApi,
  tools,
  webhook,
  syncs,
};
