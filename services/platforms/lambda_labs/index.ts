/**
 * Lambda Labs (Lambda Cloud): GPU instance types with prices and capacity, instances with their
 * hourly and running cost, SSH keys, file systems and the audit log; launch (under a price
 * ceiling), restart and terminate as write tools, hidden while `read_only: true`. REST under
 * /api/v1 with the API key as a Bearer token; polled syncs of instances and audit events.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { bearerAuth } from "../../runtime/http/static-auth.js";
import { createApi, type LambdaLabsApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<LambdaLabsApi> = {
  facts,
  // paths carry /api/v1, so PLATFORM_API_BASE_URL is a bare origin like every other platform's
  baseUrl: "https://cloud.lambda.ai",
  auth: (credentials) => bearerAuth(requiredCredential(credentials, "LAMBDA_LABS_API_KEY")),
  createApi,
  tools,
  ...(webhook !== undefined && { webhook }),
  syncs,
};
