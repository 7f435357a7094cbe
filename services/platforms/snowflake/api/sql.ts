/**
 * The statements our tools send. Values are always bound (`?`); identifiers that cannot be bound
 * (a database in front of INFORMATION_SCHEMA, a warehouse or task in ALTER / EXECUTE) are checked
 * and double-quoted by quoteIdentifier, never pasted as given. Times come back as epoch
 * milliseconds and go in through TO_TIMESTAMP_LTZ(?, 3).
 */

/** An identifier as Snowflake stores it (SHOW and INFORMATION_SCHEMA give the stored, case-exact name), double-quoted. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.length > 255) throw new RangeError("an identifier has 1 to 255 characters");
  if (/[\u0000-\u001f]/.test(name)) throw new RangeError("an identifier cannot contain control characters");
  return `"${name.replace(/"/g, '""')}"`;
}

/** "DB"."SCHEMA"."NAME" */
export function qualifiedName(...parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join(".");
}

const ms = (column: string, alias: string) => `DATE_PART(EPOCH_MILLISECOND, ${column}) AS ${alias}`;

export const SHOW_DATABASES = "SHOW DATABASES";
export const SHOW_WAREHOUSES = "SHOW WAREHOUSES";
export const SHOW_TASKS = "SHOW TASKS IN ACCOUNT";
export const SHOW_PIPES = "SHOW PIPES IN ACCOUNT";

export function schemataSql(database: string): string {
  return [
    `SELECT SCHEMA_NAME, SCHEMA_OWNER, IS_TRANSIENT, COMMENT, ${ms("CREATED", "CREATED_MS")}, ${ms("LAST_ALTERED", "LAST_ALTERED_MS")}`,
    `FROM ${quoteIdentifier(database)}.INFORMATION_SCHEMA.SCHEMATA`,
    "ORDER BY SCHEMA_NAME LIMIT ?",
  ].join(" ");
}

export function tablesSql(database: string, filters: { schema: boolean; name: boolean; exact: boolean; type: boolean }): string {
  const where = ["TABLE_SCHEMA <> ?"];
  if (filters.schema) where.push("TABLE_SCHEMA = ?");
  if (filters.name) where.push("TABLE_NAME ILIKE ?");
  if (filters.exact) where.push("TABLE_NAME = ?");
  if (filters.type) where.push("TABLE_TYPE = ?");
  return [
    `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_OWNER, ROW_COUNT, BYTES, CLUSTERING_KEY, COMMENT, ${ms("CREATED", "CREATED_MS")}, ${ms("LAST_ALTERED", "LAST_ALTERED_MS")}`,
    `FROM ${quoteIdentifier(database)}.INFORMATION_SCHEMA.TABLES`,
    `WHERE ${where.join(" AND ")}`,
    "ORDER BY TABLE_SCHEMA, TABLE_NAME LIMIT ?",
  ].join(" ");
}

export function columnsSql(database: string, forTables: number): string {
  return [
    "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, COMMENT",
    `FROM ${quoteIdentifier(database)}.INFORMATION_SCHEMA.COLUMNS`,
    `WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${Array.from({ length: forTables }, () => "?").join(", ")})`,
    "ORDER BY TABLE_NAME, ORDINAL_POSITION",
  ].join(" ");
}

export interface QueryHistoryFilters {
  readonly warehouse: boolean;
  readonly user: boolean;
  readonly status: boolean;
  readonly minElapsed: boolean;
  /** failed or at least this slow (the sync's selection) */
  readonly failedOrSlow: boolean;
}

export const QUERY_COLUMNS = [
  "QUERY_ID", "QUERY_TEXT", "QUERY_TYPE", "USER_NAME", "ROLE_NAME", "WAREHOUSE_NAME", "WAREHOUSE_SIZE", "DATABASE_NAME", "SCHEMA_NAME",
  "EXECUTION_STATUS", "ERROR_CODE", "ERROR_MESSAGE", ms("START_TIME", "START_MS"), ms("END_TIME", "END_MS"), "TOTAL_ELAPSED_TIME",
  "BYTES_SCANNED", "ROWS_PRODUCED", "QUEUED_OVERLOAD_TIME", "CREDITS_USED_CLOUD_SERVICES",
].join(", ");

/** binds in order: since ms, until ms, [warehouse], [user], [status], [min elapsed ms], [FAIL, min elapsed ms], limit, offset */
export function queryHistorySql(filters: QueryHistoryFilters, order: "slowest" | "newest" | "oldest"): string {
  const where = ["END_TIME >= TO_TIMESTAMP_LTZ(?, 3)", "END_TIME < TO_TIMESTAMP_LTZ(?, 3)"];
  if (filters.warehouse) where.push("WAREHOUSE_NAME = ?");
  if (filters.user) where.push("USER_NAME = ?");
  if (filters.status) where.push("EXECUTION_STATUS = ?");
  if (filters.minElapsed) where.push("TOTAL_ELAPSED_TIME >= ?");
  if (filters.failedOrSlow) where.push("(EXECUTION_STATUS = ? OR TOTAL_ELAPSED_TIME >= ?)");
  const orderBy = order === "slowest" ? "TOTAL_ELAPSED_TIME DESC, QUERY_ID" : order === "newest" ? "END_TIME DESC, QUERY_ID" : "END_TIME, QUERY_ID";
  return `SELECT ${QUERY_COLUMNS} FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY WHERE ${where.join(" AND ")} ORDER BY ${orderBy} LIMIT ? OFFSET ?`;
}

