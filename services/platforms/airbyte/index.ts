/**
 * Airbyte: workspaces, sources, destinations, connections (enable/disable) and jobs (trigger a
 * sync or reset, follow, cancel) over the public API v1. The application's client id and secret
 * are exchanged for 15-minute Bearer tokens, refreshed ahead of expiry by the runtime's token
 * manager. Sync notifications (unsigned) are accepted with a URL token and confirmed through
 * GET /jobs/{id}; the jobs sync closes any gap.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { resolveUrl } from "../../runtime/http/client.js";
import { OAuthTokenManager } from "../../runtime/http/token-manager.js";
import { AIRBYTE_CLOUD_API, type AirbyteApi, airbytePathResolver, createApi } from "./api/index.js";
import { requestAccessToken } from "./api/token.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<AirbyteApi> = {
  facts,
  baseUrl: AIRBYTE_CLOUD_API,
  auth(credentials, http) {
    const clientId = requiredCredential(credentials, "AIRBYTE_CLIENT_ID");
    const clientSecret = requiredCredential(credentials, "AIRBYTE_CLIENT_SECRET");
    // the token endpoint lives on the API base, so AIRBYTE_API_URL / PLATFORM_API_BASE_URL move it along
    const tokenPath = airbytePathResolver(credentials.AIRBYTE_API_URL)("/applications/token");
    const tokenUrl = resolveUrl(http.baseUrl ?? AIRBYTE_CLOUD_API, tokenPath).href;
    const preIssued = credentials.AIRBYTE_ACCESS_TOKEN?.trim();
    return new OAuthTokenManager({
      platform: facts.name,
      title: facts.title,
      ...(preIssued ? { initial: { accessToken: preIssued } } : {}),
      refresh: () => requestAccessToken(http.fetch, tokenUrl, { clientId, clientSecret }),
    });
  },
  createApi,
  tools,
  webhook,
  syncs,
};
