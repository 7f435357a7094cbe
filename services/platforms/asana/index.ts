/**
 * Asana: workspaces (and typeahead search), projects, sections, tasks (search, read with subtasks
 * and stories, create, update, complete, comment, set parent, dependencies and dependents, move to
 * a section), project status updates and webhooks.
 * Personal access token or OAuth access token, as a Bearer token.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { bearerAuth } from "../../runtime/http/static-auth.js";
import { type AsanaApi, createApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<AsanaApi> = {
  facts,
  baseUrl: "https://app.asana.com/api/1.0",
  auth: (credentials) => bearerAuth(requiredCredential(credentials, "ASANA_ACCESS_TOKEN")),
  createApi,
  tools,
  webhook,
  syncs,
};
