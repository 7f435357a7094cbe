/**
 * Gong: call, transcript, user, tracker and activity tools over API v2 with the access key pair,
 * automation-rule webhooks verified by their RS256 JWT, and an incremental calls sync.
 */
import type { AuthScheme, Credentials, PlatformDefinition } from "../../runtime/contract.js";
import { basicAuth } from "../../runtime/http/static-auth.js";
import { createGongApi, type GongApi } from "./api/index.js";
import { gongCallsSync } from "./sync.js";
import { gongTools } from "./tools/index.js";
import { gongWebhook } from "./webhook.js";

function accessKeyAuth(credentials: Credentials): AuthScheme {
  const { GONG_ACCESS_KEY: key, GONG_CLIENT_SECRET: secret } = credentials;
  if (key !== undefined && secret !== undefined) return basicAuth(key, secret);
  return { headers: async () => ({}), problem: () => "GONG_ACCESS_KEY and GONG_CLIENT_SECRET must both be set" };
}

export const definition: PlatformDefinition<GongApi> = {
  platform: "gong",
  baseUrl: "https://api.gong.io",
  auth: (credentials) => accessKeyAuth(credentials),
  createApi: (ctx) => createGongApi(ctx),
  tools: gongTools,
  webhook: gongWebhook,
  syncs: [gongCallsSync],
};

export type { GongApi };
