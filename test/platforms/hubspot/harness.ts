/**
 * HubSpot under test: the shared platform harness over the HubSpot fake, with HubSpot's token
 * endpoint (an absolute URL) sent to the fake too.
 */
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/hubspot/index.js";
import type { HubspotApi } from "../../../services/platforms/hubspot/api/index.js";
import { HubspotFake } from "../../fakes/hubspot.js";
import { type PlatformHarness, type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const TOKEN = "pat-na1-test";
export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9002, webhook_path: "/webhook/hubspot" };
export const NOW = new Date("2026-11-20T12:00:00.000Z");

export interface Harness extends PlatformHarness<HubspotApi>, StartedFake {
  readonly fake: HubspotFake;
}

export async function startHarness(credentials: Credentials = { HUBSPOT_ACCESS_TOKEN: TOKEN }): Promise<Harness> {
  const fake = await HubspotFake.start({ token: TOKEN });
  // the shared harness hands auth() the plain global fetch and no baseUrl, so the token endpoint is
  // HubSpot's own URL: sent to the fake here (the running server passes PLATFORM_API_BASE_URL instead)
  const toFake: typeof fetch = (input, init) => fetch(String(input).replace(definition.baseUrl, fake.url), init);
  const harness = platformHarness(definition, { baseUrl: fake.url, credentials, settings: SETTINGS, now: NOW, fetch: toFake });
  return { ...harness, fake, unexpectedRequests: () => fake.unexpected, close: () => fake.close() };
}

export function lastBody(fake: HubspotFake): unknown {
  const last = fake.requests.at(-1);
  return last === undefined || last.body === "" ? undefined : JSON.parse(last.body);
}
