/**
 * Snowflake on loopback, speaking the REST protocol snowflake-sdk uses (as in the driver's source:
 * POST /session/v1/login-request, POST /queries/v1/query-request with positional `bindings`,
 * POST /telemetry/send, POST /session?delete=true), with the driver's JSON result format
 * (rowtype + rowset of strings). Statements run against an in-memory SQLite after translating
 * the few Snowflake forms the memory service uses (MERGE ... WHEN NOT MATCHED THEN INSERT,
 * FROM VALUES, ILIKE, IFF, PARSE_JSON, TO_JSON). Anything else fails as it would in a strict
 * server: a SQL text containing a string literal is rejected (values must be bound), a wrong
 * password or session token is refused, an unknown path is recorded in `unexpected`.
 *
 * Other users of the driver extend it without a second copy of the protocol: `setup` seeds the
 * backing database (tables standing in for Snowflake views, functions), `translate` rewrites their
 * Snowflake forms for SQLite, and `statements` answers the statements SQLite cannot run (SHOW,
 * ALTER WAREHOUSE ...) with result sets in Snowflake's own column names. The driver's session
 * heartbeat (POST /session/heartbeat) and statement cancel (POST /queries/v1/abort-request) are
 * answered too; `holdNext` keeps a statement running until it is cancelled.
 *
 * Key-pair sign-in: with `publicKey` the fake accepts a login-request whose AUTHENTICATOR is
 * SNOWFLAKE_JWT only if its TOKEN is an RS256 JWT that verifies against that key (jose), whose
 * `iss` is ACCOUNT.USER.SHA256:<base64 SHA-256 of the public key's DER SPKI> and `sub` ACCOUNT.USER
 * (upper-case), and whose lifetime is at most an hour around now, as Snowflake checks; anything
 * else is refused with 390144 (JWT token is invalid).
 *
 * Async statements (query-request with `asyncExec: true`, the driver's async mode) answer 333334
 * with the query id at once; GET /monitoring/queries/{id} reports RUNNING, SUCCESS or
 * FAILED_WITH_ERROR / ABORTED, GET /queries/{id}/result answers the rows or the statement's error.
 * A held async statement stays RUNNING until `SELECT SYSTEM$CANCEL_QUERY(?)` names it (recorded in
 * `cancels`), then it is ABORTED (000604).
 */
import { type KeyObject, createHash, randomUUID } from "node:crypto";
import { jwtVerify } from "jose";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { gunzipSync } from "node:zlib";
import { DeclaredFake, type FakeAnswer, type FakeRequest, FakeRejection } from "../support/loopback.js";

export interface SnowflakeFakeOptions {
  readonly account: string;
  readonly username: string;
  /** the password or programmatic access token a password login must carry; undefined: password logins are refused */
  readonly password?: string;
  /** the public key registered for the user (RSA_PUBLIC_KEY): key-pair (SNOWFLAKE_JWT) logins are verified against it */
  readonly publicKey?: KeyObject;
  /** seeds the backing SQLite database once (tables, functions) */
  readonly setup?: (db: DatabaseSync) => void;
  /** rewrites a statement's Snowflake forms for SQLite, before the memory service's translations */
  readonly translate?: (sqlText: string) => string;
  /**
   * answers a statement SQLite cannot run; undefined: run it on SQLite. Throw FakeSqlError for a
   * Snowflake error.
   */
  readonly statements?: (sqlText: string, bindings: RecordedQuery["bindings"]) => FakeResultSet | undefined;
}

/** A result set with Snowflake's column names and types as given (SHOW columns are lower-case). */
export interface FakeResultSet {
  readonly columns: readonly { readonly name: string; readonly type: "fixed" | "text" | "boolean" | "real" }[];
  readonly rows: readonly (readonly unknown[])[];
}

