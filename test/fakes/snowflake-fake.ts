/**
 * Snowflake on loopback, speaking the REST protocol snowflake-sdk uses (as in the driver's source:
 * POST /session/v1/login-request, POST /queries/v1/query-request with positional `bindings`,
 * POST /telemetry/send, POST /session?delete=true), with the driver's JSON result format
 * (rowtype + rowset of strings). Statements run against an in-memory SQLite after translating
 * the few Snowflake forms the memory service uses (MERGE ... WHEN NOT MATCHED THEN INSERT,
 * FROM VALUES, ILIKE, IFF, PARSE_JSON, TO_JSON). Anything else fails as it would in a strict
 * server: a SQL text containing a string literal is rejected (values must be bound), a wrong
 * password or session token is refused, an unknown path is recorded in `unexpected`.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { gunzipSync } from "node:zlib";
import { listenOnLoopback } from "../support/loopback.js";

export interface SnowflakeFakeOptions {
  readonly account: string;
  readonly username: string;
  readonly password: string;
}

export interface RecordedQuery {
  readonly sqlText: string;
  readonly bindings: Record<string, { type: string; value: unknown }> | undefined;
}

export interface SnowflakeFake {
  /** for SNOWFLAKE_ACCESS_URL */
  readonly url: string;
  readonly logins: { account: unknown; user: unknown; query: Record<string, string> }[];
  readonly queries: RecordedQuery[];
  readonly unexpected: string[];
  /** the next n statements matching the pattern fail with a SQL error */
  failNext(pattern: RegExp, times?: number): void;
  /** rows of the MEMORIES table, straight from the backing database */
  tableRows(): Record<string, unknown>[];
  close(): Promise<void>;
}

class SqlError extends Error {
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
  if (/^MERGE/i.test(sql)) throw new SqlError("001003", "SQL compilation error: MERGE form not supported by the fake");
  return { merge: false, sql: sql.replace(/\bILIKE\b/gi, "LIKE") };
}

function bindValues(bindings: RecordedQuery["bindings"]): SQLInputValue[] {
  if (bindings === undefined) return [];
  return Object.keys(bindings).map(Number).sort((a, b) => a - b).map((position) => {
    const bind = bindings[String(position)];
    if (bind === undefined) throw new SqlError("002049", `missing bind ${position}`);
    if (Array.isArray(bind.value)) throw new SqlError("002049", "array binds are only for INSERT batches; the fake expects row binds");
    if (bind.value === null) return null;
    if (typeof bind.value !== "string") throw new SqlError("002049", "bind values arrive as strings");
    if (bind.type === "FIXED" || bind.type === "REAL") return Number(bind.value);
    if (bind.type === "TEXT") return bind.value;
    throw new SqlError("002049", `unexpected bind type ${bind.type}`);
  });
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

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  let raw = Buffer.concat(chunks);
  if (request.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
  return raw.length === 0 ? undefined : JSON.parse(raw.toString("utf8"));
}

export async function startSnowflakeFake(options: SnowflakeFakeOptions): Promise<SnowflakeFake> {
  const db = new DatabaseSync(":memory:");
  db.function("PARSE_JSON", (value) => {
    JSON.parse(String(value));
    return value;
  });
  db.function("TO_JSON", (value) => value);
  db.function("IFF", (condition, whenTrue, whenFalse) => (condition ? whenTrue : whenFalse));

  const sessions = new Set<string>();
  const logins: SnowflakeFake["logins"] = [];
  const queries: RecordedQuery[] = [];
  const unexpected: string[] = [];
  let failure: { pattern: RegExp; times: number } | undefined;

  const execute = (sqlText: string, bindings: RecordedQuery["bindings"]) => {
    if (sqlText.includes("'")) throw new SqlError("001003", "SQL compilation error: string literal in SQL text (the fake requires bound values)");
    if (failure !== undefined && failure.times > 0 && failure.pattern.test(sqlText)) {
      failure.times -= 1;
      throw new SqlError("000630", "Statement reached its statement or warehouse timeout");
    }
    const { sql, merge } = translateToSqlite(sqlText);
    let statement;
    try {
      statement = db.prepare(sql);
    } catch (error) {
      throw new SqlError("001003", `SQL compilation error: ${(error as Error).message}`);
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

  const reply = (response: ServerResponse, body: unknown) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  const authorized = (request: IncomingMessage) => {
    const match = /^Snowflake Token="([^"]+)"$/.exec(request.headers.authorization ?? "");
    return match !== null && sessions.has(match[1] as string);
  };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://fake");
    const body = await readBody(request);
    if (request.method === "POST" && url.pathname === "/session/v1/login-request") {
      const data = (body as { data?: Record<string, unknown> }).data ?? {};
      logins.push({ account: data.ACCOUNT_NAME, user: data.LOGIN_NAME, query: Object.fromEntries(url.searchParams) });
      if (data.ACCOUNT_NAME !== options.account || data.LOGIN_NAME !== options.username || data.PASSWORD !== options.password) {
        return reply(response, { data: { nextAction: "RETRY_LOGIN", authnMethod: "USERNAME_PASSWORD" }, code: "390100", message: "Incorrect username or password was specified.", success: false });
      }
      const token = randomUUID();
      sessions.add(token);
      return reply(response, {
        data: { token, masterToken: randomUUID(), validityInSeconds: 3600, masterValidityInSeconds: 14400, sessionId: Date.now(), parameters: [], serverVersion: "9.0.0",
          sessionInfo: { databaseName: url.searchParams.get("databaseName"), schemaName: url.searchParams.get("schemaName"), warehouseName: url.searchParams.get("warehouse"), roleName: "PUBLIC" } },
        code: null, message: null, success: true,
      });
    }
    if (!authorized(request)) {
      return reply(response, { data: null, code: "390104", message: "User must login again to access the service.", success: false });
    }
    if (request.method === "POST" && url.pathname === "/queries/v1/query-request") {
      const { sqlText, bindings } = body as { sqlText: string; bindings?: RecordedQuery["bindings"] };
      queries.push({ sqlText, bindings });
      try {
        return reply(response, { data: execute(sqlText, bindings), code: null, message: null, success: true });
      } catch (error) {
        if (!(error instanceof SqlError)) throw error;
        return reply(response, { data: { internalError: false, errorCode: error.code, age: 0, sqlState: "42000", queryId: randomUUID(), line: -1, pos: -1, type: "COMPILATION" }, code: error.code, message: error.message, success: false });
      }
    }
    if (request.method === "POST" && url.pathname === "/telemetry/send") return reply(response, { data: "Log Received", code: null, message: null, success: true });
    if (request.method === "POST" && url.pathname === "/session" && url.searchParams.get("delete") === "true") {
      sessions.delete(/Token="([^"]+)"/.exec(request.headers.authorization ?? "")?.[1] ?? "");
      return reply(response, { data: null, code: null, message: null, success: true });
    }
    unexpected.push(`${request.method} ${url.pathname}`);
    response.writeHead(404).end();
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    logins,
    queries,
    unexpected,
    failNext(pattern, times = 1) {
      failure = { pattern, times };
    },
    tableRows: () => db.prepare("SELECT * FROM MEMORIES ORDER BY id").all() as Record<string, unknown>[],
    close: async () => {
      await listener.close();
      db.close();
    },
  };
}
