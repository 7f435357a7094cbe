/**
 * Snowflake for the administration server, on the shared protocol fake (snowflake-fake.ts): the
 * driver logs in, sends query-requests with positional binds and statement parameters, heartbeats
 * and cancels exactly as against Snowflake. Behind it:
 * - the ACCOUNT_USAGE views (QUERY_HISTORY, WAREHOUSE_METERING_HISTORY, WAREHOUSE_LOAD_HISTORY,
 *   TASK_HISTORY) and each database's INFORMATION_SCHEMA (SCHEMATA, TABLES, COLUMNS) are SQLite
 *   tables with Snowflake's column names, times kept as epoch milliseconds, so WHERE, ORDER BY,
 *   LIMIT and OFFSET really run against the bound values;
 * - SHOW DATABASES / WAREHOUSES / TASKS IN ACCOUNT / PIPES IN ACCOUNT answer with Snowflake's
 *   lower-case SHOW columns; ALTER WAREHOUSE ... RESUME IF SUSPENDED / SUSPEND / SET WAREHOUSE_SIZE
 *   and EXECUTE TASK change or record state; SYSTEM$PIPE_STATUS(?) answers its JSON.
 * Any other SHOW, ALTER, EXECUTE, CALL ..., any view or database it does not hold, is recorded in
 * `unexpectedRequests()` and fails, so a test passes only if every statement was one it expected.
 */
import type { KeyObject } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import { FakeSqlError, type FakeResultSet, type SnowflakeFake, startSnowflakeFake } from "./snowflake-fake.js";

export const ACCOUNT = "acme-prod";
export const USER = "SOPHIA_SVC";
export const TOKEN = "pat-test-secret-0123456789";

export interface FakeWarehouse {
  name: string;
  state: "STARTED" | "SUSPENDED" | "RESIZING";
  size: string;
  type: string;
  min_cluster_count: number;
  max_cluster_count: number;
  started_clusters: number;
  running: number;
  queued: number;
  auto_suspend: number | null;
  auto_resume: "true" | "false";
  owner: string;
  comment: string;
  resource_monitor: string;
}

export interface FakeTask {
  name: string;
  database_name: string;
  schema_name: string;
  owner: string;
  warehouse: string | null;
  schedule: string | null;
  predecessors: string;
  state: "started" | "suspended";
  definition: string;
  condition: string | null;
}

export interface FakePipe {
  name: string;
  database_name: string;
  schema_name: string;
  definition: string;
  owner: string;
  notification_channel: string | null;
  pattern: string | null;
  status: Record<string, unknown>;
}

export interface FakeQuery {
  QUERY_ID: string;
  QUERY_TEXT: string;
  QUERY_TYPE: string;
  USER_NAME: string;
  ROLE_NAME: string;
  WAREHOUSE_NAME: string | null;
  WAREHOUSE_SIZE: string | null;
  DATABASE_NAME: string | null;
  SCHEMA_NAME: string | null;
  EXECUTION_STATUS: "SUCCESS" | "FAIL" | "INCIDENT";
  ERROR_CODE: string | null;
  ERROR_MESSAGE: string | null;
  START_TIME: number;
  END_TIME: number;
  TOTAL_ELAPSED_TIME: number;
  BYTES_SCANNED: number;
  ROWS_PRODUCED: number;
  QUEUED_OVERLOAD_TIME: number;
  CREDITS_USED_CLOUD_SERVICES: number;
}

export interface FakeMetering {
  WAREHOUSE_NAME: string;
  START_TIME: number;
  END_TIME: number;
  CREDITS_USED: number;
  CREDITS_USED_COMPUTE: number;
  CREDITS_USED_CLOUD_SERVICES: number;
}

export interface FakeCatalogTable {
  schema: string;
  name: string;
  type: "BASE TABLE" | "VIEW";
  rowCount: number | null;
  bytes: number | null;
  columns: readonly { name: string; type: string; nullable: boolean; length?: number; precision?: number; scale?: number; comment?: string }[];
  comment?: string;
}

