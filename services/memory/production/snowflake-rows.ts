/**
 * Memory rows in Snowflake through snowflake-sdk: one lazily opened connection, the table created
 * idempotently on first use, batched MERGEs with bound parameters.
 */
import type snowflake from "snowflake-sdk";
import type { Logger } from "pino";
import { UpstreamError } from "../../runtime/contract.js";
import type { PlatformName } from "../../fleet/platform-names.js";
import type { PreparedRecord } from "../records.js";
import type { SqlValue } from "../sql-filters.js";
import type { Memory } from "../types.js";
import type { ProductionSettings } from "../settings.js";
import { CREATE_TABLE, INSERT_COLUMNS, mergeNewRows, type SnowflakeStatement } from "./snowflake-sql.js";

/** rows per MERGE: 10 binds each, far below the driver's stage-binding threshold */
const ROWS_PER_MERGE = 200;

type Row = Record<string, unknown>;

function text(row: Row, column: string): string {
  const value = row[column.toUpperCase()];
  if (typeof value !== "string") throw new UpstreamError("memory", 0, false, "Snowflake returned an unexpected row", `column ${column} is ${typeof value}`);
  return value;
}

function optionalText(row: Row, column: string): string | undefined {
  const value = row[column.toUpperCase()];
  return typeof value === "string" ? value : undefined;
}

export function rowToMemory(row: Row): Memory {
  const title = optionalText(row, "title");
  const url = optionalText(row, "url");
  return {
    id: text(row, "id"),
    key: text(row, "memory_key"),
    source: text(row, "source") as PlatformName,
    type: text(row, "memory_type"),
    timestamp: text(row, "occurred_at"),
    ...(title === undefined ? {} : { title }),
    content: text(row, "content"),
    record: JSON.parse(text(row, "record_json")) as Record<string, unknown>,
    ...(url === undefined ? {} : { url }),
    storedAt: text(row, "stored_at"),
  };
}

export function numberColumn(row: Row, column: string): number {
  const value = row[column.toUpperCase()] ?? row[column];
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) throw new UpstreamError("memory", 0, false, "Snowflake returned an unexpected row", `column ${column} is not a number`);
  return n;
}

function snowflakeFailure(error: unknown, what: string): UpstreamError {
  const err = error as { code?: string | number; message?: string; response?: { status?: number } };
  const status = err.response?.status ?? 0;
  // network failures and 5xx are worth retrying; SQL and auth errors are not
  const retryable = status === 0 || status >= 500;
  return new UpstreamError("memory", status, retryable, `Snowflake ${what} failed`, `${String(err.code ?? "")} ${err.message ?? ""}`.trim());
}

export class SnowflakeRows {
  private connection: Promise<snowflake.Connection> | undefined;
  private schemaReady: Promise<void> | undefined;

  constructor(
    private readonly settings: ProductionSettings["snowflake"],
    private readonly log?: Logger,
  ) {}

  private connect(): Promise<snowflake.Connection> {
    // the driver (with its cloud storage clients) loads on first use: a memory server on the
    // embedded backend never loads it, and one on this backend starts before it does
    this.connection ??= import("snowflake-sdk").then(({ default: driver }) => {
      // the driver masks secrets in its messages; they go to our logger, never to its default
      // snowflake.log file in the working directory (read-only in the cluster)
      driver.configure(this.log === undefined ? { logLevel: "OFF" } : { logLevel: "WARN", customLogger: childLogger(this.log) });
      const connection = driver.createConnection({
        account: this.settings.account,
        username: this.settings.username,
        password: this.settings.password,
        application: "sophia-memory",
        ...(this.settings.warehouse === undefined ? {} : { warehouse: this.settings.warehouse }),
        ...(this.settings.database === undefined ? {} : { database: this.settings.database }),
        ...(this.settings.schema === undefined ? {} : { schema: this.settings.schema }),
        ...(this.settings.role === undefined ? {} : { role: this.settings.role }),
        ...(this.settings.accessUrl === undefined ? {} : { accessUrl: this.settings.accessUrl }),
      });
      // connect(callback), not connectAsync(): the latter reports a failed login only to a callback
      return new Promise<snowflake.Connection>((resolve, reject) => {
        connection.connect((error) => {
          if (error) {
            this.connection = undefined;
            reject(snowflakeFailure(error, "login"));
          } else resolve(connection);
        });
      });
    });
    return this.connection;
  }

  async execute(statement: SnowflakeStatement): Promise<Row[]> {
    await this.ensureSchema();
    return this.run(statement);
  }

  private async run(statement: SnowflakeStatement): Promise<Row[]> {
    const connection = await this.connect();
    return new Promise((resolve, reject) => {
      connection.execute({
        sqlText: statement.sqlText,
        binds: statement.binds,
        complete: (error, _stmt, rows) => (error ? reject(snowflakeFailure(error, "query")) : resolve((rows ?? []) as Row[])),
      });
    });
  }

  private ensureSchema(): Promise<void> {
    this.schemaReady ??= this.run({ sqlText: CREATE_TABLE, binds: [] }).then(
      () => undefined,
      (error: unknown) => {
        this.schemaReady = undefined;
        throw error;
      },
    );
    return this.schemaReady;
  }

  /** Inserts the records whose key is new; returns how many were inserted. */
  async insertNew(records: readonly PreparedRecord[], storedAt: string): Promise<number> {
    let inserted = 0;
    for (let start = 0; start < records.length; start += ROWS_PER_MERGE) {
      const batch = records.slice(start, start + ROWS_PER_MERGE);
      const binds: (SqlValue | null)[] = [];
      for (const r of batch) {
        const values: Record<(typeof INSERT_COLUMNS)[number], SqlValue | null> = {
          id: r.id, memory_key: r.key, source: r.source, memory_type: r.type, occurred_at: r.timestamp, title: r.title ?? null,
          content: r.content, record: JSON.stringify(r.record), url: r.url ?? null, stored_at: storedAt,
        };
        for (const column of INSERT_COLUMNS) binds.push(values[column]);
      }
      const rows = await this.execute({ sqlText: mergeNewRows(batch.length), binds });
      inserted += numberColumn(rows[0] ?? {}, "number of rows inserted");
    }
    return inserted;
  }

  async close(): Promise<void> {
    const pending = this.connection;
    this.connection = undefined;
    this.schemaReady = undefined;
    if (pending === undefined) return;
    const connection = await pending.catch(() => undefined);
    if (connection === undefined || !connection.isUp()) return;
    await new Promise<void>((resolve) => connection.destroy(() => resolve()));
  }
}

function childLogger(log: Logger): { error(m: string): void; warn(m: string): void; info(m: string): void; debug(m: string): void; trace(m: string): void } {
  const child = log.child({ component: "snowflake-sdk" });
  return {
    error: (m) => child.error(m),
    warn: (m) => child.warn(m),
    info: (m) => child.info(m),
    debug: (m) => child.debug(m),
    trace: (m) => child.trace(m),
  };
}
