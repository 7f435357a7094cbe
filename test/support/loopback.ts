/**
 * Every fake in the tests is a real HTTP server on 127.0.0.1, on an ephemeral port so parallel
 * test files never collide. This is the one place that starts and stops them: closing also ends
 * idle keep-alive connections, which would otherwise hold `server.close()` open.
 *
 * `DeclaredFake` is the fake toolkit: a platform's fake declares its routes (method, path with
 * `:params`, handler over its fixtures) and its error shape; recording, queued failures, unknown
 * routes listed as `unexpected`, and JSON/form body checks are here once.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";

export interface LoopbackListener {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function listenOnLoopback(server: Server): Promise<LoopbackListener> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// A declared fake: a platform's routes and fixtures, and nothing else

/** A request as the fake received it; `status` is what it answered. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** the body's bytes as they arrived (a gzip-encoded body, say) */
  readonly rawBody: Buffer;
  /** the matched route's named path segments (`/objects/:type/:id`), URL-decoded */
  readonly params: Readonly<Record<string, string>>;
  status?: number;
}

export interface FakeAnswer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-encoded unless a string */
  readonly body?: unknown;
}

export interface FakeRoute {
  readonly method: string;
  /** `/crm/v3/objects/:type/:id`; a segment may constrain itself, `:id(\\d+)` (a constraint stays inside its segment: no `/`) */
  readonly path: string;
  readonly handle: (request: FakeRequest) => FakeAnswer | Promise<FakeAnswer>;
  /** skips the fake's `authorize` (token endpoints, public metadata) */
  readonly public?: boolean;
}

/**
 * Thrown by a route (or `authorize`) to answer with the platform's error shape. An answer a test
 * provokes on purpose (a wrong token, a missing record) is `expected`; any other rejection means
 * our request was wrong, and is listed in `unexpected`.
 */
export class FakeRejection extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** the platform's error code (HubSpot's category, Slack's `error`) */
    readonly code = "invalid_request",
    readonly expected = false,
    /** headers on this answer besides the fake's own (a rate-limit window's state, a content type) */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export interface DeclaredFakeOptions {
  readonly routes: readonly FakeRoute[];
  /** checks credentials before every non-public route, and before answering an unknown route */
  readonly authorize?: (request: FakeRequest) => void;
  /** the platform's error body for a rejection; default `{ error: code, message }` */
  readonly errorBody?: (rejection: FakeRejection) => unknown;
  /** headers on every answer (besides `content-type: application/json`); a function for headers that change per request */
  readonly headers?: Readonly<Record<string, string>> | ((request: FakeRequest) => Readonly<Record<string, string>>);
  /** a queued failure (`failNext`) carries only the content type and the headers the test gives it */
  readonly bareInjectedAnswers?: boolean;
  /** the content type of JSON answers; default application/json */
  readonly contentType?: string;
  /** the content type of answers with a status of 400 or more (`application/problem+json`); default `contentType` */
  readonly errorContentType?: string;
  /** where the API lives (`/api/1.0`): routes, recorded paths and `failNext` paths are below it; anything outside it is unknown */
  readonly basePath?: string;
  /** the error code of the 404 for a route the fake does not have; default not_found */
  readonly unknownRouteCode?: string;
}

interface CompiledRoute {
  readonly route: FakeRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/** `/a/:id(\d+)/b/:name` → /^\/a\/(\d+)\/b\/([^/]+)$/ with names [id, name] */
function compilePath(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      const param = /^:(\w+)(?:\((.+)\))?$/.exec(segment);
      if (param === null) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(param[1] ?? "");
      return `(${param[2] ?? "[^/]+"})`;
    })
    .join("/");
  return { pattern: new RegExp(`^${source}$`), names };
}

/**
 * A loopback HTTP server that is its routes and fixtures: it records every request, answers the
 * declared routes, queued failures first (`failNext`), and answers anything else with 404 in the
 * platform's error shape while listing it in `unexpected` — which the platform harness asserts is
 * empty after every test, so a request the fake does not expect fails the test that sent it.
 */
export class DeclaredFake {
  readonly requests: FakeRequest[] = [];
  readonly unexpected: string[] = [];
  private readonly routes: readonly CompiledRoute[];
  private readonly injected: { path: string | undefined; skip: number; answer: FakeAnswer }[] = [];

  private constructor(
    private readonly listener: LoopbackListener,
    private readonly options: DeclaredFakeOptions,
  ) {
    this.routes = options.routes.map((route) => ({ route, ...compilePath(route.path) }));
  }

  static async start(options: DeclaredFakeOptions): Promise<DeclaredFake> {
    let fake: DeclaredFake | undefined;
    const server = createServer((req, res) => void fake?.handle(req, res));
    fake = new DeclaredFake(await listenOnLoopback(server), options);
    return fake;
  }

