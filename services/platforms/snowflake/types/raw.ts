/**
 * Rows as snowflake-sdk hands them over, parsed (never trusted). Columns of our own SELECTs are
 * upper-case (Snowflake upper-cases unquoted aliases); SHOW output columns are lower-case, as
 * Snowflake names them. Times are read as epoch milliseconds (DATE_PART(EPOCH_MILLISECOND, ...))
 * so no session time zone or output format is involved.
 */
import { z } from "zod";

const text = z.string();
const optionalText = z.string().nullish();
/** NUMBER columns arrive as JS numbers; a few SHOW columns arrive as strings of digits */
const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
const optionalNum = num.nullish();

// --- SHOW DATABASES
export const rawDatabaseSchema = z.object({
  name: text,
  owner: optionalText,
  comment: optionalText,
  origin: optionalText,
  kind: optionalText,
  retention_time: optionalNum,
});
export type RawDatabase = z.infer<typeof rawDatabaseSchema>;

// --- <db>.INFORMATION_SCHEMA.SCHEMATA
export const rawSchemaSchema = z.object({
  SCHEMA_NAME: text,
  SCHEMA_OWNER: optionalText,
  IS_TRANSIENT: optionalText,
  COMMENT: optionalText,
  CREATED_MS: optionalNum,
  LAST_ALTERED_MS: optionalNum,
});
export type RawSchema = z.infer<typeof rawSchemaSchema>;

// --- <db>.INFORMATION_SCHEMA.TABLES
export const rawTableSchema = z.object({
  TABLE_SCHEMA: text,
  TABLE_NAME: text,
  TABLE_TYPE: text,
  TABLE_OWNER: optionalText,
  ROW_COUNT: optionalNum,
  BYTES: optionalNum,
  CLUSTERING_KEY: optionalText,
  COMMENT: optionalText,
  CREATED_MS: optionalNum,
  LAST_ALTERED_MS: optionalNum,
});
export type RawTable = z.infer<typeof rawTableSchema>;

// --- <db>.INFORMATION_SCHEMA.COLUMNS
export const rawColumnSchema = z.object({
  TABLE_NAME: text,
  COLUMN_NAME: text,
  ORDINAL_POSITION: num,
  DATA_TYPE: text,
  IS_NULLABLE: text,
  COLUMN_DEFAULT: optionalText,
  CHARACTER_MAXIMUM_LENGTH: optionalNum,
  NUMERIC_PRECISION: optionalNum,
  NUMERIC_SCALE: optionalNum,
  COMMENT: optionalText,
});
export type RawColumn = z.infer<typeof rawColumnSchema>;

// --- SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY
export const rawQuerySchema = z.object({
  QUERY_ID: text,
  QUERY_TEXT: optionalText,
  QUERY_TYPE: optionalText,
  USER_NAME: optionalText,
  ROLE_NAME: optionalText,
  WAREHOUSE_NAME: optionalText,
  WAREHOUSE_SIZE: optionalText,
  DATABASE_NAME: optionalText,
  SCHEMA_NAME: optionalText,
  EXECUTION_STATUS: text,
  ERROR_CODE: optionalText.or(optionalNum),
  ERROR_MESSAGE: optionalText,
  START_MS: num,
  END_MS: num,
  TOTAL_ELAPSED_TIME: num,
  BYTES_SCANNED: optionalNum,
  ROWS_PRODUCED: optionalNum,
  QUEUED_OVERLOAD_TIME: optionalNum,
  CREDITS_USED_CLOUD_SERVICES: optionalNum,
});
export type RawQuery = z.infer<typeof rawQuerySchema>;

// --- SHOW WAREHOUSES
export const rawWarehouseSchema = z.object({
  name: text,
  state: text,
  type: optionalText,
  size: optionalText,
  min_cluster_count: optionalNum,
  max_cluster_count: optionalNum,
  started_clusters: optionalNum,
  running: optionalNum,
  queued: optionalNum,
  auto_suspend: optionalNum,
  auto_resume: z.union([z.boolean(), z.string()]).nullish(),
  owner: optionalText,
  comment: optionalText,
  resource_monitor: optionalText,
  scaling_policy: optionalText,
});
export type RawWarehouse = z.infer<typeof rawWarehouseSchema>;

// --- SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_LOAD_HISTORY
export const rawWarehouseLoadSchema = z.object({
  WAREHOUSE_NAME: text,
  START_MS: num,
  END_MS: num,
  AVG_RUNNING: optionalNum,
  AVG_QUEUED_LOAD: optionalNum,
  AVG_QUEUED_PROVISIONING: optionalNum,
  AVG_BLOCKED: optionalNum,
});
export type RawWarehouseLoad = z.infer<typeof rawWarehouseLoadSchema>;

// --- SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_METERING_HISTORY (hourly)
export const rawMeteringSchema = z.object({
  WAREHOUSE_NAME: text,
  START_MS: num,
  END_MS: num,
  CREDITS_USED: num,
  CREDITS_USED_COMPUTE: optionalNum,
  CREDITS_USED_CLOUD_SERVICES: optionalNum,
});
export type RawMetering = z.infer<typeof rawMeteringSchema>;

// --- SHOW TASKS IN ACCOUNT
export const rawTaskSchema = z.object({
  name: text,
  database_name: text,
  schema_name: text,
  owner: optionalText,
  comment: optionalText,
  warehouse: optionalText,
  schedule: optionalText,
  predecessors: optionalText,
  state: text,
  definition: optionalText,
  condition: optionalText,
});
export type RawTask = z.infer<typeof rawTaskSchema>;

// --- SNOWFLAKE.ACCOUNT_USAGE.TASK_HISTORY
export const rawTaskRunSchema = z.object({
  NAME: text,
  DATABASE_NAME: text,
  SCHEMA_NAME: text,
  STATE: text,
  QUERY_ID: optionalText,
  ERROR_CODE: optionalText.or(optionalNum),
  ERROR_MESSAGE: optionalText,
  SCHEDULED_MS: num,
  QUERY_START_MS: optionalNum,
  COMPLETED_MS: optionalNum,
  RUN_ID: optionalNum,
});
export type RawTaskRun = z.infer<typeof rawTaskRunSchema>;

// --- SHOW PIPES IN ACCOUNT
export const rawPipeSchema = z.object({
  name: text,
  database_name: text,
  schema_name: text,
  definition: optionalText,
  owner: optionalText,
  notification_channel: optionalText,
  comment: optionalText,
  pattern: optionalText,
  invalid_reason: optionalText,
});
export type RawPipe = z.infer<typeof rawPipeSchema>;

// --- SELECT SYSTEM$PIPE_STATUS(?): a JSON text
export const rawPipeStatusRowSchema = z.object({ STATUS: text });
export const rawPipeStatusSchema = z.object({
  executionState: z.string(),
  pendingFileCount: z.number().optional(),
  lastIngestedTimestamp: z.string().optional(),
  lastIngestedFilePath: z.string().optional(),
  lastReceivedMessageTimestamp: z.string().optional(),
  lastForwardedMessageTimestamp: z.string().optional(),
  error: z.string().optional(),
  fault: z.string().optional(),
});
export type RawPipeStatus = z.infer<typeof rawPipeStatusSchema>;

// --- ALTER WAREHOUSE / EXECUTE TASK
export const rawStatusRowSchema = z.object({ status: text });
