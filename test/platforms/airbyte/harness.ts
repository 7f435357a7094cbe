/**
 * Airbyte under test: the shared platform harness over the Airbyte fake, with the token endpoint
 * (an absolute URL on the API base) sent to the fake too.
 */
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials } from "../../../services/runtime/contract.js";
import { AIRBYTE_CLOUD_API, type AirbyteApi } from "../../../services/platforms/airbyte/api/index.js";
import { definition } from "../../../services/platforms/airbyte/index.js";
import { AirbyteFake } from "../../fakes/airbyte.js";
import { type PlatformHarness, type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const CLIENT_ID = "5d1c5a2e-0000-4000-8000-00000000c1d0";
export const CLIENT_SECRET = "airbyte-client-secret-for-tests";
export const CREDENTIALS: Credentials = { AIRBYTE_CLIENT_ID: CLIENT_ID, AIRBYTE_CLIENT_SECRET: CLIENT_SECRET };
export const SETTINGS: IntegrationSettings = {
  enabled: true,
  mcp_server_port: 9013,
  webhook_path: "/webhook/airbyte",
  event_subscriptions: ["sync_succeeded", "sync_failed"],
  sync_objects: ["jobs"],
};
export const NOW = new Date("2026-11-20T12:00:00.000Z");

export interface Harness extends PlatformHarness<AirbyteApi>, StartedFake {
  readonly fake: AirbyteFake;
}

export async function startHarness(credentials: Credentials = CREDENTIALS): Promise<Harness> {
  const fake = await AirbyteFake.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  fake.now = () => NOW.getTime();
  // the shared harness hands auth() the plain global fetch and no baseUrl, so the token endpoint is
  // Airbyte Cloud's URL: sent to the fake here (the running server passes PLATFORM_API_BASE_URL instead)
  const toFake: typeof fetch = (input, init) => fetch(String(input).replace(AIRBYTE_CLOUD_API, fake.url), init);
  const harness = platformHarness(definition, { baseUrl: fake.url, credentials, settings: SETTINGS, now: NOW, fetch: toFake });
  return { ...harness, fake, unexpectedRequests: () => fake.unexpected, close: () => fake.close() };
}

/** A workspace with a Postgres source, a BigQuery destination and one connection between them. */
export function seedWorkspace(fake: AirbyteFake) {
  const workspace = fake.addWorkspace("Data platform");
  const source = fake.addSource(workspace.workspaceId, "Postgres prod", "postgres", { host: "db.internal", port: 5432, password: "hunter2" });
  const destination = fake.addDestination(workspace.workspaceId, "Warehouse", "bigquery", { project_id: "acme-dw", credentials_json: "{...}" });
  const connection = fake.addConnection(source, destination, "Postgres → Warehouse");
  return { workspace, source, destination, connection };
}

export function lastBody(fake: AirbyteFake): unknown {
  const last = fake.requests.at(-1);
  return last === undefined || last.body === "" ? undefined : JSON.parse(last.body);
}