export interface RecordedQuery {
  readonly sqlText: string;
  readonly bindings: Record<string, { type: string; value: unknown }> | undefined;
  /** statement-level session parameters (STATEMENT_TIMEOUT_IN_SECONDS ...) */
  readonly parameters?: Record<string, unknown> | undefined;
  /** sent in the driver's async mode (asyncExec) */
  readonly async?: boolean;
}

export interface SnowflakeFake {
  /** for SNOWFLAKE_ACCESS_URL */
  readonly url: string;
  readonly logins: { account: unknown; user: unknown; authenticator: unknown; query: Record<string, string>; accepted: boolean; refusal?: string }[];
  readonly queries: RecordedQuery[];
  readonly unexpected: string[];
  /** request ids of the statements the driver asked to cancel */
  readonly aborts: string[];
  /** query ids named by SYSTEM$CANCEL_QUERY, in order */
  readonly cancels: string[];
  /** GET /monitoring/queries/{id} requests answered */
  readonly statusPolls: () => number;
  /** an async statement's monitoring status (RUNNING, SUCCESS, FAILED_WITH_ERROR, ABORTED); undefined: no such query */
  statusOf(queryId: string): string | undefined;
  readonly heartbeats: () => number;
  /** the next n statements matching the pattern fail with a SQL error */
  failNext(pattern: RegExp, times?: number, error?: { code: string; message: string }): void;
  /** the next statement matching the pattern runs until it is cancelled (abort-request, or SYSTEM$CANCEL_QUERY when async), then fails with 000604 */
  holdNext(pattern: RegExp): void;
  /** resolves once a held statement has arrived */
  held(): Promise<void>;
  /** ends every session, as when Snowflake expires them: the next request with an old token is refused */
  expireSessions(): void;
  /** rows of the MEMORIES table, straight from the backing database */
  tableRows(): Record<string, unknown>[];
  close(): Promise<void>;
}

export class FakeSqlError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The handful of Snowflake forms the memory service sends, rewritten for SQLite. */
export function translateToSqlite(sqlText: string): { sql: string; merge: boolean } {
  const sql = sqlText.replace(/\s+/g, " ").trim();
  const merge = /^MERGE INTO (\w+) AS t USING \((SELECT .+ FROM VALUES (.+))\) AS s ON t\.(\w+) = s\.(\w+) WHEN NOT MATCHED THEN INSERT \(([^)]+)\) VALUES \(([^)]+)\)$/i.exec(sql);
  if (merge) {
    const [, table, select, tuples, targetKey, sourceKey, columns, values] = merge as unknown as string[];
    const usingSelect = (select as string).replace(` FROM VALUES ${tuples}`, ` FROM (VALUES ${tuples})`);
    return {
      merge: true,
      sql: `INSERT INTO ${table} (${columns}) SELECT ${values} FROM (${usingSelect}) AS s WHERE NOT EXISTS (SELECT 1 FROM ${table} AS t WHERE t.${targetKey} = s.${sourceKey})`,
    };
  }
  if (/^MERGE/i.test(sql)) throw new FakeSqlError("001003", "SQL compilation error: MERGE form not supported by the fake");
  return { merge: false, sql: sql.replace(/\bILIKE\b/gi, "LIKE") };
}

function bindValues(bindings: RecordedQuery["bindings"]): SQLInputValue[] {
  if (bindings === undefined) return [];
  return Object.keys(bindings).map(Number).sort((a, b) => a - b).map((position) => {
    const bind = bindings[String(position)];
    if (bind === undefined) throw new FakeSqlError("002049", `missing bind ${position}`);
    if (Array.isArray(bind.value)) throw new FakeSqlError("002049", "array binds are only for INSERT batches; the fake expects row binds");
    if (bind.value === null) return null;
    if (typeof bind.value !== "string") throw new FakeSqlError("002049", "bind values arrive as strings");
    if (bind.type === "FIXED" || bind.type === "REAL") return Number(bind.value);
    if (bind.type === "TEXT") return bind.value;
    if (bind.type === "BOOLEAN") return bind.value === "true" || bind.value === "1" ? 1 : 0;
    throw new FakeSqlError("002049", `unexpected bind type ${bind.type}`);
  });
}

