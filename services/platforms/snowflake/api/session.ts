/**
 * Statements through snowflake-sdk on a small connection pool: connections are opened lazily,
 * kept alive (the driver's heartbeat), checked on borrow (a heartbeat), and destroyed instead of
 * returned when Snowflake says the session is gone or the network failed, so the next borrow
 * logs in afresh. Sessions sign in with a password / programmatic access token or with an RSA key
 * (the driver's SNOWFLAKE_JWT authenticator signs a short-lived JWT per login): signInFrom. Every
 * statement carries STATEMENT_TIMEOUT_IN_SECONDS (Snowflake cancels it server-side) and
 * MULTI_STATEMENT_COUNT=1 (Snowflake itself refuses a second statement), starts no sooner than
 * the pacer allows, and runs in the driver's async mode (runAsync): when the caller's signal
 * aborts (the tool call's deadline, the MCP client cancelled, the server is stopping) the
 * statement is cancelled with SYSTEM$CANCEL_QUERY and the call ends at once.
 */
import { type KeyObject, createPrivateKey } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
// types only: the driver (and the AWS, Azure and Google storage clients it loads) is imported on the
// first statement, so an idle server, and one whose readiness never needs Snowflake, does not hold it
import type snowflake from "snowflake-sdk";
import type { Credentials } from "../../../runtime/contract.js";
import { requiredCredential } from "../../../runtime/credentials.js";
import { UpstreamError } from "../../../runtime/contract.js";
import { RequestPacer, type Sleep, realSleep, sleepUnlessAborted } from "../../../runtime/http/pacing.js";
import { joinCallSignal } from "../../../runtime/call-bounds.js";

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
export function snowflakeError(error: unknown, what: string, credentialNames = "SNOWFLAKE_USER / SNOWFLAKE_PASSWORD"): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const err = error as DriverError;
  const code = codeOf(err);
  const status = err.response?.status ?? 0;
  const detail = `${code} ${err.message ?? ""}`.trim();
  if (TIMED_OUT.has(code)) return new UpstreamError("snowflake", 0, false, `Snowflake ${what} reached its statement timeout and was cancelled`, detail);
  if (CANCELLED.has(code)) return new UpstreamError("snowflake", 0, false, `Snowflake ${what} was cancelled`, detail);
  // the driver's pool re-throws login failures as plain Errors with the message only
  if (code === "390100" || code === "390144" || code === "390318" || (what === "login" && /incorrect username or password|token is invalid|token has expired/i.test(err.message ?? ""))) {
    return new UpstreamError("snowflake", 401, false, `Snowflake refused the credentials (${credentialNames})`, detail);
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
   * speaks its own protocol, so the runtime's HTTP pacing does not apply, and the session paces
   * with the runtime's RequestPacer itself). Undefined: unpaced.
   */
  readonly statementsPerMinute?: number;
  /** how pacing and status polling wait (tests record instead of sleeping) */
  readonly sleep?: Sleep;
  readonly now?: () => number;
}

/** Status polls of a running statement start this far apart and back off to POLL_MAX_MS. */
export const POLL_FIRST_MS = 100;
export const POLL_MAX_MS = 2_000;
const POLL_FACTOR = 1.5;
/** Snowflake's monitoring statuses (the driver's constants/query_status.js). */
const RUNNING_STATUSES = new Set(["RUNNING", "RESUMING_WAREHOUSE", "QUEUED", "QUEUED_REPARING_WAREHOUSE", "NO_DATA"]);

/** How the session signs in: exactly one of a password / programmatic access token and an RSA key. */
export type SignIn =
  | { readonly kind: "password"; readonly password: string }
  | { readonly kind: "key-pair"; readonly privateKeyPem: string };

const KEY_VARIABLES = "SNOWFLAKE_PRIVATE_KEY";