export interface AdminData {
  databases: { name: string; owner: string; kind: string; comment: string; retention_time: number; schemas: string[]; tables: FakeCatalogTable[] }[];
  warehouses: FakeWarehouse[];
  tasks: FakeTask[];
  pipes: FakePipe[];
  queries: FakeQuery[];
  metering: FakeMetering[];
  load: { WAREHOUSE_NAME: string; START_TIME: number; END_TIME: number; AVG_RUNNING: number; AVG_QUEUED_LOAD: number; AVG_QUEUED_PROVISIONING: number; AVG_BLOCKED: number }[];
  taskRuns: { NAME: string; DATABASE_NAME: string; SCHEMA_NAME: string; STATE: string; QUERY_ID: string | null; ERROR_CODE: string | null; ERROR_MESSAGE: string | null; SCHEDULED_TIME: number; QUERY_START_TIME: number | null; COMPLETED_TIME: number | null; RUN_ID: number }[];
}

export interface SnowflakeAdminFake {
  readonly url: string;
  readonly base: SnowflakeFake;
  readonly data: AdminData;
  /** ALTER WAREHOUSE / EXECUTE TASK statements, as received */
  readonly commands: string[];
  /** statements of the admin surface only (not the driver's own), in order */
  statements(): string[];
  /** inserts more QUERY_HISTORY rows (for syncs that resume) */
  addQueries(rows: readonly FakeQuery[]): void;
  unexpectedRequests(): readonly unknown[];
  close(): Promise<void>;
}

const ACCOUNT_USAGE_VIEWS = ["QUERY_HISTORY", "WAREHOUSE_METERING_HISTORY", "WAREHOUSE_LOAD_HISTORY", "TASK_HISTORY"] as const;
const INFORMATION_SCHEMA_VIEWS = ["SCHEMATA", "TABLES", "COLUMNS"] as const;

const QUERY_COLUMNS: readonly (keyof FakeQuery)[] = [
  "QUERY_ID", "QUERY_TEXT", "QUERY_TYPE", "USER_NAME", "ROLE_NAME", "WAREHOUSE_NAME", "WAREHOUSE_SIZE", "DATABASE_NAME", "SCHEMA_NAME", "EXECUTION_STATUS",
  "ERROR_CODE", "ERROR_MESSAGE", "START_TIME", "END_TIME", "TOTAL_ELAPSED_TIME", "BYTES_SCANNED", "ROWS_PRODUCED", "QUEUED_OVERLOAD_TIME", "CREDITS_USED_CLOUD_SERVICES",
];

