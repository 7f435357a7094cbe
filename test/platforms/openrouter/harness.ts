/** OpenRouter under test: the shared platform harness over the OpenRouter fake, with a small catalogue. */
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/openrouter/index.js";
import type { OpenrouterApi } from "../../../services/platforms/openrouter/api/index.js";
import { OpenrouterFake } from "../../fakes/openrouter.js";
import { type PlatformHarness, type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const API_KEY = "sk-or-v1-0123456789abcdef0123456789abcdef";
export const MANAGEMENT_KEY = "sk-or-v1-management-fedcba9876543210";
export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9017, webhook_path: "/webhook/openrouter" };
export const NOW = new Date("2026-11-20T12:00:00.000Z");

export interface Harness extends PlatformHarness<OpenrouterApi>, StartedFake {
  readonly fake: OpenrouterFake;
}

export function seedCatalogue(fake: OpenrouterFake): void {
  fake.addModel({ id: "openai/gpt-4o-mini", name: "OpenAI: GPT-4o-mini", prompt: "0.00000015", completion: "0.0000006", context_length: 128_000, input_modalities: ["text", "image", "file"], supported_parameters: ["max_tokens", "temperature", "tools"] });
  fake.addModel({ id: "anthropic/claude-sonnet-4.5", name: "Anthropic: Claude Sonnet 4.5", prompt: "0.000003", completion: "0.000015", context_length: 1_000_000, input_modalities: ["text", "image"], supported_parameters: ["max_tokens", "tools", "reasoning"] });
  fake.addModel({ id: "meta-llama/llama-3.1-8b-instruct", name: "Meta: Llama 3.1 8B Instruct", prompt: "0.00000002", completion: "0.00000003", context_length: 16_384 });
  fake.addModel({ id: "openrouter/auto", name: "Auto Router", prompt: "-1", completion: "-1", context_length: 2_000_000 });
}

export async function startHarness(credentials: Credentials = { OPENROUTER_API_KEY: API_KEY }, options: { managementKey?: string } = {}): Promise<Harness> {
  const fake = await OpenrouterFake.start({ apiKey: API_KEY, ...options });
  seedCatalogue(fake);
  const harness = platformHarness(definition, { baseUrl: fake.url, credentials, settings: SETTINGS, now: NOW });
  return { ...harness, fake, unexpectedRequests: () => fake.unexpected, close: () => fake.close() };
}
