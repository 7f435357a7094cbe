/**
 * Statements through snowflake-sdk on a small connection pool: connections are opened lazily,
 * kept alive (the driver's heartbeat), checked on borrow (a heartbeat), and destroyed instead of
 * returned when Snowflake says the session is gone or the network failed, so the next borrow
 * logs in afresh. Every statement carries STATEMENT_TIMEOUT_IN_SECONDS (Snowflake cancels it
 * server-side) and MULTI_STATEMENT_COUNT=1 (Snowflake itself refuses a second statement); when
 * the caller's signal aborts (the MCP client cancelled, the server is stopping) the statement is
 * cancelled through the driver (POST /queries/v1/abort-request) and the call ends at once.
 */
import type { Logger } from "pino";
import snowflake from "snowflake-sdk";
import type { Credentials } from "../../../runtime/contract.js";
import { requiredCredential } from "../../../runtime/credentials.js";
import { UpstreamError } from "../../../runtime/contract.js";

export type Bind = string | number | boolean | null;
export type Row = Readonly<Record<string, unknown>>;

export interface StatementRequest {
  readonly sqlText: string;
  readonly binds?: readonly Bind[];
  /** Snowflake cancels the statement after this many seconds */
  readonly timeoutSeconds: number;
  /** rows to read at most (the rest is never fetched); all rows when undefined */
  readonly maxRows?: number;
  readonly signal?: AbortSignal;
  /** tags the statement in QUERY_HISTORY */
  readonly queryTag?: string;
}

export interface StatementResult {
  readonly rows: Row[];
  /** rows the statement produced, as Snowflake counted them */
  readonly totalRows: number;
  readonly queryId: string | undefined;
  readonly columns: readonly { name: string; type: string }[];
}

export interface SnowflakeSession {
  execute(request: StatementRequest): Promise<StatementResult>;
  close(): Promise<void>;
}

/** Pool size: a handful of concurrent statements per server, well under a warehouse's default concurrency (8). */
const POOL_MAX = 4;
/** Idle connections are logged out after this long. */
const IDLE_MS = 10 * 60_000;
/** Snowflake error codes that mean the session is gone: the connection is replaced. */
const SESSION_GONE = new Set(["390111", "390112", "390114", "390104", "390113"]);
/** The statement reached STATEMENT_TIMEOUT_IN_SECONDS or was cancelled. */
const TIMED_OUT = new Set(["000630"]);
const CANCELLED = new Set(["000604"]);

interface DriverError {
  readonly code?: string | number;
  readonly message?: string;
  readonly sqlState?: string;
  readonly response?: { readonly status?: number };
  readonly isFatal?: boolean;
}

function codeOf(error: DriverError): string {
  return error.code === undefined ? "" : String(error.code).padStart(6, "0");
}

function sessionGone(error: DriverError): boolean {
  const code = codeOf(error);
  // driver network errors carry no Snowflake code (or the driver's own 4xxxxx codes)
  return SESSION_GONE.has(code) || code === "" || code.startsWith("4");
}

/** The driver's error as our typed error: SQL errors say what Snowflake said (it concerns the caller's SQL, not a secret). */
export function snowflakeError(error: unknown, what: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const err = error as DriverError;
  const code = codeOf(err);
  const status = err.response?.status ?? 0;
  const detail = `${code} ${err.message ?? ""}`.trim();
  if (TIMED_OUT.has(code)) return new UpstreamError("snowflake", 0, false, `Snowflake ${what} reached its statement timeout and was cancelled`, detail);
  if (CANCELLED.has(code)) return new UpstreamError("snowflake", 0, false, `Snowflake ${what} was cancelled`, detail);
  // the driver's pool re-throws login failures as plain Errors with the message only
  if (code === "390100" || code === "390144" || code === "390318" || (what === "login" && /incorrect username or password|token is invalid|token has expired/i.test(err.message ?? ""))) {
    return new UpstreamError("snowflake", 401, false, "Snowflake refused the credentials (SNOWFLAKE_USER / SNOWFLAKE_PASSWORD)", detail);
  }
  if (/^00[0-2]\d{3}$/.test(code) && err.message) {
    // compilation / execution errors: the caller needs the reason to fix its statement
    const message = err.message.replace(/\s+/g, " ").slice(0, 400);
    return new UpstreamError("snowflake", 400, false, `Snowflake ${what} failed: ${message} (${code})`, detail);
  }
  const retryable = status === 0 || status >= 500;
  return new UpstreamError("snowflake", status, retryable, `Snowflake ${what} failed${code ? ` (${code})` : ""}`, detail);
}

