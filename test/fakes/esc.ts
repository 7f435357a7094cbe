import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { DeclaredFake, type FakeAnswer, type FakeRequest, FakeRejection } from "../support/loopback.js";

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
 * `unexpected`, so a test can assert that nothing surprising happened. Declared on the fake toolkit
 * (test/support/loopback.ts): the three routes below and the environments.
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
  /** requests the SDK should never make (wrong path, method or auth header form), with what was wrong */
  readonly unexpected: string[];
  setEnvironment(name: string, environment: FakeEnvironment): void;
  close(): Promise<void>;
}

const UNAUTHORIZED = "Unauthorized: No credentials provided or are invalid.";

export async function startFakeEsc(options: FakeEscOptions): Promise<FakeEsc> {
  const environments = new Map(Object.entries(options.environments));
  const sessions = new Map<string, { environment: string; values: Record<string, FakeValue> }>();
  /** the environment a route names, once the token may open it */
  const environmentOf = (request: FakeRequest): { name: string; environment: FakeEnvironment } => {
    const name = `${request.params.org}/${request.params.project}/${request.params.env}`;
    const environment = environments.get(name);
    if (!environment) throw new FakeRejection(404, `Environment '${name}' not found`, "404", true);
    if (environment.forbidden) throw new FakeRejection(403, "Forbidden", "403", true);
    if (environment.brokenWith !== undefined) {
      throw new FakeRejection(environment.brokenWith, `cannot serve request with ${String(request.headers.authorization)}`, String(environment.brokenWith), true);
    }
    return { name, environment };
  };
  const open = (request: FakeRequest, version?: string): FakeAnswer => {
    const { name, environment } = environmentOf(request);
    const duration = request.query.get("duration");
    if (duration !== null && !/^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)/.test(duration)) throw new FakeRejection(400, "invalid duration", "400");
    const values = version === undefined ? environment.values : environment.versions?.[version];
    if (!values) throw new FakeRejection(404, `Environment '${name}' has no version '${version}'`, "404", true);
    const id = randomBytes(8).toString("hex");
    sessions.set(id, { environment: name, values });
    return { body: { id } };
  };
  const read = (request: FakeRequest): FakeAnswer => {
    const { name } = environmentOf(request);
    const session = sessions.get(request.params.session ?? "");
    if (!session || session.environment !== name) throw new FakeRejection(404, "Not Found: open session not found", "404", true);
    return { body: openedEnvironment(name, session.values) };
  };
  /** the network round trip a benchmark stands in for */
  const later = (handle: (request: FakeRequest) => FakeAnswer) => async (request: FakeRequest) => {
    if (options.latencyMs) await sleep(options.latencyMs);
    return handle(request);
  };
  const environment = "/api/esc/environments/:org/:project/:env";
  const http = await DeclaredFake.start({
    unknownRouteCode: "404",
    errorBody: (rejection) => ({ code: rejection.status, message: rejection.message }),
    authorize: (request) => {
      const token = /^token (\S+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
      // no token, or another header form, is the SDK's mistake; a token ESC does not accept is not
      if (!token) throw new FakeRejection(401, UNAUTHORIZED, "401");
      if (!options.validTokens.includes(token) || options.expiredTokens?.includes(token)) throw new FakeRejection(401, UNAUTHORIZED, "401", true);
    },
    routes: [
      { method: "POST", path: `${environment}/open`, handle: later((r) => open(r)) },
      { method: "POST", path: `${environment}/versions/:version/open`, handle: later((r) => open(r, r.params.version)) },
      { method: "GET", path: `${environment}/open/:session`, handle: later(read) },
    ],
  });
  return {
    url: http.url,
    get requests() {
      return http.requests.map((request) => ({ method: request.method, path: request.path, authorization: header(request, "authorization"), source: header(request, "x-pulumi-source") }));
    },
    unexpected: http.unexpected,
    setEnvironment: (name, environment) => void environments.set(name, environment),
    close: () => http.close(),
  };
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
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
