/**
 * Figma: files and their pages and layers, rendered images, comments, version history, team
 * projects and files, the published library (components, styles), Dev Mode resources and webhooks
 * v2. A personal access token is sent as X-Figma-Token; an OAuth access token as a Bearer token.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { bearerAuth, headerAuth } from "../../runtime/http/static-auth.js";
import { createApi, type FigmaApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<FigmaApi> = {
  facts,
  baseUrl: "https://api.figma.com",
  auth(credentials) {
    const token = requiredCredential(credentials, "FIGMA_ACCESS_TOKEN");
    return credentials.FIGMA_TOKEN_TYPE === "oauth" ? bearerAuth(token) : headerAuth("X-Figma-Token", token);
  },
  createApi,
  tools,
  webhook,
  syncs,
};
