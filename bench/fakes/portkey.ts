/**
 * Portkey's analytics sync (four analytics requests per closed day: requests, cost and errors
 * graphs and the top-models group) against test/fakes/portkey.ts, which checks the
 * x-portkey-api-key header, workspace_slug and the window parameters, and computes the figures
 * from a week of gateway requests.
 */
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { definition } from "../../services/platforms/portkey/index.js";
import { FIRST_RUN_DAYS } from "../../services/platforms/portkey/sync.js";
import { type FakeGatewayRequest, PortkeyFake } from "../../test/fakes/portkey.js";
import { type SyncBenchCase, forwardTo, realPlatformClient } from "./sync-case.js";

const API_KEY = "pk-bench-key";
const WORKSPACE = "bench";
const MODELS = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "gemini-2.5-pro"];
const REQUESTS_PER_DAY = 500;

function traffic(now: Date): FakeGatewayRequest[] {
  const today = Date.parse(now.toISOString().slice(0, 10));
  return Array.from({ length: (FIRST_RUN_DAYS + 1) * REQUESTS_PER_DAY }, (_, i) => ({
    id: `log-${i}`,
    at: new Date(today - FIRST_RUN_DAYS * 86_400_000 + Math.floor((i * 86_400_000) / REQUESTS_PER_DAY)).toISOString(),
    model: MODELS[i % MODELS.length]!,
    provider: "openai",
    costCents: 10 + (i % 7),
    promptTokens: 800,
    completionTokens: 200,
    status: i % 50 === 0 ? 500 : 200,
    latencyMs: 600 + (i % 400),
  }));
}

export function portkeyAnalyticsCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  return {
    name: "Portkey daily analytics (4 requests a day)",
    platform: "portkey",
    apiCallsPerMinute,
    note: `Portkey: the first run's ${FIRST_RUN_DAYS} closed days, each one memory from four analytics requests; the run's length is set by those days, not by SYNC_BENCH_SECONDS.`,
    async start() {
      const fake = await PortkeyFake.start({ apiKey: API_KEY, workspace: WORKSPACE });
      fake.gatewayRequests = traffic(new Date());
      return {
        handler: forwardTo(fake.url),
        ...realPlatformClient(definition, { PORTKEY_API_KEY: API_KEY, PORTKEY_WORKSPACE_ID: WORKSPACE }, settings),
        expectedRecords: FIRST_RUN_DAYS,
        expectedRequests: FIRST_RUN_DAYS * 4,
        problems: () => fake.unexpected,
        close: () => fake.close(),
      };
    },
  };
}
