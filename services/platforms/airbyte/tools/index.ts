import type { ToolDefinition } from "../../../runtime/contract.js";
import type { AirbyteApi } from "../api/index.js";
import { cancelJob } from "./cancel-job.js";
import { getConnection } from "./get-connection.js";
import { getDestination } from "./get-destination.js";
import { getJob } from "./get-job.js";
import { getSource } from "./get-source.js";
import { getWorkspace } from "./get-workspace.js";
import { listConnections } from "./list-connections.js";
import { listDestinations } from "./list-destinations.js";
import { listJobs } from "./list-jobs.js";
import { listOrganizations } from "./list-organizations.js";
import { listSources } from "./list-sources.js";
import { listStreams } from "./list-streams.js";
import { listWorkspaces } from "./list-workspaces.js";
import { resetConnection } from "./reset-connection.js";
import { setConnectionStatus } from "./set-connection-status.js";
import { triggerSync } from "./trigger-sync.js";

export const tools: readonly ToolDefinition<AirbyteApi>[] = [
  listWorkspaces,
  getWorkspace,
  listOrganizations,
  listSources,
  getSource,
  listDestinations,
  getDestination,
  listStreams,
  listConnections,
  getConnection,
  setConnectionStatus,
  triggerSync,
  resetConnection,
  getJob,
  listJobs,
  cancelJob,
];
