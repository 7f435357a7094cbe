import type { ToolDefinition } from "../../../runtime/contract.js";
import type { LinearApi } from "../api/index.js";
import { createComment } from "./create-comment.js";
import { createIssue } from "./create-issue.js";
import { getIssue } from "./get-issue.js";
import { listProjects } from "./list-projects.js";
import { listTeams } from "./list-teams.js";
import { listWorkflowStates } from "./list-workflow-states.js";
import { searchIssues } from "./search-issues.js";
import { updateIssue } from "./update-issue.js";

export const tools: readonly ToolDefinition<LinearApi>[] = [searchIssues, getIssue, createIssue, updateIssue, createComment, listTeams, listWorkflowStates, listProjects];
