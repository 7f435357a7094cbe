/**
 * Gong: call, transcript, user, tracker and activity tools over API v2 with the access key pair,
 * automation-rule webhooks verified by their RS256 JWT, and an incremental calls sync.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { basicAuth } from "../../runtime/http/static-auth.js";
import { createApi, type GongApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<GongApi> = {
  facts,
  baseUrl: "https://api.gong.io",
  auth: (credentials) => basicAuth(requiredCredential(credentials, "GONG_ACCESS_KEY"), requiredCredential(credentials, "GONG_CLIENT_SECRET")),
  createApi,
  tools,
  webhook,
  syncs,
};
