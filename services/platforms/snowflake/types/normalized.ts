/**
 * What our Snowflake tools return: catalog objects, queries, warehouses, credits, tasks and pipes
 * with ISO 8601 times, seconds instead of milliseconds where a person reads them, and long SQL
 * texts clipped.
 */
import { z } from "zod";
import { CREDITS_PER_HOUR, WAREHOUSE_SIZES, type WarehouseSize } from "../api/sql.js";
import type { RawColumn, RawDatabase, RawMetering, RawPipe, RawQuery, RawSchema, RawTable, RawTask, RawTaskRun, RawWarehouse, RawWarehouseLoad } from "./raw.js";

export const QUERY_TEXT_MAX = 1_000;
export const DEFINITION_MAX = 2_000;

export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const iso = (ms: number | null | undefined): string | undefined => (ms === null || ms === undefined ? undefined : new Date(ms).toISOString());
const defined = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

export const databaseSchema = z.object({
  name: z.string(),
  owner: z.string().optional(),
  kind: z.string().optional().describe("STANDARD, IMPORTED DATABASE (a share), APPLICATION ..."),
  origin: z.string().optional().describe("the share it comes from, for shared databases"),
  retentionDays: z.number().optional().describe("Time Travel retention"),
  comment: z.string().optional(),
});
export function toDatabase(raw: RawDatabase): z.infer<typeof databaseSchema> {
  return {
    name: raw.name,
    owner: defined(raw.owner) || undefined,
    kind: defined(raw.kind) || undefined,
    origin: defined(raw.origin) || undefined,
    retentionDays: defined(raw.retention_time),
    comment: defined(raw.comment) || undefined,
  };
}

export const schemaSchema = z.object({
  name: z.string(),
  owner: z.string().optional(),
  transient: z.boolean(),
  comment: z.string().optional(),
  createdAt: z.string().optional(),
  lastAlteredAt: z.string().optional(),
});
export function toSchema(raw: RawSchema): z.infer<typeof schemaSchema> {
  return {
    name: raw.SCHEMA_NAME,
    owner: defined(raw.SCHEMA_OWNER),
    transient: raw.IS_TRANSIENT === "YES",
    comment: defined(raw.COMMENT) || undefined,
    createdAt: iso(raw.CREATED_MS),
    lastAlteredAt: iso(raw.LAST_ALTERED_MS),
  };
}

export const tableSchema = z.object({
  schema: z.string(),
  name: z.string(),
  type: z.string().describe("BASE TABLE, VIEW, MATERIALIZED VIEW, EXTERNAL TABLE, EVENT TABLE ..."),
  owner: z.string().optional(),
  rowCount: z.number().optional().describe("tables only"),
  bytes: z.number().optional(),
  clusteringKey: z.string().optional(),
  comment: z.string().optional(),
  createdAt: z.string().optional(),
  lastAlteredAt: z.string().optional(),
});
export type Table = z.infer<typeof tableSchema>;
export function toTable(raw: RawTable): Table {
  return {
    schema: raw.TABLE_SCHEMA,
    name: raw.TABLE_NAME,
    type: raw.TABLE_TYPE,
    owner: defined(raw.TABLE_OWNER),
    rowCount: defined(raw.ROW_COUNT),
    bytes: defined(raw.BYTES),
    clusteringKey: defined(raw.CLUSTERING_KEY) || undefined,
    comment: defined(raw.COMMENT) || undefined,
    createdAt: iso(raw.CREATED_MS),
    lastAlteredAt: iso(raw.LAST_ALTERED_MS),
  };
}

export const columnSchema = z.object({
  name: z.string(),
  position: z.number(),
  type: z.string().describe("e.g. NUMBER(38,0), TEXT(16777216), TIMESTAMP_NTZ"),
  nullable: z.boolean(),
  default: z.string().optional(),
  comment: z.string().optional(),
});
export type Column = z.infer<typeof columnSchema>;
export function toColumn(raw: RawColumn): Column {
  let type = raw.DATA_TYPE;
  if (raw.NUMERIC_PRECISION !== null && raw.NUMERIC_PRECISION !== undefined && raw.DATA_TYPE === "NUMBER") type = `NUMBER(${raw.NUMERIC_PRECISION},${raw.NUMERIC_SCALE ?? 0})`;
  else if (raw.CHARACTER_MAXIMUM_LENGTH !== null && raw.CHARACTER_MAXIMUM_LENGTH !== undefined) type = `${raw.DATA_TYPE}(${raw.CHARACTER_MAXIMUM_LENGTH})`;
  return {
    name: raw.COLUMN_NAME,
    position: raw.ORDINAL_POSITION,
    type,
    nullable: raw.IS_NULLABLE === "YES",
    default: defined(raw.COLUMN_DEFAULT),
    comment: defined(raw.COMMENT) || undefined,
  };
}

