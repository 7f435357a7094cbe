/**
 * HubSpot CRM: contacts, companies, deals and tickets; associations, notes, tasks, owners and
 * pipelines. Private-app Bearer token, or OAuth with refresh when HUBSPOT_REFRESH_TOKEN is set.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { resolveUrl } from "../../runtime/http/client.js";
import { bearerAuth } from "../../runtime/http/static-auth.js";
import { OAuthTokenManager } from "../../runtime/http/token-manager.js";
import { createApi, type HubspotApi } from "./api/index.js";
import { refreshAccessToken } from "./api/oauth.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

const HUBSPOT_API = "https://api.hubapi.com";

export const definition: PlatformDefinition<HubspotApi> = {
  facts,
  baseUrl: HUBSPOT_API,
  auth(credentials, http) {
    const accessToken = requiredCredential(credentials, "HUBSPOT_ACCESS_TOKEN");
    const { HUBSPOT_REFRESH_TOKEN: refreshToken, HUBSPOT_CLIENT_ID: clientId, HUBSPOT_CLIENT_SECRET: clientSecret } = credentials;
    if (refreshToken && clientId && clientSecret) {
      // on the API host, so PLATFORM_API_BASE_URL moves it along with every other call
      const tokenUrl = resolveUrl(http.baseUrl ?? HUBSPOT_API, "/oauth/v1/token").href;
      return new OAuthTokenManager({
        platform: facts.name,
        title: facts.title,
        initial: { accessToken, refreshToken },
        ...(http.refreshTokens ? { store: http.refreshTokens } : {}),
        refresh: (latest) => refreshAccessToken(http.fetch, tokenUrl, { clientId, clientSecret }, latest ?? refreshToken),
      });
    }
    return bearerAuth(accessToken);
  },
  createApi,
  tools,
  webhook,
  syncs,
};
