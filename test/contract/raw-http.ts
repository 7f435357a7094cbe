/**
 * Plain node:http requests for the contract suite: fetch refuses to set Host, and the suite needs
 * exact control over Host, Origin, Authorization and oversized bodies.
 */
import { request } from "node:http";

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

export function rawRequest(
  url: string,
  options: { readonly method?: string; readonly headers?: Record<string, string>; readonly body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let writeError: Error | undefined;
    const req = request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    // a server may answer 413 and close before the whole body is written; the answer still counts
    req.on("error", (error) => {
      writeError = error;
    });
    req.on("close", () => {
      if (!answered) reject(writeError ?? new Error("connection closed without a response"));
    });
    req.end(options.body);
  });
}

/** A JSON-RPC initialize message as a 2025-11-25 client sends it. */
export function initializeMessage(): string {
  return JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "contract-suite", version: "1.0.0" } },
  });
}

export const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" } as const;
