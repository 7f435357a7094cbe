import type { ToolDefinition } from "../../../runtime/contract.js";
import type { PortkeyApi } from "../api/index.js";
import { createFeedback } from "./create-feedback.js";
import { getAnalytics } from "./get-analytics.js";
import { getConfig } from "./get-config.js";
import { exportLogs } from "./export-logs.js";
import { getLog } from "./get-log.js";
import { getLogExport } from "./get-log-export.js";
import { groupAnalytics } from "./group-analytics.js";
import { listConfigs } from "./list-configs.js";
import { listPrompts } from "./list-prompts.js";
import { listVirtualKeys } from "./list-virtual-keys.js";
import { renderPrompt } from "./render-prompt.js";

export const tools: readonly ToolDefinition<PortkeyApi>[] = [
  getAnalytics,
  groupAnalytics,
  getLog,
  exportLogs,
  getLogExport,
  listConfigs,
  getConfig,
  listVirtualKeys,
  listPrompts,
  renderPrompt,
  createFeedback,
];
