/**
 * Portkey under test: the shared platform harness over the Portkey fake, seeded with three days of
 * gateway traffic before NOW (two models, one failure a day, one config, two virtual keys), two
 * configs, a prompt template, and secrets planted where careless code would leak them.
 */
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/portkey/index.js";
import type { PortkeyApi } from "../../../services/platforms/portkey/api/index.js";
import { PLANTED_SECRETS, PortkeyFake, type FakeGatewayRequest } from "../../fakes/portkey.js";
import { type PlatformHarness, type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const API_KEY = "pk-live-0123456789abcdef0123456789abcdef";
export const WORKSPACE = "prod";
export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9016, sync_objects: ["analytics"] };
export const NOW = new Date("2026-11-20T12:00:00.000Z");
export const CREDENTIALS: Credentials = { PORTKEY_API_KEY: API_KEY, PORTKEY_WORKSPACE_ID: WORKSPACE };

/** Per day (Nov 17, 18, 19): three gpt-4o requests (one failed) and one claude request; on Nov 20 (today) one more. */
export function gatewayRequests(): FakeGatewayRequest[] {
  const rows: FakeGatewayRequest[] = [];
  for (const day of ["2026-11-17", "2026-11-18", "2026-11-19"]) {
    for (let i = 0; i < 3; i += 1) {
      rows.push({
        id: `log-${day}-gpt-${i}`,
        at: `${day}T0${i + 1}:00:00.000Z`,
        model: "gpt-4o",
        provider: "openai",
        costCents: 120,
        promptTokens: 900,
        completionTokens: 100,
        status: i === 2 ? 429 : 200,
        latencyMs: 800 + i * 100,
        user: "ada",
        config: "pc-prod-router",
        virtualKey: "openai-prod-1a2b",
        metadata: { team: "search" },
        traceId: `trace-${day}-${i}`,
      });
    }
    rows.push({ id: `log-${day}-claude`, at: `${day}T10:00:00.000Z`, model: "claude-sonnet-4", provider: "anthropic", costCents: 300, promptTokens: 2000, completionTokens: 500, status: 200, latencyMs: 1500, user: "grace", metadata: { team: "support" }, traceId: `trace-${day}-claude` });
  }
  rows.push({ id: "log-today", at: "2026-11-20T09:00:00.000Z", model: "gpt-4o", provider: "openai", costCents: 120, promptTokens: 900, completionTokens: 100, status: 200, latencyMs: 700 });
  rows[0] = {
    ...rows[0]!,
    requestBody: { model: "gpt-4o", messages: [{ role: "user", content: "Summarize ".repeat(600) }], api_key: PLANTED_SECRETS[0] },
    responseBody: { id: "chatcmpl-1", choices: [{ message: { role: "assistant", content: "A summary." } }], usage: { total_tokens: 1000 } },
  };
  return rows;
}

export function seed(fake: PortkeyFake): void {
  fake.gatewayRequests = gatewayRequests();
  fake.configs = [
    {
      id: "9d7a1c2e-0000-4000-8000-000000000001",
      slug: "pc-prod-router",
      name: "Production router",
      status: "active",
      config: {
        strategy: { mode: "fallback" },
        retry: { attempts: 3, on_status_codes: [429, 503] },
        targets: [
          { virtual_key: "openai-prod-1a2b", override_params: { model: "gpt-4o" } },
          { provider: "anthropic", api_key: PLANTED_SECRETS[1], override_params: { model: "claude-sonnet-4" } },
        ],
        cache: { mode: "simple", max_age: 3600 },
      },
    },
    { id: "9d7a1c2e-0000-4000-8000-000000000002", slug: "pc-old", name: "Old router", status: "archived", config: { strategy: { mode: "single" } } },
  ];
  fake.virtualKeys = [
    { slug: "openai-prod-1a2b", name: "OpenAI production", status: "active", provider: "openai", key: PLANTED_SECRETS[0], note: "search team", credit_limit: 500 },
    { slug: "anthropic-dev-3c4d", name: "Anthropic dev", status: "exhausted", provider: "anthropic", key: PLANTED_SECRETS[0] },
  ];
  fake.prompts = [
    {
      id: "pp-support-reply-1",
      slug: "support-reply",
      name: "Support reply",
      model: "gpt-4o",
      messages: [
        { role: "system", content: "You are a support agent for {{product}}." },
        { role: "user", content: "Customer asks: {{question}}" },
      ],
    },
  ];
}

export interface Harness extends PlatformHarness<PortkeyApi>, StartedFake {
  readonly fake: PortkeyFake;
}

export async function startHarness(credentials: Credentials = CREDENTIALS): Promise<Harness> {
  const fake = await PortkeyFake.start({ apiKey: API_KEY, workspace: WORKSPACE });
  seed(fake);
  const harness = platformHarness(definition, { baseUrl: fake.url, credentials, settings: SETTINGS, now: NOW });
  return { ...harness, fake, unexpectedRequests: () => fake.unexpected, close: () => fake.close() };
}
