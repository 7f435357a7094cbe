/**
 * HubSpot under test: the real definition, the runtime's real HTTP client (retries, pacing,
 * Retry-After, 401 refresh) pointed at the loopback fake, with waits recorded instead of slept.
 */
import pino from "pino";
import { Registry } from "prom-client";
import type { z } from "zod";
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { AnyZodObject, Credentials, MemoryRecord, ToolContext, ToolDefinition } from "../../../services/runtime/contract.js";
import { createPlatformHttp } from "../../../services/runtime/http/client.js";
import { definition } from "../../../services/platforms/hubspot/index.js";
import type { HubspotApi } from "../../../services/platforms/hubspot/api/client.js";
import { HubspotFake } from "../../fakes/hubspot.js";

export const TOKEN = "pat-na1-test";
export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9002, webhook_path: "/webhook/hubspot" };
export const NOW = new Date("2026-11-20T12:00:00.000Z");

export interface Harness {
  readonly fake: HubspotFake;
  readonly api: HubspotApi;
  readonly ctx: ToolContext<HubspotApi>;
  /** every wait the HTTP client asked for (pacing, backoff, Retry-After), in ms */
  readonly waits: number[];
  readonly stored: MemoryRecord[];
  call<In extends AnyZodObject, Out extends AnyZodObject>(tool: ToolDefinition<HubspotApi, In, Out>, input: z.input<In>): Promise<z.infer<Out>>;
  close(): Promise<void>;
}

export async function startHarness(credentials: Credentials = { HUBSPOT_ACCESS_TOKEN: TOKEN }): Promise<Harness> {
  const fake = await HubspotFake.start({ token: TOKEN });
  const log = pino({ level: "silent" });
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  // the runtime hands auth() the plain global fetch; the token endpoint is HubSpot's own URL, sent to the fake here
  const toFake: typeof fetch = (input, init) => fetch(String(input).replace(definition.baseUrl, fake.url), init);
  const http = createPlatformHttp({
    platform: "hubspot",
    baseUrl: fake.url,
    auth: definition.auth(credentials, { fetch: toFake }),
    registry: new Registry(),
    log,
    sleep,
    random: () => 0.5,
  });
  const api = definition.createApi({ credentials, settings: SETTINGS, http, log, dataDir: "/nonexistent" });
  const stored: MemoryRecord[] = [];
  const ctx: ToolContext<HubspotApi> = {
    api,
    memory: { store: async (records) => void stored.push(...records) },
    log,
    clock: { now: () => NOW },
    signal: new AbortController().signal,
    settings: SETTINGS,
  };
  return {
    fake,
    api,
    ctx,
    waits,
    stored,
    async call(tool, input) {
      const output = await tool.handler(tool.input.parse(input), ctx);
      return tool.output.parse(output);
    },
    close: () => fake.close(),
  };
}

export function lastBody(fake: HubspotFake): unknown {
  const last = fake.requests.at(-1);
  return last === undefined || last.body === "" ? undefined : JSON.parse(last.body);
}
