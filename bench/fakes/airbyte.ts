/**
 * Airbyte's jobs sync (GET /v1/jobs?updatedAtStart=…&orderBy=updatedAt|ASC, 100 a page, keyset on
 * lastUpdatedAt) against test/fakes/airbyte.ts, which checks the Bearer token and every query
 * parameter against the public API's documented ones. The token is pre-issued
 * (AIRBYTE_ACCESS_TOKEN), so the bench counts API calls only, not the 15-minute token exchange.
 */
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { definition } from "../../services/platforms/airbyte/index.js";
import { SYNC_PAGE_SIZE } from "../../services/platforms/airbyte/sync.js";
import { AirbyteFake } from "../../test/fakes/airbyte.js";
import { type SyncBenchCase, forwardTo, realPlatformClient } from "./sync-case.js";

const TOKEN = "airbyte-bench-token";
const CONNECTIONS = 3;
/** each connection's names are read once: the connection, its source and its destination */
const LOOKUPS = CONNECTIONS * 3;

export function airbyteJobsCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  return {
    name: "Airbyte jobs (REST, 100 a page)",
    platform: "airbyte",
    apiCallsPerMinute,
    note:
      "Airbyte: jobs two seconds apart in lastUpdatedAt; each page after the first re-reads the previous page's newest job (the query starts one second " +
      `before the checkpoint), and the ${CONNECTIONS} connections' names (connection, source, destination) are read once each.`,
    async start(requests) {
      const fake = await AirbyteFake.start({ token: TOKEN });
      const workspace = fake.addWorkspace("Data platform");
      const connections = Array.from({ length: CONNECTIONS }, (_, i) => {
        const source = fake.addSource(workspace.workspaceId, `Postgres ${i}`, "postgres", { host: `db${i}.internal` });
        const destination = fake.addDestination(workspace.workspaceId, "Warehouse", "bigquery", { project_id: "acme-dw" });
        return fake.addConnection(source, destination, `Postgres ${i} → Warehouse`);
      });
      const pages = Math.max(2, requests - LOOKUPS);
      const count = SYNC_PAGE_SIZE + (SYNC_PAGE_SIZE - 1) * (pages - 1);
      // inside the sync's first-run lookback of 30 days
      const base = Date.now() - 20 * 24 * 60 * 60_000;
      for (let i = 0; i < count; i++) {
        const at = new Date(base + i * 2_000).toISOString().replace(/\.\d{3}Z$/, "Z");
        fake.addJob(connections[i % CONNECTIONS]!, { status: i % 7 === 0 ? "failed" : "succeeded", startTime: at, lastUpdatedAt: at, duration: "PT1M30S", rowsSynced: 1000 + i, bytesSynced: 50_000 + i });
      }
      const credentials = { AIRBYTE_CLIENT_ID: "bench-client", AIRBYTE_CLIENT_SECRET: "bench-secret", AIRBYTE_ACCESS_TOKEN: TOKEN };
      return {
        handler: forwardTo(fake.origin),
        basePath: "/v1",
        ...realPlatformClient(definition, credentials, settings),
        expectedRecords: count,
        expectedRequests: pages + LOOKUPS,
        problems: () => fake.unexpected,
        close: () => fake.close(),
      };
    },
  };
}
