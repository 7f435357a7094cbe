/**
 * Linear: issues (search, get, create, update, comment), teams, workflow states and projects over
 * the GraphQL API. Personal API keys go bare in Authorization; OAuth access tokens as Bearer.
 */
import type { AuthScheme, PlatformDefinition } from "../../runtime/contract.js";
import { bareAuthorization, bearerAuth } from "../../runtime/http/token-manager.js";
import { type LinearApi, createLinearApi } from "./api/client.js";
import { syncs } from "./sync.js";
import { createComment } from "./tools/create-comment.js";
import { createIssue } from "./tools/create-issue.js";
import { getIssue } from "./tools/get-issue.js";
import { listProjects } from "./tools/list-projects.js";
import { listTeams } from "./tools/list-teams.js";
import { listWorkflowStates } from "./tools/list-workflow-states.js";
import { searchIssues } from "./tools/search-issues.js";
import { updateIssue } from "./tools/update-issue.js";
import { webhook } from "./webhook.js";

/** Personal keys start lin_api_ and are sent as they are; OAuth access tokens need the Bearer word. */
export function linearAuth(key: string): AuthScheme {
  if (/^bearer\s/i.test(key)) return bareAuthorization(key);
  return key.startsWith("lin_oauth_") ? bearerAuth(key) : bareAuthorization(key);
}

export const definition: PlatformDefinition<LinearApi> = {
  platform: "linear",
  baseUrl: "https://api.linear.app",
  auth: (credentials) => linearAuth(credentials.LINEAR_API_KEY ?? ""),
  createApi: ({ http, credentials }) => createLinearApi(http, { defaultTeamId: credentials.LINEAR_TEAM_ID }),
  tools: [searchIssues, getIssue, createIssue, updateIssue, createComment, listTeams, listWorkflowStates, listProjects],
  webhook,
  syncs,
};
