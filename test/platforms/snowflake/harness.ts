/**
 * Snowflake under test: the shared platform harness with its API's snowflake-sdk pool pointed at
 * the loopback admin fake (SNOWFLAKE_ACCESS_URL), seeded with a small account.
 */
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/snowflake/index.js";
import type { SnowflakeApi } from "../../../services/platforms/snowflake/api/index.js";
import { ACCOUNT, type AdminData, type AdminFakeOptions, type SnowflakeAdminFake, TOKEN, USER, sampleAccount, startSnowflakeAdminFake } from "../../fakes/snowflake.js";
import { type PlatformHarness, type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9012, sync_objects: ["query_history", "warehouse_metering"] };
export const NOW = new Date("2026-11-20T12:00:00.000Z");

/** The fake's account; an override of `undefined` removes a variable (SNOWFLAKE_PASSWORD for key-pair sign-in). */
export function credentialsFor(fake: { url: string }, overrides: Partial<Record<string, string | undefined>> = {}): Credentials {
  const all: Record<string, string | undefined> = { SNOWFLAKE_ACCOUNT: ACCOUNT, SNOWFLAKE_USER: USER, SNOWFLAKE_PASSWORD: TOKEN, SNOWFLAKE_WAREHOUSE: "COMPUTE_WH", SNOWFLAKE_ACCESS_URL: fake.url, ...overrides };
  return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export interface Harness extends PlatformHarness<SnowflakeApi>, StartedFake {
  readonly fake: SnowflakeAdminFake;
  /** the admin statements the API sent, in order */
  sent(): string[];
}

export interface HarnessOptions {
  readonly data?: AdminData;
  readonly settings?: IntegrationSettings;
  readonly credentials?: Partial<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  readonly now?: Date;
  readonly fake?: AdminFakeOptions;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const now = options.now ?? NOW;
  const fake = await startSnowflakeAdminFake(options.data ?? sampleAccount(now), options.fake);
  const harness = platformHarness(definition, {
    baseUrl: fake.url,
    credentials: credentialsFor(fake, options.credentials),
    settings: options.settings ?? SETTINGS,
    now,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    ...harness,
    fake,
    sent: () => fake.statements(),
    unexpectedRequests: () => fake.unexpectedRequests(),
    async close() {
      await harness.api.close();
      await fake.close();
    },
  };
}
