/**
 * Snowflake administration: the catalog (databases, schemas, tables and views with columns), a
 * read-only query tool guarded by a statement parser, query history (slow and failed queries),
 * warehouses with their load and credits, tasks with their runs, Snowpipe pipes, and the write
 * tools that resume, suspend and resize warehouses and run tasks (hidden when read_only). Through
 * snowflake-sdk on a pooled session (api/session.ts): the driver speaks Snowflake's own protocol
 * and logs in with the user and a programmatic access token (or password) or an RSA key pair (a
 * JWT per login), so the runtime's HTTP client and auth headers are not used.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { createApi, type SnowflakeApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<SnowflakeApi> = {
  facts,
  // informational: the driver derives https://<account>.snowflakecomputing.com itself (or uses SNOWFLAKE_ACCESS_URL)
  baseUrl: "https://snowflakecomputing.com",
  // the driver authenticates its own requests (login-request, then a session token)
  auth: () => ({ headers: async () => ({}) }),
  createApi,
  tools,
  webhook,
  syncs,
  async dispose(api) {
    await api.close();
  },
};