function insertAll(db: DatabaseSync, table: string, columns: readonly string[], rows: readonly Record<string, unknown>[]): void {
  const statement = db.prepare(`INSERT INTO "${table}" (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
  for (const row of rows) statement.run(...columns.map((c) => (row[c] ?? null) as string | number | null));
}

function seed(db: DatabaseSync, data: AdminData): void {
  db.function("EPOCH_MS", (value) => value);
  db.function("TO_TIMESTAMP_LTZ", (value, scale) => {
    if (Number(scale) !== 3) throw new Error("the fake reads TO_TIMESTAMP_LTZ(?, 3) only");
    return Number(value);
  });
  db.exec(`CREATE TABLE "ACCOUNT_USAGE__QUERY_HISTORY" (${QUERY_COLUMNS.join(", ")})`);
  db.exec('CREATE TABLE "ACCOUNT_USAGE__WAREHOUSE_METERING_HISTORY" (WAREHOUSE_NAME, START_TIME, END_TIME, CREDITS_USED, CREDITS_USED_COMPUTE, CREDITS_USED_CLOUD_SERVICES)');
  db.exec('CREATE TABLE "ACCOUNT_USAGE__WAREHOUSE_LOAD_HISTORY" (WAREHOUSE_NAME, START_TIME, END_TIME, AVG_RUNNING, AVG_QUEUED_LOAD, AVG_QUEUED_PROVISIONING, AVG_BLOCKED)');
  db.exec('CREATE TABLE "ACCOUNT_USAGE__TASK_HISTORY" (NAME, DATABASE_NAME, SCHEMA_NAME, STATE, QUERY_ID, ERROR_CODE, ERROR_MESSAGE, SCHEDULED_TIME, QUERY_START_TIME, COMPLETED_TIME, RUN_ID)');
  insertAll(db, "ACCOUNT_USAGE__QUERY_HISTORY", QUERY_COLUMNS, data.queries as unknown as Record<string, unknown>[]);
  insertAll(db, "ACCOUNT_USAGE__WAREHOUSE_METERING_HISTORY", ["WAREHOUSE_NAME", "START_TIME", "END_TIME", "CREDITS_USED", "CREDITS_USED_COMPUTE", "CREDITS_USED_CLOUD_SERVICES"], data.metering as unknown as Record<string, unknown>[]);
  insertAll(db, "ACCOUNT_USAGE__WAREHOUSE_LOAD_HISTORY", ["WAREHOUSE_NAME", "START_TIME", "END_TIME", "AVG_RUNNING", "AVG_QUEUED_LOAD", "AVG_QUEUED_PROVISIONING", "AVG_BLOCKED"], data.load);
  insertAll(db, "ACCOUNT_USAGE__TASK_HISTORY", ["NAME", "DATABASE_NAME", "SCHEMA_NAME", "STATE", "QUERY_ID", "ERROR_CODE", "ERROR_MESSAGE", "SCHEDULED_TIME", "QUERY_START_TIME", "COMPLETED_TIME", "RUN_ID"], data.taskRuns);
  const created = Date.parse("2025-01-15T08:00:00Z");
  for (const database of data.databases) {
    const prefix = `${database.name}__INFORMATION_SCHEMA__`;
    db.exec(`CREATE TABLE "${prefix}SCHEMATA" (CATALOG_NAME, SCHEMA_NAME, SCHEMA_OWNER, IS_TRANSIENT, COMMENT, CREATED, LAST_ALTERED)`);
    db.exec(`CREATE TABLE "${prefix}TABLES" (TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_OWNER, ROW_COUNT, BYTES, CLUSTERING_KEY, COMMENT, CREATED, LAST_ALTERED)`);
    db.exec(`CREATE TABLE "${prefix}COLUMNS" (TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, COMMENT)`);
    insertAll(db, `${prefix}SCHEMATA`, ["CATALOG_NAME", "SCHEMA_NAME", "SCHEMA_OWNER", "IS_TRANSIENT", "COMMENT", "CREATED", "LAST_ALTERED"],
      [...database.schemas, "INFORMATION_SCHEMA"].map((name) => ({ CATALOG_NAME: database.name, SCHEMA_NAME: name, SCHEMA_OWNER: name === "INFORMATION_SCHEMA" ? null : "SYSADMIN", IS_TRANSIENT: "NO", COMMENT: name === "INFORMATION_SCHEMA" ? "Views describing the contents of schemas in this database" : null, CREATED: created, LAST_ALTERED: created })));
    const tables = [...database.tables, { schema: "INFORMATION_SCHEMA", name: "TABLES", type: "VIEW" as const, rowCount: null, bytes: null, columns: [] }];
    insertAll(db, `${prefix}TABLES`, ["TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE", "TABLE_OWNER", "ROW_COUNT", "BYTES", "CLUSTERING_KEY", "COMMENT", "CREATED", "LAST_ALTERED"],
      tables.map((t) => ({ TABLE_CATALOG: database.name, TABLE_SCHEMA: t.schema, TABLE_NAME: t.name, TABLE_TYPE: t.type, TABLE_OWNER: "SYSADMIN", ROW_COUNT: t.rowCount, BYTES: t.bytes, CLUSTERING_KEY: null, COMMENT: (t as FakeCatalogTable).comment ?? null, CREATED: created, LAST_ALTERED: created + 86_400_000 })));
    insertAll(db, `${prefix}COLUMNS`, ["TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "ORDINAL_POSITION", "DATA_TYPE", "IS_NULLABLE", "COLUMN_DEFAULT", "CHARACTER_MAXIMUM_LENGTH", "NUMERIC_PRECISION", "NUMERIC_SCALE", "COMMENT"],
      database.tables.flatMap((t) => t.columns.map((c, i) => ({ TABLE_CATALOG: database.name, TABLE_SCHEMA: t.schema, TABLE_NAME: t.name, COLUMN_NAME: c.name, ORDINAL_POSITION: i + 1, DATA_TYPE: c.type, IS_NULLABLE: c.nullable ? "YES" : "NO", COLUMN_DEFAULT: null, CHARACTER_MAXIMUM_LENGTH: c.length ?? null, NUMERIC_PRECISION: c.precision ?? null, NUMERIC_SCALE: c.scale ?? null, COMMENT: c.comment ?? null }))));
  }
}

const SIZES: Record<string, string> = { XSMALL: "X-Small", SMALL: "Small", MEDIUM: "Medium", LARGE: "Large", XLARGE: "X-Large", XXLARGE: "2X-Large", XXXLARGE: "3X-Large", X4LARGE: "4X-Large", X5LARGE: "5X-Large", X6LARGE: "6X-Large" };

const text = (names: readonly string[]) => names.map((name) => ({ name, type: "text" as const }));

function show<T extends object>(columns: FakeResultSet["columns"], rows: readonly T[]): FakeResultSet {
  return { columns, rows: rows.map((row) => columns.map((c) => (row as Record<string, unknown>)[c.name] ?? null)) };
}

/** `"A""B"` -> `A"B` */
function unquote(identifier: string): string {
  return identifier.slice(1, -1).replace(/""/g, '"');
}
const QUOTED = '"(?:[^"]|"")+"';

export interface AdminFakeOptions {
  /** the user's registered public key: key-pair (SNOWFLAKE_JWT) logins verify against it */
  readonly publicKey?: KeyObject;
  /** false: the user has no password or token (key-pair only) */
  readonly password?: boolean;
}

export async function startSnowflakeAdminFake(data: AdminData, fakeOptions: AdminFakeOptions = {}): Promise<SnowflakeAdminFake> {
  const unexpected: string[] = [];
  const commands: string[] = [];
  const refuse = (sqlText: string, code = "001003", message = "SQL compilation error: the fake does not expect this statement"): never => {
    unexpected.push(sqlText);
    throw new FakeSqlError(code, message);
  };
  const notFound = (kind: string, name: string): never => {
    throw new FakeSqlError("002003", `SQL compilation error:\n${kind} '${name}' does not exist or not authorized.`);
  };

  const statements = (sqlText: string, bindings: Record<string, { type: string; value: unknown }> | undefined): FakeResultSet | undefined => {
    const sql = sqlText.replace(/\s+/g, " ").trim();
    if (sql === "SHOW DATABASES") {
      return show(
        [...text(["name", "origin", "owner", "comment", "kind"]), { name: "retention_time", type: "fixed" }, ...text(["is_default", "is_current", "options"])],
        data.databases.map((d) => ({ ...d, origin: "", is_default: "N", is_current: "N", options: "" })),
      );
    }
    if (sql === "SHOW WAREHOUSES") {
      return show(
        [
          ...text(["name", "state", "type", "size"]),
          ...["min_cluster_count", "max_cluster_count", "started_clusters", "running", "queued"].map((name) => ({ name, type: "fixed" as const })),
          ...text(["is_default", "is_current"]),
          { name: "auto_suspend", type: "fixed" },
          ...text(["auto_resume", "available", "provisioning", "quiescing", "other", "owner", "comment", "enable_query_acceleration", "resource_monitor", "scaling_policy", "owner_role_type"]),
        ],
        data.warehouses.map((w) => ({ ...w, is_default: "N", is_current: "N", available: "100", provisioning: "0", quiescing: "0", other: "0", enable_query_acceleration: "false", scaling_policy: "STANDARD", owner_role_type: "ROLE" })),
      );
    }
    if (sql === "SHOW TASKS IN ACCOUNT") {
      return show(text(["name", "id", "database_name", "schema_name", "owner", "comment", "warehouse", "schedule", "predecessors", "state", "definition", "condition", "allow_overlapping_execution", "owner_role_type"]),
        data.tasks.map((t) => ({ ...t, id: `01b${t.name.length}`, comment: "", allow_overlapping_execution: "false", owner_role_type: "ROLE" })));
    }
    if (sql === "SHOW PIPES IN ACCOUNT") {
      return show(text(["name", "database_name", "schema_name", "definition", "owner", "notification_channel", "comment", "integration", "pattern", "error_integration", "owner_role_type", "invalid_reason", "kind"]),
        data.pipes.map((p) => ({ ...p, comment: "", integration: null, error_integration: null, owner_role_type: "ROLE", invalid_reason: null, kind: "STAGE" })));
    }
    if (sql === "SELECT SYSTEM$PIPE_STATUS(?) AS STATUS") {
      const name = String(bindings?.["1"]?.value ?? "");
      const pipe = data.pipes.find((p) => `"${p.database_name}"."${p.schema_name}"."${p.name}"` === name);
      if (pipe === undefined) notFound("Pipe", name);
      return { columns: [{ name: "STATUS", type: "text" }], rows: [[JSON.stringify(pipe?.status)]] };
    }
    const alter = new RegExp(`^ALTER WAREHOUSE (${QUOTED}) (RESUME IF SUSPENDED|SUSPEND|SET WAREHOUSE_SIZE = ([A-Z0-9]+))$`).exec(sql);
    if (alter !== null) {
      const name = unquote(alter[1] as string);
      const warehouse = data.warehouses.find((w) => w.name === name);
      if (warehouse === undefined) return notFound("Warehouse", name);
      commands.push(sql);
      if (alter[2] === "RESUME IF SUSPENDED") {
        if (warehouse.state === "SUSPENDED") Object.assign(warehouse, { state: "STARTED", started_clusters: warehouse.min_cluster_count });
      } else if (alter[2] === "SUSPEND") {
        if (warehouse.state === "SUSPENDED") throw new FakeSqlError("090064", `Invalid state. Warehouse '${name}' cannot be suspended.`);
        Object.assign(warehouse, { state: "SUSPENDED", started_clusters: 0, running: 0, queued: 0 });
      } else {
        const size = SIZES[alter[3] as string];
        if (size === undefined) return refuse(sqlText, "001008", `invalid value [${alter[3]}] for parameter 'WAREHOUSE_SIZE'`);
        warehouse.size = size;
      }
      return { columns: [{ name: "status", type: "text" }], rows: [["Statement executed successfully."]] };
    }
    const execute = new RegExp(`^EXECUTE TASK (${QUOTED})\\.(${QUOTED})\\.(${QUOTED})$`).exec(sql);
    if (execute !== null) {
      const [database, schema, name] = [execute[1], execute[2], execute[3]].map((part) => unquote(part as string));
      if (!data.tasks.some((t) => t.database_name === database && t.schema_name === schema && t.name === name)) return notFound("Task", `${database}.${schema}.${name}`);
      commands.push(sql);
      return { columns: [{ name: "status", type: "text" }], rows: [[`Task ${name} is scheduled to run immediately.`]] };
    }
    if (!/^(SELECT|WITH) /i.test(sql)) return refuse(sqlText);
    return undefined;
  };

  const translate = (sqlText: string): string => {
    let sql = sqlText.replace(/DATE_PART\(EPOCH_MILLISECOND, /g, "EPOCH_MS(");
    sql = sql.replace(/SNOWFLAKE\.ACCOUNT_USAGE\.([A-Z_]+)/g, (_match, view: string) => {
      if (!(ACCOUNT_USAGE_VIEWS as readonly string[]).includes(view)) refuse(sqlText);
      return `"ACCOUNT_USAGE__${view}"`;
    });
    sql = sql.replace(new RegExp(`(${QUOTED})\\.INFORMATION_SCHEMA\\.([A-Z_]+)`, "g"), (_match, quoted: string, view: string) => {
      const database = unquote(quoted);
      if (!(INFORMATION_SCHEMA_VIEWS as readonly string[]).includes(view)) refuse(sqlText);
      if (!data.databases.some((d) => d.name === database)) notFound("Database", quoted);
      return `"${database}__INFORMATION_SCHEMA__${view}"`;
    });
    return sql;
  };

  let db: DatabaseSync | undefined;
  const base = await startSnowflakeFake({
    account: ACCOUNT,
    username: USER,
    ...(fakeOptions.password === false ? {} : { password: TOKEN }),
    ...(fakeOptions.publicKey ? { publicKey: fakeOptions.publicKey } : {}),
    setup: (database) => {
      db = database;
      seed(database, data);
    },
    translate,
    statements,
  });
  return {
    url: base.url,
    base,
    data,
    commands,
    statements: () => base.queries.map((q) => q.sqlText),
    addQueries(rows) {
      if (db === undefined) throw new Error("fake not started");
      insertAll(db, "ACCOUNT_USAGE__QUERY_HISTORY", QUERY_COLUMNS, rows as unknown as Record<string, unknown>[]);
    },
    unexpectedRequests: () => [...base.unexpected, ...unexpected],
    close: () => base.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// A small account

const HOUR = 3_600_000;

export function query(id: string, overrides: Partial<FakeQuery> & { END_TIME: number }): FakeQuery {
  const elapsed = overrides.TOTAL_ELAPSED_TIME ?? 1_200;
  return {
    QUERY_ID: id,
    QUERY_TEXT: "SELECT COUNT(*) FROM MARTS.ORDERS",
    QUERY_TYPE: "SELECT",
    USER_NAME: "ADA",
    ROLE_NAME: "ANALYST",
    WAREHOUSE_NAME: "COMPUTE_WH",
    WAREHOUSE_SIZE: "X-Small",
    DATABASE_NAME: "ANALYTICS",
    SCHEMA_NAME: "MARTS",
    EXECUTION_STATUS: "SUCCESS",
    ERROR_CODE: null,
    ERROR_MESSAGE: null,
    START_TIME: overrides.END_TIME - elapsed,
    TOTAL_ELAPSED_TIME: elapsed,
    BYTES_SCANNED: 1_048_576,
    ROWS_PRODUCED: 1,
    QUEUED_OVERLOAD_TIME: 0,
    CREDITS_USED_CLOUD_SERVICES: 0.000012,
    ...overrides,
  };
}

/** An account as of `now`: two warehouses, one database, tasks, a pipe, history and metering around it. */
export function sampleAccount(now: Date): AdminData {
  const t = now.getTime();
  const day = (daysAgo: number) => Math.floor(t / 86_400_000) * 86_400_000 - daysAgo * 86_400_000;
  const metering: FakeMetering[] = [];
  for (let d = 1; d <= 9; d += 1) {
    for (const hour of [9, 10, 11]) metering.push({ WAREHOUSE_NAME: "COMPUTE_WH", START_TIME: day(d) + hour * HOUR, END_TIME: day(d) + (hour + 1) * HOUR, CREDITS_USED: 1.25, CREDITS_USED_COMPUTE: 1, CREDITS_USED_CLOUD_SERVICES: 0.25 });
    if (d % 2 === 0) metering.push({ WAREHOUSE_NAME: "ETL_WH", START_TIME: day(d) + 2 * HOUR, END_TIME: day(d) + 3 * HOUR, CREDITS_USED: 8, CREDITS_USED_COMPUTE: 8, CREDITS_USED_CLOUD_SERVICES: 0 });
  }
  metering.push({ WAREHOUSE_NAME: "COMPUTE_WH", START_TIME: day(0) + HOUR, END_TIME: day(0) + 2 * HOUR, CREDITS_USED: 0.5, CREDITS_USED_COMPUTE: 0.5, CREDITS_USED_CLOUD_SERVICES: 0 });
  return {
    databases: [
      {
        name: "ANALYTICS", owner: "SYSADMIN", kind: "STANDARD", comment: "Curated marts", retention_time: 1, schemas: ["MARTS", "PUBLIC"],
        tables: [
          { schema: "MARTS", name: "ORDERS", type: "BASE TABLE", rowCount: 1_250_000, bytes: 48_000_000, comment: "One row per order",
            columns: [
              { name: "ORDER_ID", type: "NUMBER", nullable: false, precision: 38, scale: 0 },
              { name: "CUSTOMER", type: "TEXT", nullable: true, length: 16777216, comment: "customer name" },
              { name: "ORDERED_AT", type: "TIMESTAMP_NTZ", nullable: false },
            ] },
          { schema: "MARTS", name: "ORDERS_DAILY", type: "VIEW", rowCount: null, bytes: null, columns: [{ name: "DAY", type: "DATE", nullable: true }, { name: "ORDERS", type: "NUMBER", nullable: true, precision: 18, scale: 0 }] },
          { schema: "PUBLIC", name: "EVENTS", type: "BASE TABLE", rowCount: 10, bytes: 2048, columns: [{ name: "ID", type: "NUMBER", nullable: false, precision: 38, scale: 0 }] },
        ],
      },
      { name: "RAW", owner: "LOADER", kind: "STANDARD", comment: "", retention_time: 1, schemas: ["STRIPE"], tables: [] },
    ],
    warehouses: [
      { name: "COMPUTE_WH", state: "STARTED", size: "X-Small", type: "STANDARD", min_cluster_count: 1, max_cluster_count: 1, started_clusters: 1, running: 2, queued: 1, auto_suspend: 600, auto_resume: "true", owner: "SYSADMIN", comment: "ad hoc", resource_monitor: "null" },
      { name: "ETL_WH", state: "SUSPENDED", size: "Large", type: "STANDARD", min_cluster_count: 1, max_cluster_count: 2, started_clusters: 0, running: 0, queued: 0, auto_suspend: 60, auto_resume: "false", owner: "LOADER", comment: "", resource_monitor: "ETL_MONITOR" },
    ],
    tasks: [
      { name: "REFRESH_ORDERS", database_name: "ANALYTICS", schema_name: "MARTS", owner: "LOADER", warehouse: "ETL_WH", schedule: "USING CRON 0 2 * * * UTC", predecessors: "[]", state: "started", definition: "INSERT INTO MARTS.ORDERS SELECT * FROM RAW.STRIPE.ORDERS", condition: null },
      { name: "ROLLUP_DAILY", database_name: "ANALYTICS", schema_name: "MARTS", owner: "LOADER", warehouse: null, schedule: null, predecessors: '["ANALYTICS.MARTS.REFRESH_ORDERS"]', state: "suspended", definition: "CALL MARTS.ROLLUP()", condition: null },
    ],
    pipes: [
      { name: "STRIPE_PIPE", database_name: "RAW", schema_name: "STRIPE", definition: "COPY INTO RAW.STRIPE.CHARGES FROM @RAW.STRIPE.LANDING", owner: "LOADER", notification_channel: "arn:aws:sqs:us-east-1:123456789012:sf-snowpipe", pattern: ".*[.]json", status: { executionState: "RUNNING", pendingFileCount: 3, lastIngestedTimestamp: "2026-11-20T11:58:00.000Z", lastIngestedFilePath: "charges/2026/11/20/part-7.json" } },
    ],
    queries: [
      query("01b8-0001", { END_TIME: t - 2 * HOUR, TOTAL_ELAPSED_TIME: 900 }),
      query("01b8-0002", { END_TIME: t - 3 * HOUR, TOTAL_ELAPSED_TIME: 1_845_000, USER_NAME: "GRACE", QUERY_TEXT: "SELECT * FROM MARTS.ORDERS o JOIN RAW.STRIPE.CHARGES c ON o.ORDER_ID = c.ORDER_ID", BYTES_SCANNED: 5_368_709_120, ROWS_PRODUCED: 90_000, QUEUED_OVERLOAD_TIME: 12_000 }),
      query("01b8-0003", { END_TIME: t - 5 * HOUR, TOTAL_ELAPSED_TIME: 4_000, EXECUTION_STATUS: "FAIL", ERROR_CODE: "002003", ERROR_MESSAGE: "SQL compilation error: Object 'MARTS.ORDRS' does not exist or not authorized.", QUERY_TEXT: "SELECT * FROM MARTS.ORDRS" }),
      query("01b8-0004", { END_TIME: t - 30 * HOUR, TOTAL_ELAPSED_TIME: 600_000, WAREHOUSE_NAME: "ETL_WH", WAREHOUSE_SIZE: "Large", USER_NAME: "LOADER", QUERY_TYPE: "INSERT", QUERY_TEXT: "INSERT INTO MARTS.ORDERS SELECT * FROM RAW.STRIPE.ORDERS" }),
    ],
    metering,
    load: [
      { WAREHOUSE_NAME: "COMPUTE_WH", START_TIME: t - 2 * HOUR, END_TIME: t - 2 * HOUR + 300_000, AVG_RUNNING: 1.5, AVG_QUEUED_LOAD: 0.25, AVG_QUEUED_PROVISIONING: 0, AVG_BLOCKED: 0 },
      { WAREHOUSE_NAME: "ETL_WH", START_TIME: t - 26 * HOUR, END_TIME: t - 26 * HOUR + 300_000, AVG_RUNNING: 4, AVG_QUEUED_LOAD: 2, AVG_QUEUED_PROVISIONING: 0.5, AVG_BLOCKED: 0 },
    ],
    taskRuns: [
      { NAME: "REFRESH_ORDERS", DATABASE_NAME: "ANALYTICS", SCHEMA_NAME: "MARTS", STATE: "FAILED", QUERY_ID: "01b8-0004", ERROR_CODE: "100038", ERROR_MESSAGE: "Numeric value 'abc' is not recognized", SCHEDULED_TIME: t - 10 * HOUR, QUERY_START_TIME: t - 10 * HOUR + 1000, COMPLETED_TIME: t - 10 * HOUR + 61_000, RUN_ID: 1 },
      { NAME: "REFRESH_ORDERS", DATABASE_NAME: "ANALYTICS", SCHEMA_NAME: "MARTS", STATE: "SUCCEEDED", QUERY_ID: "01b8-0005", ERROR_CODE: null, ERROR_MESSAGE: null, SCHEDULED_TIME: t - 34 * HOUR, QUERY_START_TIME: t - 34 * HOUR + 1000, COMPLETED_TIME: t - 34 * HOUR + 31_000, RUN_ID: 2 },
    ],
  };
}
