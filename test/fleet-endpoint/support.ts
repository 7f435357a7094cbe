/**
 * A small fleet in one process for the fleet endpoint's tests: the test platform's server (widgets,
 * against its fake upstream) and the memory server (embedded store), both requiring their own
 * agent token and accepting the fleet token, and a fleet endpoint in front of them that requires a
 * different agent token. A call through the endpoint can only succeed if it presents the fleet
 * token, never the agent's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { definition as fleetDefinition } from "../../services/fleet-endpoint/definition.js";
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { definition as memoryDefinition } from "../../services/platforms/memory/index.js";
import type { PlatformDefinition } from "../../services/runtime/contract.js";
import { startPlatformServer, type RunningServer } from "../../services/runtime/server.js";
import { LogCapture, startTestServer, type TestServer } from "../runtime/support.js";

/** what the servers behind the endpoint accept from agents (the endpoint never has it) */
export const SERVER_AGENT_TOKEN = "server-agent-token-0123456789abcdef";
/** what agents present to the fleet endpoint */
export const ENDPOINT_AGENT_TOKEN = "endpoint-agent-token-0123456789abcdef";
/** what the endpoint presents to the servers */
export const FLEET_TOKEN = "fleet-endpoint-token-0123456789abcdef";

export interface SmallFleet {
  readonly widgets: TestServer;
  readonly memory: RunningServer;
  readonly memoryLogs: LogCapture;
  /** starts a fleet endpoint over these servers (plus `extra` members, e.g. one that is down) */
  endpoint(options?: EndpointOptions): Promise<Endpoint>;
  stop(): Promise<void>;
}

export interface EndpointOptions {
  readonly settings?: Partial<IntegrationSettings>;
  readonly extra?: Readonly<Record<string, string>>;
  readonly authNone?: boolean;
  /** instead of the fleet endpoint's own definition (e.g. one without the pass-through, or with a short call deadline) */
  readonly definition?: PlatformDefinition<unknown>;
}

export interface Endpoint {
  readonly server: RunningServer;
  readonly logs: LogCapture;
  connect(): Promise<Client>;
  stop(): Promise<void>;
}

export async function startSmallFleet(): Promise<SmallFleet> {
  const widgets = await startTestServer({
    env: { MCP_AUTH_TOKEN: SERVER_AGENT_TOKEN, FLEET_MCP_TOKEN: FLEET_TOKEN },
    settings: { webhook_path: undefined },
  });
  const memoryDir = mkdtempSync(path.join(os.tmpdir(), "fleet-endpoint-memory-"));
  const memoryLogs = new LogCapture();
  const memory = await startPlatformServer({
    definition: memoryDefinition as PlatformDefinition<unknown>,
    env: {
      MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9010 }),
      MCP_AUTH_MODE: "token",
      MCP_AUTH_TOKEN: SERVER_AGENT_TOKEN,
      FLEET_MCP_TOKEN: FLEET_TOKEN,
      LOG_LEVEL: "info",
    },
    port: 0,
    host: "127.0.0.1",
    dataDir: memoryDir,
    logDestination: memoryLogs,
    defaultMetrics: false,
    shutdownGraceMs: 1_000,
  });
  const endpoints: Endpoint[] = [];
  return {
    widgets,
    memory,
    memoryLogs,
    async endpoint(options = {}) {
      const members = { widgets: `${widgets.server.url}/mcp`, memory: `${memory.url}/mcp`, ...options.extra };
      const endpoint = await startEndpoint(members, options);
      endpoints.push(endpoint);
      return endpoint;
    },
    async stop() {
      await Promise.all(endpoints.map((e) => e.stop()));
      await widgets.stop();
      await memory.close();
      rmSync(memoryDir, { recursive: true, force: true });
    },
  };
}

export async function startEndpoint(members: Readonly<Record<string, string>>, options: EndpointOptions = {}): Promise<Endpoint> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "fleet-endpoint-"));
  const logs = new LogCapture();
  const server = await startPlatformServer({
    definition: options.definition ?? (fleetDefinition as PlatformDefinition<unknown>),
    env: {
      MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9000, ...options.settings }),
      ...(options.authNone ? { MCP_AUTH_MODE: "none" } : { MCP_AUTH_MODE: "token", MCP_AUTH_TOKEN: ENDPOINT_AGENT_TOKEN }),
      FLEET_MCP_TOKEN: FLEET_TOKEN,
      FLEET_SERVERS: JSON.stringify(members),
      LOG_LEVEL: "debug",
    },
    port: 0,
    host: "127.0.0.1",
    dataDir,
    logDestination: logs,
    defaultMetrics: false,
    shutdownGraceMs: 1_000,
  });
  const clients: Client[] = [];
  return {
    server,
    logs,
    async connect() {
      // a 2026-07-28 client: it cancels a call by closing the call's request stream (a 2025-era
      // client's notifications/cancelled cannot reach a call on a stateless server)
      const client = new Client({ name: "fleet-endpoint-test", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
      const headers = options.authNone ? {} : { authorization: `Bearer ${ENDPOINT_AGENT_TOKEN}` };
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** the text of a tool result's first content block */
export function textOf(result: { content?: unknown }): string {
  const first = (result.content as { type: string; text?: string }[] | undefined)?.[0];
  return first?.text ?? "";
}
