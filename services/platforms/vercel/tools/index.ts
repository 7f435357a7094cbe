import type { ToolDefinition } from "../../../runtime/contract.js";
import type { VercelApi } from "../api/index.js";
import { cancelDeployment } from "./cancel-deployment.js";
import { checkDomain } from "./check-domain.js";
import { getBuildLogs } from "./get-build-logs.js";
import { getDeployment } from "./get-deployment.js";
import { getProject } from "./get-project.js";
import { listDeployments } from "./list-deployments.js";
import { listDomains } from "./list-domains.js";
import { listEnvVars } from "./list-env-vars.js";
import { listProjectDomains } from "./list-project-domains.js";
import { listProjects } from "./list-projects.js";
import { listTeams } from "./list-teams.js";
import { redeploy } from "./redeploy.js";

export const tools: readonly ToolDefinition<VercelApi>[] = [
  listTeams,
  listProjects,
  getProject,
  listDeployments,
  getDeployment,
  getBuildLogs,
  listDomains,
  listProjectDomains,
  checkDomain,
  listEnvVars,
  redeploy,
  cancelDeployment,
];