export interface SessionOptions {
  readonly credentials: Credentials;
  readonly log: Logger;
  readonly application?: string;
  /**
   * rate_limits.api_calls_per_minute: statements start at most this often (per process; the driver
   * speaks its own protocol, so the runtime's HTTP pacing does not apply). Undefined: unpaced.
   */
  readonly statementsPerMinute?: number;
  /** how pacing waits (tests record instead of sleeping) */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now?: () => number;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new UpstreamError("snowflake", 0, false, "Snowflake statement was cancelled before it started"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Spaces statement starts `intervalMs` apart, in call order. */
function pacer(intervalMs: number, sleep: (ms: number, signal?: AbortSignal) => Promise<void>, now: () => number): (signal?: AbortSignal) => Promise<void> {
  let nextStart = 0;
  return async (signal) => {
    const at = Math.max(now(), nextStart);
    nextStart = at + intervalMs;
    const wait = at - now();
    if (wait > 0) await sleep(wait, signal);
  };
}

export function createSession({ credentials, log, application = "sophia-snowflake-admin", statementsPerMinute, sleep = abortableSleep, now = Date.now }: SessionOptions): SnowflakeSession {
  const pace = statementsPerMinute === undefined || statementsPerMinute <= 0 ? undefined : pacer(60_000 / statementsPerMinute, sleep, now);
  const optional = (name: string) => {
    const value = credentials[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const warehouse = optional("SNOWFLAKE_WAREHOUSE");
  const database = optional("SNOWFLAKE_DATABASE");
  const role = optional("SNOWFLAKE_ROLE");
  const accessUrl = optional("SNOWFLAKE_ACCESS_URL");
  const connectionOptions: snowflake.ConnectionOptions = {
    account: requiredCredential(credentials, "SNOWFLAKE_ACCOUNT"),
    username: requiredCredential(credentials, "SNOWFLAKE_USER"),
    // a programmatic access token is accepted where the password goes
    password: requiredCredential(credentials, "SNOWFLAKE_PASSWORD"),
    application,
    clientSessionKeepAlive: true,
    ...(warehouse === undefined ? {} : { warehouse }),
    ...(database === undefined ? {} : { database }),
    ...(role === undefined ? {} : { role }),
    ...(accessUrl === undefined ? {} : { accessUrl }),
  };
  // the driver masks secrets; its messages go to our logger, never to a snowflake.log file
  const child = log.child({ component: "snowflake-sdk" });
  snowflake.configure({
    logLevel: "WARN",
    customLogger: { error: (m: string) => child.error(m), warn: (m: string) => child.warn(m), info: (m: string) => child.info(m), debug: (m: string) => child.debug(m), trace: (m: string) => child.trace(m) },
  } as snowflake.ConfigureOptions);

  let pool: ReturnType<typeof snowflake.createPool> | undefined;
  const getPool = () => {
    pool ??= snowflake.createPool(connectionOptions, {
      max: POOL_MAX,
      min: 0,
      testOnBorrow: true,
      idleTimeoutMillis: IDLE_MS,
      evictionRunIntervalMillis: 60_000,
      acquireTimeoutMillis: 60_000,
    });
    return pool;
  };

  const acquire = async (signal: AbortSignal | undefined): Promise<snowflake.Connection> => {
    try {
      const acquiring = getPool().acquire();
      if (signal === undefined) return await acquiring;
      return await abortable(acquiring, signal, (connection) => void getPool().release(connection));
    } catch (error) {
      throw snowflakeError(error, "login");
    }
  };

  return {
    async execute(request) {
      if (request.signal?.aborted) throw new UpstreamError("snowflake", 0, false, "Snowflake statement was cancelled before it started");
      await pace?.(request.signal);
      const connection = await acquire(request.signal);
      let broken = false;
      try {
        return await run(connection, request);
      } catch (error) {
        broken = sessionGone(error as DriverError) && !(error instanceof UpstreamError);
        throw snowflakeError(error, "statement");
      } finally {
        if (broken) await getPool().destroy(connection).catch(() => undefined);
        else await getPool().release(connection).catch(() => undefined);
      }
    },
    async close() {
      const open = pool;
      pool = undefined;
      if (open === undefined) return;
      await open.drain();
      await open.clear();
    },
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal, orphan: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      reject(new UpstreamError("snowflake", 0, false, "Snowflake statement was cancelled"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (settled) orphan(value);
        else {
          settled = true;
          resolve(value);
        }
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        if (!settled) {
          settled = true;
          reject(error);
        }
      },
    );
  });
}

function run(connection: snowflake.Connection, request: StatementRequest): Promise<StatementResult> {
  return new Promise<StatementResult>((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      request.signal?.removeEventListener("abort", onAbort);
      fn();
    };
    const parameters: Record<string, string | number> = { STATEMENT_TIMEOUT_IN_SECONDS: request.timeoutSeconds, MULTI_STATEMENT_COUNT: 1 };
    if (request.queryTag !== undefined) parameters.QUERY_TAG = request.queryTag;
    const statement = connection.execute({
      sqlText: request.sqlText,
      binds: [...(request.binds ?? [])] as snowflake.Binds,
      parameters,
      streamResult: true,
      complete: (error, stmt) => {
        if (error) return finish(() => reject(error));
        const columns = (stmt.getColumns() ?? []).map((column) => ({ name: column.getName(), type: column.getType() }));
        const totalRows = stmt.getNumRows() ?? 0;
        const rows: Row[] = [];
        if (totalRows === 0 || request.maxRows === 0) return finish(() => resolve({ rows, totalRows, queryId: stmt.getQueryId(), columns }));
        const end = request.maxRows === undefined ? totalRows - 1 : Math.min(totalRows, request.maxRows) - 1;
        stmt
          .streamRows({ start: 0, end })
          .on("data", (row: Row) => rows.push(row))
          .on("error", (streamError: unknown) => finish(() => reject(streamError)))
          .on("end", () => finish(() => resolve({ rows, totalRows, queryId: stmt.getQueryId(), columns })));
      },
    });
    const onAbort = () => {
      statement.cancel(() => undefined);
      finish(() => reject(new UpstreamError("snowflake", 0, false, "Snowflake statement was cancelled")));
    };
    if (request.signal !== undefined) request.signal.addEventListener("abort", onAbort, { once: true });
  });
}