/** binds: since ms, until ms, [warehouse], limit */
export function warehouseLoadSql(byWarehouse: boolean): string {
  return [
    `SELECT WAREHOUSE_NAME, ${ms("START_TIME", "START_MS")}, ${ms("END_TIME", "END_MS")}, AVG_RUNNING, AVG_QUEUED_LOAD, AVG_QUEUED_PROVISIONING, AVG_BLOCKED`,
    "FROM SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_LOAD_HISTORY",
    `WHERE START_TIME >= TO_TIMESTAMP_LTZ(?, 3) AND START_TIME < TO_TIMESTAMP_LTZ(?, 3)${byWarehouse ? " AND WAREHOUSE_NAME = ?" : ""}`,
    "ORDER BY START_TIME, WAREHOUSE_NAME LIMIT ?",
  ].join(" ");
}

/** binds: since ms, until ms, [warehouse], limit */
export function meteringSql(byWarehouse: boolean): string {
  return [
    `SELECT WAREHOUSE_NAME, ${ms("START_TIME", "START_MS")}, ${ms("END_TIME", "END_MS")}, CREDITS_USED, CREDITS_USED_COMPUTE, CREDITS_USED_CLOUD_SERVICES`,
    "FROM SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_METERING_HISTORY",
    `WHERE START_TIME >= TO_TIMESTAMP_LTZ(?, 3) AND START_TIME < TO_TIMESTAMP_LTZ(?, 3)${byWarehouse ? " AND WAREHOUSE_NAME = ?" : ""}`,
    "ORDER BY START_TIME, WAREHOUSE_NAME LIMIT ?",
  ].join(" ");
}

/** binds: since ms, [database], [schema], [name], [state], limit */
export function taskHistorySql(filters: { database: boolean; schema: boolean; name: boolean; state: boolean }): string {
  const where = ["SCHEDULED_TIME >= TO_TIMESTAMP_LTZ(?, 3)"];
  if (filters.database) where.push("DATABASE_NAME = ?");
  if (filters.schema) where.push("SCHEMA_NAME = ?");
  if (filters.name) where.push("NAME = ?");
  if (filters.state) where.push("STATE = ?");
  return [
    `SELECT NAME, DATABASE_NAME, SCHEMA_NAME, STATE, QUERY_ID, ERROR_CODE, ERROR_MESSAGE, ${ms("SCHEDULED_TIME", "SCHEDULED_MS")}, ${ms("QUERY_START_TIME", "QUERY_START_MS")}, ${ms("COMPLETED_TIME", "COMPLETED_MS")}, RUN_ID`,
    "FROM SNOWFLAKE.ACCOUNT_USAGE.TASK_HISTORY",
    `WHERE ${where.join(" AND ")}`,
    "ORDER BY SCHEDULED_TIME DESC, NAME LIMIT ?",
  ].join(" ");
}

export const PIPE_STATUS_SQL = "SELECT SYSTEM$PIPE_STATUS(?) AS STATUS";

export type WarehouseSize = (typeof WAREHOUSE_SIZES)[number];
/** WAREHOUSE_SIZE values, smallest first, with the credits per hour a standard warehouse bills at each (Snowflake's service consumption table). */
export const WAREHOUSE_SIZES = ["XSMALL", "SMALL", "MEDIUM", "LARGE", "XLARGE", "XXLARGE", "XXXLARGE", "X4LARGE", "X5LARGE", "X6LARGE"] as const;
export const CREDITS_PER_HOUR: Readonly<Record<WarehouseSize, number>> = {
  XSMALL: 1, SMALL: 2, MEDIUM: 4, LARGE: 8, XLARGE: 16, XXLARGE: 32, XXXLARGE: 64, X4LARGE: 128, X5LARGE: 256, X6LARGE: 512,
};

export const alterWarehouseSql = {
  resume: (warehouse: string) => `ALTER WAREHOUSE ${quoteIdentifier(warehouse)} RESUME IF SUSPENDED`,
  suspend: (warehouse: string) => `ALTER WAREHOUSE ${quoteIdentifier(warehouse)} SUSPEND`,
  // WAREHOUSE_SIZE takes a keyword, checked against WAREHOUSE_SIZES before it gets here
  resize: (warehouse: string, size: WarehouseSize) => `ALTER WAREHOUSE ${quoteIdentifier(warehouse)} SET WAREHOUSE_SIZE = ${size}`,
};

export function executeTaskSql(database: string, schema: string, task: string): string {
  return `EXECUTE TASK ${qualifiedName(database, schema, task)}`;
}
