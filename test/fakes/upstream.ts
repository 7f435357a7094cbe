/**
 * A generic fault-injecting platform API on loopback, for testing the runtime's HTTP client.
 *
 * Routes answer JSON; queued faults (a status with headers, a reset connection, a slow answer) are
 * served to the next matching requests first; an optional token check answers 401 to stale tokens;
 * an optional sliding-window limit answers 429 with Retry-After like a real platform. Every
 * request is recorded with its arrival time and what it got, and any request without a route fails
 * loudly (501), so a test sees when the client sends something unexpected.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  /** path and query */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** performance.now() at arrival */
  readonly arrivedAt: number;
  /** the status answered, or "reset" when the connection was destroyed */
  answer?: number | "reset";
}

export type Fault =
  | { readonly kind: "status"; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string }
  /** destroys the socket without an answer (ECONNRESET / UND_ERR_SOCKET at the client) */
  | { readonly kind: "reset" }
  /** waits before handling the request normally (or with the next fault if `then` is given) */
  | { readonly kind: "slow"; readonly ms: number; readonly then?: Fault };

/** A status fault as a declared fake's queued failure (test/support/loopback.ts); only FakeUpstream can reset or stall. */
export function statusFaultAnswer(fault: Fault): { status: number; headers?: Readonly<Record<string, string>>; body: string } {
  if (fault.kind !== "status") throw new Error(`a declared fake answers with a status; a ${fault.kind} fault needs FakeUpstream`);
  return { status: fault.status, ...(fault.headers === undefined ? {} : { headers: fault.headers }), body: fault.body ?? JSON.stringify({ message: "injected fault" }) };
}

export interface RouteAnswer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export type RouteHandler = (request: RecordedRequest) => RouteAnswer | Promise<RouteAnswer>;

export interface FakeUpstreamOptions {
  /** answer 401 unless this returns true for the request's Authorization header */
  readonly acceptsAuthorization?: (authorization: string | undefined) => boolean;
  /** a sliding-window limit the fake enforces with 429 + Retry-After */
  readonly rateLimit?: { readonly requests: number; readonly windowMs: number };
}

interface QueuedFault {
  readonly match: (method: string, path: string) => boolean;
  readonly fault: Fault;
}

export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, RouteHandler>();
  private readonly faults: QueuedFault[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly options: FakeUpstreamOptions,
  ) {}

  static async start(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
    let fake: FakeUpstream | undefined;
    const server = createServer((req, res) => {
      void fake?.handle(req, res);
    });
    fake = new FakeUpstream(server, options);
    server.on("connection", (socket) => {
      fake?.sockets.add(socket);
      socket.on("close", () => fake?.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** `route("GET", "/v1/things/42", handler)`; the path is matched without the query string */
  route(method: string, path: string, handler: RouteHandler): this {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
    return this;
  }

  /** serves these faults, in order, to the next requests (optionally only those to `path`) */
  fail(faults: readonly Fault[], path?: string): this {
    for (const fault of faults) {
      this.faults.push({ fault, match: (_method, requestPath) => path === undefined || requestPath === path });
    }
    return this;
  }

  answered(status: number | "reset"): number {
    return this.requests.filter((request) => request.answer === status).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const path = url.split("?")[0] ?? "/";
    const recorded: RecordedRequest = { method, url, headers: { ...req.headers }, body: Buffer.concat(chunks).toString("utf8"), arrivedAt };
    this.requests.push(recorded);

    const index = this.faults.findIndex((queued) => queued.match(method, path));
    const fault = index === -1 ? undefined : this.faults.splice(index, 1)[0]?.fault;
    await this.answer(recorded, path, fault, res);
  }

  private async answer(recorded: RecordedRequest, path: string, fault: Fault | undefined, res: ServerResponse): Promise<void> {
    if (fault?.kind === "slow") {
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (res.destroyed) return;
      return this.answer(recorded, path, fault.then, res);
    }
    if (fault?.kind === "reset") {
      recorded.answer = "reset";
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === "status") {
      return this.send(recorded, res, { status: fault.status, headers: fault.headers, body: fault.body ?? JSON.stringify({ message: "injected fault" }) });
    }
    const limit = this.options.rateLimit;
    if (limit !== undefined) {
      const windowStart = recorded.arrivedAt - limit.windowMs;
      const inWindow = this.requests.filter((r) => r.arrivedAt > windowStart && r.answer !== 429 && r !== recorded).length;
      if (inWindow >= limit.requests) {
        return this.send(recorded, res, { status: 429, headers: { "retry-after": "1" }, body: JSON.stringify({ message: "rate limited" }) });
      }
    }
    const authorization = recorded.headers.authorization;
    if (this.options.acceptsAuthorization !== undefined && !this.options.acceptsAuthorization(typeof authorization === "string" ? authorization : undefined)) {
      return this.send(recorded, res, { status: 401, body: JSON.stringify({ message: "token expired" }) });
    }
    const handler = this.routes.get(`${recorded.method} ${path}`);
    if (handler === undefined) {
      return this.send(recorded, res, { status: 501, body: JSON.stringify({ message: `no route for ${recorded.method} ${path}` }) });
    }
    const answer = await handler(recorded);
    return this.send(recorded, res, {
      status: answer.status ?? 200,
      headers: answer.headers,
      body: answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body),
    });
  }

  private send(
    recorded: RecordedRequest,
    res: ServerResponse,
    answer: { readonly status: number; readonly headers?: Readonly<Record<string, string>> | undefined; readonly body: string },
  ): void {
    recorded.answer = answer.status;
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(answer.body);
  }
}
