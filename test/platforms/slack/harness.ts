/**
 * Runs a platform definition the way the runtime does, minus MCP: its auth and API factory on the
 * runtime's real HTTP client (pointed at a loopback fake), with a recording sleep so Retry-After
 * waits are observed instead of waited out, and a ToolContext whose memory sink collects records.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { Registry } from "prom-client";
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials, MemoryRecord, PlatformDefinition, ToolContext, ToolDefinition } from "../../../services/runtime/contract.js";
import { createPlatformHttp } from "../../../services/runtime/http/client.js";

export interface Harness<Api> {
  readonly api: Api;
  readonly ctx: ToolContext<Api>;
  /** every wait the HTTP client asked for (Retry-After, backoff), in ms */
  readonly sleeps: number[];
  readonly stored: MemoryRecord[];
  /** parses the input like the MCP layer, runs the handler, checks the output schema */
  call(tool: ToolDefinition<Api>, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export function harness<Api>(
  definition: PlatformDefinition<Api>,
  options: { baseUrl: string; credentials: Credentials; settings: IntegrationSettings; now?: Date; signal?: AbortSignal },
): Harness<Api> {
  const log = pino({ level: "silent" });
  const sleeps: number[] = [];
  const http = createPlatformHttp({
    platform: definition.platform,
    baseUrl: options.baseUrl,
    auth: definition.auth(options.credentials, { fetch }),
    registry: new Registry(),
    log,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
  });
  const api = definition.createApi({
    credentials: options.credentials,
    settings: options.settings,
    http,
    log,
    dataDir: mkdtempSync(path.join(tmpdir(), `${definition.platform}-test-`)),
  });
  const stored: MemoryRecord[] = [];
  const now = options.now ?? new Date("2024-04-02T12:00:00Z");
  const ctx: ToolContext<Api> = {
    api,
    memory: {
      store: async (records) => {
        stored.push(...records);
      },
    },
    log,
    clock: { now: () => now },
    signal: options.signal ?? new AbortController().signal,
    settings: options.settings,
  };
  return {
    api,
    ctx,
    sleeps,
    stored,
    async call(tool, input) {
      const output = await tool.handler(tool.input.parse(input), ctx);
      return tool.output.parse(output) as Record<string, unknown>;
    },
  };
}