export const querySchema = z.object({
  queryId: z.string(),
  status: z.string().describe("SUCCESS, FAIL or INCIDENT"),
  queryType: z.string().optional(),
  user: z.string().optional(),
  role: z.string().optional(),
  warehouse: z.string().optional(),
  warehouseSize: z.string().optional(),
  database: z.string().optional(),
  schema: z.string().optional(),
  startedAt: z.string(),
  endedAt: z.string(),
  elapsedSeconds: z.number(),
  queuedOverloadSeconds: z.number().optional(),
  bytesScanned: z.number().optional(),
  rowsProduced: z.number().optional(),
  cloudServicesCredits: z.number().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  queryText: z.string().optional().describe(`clipped to ${QUERY_TEXT_MAX} characters`),
  url: z.string(),
});
export type Query = z.infer<typeof querySchema>;

/**
 * Snowsight's address of the account: app.snowflake.com/<org>/<account> for an
 * orgname-accountname identifier, app.snowflake.com/<region>/<locator> for a legacy locator.
 */
export function snowsightBase(account: string): string {
  const id = account.trim().toLowerCase();
  const dot = id.indexOf(".");
  if (dot > 0) return `https://app.snowflake.com/${encodeURIComponent(id.slice(dot + 1))}/${encodeURIComponent(id.slice(0, dot))}`;
  const dash = id.indexOf("-");
  if (dash > 0) return `https://app.snowflake.com/${encodeURIComponent(id.slice(0, dash))}/${encodeURIComponent(id.slice(dash + 1))}`;
  return `https://app.snowflake.com/${encodeURIComponent(id)}`;
}

export function queryUrl(account: string, queryId: string): string {
  return `${snowsightBase(account)}/#/compute/history/queries/${encodeURIComponent(queryId)}/detail`;
}

export function toQuery(raw: RawQuery, account: string): Query {
  return {
    queryId: raw.QUERY_ID,
    status: raw.EXECUTION_STATUS,
    queryType: defined(raw.QUERY_TYPE),
    user: defined(raw.USER_NAME),
    role: defined(raw.ROLE_NAME),
    warehouse: defined(raw.WAREHOUSE_NAME),
    warehouseSize: defined(raw.WAREHOUSE_SIZE),
    database: defined(raw.DATABASE_NAME),
    schema: defined(raw.SCHEMA_NAME),
    startedAt: new Date(raw.START_MS).toISOString(),
    endedAt: new Date(raw.END_MS).toISOString(),
    elapsedSeconds: raw.TOTAL_ELAPSED_TIME / 1000,
    queuedOverloadSeconds: raw.QUEUED_OVERLOAD_TIME ? raw.QUEUED_OVERLOAD_TIME / 1000 : undefined,
    bytesScanned: defined(raw.BYTES_SCANNED),
    rowsProduced: defined(raw.ROWS_PRODUCED),
    cloudServicesCredits: defined(raw.CREDITS_USED_CLOUD_SERVICES),
    errorCode: raw.ERROR_CODE === null || raw.ERROR_CODE === undefined ? undefined : String(raw.ERROR_CODE),
    errorMessage: defined(raw.ERROR_MESSAGE) ? clip(raw.ERROR_MESSAGE as string, 500) : undefined,
    queryText: defined(raw.QUERY_TEXT) ? clip(raw.QUERY_TEXT as string, QUERY_TEXT_MAX) : undefined,
    url: queryUrl(account, raw.QUERY_ID),
  };
}

/** "X-Small" (SHOW WAREHOUSES) -> "XSMALL" (the WAREHOUSE_SIZE keyword). */
export function sizeKeyword(shown: string | null | undefined): WarehouseSize | undefined {
  if (!shown) return undefined;
  const compact = shown.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const aliases: Record<string, WarehouseSize> = { "2XLARGE": "XXLARGE", "3XLARGE": "XXXLARGE", "4XLARGE": "X4LARGE", "5XLARGE": "X5LARGE", "6XLARGE": "X6LARGE" };
  const keyword = aliases[compact] ?? compact;
  return (WAREHOUSE_SIZES as readonly string[]).includes(keyword) ? (keyword as WarehouseSize) : undefined;
}

