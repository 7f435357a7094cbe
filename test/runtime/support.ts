/**
 * Starting the test platform for runtime tests: a fake upstream, a temporary data directory, a
 * recording memory sink and captured log lines; everything is stopped by `stop()`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import type { MemoryRecord, MemorySink, PlatformDefinition } from "../../services/runtime/contract.js";
import { startPlatformServer, type RunningServer, type StartOptions } from "../../services/runtime/server.js";
import { definition as testPlatform } from "../fixtures/test-platform/index.js";
import { startFakeUpstream, type FakeUpstream } from "../fixtures/test-platform/fake-upstream.js";

export const API_KEY = "widget-api-key-CANARY-7f3a9c";
export const WEBHOOK_SECRET = "widget-webhook-secret-CANARY-51be";
export const AGENT_TOKEN = "agent-token-0123456789abcdef";

export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    done();
  }
  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  text(): string {
    return this.lines.join("\n");
  }
}

export interface TestServer {
  readonly server: RunningServer;
  readonly upstream: FakeUpstream;
  readonly logs: LogCapture;
  readonly stored: MemoryRecord[];
  readonly dataDir: string;
  connect(token?: string): Promise<Client>;
  stop(): Promise<void>;
}

export async function startTestServer(
  options: {
    readonly settings?: Partial<IntegrationSettings>;
    readonly env?: Readonly<Record<string, string | undefined>>;
    readonly definition?: PlatformDefinition<unknown>;
    /** default: a recording sink (see `stored`); "from-environment": what MEMORY_URL selects */
    readonly memory?: MemorySink | "from-environment";
  } & Partial<Pick<StartOptions, "requireCredentials" | "shutdownGraceMs">> = {},
): Promise<TestServer> {
  const upstream = await startFakeUpstream({ apiKey: API_KEY });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "runtime-test-"));
  const logs = new LogCapture();
  const stored: MemoryRecord[] = [];
  const settings: IntegrationSettings = { enabled: true, mcp_server_port: 9019, webhook_path: "/webhook/widgets", ...options.settings };
  try {
    const server = await startPlatformServer({
      definition: options.definition ?? testPlatform,
      env: {
        MCP_INTEGRATION: JSON.stringify(settings),
        MCP_AUTH_MODE: "token",
        MCP_AUTH_TOKEN: AGENT_TOKEN,
        WIDGETS_API_KEY: API_KEY,
        WIDGETS_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PLATFORM_API_BASE_URL: upstream.url,
        LOG_LEVEL: "debug",
        ...options.env,
      },
      port: 0,
      host: "127.0.0.1",
      dataDir,
      logDestination: logs,
      ...(options.memory === "from-environment"
        ? {}
        : {
            memory: options.memory ?? {
              async store(records) {
                stored.push(...records);
              },
            },
          }),
      defaultMetrics: false,
      ...(options.requireCredentials !== undefined ? { requireCredentials: options.requireCredentials } : {}),
      shutdownGraceMs: options.shutdownGraceMs ?? 2_000,
    });
    const clients: Client[] = [];
    return {
      server,
      upstream,
      logs,
      stored,
      dataDir,
      async connect(token = AGENT_TOKEN) {
        const client = new Client({ name: "runtime-test", version: "1.0.0" });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
        );
        clients.push(client);
        return client;
      },
      async stop() {
        await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
        await server.close();
        await upstream.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await upstream.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Waits until `check` holds, polling; fails with `what` after `limitMs` (a hang guard, not a timing assertion). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