function explicitResultSet(result: FakeResultSet) {
  const rowtype = result.columns.map((column) => ({
    name: column.name, database: "", schema: "", table: "", type: column.type, nullable: true,
    scale: column.type === "fixed" ? 0 : null, precision: column.type === "fixed" ? 38 : null,
    length: column.type === "text" ? 16777216 : null, byteLength: column.type === "text" ? 16777216 : null, collation: null,
  }));
  const rowset = result.rows.map((row) => row.map((value) => (value === null || value === undefined ? null : typeof value === "boolean" ? (value ? "1" : "0") : String(value))));
  return { rowtype, rowset, total: rowset.length, returned: rowset.length, queryResultFormat: "json", parameters: [], version: 1, queryId: randomUUID(), statementTypeId: 4096, finalDatabaseName: "", finalSchemaName: "" };
}

function resultSet(rows: Record<string, unknown>[], columns: string[]) {
  const rowtype = columns.map((name) => {
    const sample = rows.map((r) => r[name]).find((v) => v !== null && v !== undefined);
    const fixed = typeof sample === "number" || typeof sample === "bigint";
    // Snowflake upper-cases unquoted identifiers; generated names ("number of rows inserted") stay as they are
    const shown = /^[a-z_][a-z0-9_]*$/i.test(name) ? name.toUpperCase() : name;
    return fixed
      ? { name: shown, database: "", schema: "", table: "", type: "fixed", nullable: true, scale: 0, precision: 38, length: null, byteLength: null, collation: null }
      : { name: shown, database: "", schema: "", table: "", type: "text", nullable: true, scale: null, precision: null, length: 16777216, byteLength: 16777216, collation: null };
  });
  const rowset = rows.map((row) => columns.map((name) => (row[name] === null || row[name] === undefined ? null : String(row[name]))));
  return { rowtype, rowset, total: rows.length, returned: rows.length, queryResultFormat: "json", parameters: [], version: 1, queryId: randomUUID(), statementTypeId: 4096, finalDatabaseName: "MEMORY", finalSchemaName: "PUBLIC" };
}

function readBody(request: FakeRequest): unknown {
  const raw = request.headers["content-encoding"] === "gzip" ? gunzipSync(request.rawBody) : request.rawBody;
  return raw.length === 0 ? undefined : JSON.parse(raw.toString("utf8"));
}

function sqlErrorBody(error: FakeSqlError, queryId: string = randomUUID()) {
  return { data: { internalError: false, errorCode: error.code, age: 0, sqlState: "42000", queryId, line: -1, pos: -1, type: "COMPILATION" }, code: error.code, message: error.message, success: false };
}

/** Why Snowflake would refuse a key-pair login's JWT; undefined when it verifies. */
async function jwtRefusal(token: unknown, options: SnowflakeFakeOptions): Promise<string | undefined> {
  if (options.publicKey === undefined) return "no public key registered for the user";
  if (typeof token !== "string") return "no TOKEN in the login request";
  const fingerprint = `SHA256:${createHash("sha256").update(options.publicKey.export({ format: "der", type: "spki" })).digest("base64")}`;
  const qualified = `${options.account.toUpperCase()}.${options.username.toUpperCase()}`;
  try {
    const { payload } = await jwtVerify(token, options.publicKey, { algorithms: ["RS256"], issuer: `${qualified}.${fingerprint}`, subject: qualified });
    const { iat, exp } = payload;
    if (typeof iat !== "number" || typeof exp !== "number") return "iat and exp are required";
    // snowflake-sdk for Node writes iat and exp in milliseconds (auth_keypair.js: Date.now()); seconds are the JWT norm
    const unit = iat > 1e11 ? 1000 : 1;
    if (exp <= iat || exp - iat > 3600 * unit) return "lifetime is not within an hour";
    if (Math.abs(iat / unit - Date.now() / 1000) > 300) return "iat is not near now";
    if (exp / unit < Date.now() / 1000) return "expired";
    return undefined;
  } catch (error) {
    return `JWT does not verify: ${(error as Error).message}`;
  }
}

