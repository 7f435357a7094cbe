/**
 * The memory MCP server: agents search everything the fleet has remembered and store what they
 * learn (memory_store, source "agent"); the other servers'
 * inboxes drain into it through the authenticated POST /ingest route, read back or delete their
 * own memories through POST /records/list and /records/delete (records-routes.ts), and their
 * replicas share webhook state (Asana's handshake secrets) through /state (state-route.ts).
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { createMemoryStore } from "../../memory/create-store.js";
import type { MemoryApi } from "./api.js";
import { facts } from "./facts.js";
import { ingestRoute } from "./ingest-route.js";
import { recordsRoutes } from "./records-routes.js";
import { memoryRetention, startRetention } from "./retention.js";
import { stateRoutes } from "./state-route.js";
import { memoryGet } from "./tools/get.js";
import { memoryListSources } from "./tools/list-sources.js";
import { memoryRecentEvents } from "./tools/recent-events.js";
import { memorySearch } from "./tools/search.js";
import { memoryStore } from "./tools/store.js";
import { WebhookStateStore } from "./webhook-state.js";

export type { MemoryApi };

export const definition: PlatformDefinition<MemoryApi> = {
  facts,
  // no upstream platform API: the stores are configured through the backend settings
  baseUrl: "http://127.0.0.1",
  auth: () => ({ headers: async () => ({}) }),
  createApi(ctx) {
    const token = ctx.credentials.MEMORY_INGEST_TOKEN?.trim();
    const store = createMemoryStore({ credentials: ctx.credentials, dataDir: ctx.dataDir, log: ctx.log });
    const retention = startRetention(store, memoryRetention(ctx.settings.retention), ctx.log);
    return {
      store,
      ingestToken: token === undefined || token === "" ? undefined : token,
      webhookState: WebhookStateStore.inDataDir(ctx.dataDir),
      ...(retention ? { retention } : {}),
    };
  },
  tools: [memorySearch, memoryGet, memoryListSources, memoryRecentEvents, memoryStore],
  routes: (ctx) => [ingestRoute(ctx), ...recordsRoutes(ctx), ...stateRoutes(ctx)],
  async readiness(api) {
    const health = await api.store.health();
    const problems = [...health.problems];
    if (api.ingestToken === undefined) problems.push("MEMORY_INGEST_TOKEN is not set: ingest is disabled");
    return problems;
  },
  async dispose(api) {
    api.retention?.stop();
    api.webhookState.close();
    await api.store.close();
  },
};
