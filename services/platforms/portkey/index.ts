/**
 * Portkey, the LLM gateway: analytics (cost, requests, tokens, latency, errors, over time and by
 * model, user or metadata), request logs with redacted, truncated bodies (one by id, or many
 * through a log export), configs, virtual keys
 * (metadata only), prompt templates and their rendering, and feedback. The x-portkey-api-key
 * header authenticates; a daily analytics summary is synced into memory.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { headerAuth } from "../../runtime/http/static-auth.js";
import { createApi, type PortkeyApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<PortkeyApi> = {
  facts,
  // paths carry /v1, so PLATFORM_API_BASE_URL is a bare origin like every other platform's
  baseUrl: "https://api.portkey.ai",
  auth: (credentials) => headerAuth("x-portkey-api-key", requiredCredential(credentials, "PORTKEY_API_KEY")),
  createApi,
  tools,
  ...(webhook !== undefined && { webhook }),
  syncs,
};