export async function startSnowflakeFake(options: SnowflakeFakeOptions): Promise<SnowflakeFake> {
  const db = new DatabaseSync(":memory:");
  db.function("PARSE_JSON", (value) => {
    JSON.parse(String(value));
    return value;
  });
  db.function("TO_JSON", (value) => value);
  db.function("IFF", (condition, whenTrue, whenFalse) => (condition ? whenTrue : whenFalse));
  options.setup?.(db);

  const sessions = new Set<string>();
  const logins: SnowflakeFake["logins"] = [];
  const queries: RecordedQuery[] = [];
  const aborts: string[] = [];
  const cancels: string[] = [];
  const asyncQueries = new Map<string, { status: "RUNNING" | "SUCCESS" | "FAILED_WITH_ERROR" | "ABORTED"; result?: unknown; error?: FakeSqlError }>();
  let statusPolls = 0;
  let heartbeats = 0;
  let failure: { pattern: RegExp; times: number; error: { code: string; message: string } } | undefined;
  let hold: RegExp | undefined;
  /** held statements' answers, by request id: an abort-request answers them */
  const heldRequests = new Map<string, (answer: FakeAnswer) => void>();
  let heldArrived: (() => void) | undefined;
  let heldPromise = new Promise<void>((resolve) => (heldArrived = resolve));

  const execute = (sqlText: string, bindings: RecordedQuery["bindings"]) => {
    if (sqlText.includes("'")) throw new FakeSqlError("001003", "SQL compilation error: string literal in SQL text (the fake requires bound values)");
    if (failure !== undefined && failure.times > 0 && failure.pattern.test(sqlText)) {
      failure.times -= 1;
      throw new FakeSqlError(failure.error.code, failure.error.message);
    }
    const answered = options.statements?.(sqlText, bindings);
    if (answered !== undefined) return explicitResultSet(answered);
    const { sql, merge } = translateToSqlite(options.translate ? options.translate(sqlText) : sqlText);
    let statement;
    try {
      statement = db.prepare(sql);
    } catch (error) {
      throw new FakeSqlError("001003", `SQL compilation error: ${(error as Error).message}`);
    }
    const values = bindValues(bindings);
    if (merge) return resultSet([{ "number of rows inserted": Number(statement.run(...values).changes) }], ["number of rows inserted"]);
    const columns = statement.columns().map((c) => c.name);
    if (columns.length === 0) {
      statement.run(...values);
      return resultSet([{ status: "Statement executed successfully." }], ["status"]);
    }
    return resultSet(statement.all(...values) as Record<string, unknown>[], columns);
  };

  /** Snowflake answers 200 with `success` in the body, errors included */
  const reply = (body: unknown): FakeAnswer => ({ body });
  const token = (request: FakeRequest) => /^Snowflake Token="([^"]+)"$/.exec(String(request.headers.authorization ?? ""))?.[1];

  const login = async (request: FakeRequest): Promise<FakeAnswer> => {
    const url = { searchParams: request.query };
    const body = readBody(request);
    const data = (body as { data?: Record<string, unknown> }).data ?? {};
    const authenticator = data.AUTHENTICATOR ?? "SNOWFLAKE";
    const refusal =
      data.ACCOUNT_NAME !== options.account || data.LOGIN_NAME !== options.username
        ? "unknown account or user"
        : authenticator === "SNOWFLAKE_JWT"
          ? await jwtRefusal(data.TOKEN, options)
          : options.password === undefined || data.PASSWORD !== options.password
            ? "wrong password"
            : undefined;
    logins.push({ account: data.ACCOUNT_NAME, user: data.LOGIN_NAME, authenticator, query: Object.fromEntries(url.searchParams), accepted: refusal === undefined, ...(refusal ? { refusal } : {}) });
    if (refusal !== undefined) {
      return authenticator === "SNOWFLAKE_JWT"
        ? reply({ data: { nextAction: "RETRY_LOGIN", authnMethod: "KEYPAIR" }, code: "390144", message: "JWT token is invalid.", success: false })
        : reply({ data: { nextAction: "RETRY_LOGIN", authnMethod: "USERNAME_PASSWORD" }, code: "390100", message: "Incorrect username or password was specified.", success: false });
    }
    const issued = randomUUID();
    sessions.add(issued);
    return reply({
      data: { token: issued, masterToken: randomUUID(), validityInSeconds: 3600, masterValidityInSeconds: 14400, sessionId: Date.now(), parameters: [], serverVersion: "9.0.0",
        sessionInfo: { databaseName: url.searchParams.get("databaseName"), schemaName: url.searchParams.get("schemaName"), warehouseName: url.searchParams.get("warehouse"), roleName: "PUBLIC" } },
      code: null, message: null, success: true,
    });
  };

  const query = (request: FakeRequest): FakeAnswer | Promise<FakeAnswer> => {
    const { sqlText, bindings, parameters, asyncExec } = readBody(request) as { sqlText: string; bindings?: RecordedQuery["bindings"]; parameters?: Record<string, unknown>; asyncExec?: boolean };
    queries.push({ sqlText, bindings, parameters, ...(asyncExec === true ? { async: true } : {}) });
    if (/^\s*SELECT SYSTEM\$CANCEL_QUERY\(\?\)\s*$/i.test(sqlText)) {
      const target = String(bindings?.["1"]?.value ?? "");
      cancels.push(target);
      const running = asyncQueries.get(target);
      const message = running?.status === "RUNNING" ? `query [${target}] terminated.` : `Identified SQL statement is not currently executing.`;
      if (running?.status === "RUNNING") Object.assign(running, { status: "ABORTED", error: new FakeSqlError("000604", "SQL execution canceled") });
      return reply({ data: explicitResultSet({ columns: [{ name: "SYSTEM$CANCEL_QUERY(?)", type: "text" }], rows: [[message]] }), code: null, message: null, success: true });
    }
    const holding = hold !== undefined && hold.test(sqlText);
    if (holding) hold = undefined;
    if (asyncExec === true) {
      const queryId = randomUUID();
      if (holding) {
        asyncQueries.set(queryId, { status: "RUNNING" });
        heldArrived?.();
      } else {
        try {
          asyncQueries.set(queryId, { status: "SUCCESS", result: { ...execute(sqlText, bindings), queryId } });
        } catch (error) {
          if (!(error instanceof FakeSqlError)) throw error;
          asyncQueries.set(queryId, { status: "FAILED_WITH_ERROR", error });
        }
      }
      return reply({ data: { queryId, getResultUrl: `/queries/${queryId}/result`, queryAbortsAfterSecs: 300, progressDesc: null }, code: "333334", message: "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.", success: true });
    }
    if (holding) {
      // answered only when the driver aborts it (abort-request), as a long statement is
      return new Promise<FakeAnswer>((resolve) => {
        heldRequests.set(request.query.get("requestId") ?? "", resolve);
        heldArrived?.();
      });
    }
    try {
      return reply({ data: execute(sqlText, bindings), code: null, message: null, success: true });
    } catch (error) {
      if (!(error instanceof FakeSqlError)) throw error;
      return reply(sqlErrorBody(error));
    }
  };

  const monitoring = (request: FakeRequest): FakeAnswer => {
    statusPolls += 1;
    const queryId = request.params.id ?? "";
    const found = asyncQueries.get(queryId);
    const entry = found === undefined ? [] : [{ id: queryId, status: found.status, ...(found.error ? { errorCode: found.error.code, errorMessage: found.error.message } : {}) }];
    return reply({ data: { queries: entry }, code: null, message: null, success: true });
  };

  const result = (request: FakeRequest): FakeAnswer => {
    const queryId = request.params.id ?? "";
    const found = asyncQueries.get(queryId);
    if (found === undefined) return reply({ data: null, code: "000709", message: `Statement ${queryId} not found`, success: false });
    if (found.status === "RUNNING") return reply({ data: { queryId, getResultUrl: `/queries/${queryId}/result` }, code: "333333", message: "Query execution in progress.", success: true });
    if (found.error !== undefined) return reply(sqlErrorBody(found.error, queryId));
    return reply({ data: found.result, code: null, message: null, success: true });
  };

  const abort = (request: FakeRequest): FakeAnswer => {
    const requestId = String((readBody(request) as { requestId?: unknown } | undefined)?.requestId ?? "");
    aborts.push(requestId);
    const held = heldRequests.get(requestId);
    if (held !== undefined) {
      heldRequests.delete(requestId);
      held(reply({ data: { internalError: false, errorCode: "000604", age: 0, sqlState: "57014", queryId: randomUUID(), line: -1, pos: -1, type: "EXECUTION" }, code: "000604", message: "SQL execution canceled", success: false }));
    }
    return reply({ data: null, code: null, message: null, success: true });
  };

  const ok = reply({ data: null, code: null, message: null, success: true });
  const http = await DeclaredFake.start({
    // a request without a live session: Snowflake's 200 asking the driver to log in again
    errorBody: (rejection) => (rejection.status === 200 ? { data: null, code: rejection.code, message: rejection.message, success: false } : ""),
    authorize: (request) => {
      if (!sessions.has(token(request) ?? "")) throw new FakeRejection(200, "User must login again to access the service.", "390104", true);
    },
    routes: [
      { method: "POST", path: "/session/v1/login-request", public: true, handle: login },
      { method: "POST", path: "/queries/v1/query-request", handle: query },
      { method: "GET", path: "/monitoring/queries/:id", handle: monitoring },
      { method: "GET", path: "/queries/:id/result", handle: result },
      {
        method: "POST",
        path: "/session/heartbeat",
        handle: () => {
          heartbeats += 1;
          return ok;
        },
      },
      { method: "POST", path: "/queries/v1/abort-request", handle: abort },
      { method: "POST", path: "/telemetry/send", handle: () => reply({ data: "Log Received", code: null, message: null, success: true }) },
      {
        method: "POST",
        path: "/session",
        handle: (request) => {
          if (request.query.get("delete") !== "true") throw new FakeRejection(404, "only ?delete=true is a session request");
          sessions.delete(token(request) ?? "");
          return ok;
        },
      },
    ],
  });
  return {
    url: http.url,
    logins,
    queries,
    unexpected: http.unexpected,
    aborts,
    cancels,
    statusPolls: () => statusPolls,
    statusOf: (queryId) => asyncQueries.get(queryId)?.status,
    heartbeats: () => heartbeats,
    failNext(pattern, times = 1, error = { code: "000630", message: "Statement reached its statement or warehouse timeout" }) {
      failure = { pattern, times, error };
    },
    holdNext(pattern) {
      hold = pattern;
      heldPromise = new Promise<void>((resolve) => (heldArrived = resolve));
    },
    held: () => heldPromise,
    expireSessions: () => sessions.clear(),
    tableRows: () => db.prepare("SELECT * FROM MEMORIES ORDER BY id").all() as Record<string, unknown>[],
    close: async () => {
      // closing ends every connection, a held statement's too
      heldRequests.clear();
      await http.close();
      db.close();
    },
  };
}
