/**
 * POST /mcp: the SDK's stateless entry (2026-07-28 requests, and 2025-era clients through its
 * per-request legacy fallback with no session ids) adapted to node:http. The body limit is
 * enforced by the adapter while it reads the stream, so an oversized body is answered 413 before
 * anything is parsed.
 *
 * With a pass-through (the fleet endpoint's federated mode, pass-through.ts) this reads the body
 * itself, within the same limit: a tools/call is forwarded to the server that owns the tool, a
 * 2025-era notifications/cancelled aborts the call it names, and everything else goes to the SDK
 * with the body already parsed (or, when it is not JSON, as it came, for the SDK's own answer).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { NodeMcpRequestHandler } from "@modelcontextprotocol/node";
import { createMcpHandler, isJsonContentType, type AuthInfo, type McpServerFactory } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import { cancelledRequestId, decidedAnswer, isToolCallMessage, type PassThrough } from "./pass-through.js";

export interface McpEndpoint {
  readonly handle: (req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse) => Promise<void>;
  /** aborts modern exchanges still open and closes their server instances */
  close(): Promise<void>;
}

export function createMcpEndpoint(
  factory: McpServerFactory,
  options: { readonly maxBodyBytes: number; readonly log: Logger; readonly passThrough?: PassThrough },
): McpEndpoint {
  const onerror = (error: Error) => options.log.warn({ err: error }, "MCP request failed in the transport");
  const handler = createMcpHandler(factory, {
    legacy: "stateless",
    maxRequestBodySize: options.maxBodyBytes,
    onerror,
  });
  // the SDK's node:http adapter loads with the first MCP request, not at start: it brings Hono's
  // node server, node:http2 and Node's fetch implementation (undici), about 60 ms of a new pod's
  // start before it could answer anything; the first MCP request waits for them once instead
  let adapter: Promise<NodeMcpRequestHandler> | undefined;
  const sdk: NodeMcpRequestHandler = async (req, res, parsedBody) => {
    adapter ??= import("@modelcontextprotocol/node").then(({ toNodeHandler }) => toNodeHandler(handler, { maxRequestBodySize: options.maxBodyBytes, onerror }));
    return (await adapter)(req, res, parsedBody);
  };
  const passThrough = options.passThrough;
  return {
    handle: passThrough === undefined ? (req, res) => sdk(req, res) : (req, res) => (req.method === "POST" ? passingThrough(req, res, passThrough, sdk, options.maxBodyBytes) : sdk(req, res)),
    close: () => handler.close(),
  };
}

async function passingThrough(
  req: IncomingMessage & { auth?: AuthInfo },
  res: ServerResponse,
  passThrough: PassThrough,
  sdk: NodeMcpRequestHandler,
  maxBodyBytes: number,
): Promise<void> {
  const body = await readBounded(req, maxBodyBytes);
  if (body === undefined) {
    // what the SDK's adapter answers to an oversized body
    const text = JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: `Payload Too Large: Request body must not exceed ${maxBodyBytes} bytes` }, id: null });
    res.writeHead(413, { "content-type": "application/json", connection: "close" }).end(text);
    return;
  }
  const message = isJsonContentType(req.headers["content-type"]) ? parseJson(body) : undefined;
  if (message === undefined) return sdk(replayed(req, body), res);
  if (isToolCallMessage(message)) {
    const answer = await passThrough.call(req, res, body, message);
    if (answer === "answered") return;
    if (answer !== undefined) return decidedAnswer.run(answer, () => sdk(req, res, message));
  } else {
    const cancelled = cancelledRequestId(message);
    // and the SDK acknowledges the notification as before
    if (cancelled !== undefined) passThrough.cancel(req, cancelled);
  }
  return sdk(req, res, message);
}

/** the body, or undefined when it is larger than maxBytes (by Content-Length up front, or while reading) */
async function readBounded(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** the request again with its body already read, for the SDK to read and answer as it would have */
function replayed(req: IncomingMessage & { auth?: AuthInfo }, body: Buffer): IncomingMessage {
  const copy = Readable.from(body.length > 0 ? [body] : []) as unknown as IncomingMessage & { auth?: AuthInfo };
  return Object.assign(copy, { headers: req.headers, method: req.method, url: req.url, ...(req.auth ? { auth: req.auth } : {}) });
}