/**
 * The sign-in the credentials choose. Errors name the variables and never include a value: the key
 * is read with node:crypto (decrypted with SNOWFLAKE_PRIVATE_KEY_PASSPHRASE when it is encrypted)
 * and handed to the driver as an unencrypted PKCS#8 PEM, so a wrong passphrase or a pasted public
 * key fails here, at startup, rather than at the first login.
 */
export function signInFrom(credentials: Credentials): SignIn {
  const value = (name: string) => {
    const raw = credentials[name];
    return raw === undefined || raw.trim() === "" ? undefined : raw;
  };
  const password = value("SNOWFLAKE_PASSWORD");
  const key = value("SNOWFLAKE_PRIVATE_KEY");
  const passphrase = value("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE");
  if (password !== undefined && key !== undefined) {
    throw new Error("Snowflake sign-in: set exactly one of SNOWFLAKE_PASSWORD (password or programmatic access token) and SNOWFLAKE_PRIVATE_KEY (key-pair), not both");
  }
  if (password === undefined && key === undefined) {
    throw new Error("Snowflake sign-in: set SNOWFLAKE_PASSWORD (password or programmatic access token) or SNOWFLAKE_PRIVATE_KEY (key-pair, PEM); neither is set");
  }
  if (passphrase !== undefined && key === undefined) {
    throw new Error("Snowflake sign-in: SNOWFLAKE_PRIVATE_KEY_PASSPHRASE is set but SNOWFLAKE_PRIVATE_KEY is not");
  }
  if (password !== undefined) return { kind: "password", password: password.trim() };
  // a PEM pasted into a single-line secret often arrives with literal \n
  const pem = (key as string).replace(/\\n/g, "\n").trim();
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem);
  if (encrypted && passphrase === undefined) throw new Error("Snowflake sign-in: SNOWFLAKE_PRIVATE_KEY is encrypted; set SNOWFLAKE_PRIVATE_KEY_PASSPHRASE");
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: "pem", ...(passphrase === undefined ? {} : { passphrase }) });
  } catch {
    throw new Error(
      encrypted
        ? "Snowflake sign-in: SNOWFLAKE_PRIVATE_KEY could not be decrypted with SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"
        : "Snowflake sign-in: SNOWFLAKE_PRIVATE_KEY is not a PEM private key (expected -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----)",
    );
  }
  if (privateKey.asymmetricKeyType !== "rsa") throw new Error(`Snowflake sign-in: SNOWFLAKE_PRIVATE_KEY must be an RSA key (Snowflake key-pair sign-in uses RS256), not ${privateKey.asymmetricKeyType ?? "unknown"}`);
  return { kind: "key-pair", privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString() };
}

function cancelledBeforeStart(): UpstreamError {
  return new UpstreamError("snowflake", 0, false, "Snowflake statement was cancelled before it started");
}

