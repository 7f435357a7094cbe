import type { ToolDefinition } from "../../../runtime/contract.js";
import type { SnowflakeApi } from "../api/index.js";
import { describeTable } from "./describe-table.js";
import { executeTask } from "./execute-task.js";
import { getCreditUsage } from "./get-credit-usage.js";
import { getPipeStatus } from "./get-pipe-status.js";
import { getQueryHistory } from "./get-query-history.js";
import { getTaskHistory } from "./get-task-history.js";
import { getWarehouseLoad } from "./get-warehouse-load.js";
import { listDatabases } from "./list-databases.js";
import { listPipes } from "./list-pipes.js";
import { listSchemas } from "./list-schemas.js";
import { listTables } from "./list-tables.js";
import { listTasks } from "./list-tasks.js";
import { listWarehouses } from "./list-warehouses.js";
import { resizeWarehouse } from "./resize-warehouse.js";
import { resumeWarehouse } from "./resume-warehouse.js";
import { runQuery } from "./run-query.js";
import { suspendWarehouse } from "./suspend-warehouse.js";

export const tools: readonly ToolDefinition<SnowflakeApi>[] = [
  listDatabases,
  listSchemas,
  listTables,
  describeTable,
  runQuery,
  getQueryHistory,
  listWarehouses,
  getWarehouseLoad,
  getCreditUsage,
  listTasks,
  getTaskHistory,
  listPipes,
  getPipeStatus,
  resumeWarehouse,
  suspendWarehouse,
  resizeWarehouse,
  executeTask,
];