export const warehouseSchema = z.object({
  name: z.string(),
  state: z.string().describe("STARTED, SUSPENDED, RESIZING ..."),
  size: z.string().optional(),
  type: z.string().optional().describe("STANDARD or SNOWPARK-OPTIMIZED"),
  creditsPerHour: z.number().optional().describe("what one running cluster of a standard warehouse of this size bills per hour"),
  runningQueries: z.number().optional(),
  queuedQueries: z.number().optional(),
  clusters: z.object({ min: z.number().optional(), max: z.number().optional(), started: z.number().optional() }),
  autoSuspendSeconds: z.number().optional().describe("idle seconds before it suspends itself; absent: never"),
  autoResume: z.boolean().optional(),
  resourceMonitor: z.string().optional(),
  owner: z.string().optional(),
  comment: z.string().optional(),
});
export type Warehouse = z.infer<typeof warehouseSchema>;
export function toWarehouse(raw: RawWarehouse): Warehouse {
  const keyword = sizeKeyword(raw.size);
  const standard = raw.type === null || raw.type === undefined || raw.type === "STANDARD";
  return {
    name: raw.name,
    state: raw.state,
    size: defined(raw.size),
    type: defined(raw.type),
    creditsPerHour: keyword !== undefined && standard ? CREDITS_PER_HOUR[keyword] : undefined,
    runningQueries: defined(raw.running),
    queuedQueries: defined(raw.queued),
    clusters: { min: defined(raw.min_cluster_count), max: defined(raw.max_cluster_count), started: defined(raw.started_clusters) },
    autoSuspendSeconds: raw.auto_suspend ? raw.auto_suspend : undefined,
    autoResume: raw.auto_resume === null || raw.auto_resume === undefined ? undefined : raw.auto_resume === true || raw.auto_resume === "true",
    resourceMonitor: defined(raw.resource_monitor) && raw.resource_monitor !== "null" ? (raw.resource_monitor as string) : undefined,
    owner: defined(raw.owner) || undefined,
    comment: defined(raw.comment) || undefined,
  };
}

export const loadSampleSchema = z.object({
  warehouse: z.string(),
  start: z.string(),
  end: z.string(),
  avgRunning: z.number(),
  avgQueuedLoad: z.number().describe("queries queued because the warehouse was overloaded"),
  avgQueuedProvisioning: z.number().describe("queries queued while clusters were provisioned"),
  avgBlocked: z.number(),
});
export function toLoadSample(raw: RawWarehouseLoad): z.infer<typeof loadSampleSchema> {
  return {
    warehouse: raw.WAREHOUSE_NAME,
    start: new Date(raw.START_MS).toISOString(),
    end: new Date(raw.END_MS).toISOString(),
    avgRunning: raw.AVG_RUNNING ?? 0,
    avgQueuedLoad: raw.AVG_QUEUED_LOAD ?? 0,
    avgQueuedProvisioning: raw.AVG_QUEUED_PROVISIONING ?? 0,
    avgBlocked: raw.AVG_BLOCKED ?? 0,
  };
}

export const dailyCreditsSchema = z.object({
  warehouse: z.string(),
  day: z.string().describe("YYYY-MM-DD, UTC"),
  credits: z.number(),
  computeCredits: z.number(),
  cloudServicesCredits: z.number(),
  activeHours: z.number().describe("hours of the day with any credits"),
});
export type DailyCredits = z.infer<typeof dailyCreditsSchema>;

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Hourly metering rows summed per warehouse and UTC day, oldest day first. */
export function dailyCredits(rows: readonly RawMetering[]): DailyCredits[] {
  const byKey = new Map<string, DailyCredits>();
  for (const row of rows) {
    const day = new Date(row.START_MS).toISOString().slice(0, 10);
    const key = `${day}\u0000${row.WAREHOUSE_NAME}`;
    const entry = byKey.get(key) ?? { warehouse: row.WAREHOUSE_NAME, day, credits: 0, computeCredits: 0, cloudServicesCredits: 0, activeHours: 0 };
    entry.credits += row.CREDITS_USED;
    entry.computeCredits += row.CREDITS_USED_COMPUTE ?? 0;
    entry.cloudServicesCredits += row.CREDITS_USED_CLOUD_SERVICES ?? 0;
    if (row.CREDITS_USED > 0) entry.activeHours += 1;
    byKey.set(key, entry);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, entry]) => ({ ...entry, credits: round(entry.credits), computeCredits: round(entry.computeCredits), cloudServicesCredits: round(entry.cloudServicesCredits) }));
}

