/**
 * tools/call as an HTTP pass-through (the fleet endpoint's federated mode, issue 15): the agent's
 * request body goes unchanged to the server that owns the tool and that server's answer comes back
 * message by message, without a per-request MCP server, an MCP client or schema validation in
 * between. The owner runs the same MCP SDK, so it validates the request exactly as this server would
 * have (protocol version, standard headers, the tool's input schema); Host/Origin checks and agent
 * auth have run before this (surface/app.ts), and the owner is presented the provider's credential
 * (the fleet token), never the agent's.
 *
 * What this server still does per call: reads and parses the JSON-RPC envelope, asks the provider
 * where the tool lives (its cached listing), sends the body over a keep-alive connection, and reads
 * the owner's answer, which it parses once to count the call's outcome (the bytes go to the agent
 * as they came: a 2026-era result names the owner in its serverInfo, as it did on the SDK path,
 * where the endpoint's client passed the owner's result on). Everything else (other methods, batches, a tool the provider
 * does not route: unknown, filtered out, its server down) stays on the SDK path, and so does every
 * answer this server makes itself (the owner unreachable, the deadline, a cancelled call): those are
 * handed to the SDK path as a decided answer, so the SDK formats them for the client's protocol era.
 *
 * Cancellation: an agent that disconnects (or closes a 2026-era call's stream) aborts the forwarded
 * request, which the owner sees as its own client going away. A 2025-era client cancels with a
 * separate notifications/cancelled POST; it is tied to a call in flight in this process by request id
 * and the agent's credential. A cancel that reaches another replica is not tied (nothing is shared).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { request as httpRequest, type Agent, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AuthInfo, CallToolResult } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { ToolCallOutcome, ToolMetrics } from "../observability/metrics.js";

/** Where one tools/call goes (ToolProvider.route). */
export interface ForwardRoute {
  /** the owner's platform, for logs */
  readonly platform: string;
  /** the owner's MCP endpoint */
  readonly url: URL;
  /** keep-alive connections to it (node:http or node:https, as the URL says) */
  readonly agent: Agent;
  /** sent instead of the agent's credentials (the fleet token) */
  readonly headers: Readonly<Record<string, string>>;
  /** the longest the call may take */
  readonly timeoutMs: number;
  /** the owner could not be reached or refused the request: the provider records why and says what the agent is told */
  unreachable(error: unknown): CallToolResult;
  /** what the agent is told when the owner did not answer within timeoutMs */
  timedOut(): CallToolResult;
}

/** An answer decided by the pass-through (already counted), made by the SDK path: providerServerFactory returns it. */
export interface DecidedAnswer {
  readonly result: CallToolResult;
  readonly outcome: ToolCallOutcome;
}

export const decidedAnswer = new AsyncLocalStorage<DecidedAnswer>();

export interface PassThroughOptions {
  readonly route: (name: string) => Promise<ForwardRoute | undefined>;
  /** metric label: this server's platform */
  readonly platform: string;
  readonly metrics: ToolMetrics;
  readonly log: Logger;
}

/** A JSON-RPC tools/call request whose envelope is sound enough to forward. */
export interface ToolCallMessage {
  readonly jsonrpc: "2.0";
  readonly id: string | number;
  readonly method: "tools/call";
  readonly params: { readonly name: string; readonly arguments?: Record<string, unknown> };
}

export function isToolCallMessage(message: unknown): message is ToolCallMessage {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return false;
  const { jsonrpc, id, method, params } = message as Record<string, unknown>;
  if (jsonrpc !== "2.0" || method !== "tools/call" || !(typeof id === "string" || (typeof id === "number" && Number.isInteger(id)))) return false;
  if (typeof params !== "object" || params === null || Array.isArray(params)) return false;
  const { name, arguments: args } = params as Record<string, unknown>;
  return typeof name === "string" && (args === undefined || (typeof args === "object" && args !== null && !Array.isArray(args)));
}

/** the request id a notifications/cancelled names, when the message is one */
export function cancelledRequestId(message: unknown): string | number | undefined {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return undefined;
  const { method, params, id } = message as Record<string, unknown>;
  if (method !== "notifications/cancelled" || id !== undefined || typeof params !== "object" || params === null) return undefined;
  const requestId = (params as Record<string, unknown>).requestId;
  return typeof requestId === "string" || typeof requestId === "number" ? requestId : undefined;
}

export interface PassThrough {
  /**
   * Forwards the call and answers the agent ("answered"), or says how the SDK path answers it: with
   * a decided answer, or (undefined) by asking the provider, which knows why it did not route it.
   */
  call(req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse, body: Buffer, message: ToolCallMessage): Promise<"answered" | DecidedAnswer | undefined>;
  /** a 2025-era notifications/cancelled: aborts the call it names, when it is in flight here for the same credential */
  cancel(req: IncomingMessage & { auth?: AuthInfo }, requestId: string | number): boolean;
}

