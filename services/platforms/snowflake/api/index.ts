/**
 * The Snowflake client: typed functions over one pooled snowflake-sdk session (session.ts), each
 * a single statement with bound values and a statement timeout, its rows parsed with the raw
 * schemas. Snowflake is reached through the driver's own protocol (login, query-request in async
 * mode, query status and result, heartbeat), not the runtime's HTTP client, so the runtime's
 * client-side pacing does not apply: the session paces statement starts at
 * rate_limits.api_calls_per_minute itself with the runtime's RequestPacer (per process), and the
 * pool's size bounds concurrency.
 */
import type { z } from "zod";
import { type ApiFactoryContext, UpstreamError } from "../../../runtime/contract.js";
import {
  type RawColumn,
  type RawDatabase,
  type RawMetering,
  type RawPipe,
  type RawPipeStatus,
  type RawQuery,
  type RawSchema,
  type RawTable,
  type RawTask,
  type RawTaskRun,
  type RawWarehouse,
  type RawWarehouseLoad,
  rawColumnSchema,
  rawDatabaseSchema,
  rawMeteringSchema,
  rawPipeSchema,
  rawPipeStatusRowSchema,
  rawPipeStatusSchema,
  rawQuerySchema,
  rawSchemaSchema,
  rawTableSchema,
  rawTaskRunSchema,
  rawTaskSchema,
  rawWarehouseLoadSchema,
  rawWarehouseSchema,
} from "../types/raw.js";
import { type Bind, type Row, type SnowflakeSession, type StatementResult, createSession } from "./session.js";
import {
  PIPE_STATUS_SQL,
  SHOW_DATABASES,
  SHOW_PIPES,
  SHOW_TASKS,
  SHOW_WAREHOUSES,
  type WarehouseSize,
  alterWarehouseSql,
  columnsSql,
  executeTaskSql,
  meteringSql,
  queryHistorySql,
  schemataSql,
  tablesSql,
  taskHistorySql,
  warehouseLoadSql,
} from "./sql.js";
import { StatementRefused, admitReadOnly } from "./statement-guard.js";

export { type Bind } from "./session.js";

/** Statement timeout of the catalog and history reads (seconds). */
export const READ_TIMEOUT_SECONDS = 60;
/** Statement timeout of ALTER WAREHOUSE / EXECUTE TASK (seconds). */
export const WRITE_TIMEOUT_SECONDS = 30;
/** Most rows a SHOW is read for. */
const SHOW_ROW_CAP = 10_000;
const QUERY_TAG = "sophia-snowflake-admin";

export interface TimeWindow {
  readonly sinceMs: number;
  readonly untilMs: number;
}

export interface QueryHistoryOptions extends TimeWindow {
  readonly warehouse?: string;
  readonly user?: string;
  readonly status?: "SUCCESS" | "FAIL" | "INCIDENT";
  readonly minElapsedMs?: number;
  /** failed queries or those at least this slow (either one) */
  readonly failedOrSlowerThanMs?: number;
  readonly order: "slowest" | "newest" | "oldest";
  readonly limit: number;
  readonly offset?: number;
}

export interface ReadOnlyQuery {
  readonly sql: string;
  readonly binds: readonly Bind[];
  readonly maxRows: number;
  readonly timeoutSeconds: number;
}

export interface ReadOnlyResult {
  readonly kind: string;
  readonly columns: readonly { name: string; type: string }[];
  readonly rows: Row[];
  readonly totalRows: number;
  readonly queryId: string | undefined;
}