  get url(): string {
    return this.listener.url;
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  /** Answers the next request (to `path`, when given; after letting `skip` of them through) with this instead. */
  failNext(answer: FakeAnswer, path?: string, skip = 0): void {
    this.injected.push({ path, skip, answer });
  }

  /** Throws, naming them, when any request was not one the fake expects. */
  assertNoUnexpected(): void {
    if (this.unexpected.length > 0) throw new Error(`the fake received requests it does not expect:\n  ${this.unexpected.join("\n  ")}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const basePath = this.options.basePath;
    const below = basePath === undefined || url.pathname.startsWith(`${basePath}/`);
    const path = basePath !== undefined && below ? url.pathname.slice(basePath.length) : url.pathname;
    const rawBody = Buffer.concat(chunks);
    const base = { method: req.method ?? "GET", path, query: url.searchParams, headers: req.headers, body: rawBody.toString("utf8"), rawBody };
    const matched = below ? this.match(base.method, base.path) : undefined;
    const request: FakeRequest = { ...base, params: matched?.params ?? {} };
    this.requests.push(request);
    const send = (answer: FakeAnswer, injected = false) => {
      const status = answer.status ?? 200;
      request.status = status;
      const contentType = (status >= 400 ? this.options.errorContentType : undefined) ?? this.options.contentType ?? "application/json";
      const common = injected && this.options.bareInjectedAnswers === true ? {} : typeof this.options.headers === "function" ? this.options.headers(request) : this.options.headers;
      res.writeHead(status, { "content-type": contentType, ...common, ...answer.headers });
      res.end(answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
    };
    const index = this.injected.findIndex((entry) => entry.path === undefined || entry.path === base.path);
    const entry = index === -1 ? undefined : this.injected[index];
    if (entry !== undefined && entry.skip > 0) {
      entry.skip -= 1;
    } else if (entry !== undefined) {
      this.injected.splice(index, 1);
      return send(entry.answer, true);
    }
    try {
      if (matched?.route.public !== true) this.options.authorize?.(request);
      if (matched === undefined) throw new FakeRejection(404, `no such endpoint ${base.method} ${base.path}`, this.options.unknownRouteCode ?? "not_found");
      send(await matched.route.handle(request));
    } catch (error) {
      const rejection = error instanceof FakeRejection ? error : new FakeRejection(500, `the fake failed: ${String(error)}`, "internal");
      if (!rejection.expected) this.unexpected.push(`${base.method} ${base.path}${url.search}: ${rejection.message}`);
      send({ status: rejection.status, headers: rejection.headers, body: (this.options.errorBody ?? defaultErrorBody)(rejection) });
    }
  }

  private match(method: string, path: string): { route: FakeRoute; params: Record<string, string> } | undefined {
    for (const { route, pattern, names } of this.routes) {
      if (route.method !== method) continue;
      const found = pattern.exec(path);
      if (found === null) continue;
      return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? "")])) };
    }
    return undefined;
  }
}

function defaultErrorBody(rejection: FakeRejection): unknown {
  return { error: rejection.code, message: rejection.message };
}

/** A request as tests that read its raw URL see it: path and query together, `answer` the status it got. */
export interface RecordedCall {
  readonly method: string;
  /** path and query */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly answer?: number;
}

export function recordedCall(request: FakeRequest): RecordedCall {
  const query = request.query.toString();
  return {
    method: request.method,
    url: query === "" ? request.path : `${request.path}?${query}`,
    headers: request.headers,
    body: request.body,
    ...(request.status === undefined ? {} : { answer: request.status }),
  };
}

/** The request's JSON body, checked against the documented request shape (strict schemas reject unknown fields). */
export function jsonBody<T>(request: FakeRequest, schema: z.ZodType<T>, code = "invalid_request"): T {
  if (!String(request.headers["content-type"] ?? "").startsWith("application/json")) {
    throw new FakeRejection(415, "content-type must be application/json", code);
  }
  let json: unknown;
  try {
    json = JSON.parse(request.body || "null");
  } catch {
    throw new FakeRejection(400, "body is not JSON", code);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new FakeRejection(400, `invalid body: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`, code);
  return parsed.data;
}

/** The request's form-encoded body (OAuth token endpoints). */
export function formBody(request: FakeRequest, code = "invalid_request"): URLSearchParams {
  if (!String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    throw new FakeRejection(415, "requests here are form-encoded", code);
  }
  return new URLSearchParams(request.body);
}

/**
 * What every platform fake built on DeclaredFake shares: its loopback server, the requests it
 * recorded, what it did not expect, queued failures and closing. The platform's fake adds its
 * fixtures and declares its routes in `startDeclared`.
 */
export abstract class DeclaredPlatformFake {
  protected constructor(protected readonly http: DeclaredFake) {}

  /** the loopback origin; a fake whose API lives under a prefix (`/v1`) says so here */
  get url(): string {
    return this.http.url;
  }

  /** every request received, with the status it was answered */
  get requests(): FakeRequest[] {
    return this.http.requests;
  }

  /** requests the fake did not expect (unknown routes, bodies or parameters off the documented shape) */
  get unexpected(): string[] {
    return this.http.unexpected;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Answers the next request (to `path`, when given; after letting `skip` of them through) with this instead. */
  failNext(answer: FakeAnswer, path?: string, skip = 0): void {
    this.http.failNext(answer, path, skip);
  }
}

/**
 * Starts a declared fake whose routes call into the fake object: `declare(self)` gives the routes
 * and error shape (`self()` is the fake, once built), `build(http)` makes the fake around its server.
 */
export async function startDeclared<T>(declare: (self: () => T) => DeclaredFakeOptions, build: (http: DeclaredFake) => T): Promise<T> {
  let fake: T | undefined;
  const self = (): T => {
    if (fake === undefined) throw new Error("the fake is not started yet");
    return fake;
  };
  fake = build(await DeclaredFake.start(declare(self)));
  return fake;
}
