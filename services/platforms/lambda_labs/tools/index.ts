import type { ToolDefinition } from "../../../runtime/contract.js";
import type { LambdaLabsApi } from "../api/index.js";
import { getInstance } from "./get-instance.js";
import { launchInstance } from "./launch-instance.js";
import { listAuditEvents } from "./list-audit-events.js";
import { listFileSystems } from "./list-file-systems.js";
import { listInstanceTypes } from "./list-instance-types.js";
import { listInstances } from "./list-instances.js";
import { listSshKeys } from "./list-ssh-keys.js";
import { restartInstances } from "./restart-instances.js";
import { terminateInstances } from "./terminate-instances.js";

export const tools: readonly ToolDefinition<LambdaLabsApi>[] = [
  listInstanceTypes,
  listInstances,
  getInstance,
  listSshKeys,
  listFileSystems,
  listAuditEvents,
  launchInstance,
  restartInstances,
  terminateInstances,
];