/** the headers of the agent's request the owner needs: the body's type, what it accepts, the MCP ones */
function forwardedHeaders(req: IncomingMessage, route: ForwardRoute, length: number): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { "content-type": req.headers["content-type"] ?? "application/json", "content-length": length };
  if (req.headers.accept !== undefined) headers.accept = req.headers.accept;
  for (const name in req.headers) if (name.startsWith("mcp-")) headers[name] = req.headers[name];
  return { ...headers, ...route.headers };
}

type Ending = { readonly kind: "answered"; readonly outcome?: ToolCallOutcome } | { readonly kind: "decided"; readonly answer: DecidedAnswer } | { readonly kind: "gone" };

export function createPassThrough(options: PassThroughOptions): PassThrough {
  const { metrics, platform, log } = options;
  /** calls in flight by credential and request id, for 2025-era cancels */
  const inFlight = new Map<string, AbortController>();
  const flightKey = (req: IncomingMessage & { auth?: AuthInfo }, id: string | number) => `${req.auth?.token ?? ""}\u0000${typeof id}:${id}`;

  return {
    cancel(req, requestId) {
      const controller = inFlight.get(flightKey(req, requestId));
      controller?.abort(new CancelledByClient());
      return controller !== undefined;
    },

    async call(req, res, body, message) {
      const name = message.params.name;
      const route = await options.route(name);
      if (route === undefined) return undefined;
      const endTimer = metrics.duration.startTimer({ platform, tool: name });
      const controller = new AbortController();
      const key = flightKey(req, message.id);
      // the same id twice at once from one credential: the first stays cancellable
      const registered = !inFlight.has(key);
      if (registered) inFlight.set(key, controller);
      let ending: Ending;
      try {
        ending = await forward(req, res, body, message, route, controller, log);
      } finally {
        if (registered) inFlight.delete(key);
      }
      endTimer();
      const outcome = ending.kind === "gone" ? "cancelled" : ending.kind === "decided" ? ending.answer.outcome : ending.outcome;
      if (outcome !== undefined) metrics.calls.inc({ platform, tool: name, outcome });
      // a decided answer is made by the SDK path (counted here, not there)
      return ending.kind === "decided" ? ending.answer : "answered";
    },
  };
}

class CancelledByClient extends Error {
  constructor() {
    super("cancelled by the client (notifications/cancelled)");
  }
}

/**
 * One forwarded request. Before the owner's answer starts, every failure becomes a decided answer;
 * once an event stream is being relayed, this server writes the closing result event itself.
 */
