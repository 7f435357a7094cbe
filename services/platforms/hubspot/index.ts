/**
 * HubSpot CRM: contacts, companies, deals and tickets; associations, notes, tasks, owners and
 * pipelines. Private-app Bearer token, or OAuth with refresh when HUBSPOT_REFRESH_TOKEN is set.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { resolveUrl } from "../../runtime/http/client.js";
import { OAuthTokenManager, bearerAuth } from "../../runtime/http/token-manager.js";
import { type HubspotApi, createHubspotApi } from "./api/client.js";
import { refreshAccessToken } from "./api/oauth.js";
import { syncs } from "./sync.js";
import { associateObjects } from "./tools/associate-objects.js";
import { createNote } from "./tools/create-note.js";
import { createObject } from "./tools/create-object.js";
import { createTask } from "./tools/create-task.js";
import { getObject } from "./tools/get-object.js";
import { listAssociations } from "./tools/list-associations.js";
import { listOwners } from "./tools/list-owners.js";
import { listPipelines } from "./tools/list-pipelines.js";
import { searchObjects } from "./tools/search-objects.js";
import { updateObject } from "./tools/update-object.js";
import { webhook } from "./webhook.js";

const HUBSPOT_API = "https://api.hubapi.com";

export const definition: PlatformDefinition<HubspotApi> = {
  platform: "hubspot",
  baseUrl: HUBSPOT_API,
  auth(credentials, http) {
    const { HUBSPOT_ACCESS_TOKEN: accessToken, HUBSPOT_REFRESH_TOKEN: refreshToken } = credentials;
    const { HUBSPOT_CLIENT_ID: clientId, HUBSPOT_CLIENT_SECRET: clientSecret } = credentials;
    if (refreshToken && clientId && clientSecret) {
      // on the API host, so PLATFORM_API_BASE_URL moves it along with every other call
      const tokenUrl = resolveUrl(http.baseUrl ?? HUBSPOT_API, "/oauth/v1/token").href;
      return new OAuthTokenManager({
        platform: "hubspot",
        initial: { accessToken, refreshToken },
        refresh: (latest) => refreshAccessToken(http.fetch, tokenUrl, { clientId, clientSecret }, latest ?? refreshToken),
      });
    }
    return bearerAuth(accessToken ?? "");
  },
  createApi: ({ http }) => createHubspotApi(http),
  tools: [
    searchObjects,
    getObject,
    createObject,
    updateObject,
    listAssociations,
    associateObjects,
    createNote,
    createTask,
    listOwners,
    listPipelines,
  ],
  webhook,
  syncs,
};