export interface SnowflakeApi {
  /** the account identifier, for links to Snowsight */
  readonly account: string;
  listDatabases(signal?: AbortSignal): Promise<RawDatabase[]>;
  listSchemas(database: string, limit: number, signal?: AbortSignal): Promise<RawSchema[]>;
  listTables(database: string, options: { schema?: string; namePattern?: string; exactName?: string; type?: "BASE TABLE" | "VIEW"; limit: number }, signal?: AbortSignal): Promise<RawTable[]>;
  listColumns(database: string, schema: string, tables: readonly string[], signal?: AbortSignal): Promise<RawColumn[]>;
  queryHistory(options: QueryHistoryOptions, signal?: AbortSignal): Promise<RawQuery[]>;
  listWarehouses(signal?: AbortSignal): Promise<RawWarehouse[]>;
  warehouseLoad(window: TimeWindow & { warehouse?: string; limit: number }, signal?: AbortSignal): Promise<RawWarehouseLoad[]>;
  metering(window: TimeWindow & { warehouse?: string; limit: number }, signal?: AbortSignal): Promise<RawMetering[]>;
  listTasks(signal?: AbortSignal): Promise<RawTask[]>;
  taskHistory(options: { sinceMs: number; database?: string; schema?: string; name?: string; state?: string; limit: number }, signal?: AbortSignal): Promise<RawTaskRun[]>;
  listPipes(signal?: AbortSignal): Promise<RawPipe[]>;
  pipeStatus(qualifiedPipe: string, signal?: AbortSignal): Promise<RawPipeStatus>;
  /** a single read-only statement (statement-guard.ts), with binds, a row cap and a timeout */
  readOnlyQuery(query: ReadOnlyQuery, signal?: AbortSignal): Promise<ReadOnlyResult>;
  resumeWarehouse(warehouse: string, signal?: AbortSignal): Promise<void>;
  suspendWarehouse(warehouse: string, signal?: AbortSignal): Promise<void>;
  resizeWarehouse(warehouse: string, size: WarehouseSize, signal?: AbortSignal): Promise<void>;
  executeTask(database: string, schema: string, task: string, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

function parseRows<T>(rows: readonly Row[], schema: z.ZodType<T>, what: string): T[] {
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UpstreamError("snowflake", 502, false, `Snowflake returned an unexpected ${what} row`, `row ${index}: ${issue?.path.join(".")} ${issue?.message}`);
    }
    return parsed.data;
  });
}

