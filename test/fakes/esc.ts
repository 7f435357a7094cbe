import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "../support/loopback.js";

/**
 * A loopback fake of the part of the Pulumi ESC HTTP API that @pulumi/esc-sdk uses to open an
 * environment (paths and header form taken from the SDK's generated client, v0.12.4):
 *
 *   POST /api/esc/environments/{org}/{project}/{env}/open[?duration=]            -> { id }
 *   POST /api/esc/environments/{org}/{project}/{env}/versions/{version}/open     -> { id }
 *   GET  /api/esc/environments/{org}/{project}/{env}/open/{openSessionID}        -> Environment
 *   Authorization: token <PAT>
 *
 * The Environment answer carries `properties`, every value an ESC `Value` ({ value, secret?,
 * trace }) nested all the way down, secrets decrypted and marked `secret: true`, as the service
 * returns an opened environment. Errors use the API's error body `{ code, message }`: 401 for an
 * unknown or expired token, 403 for an environment the token may not open, 404 for an unknown
 * environment or session. Anything the SDK should not send is answered 404 and recorded in
 * `unexpected`, so a test can assert that nothing surprising happened.
 */

export interface FakeSecret {
  readonly fakeSecret: string;
}
export type FakeValue = string | number | boolean | null | FakeSecret | FakeValue[] | { [key: string]: FakeValue };

/** A value the environment defines with `fn::secret`. */
export function secret(value: string): FakeSecret {
  return { fakeSecret: value };
}

export interface FakeEnvironment {
  /** the environment's evaluated `values` (what `pulumi env open` would print) */
  readonly values: Record<string, FakeValue>;
  /** pinned revisions or tags: version -> values */
  readonly versions?: Record<string, Record<string, FakeValue>>;
  /** the token may see but not open it */
  readonly forbidden?: boolean;
  /**
   * answer opening with this status and an error message that echoes the Authorization header,
   * as a misbehaving server or proxy might (checks that errors never carry the token)
   */
  readonly brokenWith?: number;
}

export interface FakeEscOptions {
  readonly validTokens: readonly string[];
  /** answered 401 like any revoked or expired token */
  readonly expiredTokens?: readonly string[];
  /** org/project/env -> environment */
  readonly environments: Record<string, FakeEnvironment>;
  /** delay before every answer, to stand in for the network round trip (benchmarks) */
  readonly latencyMs?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly source: string | undefined;
}

export interface FakeEsc {
  /** the base URL to hand the client (like PULUMI_BACKEND_URL) */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** requests the SDK should never make (wrong path, method or auth header form) */
  readonly unexpected: RecordedRequest[];
  setEnvironment(name: string, environment: FakeEnvironment): void;
  close(): Promise<void>;
}

const ENVIRONMENT_PATH = /^\/api\/esc\/environments\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/;

export async function startFakeEsc(options: FakeEscOptions): Promise<FakeEsc> {
  const environments = new Map(Object.entries(options.environments));
  const sessions = new Map<string, { environment: string; values: Record<string, FakeValue> }>();
  const requests: RecordedRequest[] = [];
  const unexpected: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const recorded: RecordedRequest = {
      method: req.method ?? "",
      path: url.pathname,
      authorization: header(req, "authorization"),
      source: header(req, "x-pulumi-source"),
    };
    requests.push(recorded);
    req.resume();
    req.on("end", () => {
      if (options.latencyMs) setTimeout(() => answer(recorded, url, res), options.latencyMs);
      else answer(recorded, url, res);
    });
  });

  function answer(request: RecordedRequest, url: URL, res: ServerResponse): void {
    const match = ENVIRONMENT_PATH.exec(request.path);
    const route = match ? routeOf(request.method, match[4] as string) : undefined;
    if (!match || !route) {
      unexpected.push(request);
      return send(res, 404, { code: 404, message: "Not Found" });
    }
    const token = /^token (\S+)$/.exec(request.authorization ?? "")?.[1];
    if (!token) {
      unexpected.push(request);
      return send(res, 401, { code: 401, message: "Unauthorized: No credentials provided or are invalid." });
    }
    if (!options.validTokens.includes(token) || options.expiredTokens?.includes(token)) {
      return send(res, 401, { code: 401, message: "Unauthorized: No credentials provided or are invalid." });
    }
    const name = match.slice(1, 4).map((part) => decodeURIComponent(part as string)).join("/");
    const environment = environments.get(name);
    if (!environment) {
      return send(res, 404, { code: 404, message: `Environment '${name}' not found` });
    }
    if (environment.forbidden) {
      return send(res, 403, { code: 403, message: "Forbidden" });
    }
    if (environment.brokenWith !== undefined) {
      return send(res, environment.brokenWith, { code: environment.brokenWith, message: `cannot serve request with ${request.authorization}` });
    }
    if (route.kind === "open") {
      if (url.searchParams.has("duration") && !/^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)/.test(url.searchParams.get("duration") ?? "")) {
        unexpected.push(request);
        return send(res, 400, { code: 400, message: "invalid duration" });
      }
      const values = route.version === undefined ? environment.values : environment.versions?.[route.version];
      if (!values) {
        return send(res, 404, { code: 404, message: `Environment '${name}' has no version '${route.version}'` });
      }
      const id = randomBytes(8).toString("hex");
      sessions.set(id, { environment: name, values });
      return send(res, 200, { id });
    }
    const session = sessions.get(route.session);
    if (!session || session.environment !== name) {
      return send(res, 404, { code: 404, message: "Not Found: open session not found" });
    }
    return send(res, 200, openedEnvironment(name, session.values));
  }

  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    requests,
    unexpected,
    setEnvironment: (name, environment) => void environments.set(name, environment),
    close: listener.close,
  };
}

type Route = { kind: "open"; version?: string } | { kind: "read"; session: string };

function routeOf(method: string, rest: string): Route | undefined {
  if (method === "POST" && rest === "open") return { kind: "open" };
  const pinned = /^versions\/([^/]+)\/open$/.exec(rest);
  if (method === "POST" && pinned) return { kind: "open", version: decodeURIComponent(pinned[1] as string) };
  const read = /^open\/([^/]+)$/.exec(rest);
  if (method === "GET" && read) return { kind: "read", session: decodeURIComponent(read[1] as string) };
  return undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** The body of GET .../open/{id}: evaluated values as nested ESC Values, with traces. */
function openedEnvironment(name: string, values: Record<string, FakeValue>): unknown {
  const properties = Object.fromEntries(Object.entries(values).map(([key, value], index) => [key, toEscValue(value, name, index + 1)]));
  return { properties, schema: { type: "object" }, executionContext: { properties: {} } };
}

function toEscValue(value: FakeValue, environment: string, line: number): unknown {
  const trace = { def: { environment, begin: { line, column: 3, byte: 0 }, end: { line, column: 20, byte: 0 } } };
  if (value !== null && typeof value === "object" && "fakeSecret" in value && typeof value.fakeSecret === "string") {
    return { value: value.fakeSecret, secret: true, trace };
  }
  if (Array.isArray(value)) {
    return { value: value.map((item) => toEscValue(item, environment, line)), trace };
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, FakeValue>);
    return { value: Object.fromEntries(entries.map(([key, item]) => [key, toEscValue(item, environment, line)])), trace };
  }
  return { value, trace };
}
