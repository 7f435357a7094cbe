/**
 * Starts any platform definition the way the contract suite needs it: on 127.0.0.1 and an
 * ephemeral port, token authentication with a generated token, every required credential set to a
 * placeholder (override the ones your definition parses, e.g. a PEM key), a recording memory sink,
 * a temporary data directory, and PLATFORM_API_BASE_URL pointing at an upstream that records every
 * request: the contract never needs the platform, so the suite asserts nothing reached it.
 *
 *   runServerContract("slack", () => startContractServer(definition), { platform: "slack" });
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { requiredVariables } from "../../services/fleet/catalog.js";
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import type { MemoryRecord, MemorySink, PlatformDefinition } from "../../services/runtime/contract.js";
import { startPlatformServer, type RunningServer } from "../../services/runtime/server.js";
import type { ServerUnderTest } from "./suite.js";

export interface ContractServerOptions {
  /** merged over { enabled: true, mcp_server_port: 9000, webhook_path: /webhook/<platform> when it has webhooks } */
  readonly settings?: Partial<IntegrationSettings>;
  /** extra or overriding environment (real-looking credentials your definition parses) */
  readonly env?: Readonly<Record<string, string>>;
}

export interface ContractServer extends ServerUnderTest {
  readonly server: RunningServer;
  readonly stored: readonly MemoryRecord[];
  readonly upstreamRequests: readonly string[];
}

export async function startContractServer(definition: PlatformDefinition<unknown>, options: ContractServerOptions = {}): Promise<ContractServer> {
  const { facts } = definition;
  const platform = facts.name;
  const webhookPath = definition.webhook && facts.sendsWebhooks ? `/webhook/${platform.replaceAll("_", "-")}` : undefined;
  const settings: IntegrationSettings = { enabled: true, mcp_server_port: 9000, ...(webhookPath ? { webhook_path: webhookPath } : {}), ...options.settings };
  const token = randomBytes(24).toString("base64url");
  const placeholders = Object.fromEntries(
    requiredVariables(facts, settings.webhook_path !== undefined).map((name) => [name, `contract-${name.toLowerCase()}-placeholder`]),
  );
  const upstream = await startRecordingUpstream();
  const stored: MemoryRecord[] = [];
  const memory: MemorySink = {
    async store(records) {
      stored.push(...records);
    },
  };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `contract-${platform}-`));
  let server: RunningServer;
  try {
    server = await startPlatformServer({
      definition,
      env: {
        ...placeholders,
        MCP_INTEGRATION: JSON.stringify(settings),
        MCP_AUTH_MODE: "token",
        MCP_AUTH_TOKEN: token,
        LOG_LEVEL: "silent",
        PLATFORM_API_BASE_URL: upstream.url,
        ...options.env,
      },
      port: 0,
      host: "127.0.0.1",
      dataDir,
      memory,
      shutdownGraceMs: 2_000,
    });
  } catch (error) {
    await upstream.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    token,
    ...(settings.webhook_path ? { webhookPath: `${settings.webhook_path}/events` } : {}),
    server,
    stored,
    upstreamRequests: upstream.requests,
    storedRecordCount: () => stored.length,
    platformRequestCount: () => upstream.requests.length,
    async close() {
      await server.close();
      await upstream.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startRecordingUpstream(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: "the contract suite expects no platform calls" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