export function createSession({ credentials, log, application = "sophia-snowflake-admin", statementsPerMinute, sleep = realSleep, now = () => performance.now() }: SessionOptions): SnowflakeSession {
  const pacer = statementsPerMinute === undefined || statementsPerMinute <= 0 ? undefined : new RequestPacer(statementsPerMinute, sleep, now);
  const optional = (name: string) => {
    const value = credentials[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const signIn = signInFrom(credentials);
  const credentialNames = signIn.kind === "password" ? "SNOWFLAKE_USER / SNOWFLAKE_PASSWORD" : `SNOWFLAKE_USER / ${KEY_VARIABLES}`;
  const warehouse = optional("SNOWFLAKE_WAREHOUSE");
  const database = optional("SNOWFLAKE_DATABASE");
  const role = optional("SNOWFLAKE_ROLE");
  const accessUrl = optional("SNOWFLAKE_ACCESS_URL");
  const connectionOptions: snowflake.ConnectionOptions = {
    account: requiredCredential(credentials, "SNOWFLAKE_ACCOUNT"),
    username: requiredCredential(credentials, "SNOWFLAKE_USER"),
    // a programmatic access token is accepted where the password goes; a key signs a JWT per login
    ...(signIn.kind === "password" ? { password: signIn.password } : { authenticator: "SNOWFLAKE_JWT", privateKey: signIn.privateKeyPem }),
    application,
    clientSessionKeepAlive: true,
    ...(warehouse === undefined ? {} : { warehouse }),
    ...(database === undefined ? {} : { database }),
    ...(role === undefined ? {} : { role }),
    ...(accessUrl === undefined ? {} : { accessUrl }),
  };
  const child = log.child({ component: "snowflake-sdk" });
  type Pool = ReturnType<typeof snowflake.createPool>;
  // the pool, created with the driver on the first statement (loading snowflake-sdk costs a
  // server about 25 MiB of RSS, README "Benchmarks"); a failed load is retried by the next statement
  let pool: Promise<Pool> | undefined;
  const getPool = (): Promise<Pool> => {
    pool ??= import("snowflake-sdk").then(
      ({ default: driver }) => {
        // the driver masks secrets; its messages go to our logger, never to a snowflake.log file
        driver.configure({
          logLevel: "WARN",
          customLogger: { error: (m: string) => child.error(m), warn: (m: string) => child.warn(m), info: (m: string) => child.info(m), debug: (m: string) => child.debug(m), trace: (m: string) => child.trace(m) },
        } as snowflake.ConfigureOptions);
        return driver.createPool(connectionOptions, {
          max: POOL_MAX,
          min: 0,
          testOnBorrow: true,
          idleTimeoutMillis: IDLE_MS,
          evictionRunIntervalMillis: 60_000,
          acquireTimeoutMillis: 60_000,
        });
      },
      (error: unknown) => {
        pool = undefined;
        throw error;
      },
    );
    return pool;
  };

  const acquire = async (signal: AbortSignal | undefined): Promise<{ readonly connection: snowflake.Connection; readonly from: Pool }> => {
    try {
      const from = await getPool();
      const acquiring = from.acquire();
      if (signal === undefined) return { connection: await acquiring, from };
      return { connection: await abortable(acquiring, signal, (connection) => void from.release(connection)), from };
    } catch (error) {
      throw snowflakeError(error, "login", credentialNames);
    }
  };

  return {
    async execute(call) {
      // inside a tool call, its cancel, disconnect and deadline cancel the statement too
      const request = { ...call, signal: joinCallSignal(call.signal) };
      if (request.signal?.aborted) throw cancelledBeforeStart();
      try {
        await pacer?.acquire(request.signal);
      } catch (error) {
        if (request.signal?.aborted) throw cancelledBeforeStart();
        throw error;
      }
      const { connection, from } = await acquire(request.signal);
      let broken = false;
      // a cancel sent on this connection is answered before the connection goes back to the pool
      let cancelling: Promise<unknown> | undefined;
      const giveBack = () => (broken ? from.destroy(connection) : from.release(connection)).catch(() => undefined);
      try {
        return await runAsync(connection, request, (sent) => (cancelling = sent), child);
      } catch (error) {
        broken = sessionGone(error as DriverError) && !(error instanceof UpstreamError);
        throw snowflakeError(error, "statement", credentialNames);
      } finally {
        if (cancelling === undefined) await giveBack();
        else void cancelling.then(giveBack);
      }
    },
    async close() {
      const opening = pool;
      pool = undefined;
      if (opening === undefined) return;
      // never loaded (no statement ran): nothing to drain
      const open = await opening.catch(() => undefined);
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

/**
 * One statement in the driver's async mode, so a call never waits on Snowflake longer than its
 * caller allows: the query-request returns at once with the query id (asyncExec), the status is
 * polled (GET /monitoring/queries/{id}) with backoff from POLL_FIRST_MS to POLL_MAX_MS, and the rows
 * are fetched (GET /queries/{id}/result) once it has finished; a failed statement's error (with its
 * code: timeout, compilation ...) comes from that fetch. When the caller's signal fires (the MCP
 * client cancelled, the tool call's deadline passed, the server is stopping) the statement is
 * cancelled server-side with SYSTEM$CANCEL_QUERY and the call ends at once; `onCancel` gets the
 * cancel in flight so the connection goes back to the pool only after it.
 */
async function runAsync(
  connection: snowflake.Connection,
  request: StatementRequest,
  onCancel: (cancelling: Promise<unknown>) => void,
  log: Logger,
): Promise<StatementResult> {
  const { signal } = request;
  const parameters: Record<string, string | number> = { STATEMENT_TIMEOUT_IN_SECONDS: request.timeoutSeconds, MULTI_STATEMENT_COUNT: 1 };
  if (request.queryTag !== undefined) parameters.QUERY_TAG = request.queryTag;
  const queryId = await submit(connection, request, parameters);
  const cancel = (): UpstreamError => {
    onCancel(cancelQuery(connection, queryId).catch((error: unknown) => log.warn({ queryId, code: codeOf(error as DriverError) }, "could not cancel a Snowflake statement")));
    return new UpstreamError("snowflake", 0, false, "Snowflake statement was cancelled");
  };
  let wait = POLL_FIRST_MS;
  for (;;) {
    if (signal?.aborted) throw cancel();
    let status: string;
    try {
      status = await connection.getQueryStatus(queryId);
    } catch (error) {
      if (signal?.aborted) throw cancel();
      throw error;
    }
    if (!RUNNING_STATUSES.has(status)) break;
    try {
      await sleepUnlessAborted(realSleep, wait, signal);
    } catch (error) {
      if (signal?.aborted) throw cancel();
      throw error;
    }
    wait = Math.min(POLL_MAX_MS, wait * POLL_FACTOR);
  }
  // Snowflake may still report a just-submitted statement as unknown (NO_QUERY_DATA): the result
  // fetch then waits for it, and an abort meanwhile still cancels it server-side
  const fetching = fetchRows(connection, queryId, request);
  if (signal === undefined) return fetching;
  return new Promise<StatementResult>((resolve, reject) => {
    const onAbort = () => reject(cancel());
    signal.addEventListener("abort", onAbort, { once: true });
    fetching.then(
      (result) => {
        signal.removeEventListener("abort", onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function submit(connection: snowflake.Connection, request: StatementRequest, parameters: Record<string, string | number>): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    connection.execute({
      sqlText: request.sqlText,
      binds: [...(request.binds ?? [])] as snowflake.Binds,
      parameters,
      asyncExec: true,
      complete: (error, stmt) => {
        if (error) return reject(error);
        const queryId = stmt.getQueryId();
        if (!queryId) return reject(new UpstreamError("snowflake", 502, false, "Snowflake returned no query id for a statement"));
        resolve(queryId);
      },
    });
  });
}

function cancelQuery(connection: snowflake.Connection, queryId: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    connection.execute({ sqlText: "SELECT SYSTEM$CANCEL_QUERY(?)", binds: [queryId], complete: (error) => (error ? reject(error) : resolve()) });
  });
}

function fetchRows(connection: snowflake.Connection, queryId: string, request: StatementRequest): Promise<StatementResult> {
  return new Promise<StatementResult>((resolve, reject) => {
    connection.fetchResult({
      queryId,
      streamResult: true,
      complete: (error, stmt) => {
        if (error) return reject(error);
        const columns = (stmt.getColumns() ?? []).map((column) => ({ name: column.getName(), type: column.getType() }));
        const totalRows = stmt.getNumRows() ?? 0;
        const rows: Row[] = [];
        if (totalRows === 0 || request.maxRows === 0) return resolve({ rows, totalRows, queryId, columns });
        const end = request.maxRows === undefined ? totalRows - 1 : Math.min(totalRows, request.maxRows) - 1;
        stmt
          .streamRows({ start: 0, end })
          .on("data", (row: Row) => rows.push(row))
          .on("error", (streamError: unknown) => reject(streamError))
          .on("end", () => resolve({ rows, totalRows, queryId, columns }));
      },
    });
  });
}
