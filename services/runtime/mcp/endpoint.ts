/**
 * POST /mcp: the SDK's stateless entry (2026-07-28 requests, and 2025-era clients through its
 * per-request legacy fallback with no session ids) adapted to node:http. The body limit is
 * enforced by the adapter while it reads the stream, so an oversized body is answered 413 before
 * anything is parsed.
 */
import { toNodeHandler, type NodeMcpRequestHandler } from "@modelcontextprotocol/node";
import { createMcpHandler, type McpServerFactory } from "@modelcontextprotocol/server";
import type { Logger } from "pino";

export interface McpEndpoint {
  readonly handle: NodeMcpRequestHandler;
  /** aborts modern exchanges still open and closes their server instances */
  close(): Promise<void>;
}

export function createMcpEndpoint(factory: McpServerFactory, options: { readonly maxBodyBytes: number; readonly log: Logger }): McpEndpoint {
  const onerror = (error: Error) => options.log.warn({ err: error }, "MCP request failed in the transport");
  const handler = createMcpHandler(factory, {
    legacy: "stateless",
    maxRequestBodySize: options.maxBodyBytes,
    onerror,
  });
  return {
    handle: toNodeHandler(handler, { maxRequestBodySize: options.maxBodyBytes, onerror }),
    close: () => handler.close(),
  };
}