function forward(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  message: ToolCallMessage,
  route: ForwardRoute,
  controller: AbortController,
  log: Logger,
): Promise<Ending> {
  // the agent went away while the owner was being looked up: nothing to forward
  if (res.destroyed || req.socket.destroyed) return Promise.resolve({ kind: "gone" });
  return new Promise<Ending>((resolve) => {
    let settled = false;
    let relaying: EventRelay | undefined;
    const finish = (ending: Ending) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      res.off("close", onAgentGone);
      controller.signal.removeEventListener("abort", onCancel);
      resolve(ending);
    };
    const send = route.url.protocol === "https:" ? httpsRequest : httpRequest;
    const upstream = send(route.url, { method: "POST", agent: route.agent, headers: forwardedHeaders(req, route, body.length) });

    /** a failure of this exchange: decided before the answer started, a closing event while relaying */
    const fail = (result: CallToolResult, outcome: ToolCallOutcome) => {
      upstream.destroy();
      if (relaying === undefined) return finish({ kind: "decided", answer: { result, outcome } });
      relaying.close(result);
      finish({ kind: "answered", outcome });
    };
    const timer = setTimeout(() => fail(route.timedOut(), "deadline"), route.timeoutMs);
    const onAgentGone = () => {
      if (res.writableFinished) return;
      upstream.destroy();
      finish({ kind: "gone" });
    };
    const onCancel = () => fail({ content: [{ type: "text", text: `${message.params.name} was cancelled.` }], isError: true }, "cancelled");
    res.once("close", onAgentGone);
    controller.signal.addEventListener("abort", onCancel, { once: true });

    // "error" may come again after the exchange is over (a destroyed socket): always listened to
    upstream.on("error", (error) => {
      if (!settled) fail(route.unreachable(error), "upstream_error");
    });
    upstream.once("response", (answer) => {
      answer.on("error", (error) => {
        if (!settled) fail(route.unreachable(error), "upstream_error");
      });
      if (settled) return answer.resume();
      const status = answer.statusCode ?? 0;
      const type = String(answer.headers["content-type"] ?? "");
      // the fleet's credential refused, or the server failing: it counts as unavailable, as on the SDK path
      if (status === 401 || status === 403 || status >= 500) {
        answer.resume();
        return fail(route.unreachable(new Error(`the server answered HTTP ${status}`)), "upstream_error");
      }
      if (status === 200 && type.startsWith("text/event-stream")) {
        relaying = new EventRelay(res, message.id, {
          "content-type": type,
          "cache-control": String(answer.headers["cache-control"] ?? "no-cache"),
          ...(answer.headers["x-accel-buffering"] ? { "x-accel-buffering": String(answer.headers["x-accel-buffering"]) } : {}),
        });
        answer.setEncoding("utf8");
        answer.on("data", (chunk: string) => {
          if (!relaying!.push(chunk)) {
            answer.pause();
            res.once("drain", () => answer.resume());
          }
        });
        answer.once("end", () => {
          if (settled) return;
          const outcome = relaying!.end();
          if (outcome !== undefined) return finish({ kind: "answered", outcome });
          // the stream ended without the call's result
          log.warn({ platform: route.platform, tool: message.params.name }, "forwarded call's event stream ended without a result");
          relaying!.close(route.unreachable(new Error("the server ended the call's event stream without a result")));
          finish({ kind: "answered", outcome: "upstream_error" });
        });
        return;
      }
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.once("end", () => {
        if (settled) return;
        const bytes = Buffer.concat(chunks);
        if (status === 200 && type.startsWith("application/json")) {
          const parsed = parseJson(bytes.toString("utf8"));
          const outcome = parsed === undefined ? undefined : outcomeOf(parsed, message.id);
          if (outcome === undefined) return fail(route.unreachable(new Error("the server's answer is not the call's JSON-RPC response")), "upstream_error");
          res.writeHead(200, { "content-type": type, "content-length": bytes.length }).end(bytes);
          return finish({ kind: "answered", outcome });
        }
        // the owner refused the request itself (bad headers, protocol version, ...): as the SDK path
        // would have here, since the same SDK checks it; no tool ran, so no call is counted
        res.writeHead(status, type ? { "content-type": type } : {}).end(bytes);
        finish({ kind: "answered" });
      });
    });
    upstream.end(body);
  });
}

/**
 * Relays an event stream event by event, as the events came; the call's result event is parsed for
 * its outcome.
 */
class EventRelay {
  private buffer = "";
  private outcome: ToolCallOutcome | undefined;
  private started = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly id: string | number,
    private readonly headers: Record<string, string>,
  ) {}

  /** false when the agent's side is full (wait for drain) */
  push(chunk: string): boolean {
    this.start();
    this.buffer += chunk;
    let ok = true;
    for (let end = this.boundary(); end !== -1; end = this.boundary()) {
      const event = this.buffer.slice(0, end);
      const separator = this.buffer.startsWith("\r\n\r\n", end) ? 4 : 2;
      this.buffer = this.buffer.slice(end + separator);
      this.inspect(event);
      ok = this.res.write(`${event}\n\n`) && ok;
    }
    return ok;
  }

  /** the stream's end: the outcome when the result came, else undefined */
  end(): ToolCallOutcome | undefined {
    if (this.buffer.trim() !== "") {
      this.inspect(this.buffer);
      this.res.write(`${this.buffer}\n\n`);
    }
    this.buffer = "";
    if (this.outcome !== undefined) this.res.end();
    return this.outcome;
  }

  /** ends the stream with this server's own result for the call */
  close(result: CallToolResult): void {
    this.start();
    if (this.outcome === undefined) this.res.write(`event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", id: this.id, result })}\n\n`);
    this.res.end();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.res.writeHead(200, this.headers);
  }

  private boundary(): number {
    const lf = this.buffer.indexOf("\n\n");
    const crlf = this.buffer.indexOf("\r\n\r\n");
    if (lf === -1) return crlf;
    return crlf === -1 ? lf : Math.min(lf, crlf);
  }

  /** the call's outcome, when this event is its result (an event's data lines joined, as SSE defines) */
  private inspect(event: string): void {
    if (this.outcome !== undefined) return;
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(line.startsWith("data: ") ? 6 : 5))
      .join("\n");
    const parsed = data === "" ? undefined : parseJson(data);
    if (parsed !== undefined) this.outcome = outcomeOf(parsed, this.id);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** the call's outcome when `message` is the JSON-RPC response to request `id`, else undefined */
function outcomeOf(message: unknown, id: string | number): ToolCallOutcome | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const response = message as { id?: unknown; result?: unknown; error?: unknown };
  if (response.id !== id) return undefined;
  if (response.error !== undefined) return "error";
  if (typeof response.result !== "object" || response.result === null) return undefined;
  return (response.result as { isError?: unknown }).isError === true ? "upstream_error" : "ok";
}