export const taskSchema = z.object({
  database: z.string(),
  schema: z.string(),
  name: z.string(),
  state: z.string().describe("started (scheduled) or suspended"),
  schedule: z.string().optional(),
  warehouse: z.string().optional().describe("absent: a serverless task"),
  predecessors: z.array(z.string()),
  condition: z.string().optional(),
  owner: z.string().optional(),
  comment: z.string().optional(),
  definition: z.string().optional(),
});
export type Task = z.infer<typeof taskSchema>;
export function toTask(raw: RawTask): Task {
  let predecessors: string[] = [];
  if (raw.predecessors) {
    try {
      const parsed = JSON.parse(raw.predecessors) as unknown;
      if (Array.isArray(parsed)) predecessors = parsed.filter((p): p is string => typeof p === "string");
    } catch {
      predecessors = [];
    }
  }
  return {
    database: raw.database_name,
    schema: raw.schema_name,
    name: raw.name,
    state: raw.state,
    schedule: defined(raw.schedule) || undefined,
    warehouse: defined(raw.warehouse) || undefined,
    predecessors,
    condition: defined(raw.condition) || undefined,
    owner: defined(raw.owner) || undefined,
    comment: defined(raw.comment) || undefined,
    definition: raw.definition ? clip(raw.definition, DEFINITION_MAX) : undefined,
  };
}

export const taskRunSchema = z.object({
  task: z.string().describe("DATABASE.SCHEMA.TASK"),
  state: z.string().describe("SCHEDULED, EXECUTING, SUCCEEDED, FAILED, CANCELLED, SKIPPED ..."),
  scheduledAt: z.string(),
  startedAt: z.string().optional(),
  completedAt: z.string().optional(),
  durationSeconds: z.number().optional(),
  queryId: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
});
export function toTaskRun(raw: RawTaskRun): z.infer<typeof taskRunSchema> {
  const started = defined(raw.QUERY_START_MS);
  const completed = defined(raw.COMPLETED_MS);
  return {
    task: `${raw.DATABASE_NAME}.${raw.SCHEMA_NAME}.${raw.NAME}`,
    state: raw.STATE,
    scheduledAt: new Date(raw.SCHEDULED_MS).toISOString(),
    startedAt: iso(started),
    completedAt: iso(completed),
    durationSeconds: started !== undefined && completed !== undefined ? (completed - started) / 1000 : undefined,
    queryId: defined(raw.QUERY_ID) || undefined,
    errorCode: raw.ERROR_CODE === null || raw.ERROR_CODE === undefined ? undefined : String(raw.ERROR_CODE),
    errorMessage: raw.ERROR_MESSAGE ? clip(raw.ERROR_MESSAGE, 500) : undefined,
  };
}

export const pipeSchema = z.object({
  database: z.string(),
  schema: z.string(),
  name: z.string(),
  autoIngest: z.boolean().describe("loads on cloud storage notifications"),
  definition: z.string().optional().describe("its COPY INTO statement"),
  pattern: z.string().optional(),
  owner: z.string().optional(),
  comment: z.string().optional(),
  invalidReason: z.string().optional(),
});
export function toPipe(raw: RawPipe): z.infer<typeof pipeSchema> {
  return {
    database: raw.database_name,
    schema: raw.schema_name,
    name: raw.name,
    autoIngest: Boolean(raw.notification_channel),
    definition: raw.definition ? clip(raw.definition, DEFINITION_MAX) : undefined,
    pattern: defined(raw.pattern) || undefined,
    owner: defined(raw.owner) || undefined,
    comment: defined(raw.comment) || undefined,
    invalidReason: defined(raw.invalid_reason) || undefined,
  };
}

export const pipeStatusSchema = z.object({
  pipe: z.string(),
  executionState: z.string().describe("RUNNING, PAUSED, STOPPED_* ..."),
  pendingFileCount: z.number().optional(),
  lastIngestedAt: z.string().optional(),
  lastIngestedFile: z.string().optional(),
  lastReceivedMessageAt: z.string().optional(),
  error: z.string().optional(),
});