export function createSnowflakeApi(session: SnowflakeSession, account: string): SnowflakeApi {
  const read = (sqlText: string, binds: readonly Bind[], signal: AbortSignal | undefined, maxRows?: number): Promise<StatementResult> =>
    session.execute({ sqlText, binds, timeoutSeconds: READ_TIMEOUT_SECONDS, queryTag: QUERY_TAG, ...(maxRows === undefined ? {} : { maxRows }), ...(signal ? { signal } : {}) });
  const write = async (sqlText: string, signal: AbortSignal | undefined): Promise<void> => {
    await session.execute({ sqlText, binds: [], timeoutSeconds: WRITE_TIMEOUT_SECONDS, queryTag: QUERY_TAG, ...(signal ? { signal } : {}) });
  };

  return {
    account,
    listDatabases: async (signal) => parseRows((await read(SHOW_DATABASES, [], signal, SHOW_ROW_CAP)).rows, rawDatabaseSchema, "database"),
    listSchemas: async (database, limit, signal) => parseRows((await read(schemataSql(database), [limit], signal)).rows, rawSchemaSchema, "schema"),
    listTables: async (database, options, signal) => {
      const binds: Bind[] = ["INFORMATION_SCHEMA"];
      if (options.schema !== undefined) binds.push(options.schema);
      if (options.namePattern !== undefined) binds.push(options.namePattern);
      if (options.exactName !== undefined) binds.push(options.exactName);
      if (options.type !== undefined) binds.push(options.type);
      binds.push(options.limit);
      const sql = tablesSql(database, { schema: options.schema !== undefined, name: options.namePattern !== undefined, exact: options.exactName !== undefined, type: options.type !== undefined });
      return parseRows((await read(sql, binds, signal)).rows, rawTableSchema, "table");
    },
    listColumns: async (database, schema, tables, signal) =>
      tables.length === 0 ? [] : parseRows((await read(columnsSql(database, tables.length), [schema, ...tables], signal)).rows, rawColumnSchema, "column"),
    queryHistory: async (options, signal) => {
      const binds: Bind[] = [options.sinceMs, options.untilMs];
      if (options.warehouse !== undefined) binds.push(options.warehouse);
      if (options.user !== undefined) binds.push(options.user);
      if (options.status !== undefined) binds.push(options.status);
      if (options.minElapsedMs !== undefined) binds.push(options.minElapsedMs);
      if (options.failedOrSlowerThanMs !== undefined) binds.push("FAIL", options.failedOrSlowerThanMs);
      binds.push(options.limit, options.offset ?? 0);
      const sql = queryHistorySql(
        {
          warehouse: options.warehouse !== undefined,
          user: options.user !== undefined,
          status: options.status !== undefined,
          minElapsed: options.minElapsedMs !== undefined,
          failedOrSlow: options.failedOrSlowerThanMs !== undefined,
        },
        options.order,
      );
      return parseRows((await read(sql, binds, signal)).rows, rawQuerySchema, "query history");
    },
    listWarehouses: async (signal) => parseRows((await read(SHOW_WAREHOUSES, [], signal, SHOW_ROW_CAP)).rows, rawWarehouseSchema, "warehouse"),
    warehouseLoad: async (options, signal) => {
      const binds: Bind[] = [options.sinceMs, options.untilMs, ...(options.warehouse === undefined ? [] : [options.warehouse]), options.limit];
      return parseRows((await read(warehouseLoadSql(options.warehouse !== undefined), binds, signal)).rows, rawWarehouseLoadSchema, "warehouse load");
    },
    metering: async (options, signal) => {
      const binds: Bind[] = [options.sinceMs, options.untilMs, ...(options.warehouse === undefined ? [] : [options.warehouse]), options.limit];
      return parseRows((await read(meteringSql(options.warehouse !== undefined), binds, signal)).rows, rawMeteringSchema, "warehouse metering");
    },
    listTasks: async (signal) => parseRows((await read(SHOW_TASKS, [], signal, SHOW_ROW_CAP)).rows, rawTaskSchema, "task"),
    taskHistory: async (options, signal) => {
      const binds: Bind[] = [options.sinceMs];
      for (const value of [options.database, options.schema, options.name, options.state]) if (value !== undefined) binds.push(value);
      binds.push(options.limit);
      const sql = taskHistorySql({ database: options.database !== undefined, schema: options.schema !== undefined, name: options.name !== undefined, state: options.state !== undefined });
      return parseRows((await read(sql, binds, signal)).rows, rawTaskRunSchema, "task history");
    },
    listPipes: async (signal) => parseRows((await read(SHOW_PIPES, [], signal, SHOW_ROW_CAP)).rows, rawPipeSchema, "pipe"),
    pipeStatus: async (qualifiedPipe, signal) => {
      const [row] = parseRows((await read(PIPE_STATUS_SQL, [qualifiedPipe], signal)).rows, rawPipeStatusRowSchema, "pipe status");
      if (row === undefined) throw new UpstreamError("snowflake", 502, false, "Snowflake returned no pipe status");
      let json: unknown;
      try {
        json = JSON.parse(row.STATUS);
      } catch {
        throw new UpstreamError("snowflake", 502, false, "Snowflake returned an unreadable pipe status", "SYSTEM$PIPE_STATUS is not JSON");
      }
      const parsed = rawPipeStatusSchema.safeParse(json);
      if (!parsed.success) throw new UpstreamError("snowflake", 502, false, "Snowflake returned an unexpected pipe status", parsed.error.issues[0]?.message);
      return parsed.data;
    },
    readOnlyQuery: async (query, signal) => {
      let admitted;
      try {
        admitted = admitReadOnly(query.sql);
      } catch (error) {
        if (error instanceof StatementRefused) throw new UpstreamError("snowflake", 400, false, `Statement refused (read-only queries only): ${error.reason}`);
        throw error;
      }
      if (admitted.bindCount !== query.binds.length) {
        throw new UpstreamError("snowflake", 400, false, `Statement refused: it has ${admitted.bindCount} ? placeholder(s) and ${query.binds.length} parameter(s) were given`);
      }
      const result = await session.execute({
        sqlText: admitted.sqlText,
        binds: query.binds,
        timeoutSeconds: query.timeoutSeconds,
        maxRows: query.maxRows,
        queryTag: QUERY_TAG,
        ...(signal ? { signal } : {}),
      });
      return { kind: admitted.kind, columns: result.columns, rows: result.rows, totalRows: result.totalRows, queryId: result.queryId };
    },
    resumeWarehouse: (warehouse, signal) => write(alterWarehouseSql.resume(warehouse), signal),
    suspendWarehouse: (warehouse, signal) => write(alterWarehouseSql.suspend(warehouse), signal),
    resizeWarehouse: (warehouse, size, signal) => write(alterWarehouseSql.resize(warehouse, size), signal),
    executeTask: (database, schema, task, signal) => write(executeTaskSql(database, schema, task), signal),
    close: () => session.close(),
  };
}

export function createApi({ credentials, settings, log }: ApiFactoryContext): SnowflakeApi {
  const perMinute = settings.rate_limits?.api_calls_per_minute;
  const session = createSession({ credentials, log, ...(perMinute === undefined ? {} : { statementsPerMinute: perMinute }) });
  return createSnowflakeApi(session, credentials.SNOWFLAKE_ACCOUNT?.trim() ?? "");
}
